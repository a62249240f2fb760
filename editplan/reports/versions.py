"""A wording given twice, as some bodies print a resolution: the text as it would read, under an
editorial note in angle brackets ("<Amended text as it would appear if adopted. Scroll below the
line of asterisks ...>"), then, after a rule of asterisks and another note, the same text with
its changes marked. The first is the wording; the second is dropped only when, its struck words
taken out and its inserted words kept, it reads exactly as the first, and the notes with it.
When the two differ, nothing is dropped and the item stays as the report gives it (an
instruction)."""

from __future__ import annotations

import re

from editplan.reports.text import INSERTED, INSERTED_END, STRUCK, STRUCK_END

_NOTE = re.compile(r"^\s*<[^<>]{3,}>\s*$")
_RULE = re.compile(r"^\s*(?:\*\s*){3,}$")
_STRUCK = re.compile(f"{STRUCK}[^{STRUCK_END}]*{STRUCK_END}")


def settle(lines: list[str]) -> list[str]:
    """The report's lines with each second, marked version that agrees with the first blanked,
    and the notes in angle brackets around the two."""
    out = list(lines)
    for r, line in enumerate(lines):
        if not _RULE.match(line):
            continue
        before = _block(out, r, -1)
        after = _block(out, r, 1)
        if not before or not after or _read(out, before) != _read(out, after, marked=True):
            continue
        blank = {r, *after, *_block(out, before[0], -1, notes=True),
                 *_block(out, r, 1, notes=True)}  # fmt: skip
        for k in blank:
            out[k] = ""
    return out


def _block(lines: list[str], at: int, step: int, notes: bool = False) -> list[int]:
    """The indices of the run of non-blank lines next to line ``at`` in direction ``step``
    (blank lines and, unless ``notes``, notes in angle brackets skipped before it), in order;
    with ``notes``, the notes next to it instead."""
    k = at + step
    while 0 <= k < len(lines) and (not lines[k].strip() or (not notes and _NOTE.match(lines[k]))):
        k += step
    run: list[int] = []
    while 0 <= k < len(lines) and lines[k].strip() and bool(_NOTE.match(lines[k])) == notes:
        run.append(k)
        k += step
    return sorted(run)


def _read(lines: list[str], block: list[int], marked: bool = False) -> str:
    text = " ".join(lines[k] for k in block)
    if marked:
        text = _STRUCK.sub("", text).replace(INSERTED, "").replace(INSERTED_END, "")
    return " ".join(text.split())
