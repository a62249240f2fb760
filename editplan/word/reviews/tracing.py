"""Trace each element of a reviewed document to the base elements it grew out of.

The elements the document read before the review are matched with the base's (by their
bookmarks, else by unit, kind and text); each element after the review is traced through the
characters it kept. One base element into one element is kept (its wording may change), into
several a split, several into one a join; a base element with no trace is removed, an element
with no source is added, and a removed and an added element with the same words (or Word's
move markup) are a move, as is a kept element whose goal or order changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from editplan.core.layout import CLOSING
from editplan.core.model import Kind, Plan
from editplan.core.sequences import longest_increasing
from editplan.ooxml.review import Revision
from editplan.word.reviews import wording
from editplan.word.reviews.alignment import Alignment
from editplan.word.reviews.collect import ReviewedDocument, Spot
from editplan.word.reviews.provenance import Provenance


@dataclass
class Traced:
    """An element after the review and what it came from."""

    id: str
    unit: tuple[str, ...]
    kind: Kind
    spot: Spot
    sources: list[str]
    status: str = "added"  # kept, moved, added, part (of a split)
    base: str | None = None


class Tracer:
    """The traces of one reviewed document against its base plan."""

    def __init__(self, doc: ReviewedDocument, base: Plan, listed: list[str]) -> None:
        self.doc = doc
        self.base = base
        self.stream = doc.stream
        self.prov = Provenance(doc.stream)
        self.places = base.locate()
        self.listed = listed
        self.aligned = Alignment(doc, base)
        self.notes = self.aligned.notes
        self.old_to_base = self.aligned.old_to_base
        self.base_to_old = self.aligned.base_to_old
        self.splits: dict[str, list[Traced]] = {}
        self.joins: dict[str, list[str]] = {}
        self.removed: list[str] = []
        self.news: list[Traced] = []

    @property
    def matched(self) -> int:
        return self.aligned.matched

    @property
    def total(self) -> int:
        return self.aligned.total

    def run(self) -> list[Traced]:
        """Every element after the review, in document order, with its status and base."""
        self.aligned.run()
        news = self.news = self._trace()
        self._pair(news)
        self._moves(news)
        return news

    def _trace(self) -> list[Traced]:
        # which old element each kept, non-space character of the stream belongs to
        states = self.stream.states
        owner: list[str | None] = [None] * len(states)
        for old_id, spot in self.doc.before.items.items():
            for ch, g in zip(spot.text, spot.origins, strict=False):
                if states[g] == "same" and not ch.isspace():
                    owner[g] = old_id
        after = self.doc.after
        news: list[Traced] = []
        for unit_pair in after.plan.units():
            unit = unit_pair[1]
            for kind in ("key_area", "activity"):
                for item in unit.items(kind):  # type: ignore[arg-type]
                    spot = after.items[item.id]
                    if item.text == CLOSING and all(states[g] == "same" for g in spot.origins):
                        # LibreOffice gives the closing line the style of a last item deleted
                        # before it, and the importer then reads it as an item
                        self.listed.append(
                            f"the closing line {CLOSING!r} took the style of the item deleted "
                            "before it; it is not an element"
                        )
                        continue
                    counts = Counter(filter(None, map(owner.__getitem__, spot.origins)))
                    sources = [self.old_to_base.get(o, f"?{o}") for o, _ in counts.most_common()]
                    news.append(Traced(item.id, tuple(unit.goal_ids), kind, spot, sources))  # type: ignore[arg-type]
        return news

    def _pair(self, news: list[Traced]) -> None:
        """Kept, split and joined elements from the traces."""
        into: dict[str, list[Traced]] = {}
        for new in news:
            for source in new.sources:
                if not source.startswith("?"):
                    into.setdefault(source, []).append(new)
        self.splits: dict[str, list[Traced]] = {}
        self.joins: dict[str, list[str]] = {}
        for new in news:
            bases = [s for s in new.sources if not s.startswith("?")]
            if not bases:
                continue
            if len(bases) == 1 and len(into[bases[0]]) == 1:
                new.status, new.base = "kept", bases[0]
            elif len(bases) == 1:
                parts = into[bases[0]]
                if self._consecutive(parts, news) and new is parts[0]:
                    new.status, new.base = "kept", bases[0]
                    self.splits[bases[0]] = parts
                elif bases[0] in self.splits:
                    new.status = "part"
            elif all(len(into[b]) == 1 for b in bases) and self._siblings(bases):
                ordered = sorted(bases, key=lambda b: self.places[b].index)
                new.status, new.base = "kept", ordered[0]
                self.joins[ordered[0]] = ordered
        # what no rule explained: the largest source keeps its element, others are added
        claimed = {n.base for n in news if n.base} | {
            b for parts in self.joins.values() for b in parts
        }
        for new in news:
            if new.status == "added":
                for source in new.sources:
                    if not source.startswith("?") and source not in claimed:
                        new.status, new.base = "kept", source
                        claimed.add(source)
                        break
        # a paragraph whose whole wording was replaced keeps its paragraph mark
        ends = self._before_ends()
        for new in news:
            if new.status != "added":
                continue
            last = self.doc.after.paragraphs[new.spot.para].last
            mark = self.stream.paragraphs[last]
            base_id = ends.get(last)
            if mark.mark == "same" and base_id and base_id not in claimed:
                place = self.places[base_id]
                if tuple(place.unit.goal_ids) == new.unit and place.kind == new.kind:
                    new.status, new.base = "kept", base_id
                    claimed.add(base_id)

    def _before_ends(self) -> dict[int, str]:
        """Base element by the stream paragraph whose mark ends it in the before-reading."""
        out: dict[int, str] = {}
        for old_id, spot in self.doc.before.items.items():
            if old_id in self.old_to_base:
                out[self.doc.before.paragraphs[spot.para].last] = self.old_to_base[old_id]
        return out

    def _consecutive(self, parts: list[Traced], news: list[Traced]) -> bool:
        at = [news.index(p) for p in parts]
        same = all(p.unit == parts[0].unit and p.kind == parts[0].kind for p in parts)
        return same and at == list(range(at[0], at[0] + len(at)))

    def _siblings(self, bases: list[str]) -> bool:
        places = [self.places[b] for b in bases]
        first = places[0]
        if any(p.unit is not first.unit or p.kind != first.kind for p in places):
            return False
        indexes = sorted(p.index for p in places)
        return indexes == list(range(indexes[0], indexes[0] + len(indexes)))

    def _moves(self, news: list[Traced]) -> None:
        """A removed element and an added one with the same words, or joined by Word's move
        markup, are a move; so is a kept element whose unit or order changed."""
        present = {n.base for n in news if n.base} | {
            b for parts in self.joins.values() for b in parts
        }
        removed = [e for e in self.places if e not in present]
        by_name: dict[str, str] = {}
        for element_id in removed:
            for rev in self._old_revisions(element_id):
                if rev.move:
                    by_name[rev.move] = element_id
        for new in news:
            if new.status != "added":
                continue
            match = None
            for rev in self.prov.revisions(new.spot.origins):
                if rev.move and rev.move in by_name and by_name[rev.move] in removed:
                    match = by_name[rev.move]
            if match is None:
                text = wording.norm(new.spot.text)
                match = next(
                    (
                        e
                        for e in removed
                        if wording.norm(self.places[e].item.text) == text
                        and self.places[e].kind == new.kind
                    ),
                    None,
                )
            if match is not None:
                removed.remove(match)
                new.status, new.base = "moved", match
        self.removed = removed
        kept: dict[tuple[tuple[str, ...], str], list[Traced]] = {}
        for n in news:  # one pass: a pass per unit made 20,000 elements cost seconds
            group = kept.setdefault((n.unit, n.kind), [])
            if n.status == "kept":
                group.append(n)
        for key, group in kept.items():
            staying = [n for n in group if self._unit_of(n.base) == key[0]]
            for n in group:
                if n not in staying:
                    n.status = "moved"
            order = [self.places[n.base].index for n in staying]  # type: ignore[index]
            keep = set(longest_increasing(order))
            for k, n in enumerate(staying):
                if k not in keep:
                    n.status = "moved"

    def _unit_of(self, element_id: str | None) -> tuple[str, ...]:
        assert element_id is not None
        return tuple(self.places[element_id].unit.goal_ids)

    def _old_origins(self, element_id: str) -> list[int]:
        spot = self._before_spot(element_id)
        return spot.origins if spot else []

    def _before_spot(self, element_id: str) -> Spot | None:
        old = self.base_to_old.get(element_id)
        return self.doc.before.items.get(old) if old else None

    def _old_revisions(self, element_id: str) -> list[Revision]:
        return self.prov.revisions(self._old_origins(element_id))


def position_among(places: dict[str, Any], new: Traced, group: list[Traced]) -> dict[str, Any]:
    """After the nearest element before it that stays in place, else before the nearest
    after it, else at the end; ``group`` holds the elements of its unit and kind, in order."""
    at = group.index(new)
    for n in reversed(group[:at]):
        if n.status == "kept" and n.base is not None:
            return {"position": "after", "sibling": places[n.base].label}
    for n in group[at + 1 :]:
        if n.status == "kept" and n.base is not None:
            return {"position": "before", "sibling": places[n.base].label}
    return {"position": "end"}
