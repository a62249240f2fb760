"""Positions in a list of key areas or activities, read, never assumed: "after activity (ii)",
"immediately before key area (1)", "as a new key area (2)", "between activities (ii) and (iii)",
"at the end", "as the first activity", and a sibling named by its first words ("before the
activity beginning with “Support the development”"), which the plan resolves.
"""

from __future__ import annotations

import re

from editplan.core import phrase as phrases
from editplan.core.model import Kind, Plan, unit_key
from editplan.core.numerals import from_roman, to_roman
from editplan.core.reference import Target
from editplan.reports.grammar import Reading, instruction
from editplan.reports.targets import Ref

KIND = r"(?P<kind>key\s+areas?|areas?|activit(?:y|ies))"
NUM = r"\(\s*(?P<num>[0-9]+|[ivxlc]+)\s*\)"
# "(iii bis)", "(2 ter)": a new element numbered after an existing one, in the UN's and treaties'
# way; it goes right after that element.
_BIS = r"\s*(?P<bis>bis|ter|quater|quinquies)?\s*\)"
_BISB = _BIS.replace("bis>", "bisb>")
_BEGINS = (
    r"(?:beginning|starting|that\s+begins|which\s+begins|that\s+starts)\s+with\s+«(?P<words>\d+)»"
)
NOISE = re.compile(
    r"\b(?:the|a|an|one|new|additional|further|following|with|wording|reading|worded|as|"
    r"follows|should|shall|must|would|will|be|is|are|to|it|that|which|there|also|list|of|"
    r"goal|goals|block|key|area|areas|activity|activities|text|up|down|now|and|single|"
    r"included|added|inserted|add|insert|include|read|reads|reading|current|present|moved|"
    r"move|amended|amend|hereby|by|addition|additions|inserting|adding|including|immediately|"
    r"namely|thereafter|thereof|therein|thereto|in\s+(?:its|their)\s+entirety|in|needed|needs|"
    r"agreed|decided)\b|[,:;.()\-–—]",
    re.IGNORECASE,
)


# A new wording printed with its element's number first: “(v) Support ...”, “(ii a) ...”,
# “(iiia) ...”, “(3 bis) ...”; a letter or "bis" after the number is a new element after it.
_OWN = re.compile(
    r"^\(\s*(?P<num>[0-9]+|[ivxlc]+)\s*(?P<suffix>[a-z]|bis|ter|quater)?\s*\)\s+(?=\S)",
    re.IGNORECASE,
)


def own_number(text: str) -> tuple[str, str, str | None] | None:
    """The wording without its element's own number before it, that number as printed, and
    the number of the element a new one ("(ii a)") goes after; None if it has none."""
    m = _OWN.match(text)
    if m is None:
        return None
    printed = m["num"] + (f" {m['suffix']}" if m["suffix"] else "")
    return text[m.end() :], printed, m["num"] if m["suffix"] else None


def kind_of(word: str) -> Kind:
    return "activity" if word.lower().startswith("activit") else "key_area"


def number(kind: Kind, token: str) -> int | None:
    return int(token) if token.isdigit() else from_roman(token)


def display(kind: Kind, n: int) -> str:
    return str(n) if kind == "key_area" else to_roman(n)


