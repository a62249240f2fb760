"""Roman numerals, as activities and Word lists number items: 4 <-> "iv". No plan knowledge."""

from __future__ import annotations

import re


def to_roman(n: int) -> str:
    """Lower-case roman numeral, as activities are numbered: 4 -> 'iv'."""
    if n <= 0:
        raise ValueError("roman numerals start at 1")
    numerals = (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    )  # fmt: skip
    out = []
    for value, letters in numerals:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


_ROMAN = re.compile(r"^m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def from_roman(text: str) -> int | None:
    """The value of a lower- or upper-case roman numeral, or None if ``text`` is not one."""
    s = text.lower()
    if not s or not _ROMAN.match(s):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for a, b in zip(s, [*s[1:], ""], strict=True):
        va = values[a]
        total += -va if b and values[b] > va else va
    return total
