"""The README's two set-up commands stay true, and CI runs exactly the second one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from editplan import api

ROOT = Path(__file__).resolve().parent.parent


def commands() -> list[str]:
    """The README's first two shell blocks."""
    text = (ROOT / "README.md").read_text()
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S)][:2]


def test_readme_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text()
    first, second = commands()
    assert text.index(first) < text.index(second) < text.index("## ")
    assert first.startswith("pip install . && ")
    assert "editplan init --example" in first and "editplan apply amendments/lg14.yaml" in first
    assert "pytest" in second


def venv_command() -> str:
    """The README's command that makes the fresh virtual environment both commands run in."""
    text = (ROOT / "README.md").read_text()
    (command,) = re.findall(r"`(python3 -m venv [^`]+)`", text[: text.index("```sh")])
    return command


def test_ci_runs_exactly_the_readme_test_command_in_a_fresh_virtual_environment() -> None:
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci[-1] == commands()[1]
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
    # made as the README makes it, after removing any earlier one, and left for nothing else
    venv = venv_command()
    folder = re.match(r"python3 -m venv (\S+) ", venv)
    assert folder is not None and "activate" in venv
    made = ci.index(venv)
    assert f"rm -rf {folder.group(1)}" in ci[:made]
    assert [line for line in ci[made + 1 :] if line and not line.startswith("#")] == [ci[-1]]


@pytest.mark.skipif(shutil.which("editplan") is None, reason="editplan is not installed")
def test_first_command_runs_the_main_job(tmp_path: Path) -> None:
    first = commands()[0].removeprefix("pip install . && ")
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        ["bash", "-c", first], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "Applied lg14" in done.stdout
    assert "Committed" in done.stdout
    workspace = next(tmp_path.glob("*/lg14"))
    assert (workspace / "out" / "lg14" / "cb-action-plan.tracked.docx").is_file()
    assert (workspace / "out" / "lg14" / "cb-action-plan.clean.docx").is_file()
    # the editplan checkout itself is never touched
    assert "CBD/CP/LG/2020/1/3 + LG-14" not in (ROOT / "plans" / "cb-action-plan.yaml").read_text()


@pytest.mark.parametrize("kind", ["plan", "amendments"])
def test_committed_schemas_match_the_models(kind: str) -> None:
    assert (ROOT / "schemas" / f"{kind}.schema.json").read_text() == api.schema_text(kind)
