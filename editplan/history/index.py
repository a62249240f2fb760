"""An index of the plan's history: each version of the plan file, and which elements it changed
with their wording and number before and after, kept in a cache file under the git dir so that
``log TARGET`` and ``blame`` read only the versions that touched an element.

Where: ``<git common dir>/editplan/index-<hash of the plan's path>.json``, one file per plan
path, shared by the work trees of the repository (commits are shared; notes would be pushed
and fetched with them, and a cache has no business travelling). Made from HEAD's history.

Kept fresh by its tip, the newest commit that changed the plan file when it was written: the
same tip is the same history (a sha names its ancestry); a tip that is an ancestor of the new
one is extended by the commits after it alone; any other (a rebase, an amended tip, another
branch) is rebuilt, taking again what it knew of each commit that is still there. The cache is
never required: a missing, unreadable or corrupt file, or one from another version of this
format, is rebuilt silently; a git dir that cannot be written means no cache, and a write is
atomic (a temporary file, then a rename) and never fails a command.

Cheap to make: a version whose ``Editplan-Change`` trailers name only wording changes (what
``apply`` commits) is known to have changed those elements and no other, so its plan is read
only when an element's wording is first asked for (and kept in the cache from then on); the
first version, hand edits, structural changes (which renumber) and merges are read at once.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editplan.core.changeset import compare, element_diff
from editplan.core.model import Place, Plan
from editplan.errors import EditplanError, HistoryError
from editplan.history.repo import Repository
from editplan.history.trailers import Version, parse_version
from editplan.store import memo as memos

FORMAT = "editplan.history-index/1"
_KEPT = 8  # plans kept parsed while the index is made (consecutive versions share one)


@dataclass(frozen=True)
class Change:
    """How one version changed one element (``added``, ``removed``, ``changed`` or
    ``renumbered``), against its first parent; ``others``: in a merge, the element's wording
    in each other parent (None where absent)."""

    action: str
    before: str | None
    after: str | None
    old_label: str | None
    new_label: str | None
    others: tuple[str | None, ...] = ()


class HistoryIndex:
    """The versions of one plan file reachable from HEAD, oldest first, and per version the
    elements it changed (:class:`Change`; None while a wording change is not yet read)."""

    def __init__(self, plan_rel: str, tip: str | None) -> None:
        self.plan_rel = plan_rel
        self.tip = tip
        self.versions: list[Version] = []
        # a Change, None while not read, or as the cache file holds it until first asked for
        self.changes: list[dict[str, Any]] = []
        self.touched: dict[str, list[int]] = {}
        self.dirty = False
        self._repo: Repository | None = None
        self._plans: OrderedDict[str, dict[str, Place]] = OrderedDict()
        self._line: list[int] = []  # per version, where the line of versions it ends starts
        self.labels: list[str | None] = []  # the plan's version label, where read
        self._blob_labels: dict[str, str] = {}

    def add(self, version: Version, changes: dict[str, Any], label: str | None = None) -> None:
        """Append a version (newer than all the others) and what it changed."""
        at = len(self.versions)
        self.versions.append(version)
        self.changes.append(changes)
        self.labels.append(label or self._blob_labels.get(version.blob or ""))
        for element_id in changes:
            self.touched.setdefault(element_id, []).append(at)
        # a line: each version's first parent holds the plan file of the version before it
        # (no merge between), so an element no version between changed reads the same
        previous = self.versions[at - 1].blob if at else None
        follows = at and not version.is_merge and version.parent_blobs[:1] == (previous,)
        self._line.append(self._line[-1] if follows else at)

    def prepare(self, element_ids: Iterable[str]) -> None:
        """Read the wording changes of the elements not read yet, oldest first: each then
        takes its wording before from the change before it, and only its own plan is read."""
        wanted = list(element_ids)
        for at in self.positions(wanted):
            if any(self.changes[at].get(e, 0) is None for e in wanted):
                self._read(at)

    def records(self) -> dict[str, tuple[Version, dict[str, Any], str | None]]:
        """Each version by its sha, with what it changed and its label."""
        rows = zip(self.versions, self.changes, self.labels, strict=True)
        return {version.sha: (version, changes, label) for version, changes, label in rows}

    def positions(self, element_ids: Iterable[str]) -> list[int]:
        """The positions of the versions that changed any of the elements, oldest first."""
        found: set[int] = set()
        for element_id in element_ids:
            found.update(self.touched.get(element_id, ()))
        return sorted(found)

    def change(self, at: int, element_id: str) -> Change | None:
        """How version ``at`` changed the element; None if it did not (a wording change not
        read yet is read now, with the version's other ones)."""
        changes = self.changes[at]
        if element_id not in changes:
            return None
        if changes[element_id] is None:
            self._read(at)
        found = changes.get(element_id)
        if isinstance(found, list):  # as the cache file holds it
            found = changes[element_id] = _change(found)
        return found  # type: ignore[no-any-return]

    def label(self, at: int) -> str | None:
        """The plan's version label in version ``at`` (read at the first need, then kept);
        None when the commit removed the file or its label cannot be read."""
        if self.labels[at] is None and self.versions[at].blob is not None:
            from editplan.history.git import version_label

            assert self._repo is not None
            self.labels[at] = version_label(self._repo, self.versions[at])
            self.dirty = True
        return self.labels[at]

    def wording_after(self, at: int, element_id: str) -> str | None:
        """The element's wording as version ``at`` left it, if that version changed it."""
        change = self.change(at, element_id)
        return change.after if change is not None else None

    def _read(self, at: int) -> None:
        """Read the wording changes of version ``at`` (none structural: its trailers say so)
        from its plan, and its wording before from the element's change before, when the
        versions between are a line; else from its parent's plan."""
        version, changes = self.versions[at], self.changes[at]
        now = self.places(version.blob, version)
        self.labels[at] = self._blob_labels.get(version.blob or "")
        for element_id in [e for e, c in changes.items() if c is None]:
            new = now.get(element_id)
            known = self._known_before(at, element_id)
            if known is not None and new is not None:
                found: Any = Change("changed", known, new.item.text, new.label, new.label)
                found = None if known == new.item.text else found
            else:
                parent = version.parent_blobs[0] if version.parent_blobs else None
                before = self.places(parent, version)
                found = element_diff(element_id, before.get(element_id), new)
            if found is None:  # named but left as it was
                del changes[element_id]
                self.touched[element_id].remove(at)
            else:
                changes[element_id] = Change(*_fields(found))
        self.dirty = True

    def _known_before(self, at: int, element_id: str) -> str | None:
        """The element's wording in version ``at``'s parent, if the change before it is
        known and the versions between are a line; None otherwise."""
        positions = self.touched[element_id]
        i = bisect.bisect_left(positions, at)
        if i == 0 or positions[i - 1] < self._line[at]:
            return None
        if self.changes[positions[i - 1]][element_id] is None:
            return None
        before = self.change(positions[i - 1], element_id)
        return before.after if before is not None else None

    def places(self, blob: str | None, of: Version | None = None) -> dict[str, Place]:
        """Where every element is in a version of the plan file (None: the file absent);
        ``of``: the version it is, or the one it is the parent of, for messages."""
        if blob is None:
            return {}
        if blob not in self._plans:
            if self._repo is None:
                raise RuntimeError("the history index was opened without its repository")
            where = self.plan_rel
            if of is not None:
                how = "in" if of.blob == blob else "before"
                where = f"{self.plan_rel} as committed {how} {of.short} ({of.subject})"
            plan = _read_plan(self._repo, blob, where)
            self._blob_labels[blob] = plan.version
            self._plans[blob] = plan.locate()
            if len(self._plans) > _KEPT:
                self._plans.popitem(last=False)
        self._plans.move_to_end(blob)
        return self._plans[blob]


def _fields(found: Any) -> tuple[str, str | None, str | None, str | None, str | None]:
    """A change's fields, from an :class:`~editplan.core.changeset.ElementDiff` or a Change."""
    return found.action, found.before, found.after, found.old_label, found.new_label


def _read_plan(repo: Repository, blob: str, where: str) -> Plan:
    """A version of the plan file; HistoryError when it is no plan (committed by hand)."""
    from pydantic import ValidationError

    from editplan.store import yamlio

    data = yamlio.load_plain(repo.read_blob(blob), where)  # its errors name the line
    try:
        return Plan.model_validate(data)
    except (ValidationError, EditplanError) as exc:
        said = str(exc)
        if isinstance(exc, ValidationError):
            first = exc.errors()[0]
            said = f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
        raise HistoryError(
            f"{where} is not a valid plan ({said}), so the history of its elements cannot be "
            "read through it; the versions before and after it can be compared with "
            "'editplan diff'"
        ) from None


# --- opening: load, check, extend or rebuild, save ------------------------------------------


def cache_path(repo: Repository, plan_rel: str) -> Path:
    """Where the index of ``plan_rel`` is kept."""
    name = hashlib.sha1(plan_rel.encode("utf-8")).hexdigest()[:16]
    return repo.common_dir / "editplan" / f"index-{name}.json"


@dataclass
class _Held:
    """A history index a long-running process keeps between uses, and the lock that gives it
    to one thread at a time (it reads what it lacks through the caller's repository)."""

    lock: threading.RLock = field(default_factory=threading.RLock)
    index: HistoryIndex | None = None


@contextmanager
def opened(repo: Repository, plan_rel: str) -> Iterator[HistoryIndex]:
    """The index of ``plan_rel``'s history from HEAD, fresh; what it learns while in use (the
    wordings read) is written back to the cache at the end, when it can be.

    Inside :func:`editplan.store.memo.remembering` (a server), the index is kept in memory
    between uses instead of read from the cache file each time, checked against HEAD's history
    as the file is, and lent to one thread at a time."""
    memo = memos.current()
    if memo is None:
        index = current(repo, plan_rel)
        try:
            yield index
        finally:
            _keep(index, repo, plan_rel)
        return
    held = memo.held(("history index", str(repo.common_dir), plan_rel), _Held)
    with held.lock:
        known, held.index = held.index, None  # kept again only once brought up to date whole
        index = current(repo, plan_rel, known)
        held.index = index
        try:
            yield index
        finally:
            _keep(index, repo, plan_rel)
            index._repo = None  # another thread's next use lends it that thread's repository
            index._plans.clear()  # whole plans, read for wordings: not worth keeping


def _keep(index: HistoryIndex, repo: Repository, plan_rel: str) -> None:
    if index.dirty:
        save(index, cache_path(repo, plan_rel))


def current(
    repo: Repository, plan_rel: str, known: HistoryIndex | None = None
) -> HistoryIndex:
    """The index from the cache (or ``known``, one kept in memory), extended or rebuilt as
    HEAD's history requires."""
    tip = repo.path_tip(plan_rel)
    if known is None:
        known = load(cache_path(repo, plan_rel), plan_rel)
    if known is not None and known.tip == tip:
        index = known
    elif known is not None and known.tip and tip and repo.is_ancestor(known.tip, tip):
        index = known
        _extend(index, repo, f"{known.tip}..{tip}", {})
    else:
        index = HistoryIndex(plan_rel, None)
        old = {} if known is None else known.records()
        if tip is not None:
            _extend(index, repo, tip, old)
    index.tip = tip
    index._repo = repo
    return index


def _extend(
    index: HistoryIndex, repo: Repository, rev: str, old: dict[str, tuple[Version, Any, Any]]
) -> None:
    """Add the versions of ``rev`` (a commit, or a range ``old..new``), oldest first."""
    index._repo = repo
    entries = repo.path_log(index.plan_rel, rev)
    for e in reversed(entries):
        version = parse_version(
            e.sha, e.date, e.subject, e.body, e.trailers, e.blob, e.parent_blobs, e.author
        )
        same = old.get(e.sha)
        if same is not None and _alike(same[0], version):
            index.add(version, dict(same[1]), same[2])
        else:
            index.add(version, _changes(index, version))
    index.dirty = True


def _alike(a: Version, b: Version) -> bool:
    return a.blob == b.blob and a.parent_blobs == b.parent_blobs and a.trailers == b.trailers


def _changes(index: HistoryIndex, version: Version) -> dict[str, Change | None]:
    """What a version changed: from its trailers alone when they name only wording changes
    (read later), else from its plan and its parents'."""
    named = _wording_only(version)
    if named is not None:
        return dict.fromkeys(named)
    now = index.places(version.blob, version)
    parents = [index.places(b, version) for b in version.parent_blobs] or [{}]
    out: dict[str, Change | None] = {}
    for found in compare(parents[0], now):
        new = now.get(found.element_id)
        others: tuple[str | None, ...] = ()
        if version.is_merge:
            if any(_same(new, p.get(found.element_id)) for p in parents):
                continue  # taken from one side: that side's own commit shows the change
            others = tuple(_text(p.get(found.element_id)) for p in parents[1:])
        out[found.element_id] = Change(*_fields(found), others)
    return out


def _wording_only(version: Version) -> list[str] | None:
    """The elements whose wording a version's Change trailers say it changed, when they say
    it changed nothing else; None when the plan itself must be read."""
    if version.is_merge or not version.parent_blobs or version.parent_blobs[0] is None:
        return None
    if "Change" not in version.trailers or version.blob is None:
        return None
    named: list[str] = []
    for touches in version.changes().values():
        for touch in touches:
            if touch.action != "text":
                return None
            named.append(touch.element_id)
    return list(dict.fromkeys(named))


def _same(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.item.text == b.item.text


def _text(place: Place | None) -> str | None:
    return None if place is None else place.item.text


def load(path: Path, plan_rel: str) -> HistoryIndex | None:
    """The index in the cache file; None when there is none, or it cannot be trusted."""
    try:
        data = json.loads(path.read_bytes())
        if data["format"] != FORMAT or data["plan"] != plan_rel:
            return None
        index = HistoryIndex(plan_rel, data["tip"])
        for entry in data["versions"]:
            sha, date, author, subject, reverts, blob, parents, trailers, changes, label = entry
            if not _well_formed(sha, blob, parents, trailers, changes):
                return None
            version = Version(
                sha, date, subject, blob, trailers, reverts, tuple(parents), author=author
            )
            index.add(version, changes, label)  # each change decoded when first asked for
        if index.versions and index.versions[-1].sha != index.tip:
            return None
        return index
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        return None


def _well_formed(sha: Any, blob: Any, parents: Any, trailers: Any, changes: Any) -> bool:
    """Whether a version read from the cache has the shapes the index relies on."""
    return (
        isinstance(sha, str)
        and isinstance(blob, str | None)
        and isinstance(parents, list)
        and isinstance(trailers, dict)
        and all(isinstance(v, list) and all(isinstance(s, str) for s in v)
                for v in trailers.values())
        and isinstance(changes, dict)
        and all(c is None or (isinstance(c, list) and len(c) in (5, 6) and isinstance(c[0], str))
                for c in changes.values())
    )  # fmt: skip


def _change(value: list[Any] | None) -> Change | None:
    if value is None:
        return None
    action, before, after, old_label, new_label, *others = value
    if action == "renumbered":
        before = after  # a renumbering keeps the wording: written once
    return Change(action, before, after, old_label, new_label, tuple(others[0]) if others else ())


def save(index: HistoryIndex, path: Path) -> bool:
    """Write the index to the cache, atomically; False (and nothing written) when the git dir
    cannot be written."""
    from editplan.store.files import write_atomic

    versions = [
        [v.sha, v.date, v.author, v.subject, v.reverts, v.blob, list(v.parent_blobs),
         v.trailers, {k: _stored(c) for k, c in changes.items()}, label]
        for v, changes, label in zip(index.versions, index.changes, index.labels, strict=True)
    ]  # fmt: skip
    data = {"format": FORMAT, "plan": index.plan_rel, "tip": index.tip, "versions": versions}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    except (OSError, EditplanError):
        return False
    index.dirty = False
    return True


def _stored(change: Change | list[Any] | None) -> list[Any] | None:
    if change is None or isinstance(change, list):  # not read yet, or as the file had it
        return change
    before = None if change.action == "renumbered" else change.before
    out: list[Any] = [change.action, before, change.after, change.old_label, change.new_label]
    if change.others:
        out.append(list(change.others))
    return out
