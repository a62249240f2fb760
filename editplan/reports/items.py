"""One labelled item read into amendments: its layout (a table, two parts, marked text), its
target, its words (``structure`` for whole elements, ``grammar`` for words), and, with a plan,
the evidence of the target's text (``checks``). An item is understood whole or not at all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from editplan.core.model import Plan, Unit
from editplan.core.reference import resolve
from editplan.errors import TargetError
from editplan.reports import excerpts, frames, layouts, lists, segment, tables, unquoted
from editplan.reports.checks import check
from editplan.reports.extraction import Confidence, ExtractedItem
from editplan.reports.grammar import Reading, Words, instruction, read_words
from editplan.reports.listed import read_listed
from editplan.reports.positions import own_number
from editplan.reports.structure import read_structure
from editplan.reports.targets import Ref, find
from editplan.reports.text import SLOT, Unbalanced, clean, quotes


@dataclass
class Parsed:
    """An item read without the plan: its target and its readings."""

    ref: Ref | None
    readings: list[Reading]
    amending: bool
    error: str | None = None


def parse_item(text: str, lead: str | None = None, lines: list[str] | None = None) -> Parsed:
    """Read one item's words into readings (operations or instructions)."""
    if lines and (laid := layouts.table(lines)) is not None:
        return _table(*laid, lead)
    if lines and (rows := _by_element(lines)) is not None:
        return rows
    text = _IN_BRACKETS.sub(lambda m: f" {m[1]} ", text)
    if note := next(filter(None, map(_ANGLED.match, lines or [text])), None):
        ref, _ = find(clean(text), lead)  # "<Amended text as it would appear if adopted.>"
        why = f"the item holds a note to the reader in angle brackets (“{note[1]}”), not wording"
        return Parsed(ref, [instruction(why)], ref is not None, why)
    text = _QUOTED_NUMBER.sub(r"\g<kind> (\g<num>)", text)
    text, new_at = layouts.new_element(text)
    marks = layouts.marked(text)
    if marks is not None:
        text = marks[0]
    try:
        found, template = quotes(text)
    except Unbalanced as exc:
        ref, _ = find(clean(text), lead)
        reason = f"unbalanced quotes: {exc}; fix the report's quotation marks"
        return Parsed(ref, [instruction(reason)], ref is not None, reason)
    template = clean(template).rstrip(" ;,.:")
    for tail in (" and", " or", "; and", "; or"):
        template = template.removesuffix(tail).rstrip(" ;,.")
    template = _BARE_NUMBER.sub("", template, count=1)
    purpose = _PURPOSE.search(template) if lead else None  # "in order to clarify activity (iv),"
    if purpose is not None:
        template = template[: purpose.start()] + template[purpose.end() :]
    ref, predicate = find(template, clean(lead) if lead else None)
    if ref is None:
        return Parsed(None, [], False, "names no goal, key area or activity")
    predicate = re.sub(SLOT, r"«\1»", predicate)  # quotations as the grammar writes them
    aside = frames.beside(predicate, bool(found))
    predicate = aside.text
    said = [re.sub(r"«(\d+)»", lambda m: f"“{clean(found[int(m[1])])}”", x) for x in aside.said]
    if purpose is not None:
        said.append(f"The report says: {purpose.group(0).strip(' ,')}.")
    words = Words(predicate, found)
    if any(not q for q in words.quotes):
        return Parsed(ref, [instruction("the item quotes empty words (“”)")], True)
    if ref.error is not None:
        return Parsed(ref, [instruction(ref.error)], True)
    if aside.refusal is not None:
        return Parsed(ref, [instruction(aside.refusal, "symbol")], True)
    if (why := layouts.bracketed(words)) is not None:
        return Parsed(ref, [instruction(why, "brackets")], True)
    if marks is not None:
        return Parsed(ref, [_marked(marks[1], words)], True)
    readings = (
        layouts.two_parts(words, ref, new_at)
        or layouts.new_alone(words, ref, new_at)
        or layouts.rest_of(words)
        or layouts.preceded(words)
        or layouts.sentence(words)
        or read_listed(words, ref)
        or read_structure(words, ref)
        or read_words(words, ref)
    )
    if all(r.is_instruction for r in readings) and (
        wording := (_wording_after_colon(clean(text)) if not found else
                    words.quote(0) if re.fullmatch(r"«0»", words.text.strip(" .;,:")) else None)
    ):
        given = f"“{wording}”: the wording given after the element"
        readings = [Reading({"op": "_revise", "old": "", "new": wording},
                            "the element's new wording after its name and a colon",
                            roles=[given])]  # fmt: skip
    lines_only = aside.lines and not _ELEMENT_NAMED.search(template)
    readings = [_said(excerpts.settle(_located(_worded(_retargeted(r, ref), ref), lines_only)),
                      said) for r in readings]  # fmt: skip
    amending = any(not r.is_instruction for r in readings) or bool(predicate.strip())
    return Parsed(ref, _whole(readings), amending)


