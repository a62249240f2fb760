"""Wording changes as the smallest operations: a word diff's changed stretches said as replace,
delete or insert of a phrase, with an anchor or occurrence where the phrase is not unique."""

from __future__ import annotations

import difflib
from typing import Any

from editplan.core import phrase as phrases
from editplan.core.textdiff import diff_words, tokenize
from editplan.word.reviews.collect import Spot


def words(text: str) -> int:
    return sum(1 for t in tokenize(text) if t.strip())


def similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.5


def norm(text: str) -> str:
    return " ".join(phrases.normalise(text).split()).casefold()


def short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def span(origins: list[int]) -> tuple[int, int] | None:
    return (min(origins), max(origins)) if origins else None


def map_origins(old: str, before: Spot | None) -> list[int]:
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


def hunks(old: str, new: str) -> list[tuple[int, int, int, int]]:
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


def hunk_fields(old: str, new: str, a: int, b: int, c: int, d: int) -> dict[str, Any]:
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
        return with_occurrence(fields, old, "phrase", start)
    if deleted.strip():
        start = a + len(deleted) - len(deleted.lstrip())
        return with_occurrence({"op": "delete", "phrase": deleted.strip()}, old, "phrase", start)
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


def with_occurrence(fields: dict[str, Any], old: str, key: str, start: int) -> dict[str, Any]:
    spans = phrases.find(old, fields[key])
    starts = [s for s, _ in spans]
    if len(spans) > 1 and start in starts:
        fields["occurrence"] = starts.index(start) + 1
    return fields
