"""An element's wording changes as amendments: the reviewer's own marks, and two reviewers on
the same words.

Where the revision markup says which characters were kept, deleted and inserted, those are
the changed stretches (widened to whole words), not an equally short word diff's: " and the
Supplementary Protocol" typed at the end of an element is inserted after "Protocol" at the
end, not "Protocol and the Supplementary" before the last word. Where the element's wording
was edited without tracking, the word diff says it. Text one reviewer inserted and another
deleted is neither in the old wording nor in the new: both proposals are collected, each
under its author, and marked as conflicting (the first is "superseded" by the second, which
keeps the wording "as is" where the second reviewer only deleted).
"""

from __future__ import annotations

import itertools
import operator
from typing import TYPE_CHECKING, Any

from editplan.ooxml.review import Revision
from editplan.word.reviews import wording
from editplan.word.reviews.collect import Spot

if TYPE_CHECKING:
    from editplan.word.reviews.amend import Builder

# Below this share of the words kept (old and new wording together), a change is a rephrase.
REPHRASE_BELOW = 0.5
Hunk = tuple[int, int, int, int]


def tracked_hunks(
    old: str, old_origins: list[int], new: str, new_origins: list[int]
) -> list[Hunk] | None:
    """The changed stretches the revision marks say, as (old start, old end, new start, new
    end) widened to whole words; None where the marks cannot say (an untracked edit, text
    whose order changed)."""
    if len(old_origins) != len(old) or len(new_origins) != len(new):
        return None
    if any(g < 0 for g in old_origins):
        return None
    if not _increasing(old_origins) or not _increasing(new_origins):
        return None
    if old_origins == new_origins:  # most elements of a copy: no mark touches them
        return []
    shared = set(old_origins) & set(new_origins)
    out: list[Hunk] = []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and old_origins[i] == new_origins[j]:
            i, j = i + 1, j + 1
            continue
        a, c = i, j
        while i < len(old) and old_origins[i] not in shared:
            i += 1
        while j < len(new) and new_origins[j] not in shared:
            j += 1
        if (i, j) == (a, c):
            return None  # kept characters in another order: not a reading of the marks
        out.append(_whole_words(old, new, (a, i, c, j)))
    return _merged(out)


def _increasing(values: list[int]) -> bool:
    return all(map(operator.lt, values, itertools.islice(values, 1, None)))


def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch in "-\u2010\u2011'\u2019"


def _whole_words(old: str, new: str, hunk: Hunk) -> Hunk:
    """A stretch widened over the unchanged letters around it, so that it starts and ends
    at word boundaries (a change "s" -> "z" inside "organisation" is the word's)."""
    a, b, c, d = hunk
    touches = (a > 0 and _wordish(old[a - 1])) and (
        (b > a and _wordish(old[a])) or (d > c and _wordish(new[c]))
    )
    while touches and a > 0 and c > 0 and old[a - 1] == new[c - 1] and _wordish(old[a - 1]):
        a, c = a - 1, c - 1
    touches = (b < len(old) and _wordish(old[b])) and (
        (b > a and _wordish(old[b - 1])) or (d > c and _wordish(new[d - 1]))
    )
    while touches and b < len(old) and d < len(new) and old[b] == new[d] and _wordish(old[b]):
        b, d = b + 1, d + 1
    return a, b, c, d


def _merged(hunks: list[Hunk]) -> list[Hunk]:
    out: list[Hunk] = []
    for hunk in hunks:
        if out and hunk[0] <= out[-1][1] and hunk[2] <= out[-1][3]:
            last = out.pop()
            hunk = (last[0], max(last[1], hunk[1]), last[2], max(last[3], hunk[3]))
        out.append(hunk)
    return out


