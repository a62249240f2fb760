"""Checks of a reading against the plan: targets exist, positions name real siblings, quoted
words occur (once, or at the occurrence the report names). What fails becomes an instruction
with the reason and the nearest match, so that the item is kept and never applied half
understood. "The reference to X" may widen over a preposition left dangling, and says so.
"""

from __future__ import annotations

import re
from functools import partial
from itertools import pairwise
from typing import Any

from editplan.core import phrase as phrases
from editplan.core.model import Plan
from editplan.core.reference import Target, resolve
from editplan.errors import TargetError
from editplan.reports import evidence, excerpts, positions
from editplan.reports.grammar import Reading, instruction

# A preposition left before nothing, or before another preposition, goes with the deleted words.
PREPOSITIONS = ("for", "under", "of", "to", "by", "with", "in", "on")
_ARTICLES = ("the", "a", "an")
_BEFORE = re.compile(
    rf"\b(?P<prep>{'|'.join(PREPOSITIONS)})\s+(?:(?P<art>{'|'.join(_ARTICLES)})\s+)?$",
    re.IGNORECASE,
)
_NEXT_PREP = re.compile(rf"^\s+(?P<prep>{'|'.join(PREPOSITIONS)})\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=\S)")


def _fail(reading: Reading, reason: str) -> Reading:
    out = instruction(f"{reason} (read as {reading.rule})", reading.rule)
    out.reason = reason
    out.roles = reading.roles
    return out


def check(reading: Reading, targets: list[str], plan: Plan) -> Reading:
    """The reading if the plan bears it out, else an instruction saying why not (with the
    operation it came close to as its candidate)."""
    result = _check(reading, targets, plan)
    if result.targets is None and reading.targets is not None and not result.is_instruction:
        result.targets = reading.targets
    return result


def _check(reading: Reading, targets: list[str], plan: Plan) -> Reading:
    if reading.is_instruction:
        for ref in targets:
            try:
                resolve(plan, ref)
            except TargetError as exc:
                reading.notes.append(exc.message)
        return reading
    if reading.absent is not None and _exists(plan, reading.absent):
        return _fail(reading, f"{reading.absent} already exists; the new element's number does "
                     "not fit the plan")  # fmt: skip
    found: list[Target] = []
    for ref in targets:
        try:
            found.extend(resolve(plan, ref))
        except TargetError as exc:
            return _fail(reading, exc.message)
    again = partial(check, targets=targets, plan=plan)
    op = reading.fields["op"]
    if op == "_revise":
        return evidence.revise(reading, found, plan, again)
    if op == "_sentence":
        return _sentence(reading, found, plan, again)
    if op == "_rest":
        return _rest(reading, found, plan, again)
    if reading.sibling_words is not None:
        reading = positions.resolve_words(reading, found, plan)
        if reading.is_instruction:
            return reading
    if reading.needs_element:
        reading = evidence.name_element(reading, found, plan)
        if reading.is_instruction or reading.targets is None:
            return reading
        return check(reading, reading.targets, plan)
    if reading.alternatives:
        return evidence.choose(reading, again)
    result = _checked(reading, found, plan)
    if result.is_instruction and result.candidate is None:
        result.candidate = _candidate(reading, result, targets, plan)
    return result


def _exists(plan: Plan, ref: str) -> bool:
    try:
        resolve(plan, ref)
    except TargetError:
        return False
    return True


