"""Following elements through the plan's history, for ``editplan log TARGET``: every version
that changed them, newest first, through renumbering and back through splits, read from the
history index (:mod:`editplan.history.index`), which names the versions that touched each
element, so that only those are read.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from editplan.errors import HistoryError
from editplan.history.index import HistoryIndex, opened
from editplan.history.repo import Repository
from editplan.history.trailers import Version


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


def marked(repo: Repository, index: HistoryIndex) -> list[Version]:
    """The index's versions, oldest first, each naming the merge that brought it in."""
    if not any(v.is_merge for v in index.versions):
        return index.versions
    from editplan.history.git import mark_merged

    return mark_merged(repo, "HEAD", index.versions[::-1])[::-1]


def element_log(repo: Repository, plan_rel: str, element_ids: list[str]) -> list[Event]:
    """Every version that changed the elements, newest first, following splits back.

    An element created by a split (recorded as ``new<old`` in the commit's Change trailer) is
    followed into the element it was split from, in the versions before the split.
    """
    with opened(repo, plan_rel) as index:
        return _events(index, marked(repo, index), list(dict.fromkeys(element_ids)))


def _events(index: HistoryIndex, versions: list[Version], tracked: list[str]) -> list[Event]:
    index.prepare(tracked)
    events: list[Event] = []
    queue = [-at for at in index.positions(tracked)]
    heapq.heapify(queue)
    seen: set[int] = set()
    while queue:
        at = -heapq.heappop(queue)
        if at in seen:
            continue
        seen.add(at)
        version = versions[at]
        by_element = version.attribution()
        parts: dict[str, list[str]] = {}
        for new_id, (_, origin) in by_element.items():
            if origin:
                parts.setdefault(origin, []).append(new_id)
        for element_id in list(tracked):
            change = index.change(at, element_id)
            if change is None:
                continue
            amendment, origin = by_element.get(element_id, (None, None))
            if amendment is not None:
                amendment = version.amendment_label(amendment)
            if origin and origin not in tracked:
                tracked.append(origin)
                for earlier in index.positions([origin]):
                    if earlier < at:
                        heapq.heappush(queue, -earlier)
            split_into = tuple(parts.get(element_id, ()))
            was = index.change(at, origin) if origin else None
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
                    was.old_label if was is not None else None,
                    tuple(_label(index, at, part) for part in split_into),
                )
            )
    return events


def _label(index: HistoryIndex, at: int, element_id: str) -> str:
    """The display number version ``at`` gives an element it changed ("" if it did not)."""
    change = index.change(at, element_id)
    return (change.new_label or "") if change is not None else ""


def ids_in_history(repo: Repository, plan_rel: str, target: str) -> list[str]:
    """For a ``#id`` target absent from the plan now: the id, if any version ever held it."""
    if not target.startswith("#"):
        return []
    element_id = target[1:]
    with opened(repo, plan_rel) as index:
        if index.touched.get(element_id):
            return [element_id]
    raise HistoryError(f"target {target!r}: no version of {plan_rel} ever had that element")
