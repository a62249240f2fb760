"""Who wrote every word (``editplan blame TARGET``): for each word of an element's wording, the
version, commit, set, amendment, body and decision that put it there, or the base text.

The element's words are followed through the plan's history as ``log TARGET`` follows the
element (through renumbering, moves, splits and joins; see :mod:`editplan.history.blame`),
reading only the versions the history index says touched it. The wording blamed is the work
tree's; words changed there and not committed yet say so. An element removed since can be
named by id (``#a1.ka3``): its last wording is blamed, and the version that removed it named.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from editplan.core.blame import carry
from editplan.errors import TargetError
from editplan.history import blame as replay
from editplan.history.credits import Credit, Credits
from editplan.history.index import HistoryIndex
from editplan.history.trailers import Version
from editplan.usecases import recovery
from editplan.usecases.plans import load_plan
from editplan.usecases.versions import plan_repo
from editplan.usecases.workspace import Workspace

__all__ = ["Blame", "Credit", "ElementBlame", "Run", "blame", "prepare_history"]


@dataclass(frozen=True)
class Run:
    """Consecutive characters of an element's wording put there by one source: the text, where
    it starts in the wording (0-based), and its source's position in the element's
    ``sources``."""

    text: str
    start: int
    source: int


@dataclass(frozen=True)
class ElementBlame:
    """One element's wording as runs of words, each with its source (sources in the order the
    wording first uses them). ``removed``: the version that removed the element, when it is no
    longer in the plan (its last wording is shown), or ``uncommitted`` when only the work tree
    lost it."""

    element_id: str
    label: str | None
    text: str
    runs: tuple[Run, ...]
    sources: tuple[Credit, ...]
    removed: Credit | None = None


@dataclass(frozen=True)
class Blame:
    """``editplan blame TARGET``: each element the target names."""

    target: str
    plan: Path
    elements: tuple[ElementBlame, ...]


def blame(ws: Workspace, target: str, *, plan: str | Path | None = None) -> Blame:
    """Who wrote every word of the element ``target`` names (of each, for a goal or block),
    in the plan (the workspace's, unless named) as the work tree holds it."""
    from editplan.core.reference import element_ids
    from editplan.history import following
    from editplan.history import git as history
    from editplan.history.index import opened

    path = ws.plan_path(plan)
    recovery.check_no_application(ws.at(path))
    repo = plan_repo(ws, path)
    plan_rel = history.relative(repo, path)
    history.check_committed(repo, plan_rel)
    working = load_plan(path)
    looked_up = working.index()  # once: a large plan takes a while to walk
    try:
        ids = element_ids(working, target, looked_up)
    except TargetError:
        ids = following.ids_in_history(repo, plan_rel, target)  # "#a1.ka3", removed since
        if not ids:
            raise
    places = looked_up.places
    with opened(repo, plan_rel) as index:
        credits = Credits(repo, following.marked(repo, index), index.wording_after, index.label)
        found = []
        for element_id in ids:
            place = places.get(element_id)
            text, label = (place.item.text, place.label) if place else (None, None)
            found.append(_element(index, credits, element_id, text, label))
    return Blame(target, path, tuple(found))


def prepare_history(ws: Workspace, *, plan: str | Path | None = None) -> None:
    """Bring the history index of the plan (the workspace's, unless named) up to date: made,
    or extended by the versions since, so that the first ``blame`` or ``log TARGET`` after it
    is quick (a server does this as it starts). The wordings of changes are read when asked."""
    from editplan.history import git as history
    from editplan.history.index import opened

    path = ws.plan_path(plan)
    recovery.check_no_application(ws.at(path))
    repo = plan_repo(ws, path)
    with opened(repo, history.relative(repo, path)):
        pass


def _element(
    index: HistoryIndex, credits: Credits, element_id: str, text: str | None, label: str | None
) -> ElementBlame:
    """The runs and sources of one element's wording (``text``: in the work tree; None when
    the element is not there)."""
    blamed = replay.blame(index, element_id, text, credits.wording)
    removed: Credit | None = None
    if blamed is None:  # added in the work tree, never committed
        words = carry(text or "", [], replay.everything(replay.Origin(replay.UNCOMMITTED)))
    else:
        words = blamed.words
        if text is None:
            removed = credits.uncommitted()
            if blamed.removed_at is not None:
                at = blamed.removed_at
                removed = credits.of(at, _remover(index.versions[at], element_id))
                gone = index.change(at, element_id)
                label = gone.old_label if gone is not None else None
            else:
                label = _last_label(index, element_id)
    order: dict[replay.Origin, int] = {}
    sources: list[Credit] = []
    runs: list[Run] = []
    start = 0
    for run_text, origin in words.runs():
        if origin not in order:
            order[origin] = len(sources)
            at = origin.at
            sources.append(credits.uncommitted() if at == replay.UNCOMMITTED
                           else credits.of(at, origin.amendment))  # fmt: skip
        runs.append(Run(run_text, start, order[origin]))
        start += len(run_text)
    return ElementBlame(element_id, label, words.text, tuple(runs), tuple(sources), removed)


def _remover(version: Version, element_id: str) -> str | None:
    """The Change trailer key of the amendment that removed the element, if one did."""
    for key, touches in version.changes().items():
        if any(t.element_id == element_id and t.action == "removed" for t in touches):
            return key
    return None


def _last_label(index: HistoryIndex, element_id: str) -> str | None:
    """The element's display number in the last version that changed it."""
    for at in reversed(index.touched.get(element_id, [])):
        change = index.change(at, element_id)
        if change is not None:
            return change.new_label or change.old_label
    return None
