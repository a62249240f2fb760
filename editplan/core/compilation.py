"""The synoptic model of a review round's compilation (pure): what ``compile`` lays out.

In plan order, per goal or block, each element that a proposal touches (a goal's title is an
element too), its wording now, and the proposals on it; identical proposals of different
bodies are one entry with all their sources, and each entry carries the collisions of its
proposals, each pair told once in the whole compilation (at the entry a reader reaches
second). After it, every proposal once, by number, with its outcome. The writers (Word,
Markdown, HTML) only draw this model.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from editplan.core.decisions import DECIDED_BY
from editplan.core.model import KIND_NOUN, KINDS, Goal, GoalBlock, Unit, display_number, unit_key
from editplan.core.round import Collision, Proposal, Round, Spot

__all__ = [
    "Compilation",
    "Entry",
    "Row",
    "Section",
    "collision_note",
    "compilation",
    "entries",
    "numbers_of",
    "outcome",
    "title_key",
]


@dataclass(frozen=True)
class Entry:
    """One proposal as a compilation shows it (identical proposals once, with every source).

    ``collides`` holds every collision of its sources (such an entry is marked); ``notes`` the
    collisions to tell here, since a compilation tells each pair once.
    """

    sources: tuple[Proposal, ...]
    spots: tuple[Spot, ...]
    collides: tuple[Collision, ...]
    notes: tuple[Collision, ...] = ()

    @property
    def first(self) -> Proposal:
        return self.sources[0]

    @property
    def numbers(self) -> str:
        """The entry's numbers, "3" or "3, 12" (identical proposals); "" if unnumbered."""
        return ", ".join(str(p.number) for p in self.sources if p.number is not None)

    def other(self, c: Collision) -> Proposal:
        """The proposal of ``c`` that is not one of this entry's sources."""
        mine = {s.key for s in self.sources}
        return c.second if c.first.key in mine else c.first


@dataclass(frozen=True)
class Row:
    """An element (or what is added to a goal, or a goal's title) and the proposals on it,
    in round order."""

    anchor: str
    label: str
    current: str | None
    entries: tuple[Entry, ...]
    title: bool = False


@dataclass(frozen=True)
class Section:
    """A goal or block: its heading and its rows."""

    unit_id: str
    heading: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Compilation:
    """What ``compile`` lays out: per goal, each element touched and its proposals; then
    every proposal once (``results``), by number."""

    title: str
    version: str
    round: Round
    sections: tuple[Section, ...]
    elsewhere: tuple[Entry, ...]
    results: tuple[Proposal, ...] = ()


def title_key(goal_id: str) -> str:
    """The key of a goal's title among a compilation's anchors (a goal's own id is the key of
    what is added to it)."""
    return f"title:{goal_id}"


def compilation(found: Round, *, everything: bool = False) -> Compilation:
    """Lay a round out in plan order: goals, their titles and elements, each one's proposals.

    Identical proposals are one entry with all their sources, at the first one's place;
    elements with no proposal are left out unless ``everything``.
    """
    plan = found.plan
    at = _entries_by_anchor(found)
    sections: list[Section] = []
    used: set[str] = set()
    for _, unit in plan.units():
        rows: list[Row] = []
        for goal_id, title in _titles(unit):
            key = title_key(goal_id)
            used.add(key)
            if key in at:
                rows.append(Row(goal_id, f"Goal {goal_id}, title", title, tuple(at[key]), True))
        for kind in KINDS:
            for n, item in enumerate(unit.items(kind), start=1):
                here = at.get(item.id, [])
                used.add(item.id)
                if here or everything:
                    label = f"{unit.label}, {KIND_NOUN[kind]} {display_number(kind, n)}"
                    rows.append(Row(item.id, label, item.text, tuple(here)))
        key = unit_key(unit)
        used.add(key)
        if key in at:
            rows.append(Row(key, f"{unit.label}: proposed additions", None, tuple(at[key])))
        if rows:
            title = getattr(unit, "title", None)
            heading = f"{unit.label}: {title}" if title else unit.label
            sections.append(Section(key, heading, tuple(rows)))
    elsewhere = tuple(e for anchor, here in at.items() if anchor not in used for e in here)
    laid = Compilation(plan.title, plan.version, found, tuple(sections), elsewhere)
    laid = _told_once(laid)
    results = tuple(sorted(found.proposals, key=_by_number))
    return dataclasses.replace(laid, results=results)


