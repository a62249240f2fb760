"""Turn a reviewed document's traces into amendments against the base version.

:mod:`editplan.word.reviews.tracing` says what each element after the review grew out of; here each
trace becomes the smallest operation that says it: a wording change as replace, delete or
insert of a phrase (:mod:`editplan.word.reviews.wording`), or rephrase when most of the element is
rewritten; split, join, add, remove and move for the structure; comments and what is only
listed come from :mod:`editplan.word.reviews.remarks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from editplan.core.model import KIND_NOUN, Goal, Plan, Unit, unit_key
from editplan.ooxml.review import Revision
from editplan.word.reviews import wording
from editplan.word.reviews.collect import ReviewedDocument, Spot
from editplan.word.reviews.provenance import Provenance
from editplan.word.reviews.remarks import Remarks
from editplan.word.reviews.tracing import Traced, Tracer, position_among

# Below this share of the words kept (old and new wording together), a change is a rephrase.
REPHRASE_BELOW = 0.5


@dataclass
class Found:
    """One amendment found in the document, before it gets its id."""

    fields: dict[str, Any]
    order: int
    revisions: list[Revision]
    element: str | None = None  # the base element (or "goal:A.1") it changes
    span: tuple[int, int] | None = None  # stream offsets its change covers
    tracked: bool = True
    notes: list[str] = field(default_factory=list)
    wording: str | None = None  # the element's whole new wording, for a text change


@dataclass
class Collected:
    """What a reviewed document proposes: amendments in document order, and what is listed
    because it is not an amendment (format changes, changes outside the plan's elements)."""

    found: list[Found]
    listed: list[str]
    warnings: list[str]
    notes: list[str] = field(default_factory=list)


class Builder:
    """Compares one reviewed document with its base plan and collects its amendments."""

    def __init__(self, doc: ReviewedDocument, base: Plan) -> None:
        self.doc = doc
        self.base = base
        self.stream = doc.stream
        self.prov = Provenance(doc.stream)
        self.places = base.locate()
        self.found: list[Found] = []
        self.listed: list[str] = []
        self.warnings: list[str] = []
        self.trace = Tracer(doc, base, self.listed)

    @property
    def matched(self) -> int:
        """How many base elements were found in the document (before the review)."""
        return self.trace.matched

    @property
    def total(self) -> int:
        return self.trace.total

    def run(self) -> Collected:
        news = self.trace.run()
        self._emit(news)
        self._titles()
        remarks = Remarks(self)
        remarks.comments()
        remarks.leftovers()
        self.found.sort(key=lambda f: f.order)
        return Collected(self.found, self.listed, self.warnings, self.trace.notes)

    def _emit(self, news: list[Traced]) -> None:
        for position, new in enumerate(news):
            order = min(new.spot.origins, default=0)
            if new.status == "part":
                continue
            if new.status == "added":
                self._add(new, news, position, order)
                continue
            assert new.base is not None
            base_place = self.places[new.base]
            if new.base in self.trace.splits:
                parts = self.trace.splits[new.base]
                origins = [g for p in parts for g in p.spot.origins]
                self.found_one(
                    {
                        "target": base_place.label,
                        "op": "split",
                        "into": [p.spot.text for p in parts],
                    },
                    order,
                    self.prov.range_revisions(origins, self.trace._old_origins(new.base)),
                    element=new.base,
                )
                continue
            if new.base in self.trace.joins:
                targets = self.trace.joins[new.base]
                old = [g for b in targets for g in self.trace._old_origins(b)]
                self.found_one(
                    {
                        "targets": [self.places[b].label for b in targets],
                        "op": "join",
                        "text": new.spot.text,
                    },
                    order,
                    self.prov.range_revisions(new.spot.origins, old),
                    element=new.base,
                )
                continue
            if new.status == "moved":
                self._move(new, news, position, order)
            self._wording(
                base_place.item.text,
                new.spot,
                base_place.label,
                new.base,
                self.trace._before_spot(new.base),
            )
        for element_id in self.trace.removed:
            place = self.places[element_id]
            old = self.trace._old_origins(element_id)
            revs = self.prov.revisions(old)
            self.found_one(
                {"target": place.label, "op": "remove"},
                min(old, default=0),
                revs,
                element=element_id,
                tracked=bool(revs),
            )

    def _add(self, new: Traced, news: list[Traced], position: int, order: int) -> None:
        unit = self._base_unit(new.unit)
        if unit is None:
            self.listed.append(
                f"{KIND_NOUN[new.kind]} {new.spot.text!r} is under a goal the base version "
                "does not have; not collected"
            )
            return
        fields: dict[str, Any] = {"target": _unit_ref(unit), "op": "add", "kind": new.kind}
        fields["text"] = new.spot.text
        fields.update(position_among(self.places, new, news))
        revs = self.prov.revisions(new.spot.origins)
        self.found_one(fields, order, revs, element=None, tracked=bool(revs))

    def _move(self, new: Traced, news: list[Traced], position: int, order: int) -> None:
        assert new.base is not None
        unit = self._base_unit(new.unit)
        if unit is None:
            return
        fields: dict[str, Any] = {"target": self.places[new.base].label, "op": "move"}
        where = position_among(self.places, new, news)
        if "sibling" not in where:
            where["to"] = _unit_ref(unit)
        fields.update(where)
        revs = self.prov.range_revisions(new.spot.origins, self.trace._old_origins(new.base))
        self.found_one(fields, order, revs, element=new.base, tracked=bool(revs))

    def _wording(
        self,
        old: str,
        spot: Spot,
        target: str,
        element: str,
        before: Spot | None,
    ) -> None:
        """The amendments that take ``old`` to the wording at ``spot``."""
        new = spot.text
        if old == new:
            return
        old_origins = wording.map_origins(old, before)
        hunks = wording.hunks(old, new)
        total = wording.words(old) + wording.words(new) or 1
        changed = sum(wording.words(old[a:b]) + wording.words(new[c:d]) for a, b, c, d in hunks)
        rewritten = bool(spot.origins) and all(self.stream.states[g] == "ins" for g in spot.origins)
        if rewritten or changed / total > 1 - REPHRASE_BELOW:
            revs = self.prov.range_revisions(spot.origins, [g for g in old_origins if g >= 0])
            self.found_one(
                {"target": target, "op": "rephrase", "text": new},
                min(spot.origins, default=0),
                revs,
                element=element,
                tracked=bool(revs),
                span=wording.span(spot.origins),
            )
            self.found[-1].wording = new
            return
        for a, b, c, d in hunks:
            fields = wording.hunk_fields(old, new, a, b, c, d)
            old_side = [g for g in old_origins[a:b] if g >= 0]
            new_side = spot.origins[c:d]
            revs = self.prov.revisions(old_side + new_side)
            if not revs:
                wider = [g for g in old_origins[max(a - 1, 0) : b + 1] if g >= 0]
                revs = self.prov.revisions(wider + spot.origins[max(c - 1, 0) : d + 1])
            order = spot.origins[c] if c < len(spot.origins) else min(spot.origins, default=0)
            span = wording.span(old_side + new_side) or wording.span(
                spot.origins[max(c - 1, 0) : c + 1]
            )
            ghosts = self.prov.ghosts(span)
            if ghosts and "phrase" in fields:
                self._overlap(fields, target, element, order, span, ghosts, new_side)
                continue
            self.found_one(
                {"target": target, **fields},
                order,
                revs,
                element=element,
                tracked=bool(revs),
                span=span,
            )
            self.found[-1].wording = new

    def _overlap(
        self,
        fields: dict[str, Any],
        target: str,
        element: str,
        order: int,
        span: tuple[int, int] | None,
        ghosts: list[tuple[Revision, Revision, str]],
        new_side: list[int],
    ) -> None:
        """Two reviewers changed the same words (one deleted what the other inserted): both
        proposals are collected, each against the base, and marked as conflicting."""
        first_rev, second_rev, words = ghosts[0]
        first = {"target": target, "op": "replace", "phrase": fields["phrase"], "by": words.strip()}
        later = self.prov.revisions(new_side) or [second_rev]
        self.found_one(first, order, [first_rev], element=element, span=span)
        earlier = self.found[-1]
        self.found_one({"target": target, **fields}, order + 1, later, element=element, span=span)
        last = self.found[-1]
        earlier.notes.append(
            f"conflicts with the change by {second_rev.author} on the same words "
            f"({fields['phrase']!r}); decide between them"
        )
        last.notes.append(
            f"conflicts with the change by {first_rev.author} on the same words "
            f"({fields['phrase']!r}), whose insertion {second_rev.author} deleted"
        )

    def _titles(self) -> None:
        """Goal titles are wording too."""
        before, after = self.doc.before, self.doc.after
        for goal_id, spot in after.titles.items():
            unit = self.base.unit_by_goal(goal_id)
            if unit is None:
                continue
            heads = unit.goals if not isinstance(unit, Goal) else [unit]  # type: ignore[attr-defined]
            title = next(h.title for h in heads if h.id == goal_id)
            self._wording(
                title, spot, f"Goal {goal_id}", f"goal:{goal_id}", before.titles.get(goal_id)
            )

    def found_one(
        self,
        fields: dict[str, Any],
        order: int,
        revisions: list[Revision],
        *,
        element: str | None,
        tracked: bool = True,
        span: tuple[int, int] | None = None,
    ) -> None:
        found = Found(fields, order, revisions, element, span, tracked)
        if not tracked:
            self.warnings.append(
                f"{fields.get('target') or fields.get('targets')}: a {fields['op']} made with "
                "tracking off (no revision marks); collected as tracked: false"
            )
        self.found.append(found)

    def _base_unit(self, goal_ids: tuple[str, ...]) -> Unit | None:
        unit = self.base.unit_by_goal(goal_ids[0])
        if unit is None or tuple(unit.goal_ids) != goal_ids:
            return None
        return unit


def _unit_ref(unit: Unit) -> str:
    return f"Goal {unit_key(unit)}" if isinstance(unit, Goal) else unit.label
