"""The benchmark of issue 26's limits: a smoke run on tiny inputs prints a line for every limit
(their values are not checked: speed is measured in benchmarks/, never in tests), and the check
that refuses a loaded machine refuses when two series of ``python -c pass`` disagree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_waits import LIMITS  # noqa: E402
from timing import refuse_if_loaded  # noqa: E402


def test_a_quick_run_prints_a_line_for_every_limit():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_waits.py"), "--quick"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for label, limit in LIMITS.values():
        [line] = [x for x in lines if x.strip().startswith(label)]
        assert f"(limit {limit:g}" in line and line.rstrip().endswith(("met", "NOT MET")), line
    met = sum(x.endswith("  met") for x in lines[:-1])
    assert lines[-1] == f"{met} of {len(LIMITS)} limits met"
    assert "Traceback" not in done.stderr


def test_two_series_far_apart_are_refused_saying_why():
    with pytest.raises(SystemExit) as refused:
        refuse_if_loaded(0.020, 0.031, 0.25)
    message = str(refused.value.code)
    assert message.startswith("REFUSED: the machine is too loaded to measure")
    assert "20.0 and 31.0 ms" in message


def test_two_series_close_together_are_measured():
    assert refuse_if_loaded(0.020, 0.024, 0.25) is None