def _checked(reading: Reading, found: list[Target], plan: Plan) -> Reading:
    fields = reading.fields
    op = fields["op"]
    for key in ("sibling", "to"):
        if key in fields:
            try:
                resolve(plan, fields[key])
            except TargetError as exc:
                return _fail(reading, f"{key}: {exc.message}")
    wants_unit = op == "add"
    for target in found:
        if wants_unit and not target.is_unit:
            return _fail(reading, f"an add targets a goal or block; {target.label} is an element")
        if not wants_unit and target.is_unit and not (op == "rephrase" and reading.title):
            return _fail(reading, f"a {op} needs a key area or activity; {target.label} is a goal")
    if op == "remove" and reading.expect is not None:
        text = plan.locate()[found[0].element_id or ""].item.text
        if _norm(text) != _norm(reading.expect):
            return _fail(reading, f"the report quotes the element as “{reading.expect}”, but "
                         f"{found[0].label} reads “{text}”")  # fmt: skip
    if op == "replace" and len(found) == 1 and "occurrence" not in fields:
        text = plan.locate()[found[0].element_id or ""].item.text
        if _norm(text) == _norm(fields["phrase"]):
            reading.roles.append(f"“{fields['phrase']}” is the whole text of {found[0].label}")
            return Reading({"op": "rephrase", "text": fields["by"]},
                           f"{reading.rule}: the whole text, so a new wording", reading.notes,
                           note=reading.note, roles=reading.roles)  # fmt: skip
    if op == "delete" and len(found) == 1 and "occurrence" not in fields:
        text = plan.locate()[found[0].element_id or ""].item.text
        if _norm(text) == _norm(fields["phrase"]):
            reading.roles.append(f"“{fields['phrase']}” is the whole text of {found[0].label}")
            return Reading({"op": "remove"}, f"{reading.rule}: the whole text, so the element",
                           reading.notes, roles=reading.roles)  # fmt: skip
    if op == "insert" and "anchor" not in fields and reading.expect is not None:
        for target, text in evidence.texts(found, plan):
            edge = (0, 0) if fields["position"] == "start" else (len(text), len(text))
            result = _result(fields, text, edge)
            if not _reads(result, reading.expect):
                return _fail(reading, f"the report says the result reads “{reading.expect}”, "
                             f"but the change gives “{result}” in {target.label}")  # fmt: skip
    if op == "insert" and "anchor" not in fields and reading.sentence is not None:
        return _edge_of_sentence(reading, found, plan)
    if op not in ("delete", "replace", "insert") or (op == "insert" and "anchor" not in fields):
        return reading
    result = _phrase(reading, found, plan)
    if not result.is_instruction:
        key = "anchor" if op == "insert" else "phrase"
        for target, text in evidence.texts(found, plan):
            result.roles.append(evidence.say(result.fields[key], text, target.label))
    return result


def _sentence(reading: Reading, found: list[Target], plan: Plan,
              again: Any) -> Reading:  # fmt: skip
    """ "Replace the first sentence by ...": the sentence's words in the element's text; the
    only sentence is the whole wording."""
    n, new = reading.fields["nth"], reading.fields["new"]
    pairs = evidence.texts(found, plan)
    if len(pairs) != 1:
        return _fail(reading, "a sentence of the element needs one element as target")
    target, text = pairs[0]
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    sentences = [text[a:b].strip() for a, b in pairwise(bounds)]
    index = n - 1 if n > 0 else len(sentences) - 1
    if not 0 <= index < len(sentences):
        return _fail(reading, f"{target.label} has {len(sentences)} sentence(s), not a sentence "
                     f"{n}")  # fmt: skip
    roles = [*reading.roles, f"{target.label} has {len(sentences)} sentence(s); sentence "
             f"{index + 1} reads “{sentences[index]}”"]  # fmt: skip
    if len(sentences) == 1:
        fields: dict[str, Any] = {"op": "rephrase", "text": new} if new else {"op": "remove"}
        return Reading(fields, f"{reading.rule}: the only sentence, the whole wording",
                       reading.notes, roles=roles)  # fmt: skip
    words = sentences[index]
    fields = {"op": "replace", "phrase": words, "by": new} if new else \
        {"op": "delete", "phrase": words}  # fmt: skip
    return again(Reading(fields, reading.rule, reading.notes, roles=roles))


def _rest(reading: Reading, found: list[Target], plan: Plan, again: Any) -> Reading:
    """ "All the words after “X”": the element's words after (or before) X, found once."""
    at, side, new = reading.fields["at"], reading.fields["side"], reading.fields["new"]
    pairs = evidence.texts(found, plan)
    if len(pairs) != 1:
        return _fail(reading, "the words after a phrase need one element as target")
    target, text = pairs[0]
    spans = phrases.find(text, at)
    if len(spans) != 1:
        return _fail(reading, f"“{at}” occurs {len(spans)} time(s) in {target.label}, which "
                     f"reads “{text}”")  # fmt: skip
    a, b = spans[0]
    words = (text[b:] if side == "after" else text[:a]).strip(" ,;")
    if not words:
        return _fail(reading, f"no words {side} “{at}” in {target.label}")
    if reading.fields.get("sentence") and re.search(r"[.;!?]\s+\S", words):
        return _fail(reading, f"the sentence after “{at}” does not end {target.label}, which "
                     f"reads “{text}”; a person marks where it ends")  # fmt: skip
    roles = [*reading.roles, f"the words {side} “{at}” in {target.label}: “{words}”, so the "
             "element reads anew"]  # fmt: skip
    kept = text[:b] if side == "after" else text[a:]
    wording = f"{kept} {new}" if side == "after" else f"{new} {kept}"
    if new in (".", ";"):  # "put a period after “X”": the stop ends the words kept
        wording = kept.rstrip() + new
    return Reading({"op": "rephrase", "text": " ".join(wording.split())}, reading.rule,
                   reading.notes, roles=roles)  # fmt: skip


