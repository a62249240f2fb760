"""What git will check before a commit, checked before editplan writes anything.

An application writes its files and then commits them; if git refuses the commit only then,
everything has to be put back. Most of git's refusals can be foreseen from the repository's
state: a lock left on the index, a merge or rebase in progress, a detached HEAD, unmerged
paths, uncommitted changes to the plan. These are refused here, first, with what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from editplan.errors import HistoryError, InputError

if TYPE_CHECKING:
    from editplan.history.repo import Repository

# Files and folders in the git dir that mean an operation waits to be finished, and its name.
IN_PROGRESS = (
    ("MERGE_HEAD", "a merge", "git merge --continue", "git merge --abort"),
    ("CHERRY_PICK_HEAD", "a cherry-pick", "git cherry-pick --continue", "git cherry-pick --abort"),
    ("REVERT_HEAD", "a revert", "git revert --continue", "git revert --abort"),
    ("rebase-merge", "a rebase", "git rebase --continue", "git rebase --abort"),
    ("rebase-apply", "a rebase or git am", "git rebase --continue", "git rebase --abort"),
)


def git_path(repo: Repository, name: str) -> Path:
    """Where git keeps ``name`` (index, MERGE_HEAD...) for this work tree: the work tree's own
    git dir for a linked work tree, and GIT_INDEX_FILE for the index when set."""
    return git_paths(repo, [name])[0]


def git_paths(repo: Repository, names: list[str]) -> list[Path]:
    """:func:`git_path` of several names (git is asked once for all it is asked)."""
    return repo.git_paths(names)


def stale_locks(repo: Repository, tag: str | None = None) -> list[Path]:
    """git's lock files that would make the commit (or the tag) fail: on the index, on HEAD,
    on the branch, on packed-refs and on the tag."""
    names = ["index.lock", "HEAD.lock", "packed-refs.lock"]
    branch = repo.branch_ref()
    if branch is not None:
        names.append(f"{branch}.lock")
    if tag is not None:
        names.append(f"refs/tags/{tag}.lock")
    return [path for path in git_paths(repo, names) if path.exists()]


def check_locks(repo: Repository, tag: str | None = None) -> None:
    """Refuse when git's lock files exist (``index.lock`` and the like): git would refuse to
    commit, after editplan wrote."""
    locks = stale_locks(repo, tag)
    if locks:
        raise HistoryError(stale_lock_message(locks))


def stale_lock_message(locks: list[Path]) -> str:
    """Why a lock left by git blocks editplan, and how to remove it safely."""
    names = " ".join(str(lock) for lock in locks)
    return (
        f"git's lock file {names} exists: another git process is running in this "
        "repository, or one was killed and left its lock behind. Nothing was changed. Check "
        "that no git process is running (ps -e | grep git; close editors and tools that run "
        f"git), then remove the lock (rm {names}) and run the command again"
    )


def operation_in_progress(repo: Repository) -> tuple[str, str, str, Path] | None:
    """The git operation waiting to be finished (a merge, a rebase...): its name, how to
    finish it and how to give it up, and the file or folder that says so; None if none."""
    paths = git_paths(repo, [name for name, *_ in IN_PROGRESS])
    for (_, what, go_on, give_up), path in zip(IN_PROGRESS, paths, strict=True):
        if path.exists():
            return what, go_on, give_up, path
    return None


# The file git takes the message of the commit that ends an operation from, by operation.
_MESSAGES = {
    "MERGE_HEAD": "MERGE_MSG",
    "CHERRY_PICK_HEAD": "MERGE_MSG",
    "REVERT_HEAD": "MERGE_MSG",
    "rebase-merge": "rebase-merge/message",
    "rebase-apply": "rebase-apply/final-commit",
}


def pending_message(repo: Repository) -> tuple[str, str, Path] | None:
    """For the git operation waiting to be finished: its name, how to finish it, and the file
    holding the message of the commit that will end it (lines added there go into that
    commit); None when no operation waits."""
    for name, what, go_on, _ in IN_PROGRESS:
        if git_paths(repo, [name])[0].exists():
            return what, go_on, git_paths(repo, [_MESSAGES[name]])[0]
    return None


def check_no_operation(repo: Repository, command: str = "apply") -> None:
    """Refuse during a merge, rebase, cherry-pick or revert, and with unmerged paths;
    ``command`` is what to run again once it ends ("apply", "decide"...)."""
    found = operation_in_progress(repo)
    if found is not None:
        what, go_on, give_up, _ = found
        raise HistoryError(
            f"{what} is in progress in this repository, and git commits nothing else until "
            f"it ends. Nothing was changed. Finish it ({go_on}) or give it up ({give_up}), "
            f"then {command} again"
        )
    unmerged = repo.unmerged_paths()
    if unmerged:
        path = unmerged[0]
        raise HistoryError(
            f"{path} has unresolved merge conflicts, and git commits nothing until they are "
            "resolved. Nothing was changed. Resolve them (edit, then git add) and commit, then "
            f"{command} again"
        )


def check_branch(repo: Repository, command: str = "apply") -> None:
    """Refuse a detached HEAD: the commit would be on no branch."""
    branch_of(repo, command)


def branch_of(repo: Repository, command: str = "apply") -> str:
    """The branch the commit will be on ("refs/heads/main"); refused when HEAD is detached."""
    ref = repo.branch_ref()
    if ref is None:
        raise InputError(
            f"HEAD is detached: {command} would make a commit on no branch; "
            "check out a branch first (git switch main)"
        )
    return ref


def check_clean(repo: Repository, rel: str, command: str, why: str) -> None:
    """Refuse uncommitted changes (staged or not) to ``rel``, a file ``command`` rewrites and
    commits: ``why`` says why its commit must be made from the committed version. A file git
    does not hold yet is not refused (the commit adds it)."""
    code = repo.path_status(rel)
    if not code or code == "??":
        return
    kinds = [k for k, c in (("staged", code[0]), ("not staged", code[1])) if c not in " ?"]
    raise InputError(
        f"{rel} has uncommitted changes ({' and '.join(kinds)}), and {command} {why}. If they "
        f"are edits to keep, commit them first (git commit -- {rel}); if not, discard them "
        f"(git checkout HEAD -- {rel}); then {command} again"
    )


def check_plan_clean(repo: Repository, plan_rel: str) -> None:
    """Refuse uncommitted changes to the plan file (staged or not): the revised plan must be
    one commit of its own, made from the committed version."""
    code = repo.path_status(plan_rel)
    if not code:
        return
    if code == "??":
        raise InputError(
            f"{plan_rel} is not committed yet, so applying would leave no previous version to "
            f"go back to; commit it first (git add -- {plan_rel} && git commit)"
        )
    kinds = [k for k, c in (("staged", code[0]), ("not staged", code[1])) if c != " "]
    raise InputError(
        f"{plan_rel} has uncommitted changes ({' and '.join(kinds)}), and apply commits the "
        "revised plan as one commit of its own. If they are edits to keep, commit them first "
        f"(git commit -- {plan_rel}). If they are the output of an application that was "
        "interrupted, do not commit them by hand (the commit would lack the Editplan trailers "
        "that record the set as applied): discard them with "
        f"git checkout HEAD -- {plan_rel} (this discards staged changes too) and apply again"
    )


def check_ready(repo: Repository, plan_rel: str, tag: str | None = None) -> None:
    """Everything git will check before committing the plan, before anything is written."""
    check_locks(repo, tag)
    check_no_operation(repo)
    check_branch(repo)
    check_plan_clean(repo, plan_rel)


def check_committable(repo: Repository, command: str) -> None:
    """What git will check before ``command`` commits, before anything is written: no lock
    left, no merge or rebase waiting, a branch to commit on."""
    check_locks(repo)
    check_no_operation(repo, command)
    check_branch(repo, command)
