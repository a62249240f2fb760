"""Turn a reviewed document's two readings into amendments against the base version.

Each element after the review is traced to the base elements it grew out of (through the
characters it kept); one base element into one element is a wording change, into several a
split, several into one a join; a base element with no trace is removed, an element with no
source is added, and a removed and an added element with the same words (or Word's move
markup) are a move. Wording changes become the smallest operation that says them: replace,
delete or insert of a phrase, or rephrase when most of the element is rewritten.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from editplan.core import phrase as phrases
from editplan.core.model import KIND_NOUN, Goal, Kind, Place, Plan, Unit, unit_key
from editplan.core.textdiff import diff_words, tokenize
from editplan.ooxml.review import Revision
from editplan.word.collect import ReviewedDocument, Spot
from editplan.word.writer import CLOSING

# Below this share of the base wording's words kept, a change is a rephrase.
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


@dataclass
class _New:
    """An element after the review and what it came from."""

    id: str
    unit: tuple[str, ...]
    kind: Kind
    spot: Spot
    sources: list[str]
    status: str = "added"  # kept, moved, added, part (of a split), joined
    base: str | None = None


class Builder:
    """Compares one reviewed document with its base plan."""

    def __init__(self, doc: ReviewedDocument, base: Plan) -> None:
        self.doc = doc
        self.base = base
        self.stream = doc.stream
        self.places = base.locate()
        self.found: list[Found] = []
        self.listed: list[str] = []
        self.warnings: list[str] = []
        self.old_to_base: dict[str, str] = {}
        self.base_to_old: dict[str, str] = {}
        self.covered: set[int] = set()
        self.notes: list[str] = []
        self.by_bookmark = 0

    # --- the whole comparison ------------------------------------------------------------

    def run(self) -> Collected:
        self._align()
        news = self._trace()
        self._pair(news)
        self._moves(news)
        self._emit(news)
        self._titles()
        self._comments()
        self._leftovers()
        self.found.sort(key=lambda f: f.order)
        return Collected(self.found, self.listed, self.warnings, self.notes)

    # --- before-reading to base ------------------------------------------------------------

    def _align(self) -> None:
        """Match the elements the document read before the review with the base's elements,
        by unit and kind, then by text (they differ only where edits were not tracked)."""
        before = self.doc.before.plan
        old_units = {tuple(u.goal_ids): u for _, u in before.units()}
        total = matched = 0
        for _, unit in self.base.units():
            old = old_units.get(tuple(unit.goal_ids))
            for kind in ("key_area", "activity"):
                base_items = unit.items(kind)  # type: ignore[arg-type]
                total += len(base_items)
                if old is None:
                    continue
                marked = self._by_bookmark(old.items(kind), base_items)  # type: ignore[arg-type]
                matched += len(marked)
                base_items = [i for i in base_items if i.id not in self.base_to_old]
                old_items = [i for i in old.items(kind) if i.id not in self.old_to_base]  # type: ignore[arg-type]
                a = [i.text for i in base_items]
                b = [i.text for i in old_items]
                matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
                for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                    pairs: list[tuple[int, int]] = []
                    if tag == "equal":
                        pairs = list(zip(range(i1, i2), range(j1, j2), strict=True))
                        matched += len(pairs)
                    elif tag == "replace":
                        for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
                            if _similar(a[i], b[j]):
                                pairs.append((i, j))
                                matched += 1
                    for i, j in pairs:
                        self.old_to_base[old_items[j].id] = base_items[i].id
                        self.base_to_old[base_items[i].id] = old_items[j].id
        self.matched, self.total = matched, total
        if total and not self.by_bookmark:
            self.notes.append(
                "the document carries no element ids (it was not written by this version of "
                f"editplan, or its text was pasted into a new file): its elements were matched "
                f"with version {self.base.version!r} by their text"
            )

    def _by_bookmark(self, old_items: list[Any], base_items: list[Any]) -> list[str]:
        """Old items whose paragraph carries the bookmark of one of ``base_items``."""
        ids = {i.id for i in base_items}
        done: list[str] = []
        for item in old_items:
            spot = self.doc.before.items.get(item.id)
            if spot is None:
                continue
            for element in self.doc.before.marks.get(spot.para, []):
                if element in ids and element not in self.base_to_old:
                    self.old_to_base[item.id] = element
                    self.base_to_old[element] = item.id
                    done.append(element)
                    self.by_bookmark += 1
                    break
        return done

    # --- tracing after-elements to base elements ------------------------------------------

    def _trace(self) -> list[_New]:
        owner: dict[int, str] = {}
        for old_id, spot in self.doc.before.items.items():
            for g in spot.origins:
                owner[g] = old_id
        states = self.stream.states
        after = self.doc.after
        news: list[_New] = []
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
                    counts: Counter[str] = Counter()
                    for ch, g in zip(spot.text, spot.origins, strict=False):
                        if states[g] == "same" and not ch.isspace() and g in owner:
                            counts[owner[g]] += 1
                    sources = [self.old_to_base.get(o, f"?{o}") for o, _ in counts.most_common()]
                    news.append(_New(item.id, tuple(unit.goal_ids), kind, spot, sources))  # type: ignore[arg-type]
        return news

    def _pair(self, news: list[_New]) -> None:
        """Kept, split and joined elements from the traces."""
        into: dict[str, list[_New]] = {}
        for new in news:
            for source in new.sources:
                if not source.startswith("?"):
                    into.setdefault(source, []).append(new)
        self.splits: dict[str, list[_New]] = {}
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

    def _consecutive(self, parts: list[_New], news: list[_New]) -> bool:
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

    def _moves(self, news: list[_New]) -> None:
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
            for rev in self._revisions(new.spot.origins):
                if rev.move and rev.move in by_name and by_name[rev.move] in removed:
                    match = by_name[rev.move]
            if match is None:
                text = _norm(new.spot.text)
                match = next(
                    (
                        e
                        for e in removed
                        if _norm(self.places[e].item.text) == text
                        and self.places[e].kind == new.kind
                    ),
                    None,
                )
            if match is not None:
                removed.remove(match)
                new.status, new.base = "moved", match
        self.removed = removed
        for key in {(n.unit, n.kind) for n in news}:
            group = [n for n in news if (n.unit, n.kind) == key and n.status == "kept"]
            staying = [n for n in group if self._unit_of(n.base) == key[0]]
            for n in group:
                if n not in staying:
                    n.status = "moved"
            order = [self.places[n.base].index for n in staying]  # type: ignore[index]
            keep = set(_longest_increasing(order))
            for k, n in enumerate(staying):
                if k not in keep:
                    n.status = "moved"

    def _unit_of(self, element_id: str | None) -> tuple[str, ...]:
        assert element_id is not None
        return tuple(self.places[element_id].unit.goal_ids)

    # --- amendments ---------------------------------------------------------------------

    def _emit(self, news: list[_New]) -> None:
        for position, new in enumerate(news):
            order = min(new.spot.origins, default=0)
            if new.status == "part":
                continue
            if new.status == "added":
                self._add(new, news, position, order)
                continue
            assert new.base is not None
            base_place = self.places[new.base]
            if new.base in self.splits:
                parts = self.splits[new.base]
                origins = [g for p in parts for g in p.spot.origins]
                self._found(
                    {
                        "target": base_place.label,
                        "op": "split",
                        "into": [p.spot.text for p in parts],
                    },
                    order,
                    self._range_revisions(origins, self._old_origins(new.base)),
                    element=new.base,
                )
                continue
            if new.base in self.joins:
                targets = self.joins[new.base]
                old = [g for b in targets for g in self._old_origins(b)]
                self._found(
                    {
                        "targets": [self.places[b].label for b in targets],
                        "op": "join",
                        "text": new.spot.text,
                    },
                    order,
                    self._range_revisions(new.spot.origins, old),
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
                self._before_spot(new.base),
            )
        for element_id in self.removed:
            place = self.places[element_id]
            old = self._old_origins(element_id)
            revs = self._revisions(old)
            self._found(
                {"target": place.label, "op": "remove"},
                min(old, default=0),
                revs,
                element=element_id,
                tracked=bool(revs),
            )

    def _add(self, new: _New, news: list[_New], position: int, order: int) -> None:
        unit = self._base_unit(new.unit)
        if unit is None:
            self.listed.append(
                f"{KIND_NOUN[new.kind]} {new.spot.text!r} is under a goal the base version "
                "does not have; not collected"
            )
            return
        fields: dict[str, Any] = {"target": _unit_ref(unit), "op": "add", "kind": new.kind}
        fields["text"] = new.spot.text
        fields.update(self._where(new, news, position))
        revs = self._revisions(new.spot.origins)
        self._found(fields, order, revs, element=None, tracked=bool(revs))

    def _move(self, new: _New, news: list[_New], position: int, order: int) -> None:
        assert new.base is not None
        unit = self._base_unit(new.unit)
        if unit is None:
            return
        fields: dict[str, Any] = {"target": self.places[new.base].label, "op": "move"}
        where = self._where(new, news, position)
        if "sibling" not in where:
            where["to"] = _unit_ref(unit)
        fields.update(where)
        revs = self._range_revisions(new.spot.origins, self._old_origins(new.base))
        self._found(fields, order, revs, element=new.base, tracked=bool(revs))

    def _where(self, new: _New, news: list[_New], position: int) -> dict[str, Any]:
        """After the nearest element before it that stays in place, else before the nearest
        after it, else at the end."""
        group = [n for n in news if (n.unit, n.kind) == (new.unit, new.kind)]
        at = group.index(new)
        for n in reversed(group[:at]):
            if n.status == "kept" and n.base is not None:
                return {"position": "after", "sibling": self.places[n.base].label}
        for n in group[at + 1 :]:
            if n.status == "kept" and n.base is not None:
                return {"position": "before", "sibling": self.places[n.base].label}
        return {"position": "end"}

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
        old_origins = _map_origins(old, before)
        hunks = _hunks(old, new)
        total = _words(old) + _words(new) or 1
        changed = sum(_words(old[a:b]) + _words(new[c:d]) for a, b, c, d in hunks)
        rewritten = bool(spot.origins) and all(self.stream.states[g] == "ins" for g in spot.origins)
        if rewritten or changed / total > 1 - REPHRASE_BELOW:
            revs = self._range_revisions(spot.origins, [g for g in old_origins if g >= 0])
            self._found(
                {"target": target, "op": "rephrase", "text": new},
                min(spot.origins, default=0),
                revs,
                element=element,
                tracked=bool(revs),
                span=_span(spot.origins),
            )
            self.found[-1].wording = new
            return
        for a, b, c, d in hunks:
            fields = _hunk_fields(old, new, a, b, c, d)
            old_side = [g for g in old_origins[a:b] if g >= 0]
            new_side = spot.origins[c:d]
            revs = self._revisions(old_side + new_side)
            if not revs:
                wider = [g for g in old_origins[max(a - 1, 0) : b + 1] if g >= 0]
                revs = self._revisions(wider + spot.origins[max(c - 1, 0) : d + 1])
            order = spot.origins[c] if c < len(spot.origins) else min(spot.origins, default=0)
            span = _span(old_side + new_side) or _span(spot.origins[max(c - 1, 0) : c + 1])
            ghosts = self._ghosts(span)
            if ghosts and "phrase" in fields:
                self._overlap(fields, target, element, order, span, ghosts, new_side)
                continue
            self._found(
                {"target": target, **fields},
                order,
                revs,
                element=element,
                tracked=bool(revs),
                span=span,
            )
            self.found[-1].wording = new

    def _ghosts(self, span: tuple[int, int] | None) -> list[tuple[Revision, Revision, str]]:
        """Text in ``span`` that one reviewer inserted and another deleted: (inserted by,
        deleted by, text)."""
        if span is None:
            return []
        out: list[tuple[Revision, Revision, str]] = []
        for g in range(span[0], span[1] + 1):
            inserted, deleted = self.stream.ghosts[g], self.stream.revisions[g]
            if inserted is None or deleted is None or inserted.author == deleted.author:
                continue
            if out and out[-1][0] is inserted:
                out[-1] = (inserted, deleted, out[-1][2] + self._char(g))
            else:
                out.append((inserted, deleted, self._char(g)))
        return out

    def _char(self, g: int) -> str:
        for p in self.stream.paragraphs:
            if p.start <= g < p.end:
                at = p.start
                for piece in p.pieces:
                    if at <= g < at + len(piece.text):
                        return piece.text[g - at]
                    at += len(piece.text)
        return ""

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
        later = self._revisions(new_side) or [second_rev]
        self._found(first, order, [first_rev], element=element, span=span)
        earlier = self.found[-1]
        self._found({"target": target, **fields}, order + 1, later, element=element, span=span)
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

    # --- comments, listings ----------------------------------------------------------------

    def _comments(self) -> None:
        comments = {c.id: c for c in self.stream.comments}
        replies: dict[str, list[str]] = {}
        for c in self.stream.comments:
            if c.parent and c.parent in comments:
                replies.setdefault(c.parent, []).append(f"{c.author} (reply): {c.text}")
        for c in self.stream.comments:
            if c.parent and c.parent in comments:
                continue
            if c.start is None:
                self.listed.append(f"comment by {c.author} with no anchor: {c.text!r}")
                continue
            element, label = self._element_at(c.start)
            if element is None:
                self.listed.append(f"comment by {c.author} outside the plan's elements: {c.text!r}")
                continue
            end = c.end if c.end is not None else c.start
            candidates = [f for f in self.found if f.element == element]
            chosen = next(
                (f for f in candidates if f.span and f.span[0] <= end and c.start <= f.span[1]),
                candidates[0] if candidates else None,
            )
            lines = [c.text, *replies.get(c.id, [])]
            if chosen is not None:
                author = chosen.fields.get("author") or _author(chosen.revisions)
                prefix = "" if author == c.author else f"{c.author}: "
                chosen.notes.append(prefix + "\n".join(lines))
            else:
                rev = Revision("comment", c.author, c.date, c.id)
                self._found(
                    {"target": label, "op": "instruction", "note": "\n".join(lines)},
                    c.start,
                    [rev],
                    element=element,
                )

    def _element_at(self, offset: int) -> tuple[str | None, str]:
        for reading in (self.doc.before, self.doc.after):
            for index, view in enumerate(reading.paragraphs):
                if view.origins and view.origins[0] <= offset <= view.origins[-1] + 1:
                    role = reading.roles.get(index)
                    if role is None:
                        continue
                    if role.startswith("goal:"):
                        return role, f"Goal {role[5:]}"
                    if reading is self.doc.before and role in self.old_to_base:
                        base_id = self.old_to_base[role]
                        return base_id, self.places[base_id].label
        return None, ""

    def _leftovers(self) -> None:
        """Format changes, and changes to paragraphs that are no plan element, are listed."""
        holders = [_holders(r.paragraphs, len(self.stream.paragraphs))
                   for r in (self.doc.before, self.doc.after)]  # fmt: skip
        readings = (self.doc.before, self.doc.after)
        for index, p in enumerate(self.stream.paragraphs):
            changed = [x for x in p.pieces if x.state != "same" and x.text.strip()]
            if not changed:
                continue
            roles = [r.roles.get(h[index]) for r, h in zip(readings, holders, strict=True)]
            if any(roles):
                continue
            who = ", ".join(sorted({x.revision.author for x in changed if x.revision}))
            text = "".join(x.text for x in p.pieces)
            self.listed.append(
                f"a change by {who} to {_short(text)!r}, which is not a plan element (the "
                "title, version, note or a heading); not collected"
            )
        renumbered = 0
        after = self.doc.after
        for index, view in enumerate(after.paragraphs):
            role = after.roles.get(index)
            if role is None or role not in after.items:
                continue
            spot = after.items[role]
            first = spot.origins[0] if spot.origins else None
            prefix = view.origins[: view.origins.index(first)] if first in view.origins else []
            kept = any(self.stream.states[g] == "same" for g in spot.origins)
            if kept and self._revisions(prefix):
                renumbered += 1
        if renumbered:
            self.listed.append(
                f"{renumbered} typed item number{'s' if renumbered > 1 else ''} changed with "
                "tracked changes: numbers follow positions, so these are not amendments"
            )
        for p in self.stream.paragraphs:
            for rev, text in p.formats:
                where = _short("".join(x.text for x in p.pieces))
                self.listed.append(
                    f"a format change by {rev.author} on {text or 'a paragraph'!r} in "
                    f"{where!r}: formatting is not part of the plan; not collected"
                )

    # --- helpers -------------------------------------------------------------------------

    def _found(
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

    def _revisions(self, origins: list[int]) -> list[Revision]:
        out: list[Revision] = []
        seen: set[int] = set()
        for g in origins:
            for rev in (self.stream.revisions[g], self.stream.ghosts[g]):
                if rev is not None and id(rev) not in seen:
                    seen.add(id(rev))
                    out.append(rev)
        return out

    def _range_revisions(self, *groups: list[int]) -> list[Revision]:
        """Revisions anywhere in the stream between the first and last of the offsets (the
        paragraph marks between a split's parts, say)."""
        every = [g for group in groups for g in group]
        if not every:
            return []
        return self._revisions(list(range(min(every), max(every) + 1)))

    def _old_origins(self, element_id: str) -> list[int]:
        spot = self._before_spot(element_id)
        return spot.origins if spot else []

    def _before_spot(self, element_id: str) -> Spot | None:
        old = self.base_to_old.get(element_id)
        return self.doc.before.items.get(old) if old else None

    def _old_revisions(self, element_id: str) -> list[Revision]:
        return self._revisions(self._old_origins(element_id))

    def _base_unit(self, goal_ids: tuple[str, ...]) -> Unit | None:
        unit = self.base.unit_by_goal(goal_ids[0])
        if unit is None or tuple(unit.goal_ids) != goal_ids:
            return None
        return unit


def _holders(views: list[Any], count: int) -> list[int]:
    """For each stream paragraph, the reading's paragraph that holds it."""
    out: list[int] = []
    for index, v in enumerate(views):
        while len(out) <= v.last:
            out.append(index)
    while len(out) < count:
        out.append(len(views) - 1)
    return out


def _author(revisions: list[Revision]) -> str | None:
    if not revisions:
        return None
    return Counter(r.author for r in revisions).most_common(1)[0][0]


def _unit_ref(unit: Unit) -> str:
    return f"Goal {unit_key(unit)}" if isinstance(unit, Goal) else unit.label


def _words(text: str) -> int:
    return sum(1 for t in tokenize(text) if t.strip())


def _similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.5


def _norm(text: str) -> str:
    return " ".join(phrases.normalise(text).split()).casefold()


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _span(origins: list[int]) -> tuple[int, int] | None:
    return (min(origins), max(origins)) if origins else None


def _map_origins(old: str, before: Spot | None) -> list[int]:
    """Stream offsets of the base wording's characters, through the before-reading (-1 where
    the base wording differs from what the document read: an edit made without tracking)."""
    if before is None:
        return [-1] * len(old)
    if before.text == old:
        return list(before.origins)
    out = [-1] * len(old)
    matcher = difflib.SequenceMatcher(None, old, before.text, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            out[a + k] = before.origins[b + k]
    return out


def _hunks(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """Changed stretches as (old start, old end, new start, new end), from a word diff."""
    out: list[tuple[int, int, int, int]] = []
    i = j = 0
    current: list[int] | None = None
    for op, text in diff_words(old, new):
        if op == "equal":
            if current is not None:
                out.append((current[0], i, current[1], j))
                current = None
            i += len(text)
            j += len(text)
            continue
        if current is None:
            current = [i, j]
        if op == "delete":
            i += len(text)
        else:
            j += len(text)
    if current is not None:
        out.append((current[0], i, current[1], j))
    return out


def _hunk_fields(old: str, new: str, a: int, b: int, c: int, d: int) -> dict[str, Any]:
    """The smallest operation for one changed stretch, with an anchor or occurrence where the
    phrase alone is not unique in the base wording."""
    deleted, inserted = old[a:b], new[c:d]
    if deleted.strip() and inserted.strip():
        start = a + len(deleted) - len(deleted.lstrip())
        fields: dict[str, Any] = {
            "op": "replace",
            "phrase": deleted.strip(),
            "by": inserted.strip(),
        }
        return _with_occurrence(fields, old, "phrase", start)
    if deleted.strip():
        start = a + len(deleted) - len(deleted.lstrip())
        return _with_occurrence({"op": "delete", "phrase": deleted.strip()}, old, "phrase", start)
    words = inserted.strip()
    head = old[:a].rstrip()
    if not head:
        return {"op": "insert", "text": words, "position": "start"}
    if a >= len(old.rstrip()):
        return {"op": "insert", "text": words, "position": "end"}
    chunks = head.split(" ")
    for size in range(1, len(chunks) + 1):
        anchor = " ".join(chunks[-size:])
        spans = phrases.find(old, anchor)
        if len(spans) == 1 and spans[0][1] == len(head):
            return {"op": "insert", "text": words, "position": "after", "anchor": anchor}
    anchor = chunks[-1]
    spans = phrases.find(old, anchor)
    ends = [e for _, e in spans]
    fields = {"op": "insert", "text": words, "position": "after", "anchor": anchor}
    if len(head) in ends:
        fields["occurrence"] = ends.index(len(head)) + 1
    return fields


def _with_occurrence(fields: dict[str, Any], old: str, key: str, start: int) -> dict[str, Any]:
    spans = phrases.find(old, fields[key])
    starts = [s for s, _ in spans]
    if len(spans) > 1 and start in starts:
        fields["occurrence"] = starts.index(start) + 1
    return fields


def _longest_increasing(values: list[int]) -> list[int]:
    """Indices of one longest strictly increasing subsequence of ``values``."""
    from bisect import bisect_left

    tails: list[int] = []
    tail_values: list[int] = []
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tail_values, value)
        if k:
            previous[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k] = i
            tail_values[k] = value
    out: list[int] = []
    i = tails[-1] if tails else -1
    while i >= 0:
        out.append(i)
        i = previous[i]
    return out[::-1]


def place_label(place: Place) -> str:
    return place.label
