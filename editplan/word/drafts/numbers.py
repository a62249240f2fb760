"""Typed item numbers in a Word draft: numbers written as text, bullets, and Word's list formats.

An item may be numbered as text ("(1)", "(iv)", "1.", "(a)"), by Word's list numbering (whose
format says decimal or roman), or not at all (a bullet). The number's type says which list an
item is in when no "Key areas" or "Activities" heading does: (1) key areas, (i) activities.
"""

from __future__ import annotations

import re

from editplan.core.model import Kind
from editplan.core.numerals import from_roman

NUMBERED = re.compile(
    r"^(?:\((?P<paren>[0-9]{1,3}|[A-Za-z]{1,7})\)[\t \u00a0]*"
    r"|(?P<dot>[0-9]{1,3}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7}|[a-zA-Z])[.)][\t \u00a0]+)(?P<text>.*)$",
    re.S,
)
"""A number written as text before an item: groups ``paren`` ("(iv)") or ``dot`` ("4."), and
``text``, the item's words."""
BULLET = re.compile(
    r"^[\u2022\u00b7\u25aa\u25e6\u2023\u2013\u2014*-][\t \u00a0]+(?P<text>.*)$", re.S
)
"""A bullet written as text before an item; ``text`` is the item's words."""


def literal_number(match: re.Match[str]) -> str:
    """The number token of a :data:`NUMBERED` match: "iv" for "(iv)", "4" for "4."."""
    return match["paren"] or match["dot"]


def number_values(token: str) -> set[int]:
    """What a literal item number can stand for: 4 for "4", "iv" or "d"."""
    if token.isdigit():
        return {int(token)}
    values = set()
    roman = from_roman(token)
    if roman:
        values.add(roman)
    if len(token) == 1:
        values.add(ord(token.lower()) - ord("a") + 1)
    return values


def kind_of_number(token: str | None, fmt: str | None) -> Kind | None:
    """Which list a number's style says an item is in: (1) key areas, (i) activities.

    ``fmt`` is the Word list format of a numbered paragraph (None when numbered as text),
    ``token`` a number written as text.
    """
    if fmt is not None:
        if fmt in ("decimal", "decimalZero"):
            return "key_area"
        if fmt in ("lowerRoman", "upperRoman"):
            return "activity"
        return None
    if token is None:
        return None
    if token.isdigit():
        return "key_area"
    if from_roman(token):
        return "activity"
    return None
