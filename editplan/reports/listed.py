"""Whole-element operations listed in one sentence, as rule-making drafters list them: "activity
(vi) is added to read as follows: “...”", "Goal A.3 is amended by revising activity (iii) and
by adding activity (v) to read as follows: “...” and “...”" (the US Federal Register's
amendatory language). The texts follow in the order of the operations that need one; a new
element's number places it after the one before, and must not exist already (``absent``).
"""

from __future__ import annotations

import re

from editplan.core.model import KIND_NOUN, Kind
from editplan.reports import frames
from editplan.reports.grammar import Q, Reading, Words, instruction
from editplan.reports.positions import KIND, display, kind_of, number
from editplan.reports.targets import Ref

_ADDED = re.compile(
    r"^(?:is|are|shall\s+be|be)\s+(?:hereby\s+)?(?:added|inserted)\b(?:\s+to\s+read(?:\s+as\s+"
    r"follows)?)?\s*[:—–-]*\s*«(?P<new>\d+)»$",
    re.IGNORECASE,
)
_VERBS = {"revis": "rephrase", "amend": "rephrase", "replac": "rephrase", "add": "add",
          "insert": "add", "remov": "remove", "delet": "remove", "omit": "remove"}  # fmt: skip
_STEP = re.compile(
    rf"(?:\bby\s+)?\b(?P<verb>revis|amend|replac|add|insert|remov|delet|omit)\w*\s+(?:new\s+)?"
    rf"{KIND}\s*\(\s*(?P<num>[0-9]+|[ivxlc]+)\s*\)",
    re.IGNORECASE,
)
_JOIN = r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*"
_ANON = _STEP.pattern.replace("?P<verb>", "?:").replace("?P<kind>", "?:").replace("?P<num>", "?:")
_STEPS = re.compile(
    rf"^(?:{_STEP.pattern})(?:{_JOIN}(?:{_ANON}))+\s+to\s+read(?:\s+as\s+follows)?\s*[:—–-]*\s*(?P<texts>«\d+»(?:{_JOIN}«\d+»)*)$",
    re.IGNORECASE,
)


def read_listed(words: Words, ref: Ref) -> list[Reading] | None:
    """The readings of a listed sentence, or None if the sentence is not one."""
    text = frames.frame(words.text).strip(" .;")
    if ref.kind is not None and len(ref.numbers) == 1 and (m := _ADDED.match(text)):
        return [_new(ref, ref.kind, ref.numbers[0], words.quote(int(m["new"])), "added to read")]
    if ref.is_element or not _STEPS.match(text):
        return None
    head, _, tail = re.split(r"(\s+to\s+read\b)", text, maxsplit=1, flags=re.IGNORECASE)
    steps = list(_STEP.finditer(head))
    texts = [words.quote(int(n)) for n in Q.findall(tail)]
    wanting = [s for s in steps if _VERBS[s["verb"].lower()] != "remove"]
    if len(wanting) != len(texts):
        return [instruction(f"{len(wanting)} elements to be worded, and {len(texts)} wordings "
                            "quoted", "listed operations")]  # fmt: skip
    out: list[Reading] = []
    given = iter(texts)
    for step in steps:
        kind = kind_of(step["kind"])
        op = _VERBS[step["verb"].lower()]
        label = ref.element(step["num"]) if ref.kind == kind else ref.sibling(kind, step["num"])
        if op == "add":
            out.append(_new(ref, kind, step["num"], next(given), "listed: add"))
        elif op == "rephrase":
            out.append(Reading({"op": "rephrase", "text": next(given)}, "listed: revise",
                               targets=[label]))  # fmt: skip
        else:
            out.append(Reading({"op": "remove"}, "listed: remove", targets=[label]))
    return out


def _new(ref: Ref, kind: Kind, num: str, text: str, rule: str) -> Reading:
    """A new element numbered ``num``: after the element numbered one less (or first)."""
    n = number(kind, num)
    fields: dict[str, object] = {"op": "add", "kind": kind, "text": text}
    if n is None or n < 1:
        return instruction(f"“({num})” is not a number for a {KIND_NOUN[kind]}", rule)
    if n == 1:
        fields["position"] = "start"
    else:
        fields["position"] = "after"
        fields["sibling"] = ref.sibling(kind, display(kind, n - 1))
    reading = Reading(fields, f"{rule}: a new {KIND_NOUN[kind]} ({num})",
                      targets=[ref.goals_written])  # fmt: skip
    reading.absent = ref.sibling(kind, num)
    return reading
