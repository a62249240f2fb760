"""The plan's history in git: work trees, commits with trailers.

GitPython is imported lazily (``editplan --help`` stays fast); every ``Repo`` is opened in a
``with`` block, and every write goes through ``repo.git`` (the real git, which honours hooks
and attributes).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import HistoryError

if TYPE_CHECKING:
    from git import Repo

# Used only when git knows no identity (a fresh machine): commits must still be possible.
FALLBACK_NAME = "editplan"
FALLBACK_EMAIL = "editplan@localhost"


@contextmanager
def open_repo(path: Path) -> Iterator[Repo]:
    """The repository whose work tree holds ``path``; HistoryError if there is none."""
    import git

    start = path if path.is_dir() else path.parent
    try:
        repo = git.Repo(start, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise HistoryError(f"{start} is not inside a git repository") from None
    with repo:
        if repo.bare:
            raise HistoryError(f"{start} is in a bare repository, which has no work tree")
        yield repo


def work_tree(path: Path) -> Path | None:
    """The top folder of the git work tree that holds ``path``, or None."""
    try:
        with open_repo(path) as repo:
            return Path(repo.working_tree_dir or "")
    except HistoryError:
        return None


def init(folder: Path) -> None:
    """Make ``folder`` a new git repository on branch main."""
    import git

    with git.Repo.init(folder, initial_branch="main"):
        pass


def identity_env(repo: Repo) -> dict[str, str]:
    """Author and committer variables for git when it knows no identity (a fresh machine)."""
    env: dict[str, str] = {}
    for key, fallback, names in (
        ("user.name", FALLBACK_NAME, ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME")),
        ("user.email", FALLBACK_EMAIL, ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL")),
    ):
        if not repo.config_reader().get_value("user", key.split(".")[1], ""):
            env.update(dict.fromkeys(names, fallback))
    return env


def commit(repo: Repo, paths: Sequence[Path], message: str) -> str:
    """Stage ``paths`` and commit them with ``message``; the new commit's sha."""
    import git

    root = Path(repo.working_tree_dir or "").resolve()
    rel = [str(p.resolve().relative_to(root)) for p in paths]
    try:
        repo.git.add("--", *rel)
        with repo.git.custom_environment(**identity_env(repo)):
            repo.git.commit("--quiet", "-m", message, "--", *rel)
    except git.GitCommandError as exc:
        detail = (exc.stderr or exc.stdout or "").strip()
        detail = detail.removeprefix("stderr:").strip().strip("'").strip()
        raise HistoryError(f"git refused the commit: {detail or exc}") from None
    return repo.head.commit.hexsha