def _edge_of_sentence(reading: Reading, found: list[Target], plan: Plan) -> Reading:
    """ "at the end of the first sentence": the end (or start) of the element only when that
    sentence is its last (or first)."""
    n = reading.sentence or 1
    for target, text in evidence.texts(found, plan):
        count = len(_SENTENCE_END.findall(text.strip())) + 1
        index = n if n > 0 else count
        edge = reading.fields["position"]
        if not 1 <= index <= count or (edge == "end" and index != count) or (
            edge == "start" and index != 1
        ):
            return _fail(reading, f"{target.label} has {count} sentence(s); the {edge} of "
                         f"sentence {n} is not the {edge} of the element")  # fmt: skip
        reading.roles.append(f"{target.label} has {count} sentence(s): the {edge} of sentence "
                             f"{n} is the {edge} of the element")  # fmt: skip
    return reading


def _candidate(reading: Reading, failed: Reading, targets: list[str],
               plan: Plan) -> dict[str, Any] | None:  # fmt: skip
    """The operation a near miss would have been: the nearest words of the element for words
    that do not occur, or a replacement read the other way round; only one that the plan bears
    out."""
    tries: list[dict[str, Any]] = []
    hint = re.search(r"the nearest is “(.+)”$", failed.reason or "")
    fields = reading.fields
    key = "anchor" if fields.get("op") == "insert" else "phrase"
    if hint is not None and key in fields:
        tries.append({**fields, key: hint[1]})
    if (turned := evidence.swapped(reading)) is not None:
        tries.append(turned)
    for fields in tries:
        trial = Reading(dict(fields), reading.rule, sentence=reading.sentence,
                        followed_by=reading.followed_by)  # fmt: skip
        found: list[Target] = [t for ref in targets for t in resolve(plan, ref)]
        if not _checked(trial, found, plan).is_instruction:
            return {k: v for k, v in trial.fields.items() if not k.startswith("_")}
    return None


