"""A short version of benchmarks/bench_serve.py's load: 20 clients reading and deciding at
once for a few seconds against the real server on loopback. No error, no acknowledged
decision lost, every commit whole (one decision, one patch file), git's store sound."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from web_support import make_workspace, serving

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import desk_load  # noqa: E402

CLIENTS = 20
SECONDS = 4.0


def test_twenty_clients_reading_and_deciding_lose_nothing(tmp_path):
    root = make_workspace(tmp_path / "ws")
    desk_load.prepare(root, CLIENTS)
    before = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root,
                                capture_output=True, text=True, check=True).stdout)  # fmt: skip
    with serving(root) as served:
        outcome = desk_load.run(served.url, CLIENTS, SECONDS)
    assert outcome.errors == []
    counts = desk_load.check(root, outcome, before)
    assert counts["decisions"] > 0
    percentiles = outcome.percentiles()
    assert {"GET /plan", "GET /round", "POST /round/decide"} <= set(percentiles)
    print(counts, {k: round(v["p90"], 3) for k, v in percentiles.items()})
