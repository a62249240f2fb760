"""The report's words as a reader sees them: quoted once, inner quotes made single, and the
Markdown emphasis of a report (``*Goal A.1*``) kept as italics or dropped in plain text."""

from __future__ import annotations

import re

# *x* and **x** anywhere; _x_ and __x__ only between words (snake_case is not emphasis)
_EMPHASIS = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1|(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\3(?!\w)")
_INNER = re.compile(r"[“\"](.*?)[”\"]")


def plain(text: str) -> str:
    """The words without Markdown emphasis marks: ``*Goal A.1* should`` -> ``Goal A.1 should``."""
    return _EMPHASIS.sub(lambda m: m.group(2) or m.group(4), text)


def italics(text: str) -> str:
    """The words with each emphasis written one way, ``*text*``, which the writers draw in
    italics (``**bold**`` and ``_text_`` of Markdown reports included)."""
    return _EMPHASIS.sub(lambda m: f"*{m.group(2) or m.group(4)}*", text)


def quoted(text: str) -> str:
    """The words in double quotation marks, the quotes inside them made single, so that a
    quote that has its own ("... as follows: “X”;") does not end in doubled marks."""
    inner = text.strip()
    whole = len(inner) > 1 and inner[0] in "“\"" and inner[-1] in "”\""
    if whole and not any(mark in inner[1:-1] for mark in "“”\""):
        inner = inner[1:-1]
    return "“" + _INNER.sub(lambda m: f"‘{m.group(1)}’", inner) + "”"