def _entries_by_anchor(found: Round) -> dict[str, list[Entry]]:
    group_of = {p.key: g for g in found.same for p in g}
    collisions: dict[str, list[Collision]] = defaultdict(list)
    for c in found.collisions:
        collisions[c.first.key].append(c)
        collisions[c.second.key].append(c)
    at: dict[str, list[Entry]] = defaultdict(list)
    placed: set[str] = set()
    for p in found.proposals:
        if p.key in placed:
            continue
        sources = group_of.get(p.key, (p,))
        placed.update(s.key for s in sources)
        pairs = {(c.first.key, c.second.key): c for s in sources for c in collisions[s.key]}
        collides = tuple(pairs.values())
        by_anchor: dict[str, list[Spot]] = defaultdict(list)
        for spot in p.spots:
            by_anchor[title_key(spot.anchor) if spot.title else spot.anchor].append(spot)
        for anchor, spots in by_anchor.items():
            at[anchor].append(Entry(sources, tuple(spots), collides))
    return at


def _titles(unit: Unit) -> list[tuple[str, str]]:
    """The goals whose titles a unit shows, with the titles."""
    if isinstance(unit, GoalBlock):
        return [(g.id, g.title) for g in unit.goals]
    assert isinstance(unit, Goal)
    return [(unit.id, unit.title)]


def entries(laid: Compilation) -> Iterator[Entry]:
    """Every entry of a compilation in reading order."""
    for section in laid.sections:
        for row in section.rows:
            yield from row.entries
    yield from laid.elsewhere


def _told_once(laid: Compilation) -> Compilation:
    """Each collision told at one entry: where a reader reaches its second proposal."""
    seen: set[str] = set()
    told: set[tuple[str, str]] = set()
    notes: dict[int, list[Collision]] = defaultdict(list)
    for entry in entries(laid):
        for c in entry.collides:
            pair = (c.first.key, c.second.key)
            if pair not in told and entry.other(c).key in seen:
                told.add(pair)
                notes[id(entry)].append(c)
        seen.update(s.key for s in entry.sources)
    for entry in entries(laid):  # a pair whose other proposal is not shown: told here
        for c in entry.collides:
            if (c.first.key, c.second.key) not in told:
                told.add((c.first.key, c.second.key))
                notes[id(entry)].append(c)

    def noted(entry: Entry) -> Entry:
        return dataclasses.replace(entry, notes=tuple(notes.get(id(entry), ())))

    sections = tuple(
        dataclasses.replace(
            s,
            rows=tuple(
                dataclasses.replace(r, entries=tuple(noted(e) for e in r.entries)) for r in s.rows
            ),
        )
        for s in laid.sections
    )
    return dataclasses.replace(
        laid, sections=sections, elsewhere=tuple(noted(e) for e in laid.elsewhere)
    )


def _by_number(p: Proposal) -> tuple[int, int]:
    return (p.number if p.number is not None else 10**9, p.order)


def numbers_of(found: Round) -> dict[str, int]:
    """Each numbered proposal's number, by key ("lg14 53(a)")."""
    return {p.key: p.number for p in found.proposals if p.number is not None}


def outcome(p: Proposal, numbers: Mapping[str, int] | None = None) -> str:
    """What became of a proposal, in words: "agreed, applied in version 'V' (commit abc1234)",
    "agreed as orally amended (the meeting): ...", "fell: no. 3 (lg14 53(a)) was agreed",
    "rejected", "withdrawn", or "proposed" while undecided; the decision's note after it."""
    decision = p.amendment.decision
    status = p.amendment.status
    orally = decision is not None and decision.text is not None
    if orally:
        assert decision is not None
        head = f"agreed as orally amended ({decision.by or DECIDED_BY}): {decision.text}"
    elif status == "fallen" and decision is not None and decision.fell_to is not None:
        n = (numbers or {}).get(decision.fell_to)
        named = decision.fell_to if n is None else f"no. {n} ({decision.fell_to})"
        head = f"fell: {named} was agreed"
    else:
        head = status
    if p.status == "applied":
        where = (
            f"applied in version {p.landing.version!r} (commit {p.landing.commit})"
            if p.landing is not None
            else "applied"
        )
        head = where if status == "proposed" and not orally else f"{head}; {where}"
    if decision is not None and decision.note is not None:
        head += f" ({decision.note})"
    return head


def collision_note(c: Collision, entry: Entry) -> str:
    """How a compilation tells a collision: "Cannot both be agreed with no. 3 (lg14 53(a),
    LG-14): <reason>"."""
    other = entry.other(c)
    return f"Cannot both be agreed with {_named(other)}: {c.reason}"


def _named(p: Proposal) -> str:
    inner = f"{p.key}, {p.author}"
    return f"no. {p.number} ({inner})" if p.number is not None else f"{p.key} ({p.author})"
