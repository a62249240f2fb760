"""Use cases on the plan's history: a version, the log, and the difference between two versions."""

from __future__ import annotations

import dataclasses
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from editplan.core.changeset import ElementDiff, compare
from editplan.core.model import Plan, excerpt, unit_key
from editplan.core.quotation import italics, quoted
from editplan.errors import HistoryError, TargetError
from editplan.store.files import display
from editplan.usecases import recovery
from editplan.usecases.plans import load_plan
from editplan.usecases.renderers import renderer_for
from editplan.usecases.workspace import Workspace

if TYPE_CHECKING:
    from editplan.history.following import Event
    from editplan.history.repo import Repository
    from editplan.history.trailers import Version


def plan_at(ws: Workspace, rev: str | None, *, plan: str | Path | None = None) -> Plan:
    """The plan (the workspace's, unless named) as it is now (``rev`` None) or as it was at
    git ``rev``."""
    path = ws.plan_path(plan)
    if rev is None:
        return load_plan(path)
    from editplan.history import git as history

    repo = plan_repo(ws, path)
    return history.plan_at(repo, rev, history.relative(repo, path))


def plan_repo(ws: Workspace, path: Path) -> Repository:
    """The repository holding the plan file; an error outside git."""
    repo = ws.repo_of(path)
    if repo is None:
        raise HistoryError(
            f"{display(path)} is not in a git repository, so it has no history; make a "
            "workspace with 'editplan init', or commit the plan in a git repository"
        )
    return repo


def log(
    ws: Workspace, target: str | None = None, *, plan: str | Path | None = None
) -> list[Version] | list[Event]:
    """The plan's versions, newest first; with a target, only the changes to that element.

    Without a target: :class:`~editplan.history.trailers.Version` values. With one:
    :class:`~editplan.history.following.Event` values, following the element's id through
    renumbering and back through splits.
    """
    from editplan.core.reference import element_ids
    from editplan.history import following
    from editplan.history import git as history

    path = ws.plan_path(plan)
    recovery.check_no_application(ws.at(path))
    repo = plan_repo(ws, path)
    plan_rel = history.relative(repo, path)
    history.check_committed(repo, plan_rel)
    if target is None:
        return history.versions(repo, plan_rel)
    try:
        ids = element_ids(load_plan(path), target)
    except TargetError:
        # an element removed since can still be named by id: "#a1.ka3"
        ids = following.ids_in_history(repo, plan_rel, target)
        if not ids:
            raise
    return following.element_log(repo, plan_rel, ids)


@dataclass(frozen=True)
class Made:
    """One amendment that changed elements between two versions, from its commit's
    Editplan-* trailers: the set, the amendment, the body and date, and the elements."""

    set_id: str | None
    amendment: str
    commit: str
    author: str
    date: str
    source: str
    quote: str | None
    element_ids: tuple[str, ...]
    also: tuple[str, ...] = ()  # the same change proposed by other sets ("ngo-b:B1")
    unit_ids: tuple[str, ...] = ()  # the goals or blocks whose headings show a changed title


@dataclass
class VersionDiff:
    """Two versions of a plan and their differences, element by element, in new order, and
    what made them (``made``, oldest first)."""

    old: Plan
    new: Plan
    elements: list[ElementDiff]
    versions: list[Version]
    quotes: dict[tuple[str, str], str] = field(default_factory=dict)  # (sha, amendment) -> quote
    made: list[Made] = field(default_factory=list)

    @property
    def origins(self) -> dict[str, list[Made]]:
        """Element id -> the amendments that changed it between the versions, oldest first;
        an element no commit's trailers name (an edit made outside editplan) has none."""
        out: dict[str, list[Made]] = {}
        for made in self.made:
            for element_id in made.element_ids:
                out.setdefault(element_id, []).append(made)
        return out


def diff(
    ws: Workspace,
    rev1: str,
    rev2: str,
    target: str | None = None,
    *,
    plan: str | Path | None = None,
) -> VersionDiff:
    """What changed in the plan (the workspace's, unless named) between git revisions
    ``rev1`` and ``rev2``."""
    from editplan.core.reference import element_ids
    from editplan.history import git as history

    path = ws.plan_path(plan)
    recovery.check_no_application(ws.at(path))
    repo = plan_repo(ws, path)
    plan_rel = history.relative(repo, path)
    old = history.plan_at(repo, rev1, plan_rel)
    new = history.plan_at(repo, rev2, plan_rel)
    between = history.versions_between(repo, plan_rel, rev1, rev2)
    quotes = {(v.sha, a): q for v in between for a, q in history.quotes(repo, v).items()}
    wanted: set[str] | None = None
    if target is not None:
        # the target as either version numbers it: an element may have moved between them
        wanted = set()
        for version in (old, new):
            with suppress(TargetError):
                wanted.update(element_ids(version, target))
        if not wanted:
            element_ids(new, target)  # raises the error that says what exists
    found = VersionDiff(old, new, compare(old, new, wanted), between, quotes)
    found.made = _made(found)
    return found


