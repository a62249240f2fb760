"""Interruption: ``editplan apply`` killed (SIGKILL on its process group) at every step and at
random moments; what it leaves is always the old or the new version, and the next command
either works or names ``editplan apply --continue`` and ``--abort``, both of which work.

The kinds of state seen are printed (``pytest -s``); benchmarks/kill_apply.py runs the same
checks many more times.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from interrupt_support import (
    CHECKPOINTS,
    GIT_ENV,
    Reference,
    copy,
    examine,
    kill_after,
    kill_at,
    recover_both,
    reference,
)

RANDOM_RUNS = 30
SEED = 11


@pytest.fixture(scope="module")
def ref(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reference]:
    with pytest.MonkeyPatch.context() as mp:
        for key, value in GIT_ENV.items():
            mp.setenv(key, value)
        yield reference(tmp_path_factory.mktemp("interrupt"))


@pytest.fixture
def scratch(tmp_path: Path, ref: Reference, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    return tmp_path


EXPECTED = {
    "journal": "journal: nothing written",
    "file:1": "journal: documents written, not the plan",
    "file:2": "journal: documents written, not the plan",
    "file:3": "journal: documents written, not the plan",
    "file:4": "journal: plan written, no commit",
    "commit:staged": "journal: plan written, no commit",
    "commit:made": "journal: committed",
    "commit:kept": "journal: committed",
    "commit": "journal: committed",
    "tag": "journal: tagged",
}


@pytest.mark.parametrize("step", CHECKPOINTS)
def test_killed_at_each_step(step: str, ref: Reference, scratch: Path) -> None:
    ws = copy(ref.template, scratch / "ws")
    kill_at(ws, step)
    assert examine(ws, ref) == EXPECTED[step]
    recover_both(ws, ref, scratch)


def test_killed_at_random_moments(ref: Reference, scratch: Path) -> None:
    """Thirty kills, seeded: a third anywhere in the run, a third in the moments after the
    journal appears (the documents being written), a third right after the plan file is
    written (the window before the commit, where a kill used to leave the plan uncommitted)."""
    total = kill_at(copy(ref.template, scratch / "calibrate"), "tag")
    rng = random.Random(SEED)
    kinds: Counter[str] = Counter()
    for n in range(RANDOM_RUNS):
        after = ("start", "journal", "plan")[n % 3]
        delay = {
            "start": rng.uniform(0.0, total * 1.2),
            "journal": rng.uniform(0.0, 0.3),
            "plan": rng.uniform(0.0, 0.15),
        }[after]
        ws = copy(ref.template, scratch / "ws")
        finished = kill_after(ws, delay, after=after)
        kind = examine(ws, ref)
        assert not finished or kind == "completed", kind
        recover_both(ws, ref, scratch)
        kinds[kind] += 1
    print(f"\n{RANDOM_RUNS} kills (a whole run took {total:.2f} s):")
    for kind, count in sorted(kinds.items()):
        print(f"  {count:3d}  {kind}")
    assert sum(kinds.values()) == RANDOM_RUNS
