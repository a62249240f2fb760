"""Interruption of the commands that record: ``editplan decide`` and ``editplan collect -o``
killed (SIGKILL on the process group) at every step and at random moments. What they leave
is always each file whole (old or new) and a readable repository; ``status`` says what was
left when something is; the same command run again ends exactly as an uncut run, with no
temporary file, record, quarantine or lock left.

The kinds of state seen are printed (``pytest -s``); benchmarks/kill_record.py runs the same
checks many more times.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from record_support import (
    AIM,
    CHECKPOINTS,
    GIT_ENV,
    Case,
    case,
    examine,
    fresh,
    kill_after,
    kill_at,
)

RANDOM_RUNS = 8
SEED = 23

EXPECTED = {
    ("decide", "journal"): "record left, nothing written",
    ("decide", "file:1"): "written, record left",
    ("decide", "commit:staged"): "written, record left",
    ("decide", "commit:made"): "committed, index behind",
    ("decide", "commit:kept"): "committed, index behind",
    ("decide", "commit"): "committed",
    ("collect", "journal"): "record left, nothing written",
    ("collect", "file:1"): "finished, record left",
}


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Case]]:
    with pytest.MonkeyPatch.context() as mp:
        for key, value in GIT_ENV.items():
            mp.setenv(key, value)
        scratch = tmp_path_factory.mktemp("record")
        yield {name: case(name, scratch) for name in CHECKPOINTS}


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    return tmp_path


@pytest.mark.parametrize("name, step", [(n, s) for n, steps in CHECKPOINTS.items() for s in steps])
def test_killed_at_each_step(name: str, step: str, cases: dict[str, Case], scratch: Path) -> None:
    ref = cases[name]
    ws = fresh(ref, scratch)
    kill_at(ws, ref.args, step)
    assert examine(ws, ref) == EXPECTED[name, step]


@pytest.mark.parametrize("name", list(CHECKPOINTS))
def test_killed_at_random_moments(name: str, cases: dict[str, Case], scratch: Path) -> None:
    """Seeded kills: half anywhere in the run, half in the moments after the command's record
    appears (its writes and its commit)."""
    ref = cases[name]
    total = kill_at(fresh(ref, scratch, "calibrate"), ref.args, CHECKPOINTS[name][-1])
    rng = random.Random(SEED)
    kinds: Counter[str] = Counter()
    for n in range(RANDOM_RUNS):
        ws = fresh(ref, scratch)
        aimed = n % 2 == 1
        delay = rng.uniform(0.0, AIM[name]) if aimed else rng.uniform(0.0, total * 1.2)
        kill_after(ws, ref.args, delay, after_record=aimed)
        kinds[examine(ws, ref)] += 1
    print(f"\n{name}: {dict(kinds)}")
    assert sum(kinds.values()) == RANDOM_RUNS