def _phrase(reading: Reading, found: list[Target], plan: Plan) -> Reading:
    fields = dict(reading.fields)
    key = "anchor" if fields["op"] == "insert" else "phrase"
    needle: str = fields[key]
    places = plan.locate()
    widened: set[str] = set()
    for target in found:
        assert target.element_id is not None
        text = places[target.element_id].item.text
        where = f"{target.label}, which reads “{text}”"
        if key == "phrase" and (ends := excerpts.elided(needle)) is not None:
            whole = excerpts.passage(text, *ends)
            if whole is None:
                return _fail(reading, f"the words from “{ends[0]}” to “{ends[1]}” are not one "
                             f"passage of {where}")  # fmt: skip
            reading.notes.append(f"the report leaves out the middle of the words that go; the "
                                 f"passage is “{whole}”")  # fmt: skip
            fields[key] = needle = whole
        spans = phrases.find(text, needle)
        if not spans:
            spans = phrases.find(text.lower(), needle.lower())
            if spans and len({text[a:b] for a, b in spans}) == 1:
                actual = text[spans[0][0] : spans[0][1]]
                reading.notes.append(f"the report writes “{needle}”, {target.label} has "
                                     f"“{actual}”: the element's spelling is used")  # fmt: skip
                fields[key] = needle = actual
            else:
                spans = []
        if not spans:
            hint = phrases.suggest(text, needle)
            return _fail(reading, f"“{needle}” does not occur as whole words in {where}"
                         + (f"; the nearest is “{hint}”" if hint else ""))  # fmt: skip
        occurrence = fields.get("occurrence")
        if reading.count is not None and len(spans) != reading.count:
            return _fail(reading, f"the report counts {reading.count} places, but “{needle}” "
                         f"occurs {len(spans)} time(s) in {where}")  # fmt: skip
        if reading.sentence is not None:
            chosen = _in_sentence(text, spans, reading.sentence)
            if chosen is None:
                return _fail(reading, f"“{needle}” does not occur once in sentence "
                             f"{reading.sentence} of {where}")  # fmt: skip
            if len(spans) > 1:
                fields["occurrence"] = chosen + 1
            occurrence = fields.get("occurrence")
        if isinstance(occurrence, int) and occurrence > len(spans):
            return _fail(reading, f"“{needle}” occurs {len(spans)} time(s) in {where}; the "
                         f"report names occurrence {occurrence}")  # fmt: skip
        if len(spans) > 1 and occurrence is None:
            return _fail(reading, f"“{needle}” occurs {len(spans)} times in {where}, and the "
                         "report does not say which")  # fmt: skip
        if reading.at_edge is not None and len(spans) == 1:
            a, b = spans[0]
            rest = text[b:] if reading.at_edge == "end" else text[:a]
            if rest.strip(" .;,"):
                return _fail(reading, f"“{needle}” is not at the {reading.at_edge} of {where}")
        if reading.followed_by is not None:
            end = spans[(occurrence or 1) - 1 if isinstance(occurrence, int) else 0][1]
            if not phrases.find(text[end:], reading.followed_by) or not text[
                end:
            ].lstrip().lower().startswith(reading.followed_by.lower()):
                return _fail(reading, f"“{reading.followed_by}” does not follow “{needle}” in "
                             f"{where}")  # fmt: skip
        if fields["op"] == "delete" and len(spans) == 1 and reading.widen:
            phrase, why = _widen(text, *spans[0])
            widened.add(phrase)
            if why:
                reading.notes.append(why)
        if reading.expect is not None and fields["op"] != "delete" and len(spans) == 1:
            result = _result(fields, text, spans[0])
            if not _reads(result, reading.expect):
                return _fail(reading, f"the report says the result reads “{reading.expect}”, "
                             f"but the change gives “{result}”")  # fmt: skip
    if len(widened) == 1:
        phrase = widened.pop()
        if phrase != fields["phrase"]:
            reading.note = (
                f"The report names “{fields['phrase']}”; the span deleted is “{phrase}”, so "
                "that no preposition is left dangling."
            )
            fields["phrase"] = phrase
    elif len(widened) > 1:
        return _fail(reading, "the targets need different spans; split the amendment per target")
    reading.fields = fields
    return reading


def _result(fields: dict[str, Any], text: str, span: tuple[int, int]) -> str:
    """The element's text after a replacement or an insertion at ``span`` (the old words or
    the anchor)."""
    a, b = span
    if fields["op"] == "replace":
        return text[:a] + fields["by"] + text[b:]
    new = fields["text"]
    if fields.get("position") in ("before", "start"):
        return f"{text[:a]}{new} {text[a:]}"
    return f"{text[:b]}{'' if new[:1] in ',;.:' else ' '}{new}{text[b:]}"


def _reads(result: str, expect: str) -> bool:
    """Whether the result is what the report says it reads: the whole text, or, for an excerpt
    between ellipses, a passage of it."""
    said, cut = excerpts.trim(expect)
    if not cut:
        return _norm(result) == _norm(said)
    return bool(phrases.find(result, said.strip(" .;,")))


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).strip(" .;,").lower()


def _in_sentence(text: str, spans: list[tuple[int, int]], n: int) -> int | None:
    """The index among ``spans`` of the one span in sentence ``n`` (1-based; -1 the last)."""
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text) + 1]
    sentences = list(pairwise(bounds))
    index = n - 1 if n > 0 else len(sentences) - 1
    if not 0 <= index < len(sentences):
        return None
    lo, hi = sentences[index]
    inside = [i for i, (a, _) in enumerate(spans) if lo <= a < hi]
    return inside[0] if len(inside) == 1 else None


def widen(text: str, start: int, end: int) -> tuple[str, str | None]:
    """The span to delete for the words at start:end, and a review note if it was widened."""
    return _widen(text, start, end)


def _widen(text: str, start: int, end: int) -> tuple[str, str | None]:
    words = text[start:end]
    m = _BEFORE.search(text[:start])
    if m is None:
        return words, None
    after = text[end:]
    lead = f"“{m['prep']}{' ' + m['art'] if m['art'] else ''}”"
    if not after.strip(" .;,"):
        why = "at the end of the element"
    elif nxt := _NEXT_PREP.match(after):
        why = f"before “{nxt['prep']}”"
    else:
        return words, f"{lead} stays before the deleted words: check the element still reads well"
    phrase = text[m.start() : end]
    return phrase, (
        f"span widened from “{words}” to “{phrase}”: {lead} would be left dangling {why}"
    )
