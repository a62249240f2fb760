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
from editplan.word.reviews.changes import WordingChanges
from editplan.word.reviews.collect import ReviewedDocument
from editplan.word.reviews.provenance import Provenance
from editplan.word.reviews.refusals import Unexpressed
from editplan.word.reviews.remarks import Remarks
from editplan.word.reviews.tracing import Traced, Tracer, position_among


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
    # in a conflict between two reviewers: "superseded" (words another reviewer deleted), or
    # "as is" (the wording as the deleting reviewer left it); None otherwise
    role: str | None = None
    author: str | None = None  # the reviewer's name as the set gives it, if not the marks'


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
        self.changes = WordingChanges(self)
        self._news: list[Traced] | None = None

    @property
    def matched(self) -> int:
        """How many base elements were found in the document (before the review)."""
        return self.trace.matched

    @property
    def total(self) -> int:
        return self.trace.total

    def trace_elements(self) -> None:
        """Match the document's elements with the base's and trace them through the review
        (:attr:`matched` and :attr:`total` say how many of the base's were found)."""
        if self._news is None:
            self._news = self.trace.run()

    def run(self) -> Collected:
        self.trace_elements()
        assert self._news is not None
        self._emit(self._news)
        self._titles()
        remarks = Remarks(self)
        remarks.comments()
        remarks.leftovers()
        self.found.sort(key=lambda f: f.order)
        remarks.names_and_dates()
        return Collected(self.found, self.listed, self.warnings, self.trace.notes)

    def _emit(self, news: list[Traced]) -> None:
        groups: dict[tuple[tuple[str, ...], str], list[Traced]] = {}
        for new in news:  # the elements of each unit and kind, in order, found once
            groups.setdefault((new.unit, new.kind), []).append(new)
        for position, new in enumerate(news):
            order = min(new.spot.origins, default=0)
            if new.status == "part":
                continue
            if new.status == "added":
                self._add(new, groups[(new.unit, new.kind)], position, order)
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
                self._move(new, groups[(new.unit, new.kind)], position, order)
            self.changes.collect(
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

    def _add(self, new: Traced, group: list[Traced], position: int, order: int) -> None:
        unit = self._base_unit(new.unit)
        if unit is None:
            key = new.id.rsplit(".", 1)[0]
            raise Unexpressed(
                f"{KIND_NOUN[new.kind]} {new.spot.text!r} is under a goal the base version does "
                "not have (a patch file cannot add a goal)",
                f"unit:{key}|{','.join(new.unit)}",
            )
        fields: dict[str, Any] = {"target": _unit_ref(unit), "op": "add", "kind": new.kind}
        fields["text"] = new.spot.text
        fields.update(position_among(self.places, new, group))
        revs = self.prov.revisions(new.spot.origins)
        self.found_one(fields, order, revs, element=None, tracked=bool(revs))

    def _move(self, new: Traced, group: list[Traced], position: int, order: int) -> None:
        assert new.base is not None
        unit = self._base_unit(new.unit)
        if unit is None:
            return
        fields: dict[str, Any] = {"target": self.places[new.base].label, "op": "move"}
        where = position_among(self.places, new, group)
        if "sibling" not in where:
            where["to"] = _unit_ref(unit)
        fields.update(where)
        # the moved paragraph's own revisions, and its two marks: not those of paragraphs
        # between its old and new places
        old = self.trace._before_spot(new.base)
        marks = [self.stream.paragraphs[self.doc.after.paragraphs[new.spot.para].last].end]
        if old is not None:
            marks.append(self.stream.paragraphs[self.doc.before.paragraphs[old.para].last].end)
        revs = self.prov.revisions(new.spot.origins + (old.origins if old else []) + marks)
        self.found_one(fields, order, revs, element=new.base, tracked=bool(revs))

    def _titles(self) -> None:
        """Goal titles are wording too."""
        before, after = self.doc.before, self.doc.after
        for goal_id, spot in after.titles.items():
            unit = self.base.unit_by_goal(goal_id)
            if unit is None:
                continue
            heads = unit.goals if not isinstance(unit, Goal) else [unit]  # type: ignore[attr-defined]
            title = next(h.title for h in heads if h.id == goal_id)
            self.changes.collect(
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
