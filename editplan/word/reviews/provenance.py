"""Who made a change: the revisions behind stretches of a reviewed document's stream."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter

from editplan.ooxml.review import Reviewed, Revision


class Provenance:
    """Looks up the revisions (and overlapping revisions) at stream offsets."""

    def __init__(self, stream: Reviewed) -> None:
        self.stream = stream
        self._ghosts: list[int] | None = None

    def revisions(self, origins: list[int]) -> list[Revision]:
        out: list[Revision] = []
        seen: set[int] = set()
        for g in origins:
            for rev in (self.stream.revisions[g], self.stream.ghosts[g]):
                if rev is not None and id(rev) not in seen:
                    seen.add(id(rev))
                    out.append(rev)
        return out

    def range_revisions(self, *groups: list[int]) -> list[Revision]:
        """Revisions anywhere in the stream between the first and last of the offsets (the
        paragraph marks between a split's parts, say)."""
        every = [g for group in groups for g in group]
        if not every:
            return []
        return self.revisions(list(range(min(every), max(every) + 1)))

    def ghosts(self, span: tuple[int, int] | None) -> list[tuple[Revision, Revision, str]]:
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
                out[-1] = (inserted, deleted, out[-1][2] + self.char(g))
            else:
                out.append((inserted, deleted, self.char(g)))
        return out

    def ghost_runs(self, lo: int, hi: int) -> list[tuple[int, Revision, Revision, str]]:
        """Stretches between stream offsets ``lo`` and ``hi`` that one reviewer inserted and
        another deleted: (first offset, inserted by, deleted by, text)."""
        out: list[tuple[int, Revision, Revision, str]] = []
        last = -2
        if self._ghosts is None:
            self._ghosts = [g for g, r in enumerate(self.stream.ghosts) if r is not None]
        at = bisect.bisect_left(self._ghosts, lo)
        for g in self._ghosts[at : bisect.bisect_right(self._ghosts, hi)]:
            inserted, deleted = self.stream.ghosts[g], self.stream.revisions[g]
            if inserted is None or deleted is None or inserted.author == deleted.author:
                continue
            if out and last == g - 1 and out[-1][1] is inserted and out[-1][2] is deleted:
                g0, ins, dele, text = out[-1]
                out[-1] = (g0, ins, dele, text + self.char(g))
            else:
                out.append((g, inserted, deleted, self.char(g)))
            last = g
        return out

    def char(self, g: int) -> str:
        for p in self.stream.paragraphs:
            if p.start <= g < p.end:
                at = p.start
                for piece in p.pieces:
                    if at <= g < at + len(piece.text):
                        return piece.text[g - at]
                    at += len(piece.text)
        return ""


def author_of(revisions: list[Revision]) -> str | None:
    """The reviewer who made most of the revisions (the first of equals)."""
    if not revisions:
        return None
    return Counter(r.author for r in revisions).most_common(1)[0][0]


UNKNOWN_REVIEWER = "Unknown reviewer"
_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?)?"
)


def usable_date(text: str | None) -> str | None:
    """A change's or comment's date if it is one (ISO 8601, as Word writes it, from 1900 on);
    None for a missing or malformed one (LibreOffice writes ``0-00-00T00:00:00Z`` for a comment
    made without a date)."""
    if text is None or not _DATE.fullmatch(text.strip()):
        return None
    text = text.strip()
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return text if when.year >= 1900 else None
