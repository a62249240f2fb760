"""The plan's history in git: work trees, commits, and reading versions back.

The commit message and its trailers are :mod:`editplan.history.trailers` (pure); this module
runs git.
git runs as a process (:mod:`editplan.history.repo`); every ``Repo`` is opened in a ``with``
block, and every write goes through ``repo.git`` (the real git, which honours hooks and
attributes).
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editplan.core.changeset import element_diff
from editplan.core.model import Place, Plan
from editplan.errors import HistoryError, InputError
from editplan.history.repo import GitError, Repo, create
from editplan.history.trailers import Version, parse_version

# Used only when git knows no identity (a fresh machine): commits must still be possible.
FALLBACK_NAME = "editplan"
FALLBACK_EMAIL = "editplan@localhost"


@contextmanager
def open_repo(path: Path) -> Iterator[Repo]:
    """The repository whose work tree holds ``path``; HistoryError if there is none."""
    with maybe_repo(path) as repo:
        if repo is None:
            start = path if path.is_dir() else path.parent
            raise HistoryError(f"{start} is not inside a git repository")
        yield repo


@contextmanager
def maybe_repo(path: Path) -> Iterator[Repo | None]:
    """The repository whose work tree holds ``path``, or None (a bare one counts as none)."""
    repo = Repo.find(path)
    if repo is None:
        yield None
        return
    with repo:
        yield repo


def init(folder: Path) -> None:
    """Make ``folder`` a new git repository on branch main."""
    create(folder, "main")


def identity_env(repo: Repo) -> dict[str, str]:
    """Author and committer variables for git when it knows no identity (a fresh machine)."""
    env: dict[str, str] = {}
    for key, fallback, names in (
        ("user.name", FALLBACK_NAME, ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME")),
        ("user.email", FALLBACK_EMAIL, ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL")),
    ):
        if not repo.config(key):
            env.update(dict.fromkeys(names, fallback))
    return env


def commit(repo: Repo, paths: Sequence[Path], message: str) -> str:
    """Stage ``paths`` and commit them with ``message``; the new commit's sha."""
    root = Path(repo.working_tree_dir or "").resolve()
    rel = [str(p.resolve().relative_to(root)) for p in paths]
    try:
        repo.git.add("--", *rel)
        # the message on standard input: thousands of amendments do not fit on a command line
        with tempfile.TemporaryFile() as stdin, repo.git.custom_environment(**identity_env(repo)):
            stdin.write(message.encode("utf-8"))
            stdin.seek(0)
            repo.git.commit("--quiet", "-F", "-", "--", *rel, istream=stdin)
    except GitError as exc:
        # leave the index as it was: the caller restores the files themselves
        with suppress(GitError):
            repo.git.reset("--quiet", "--", *rel)
        raise HistoryError(f"git refused the commit: {_git_msg(exc)}") from None
    return repo.git.rev_parse("HEAD")


def versions(repo: Repo, plan_rel: str, rev: str = "HEAD") -> list[Version]:
    """The commits reachable from ``rev`` that changed the plan file, newest first.

    Merges are followed into both parents (git's ``-c`` raw lines give the plan file in each
    parent); a version that a merge brought in names that merge in ``merged_in``.
    """
    sep, end = "\x1f", "\x1e"
    fmt = f"{end}%H{sep}%aI{sep}%s{sep}%B{sep}%(trailers:only,unfold){sep}"
    try:
        out = repo.git.log(
            rev, f"--format={fmt}", "-c", "--raw", "--no-abbrev", "--no-renames", "--", plan_rel
        )
    except Exception as exc:  # git exits 128 on an unknown revision
        raise HistoryError(
            f"cannot read the history of {plan_rel} at {rev}: {_git_msg(exc)}"
        ) from None
    result: list[Version] = []
    for record in out.split(end)[1:]:
        sha, date, subject, body, trailer_text, raw = record.split(sep)
        blob, parents = None, ()
        for line in raw.strip().splitlines():
            blobs = _raw_blobs(line)
            if blobs:
                blob, parents = blobs[-1], tuple(blobs[:-1])
        result.append(parse_version(sha, date, subject, body, trailer_text, blob, parents))
    if any(v.is_merge for v in result):
        result = _mark_merged(repo, rev, result)
    return result


def _raw_blobs(line: str) -> list[str | None]:
    """The blobs of a raw diff line, parents first then the result ([] if not a raw line)."""
    colons = len(line) - len(line.lstrip(":"))
    parts = line[colons:].split()
    if not colons or len(parts) < 2 * (colons + 1):
        return []
    blobs = parts[colons + 1 : 2 * (colons + 1)]
    return [None if set(b) == {"0"} else b for b in blobs]


