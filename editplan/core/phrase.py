"""Exact, whole-word phrase matching inside an element's text (DESIGN decision 4).

Typographic variants are normalised for matching only, one character for one character, so
that offsets in the normalised text are offsets in the real text: curly quotes become straight
ones and every kind of space becomes a plain space. Nothing here guesses: a suggestion is only
ever shown in an error message.
"""

from __future__ import annotations

import difflib
import re

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
        "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ",
        "\u2008": " ", "\u205f": " ", "\u3000": " ", "\t": " ",
    }
)  # fmt: skip
_WORD = re.compile(r"[\w'-]")
_WORDS = re.compile(r"[\w'-]+")


def normalise(text: str) -> str:
    """Fold quote and space variants, keeping the length (offsets stay valid)."""
    return text.translate(_FOLD)


def find(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every whole-word occurrence of ``phrase`` in ``text``, as (start, end) offsets, left to
    right and not overlapping.

    Whole word: a phrase that starts (ends) with a word character must not be preceded
    (followed) by one; hyphens and apostrophes count as word characters, so "building" does not
    match inside "capacity-building".
    """
    hay, needle = normalise(text), normalise(phrase)
    if not needle:
        return []
    found: list[tuple[int, int]] = []
    start = hay.find(needle)
    while start != -1:
        end = start + len(needle)
        before_ok = not (_WORD.match(needle[0]) and start > 0 and _WORD.match(hay[start - 1]))
        after_ok = not (_WORD.match(needle[-1]) and end < len(hay) and _WORD.match(hay[end]))
        if before_ok and after_ok:
            found.append((start, end))
            # occurrences do not overlap ("a a a" holds "a a" once), as in str.replace
            start = hay.find(needle, end)
        else:
            start = hay.find(needle, start + 1)
    return found


def suggest(text: str, phrase: str) -> str | None:
    """The run of words in ``text`` nearest to ``phrase``, for a "did you mean" hint."""
    words = [(m.start(), m.end()) for m in _WORDS.finditer(text)]
    size = max(1, len(_WORDS.findall(phrase)))
    candidates: list[str] = []
    for n in {max(1, size - 1), size, size + 1}:
        for i in range(len(words) - n + 1):
            candidates.append(text[words[i][0] : words[i + n - 1][1]])
    target = normalise(phrase).lower()
    best = difflib.get_close_matches(
        target, [normalise(c).lower() for c in candidates], n=1, cutoff=0.6
    )
    if not best:
        return None
    for candidate in candidates:
        if normalise(candidate).lower() == best[0]:
            return candidate
    return None
