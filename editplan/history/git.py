"""The plan's history in git: work trees, commits, and reading versions back.

The commit message and its trailers are :mod:`editplan.history.trailers` (pure); git itself is
:class:`editplan.history.repo.Repository` (GitPython, which runs the real git: hooks and
attributes are honoured), opened in a ``with`` block by :func:`open_repo` or :func:`maybe_repo`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editplan.core.model import Place, Plan
from editplan.errors import HistoryError, InputError
from editplan.history.repo import Repository, create
from editplan.history.trailers import Version, parse_version
from editplan.store import memo as memos


@contextmanager
def open_repo(path: Path) -> Iterator[Repository]:
    """The repository whose work tree holds ``path``; HistoryError if there is none."""
    with maybe_repo(path) as repo:
        if repo is None:
            start = path if path.is_dir() else path.parent
            raise HistoryError(f"{start} is not inside a git repository")
        yield repo


@contextmanager
def maybe_repo(path: Path) -> Iterator[Repository | None]:
    """The repository whose work tree holds ``path``, or None (a bare one counts as none)."""
    repo = Repository.find(path)
    if repo is None:
        yield None
        return
    with repo:
        yield repo


def init(folder: Path) -> None:
    """Make ``folder`` a new git repository on branch main."""
    create(folder, "main")


def commit(
    repo: Repository, paths: Sequence[Path], message: str, *, author: str | None = None
) -> str:
    """Stage ``paths`` and commit them with ``message``; the new commit's sha. When git
    refuses, the index is left as it was (the caller restores the files themselves).
    ``author`` ("Name <email>") is the commit's author; None: the repository's identity."""
    return repo.commit([relative(repo, p) for p in paths], message, author=author)


def versions(repo: Repository, plan_rel: str, rev: str = "HEAD") -> list[Version]:
    """The commits reachable from ``rev`` that changed the plan file, newest first.

    Merges are followed into both parents (git's ``-c`` raw lines give the plan file in each
    parent); a version that a merge brought in names that merge in ``merged_in``.
    """
    result = [
        parse_version(
            e.sha, e.date, e.subject, e.body, e.trailers, e.blob, e.parent_blobs, e.author
        )
        for e in repo.path_log(plan_rel, rev)  # an unknown revision is a GitError
    ]
    if any(v.is_merge for v in result):
        result = mark_merged(repo, rev, result)
    return result


def mark_merged(repo: Repository, rev: str, history: list[Version]) -> list[Version]:
    """Name, on each version off ``rev``'s first-parent line, the merge that brought it in."""
    mainline = set(repo.first_parents(rev))
    brought: dict[str, str] = {}
    for version in history:
        if version.is_merge and version.sha in mainline:
            for sha in repo.commits_between(f"{version.sha}^1", f"{version.sha}^2"):
                brought.setdefault(sha, version.sha)
    out = []
    for version in history:
        merge = brought.get(version.sha)
        out.append(dataclasses.replace(version, merged_in=merge) if merge else version)
    return out


class PlanReader:
    """Plans read from git blobs, each parsed once (git's cat-file runs as one process).

    History reads hundreds of versions: each is read with the store's libyaml reader, plain
    data only (no positions are needed: the files were validated when committed).
    """

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.plans: dict[str, Plan] = {}
        self.places: dict[str, dict[str, Place]] = {}

    def read(self, blob: str) -> Plan:
        """The plan a blob holds (inside :func:`editplan.store.memo.remembering`, parsed once
        per process: a blob's id names its content)."""
        if blob not in self.plans:
            memo = memos.current()
            if memo is None:
                self.plans[blob] = self._parse(blob)
            else:
                self.plans[blob] = memo.keep(("plan blob", blob), lambda: self._parse(blob))
        return self.plans[blob]

    def _parse(self, blob: str) -> Plan:
        return Plan.model_validate(_load_strings(self.repo.read_blob(blob)))

    def locate(self, blob: str) -> dict[str, Place]:
        """Where every item is in that version (computed once per blob)."""
        if blob not in self.places:
            self.places[blob] = self.read(blob).locate()
        return self.places[blob]


def version_label(repo: Repository, version: Version) -> str | None:
    """The plan's version label as ``version`` left it (a quick look at the file, not read
    whole); None when the commit removed the file or its label cannot be read."""
    from editplan.errors import EditplanError
    from editplan.store import peek

    if (label := version.trailer("Version")) is not None:  # editplan's commits say it
        return label
    if version.blob is None:
        return None
    try:
        return peek.peek_plan_text(repo.read_blob(version.blob).decode("utf-8")).version
    except (EditplanError, UnicodeDecodeError):  # git's refusals are EditplanErrors too
        return None


def _load_strings(data: bytes) -> Any:
    from editplan.store import yamlio

    return yamlio.load_plain(data, "a plan in the history")


def resolve_rev(repo: Repository, rev: str) -> str:
    """The full sha of a revision, or an error that says it does not exist."""
    sha = repo.resolve(rev)
    if sha is None:
        raise HistoryError(f"no revision {rev!r} in {repo.working_tree_dir}")
    return sha


def plan_at(repo: Repository, rev: str, plan_rel: str) -> Plan:
    """The plan as it was at ``rev``."""
    sha = resolve_rev(repo, rev)
    blob = repo.blob_id(sha, plan_rel)
    if blob is None:
        raise HistoryError(f"{plan_rel} does not exist at {rev} ({sha[:7]})")
    return PlanReader(repo).read(blob)


