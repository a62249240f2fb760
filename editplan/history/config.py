"""git set-up for teams: the plan merge driver in a repository's config, the attribute that
selects it, and which two commits a running merge is between.

git does not copy a repository's config with a clone, so each clone registers the driver
itself (``editplan setup``); ``.gitattributes`` is committed and travels with the clone.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editplan.history.repo import Repository

DRIVER = "editplan"
PATTERN = "plans/*.yaml"
ATTRIBUTES_LINE = f"{PATTERN} merge={DRIVER}"
DRIVER_NAME = "editplan: merge plan files element by element"


def driver_command() -> str:
    """The command git runs to merge a plan file (``%O %A %B %P``: base, ours, theirs, path).

    The interpreter is named in full, so that git finds this editplan even when the command
    is not on its PATH (a GUI client, a hook); ``editplan setup`` writes it again after a move.
    """
    return f"{shlex.quote(sys.executable)} -m editplan merge-file %O %A %B %P"


def registered(repo: Repository) -> str | None:
    """The driver command this repository's config holds, if any."""
    return repo.config(f"merge.{DRIVER}.driver") or None


def register(repo: Repository) -> bool:
    """Register the driver in the repository's own config; False if it already was."""
    command = driver_command()
    if registered(repo) == command:
        return False
    repo.set_config(f"merge.{DRIVER}.name", DRIVER_NAME)
    repo.set_config(f"merge.{DRIVER}.driver", command)
    return True


def merges_with_driver(repo: Repository, rel: str) -> bool:
    """Whether the attributes give ``rel`` (a path in the work tree) the editplan driver."""
    return repo.attribute("merge", rel) == DRIVER


def driver_missing(repo: Repository, rel: str) -> str | None:
    """A warning when the attributes name the driver for ``rel`` but this clone lacks it."""
    if registered(repo) or not merges_with_driver(repo, rel):  # the config is read once
        return None
    return (
        f"this clone does not have the '{DRIVER}' merge driver that .gitattributes names for "
        f"{rel}, so git would merge plan files line by line; register it once per clone "
        "with 'editplan setup'"
    )


def merge_sides(repo: Repository) -> tuple[str | None, str | None]:
    """The two commits being merged, as "1a2b3c4 (name)", for the driver's conflict notes.

    In a merge, ours is HEAD and git names theirs in a ``GITHEAD_<sha>`` variable; in a
    rebase, ours is the commit being built on and theirs the commit being replayed.
    """
    ours = _describe(repo, "HEAD", repo.branch_name())
    for key, value in sorted(os.environ.items()):
        if key.startswith("GITHEAD_") and len(key) > 8:
            return ours, _describe(repo, key[8:], value)
    git_dir = Path(repo.git_dir)
    done = git_dir / "rebase-merge" / "done"
    if done.is_file():
        lines = [line.split() for line in done.read_text().splitlines() if line.strip()]
        if lines and len(lines[-1]) >= 2:
            head = (git_dir / "rebase-merge" / "head-name").read_text().strip()
            return ours, _describe(repo, lines[-1][1], head.removeprefix("refs/heads/"))
    for name in ("CHERRY_PICK_HEAD", "REVERT_HEAD", "MERGE_HEAD"):
        if (git_dir / name).is_file():
            return ours, _describe(repo, (git_dir / name).read_text().split()[0], None)
    return ours, None


def _describe(repo: Repository, rev: str, name: str | None) -> str | None:
    """The commit as "1a2b3c4 (name)", or with the commit's subject when there is no name."""
    commit = repo.commit_of(rev)  # None: an unborn branch or an unknown revision
    if commit is None:
        return None
    return f"{commit.short} ({name or commit.subject})"
