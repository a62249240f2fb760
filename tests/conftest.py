"""Shared fixtures: the bundled LG-14 plan and set, a real workspace, and small file helpers.

Kept generic so that every test module (core, CLI, docx, git) can use them:

- ``repo_root``: the checkout, holding ``plans/`` and ``amendments/``;
- ``lg14_plan`` / ``lg14_set``: the example plan and patch file as models (fresh each test);
- ``workspace``: ``editplan.api.init(tmp_path / "ws", example=True)``, with the current folder
  changed to it for the test;
- ``write``: ``write(folder, name, text)`` writes a file (str as UTF-8, or bytes) and returns its
  path;
- ``snapshot``: ``snapshot(folder)`` maps every file under ``folder`` (outside ``.git``) to its
  bytes, to check that a refused command wrote nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from editplan import api
from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet

ROOT = Path(__file__).resolve().parent.parent
PLAN_REL = "plans/cb-action-plan.yaml"
SET_REL = "amendments/lg14.yaml"


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def lg14_plan(repo_root: Path) -> Plan:
    return api.load_plan(repo_root / PLAN_REL)


@pytest.fixture
def lg14_set(repo_root: Path) -> AmendmentSet:
    return api.load_set(repo_root / SET_REL)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace made by ``editplan init --example``; the test runs inside it."""
    root = tmp_path / "ws"
    api.init(root, example=True)
    monkeypatch.chdir(root)
    return root


def here() -> api.Workspace:
    """The workspace of the test's current folder, as the command line opens it."""
    return api.Workspace.open(Path.cwd())


def write_file(folder: Path, name: str, text: str | bytes) -> Path:
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


@pytest.fixture
def write() -> Callable[[Path, str, str | bytes], Path]:
    return write_file


def snapshot_files(folder: Path) -> dict[str, bytes]:
    folder = Path(folder)
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(folder).parts
    }


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, bytes]]:
    return snapshot_files


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-golden",
        action="store_true",
        help="Rewrite the expected files under tests/data/golden/ from the current output.",
    )
