"""An item's predicate cut into clauses, each with one verb: at "; and", at sentence ends, at
list markers ("(1) by striking ...; and (2) by inserting ..."), and at an "and" or a comma that
starts a new verb ("delete X and substitute Y", "X shall be substituted for Y, and the
following words shall be inserted at the end"). An "and" that joins quotations ("the words X
and Y should be deleted", "between X and Y", "X by Y and A by B") does not cut.

A clause may move to another element of the same goal ("...; and in (ii), delete ..."):
``retarget`` reads that lead. What a sentence says beside its change (its frame, mover,
proposer, reason and locators) is taken out first, by ``frames``.
"""

from __future__ import annotations

import re
from typing import Any

from editplan.reports import lexicon as lx
from editplan.reports.roles import verbs

_ENUMERATOR = re.compile(
    r"^\s*(?:[-–—:]\s*)?(?:\(\s*(?:[0-9]{1,2}|[a-z]|[ivx]{1,4})\s*\)|[0-9]{1,2}[.)](?=\s))\s*", re.I
)
_HARD = re.compile(r"\s*;\s*(?:and\s+|or\s+)?|\.\s+(?=[A-Z(])|\s+[-–—]\s+(?=\(\s*\w{1,4}\s*\))")
_SOFT = re.compile(r"\s*,?\s+and\s+|\s*,\s+(?=[a-z])", re.I)
_BARE = re.compile(r"^\s*\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\)?\s*$", re.IGNORECASE)
_RETARGET = re.compile(
    r"^\s*(?:and\s+)?in\s+(?:(?P<kind>key\s+areas?|activit(?:y|ies))\s*)?\(\s*(?P<num>[0-9]+|[ivxlc]+)\s*\)"
    r"\s*,?\s*",
    re.IGNORECASE,
)
_GOALISH = re.compile(r"\bgoals?\s+[A-Z]\.\d", re.IGNORECASE)



def clauses(text: str) -> list[str]:
    """The clauses of a predicate, each stripped of its list marker and punctuation."""
    out: list[str] = []
    for hard in _HARD.split(text):
        out += _soft(hard)
    cleaned = [_ENUMERATOR.sub("", c).strip(" ,;:.—–-") for c in out]
    return [c for c in cleaned if c and not _BARE.match(c)]


def _soft(text: str) -> list[str]:
    """Cut at "and" or a comma only where both sides have a verb of their own (the side after
    it up to the next such cut); after a bare comma the next word must be the verb ("omit X,
    substitute Y")."""
    cuts = list(_SOFT.finditer(text))
    parts: list[str] = []
    last = 0
    for k, m in enumerate(cuts):
        before = text[last : m.start()]
        after = text[m.end() : cuts[k + 1].start() if k + 1 < len(cuts) else len(text)]
        found = verbs(after)
        if not verbs(before) or not found:
            continue
        if "and" not in m.group(0).lower() and found[0].start != len(after) - len(after.lstrip()):
            continue
        parts.append(before)
        last = m.end()
    parts.append(text[last:])
    return parts


def retarget(clause: str) -> tuple[str | None, str | None, str]:
    """ "in (ii), delete X" -> ("activity" or None, "ii", "delete X"): a clause that names
    another element of the same goal, and the clause without that lead. A clause naming a
    goal is returned whole: an item that mixes goals is not read."""
    m = _RETARGET.match(clause)
    if m is None or _GOALISH.search(clause):
        return None, None, clause
    kind = m["kind"]
    return (kind.lower() if kind else None), m["num"], clause[m.end() :]


def has_verb(clause: str) -> bool:
    return bool(verbs(clause)) or bool(lx.EDGE.search(clause))


def every_place(reading: Any) -> Any:
    """An insertion "wherever the words appear": one insertion, read only where the words
    appear once in the element (the count is checked against the plan)."""
    reading.count = 1
    reading.notes.append("the report inserts wherever the words appear; read where they "
                         "appear once")  # fmt: skip
    return reading
