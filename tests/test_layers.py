"""The layers as rules: the import-linter contracts in pyproject.toml hold, and they bite.

The contracts say which way imports may run (cli -> api -> use cases -> readers, writers,
history -> store, ooxml -> core), that the CLI speaks only to the API, that the core does no
I/O, that ooxml knows nothing of plans, that the Word and HTML renderers share only the core,
and that word/'s wings (documents, drafts, reviews) import one way. The second test plants a
wrong import in a copy of the package and checks that the same contracts refuse it, so a
contract that cannot fail would show here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the package under ``root`` with its pyproject.toml."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_layer_contracts_hold() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


WRONG_IMPORTS = {
    "the core reaches up to the Word writer": (
        "editplan/core/model.py",
        "from editplan.word.documents import writer as _wrong  # noqa",
        "editplan.core.model -> editplan.word.documents.writer",
    ),
    "the web page reaches sideways into the Word writer": (
        "editplan/publish/html.py",
        "from editplan.word.documents import writer as _wrong  # noqa",
        "editplan.publish.html -> editplan.word.documents.writer",
    ),
    "reading drafts reaches into reviewed copies": (
        "editplan/word/drafts/lines.py",
        "from editplan.word.reviews import wording as _wrong  # noqa",
        "editplan.word.drafts.lines -> editplan.word.reviews.wording",
    ),
    "the core does I/O with git": (
        "editplan/core/phrase.py",
        "import git as _wrong  # noqa",
        "editplan.core.phrase -> git",
    ),
    "a use case speaks to GitPython round the history": (
        "editplan/usecases/round.py",
        "import git as _wrong  # noqa",
        "editplan.usecases.round -> git",
    ),
    "the API imports GitPython": (
        "editplan/api.py",
        "from git import Repo as _wrong  # noqa",
        "editplan.api -> git",
    ),
    "ooxml learns about plans": (
        "editplan/ooxml/styles.py",
        "from editplan.core import model as _wrong  # noqa",
        "editplan.ooxml.styles -> editplan.core.model",
    ),
    "the CLI goes round the API": (
        "editplan/cli/base.py",
        "from editplan.store import files as _wrong  # noqa",
        "editplan.cli.base -> editplan.store.files",
    ),
}


@pytest.mark.parametrize("case", list(WRONG_IMPORTS))
def test_a_wrong_import_breaks_a_contract(case: str, tmp_path: Path) -> None:
    module, line, arrow = WRONG_IMPORTS[case]
    shutil.copytree(ROOT / "editplan", tmp_path / "editplan")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    path = tmp_path / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode != 0, result.stdout
    assert arrow in result.stdout, result.stdout
