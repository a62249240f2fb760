"""The synoptic model of a review round's compilation (pure): what ``compile`` lays out.

In plan order, per goal or block, each element that a proposal touches, its wording now, and
the proposals on it; identical proposals of different bodies are one entry with all their
sources, and each entry carries the collisions of its proposals. The writers (Word, Markdown,
HTML) only draw this model.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from editplan.core.model import KIND_NOUN, KINDS, display_number, unit_key
from editplan.core.round import Collision, Proposal, Round, Spot


@dataclass(frozen=True)
class Entry:
    """One proposal as a compilation shows it (identical proposals once, with every source)."""

    sources: tuple[Proposal, ...]
    spots: tuple[Spot, ...]
    collides: tuple[Collision, ...]

    @property
    def first(self) -> Proposal:
        return self.sources[0]


@dataclass(frozen=True)
class Row:
    """An element (or what is added to a goal) and the proposals on it, in round order."""

    anchor: str
    label: str
    current: str | None
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Section:
    """A goal or block: its heading and its rows."""

    unit_id: str
    heading: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Compilation:
    """What ``compile`` lays out: per goal, each element touched and its proposals."""

    title: str
    version: str
    round: Round
    sections: tuple[Section, ...]
    elsewhere: tuple[Entry, ...]


def compilation(found: Round, *, everything: bool = False) -> Compilation:
    """Lay a round out in plan order: goals, their elements, each element's proposals.

    Identical proposals are one entry with all their sources, at the first one's place;
    elements with no proposal are left out unless ``everything``.
    """
    plan = found.plan
    group_of = {p.key: g for g in found.same for p in g}
    collisions: dict[str, list[Collision]] = defaultdict(list)
    for c in found.collisions:
        collisions[c.first.key].append(c)
        collisions[c.second.key].append(c)
    at: dict[str, list[Entry]] = defaultdict(list)
    placed: set[str] = set()
    for p in found.proposals:
        if p.key in placed or p.status == "applied":
            continue
        sources = group_of.get(p.key, (p,))
        placed.update(s.key for s in sources)
        collides = tuple(c for s in sources for c in collisions.get(s.key, ()))
        by_anchor: dict[str, list[Spot]] = defaultdict(list)
        for spot in p.spots:
            by_anchor[spot.anchor].append(spot)
        for anchor, spots in by_anchor.items():
            at[anchor].append(Entry(sources, tuple(spots), collides))
    sections: list[Section] = []
    used: set[str] = set()
    for _, unit in plan.units():
        rows: list[Row] = []
        for kind in KINDS:
            for n, item in enumerate(unit.items(kind), start=1):
                entries = at.get(item.id, [])
                used.add(item.id)
                if entries or everything:
                    label = f"{unit.label}, {KIND_NOUN[kind]} {display_number(kind, n)}"
                    rows.append(Row(item.id, label, item.text, tuple(entries)))
        key = unit_key(unit)
        used.add(key)
        if key in at:
            rows.append(Row(key, f"{unit.label}: proposed additions", None, tuple(at[key])))
        if rows:
            title = getattr(unit, "title", None)
            heading = f"{unit.label}: {title}" if title else unit.label
            sections.append(Section(key, heading, tuple(rows)))
    elsewhere = tuple(e for anchor, entries in at.items() if anchor not in used for e in entries)
    return Compilation(plan.title, plan.version, found, tuple(sections), elsewhere)