class WordingChanges:
    """The amendments that take one element's old wording to the wording at ``spot``."""

    def __init__(self, builder: Builder) -> None:
        self.b = builder

    def collect(self, old: str, spot: Spot, target: str, element: str, before: Spot | None) -> None:
        new = spot.text
        old_origins = wording.map_origins(old, before)
        hunks = None
        if before is not None and before.text == old:
            hunks = tracked_hunks(old, old_origins, new, spot.origins)
        if hunks is None:
            hunks = wording.hunks(old, new)
        handled: list[tuple[int, int]] = []
        if old != new:
            self._hunks(old, new, old_origins, spot, hunks, target, element, handled)
        self._ghosts(old, old_origins, spot, target, element, handled)

    def _hunks(
        self,
        old: str,
        new: str,
        old_origins: list[int],
        spot: Spot,
        hunks: list[Hunk],
        target: str,
        element: str,
        handled: list[tuple[int, int]],
    ) -> None:
        b = self.b
        spacing = [
            h for h in hunks if not old[h[0] : h[1]].strip() and not new[h[2] : h[3]].strip()
        ]
        if spacing:
            b.listed.append(
                f"{target}: spacing changed ({len(spacing)} place{'s' if len(spacing) > 1 else ''}"
                "); spaces are not part of the plan's wording; not collected"
            )
            hunks = [h for h in hunks if h not in spacing]
        total = wording.words(old) + wording.words(new) or 1
        changed = sum(wording.words(old[a:e]) + wording.words(new[c:d]) for a, e, c, d in hunks)
        rewritten = bool(spot.origins) and all(b.stream.states[g] == "ins" for g in spot.origins)
        if hunks and (rewritten or changed / total > 1 - REPHRASE_BELOW):
            revs = b.prov.range_revisions(spot.origins, [g for g in old_origins if g >= 0])
            span = wording.span(spot.origins)
            b.found_one(
                {"target": target, "op": "rephrase", "text": new},
                min(spot.origins, default=0),
                revs,
                element=element,
                tracked=bool(revs),
                span=span,
            )
            b.found[-1].wording = new
            if span is not None:
                handled.append(span)
            return
        for a, e, c, d in hunks:
            fields = wording.hunk_fields(old, new, a, e, c, d)
            old_side = [g for g in old_origins[a:e] if g >= 0]
            new_side = spot.origins[c:d]
            revs = b.prov.revisions(old_side + new_side)
            if not revs:
                wider = [g for g in old_origins[max(a - 1, 0) : e + 1] if g >= 0]
                revs = b.prov.revisions(wider + spot.origins[max(c - 1, 0) : d + 1])
            order = spot.origins[c] if c < len(spot.origins) else min(spot.origins, default=0)
            span = wording.span(old_side + new_side) or wording.span(
                spot.origins[max(c - 1, 0) : c + 1]
            )
            if span is not None:
                handled.append(span)
            ghosts = b.prov.ghosts(span)
            if ghosts and "phrase" in fields:
                self._overlap(fields, target, element, order, span, ghosts, new_side)
                continue
            b.found_one(
                {"target": target, **fields},
                order,
                revs,
                element=element,
                tracked=bool(revs),
                span=span,
            )
            b.found[-1].wording = new

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
        """Two reviewers changed the same words (one replaced what the other inserted): both
        proposals are collected, each against the base, and marked as conflicting."""
        b = self.b
        first_rev, second_rev, words = ghosts[0]
        first = {"target": target, "op": "replace", "phrase": fields["phrase"], "by": words.strip()}
        later = b.prov.revisions(new_side) or [second_rev]
        b.found_one(first, order, [first_rev], element=element, span=span)
        earlier = b.found[-1]
        earlier.role = "superseded"
        b.found_one({"target": target, **fields}, order + 1, later, element=element, span=span)
        last = b.found[-1]
        earlier.notes.append(
            f"conflicts with the change by {second_rev.author} on the same words "
            f"({fields['phrase']!r}); decide between them"
        )
        last.notes.append(
            f"conflicts with the change by {first_rev.author} on the same words "
            f"({fields['phrase']!r}), whose insertion {second_rev.author} deleted"
        )

    def _ghosts(
        self,
        old: str,
        old_origins: list[int],
        spot: Spot,
        target: str,
        element: str,
        handled: list[tuple[int, int]],
    ) -> None:
        """Words one reviewer inserted and another deleted, where no change of the wording
        shows them (``<w:ins A><w:del B>`` alone): A's insertion and B's wording as it is."""
        b = self.b
        runs = {}
        for side in ([g for g in old_origins if g >= 0], list(spot.origins)):
            if side:  # each side's own stretch: a moved element's two places are apart
                runs.update({r[0]: r for r in b.prov.ghost_runs(min(side), max(side))})
        for g0, inserted, deleted, text in sorted(runs.values(), key=lambda r: r[0]):
            if any(lo <= g0 <= hi for lo, hi in handled) or not text.strip():
                continue
            at = sum(1 for g in old_origins if 0 <= g < g0)
            proposed = old[:at] + text + old[at:]
            found = wording.hunks(old, proposed)
            a, e, c, d = found[0] if len(found) == 1 else (at, at, at, at + len(text))
            fields = wording.hunk_fields(old, proposed, a, e, c, d)
            words = " ".join(text.split())
            b.found_one(
                {"target": target, **fields}, g0, [inserted], element=element, span=(g0, g0)
            )
            first = b.found[-1]
            first.role = "superseded"
            first.notes.append(
                f"conflicts with the change by {deleted.author}, who deleted these words "
                f"({words!r}); decide between them"
            )
            b.found_one(
                {"target": target, "op": "rephrase", "text": spot.text},
                g0 + 1,
                [deleted],
                element=element,
                span=(g0, g0),
            )
            second = b.found[-1]
            second.role = "as is"
            second.wording = spot.text
            second.notes.append(
                f"deletes {words!r}, which {inserted.author} inserted: the wording stays as it "
                f"is; conflicts with the change by {inserted.author} on the same words"
            )
