"""git's refusals and absence as editplan's errors, and GitPython loaded at the first need:
what every call :class:`~editplan.history.repo.Repository` makes of git goes through."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING

from editplan.errors import HistoryError

if TYPE_CHECKING:
    import git


class GitError(HistoryError):
    """git refused a command. ``said`` is what git said (its stderr, else its stdout)."""

    def __init__(self, what: str, said: str = "") -> None:
        self.said = said
        super().__init__(f"{what}: {said}" if said else what)


class GitMissing(HistoryError):
    """git cannot be run: it is not installed, or not on PATH."""


@contextmanager
def refusals(what: str) -> Iterator[None]:
    """git's refusals as GitError (saying ``what`` failed, then what git said), and a git that
    cannot be run as GitMissing."""
    gp = gitpython()
    try:
        yield
    except gp.GitCommandError as exc:
        raise GitError(what, said(exc)) from None
    except gp.GitCommandNotFound:
        raise missing() from None


_GITPYTHON: ModuleType | None = None


def gitpython() -> ModuleType:
    """GitPython, imported at the first need; GitMissing when git cannot be run (GitPython
    runs ``git version`` as it is imported, and refuses to load without it)."""
    global _GITPYTHON
    if _GITPYTHON is None:
        try:
            import git
        except ModuleNotFoundError:
            raise
        except ImportError:  # GitPython found no git to run
            raise missing() from None
        _GITPYTHON = git
    return _GITPYTHON


def missing() -> GitMissing:
    command = os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"
    return GitMissing(
        f"git is not installed or not on PATH: {command!r} cannot be run, and editplan needs "
        "git to read and record the plan's history; install git, or add the folder that holds "
        "it to PATH"
    )


def said(exc: git.CommandError) -> str:
    """What git said when it refused: its stderr, else its stdout (a commit with nothing to
    commit says so there), without GitPython's labels."""
    for text, label in ((exc.stderr, "stderr"), (exc.stdout, "stdout")):
        said = str(text or "").strip().removeprefix(f"{label}:").strip()
        if len(said) > 1 and said[0] == said[-1] == "'":
            said = said[1:-1].strip()
        if said:
            return said
    return f"exit status {exc.status}"