def _made(result: VersionDiff) -> list[Made]:
    """What each amendment between the versions changed, oldest first, from the trailers."""
    known = set(result.old.locate()) | set(result.new.locate())
    # a goal's title shows in its goal's (or block's) heading
    heads = {
        goal: unit_key(unit)
        for plan in (result.old, result.new)
        for _, unit in plan.units()
        for goal in unit.goal_ids
    }
    out = []
    for version in reversed(result.versions):
        credits = version.credits()  # whose words, where not the set author's
        same: dict[str, list[str]] = {}  # "lg14:53(n)" -> ["ngo-b:B1"], applied once for both
        for value in version.trailers.get("Same", []):
            own, _, other = (part.strip() for part in value.partition(" = "))
            same.setdefault(other, []).append(own)
        for key, touches in version.changes().items():
            # a version of several sets names each amendment with its set ("lg14:53(a)")
            set_id, amendment = version.owner(key)
            # an element added and removed again between the two versions shows in neither
            ids = tuple(dict.fromkeys(t.element_id for t in touches if t.element_id in known))
            units = tuple(
                dict.fromkeys(heads[t.element_id] for t in touches if t.element_id in heads)
            )
            if not ids and not units:
                continue
            author = credits.get(key) or version.of_set("Author", set_id or "") or "unknown"
            out.append(
                Made(
                    set_id=set_id,
                    amendment=amendment,
                    commit=version.short,
                    author=author,
                    date=version.of_set("Date", set_id or "") or version.date[:10],
                    source=version.of_set("Source", set_id or "") or version.subject,
                    quote=result.quotes.get((version.sha, key)),
                    element_ids=ids,
                    also=tuple(same.get(key, ())),
                    unit_ids=units,
                )
            )
    return out


def _units_named(old: Plan, new: Plan, target: str) -> set[str]:
    """The goals and blocks a target names in either of two versions (an error naming what
    exists when it names nothing in both)."""
    from editplan.core.reference import resolve

    units: set[str] = set()
    for version in (old, new):
        with suppress(TargetError):
            units.update(t.unit_id for t in resolve(version, target))
    if not units:
        resolve(new, target)  # raises the error that says what exists
    return units


def write_diff_document(
    ws: Workspace,
    result: VersionDiff,
    output: str | Path,
    *,
    force: bool = False,
    only: str | None = None,
) -> Path:
    """Write the difference between two versions as a tracked .docx, a web page (.html) or a
    PDF, as ``output``'s suffix says, atomically (see :mod:`editplan.usecases.outputs`, which
    also says when an existing file is replaced).

    Each change is attributed to the set and amendment that made it (from the commits'
    Editplan-* trailers); changes made outside editplan are attributed to "unknown". With
    ``only`` (a target, as ``show`` takes one), the document draws only the goals and blocks
    it names in either version: one goal of a large plan.
    """
    from editplan.core.attribution import Attribution
    from editplan.usecases import outputs

    target = outputs.output(ws, "diff", output, force=force)
    attributions = []
    for made in result.made:
        comment = f"{made.amendment} ({made.set_id}, commit {made.commit}) — {made.source}"
        if made.quote:
            comment += "\n" + quoted(italics(made.quote))
        attributions.append(
            Attribution(
                key=f"{made.set_id} {made.amendment}",
                author=made.author,
                date=made.date,
                comment=comment,
                element_ids=made.element_ids,
                unit_ids=made.unit_ids,
            )
        )
    newest = result.versions[0] if result.versions else None
    old, new = result.old, result.new
    if only is not None:
        units = _units_named(old, new, only)
        old, new = excerpt(old, units), excerpt(new, units)
        drawn = set(old.locate()) | set(new.locate())
        attributions = [
            dataclasses.replace(a, element_ids=kept)
            for a in attributions
            if (kept := tuple(e for e in a.element_ids if e in drawn))
        ]
    data = renderer_for(target.path).render_tracked(
        old,
        new,
        attributions,
        author=(newest.trailer("Author") if newest else None) or "unknown",
        date=(newest.trailer("Date") if newest else None) or "1970-01-01",
    )
    return target.write(data)