# A list number with no stop before a capital ("1 The last sentence of ...", the IMO's
# resolutions): the report's numbering; "3 new activities" is a count, and stays.
_BARE_NUMBER = re.compile(r"^\s*\d{1,2}\s+(?=[A-Z])")
# An element named only to say why (", in order to clarify activity (iv),"): not the target.
_PURPOSE = re.compile(
    r",\s*in\s+order\s+to\s+(?:clarify|explain|complement|support)\s+(?:key\s+area|activity)\s*"
    r"\([^()]{1,8}\)\s*,",
    re.IGNORECASE,
)
_COLON = re.compile(r"^(?P<ref>[^:]{4,90}):\s*(?P<rest>[A-Z][^«»“”\"]*?)\s*\.?$")
_MODAL = re.compile(r"\b(?:will|should|shall|would|must|may|might|can|could|is\s+to|are\s+to)\b",
                    re.IGNORECASE)  # fmt: skip


def _wording_after_colon(text: str) -> str | None:
    """ "Goal A.3, activity (ii): Support eligible Parties ...": unquoted words after the
    element's name and a colon, with no modal verb (which a report's remark has, "will remain
    the same and should be examined ..."), as the plan's texts have none; the plan decides
    whether they are a version of the element (``evidence``)."""
    m = _COLON.match(text)
    if m is None or not lists.heading(m["ref"]) or _MODAL.search(m["rest"]):
        return None
    return m["rest"]


def _worded(reading: Reading, ref: Ref) -> Reading:
    """A new wording as the element takes it: without the element's own number printed before
    it (“(1) Strengthening ...” for key area (1)); for several elements, one wording that
    replaces them all is their join, and any other is not understood."""
    if reading.fields.get("op") != "rephrase" or reading.targets is not None:
        return reading
    if (own := own_number(reading.fields["text"])) is not None:
        if len(ref.numbers) != 1 or own[1].lower() != ref.numbers[0].lower():
            return instruction(f"the new wording is numbered ({own[1]}), and the item names "
                               f"{ref.written}", reading.rule)  # fmt: skip
        reading.fields = {**reading.fields, "text": own[0]}
    if len(ref.numbers) > 1:
        if re.search(r"\bdelete\b.*\breplace\b|\bomit\b.*\bsubstitute\b", reading.rule):
            reading.fields = {"op": "join", "text": reading.fields["text"]}
            reading.targets = [ref.element(n) for n in ref.numbers]
            reading.rule += ": several elements give way to one, a join"
            return reading
        return instruction("one new wording for several elements: whether they are joined or "
                           "each reworded is not said", reading.rule)  # fmt: skip
    return reading


def _marked(reading: Reading, words: Words) -> Reading:
    """The marked wording's reading, if the words before it only say that it is new wording."""
    rest = words.text
    for filler in ("should", "shall", "must", "read", "reads", "as", "follows", "amended", "be",
                   "the", "text", "wording", "to", "is", "with", "changes", "marked", "new",
                   "proposed", "following", "it", "now"):  # fmt: skip
        rest = " ".join(w for w in rest.split() if w.strip(",:;.").lower() != filler)
    if rest.strip(" ,:;.—–-"):
        return instruction(f"the words “{rest}” before the marked wording are not understood",
                           reading.rule)  # fmt: skip
    return reading


def _said(reading: Reading, said: list[str]) -> Reading:
    """A reading with what the item says beside the change (who proposed it, why) in its note."""
    if said and not reading.is_instruction:
        reading.note = " ".join([*([reading.note] if reading.note else []), *said])
    return reading


# "to omit key area (1) and to substitute", "strike activity (iv)": the change names the element
_ELEMENT_NAMED = re.compile(
    r"\b(?:delet|remov|omit|strik|struck|leav\w*\s+out|repeal|replac|substitut|rephras|reword"
    r"|amend)\w*\s+(?:(?:the\s+)?(?:existing\s+|whole\s+|entire\s+)?)"
    r"(?:goals?\s+[A-Z]\.\d+\S*\s*,?\s*)?(?:key\s+areas?|activit(?:y|ies))\s*\(",
    re.IGNORECASE,
)


