"""What a reviewed document says besides its wording changes: comments (an amendment's note,
or an instruction), and changes that are listed rather than collected (format changes,
typed numbers, paragraphs that are no plan element)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from editplan.ooxml.review import Revision
from editplan.word.reviews import wording
from editplan.word.reviews.provenance import UNKNOWN_REVIEWER, author_of, usable_date

if TYPE_CHECKING:
    from editplan.word.reviews.amend import Builder


class Remarks:
    """Comments and listings of one comparison (``b``, the builder of its amendments)."""

    def __init__(self, builder: Builder) -> None:
        self.b = builder

    def comments(self) -> None:
        comments = {c.id: c for c in self.b.stream.comments}
        replies: dict[str, list[str]] = {}
        for c in self.b.stream.comments:
            if c.parent and c.parent in comments:
                replies.setdefault(c.parent, []).append(f"{c.author} (reply): {c.text}")
        resolved = " (marked resolved)"
        for c in self.b.stream.comments:
            if c.parent and c.parent in comments:
                continue
            if c.start is None:
                self.b.listed.append(f"comment by {c.author} with no anchor: {c.text!r}")
                continue
            element, label = self._element_at(c.start)
            if element is None:
                self.b.listed.append(
                    f"comment by {c.author} outside the plan's elements: {c.text!r}"
                )
                continue
            end = c.end if c.end is not None else c.start
            candidates = [f for f in self.b.found if f.element == element]
            chosen = next(
                (f for f in candidates if f.span and f.span[0] <= end and c.start <= f.span[1]),
                candidates[0] if candidates else None,
            )
            lines = [c.text + (resolved if c.done else ""), *replies.get(c.id, [])]
            if chosen is not None:
                author = chosen.fields.get("author") or author_of(chosen.revisions)
                prefix = "" if author == c.author else f"{c.author}: "
                chosen.notes.append(prefix + "\n".join(lines))
            else:
                rev = Revision("comment", c.author, c.date, c.id)
                self.b.found_one(
                    {"target": label, "op": "instruction", "note": "\n".join(lines)},
                    c.start,
                    [rev],
                    element=element,
                )

    def _area_of(self, p: Any) -> str | None:
        """The area whose heading the stream paragraph is, before or after the review."""
        for reading in (self.b.doc.before, self.b.doc.after):
            for side in ("del", "ins"):
                text = "".join(x.text for x in p.pieces if x.state in ("same", side)).strip()
                for area in reading.plan.areas:
                    if text == f"{area.id}. {area.title}":
                        return area.id
        return None

    def _element_at(self, offset: int) -> tuple[str | None, str]:
        for reading in (self.b.doc.before, self.b.doc.after):
            for index, view in enumerate(reading.paragraphs):
                if view.origins and view.origins[0] <= offset <= view.origins[-1] + 1:
                    role = reading.roles.get(index)
                    if role is None:
                        continue
                    if role.startswith("goal:"):
                        return role, f"Goal {role[5:]}"
                    if reading is self.b.doc.before and role in self.b.trace.old_to_base:
                        base_id = self.b.trace.old_to_base[role]
                        return base_id, self.b.places[base_id].label
        return None, ""

    def leftovers(self) -> None:
        """Format changes, and changes to paragraphs that are no plan element, are listed."""
        holders = [_holders(r.paragraphs, len(self.b.stream.paragraphs))
                   for r in (self.b.doc.before, self.b.doc.after)]  # fmt: skip
        readings = (self.b.doc.before, self.b.doc.after)
        for index, p in enumerate(self.b.stream.paragraphs):
            changed = [x for x in p.pieces if x.state != "same" and x.text.strip()]
            if not changed:
                continue
            roles = [r.roles.get(h[index]) for r, h in zip(readings, holders, strict=True)]
            if any(roles):
                continue
            who = ", ".join(sorted({x.revision.author for x in changed if x.revision}))
            text = "".join(x.text for x in p.pieces)
            if area := self._area_of(p):
                self.b.listed.append(
                    f"a change by {who} to the title of area {area} ({wording.short(text)!r}): "
                    "a patch file cannot amend an area's title yet; not collected"
                )
                continue
            self.b.listed.append(
                f"a change by {who} to {wording.short(text)!r}, which is not a plan element (the "
                "title, version, note or a heading); not collected"
            )
        renumbered = 0
        after = self.b.doc.after
        for index, view in enumerate(after.paragraphs):
            role = after.roles.get(index)
            if role is None or role not in after.items:
                continue
            spot = after.items[role]
            first = spot.origins[0] if spot.origins else None
            prefix = view.origins[: view.origins.index(first)] if first in view.origins else []
            kept = any(self.b.stream.states[g] == "same" for g in spot.origins)
            if kept and self.b.prov.revisions(prefix):
                renumbered += 1
        if renumbered:
            self.b.listed.append(
                f"{renumbered} typed item number{'s' if renumbered > 1 else ''} changed with "
                "tracked changes: numbers follow positions, so these are not amendments"
            )
        for p in self.b.stream.paragraphs:
            for rev, text in p.formats:
                where = wording.short("".join(x.text for x in p.pieces))
                what = f"on {text!r} in" if text else rev.kind.removeprefix("format ") + ","
                self.b.listed.append(
                    f"a format change by {rev.author} {what} {where!r}: formatting is not part "
                    "of the plan; not collected"
                )

    def names_and_dates(self) -> None:
        """Say where a reviewer's name or a date is missing or is not one; the amendment keeps
        the set's date, and an unnamed change is collected under "Unknown reviewer"."""
        if self.b.stream.unnamed:
            self.b.warnings.append(
                f"{self.b.stream.unnamed} change{'s' if self.b.stream.unnamed > 1 else ''} or "
                "comment(s) carry no reviewer's name (an empty w:author): collected under "
                f"{UNKNOWN_REVIEWER!r}; give the reviewer's name in the patch file"
            )
        bad: dict[tuple[str, str], None] = {}
        undated: dict[str, None] = {}
        for f in self.b.found:
            for rev in f.revisions:
                if rev.date is None:
                    undated[rev.author] = None
                elif usable_date(rev.date) is None:
                    bad[rev.author, rev.date] = None
        for author, date in bad:
            self.b.warnings.append(
                f"a change or comment by {author} is dated {date!r}, which is not a date: its "
                "amendment keeps the set's date"
            )
        for author in undated:
            self.b.trace.notes.append(
                f"a change or comment by {author} has no date: its amendment keeps the set's date"
            )


def _holders(views: list[Any], count: int) -> list[int]:
    """For each stream paragraph, the reading's paragraph that holds it."""
    out: list[int] = []
    for index, v in enumerate(views):
        while len(out) <= v.last:
            out.append(index)
    while len(out) < count:
        out.append(len(views) - 1)
    return out