def _mark_merged(repo: Repo, rev: str, history: list[Version]) -> list[Version]:
    """Name, on each version off ``rev``'s first-parent line, the merge that brought it in."""
    mainline = set(repo.git.rev_list("--first-parent", rev).split())
    brought: dict[str, str] = {}
    for version in history:
        if version.is_merge and version.sha in mainline:
            side = repo.git.rev_list(f"{version.sha}^1..{version.sha}^2").split()
            for sha in side:
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

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.plans: dict[str, Plan] = {}
        self.places: dict[str, dict[str, Place]] = {}

    def read(self, blob: str) -> Plan:
        if blob not in self.plans:
            data = self.repo.read_blob(blob)
            self.plans[blob] = Plan.model_validate(_load_strings(data))
        return self.plans[blob]

    def locate(self, blob: str) -> dict[str, Place]:
        """Where every item is in that version (computed once per blob)."""
        if blob not in self.places:
            self.places[blob] = self.read(blob).locate()
        return self.places[blob]


def version_label(repo: Repo, version: Version) -> str | None:
    """The plan's version label as ``version`` left it (a quick look at the file, not read
    whole); None when the commit removed the file or its label cannot be read."""
    from editplan.errors import EditplanError
    from editplan.store import peek

    if version.blob is None:
        return None
    try:
        return peek.peek_plan_text(repo.read_blob(version.blob).decode("utf-8")).version
    except (EditplanError, GitError, UnicodeDecodeError):
        return None


def _load_strings(data: bytes) -> Any:
    from editplan.store import yamlio

    return yamlio.load_plain(data, "a plan in the history")


def resolve_rev(repo: Repo, rev: str) -> str:
    """The full sha of a revision, or an error that says it does not exist."""
    try:
        return repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}")
    except Exception:
        raise HistoryError(f"no revision {rev!r} in {repo.working_tree_dir}") from None


def plan_at(repo: Repo, rev: str, plan_rel: str) -> Plan:
    """The plan as it was at ``rev``."""
    sha = resolve_rev(repo, rev)
    try:
        blob = repo.git.rev_parse(f"{sha}:{plan_rel}")
    except Exception:
        raise HistoryError(f"{plan_rel} does not exist at {rev} ({sha[:7]})") from None
    return PlanReader(repo).read(blob)


def relative(repo: Repo, path: Path) -> str:
    """A path relative to the work tree, as git names it."""
    root = Path(repo.working_tree_dir or "").resolve()
    return path.resolve().relative_to(root).as_posix()


def is_tracked(repo: Repo, path: Path) -> bool:
    """Whether git tracks ``path`` (committed or staged)."""
    return bool(repo.git.ls_files("--", relative(repo, path)).strip())


@dataclass(frozen=True)
class FileState:
    """What git holds of a file in the work tree: ``untracked``, ``ignored``, ``modified``
    (committed, changed since, staged or not) or ``committed`` (as in HEAD); for a file git
    tracks, the commit that last changed it."""

    status: str
    commit: str | None = None
    subject: str | None = None


def file_state(repo: Repo, path: Path) -> FileState:
    """Whether git holds ``path`` as it is in the work tree, and the commit that last changed it."""
    rel = relative(repo, path)
    status = repo.git.status("--porcelain", "--ignored", "--", rel)
    code = status[:2]
    if code == "??":
        return FileState("untracked")
    if code == "!!":
        return FileState("ignored")
    last = ""
    with suppress(GitError):
        last = repo.git.log("-1", "--format=%h %s", "--", rel).strip()
    if not last:  # staged, never committed
        return FileState("untracked")
    commit, _, subject = last.partition(" ")
    return FileState("modified" if status.strip() else "committed", commit, subject)


def check_new_tag(repo: Repo, name: str) -> None:
    """Refuse a tag name that exists or that git would not accept, before anything is written."""
    try:
        repo.git.check_ref_format(f"refs/tags/{name}")
    except Exception:
        raise InputError(f"{name!r} is not a valid git tag name", option="tag") from None
    if repo.git.tag("--list", name):  # a valid ref name holds no pattern characters
        raise InputError(f"tag {name!r} already exists; choose another name", option="tag")


def tag(repo: Repo, name: str, sha: str) -> None:
    """Tag commit ``sha``."""
    try:
        repo.git.tag(name, sha)
    except GitError as exc:
        raise HistoryError(f"git refused the tag {name!r}: {_git_msg(exc)}") from None


def check_ready(repo: Repo, plan_rel: str) -> None:
    """Refuse, before anything is written, what git would refuse at the commit: see
    :mod:`editplan.history.preflight`."""
    from editplan.history import preflight

    preflight.check_ready(repo, plan_rel)


def applied_in(repo: Repo, plan_rel: str, set_id: str) -> list[Version]:
    """The commits that applied (part of) set ``set_id`` and were not reverted, newest first."""
    history = versions(repo, plan_rel)
    reverted = {v.reverts for v in history if v.reverts}
    return [v for v in history if set_id in v.set_ids and v.sha not in reverted]


def find_version(repo: Repo, plan_rel: str, label: str) -> tuple[Version, Plan] | None:
    """The newest commit whose plan has version label ``label``, and that plan."""
    reader = PlanReader(repo)
    for version in versions(repo, plan_rel):
        if version.blob and reader.read(version.blob).version == label:
            return version, reader.read(version.blob)
    return None


def changed_since(repo: Repo, plan_rel: str, since: str, element_id: str) -> Version | None:
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