def _located(reading: Reading, lines: bool) -> Reading:
    """A reading when the report names a line of its printed text: only quoted words (old
    words or an anchor) locate a change there, or the element the change names, or a new
    element's own number; anything else stays an instruction."""
    fields = reading.fields
    if not lines or reading.is_instruction or any(k in fields for k in ("phrase", "anchor", "at")):
        return reading  # quoted words locate it ("at": the words after which all go)
    if fields.get("op") == "add" and (reading.absent is not None or "sibling" in fields):
        return reading  # its place is a sibling or its own number, not the printed line
    return instruction("the report names a line of its printed text, and no quoted words "
                       "locate the change in the element", reading.rule)


def _retargeted(reading: Reading, ref: Ref) -> Reading:
    """ "...; and in (ii), delete X": the clause's own element, a sibling in the same goal."""
    if reading.retarget is None:
        return reading
    kind, number = reading.retarget
    noun = "key_area" if kind and kind.startswith("key") else "activity" if kind else ref.kind
    if noun is None:
        return instruction(f"“in ({number})” names no kind of element", reading.rule)
    reading.targets = [ref.sibling(noun, number)]
    reading.needs_element = False
    return reading


def _table(intro: str, header: list[str] | None, rows: list[list[str]], lead: str | None
           ) -> Parsed:  # fmt: skip
    """A table of amendments: each row read as an item of its own, with its own target (by
    the columns its header names, or as element | change, element | current | proposed)."""
    readings: list[Reading] = []
    first: Ref | None = None
    cols = tables.columns(header) if header is not None else None
    for n, row in enumerate(rows, start=1):
        cells = [c.strip().strip("“”\"") for c in row]
        named = tables.sentence(cols, row, _names) if cols is not None and cols.readable else None
        if named is not None:
            sub = parse_item(named[0], lead)
            for reading in sub.readings:
                _said(reading, named[1])
        elif len(cells) == 2:
            sub = parse_item(f"{cells[0]}: {cells[1]}", lead)
        elif len(cells) == 3:
            sub = parse_item(f"{cells[0]}: current text “{cells[1]}” proposed text “{cells[2]}”",
                             lead)  # fmt: skip
        else:
            why = f"row {n} of the table has {len(cells)} cells; a row is an element and a change"
            return Parsed(first or _any_ref(row, lead), [instruction(why)], True)
        if sub.ref is None:
            why = f"row {n} of the table names no element"
            return Parsed(first or _any_ref(row, lead), [instruction(why)], True)
        first = first or sub.ref
        own = [sub.ref.element(k) for k in sub.ref.numbers] or [sub.ref.goals_written]
        for reading in sub.readings:
            reading.targets = reading.targets or own
            reading.rule = f"table row {n}: {reading.rule}"
        readings += sub.readings
    if first is None:
        return Parsed(None, [], False, "a table with no rows")
    return Parsed(first, _whole(readings), True)


# "Page 21, line 16 [activity (iv)]—": the element, named in square brackets beside a locator
_IN_BRACKETS = re.compile(
    r"\[\s*((?:goals?\s+[A-Z]\.\d+|key\s+areas?\s*\(|activit(?:y|ies)\s*\()[^\[\]«“\"]{0,40})\]",
    re.IGNORECASE,
)
# A note to the reader on a line of its own, in angle brackets and ending a sentence or a
# lead-in (not a quotation in angle brackets, as Scotland's amendments print them).
_ANGLED = re.compile(r"^\s*[“\"]?<\s*([A-Z][^<>«»]*[.:])\s*>[”\"]?\s*$")
# An element's number in quotation marks ("activity “(iii)” of Goal A.10", as by-laws print
# section numbers): the number, not words quoted.
_QUOTED_NUMBER = re.compile(
    r"\b(?P<kind>key\s+areas?|activit(?:y|ies))\s*[“\"‘']\s*\(\s*(?P<num>[0-9ivxlc]{1,5})\s*\)\s*"
    r"[”\"’']",
    re.IGNORECASE,
)
_ELEMENT_ROW = re.compile(r"^\s*[*_]*(?P<ref>goals?\s+[^:]{2,60}?)[*_]*\s*:\s*(?P<rest>\S.*)$",
                          re.IGNORECASE)  # fmt: skip


