"""Quotations and emphasis in an item's words.

An item's quoted words (curly or straight double quotes, or curly single quotes as the EU
writes them) are taken out and replaced by numbered slots, so that the grammar reads only the
drafting words around them; a quotation mark with no partner is an error, never guessed at.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "\ue000", "\ue001"
SLOT = rf"{OPEN}(\d+){CLOSE}"
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")
_PAIRS = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019"}


class Unbalanced(Exception):
    """A quotation mark with no partner."""


def quotes(text: str) -> tuple[list[str], str]:
    """Quoted strings and the text with numbered slots in their place.

    A curly single quote opens a quotation only where a word cannot continue (after a space,
    a colon or a bracket), so that apostrophes ("Parties’") are left alone.
    """
    found: list[str] = []
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\u201d":
            raise Unbalanced(f"a closing ” with no opening “ before {context(text, i)}")
        opens = char in '\u201c"' or (char == "\u2018" and (i == 0 or not text[i - 1].isalnum()))
        if opens:
            closer = _PAIRS[char]
            end = _closing(text, i + 1, closer)
            nested = text.find("\u201c", i + 1)
            if end == -1 or (char == "\u201c" and -1 < nested < end):
                raise Unbalanced(f"the {char} at {context(text, i)} is never closed")
            out.append(f"{OPEN}{len(found)}{CLOSE}")
            found.append(text[i + 1 : end])
            i = end + 1
            continue
        out.append(char)
        i += 1
    return found, "".join(out)


def _closing(text: str, start: int, closer: str) -> int:
    if closer != "\u2019":
        return text.find(closer, start)
    at = start
    while (at := text.find(closer, at)) != -1:
        if at + 1 >= len(text) or not text[at + 1].isalnum():
            return at
        at += 1
    return -1


def context(text: str, at: int) -> str:
    """A short quotation of ``text`` around ``at``, for messages."""
    snippet = text[max(0, at - 25) : at + 25]
    return repr(("..." if at > 25 else "") + snippet + ("..." if at + 25 < len(text) else ""))


def clean(text: str) -> str:
    """Drop italic and bold markers and collapse spaces."""
    return " ".join(_EMPHASIS.sub("", text).split())


def restore(template: str, found: list[str]) -> str:
    """The template with its slots back in curly quotes, for messages."""
    return re.sub(SLOT, lambda m: f"“{clean(found[int(m[1])])}”", template)
