"""Tests of the ``editplan`` program's entry point (:func:`editplan.cli.run`), which leaves the
interpreter without tearing it down: everything printed must still arrive, and the exit code
must be the command's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from editplan.cli import main

ROOT = Path(__file__).resolve().parent.parent


def program(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "editplan", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_long_output_through_a_pipe_arrives_whole(tmp_path: Path, monkeypatch) -> None:
    assert CliRunner().invoke(main, ["init", "--example", str(tmp_path / "ws")]).exit_code == 0
    done = program("show", "--format", "json", cwd=tmp_path / "ws")
    assert done.returncode == 0, done.stderr
    monkeypatch.chdir(tmp_path / "ws")
    expected = CliRunner().invoke(main, ["show", "--format", "json"])
    assert expected.exit_code == 0
    assert done.stdout == expected.output
    assert len(done.stdout) > 10_000  # more than one pipe buffer's worth would be lost


def test_the_exit_code_and_the_error_are_the_commands(tmp_path: Path) -> None:
    done = program("apply", "missing.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "editplan: error: missing.yaml: no such file\n"


def test_help_exits_zero(tmp_path: Path) -> None:
    done = program("--help", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith("Usage:")
