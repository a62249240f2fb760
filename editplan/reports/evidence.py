"""The target's own text as evidence for the roles of a reading's quotations.

A quotation that occurs in the element (as whole words, once or at the stated occurrence) can
be old words; one that does not can only be new words; one that equals the element's whole
text names it. The grammar proposes; this module decides between the readings the grammar
left open, resolves a layout's "current text / proposed text" into an operation, finds the
element a goal-level item's quotation names, and says for each role which evidence decided
it. When evidence and grammar disagree, or two readings survive, the item stays an
instruction; a reading that came close is kept as its candidate.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from editplan.core import phrase as phrases
from editplan.core.model import Place, Plan, unit_key
from editplan.core.reference import Target
from editplan.reports.grammar import Reading, instruction

Test = Callable[[Reading], Reading]


def norm(text: str) -> str:
    """Text compared as a reader would: quotes folded, spaces collapsed, no final stop, any
    case."""
    return " ".join(phrases.normalise(text).split()).strip(" .;,").lower()


def texts(found: list[Target], plan: Plan) -> list[tuple[Target, str]]:
    """Each target element and its wording (goals have none)."""
    places = plan.locate()
    return [(t, places[t.element_id].item.text) for t in found if t.element_id is not None]


def say(needle: str, text: str, label: str) -> str:
    """What the element's text says of a quotation, in words."""
    if norm(needle) == norm(text):
        return f"“{needle}” is the whole text of {label}"
    spans = phrases.find(text, needle)
    if not spans:
        return f"“{needle}” does not occur in {label}"
    return f"“{needle}” occurs {_times(len(spans))} in {label}"


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def choose(reading: Reading, test: Test) -> Reading:
    """The one reading, among those the grammar allowed, that the element's text bears out."""
    options = [reading.fields, *reading.alternatives]
    passed: list[Reading] = []
    failed: list[Reading] = []
    for fields in options:
        trial = Reading(dict(fields), reading.rule, list(reading.notes), reading.note,
                        reading.targets, sentence=reading.sentence, widen=reading.widen,
                        expect=reading.expect, followed_by=reading.followed_by,
                        roles=list(reading.roles), count=reading.count)  # fmt: skip
        result = test(trial)
        (failed if result.is_instruction else passed).append(result)
    if len(passed) == 1:
        chosen = passed[0]
        chosen.roles.append(
            f"the element's text decides: “{chosen.fields.get('phrase')}” is the old words"
        )
        return chosen
    if not passed:
        reason = failed[0].reason or "the element's text bears out no reading"
        out = instruction(f"{reason} (and no other reading of the quotations fits)", reading.rule)
        out.roles = reading.roles
        return out
    shown = "; ".join(f"“{p.fields.get('phrase')}” by “{p.fields.get('by')}”" for p in passed)
    out = instruction(f"two readings fit the element's text ({shown}); the report must say "
                      "which words are old", reading.rule)  # fmt: skip
    out.roles = reading.roles
    return out


def swapped(reading: Reading) -> dict[str, Any] | None:
    """A replacement read the other way round: the candidate when the old words are missing
    from the element but the new ones are there."""
    fields = reading.fields
    if fields.get("op") != "replace":
        return None
    out = dict(fields)
    out["phrase"], out["by"] = fields["by"], fields["phrase"]
    return out


def revise(reading: Reading, found: list[Target], plan: Plan, test: Test) -> Reading:
    """A "current text / proposed text" pair as an operation: the whole text becomes a
    rephrase, a passage that occurs once a replacement; parts that do not match the element
    make an instruction (with the rephrase as its candidate when the current text is close to
    the element's)."""
    old, new = reading.fields["old"], reading.fields["new"]
    pairs = texts(found, plan)
    if len(pairs) != 1:
        return instruction("two parts (current and proposed text) need one element as target",
                           reading.rule)  # fmt: skip
    target, text = pairs[0]
    if not old:
        return _proposed(reading, new, target, text)
    heard = say(old, text, target.label)
    roles = [*reading.roles, f"current text: {heard}"]
    if norm(old) == norm(text):
        fields: dict[str, Any] = {"op": "rephrase", "text": new} if new else {"op": "remove"}
        return Reading(fields, f"{reading.rule}: the current text is the whole element",
                       reading.notes, roles=roles)  # fmt: skip
    spans = phrases.find(text, old)
    if len(spans) == 1:
        fields = {"op": "replace", "phrase": text[spans[0][0] : spans[0][1]], "by": new} if new \
            else {"op": "delete", "phrase": text[spans[0][0] : spans[0][1]]}  # fmt: skip
        trial = Reading(fields, f"{reading.rule}: the current text is a passage of the element",
                        reading.notes, roles=roles)  # fmt: skip
        return test(trial)
    if spans:
        why = f"the current text “{old}” occurs {_times(len(spans))} in {target.label}"
    else:
        why = f"the two parts do not match the element: {heard}, which reads “{text}”"
    out = instruction(why, reading.rule)
    out.roles = roles
    if new and not spans and difflib.SequenceMatcher(None, norm(old), norm(text)).ratio() >= 0.6:
        out.candidate = {"op": "rephrase", "text": new}
    return out


def _proposed(reading: Reading, new: str, target: Target, text: str) -> Reading:
    """A proposed text given alone: the element's new wording when it reads as a version of
    the element's text (most of it in common); otherwise it may be a passage, and the item stays
    an instruction with the rephrase as its candidate."""
    likeness = difflib.SequenceMatcher(None, norm(new), norm(text)).ratio()
    roles = [*reading.roles, f"the proposed text and {target.label} have {likeness:.0%} in common"]
    if norm(new) == norm(text):
        out = instruction(f"the proposed text is the text of {target.label} as it stands",
                          reading.rule)  # fmt: skip
    elif likeness >= 0.5:
        return Reading({"op": "rephrase", "text": new}, f"{reading.rule}: a version of "
                       f"{target.label}", reading.notes, roles=roles)  # fmt: skip
    else:
        out = instruction(f"the proposed text has little in common with {target.label} (“{text}”): "
                          "it may be a passage, not the whole wording", reading.rule)  # fmt: skip
        out.candidate = {"op": "rephrase", "text": new}
    out.roles = roles
    return out


def name_element(reading: Reading, found: list[Target], plan: Plan) -> Reading:
    """A word change read on a goal: the element whose whole text one of its quotations is
    (the old words, or the anchor) is the target; deleting an element's whole text removes it.
    Without such an element the reading stays an instruction."""
    fields = reading.fields
    op = fields["op"]
    key = "anchor" if op == "insert" else "phrase"
    needle = fields.get(key)
    label = ", ".join(t.label for t in found)
    fail = instruction(f"a {op} changes one key area or activity, and “{label}” names a whole "
                       "goal", reading.rule)  # fmt: skip
    if needle is None or len(found) != 1 or not found[0].is_unit:
        return fail
    places = plan.locate()
    named = [p for p in places.values()
             if _in_unit(p, found[0]) and norm(p.item.text) == norm(needle)]  # fmt: skip
    if len(named) != 1:
        return fail
    place = named[0]
    reading.targets = [place.label]
    reading.needs_element = False
    reading.roles.append(f"“{needle}” is the whole text of {place.label}: it names the element")
    if op == "delete":
        reading.fields = {"op": "remove"}
        reading.rule += ": the whole text, so the element"
    return reading


def _in_unit(place: Place, unit: Target) -> bool:
    return unit_key(place.unit) == unit.unit_id
