"""The progress bar of long runs: on a terminal's stderr only, never piped, quiet or in JSON.

Runs the real command on the large generated case (20,000 elements, 5,000 amendments) under
a pseudo-terminal, as a user at a terminal would see it.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from editplan.store import yamlio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import make_plan, make_set  # noqa: E402

ENV = {
    **os.environ,
    "PYTHONPATH": str(ROOT),
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@localhost",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@localhost",
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=ENV)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("large")
    plan = make_plan(20_000)
    aset = make_set(plan, 5_000)
    (repo / "plans").mkdir()
    (repo / "amendments").mkdir()
    (repo / "plans/plan.yaml").write_text(
        yamlio.emit(plan.model_dump(mode="json", exclude_none=True)), encoding="utf-8"
    )
    data = aset.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["plan"] = "../plans/plan.yaml"
    (repo / "amendments/bench.yaml").write_text(yamlio.emit(data), encoding="utf-8")
    (repo / ".gitignore").write_text("out/\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Generated")
    return repo


def run(repo: Path, *args: str, terminal: bool) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``editplan apply``; stderr a terminal when asked."""
    command = [sys.executable, "-m", "editplan", "apply", "amendments/bench.yaml", *args]
    if not terminal:
        done = subprocess.run(command, cwd=repo, env=ENV, capture_output=True, text=True)
        return done.returncode, done.stdout, done.stderr
    master, slave = pty.openpty()
    # stdout into a file: a pipe nobody reads while the terminal is read would fill and block
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, cwd=repo, env=ENV, stdout=out, stderr=slave,
                                stdin=subprocess.DEVNULL)  # fmt: skip
        os.close(slave)
        err = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closes when the command ends (EIO on Linux)
                break
            if not chunk:
                break
            err += chunk
        code = proc.wait()
        os.close(master)
        out.seek(0)
        return code, out.read().decode(), err.decode()


def reset(repo: Path) -> None:
    """Back to the generated commit: the set can be applied again."""
    log = subprocess.run(["git", "rev-list", "--max-parents=0", "HEAD"], cwd=repo, env=ENV,
                         capture_output=True, text=True, check=True)  # fmt: skip
    git(repo, "reset", "-q", "--hard", log.stdout.strip())


def test_a_terminal_sees_a_progress_bar_on_the_large_case(large):
    code, out, err = run(large, terminal=True)
    reset(large)
    assert code == 0, err
    assert "editplan: [" in err
    # the bar is drawn from the first second on: which early steps it catches depends on the
    # machine's speed, but writing the tracked document (seconds long) is always shown
    assert "writing the tracked document..." in err
    assert err.endswith("\r\x1b[K")  # erased when done
    assert "editplan: [" not in out and "Committed" in out


def test_piped_quiet_and_json_runs_show_none(large):
    # without the documents, still several seconds: long enough for a bar to show
    code, out, err = run(large, "--no-docs", terminal=False)
    reset(large)
    assert code == 0 and err == ""
    code, _, err = run(large, "--no-docs", "--quiet", terminal=True)
    reset(large)
    assert code == 0 and err == ""
    code, out, err = run(large, "--no-docs", "--format", "json", terminal=True)
    reset(large)
    assert code == 0 and err == ""
    assert json.loads(out)["format"] == "editplan.apply/1"
