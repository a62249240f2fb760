"""Find the target an item names: "Goal A.1, key area (2)", "In Goal A.1, key area (2), ...",
"key area (2) of Goal A.1", "Goals A.6, 7 and 8", "Goals A.1 and A.3", "activities (ii) and
(iii) of Goal A.4", with or without emphasis marks.

The goal list itself ("A.6, 7 and 8") is read by ``editplan.core.reference``, the one grammar
of goal lists; this module only finds where a reference sits in free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from editplan.core.model import KIND_NOUN, Kind
from editplan.core.reference import GOAL_LIST
from editplan.core.reference import parse as parse_reference
from editplan.errors import TargetError

_GOALS = rf"goals?\s+(?P<goals>{GOAL_LIST})"
_NUM = r"\(\s*(?:[0-9]+|[ivxlc]+)\s*\)"
_NUMS = (
    rf"(?P<nums>{_NUM}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+(?:then\s+|also\s+)?(?:in\s+)?)\s*(?:(?:key\s+areas?|"
    rf"activit(?:y|ies))\s*)?{_NUM})*)"
)
_KIND = r"(?P<kind>key\s+areas?|activit(?:y|ies))"
_LEAD = r"(?:\b(?:in|under|for|to|of|from)\s+(?:the\s+)?)?"
# "Goal A.1, key area (2)" / "Goals A.6, 7 and 8" / "Goal A.4, activities (ii) and (iii)"
_GOAL_FIRST = re.compile(rf"{_LEAD}\b{_GOALS}(?:\s*,?\s*{_KIND}\s*{_NUMS})?", re.IGNORECASE)
# "key area (2) of Goal A.1" / "activities (ii) and (iii) of Goal A.4"
_ELEMENT_FIRST = re.compile(
    rf"{_LEAD}\b{_KIND}\s*{_NUMS}\s*,?\s+(?:of|in|under)\s+(?:the\s+)?{_GOALS}", re.IGNORECASE
)
_ELEMENT = re.compile(rf"^\s*{_LEAD}{_KIND}\s*{_NUMS}", re.IGNORECASE)
_INNER = re.compile(rf"(?:\b(?:in|within|under)\s+)?\b{_KIND}\s*{_NUMS}", re.IGNORECASE)
_POSITIONAL = re.compile(
    r"\b(?:after|before|following|preceding|follow|precede|between|as|new|become|becomes|"
    r"renumbered|with|and|into|a|an|additional|further)\s+"
    r"(?:(?:the|current|present|existing|new)\s+)*$",
    re.IGNORECASE,
)
_GOVERNS = re.compile(r"\b(?:for|instead\s+of|in\s+(?:place|lieu)\s+of)\s*$", re.IGNORECASE)
_BARE_GOAL = re.compile(r"(?:,|\band)\s*\d+\b")


@dataclass
class Ref:
    """The target an item names: the goals as written, and the elements (kind and numbers)."""

    goals_written: str  # "Goal A.1", "Goals A.6, 7 and 8"
    goals: tuple[str, ...]
    kind: Kind | None
    numbers: tuple[str, ...]  # ("2",) or ("ii", "iii"); empty for a goal or block
    error: str | None = None

    @property
    def is_element(self) -> bool:
        return self.kind is not None

    @property
    def written(self) -> str:
        """The reference in report form, naming the first element."""
        return self.element(self.numbers[0]) if self.numbers else self.goals_written

    @property
    def is_block_form(self) -> bool:
        """Written "Goals A.6, 7 and 8": bare numbers name a block, not separate goals."""
        return bool(_BARE_GOAL.search(self.goals_written))

    def element(self, number: str, goals: str | None = None) -> str:
        """ "Goal A.1, key area (2)": one of the named elements, or a sibling in its goal."""
        assert self.kind is not None
        return f"{goals or self.goals_written}, {KIND_NOUN[self.kind]} ({number})"

    def sibling(self, kind: Kind, number: str) -> str:
        """An element of the same goal or block: a position's sibling."""
        return f"{self.goals_written}, {KIND_NOUN[kind]} ({number})"


def _kind(word: str) -> Kind:
    return "key_area" if word.lower().startswith("key") else "activity"


def _numbers(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in re.findall(r"\(\s*([0-9]+|[ivxlc]+)\s*\)", text, re.I))