def _by_element(lines: list[str]) -> Parsed | None:
    """An item whose lead-in ends in a colon and whose other lines each name an element and
    give its change ("Changes to ... as follows:" then "Goal A.4, activity (iii): <wording>"):
    each line read as an item of its own, and the item read whole or not at all."""
    body = [line for line in lines if line.strip()]
    if len(body) < 2 or not body[0].rstrip().endswith(":"):
        return None
    rows = [_ELEMENT_ROW.match(line) for line in body[1:]]
    if not all(m is not None and lists.heading(m["ref"]) for m in rows):
        return None
    readings: list[Reading] = []
    first: Ref | None = None
    for n, m in enumerate(rows, start=1):
        assert m is not None
        sub = parse_item(f"{m['ref']}: {m['rest']}")
        assert sub.ref is not None
        first = first or sub.ref
        own = [sub.ref.element(k) for k in sub.ref.numbers] or [sub.ref.goals_written]
        for reading in sub.readings:
            reading.targets = reading.targets or own
            reading.rule = f"line {n}: {reading.rule}"
        readings += sub.readings
    return Parsed(first, _whole(readings), True)


def _names(text: str) -> bool:
    """Whether a table cell names its own target ("Goal B.4, activity (iv), at end insert")."""
    return find(clean(text))[0] is not None


def _any_ref(row: list[str], lead: str | None) -> Ref | None:
    """The first target any cell of a row names: where an unread row's instruction belongs."""
    return find(clean(" ".join(row)), clean(lead) if lead else None)[0]


def _whole(readings: list[Reading]) -> list[Reading]:
    """An item is understood whole or not at all: one clause not understood makes the whole
    item one instruction, so that no part of it is applied on its own."""
    if not readings:
        return [instruction("the item names its target but says nothing to do")]
    failed = [r for r in readings if r.is_instruction]
    if not failed or len(readings) == 1:
        return readings
    reasons = "; ".join(r.reason or "not understood" for r in failed)
    understood = ", ".join(r.rule for r in readings if not r.is_instruction)
    rest = f" (the rest was read as {understood})" if understood else ""
    out = instruction(reasons + rest, "; ".join(r.rule for r in readings))
    out.notes = [n for r in readings for n in r.notes]
    return [out]


def _targets(ref: Ref, plan: Plan | None, notes: list[str]) -> list[str]:
    """The target strings: one per goal or block the reference names."""
    written = [ref.element(n) for n in ref.numbers] if ref.numbers else [ref.goals_written]
    if len(ref.goals) <= 1 or ref.error is not None:
        return written
    if plan is None:
        if ref.is_block_form:
            return written
        notes.append(f"{ref.goals_written!r}: without a plan, whether these goals share a block "
                     "is unknown; taken as separate goals")  # fmt: skip
        return [_per_goal(ref, g, n) for g in ref.goals for n in (ref.numbers or [None])]
    units: list[Unit] = []
    for goal in ref.goals:
        unit = plan.unit_by_goal(goal)
        if unit is None:
            return written  # the plan check says which goal is missing
        if unit not in units:
            units.append(unit)
    if len(units) == 1:
        return written
    out: list[str] = []
    for unit in units:
        named = [g for g in ref.goals if g in unit.goal_ids]
        if len(unit.goal_ids) > 1 and len(named) != len(unit.goal_ids):
            return written  # a partial block: the plan check explains it
        out += [ref.element(n, unit.label) for n in ref.numbers] or [unit.label]
    return out


def _existing(targets: list[str], ref: Ref, plan: Plan, notes: list[str]) -> list[str]:
    """An instruction's targets, or its goal's when the element it names does not exist, so
    that the instruction can be recorded on the plan."""
    try:
        for target in targets:
            resolve(plan, target)
        return targets
    except TargetError:
        pass
    try:
        resolve(plan, ref.goals_written)
    except TargetError:
        return targets
    notes.append(f"recorded on {ref.goals_written}: the element the report names does not exist")
    return [ref.goals_written]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _per_goal(ref: Ref, goal: str, number: str | None) -> str:
    return ref.element(number, f"Goal {goal}") if number else f"Goal {goal}"