def relative(repo: Repository, path: Path) -> str:
    """A path relative to the work tree, as git names it."""
    return repo.relative(path)


def is_tracked(repo: Repository, path: Path) -> bool:
    """Whether git tracks ``path`` (committed or staged)."""
    return repo.is_tracked(relative(repo, path))


@dataclass(frozen=True)
class FileState:
    """What git holds of a file in the work tree: ``untracked``, ``ignored``, ``modified``
    (committed, changed since, staged or not) or ``committed`` (as in HEAD); for a file git
    tracks, the commit that last changed it."""

    status: str
    commit: str | None = None
    subject: str | None = None


def file_state(repo: Repository, path: Path) -> FileState:
    """Whether git holds ``path`` as it is in the work tree, and the commit that last changed it."""
    rel = relative(repo, path)
    code = repo.path_status(rel, ignored=True)
    if code == "??":
        return FileState("untracked")
    if code == "!!":
        return FileState("ignored")
    last = repo.commit_of("HEAD", rel)
    if last is None:  # staged, never committed
        return FileState("untracked")
    return FileState("modified" if code else "committed", last.short, last.subject)


def check_new_tag(repo: Repository, name: str) -> None:
    """Refuse a tag name that exists or that git would not accept, before anything is written."""
    if not repo.valid_tag_name(name):
        raise InputError(f"{name!r} is not a valid git tag name", option="tag")
    if repo.has_tag(name):
        raise InputError(f"tag {name!r} already exists; choose another name", option="tag")


def tag(repo: Repository, name: str, sha: str) -> None:
    """Tag commit ``sha``; GitError (a HistoryError) when git refuses."""
    repo.tag(name, sha)


def check_ready(repo: Repository, plan_rel: str) -> None:
    """Refuse, before anything is written, what git would refuse at the commit: see
    :mod:`editplan.history.preflight`."""
    from editplan.history import preflight

    preflight.check_ready(repo, plan_rel)


def applied_in(repo: Repository, plan_rel: str, set_id: str) -> list[Version]:
    """The commits that applied (part of) set ``set_id`` and were not reverted, newest first."""
    history = versions(repo, plan_rel)
    reverted = {v.reverts for v in history if v.reverts}
    return [v for v in history if set_id in v.set_ids and v.sha not in reverted]


def find_version(repo: Repository, plan_rel: str, label: str) -> tuple[Version, Plan] | None:
    """The newest commit whose plan has version label ``label``, and that plan."""
    reader = PlanReader(repo)
    for version in versions(repo, plan_rel):
        if version.blob and reader.read(version.blob).version == label:
            return version, reader.read(version.blob)
    return None


def changed_since(repo: Repository, plan_rel: str, since: str, element_id: str) -> Version | None:
    """The first commit after ``since`` that changed or removed element ``element_id``."""
    reader = PlanReader(repo)
    history = [v for v in versions(repo, f"{plan_rel}") if v.blob]
    chain = []
    for version in history:
        if version.sha == since:
            break
        chain.append(version)
    previous = plan_at(repo, since, plan_rel).locate().get(element_id)
    for version in reversed(chain):
        now = reader.locate(version.blob or "").get(element_id)
        if now is None or previous is None or now.item.text != previous.item.text:
            return version
        previous = now
    return None


def versions_between(repo: Repository, plan_rel: str, rev1: str, rev2: str) -> list[Version]:
    """The versions after ``rev1`` up to ``rev2`` (newest first), for attributing a diff."""
    old, new = resolve_rev(repo, rev1), resolve_rev(repo, rev2)
    return versions(repo, plan_rel, f"{old}..{new}")


def quotes(repo: Repository, version: Version) -> dict[str, str]:
    """Amendment id -> the report's words, from the patch files as they were in ``version``.

    In a version of several sets the keys are "set:amendment", as in its Change trailers.
    """
    several = len(version.set_ids) > 1
    out: dict[str, str] = {}
    for set_id in version.set_ids or [None]:
        set_file = version.of_set("Set-File", set_id) if set_id else version.trailer("Set-File")
        if not set_file:
            continue
        data = repo.read_file(version.sha, set_file)
        if data is None:  # the file moved: comments go without quotes
            continue
        try:
            loaded = _load_strings(data)
        except InputError:  # unreadable then: comments go without quotes
            continue
        amendments = loaded.get("amendments", []) if isinstance(loaded, dict) else []
        prefix = f"{set_id}:" if several else ""
        out.update(
            {
                prefix + str(a["id"]): str(a["quote"])
                for a in amendments
                if isinstance(a, dict) and "id" in a and a.get("quote")
            }
        )
    return out


def check_committed(repo: Repository, plan_rel: str) -> None:
    """Refuse to read the history of a plan file git has not recorded: say whether the
    repository has no commit yet, or the file is not committed (staged or not)."""
    if repo.resolve("HEAD") is None:
        raise HistoryError(
            f"the repository {repo.working_tree_dir} has no commits yet, so {plan_rel} has no "
            f"versions; commit it first (git add -- {plan_rel} && git commit)"
        )
    if repo.blob_id("HEAD", plan_rel) is None:
        staged = repo.is_tracked(plan_rel)
        how = "it is staged but not committed" if staged else "git does not track it"
        raise HistoryError(
            f"{plan_rel} is not committed yet ({how}), so it has no versions; commit it "
            f"first (git add -- {plan_rel} && git commit)"
        )
