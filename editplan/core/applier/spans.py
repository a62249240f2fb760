"""Span edits in one element's wording: a replacement, a deletion or an insertion each.

All span edits of one element are composed together, in offsets of the element's text as it
was before the set, so that edits of different words compose and edits of the same words are
found to overlap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class Edit:
    """A span edit in one element's current text.

    ``start`` and ``end`` are the words the amendment names (the phrase, or the point of an
    insertion); a deletion also closes the gap it leaves, which is done when the edits of an
    element are composed, so that two deletions of neighbouring words do not overlap.
    """

    start: int
    end: int
    replacement: str
    amendment: str
    what: str
    delete: bool = False
    seq: int = 0


def insertion(text: str, words: str, position: str, amendment_id: str, at: int) -> Edit:
    """Insert ``words`` at offset ``at`` of ``text``, with a space between them and a word."""
    if at == 0:
        replacement = words + ("" if not text or text[0] in " ,;:.)" else " ")
    elif at == len(text) or position == "after":
        replacement = ("" if words[0] in ",;:.)" else " ") + words
    else:
        replacement = words + " "
    return Edit(at, at, replacement, amendment_id, f"insert {words!r}")


def compose(text: str, edits: Iterable[Edit]) -> str:
    """Apply span edits given in offsets of ``text``, left to right; insertions at one point
    keep their file order. Each deletion then closes its gap: it takes one adjacent space with
    it, so that no double space (or space before punctuation, or at an edge) is left."""
    out = ""
    seams: list[int] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end, e.seq)):
        out += text[pos : edit.start] + edit.replacement
        if edit.delete:
            seams.append(len(out))
        pos = max(pos, edit.end)
    out += text[pos:]
    for at in reversed(seams):
        out = close_gap(out, at)
    return out


def close_gap(text: str, at: int) -> str:
    """Remove one space at the point ``at`` where words were deleted, if one is left over."""
    before = text[at - 1] if at > 0 else ""
    after = text[at] if at < len(text) else ""
    if before == " " and (after in ("", " ") or after in ",;:.)"):
        return text[: at - 1] + text[at:]
    if at == 0 and after == " ":
        return text[1:]
    return text


def overlap(a: Edit, b: Edit) -> bool:
    """Whether two edits touch the same words (two insertions at one point do not)."""
    if a.start == a.end and b.start == b.end:
        return False  # two insertions at one point compose, in file order
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end