@dataclass(frozen=True)
class Event:
    """One change to one element in one version, for ``editplan log TARGET``."""

    version: Version
    element_id: str
    action: str
    before: str | None
    after: str | None
    old_label: str | None
    new_label: str | None
    amendment: str | None
    split_from: str | None = None
    split_into: tuple[str, ...] = ()
    # display numbers, as readers know the elements: the element split from as it was before
    # the version, and the parts split off as the version numbers them
    split_from_label: str | None = None
    split_into_labels: tuple[str, ...] = ()


def element_log(repo: Repo, plan_rel: str, element_ids: list[str]) -> list[Event]:
    """Every version that changed the elements, newest first, following splits back.

    An element created by a split (recorded as ``new<old`` in the commit's Change trailer) is
    followed into the element it was split from.
    """
    reader = PlanReader(repo)
    history = versions(repo, plan_rel)
    tracked = list(dict.fromkeys(element_ids))
    events: list[Event] = []
    for version in history:
        if version.blob is None or not version.may_touch(tracked):
            continue
        now = reader.locate(version.blob)
        parents = [reader.locate(b) if b else {} for b in version.parent_blobs] or [{}]
        before = parents[0]
        by_element = version.attribution()
        parts: dict[str, list[str]] = {}
        for new_id, (_, origin) in by_element.items():
            if origin:
                parts.setdefault(origin, []).append(new_id)
        for element_id in list(tracked):
            new = now.get(element_id)
            if version.is_merge and any(_same(new, p.get(element_id)) for p in parents):
                continue  # taken from one side: that side's own commit shows the change
            change = element_diff(element_id, before.get(element_id), new)
            if change is None:
                continue
            amendment, origin = by_element.get(element_id, (None, None))
            if origin and origin not in tracked:
                tracked.append(origin)
            split_into = tuple(parts.get(element_id, ()))
            was = before.get(origin) if origin else None
            events.append(
                Event(
                    version,
                    element_id,
                    "split" if origin else change.action,
                    change.before,
                    change.after,
                    change.old_label,
                    change.new_label,
                    amendment,
                    origin,
                    split_into,
                    was.label if was is not None else None,
                    tuple(now[p].label if p in now else "" for p in split_into),
                )
            )
    return events


def _same(a: Place | None, b: Place | None) -> bool:
    """Whether a merge took an element as one parent had it (numbers may follow the merge)."""
    if a is None or b is None:
        return a is b
    return a.item.text == b.item.text


def ids_in_history(repo: Repo, plan_rel: str, target: str) -> list[str]:
    """For a ``#id`` target absent from the plan now: the id, if any version ever held it."""
    if not target.startswith("#"):
        return []
    element_id = target[1:]
    reader = PlanReader(repo)
    for version in versions(repo, plan_rel):
        if version.blob and element_id in reader.locate(version.blob):
            return [element_id]
    raise HistoryError(f"target {target!r}: no version of {plan_rel} ever had that element")


def versions_between(repo: Repo, plan_rel: str, rev1: str, rev2: str) -> list[Version]:
    """The versions after ``rev1`` up to ``rev2`` (newest first), for attributing a diff."""
    old, new = resolve_rev(repo, rev1), resolve_rev(repo, rev2)
    return versions(repo, plan_rel, f"{old}..{new}")


def quotes(repo: Repo, version: Version) -> dict[str, str]:
    """Amendment id -> the report's words, from the patch files as they were in ``version``.

    In a version of several sets the keys are "set:amendment", as in its Change trailers.
    """
    several = len(version.set_ids) > 1
    out: dict[str, str] = {}
    for set_id in version.set_ids or [None]:
        set_file = version.of_set("Set-File", set_id) if set_id else version.trailer("Set-File")
        if not set_file:
            continue
        try:
            data = repo.git.show(f"{version.sha}:{set_file}")
            loaded = _load_strings(data.encode("utf-8"))
        except Exception:  # the file may have moved or be unreadable: comments go without quotes
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


def _git_msg(exc: Any) -> str:
    text = str(getattr(exc, "stderr", "") or exc).strip()
    return text.removeprefix("stderr:").strip().strip("'").strip()


def check_committed(repo: Repo, plan_rel: str) -> None:
    """Refuse to read the history of a plan file git has not recorded: say whether the
    repository has no commit yet, or the file is not committed (staged or not)."""
    try:
        repo.git.rev_parse("--verify", "--quiet", "HEAD^{commit}")
    except GitError:
        raise HistoryError(
            f"the repository {repo.working_tree_dir} has no commits yet, so {plan_rel} has no "
            f"versions; commit it first (git add -- {plan_rel} && git commit)"
        ) from None
    try:
        repo.git.cat_file("-e", f"HEAD:{plan_rel}")
    except GitError:
        staged = bool(repo.git.ls_files("--", plan_rel).strip())
        how = "it is staged but not committed" if staged else "git does not track it"
        raise HistoryError(
            f"{plan_rel} is not committed yet ({how}), so it has no versions; commit it "
            f"first (git add -- {plan_rel} && git commit)"
        ) from None