def _goal_ref(goals_text: str) -> tuple[str, tuple[str, ...], str | None]:
    written = (
        "Goal"
        + ("s" if re.search(r",|\band\b|&", goals_text) else "")
        + " "
        + " ".join(goals_text.split())
    )
    try:
        return written, parse_reference(written).goals, None
    except TargetError as exc:
        return written, (), exc.message


def find(template: str, lead: str | None = None) -> tuple[Ref | None, str]:
    """The first reference in the item and the item's words without it (its predicate).

    With ``lead`` (the lead-in of a sub-item, "Goal A.1:"), an item that names only
    "key area (2)" takes its goal from the lead-in.
    """
    m1 = _GOAL_FIRST.search(template)
    m2 = _ELEMENT_FIRST.search(template)
    m = m2 if m2 is not None and (m1 is None or m2.start() <= m1.start()) else m1
    if m is None and lead is not None:
        outer, _ = find(lead)
        if outer is None:
            return None, template
        em = _ELEMENT.match(template)
        if em is not None:
            ref = Ref(outer.goals_written, outer.goals, _kind(em["kind"]), _numbers(em["nums"]),
                      outer.error)  # fmt: skip
            return ref, _predicate(template, em.start(), em.end())
        # "In activity (i), replace ...", "Delete existing activity (v) and activity (vi)"
        # under "Goal B.2" (or under the element itself): the elements the item names that
        # are not places ("after activity (ii)"), of one kind and side by side
        inner = [e for e in _INNER.finditer(template)
                 if not _POSITIONAL.search(template[: e.start()])]  # fmt: skip
        between = [template[a.end() : b.start()] for a, b in pairwise(inner)]
        named = {(_kind(e["kind"]), _numbers(e["nums"])) for e in inner}
        if inner and len({_kind(e["kind"]) for e in inner}) == 1 and all(
            re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", gap) for gap in between
        ):
            numbers = tuple(n for e in inner for n in _numbers(e["nums"]))
            ref = Ref(outer.goals_written, outer.goals, _kind(inner[0]["kind"]), numbers,
                      outer.error)  # fmt: skip
            return ref, _predicate(template, inner[0].start(), inner[-1].end())
        if len(named) == 1:  # "activity (i)— Delete activity (i) and substitute": one element
            kind, numbers = named.pop()
            rest = template
            for e in reversed(inner):
                rest = rest[: e.start()] + " " + rest[e.end() :]
            ref = Ref(outer.goals_written, outer.goals, kind, numbers, outer.error)
            return ref, " ".join(rest.split()).strip(" ,;:—–-")
        return outer, " ".join(template.split()).strip(" ,;:")
    if m is None:
        return None, template
    written, goals, error = _goal_ref(m["goals"])
    if m is m2 and _POSITIONAL.search(template[: m.start()]):
        # "Add after key area (1) of Goal A.3 a new key area": the goal is the target, the
        # element the place
        place = f"{m['kind']} {m['nums']}"
        predicate = f"{template[: m.start()]} {place} {template[m.end() :]}"
        return Ref(written, goals, None, (), error), " ".join(predicate.split()).strip(" ,;:")
    if not m["kind"]:
        # "In Goal A.2, replace activity (iii) by ...": the element named in the predicate,
        # unless it is a position ("after activity (ii)") or a new number ("as key area (2)")
        rest = _predicate(template, m.start(), m.end())
        inner = [e for e in _INNER.finditer(rest) if not _POSITIONAL.search(rest[: e.start()])]
        if len(inner) == 1:  # the others are places: "move activity (iv) before activity (i)"
            e = inner[0]
            ref = Ref(written, goals, _kind(e["kind"]), _numbers(e["nums"]), error)
            return ref, _predicate(rest, e.start(), e.end())
    kind = _kind(m["kind"]) if m["kind"] else None
    numbers = _numbers(m["nums"]) if m["nums"] else ()
    if kind == "key_area":
        bad = [n for n in numbers if not n.isdigit()]
        if bad:
            error = f"key areas are numbered (1), (2), ...; ({bad[0]}) is not a key area number"
    return Ref(written, goals, kind, numbers, error), _predicate(template, m.start(), m.end())


def _predicate(template: str, start: int, end: int) -> str:
    """The words around a reference. A preposition whose object was the reference ("for
    activity (iii) the following activity: ...") keeps "it" as its object, so that it is not
    read as the role of the quotation after it."""
    before = template[:start]
    if _GOVERNS.search(before):
        before += " it"
    predicate = before + " " + template[end:]
    return " ".join(predicate.split()).strip(" ,;:")
