"""An item's predicate cut into clauses, each with one verb: at "; and", at sentence ends, at
list markers ("(1) by striking ...; and (2) by inserting ..."), and at an "and" or a comma that
starts a new verb ("delete X and substitute Y", "X shall be substituted for Y, and the
following words shall be inserted at the end"). An "and" that joins quotations ("the words X
and Y should be deleted", "between X and Y", "X by Y and A by B") does not cut.

A clause may move to another element of the same goal ("...; and in (ii), delete ..."):
``retarget`` reads that lead.
"""

from __future__ import annotations

import re

from editplan.reports import lexicon as lx
from editplan.reports.roles import verbs

_ENUMERATOR = re.compile(
    r"^\s*(?:[-–—:]\s*)?(?:\(\s*(?:[0-9]{1,2}|[a-z]|[ivx]{1,4})\s*\)|[0-9]{1,2}[.)](?=\s))\s*", re.I
)
_HARD = re.compile(r"\s*;\s*(?:and\s+|or\s+)?|\.\s+(?=[A-Z(])|\s+[-–—]\s+(?=\(\s*\w{1,4}\s*\))")
_SOFT = re.compile(r"\s*,?\s+and\s+|\s*,\s+(?=[a-z])", re.I)
_FRAME = re.compile(
    r"\b(?:is|are|shall\s+be|be)\s+(?:hereby\s+|further\s+)?amended\b(?!\s+as\s+«)"
    r"(?:\s+as\s+follows)?(?:\s*[—–:-]+)?"
    r"|^\s*amend\s*,?\s*as\s+follows\s*[—–:-]*"
    r"|\b(?:is|are|shall\s+be|be)\s+(?:hereby\s+)?re-?enacted\b(?:\s+to\b)?",
    re.IGNORECASE,
)
_BARE = re.compile(r"^\s*\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\)?\s*$", re.IGNORECASE)
_RETARGET = re.compile(
    r"^\s*(?:and\s+)?in\s+(?:(?P<kind>key\s+areas?|activit(?:y|ies))\s*)?\(\s*(?P<num>[0-9]+|[ivxlc]+)\s*\)"
    r"\s*,?\s*",
    re.IGNORECASE,
)
_GOALISH = re.compile(r"\bgoals?\s+[A-Z]\.\d", re.IGNORECASE)


_MOVER = re.compile(
    r"^\s*(?:(?:Mr|Ms|Mrs|Dr|Sir|Madam|Hon)\.?\s+)?(?:[A-Z][\w'’-]*\s+){0,3}"
    r"(?:\([^()]*\)\s+|of\s+[A-Z][\w'’-]*\s+)?(?:moves?|moved|proposes?|proposed)\s+"
    r"(?:that\s+|to\s+(?=amend\b|insert|delete|strike|add|replace|substitute|omit|leave))",
)


_CREDIT = re.compile(
    r"\s*\((?:am(?:dt)?s?\.?|amendments?|proposed\s+by|submitted\s+by|moved\s+by)\s*[^()]*\)\s*$",
    re.IGNORECASE,
)
_WHY = re.compile(
    r",\s*(?:which|regarded\s+as|considered\s+(?:as\s+)?|as\s+it|since|because|given\s+that)\b"
    r"(?P<why>[^«]*)$",
    re.IGNORECASE,
)


def asides(text: str) -> tuple[str, list[str]]:
    """The predicate without what it says beside the change: who proposed it ("(am. 1,
    Teufel + 2)") and why (", which duplicates X", ", regarded as superfluous"), each kept as
    words for the amendment's note. A reason that holds a quotation or a verb of the grammar is
    left for the grammar."""
    said: list[str] = []
    if m := _CREDIT.search(text):
        said.append(f"Proposed by: {m.group(0).strip()[1:-1].strip()}.")
        text = text[: m.start()]
    if (m := _WHY.search(text)) and not verbs(m["why"]):
        said.append(f"The report says: {m.group(0).strip(' ,')}.")
        text = text[: m.start()]
    return text, said


def mover(text: str) -> str:
    """The predicate without who moves it ("Ms. Balser moves to amend ...", "I move to insert
    ...", "Mr. X moves that ... be amended"): the motion's frame, not part of the change."""
    m = _MOVER.match(text)
    if m is None:
        return text
    rest = text[m.end() :]
    return re.sub(r"^amend\s+(?=by\b)", "", rest, flags=re.IGNORECASE)


def frame(text: str) -> str:
    """The predicate without the frame of an amending sentence ("is hereby amended by",
    "is amended as follows:"), which says nothing about the operation."""
    return " ".join(_FRAME.sub(" ", text).split())


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
