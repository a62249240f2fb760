"""Fuzzing the command line: mutated plan files, patch files and targets never crash editplan.

Hypothesis starts from valid files and mutates them (characters deleted, duplicated or
swapped, odd scalars, deep nesting, stray bytes, non-UTF-8 text) and runs the commands a user
would on them. Every run must end with exit 0, 2 or 3 and a one-line message, never a
traceback or a hang, and a refused run must change no file.
"""

from __future__ import annotations

import signal
import string
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import snapshot_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editplan.cli import main

PLAN = """\
id: p
title: A plan
version: v1
areas:
  - id: A
    title: Area A
    goals:
      - id: A.1
        title: Goal one
        key_areas:
          - id: k1
            text: First key area for national authorities
          - id: k2
            text: Second key area
        activities:
          - id: t1
            text: Train the authorities
      - id: blk
        goals:
          - id: A.2
            title: Goal two
          - id: A.3
            title: Goal three
        key_areas:
          - id: b1
            text: Detection of LMOs
"""

SET = """\
id: s
title: A set
source:
  document: DOC/1
  paragraph: 3
author: A body
date: 2020-01-01
plan: ../plans/p.yaml
base: v1
amendments:
  - id: a
    target: Goal A.1, key area (1)
    op: replace
    phrase: national
    by: competent
  - id: b
    target: Goals A.2 and 3
    op: add
    kind: key_area
    position: end
    text: A new key area
  - id: c
    target: Goal A.1, key area (2)
    op: split
    into:
      - Part one
      - Part two
  - id: d
    target: Goal A.1, activity (i)
    op: instruction
    quote: activity (i) should address training
"""

TARGETS = [
    "Goal A.1, key area (2)",
    "Goals A.2 and 3, key area (1)",
    "A.1/ka/1",
    "A.1/act/i",
    "#k2",
    "Goal A.1",
]

ODD = [
    "no", "yes", "~", "null", "2020-13-45", "1e400", ".inf", "[]", "{}", "'", '"', "&a",
    "*a", "!!python/object:os.system", "- - -", "? x", "%TAG", "\t", "\x00", "\ufeff",
    "\u2028", "é", "0x1F", "00:00:00", "<<: *x", "|", ">-", "#",
]  # fmt: skip
CHARS = st.sampled_from([*string.printable, "é", "\u00a0", "\ufeff", "\x00", "\x07"])


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    """A valid file with a few random edits, as the bytes a user might save."""
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "odd", "nest"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        if kind == "delete":
            text = text[:at] + text[at + 1 :]
        elif kind == "duplicate":
            end = draw(st.integers(at, min(len(text), at + 40)))
            text = text[:end] + text[at:end] + text[end:]
        elif kind == "swap" and at + 1 < len(text):
            text = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        elif kind == "insert":
            text = text[:at] + draw(CHARS) + text[at:]
        elif kind == "odd":
            # replace the value after a colon with an odd scalar
            colon = text.find(": ", at)
            if colon != -1:
                end = text.find("\n", colon)
                end = len(text) if end == -1 else end
                text = text[: colon + 2] + draw(st.sampled_from(ODD)) + text[end:]
        elif kind == "nest":
            depth = draw(st.integers(1, 200))
            text = text[:at] + "[" * depth + "x" + "]" * depth + text[at:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "latin-1", "utf-16"]))
    return text.encode(encoding, errors="replace")


class Hang(Exception):
    pass


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Turn a command that runs too long into a failure instead of a stuck test run."""

    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    """Run one command and check how it ends: 0, 2 or 3, a clean message, nothing changed
    when refused."""
    monkeypatch.chdir(folder)
    before = snapshot_files(folder)
    with deadline(20):
        result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"editplan {' '.join(args)} crashed") from result.exception
    assert result.exit_code in (0, 2, 3), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        errors = [line for line in result.stderr.splitlines() if line.startswith("editplan: error")]
        # validate lists every problem of a file; every other command stops at the first
        assert len(errors) == 1 or (args[0] == "validate" and errors), result.stderr
        assert snapshot_files(folder) == before, f"refused {args} changed a file"


def lay_out(folder: Path, plan: bytes, aset: bytes) -> None:
    for rel, data in (("plans/p.yaml", plan), ("amendments/s.yaml", aset)):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (folder / "out").mkdir(exist_ok=True)


FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def test_the_unmutated_files_apply(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: without mutations, the files are good and every command succeeds."""
    lay_out(tmp_path, PLAN.encode(), SET.encode())
    monkeypatch.chdir(tmp_path)
    for args in (
        ["validate", "plans/p.yaml", "amendments/s.yaml"],
        ["apply", "amendments/s.yaml", "--out", "out"],
        *(["show", target, "--plan", "plans/p.yaml"] for target in TARGETS),
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (args, result.output)


@FUZZ
@given(plan=mutated(PLAN))
def test_mutated_plan_files(
    plan: bytes, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path_factory.mktemp("plan")
    lay_out(folder, plan, SET.encode())
    run(folder, monkeypatch, "validate", "plans/p.yaml")
    run(folder, monkeypatch, "show", "--plan", "plans/p.yaml")
    run(folder, monkeypatch, "apply", "amendments/s.yaml", "--out", "out")


@FUZZ
@given(aset=mutated(SET))
def test_mutated_patch_files(
    aset: bytes, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path_factory.mktemp("set")
    lay_out(folder, PLAN.encode(), aset)
    run(folder, monkeypatch, "validate", "amendments/s.yaml")
    run(folder, monkeypatch, "apply", "amendments/s.yaml", "--out", "out")


@FUZZ
@given(target=st.sampled_from(TARGETS).flatmap(lambda t: mutated(t)))
def test_mutated_targets(
    target: bytes, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path_factory.mktemp("target")
    lay_out(folder, PLAN.encode(), SET.encode())
    text = target.decode("utf-8", errors="replace").replace("\x00", "")
    run(folder, monkeypatch, "show", text, "--plan", "plans/p.yaml")