def read_item(para: segment.Paragraph, item: segment.Item, plan: Plan | None) -> ExtractedItem:
    """One labelled item as amendments, the rules and evidence that read it, and its notes."""
    item_id = f"{para.number}{item.label}" if para.number else item.label.lstrip(".-")
    parsed = parse_item(item.text, item.lead, item.lines)
    if item.fate is not None and parsed.ref is not None:
        parsed = Parsed(parsed.ref, [instruction(item.fate, "fate")], True, item.fate)
    if parsed.ref is not None and all(r.is_instruction for r in parsed.readings):
        text = unquoted.quoted(clean(item.text), _texts(parsed.ref, plan))
        again = parse_item(text, item.lead) if text is not None else None
        if again is not None and not all(r.is_instruction for r in again.readings):
            for reading in again.readings:
                reading.notes.append("the report does not quote the words; those that locate the "
                                     "change were found as written in the element")  # fmt: skip
            parsed = again
    if parsed.ref is None:
        return ExtractedItem(item_id, item.line, item.text, [], "instruction",
                             [parsed.error or "names no goal"])  # fmt: skip
    notes: list[str] = []
    base_targets = _targets(parsed.ref, plan, notes)
    amendments: list[dict[str, Any]] = []
    rules: list[str] = []
    reasons: list[str] = []
    readings = parsed.readings
    if plan is not None:
        readings = _whole([check(r, r.targets or base_targets, plan) for r in readings])
        if readings[0].is_instruction:
            base_targets = _existing(base_targets, parsed.ref, plan, notes)
    else:
        readings = _whole([_unplanned(r, parsed.ref) for r in readings])
    evidence: list[list[str]] = []
    for k, reading in enumerate(readings):
        targets = reading.targets or base_targets
        if plan is None and reading.fields.get("op") == "delete" and reading.widen:
            notes.append("not checked against a plan: check no preposition or article is left "
                         "dangling")  # fmt: skip
        notes += reading.notes
        amendment: dict[str, Any] = {"id": item_id if k == 0 else f"{item_id}.{k + 1}"}
        if len(targets) == 1:
            amendment["target"] = targets[0]
        else:
            amendment["targets"] = targets
        amendment.update(reading.fields)
        amendment["quote"] = item.text
        if reading.reason:
            reasons.append(reading.reason)
            amendment["reason"] = _capital(reading.reason)
        elif reading.note:
            amendment["note"] = reading.note
        if reading.candidate is not None:
            amendment["candidate"] = reading.candidate
        amendments.append(amendment)
        rules.append(reading.rule)
        evidence.append(reading.roles)
    if all(a["op"] == "instruction" for a in amendments):
        confidence: Confidence = "instruction"
    else:
        confidence = "check" if notes or reasons else "certain"
    return ExtractedItem(item_id, item.line, item.text, amendments, confidence, notes, rules,
                         reasons, evidence)  # fmt: skip


def _texts(ref: Ref, plan: Plan | None) -> list[str] | None:
    """The texts of the elements a reference names, if the plan has them all."""
    if plan is None or not ref.numbers:
        return None
    places = plan.locate()
    try:
        found = [t for target in _targets(ref, plan, []) for t in resolve(plan, target)]
    except TargetError:
        return None
    return [places[t.element_id].item.text for t in found if t.element_id is not None] or None


def _unplanned(reading: Reading, ref: Ref) -> Reading:
    """A reading that needs the target's text to be settled, read without a plan: the two parts
    of a layout become a replacement for apply to check; what needs evidence stays an
    instruction."""
    op = reading.fields.get("op")
    if op in ("_sentence", "_rest"):
        return instruction("a sentence of the element, or its words after or before a phrase: "
                           "extract with the plan to find them", reading.rule)  # fmt: skip
    if op == "_revise" and not reading.fields["old"]:
        out = instruction("a proposed text alone: extract with the plan to check it is a version "
                          "of the element's wording", reading.rule)  # fmt: skip
        out.candidate = {"op": "rephrase", "text": reading.fields["new"]}
        return out
    if op == "_revise":
        old, new = reading.fields["old"], reading.fields["new"]
        fields: dict[str, Any] = {"op": "replace", "phrase": old, "by": new} if new \
            else {"op": "delete", "phrase": old}  # fmt: skip
        out = Reading(fields, reading.rule, reading.notes, roles=reading.roles)
        out.notes.append("not checked against a plan: the current text is taken to occur once "
                         "in the element (extract with the plan to know)")  # fmt: skip
        return out
    if op in ("replace", "delete") and excerpts.elided(reading.fields["phrase"]):
        return instruction("the words that go are given by their first and last words; extract "
                           "with the plan to find the passage", reading.rule)  # fmt: skip
    if reading.at_edge is not None:
        reading.notes.append(f"not checked against a plan: the anchor is said to be at the "
                             f"{reading.at_edge} of the element")  # fmt: skip
    if reading.needs_element:
        return instruction(f"a {op} changes one key area or activity, and “{ref.written}” names "
                           "a whole goal (with the plan, a quotation may name the element)",
                           reading.rule)  # fmt: skip
    if op == "insert" and "anchor" not in reading.fields and reading.sentence is not None:
        return instruction("the start or end of a sentence of the element: extract with the plan "
                           "to count its sentences", reading.rule)  # fmt: skip
    if reading.sibling_words is not None:
        return instruction("the sibling is named by its first words; extract with the plan to "
                           "find it", reading.rule)  # fmt: skip
    if reading.alternatives:
        return instruction("the grammar leaves two readings of the quotations; with the plan, the "
                           "element's text decides", reading.rule)  # fmt: skip
    return reading