def position(where: str, ref: Ref, kind: Kind) -> tuple[dict[str, str] | None, str]:
    """A list position phrase as fields, or None and what was not understood. A sibling named
    by its first words ("before the activity beginning with «2»") gives ``sibling_words``, the
    quotation's number, for the plan to resolve."""
    where = _between(" ".join(where.split()).strip(" ,;:"), ref)
    if not NOISE.sub(" ", where).strip():
        return {}, ""
    m = re.search(
        rf"\b(?:immediately\s+)?(?:(?P<rel>after|before|following|preceding|ahead\s+of)|to\s+"
        rf"(?P<rel2>follow|precede))\s+(?:the\s+)?(?:present\s+|current\s+|existing\s+)?{KIND}"
        rf"\s*(?:{NUM}|{_BEGINS})",
        where,
        re.I,
    )
    m_new = re.search(
        rf"\bas\s+(?:a\s+|the\s+)?(?:new\s+)?{KIND}\s*\(\s*(?P<num>[0-9]+|[ivxlc]+){_BIS}"
        rf"|^\s*\(\s*(?P<numb>[0-9]+|[ivxlc]+){_BISB}",
        where,
        re.I,
    )
    between = re.search(
        rf"\bbetween\s+(?:the\s+)?(?:current\s+|present\s+)?{KIND}\s*"
        rf"{NUM}\s+and\s+\(\s*(?P<num2>[0-9]+|[ivxlc]+)\s*\)",
        where,
        re.I,
    )
    if between is not None and m_new is None:
        low = number(kind_of(between["kind"]), between["num"])
        high = number(kind_of(between["kind"]), between["num2"])
        rest = where[: between.start()] + " " + where[between.end() :]
        if low is None or high != low + 1 or NOISE.sub(" ", rest).strip():
            return None, where
        if kind_of(between["kind"]) != kind:
            return None, where
        return {"position": "after", "sibling": ref.sibling(kind, between["num"])}, ""
    m_edge = re.search(r"\b(?:(?:at|to)\s+(?:the\s+)?(?P<edge>end|beginning|start|top|bottom)"
                       r"(?:\s+of\s+the\s+(?:list|goal|block))?|as\s+the\s+(?P<nth>first|"
                       r"last)\s+(?:key\s+area|activity))\b", where, re.I)  # fmt: skip
    if m is not None and m_new is not None and m_new["numb"] is not None:
        if not _agrees(kind, m, m_new["numb"]):
            return None, where
        where = where[: m_new.start()] + " " + where[m_new.end() :]
        return position(where, ref, kind)  # "new activity (vi) after activity (v)": agreed
    found = [x for x in (m, m_new, m_edge) if x is not None]
    if len(found) != 1:
        return None, where
    hit = found[0]
    rest = (where[: hit.start()] + " " + where[hit.end() :]).strip()
    if NOISE.sub(" ", rest).strip():
        return None, where
    if hit is m_edge:
        edge = (hit["edge"] or hit["nth"]).lower()
        return {"position": "end" if edge in ("end", "last", "bottom") else "start"}, ""
    if hit["kind"] is not None and kind_of(hit["kind"]) != kind:
        return None, where
    if hit is m and hit["words"] is not None:
        rel = (hit["rel"] or hit["rel2"]).lower()
        side = "after" if rel in ("after", "following", "follow") else "before"
        return {"position": side, "sibling_words": hit["words"]}, ""
    n = number(kind, hit["num"] or hit["numb"]) if hit is m_new else number(kind, hit["num"])
    if n is None or n < 1:
        return None, where
    if hit is m_new and (hit["bis"] or hit["bisb"]):
        # "(iii bis)": the element the UN and treaties insert after (iii), keeping its number
        return {"position": "after", "sibling": ref.sibling(kind, display(kind, n))}, ""
    if hit is m_new:
        if n == 1:
            return {"position": "start"}, ""
        return {"position": "after", "sibling": ref.sibling(kind, display(kind, n - 1))}, ""
    rel = (hit["rel"] or hit["rel2"]).lower()
    side = "after" if rel in ("after", "following", "follow") else "before"
    return {"position": side, "sibling": ref.sibling(kind, display(kind, n))}, ""


_OF_GOAL = r"(?:\s+of\s+goal\s+(?P<{}>[A-Z]\.\d+))?"
_AFTER_BEFORE = re.compile(
    rf"\b(?:immediately\s+)?(?:after|following)\s+(?:the\s+)?{KIND}\s*{NUM}{_OF_GOAL.format('g1')}"
    r"\s*,?\s+and\s+(?:immediately\s+)?(?:before|preceding)\s+(?:the\s+)?(?P<kind2>key\s+area|"
    rf"activity)\s*\(\s*(?P<num2>[0-9]+|[ivxlc]+)\s*\){_OF_GOAL.format('g2')}",
    re.IGNORECASE,
)


def _between(where: str, ref: Ref) -> str:
    """ "immediately after activity (iv) of Goal A.10 and immediately before activity (v) of
    Goal A.10": the place between two elements of the item's goal, said from both sides."""
    m = _AFTER_BEFORE.search(where)
    if m is None or kind_of(m["kind"]) != kind_of(m["kind2"]):
        return where
    if any(g is not None and g not in ref.goals for g in (m["g1"], m["g2"])):
        return where
    plural = "key areas" if kind_of(m["kind"]) == "key_area" else "activities"
    return (f"{where[: m.start()]} between {plural} ({m['num']}) and ({m['num2']})"
            f"{where[m.end() :]}")


def _agrees(kind: Kind, m: re.Match[str], new_number: str) -> bool:
    """Whether the number a new element is given fits the place named for it: (vi) after (v),
    (v) before (v)."""
    new = number(kind, new_number)
    if m["words"] is not None or m["num"] is None or new is None:
        return False
    at = number(kind, m["num"])
    if at is None:
        return False
    rel = (m["rel"] or m["rel2"]).lower()
    return new == at + 1 if rel in ("after", "following", "follow") else new == at


def resolve_words(reading: Reading, found: list[Target], plan: Plan) -> Reading:
    """The sibling an add names by its first words: the one element of that kind in the target
    goal whose text begins with them."""
    words = reading.sibling_words or ""
    kind = reading.fields.get("kind")
    if len(found) != 1 or not found[0].is_unit:
        return instruction("a sibling named by its words needs one goal as target", reading.rule)
    hits = [
        p
        for p in plan.locate().values()
        if p.kind == kind
        and found[0].unit_id == unit_key(p.unit)
        and phrases.normalise(p.item.text).lower().startswith(phrases.normalise(words).lower())
    ]
    if len(hits) != 1:
        return instruction(f"{len(hits)} elements of {found[0].label} begin with “{words}”; the "
                           "report must name one", reading.rule)  # fmt: skip
    reading.fields["sibling"] = hits[0].label
    reading.roles.append(f"“{words}” begins {hits[0].label}: it names the sibling")
    reading.sibling_words = None
    return reading

