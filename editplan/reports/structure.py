"""Element-level readings: split, add, merge, move, remove, and "rephrase to address ..."
(an instruction). Each reader returns None when its verb is not the item's, so that the word
grammar can try.

Positions in a list are read, never assumed: "after activity (ii)", "before key area (1)",
"as a new key area (2)", "at the end", "as the first activity", "moved up to follow
activity (i)", "should become activity (iii)". An element "added" with no position goes last:
in every tradition sampled, "add" without a place means append (the UK's "at end add", the
CFR's "is added"); a position that is given but not understood makes an instruction.
"""

from __future__ import annotations

import re

from editplan.core.model import KIND_NOUN
from editplan.reports import lexicon as lx
from editplan.reports.grammar import Q, Reading, Words, instruction
from editplan.reports.positions import (
    KIND,
    NOISE,
    NUM,
    display,
    kind_of,
    number,
    own_number,
    position,
)
from editplan.reports.targets import Ref

_KIND = KIND
_NUM = NUM
_S = lx.MODAL
_GOAL = r"goal\s+(?P<goal>[A-Z]\.\d+)"
_NOISE = NOISE


def read_structure(words: Words, ref: Ref) -> list[Reading] | None:
    """The element-level reading of an item, or None if its verb is a word-level one."""
    # "is amended by- (b) inserting ...": the list's dash and label are not words of the change
    text = re.sub(r"\bamended\s+by\s*[—–:-]+\s*(?:\(\s*\w{1,4}\s*\)\s*)?", "amended by ",
                  words.text)  # fmt: skip
    for reader in (_adopted, _split, _merge, _move, _add, _remove, _rephrase_to):
        out = reader(text, words, ref)
        if out is not None:
            return out
    return None


def _split(text: str, words: Words, ref: Ref) -> list[Reading] | None:
    m = re.search(r"\b(?:split|divided|separated)\s+(?:up\s+)?(?:in|into)\b(?P<rest>.*)$", text,
                  re.I)  # fmt: skip
    if m is None:
        return None
    rule = "split"
    if not ref.is_element or len(ref.numbers) != 1:
        return [instruction("a split needs one key area or activity as its target", rule)]
    rest = m["rest"]
    follows = re.search(r",?\s*as\s+follows\s*[:,]?\s*", rest, re.I)
    if follows is not None:
        head, region = rest[: follows.start()], rest[follows.end() :]
    else:
        first = rest.find("«")
        head, region = (rest[:first], rest[first:]) if first >= 0 else (rest, "")
    leftover = re.sub(r"\(\w+\)|\band\b|[,;:]|\s|«\d+»", "", region)
    parts = [int(n) for n in Q.findall(region)]
    if leftover or len(parts) < 2:
        return [instruction("the parts of the split are not all quoted", rule)]
    into = [words.quote(n) for n in parts]
    notes: list[str] = []
    count_m = re.match(r"\s*(?P<count>two|three|four|five|six|\d+)\b", head, re.I)
    if count_m is not None:
        word = count_m["count"].lower()
        count = int(word) if word.isdigit() else lx.COUNTS[word]
        if count != len(into):
            return [instruction(f"the report says {word} parts but quotes {len(into)}", rule)]
        head = head[count_m.end() :]
    head = re.sub(r"^\s*(?:new\s+|separate\s+)?(?:key\s+areas|areas|activities|parts|elements)"
                  r"\b", "", head, flags=re.I).strip(" ,;:")  # fmt: skip
    head = re.sub(r"(?:\s*(?:\(\w{1,4}\)|\b\d{1,2}\.))+\s*$", "", head).strip(" ,;:")  # "(a) «0»"
    if head:
        extra = re.fullmatch(
            rf"and\s+«(\d+)»\s+{_S}(?:added|included|inserted)\s+(?:to|in)\s+the\s+"
            r"(first|second|third|fourth|fifth|last)\s+(?:key\s+area|activity|area|part|one)",
            head,
            re.I,
        )
        if extra is None:
            return [instruction(f"the split also says “{head}”, which is not understood", rule)]
        which = lx.ordinal(extra[2])
        part = into[which - 1] if 0 < which <= len(into) else into[-1]
        added = words.quote(int(extra[1]))
        if added.lower() not in part.lower():
            return [instruction(f"“{added}” is said to go into the {extra[2]} part, which does "
                                "not contain it", rule)]  # fmt: skip
        rule += f" (and «{extra[1]}» in the {extra[2]} part: checked)"
    return [Reading({"op": "split", "into": into}, f"{rule}: parts {parts}", notes)]


def _merge(text: str, words: Words, ref: Ref) -> list[Reading] | None:
    if not lx.VERB["merge"].search(text):
        return None
    rule = "merge"
    numbers = list(ref.numbers)
    if ref.is_element and (
        m := re.search(rf"\bwith\s+(?:key\s+area|activity)\s*{_NUM}", text, re.I)
    ):
        numbers.append(m["num"])
    if not ref.is_element or len(numbers) < 2:
        return [instruction("a merge needs two or more key areas or activities of one goal", rule)]
    slots = Q.findall(text)
    if len(slots) != 1:
        return [instruction("the merged element's wording is not quoted once", rule)]
    targets = [ref.element(n) for n in numbers]
    return [
        Reading(
            {"op": "join", "text": words.quote(int(slots[0]))},
            f"{rule}: {len(targets)} elements, wording «{slots[0]}»",
            targets=targets,
        )
    ]


_ADD_NOUN = re.compile(
    rf"(?:\b(?:a|an|one|the\s+following|another)\s+(?:new\s+|additional\s+|further\s+|separate\s+)?"
    rf"|\b(?:new|additional|further)\s+){_KIND}\b",
    re.I,
)
_HEADED = re.compile(
    rf"^\s*(?:an?\s+)?new\s+{_KIND}\s*\(\s*[0-9ivxlc]+\s*(?:bis|ter|quater)?\s*\)\s*[:—–-]*\s*"
    r"«\d+»\s*$",
    re.I,
)
# What the new element is about, right after its noun ("a key area on national reporting
# systems needed to be added"): a description, not a position.
_ABOUT = re.compile(
    r"^\s*(?:on|about|concerning|relating\s+to|dealing\s+with)\s+[^,«:;]{1,60}?"
    r"(?=\s+(?:needed|needs|should|shall|must|is|are|be|was|were|to\s+be)\b)",
    re.IGNORECASE,
)
_ADD_VERB = re.compile(r"\b(?:add\w*|insert\w*|includ\w*|introduc\w*|creat\w*)\b", re.I)


def _add(text: str, words: Words, ref: Ref) -> list[Reading] | None:
    noun = _ADD_NOUN.search(text)
    as_new = re.search(rf"\bas\s+(?:a\s+|an\s+)?(?:new\s+|additional\s+)?{_KIND}", text, re.I)
    placed = re.search(rf"\b(?:after|before|following|preceding)\s+(?:the\s+)?{_KIND}\s*{_NUM}",
                       text, re.I)  # fmt: skip
    hit = as_new or noun
    if _HEADED.match(text):  # "new activity (v): “...”": a heading that adds, with no verb
        text = "add as " + text
        as_new = re.search(rf"\bas\s+new\s+{_KIND}", text, re.I)
        hit = as_new
    if not _ADD_VERB.search(text):
        return None
    if (beside := _beside(text, words, ref, hit)) is not None:
        return beside
    if hit is None and (placed is None or ref.is_element or re.search(r"\bafter\s+«", text)):
        return None
    kind = kind_of((hit or placed)["kind"])  # type: ignore[index]
    rule = f"add {KIND_NOUN[kind]}"
    if ref.is_element:
        return [instruction(f"a new {KIND_NOUN[kind]} is added to a goal; the item names "
                            f"{ref.written}", rule)]  # fmt: skip
    where = text[: hit.start()] + " " + _ABOUT.sub("", text[hit.end() :], count=1) \
        if hit is noun and hit else text  # fmt: skip
    begins = re.search(r"\bwith\s+«(\d+)»", where) if re.search(r"\b(?:beginning|starting|"
                                                                 r"begins|starts)\s+with\s+«",
                                                                 where) else None  # fmt: skip
    slots = [int(n) for n in Q.findall(text) if begins is None or int(n) != int(begins[1])]
    if len(slots) != 1:
        return [instruction(f"a new {KIND_NOUN[kind]} needs its wording quoted once", rule)]
    where = where.replace(f"«{slots[0]}»", " ")
    where = _ADD_VERB.sub(" ", where)
    where = re.sub(rf"\b{_S.strip()}", " ", where)
    where = re.sub(r"\b(?:with\s+the\s+(?:following\s+)?wording|reading|worded\s+as\s+follows|"
                   r"as\s+follows|the\s+following)\b", " ", where, flags=re.I)  # fmt: skip
    fields, bad = position(where, ref, kind)
    if fields is None:
        return [instruction(f"the position “{Q.sub(lambda m: words.quote(int(m[1])), bad)}” is "
                            "not understood", rule)]  # fmt: skip
    wording = words.quote(slots[0])
    # “(v) Support ...”, “(ii a) ...”: the new element's own number, printed with its wording
    own = own_number(wording)
    absent = None
    if own is not None:
        wording, printed, after = own
        absent = None if after else ref.sibling(kind, printed)
        n = number(kind, after) if after else (number(kind, printed) or 0) - 1
        placed_at = {"position": "after", "sibling": ref.sibling(kind, display(kind, n))} \
            if n and n >= 1 else {"position": "start"}  # fmt: skip
        if not fields:
            fields = placed_at
        elif fields != placed_at:
            return [instruction(f"the new {KIND_NOUN[kind]} is numbered ({printed}), which does "
                                "not fit the position the item gives", rule)]  # fmt: skip
    out: dict[str, object] = {"op": "add", "kind": kind, "text": wording}
    sibling_words = None
    if "sibling_words" in fields:
        sibling_words = words.quote(int(fields.pop("sibling_words")))
    out.update(fields)
    note = None
    notes: list[str] = []
    if not fields:
        out["position"] = "end"
        note = "The report gives no position; an element that is added goes last."
        rule += ": no position, appended"
        notes = ["no position given: an element that is “added” goes last"]
    else:
        rule += f": {fields['position']}" + (f" {fields['sibling']}" if "sibling" in fields else "")
    reading = Reading(out, rule, notes, note=note, sibling_words=sibling_words)
    reading.absent = absent
    if len(ref.goals) > 1 and not ref.is_block_form:
        reading.targets = [f"Goal {g}" for g in ref.goals]
    return [reading]


# "Add after Goal B.3, activity (i) a new activity: ...", "Before Goal B.3, activity (i), insert
# the following text: ...": the element the item names is the place, its goal the target.
_DANGLING = re.compile(
    r"(?:^|[\s,(])(?<!the\s)(?P<rel>after|before|below|above|following|preceding)\s*"
    r"(?=$|[,:;]|(?:a|an|the\s+following|insert\w*|add\w*)\b)",
    re.IGNORECASE,
)


def _beside(text: str, words: Words, ref: Ref, noun: re.Match[str] | None
            ) -> list[Reading] | None:  # fmt: skip
    """A new element next to the one the item names, when that name stood right after "after",
    "before", "below" or "above" (its place is left bare in the item's words). Without the noun
    of a new element, the wording must begin as an element's does (a capital or its own number):
    "Add after activity (i): “and subregional”" may as well extend activity (i), and stays an
    instruction."""
    dangling = _DANGLING.search(text)
    if dangling is None or not ref.is_element or len(ref.numbers) != 1 or ref.kind is None:
        return None
    kind = ref.kind
    rule = f"add {KIND_NOUN[kind]} beside the element named"
    if noun is not None and kind_of(noun["kind"]) != kind:
        return [instruction(f"a new {KIND_NOUN[kind_of(noun['kind'])]} is placed beside "
                            f"{ref.written}, an element of another kind", rule)]  # fmt: skip
    slots = Q.findall(text)
    if len(slots) != 1:
        return [instruction(f"a new {KIND_NOUN[kind]} needs its wording quoted once", rule)]
    rel = dangling["rel"].lower()
    side = "after" if rel in ("after", "below", "following") else "before"
    wording = words.quote(int(slots[0]))
    if (own := own_number(wording)) is not None:
        wording, printed, after = own
        at = number(kind, ref.numbers[0]) or 0
        fits = after == ref.numbers[0] if after else number(kind, printed) == (
            at + 1 if side == "after" else at)  # fmt: skip
        if not fits or (side == "before" and after):
            return [instruction(f"the new {KIND_NOUN[kind]} is numbered ({printed}), which does "
                                f"not fit its place {side} {ref.written}", rule)]  # fmt: skip
    elif noun is None and not wording[:1].isupper():
        return [instruction(f"words {side} {ref.written} that do not begin as a new "
                            f"{KIND_NOUN[kind]} does: new words at its end, or a new "
                            f"{KIND_NOUN[kind]}? A person decides", rule)]  # fmt: skip
    fields = {"op": "add", "kind": kind, "text": wording, "position": side,
              "sibling": ref.written}  # fmt: skip
    reading = Reading(fields, f"{rule}: {side} {ref.written}")
    reading.targets = [ref.goals_written]
    return [reading]


def _move(text: str, words: Words, ref: Ref) -> list[Reading] | None:
    become = re.search(rf"\b(?:become|becomes|renumbered\s+as)\s+(?:the\s+new\s+)?{_KIND}\s*{_NUM}",
                       text, re.I)  # fmt: skip
    if become is None and not re.search(r"\b(?:moved?|transfer(?:red)?|relocated?|placed)\b", text,
                                        re.I):  # fmt: skip
        return None
    rule = "move"
    if not ref.is_element or len(ref.numbers) != 1:
        return [instruction("a move needs one key area or activity as its target", rule)]
    if Q.search(text):
        return [instruction("a move with quoted words is not understood", rule)]
    assert ref.kind is not None
    if become is not None:
        rest = (text[: become.start()] + text[become.end() :]).strip()
        if _NOISE.sub(" ", rest).strip() or kind_of(become["kind"]) != ref.kind:
            return [instruction(f"“{text}” is not understood as a move", rule)]
        now = number(ref.kind, ref.numbers[0])
        to = number(ref.kind, become["num"])
        if now is None or to is None or now == to:
            return [instruction("the move names no new place", rule)]
        side = "before" if to < now else "after"
        sibling = ref.sibling(ref.kind, display(ref.kind, to))
        return [Reading({"op": "move", "position": side, "sibling": sibling},
                        f"{rule}: becomes {become['num']}, {side} {sibling}")]  # fmt: skip
    goal = re.search(rf"\b(?:to|into|under)\s+(?:the\s+)?{_GOAL}", text, re.I)
    where = text
    fields: dict[str, str] = {}
    target_goals = ref
    if goal is not None:
        where = text[: goal.start()] + " " + text[goal.end() :]
        target_goals = Ref(f"Goal {goal['goal']}", (goal["goal"],), None, ())
    where = re.sub(r"\b(?:moved?|transfer(?:red)?|relocated?|placed|up|down)\b", " ", where,
                   flags=re.I)  # fmt: skip
    where = re.sub(rf"\b{_S.strip()}", " ", where)
    pos, bad = position(where, target_goals, ref.kind)
    if pos is None:
        return [instruction(f"the place “{bad}” is not understood", rule)]
    if pos:
        fields.update(pos)
    elif goal is not None:
        fields["position"] = "end"
    else:
        return [instruction("the move names no new place", rule)]
    if goal is not None and "sibling" not in fields:
        fields["to"] = f"Goal {goal['goal']}"
    return [
        Reading(
            {"op": "move", **fields}, f"{rule}: " + ", ".join(f"{k} {v}" for k, v in fields.items())
        )
    ]


_REMOVE = re.compile(
    rf"^(?:(?:the|this)\s+(?:key\s+area|activity|element|item)\s+)?"
    rf"(?:{_S}(?:deleted|removed|omitted|struck(?:\s+out)?|dropped|left\s+out|repealed|excised|"
    r"eliminated|suppressed|revoked)|"
    rf"{_S}amended\s+as\s+follows\s*[:—–-]?\s*(?:\(\w+\)\s*)?deleted|"
    r"(?:delete|remove|omit|strike(?:\s+out)?|drop|leave\s+out)(?:\s+(?:it|them|(?:the\s+"
    r"(?:(?:whole|entire)\s+)?|(?:whole|entire)\s+)(?:key\s+areas?|activit(?:y|ies)|elements?|items?)|"
    r"(?:this|these)\s+\w+))?|"
    r"(?:(?:is|are)\s+amended\s+|amend\s+)?by\s+(?:deleting|removing|omitting|striking(?:\s+out)?|"
    r"repealing)|"
    r"(?:deleting|removing|omitting|repealing|repeal)(?:\s+(?:it|them))?)"
    r"(?:\s+(?:in\s+(?:its|their)\s+entirety|in\s+full|entirely|altogether|as\s+a\s+whole))?"
    r"(?:,?\s*which\s+(?:states|reads)\s*:?\s*«(?P<says>\d+)»)?"
    r"(?P<why>,?\s*(?:as|since|because|given\s+that)\b.*)?$",
    re.IGNORECASE,
)


def _remove(text: str, words: Words, ref: Ref) -> list[Reading] | None:
    m = _REMOVE.match(text.strip(" ,;:."))
    if m is None:
        return None
    if not ref.is_element:
        return [
            instruction("deleting a whole goal is not an operation: a person decides", "remove")
        ]
    why = m["why"]
    note = None
    if why:
        note = "The report says: " + Q.sub(lambda q: f"“{words.quote(int(q[1]))}”",
                                           why.strip(" ,")) + "."  # fmt: skip
    targets = [ref.element(n) for n in ref.numbers] if len(ref.numbers) > 1 else None
    reading = Reading({"op": "remove"}, "remove" + (" (with a reason)" if why else ""), note=note,
                      targets=targets)  # fmt: skip
    if m["says"] is not None:
        reading.expect = words.quote(int(m["says"]))
        reading.rule += f", which reads «{m['says']}»"
    return [reading]


# A body's decision to adopt a new wording, told in a report's narrative: "The Commission ...
# adopted the following revised version of the activity: “...”".
_ADOPTED = re.compile(
    r"\b(?:adopted|approved|endorsed|accepted|agreed\s+(?:to|on|upon))\b[^«]*?\bthe\s+following\s+"
    r"(?:revised|new|amended|modified)\s+(?:version|text|wording)\b(?:\s+of\s+(?:the|this)\s+"
    r"(?:activity|key\s+area|element|text))?\s*,?\s*(?:as\s+(?:recommended|proposed|amended)\b[^:«]*)?"
    r"[:—–-]*\s*«(?P<new>\d+)»\s*$",
    re.IGNORECASE,
)
# Words that turn a decision around: never read as adopted.
_NOT = re.compile(r"\b(?:not|no|never|nor|rejected|declined|deferred|postponed|unable|withdrew|"
                  r"withdrawn|instead|unless|if|whether|could|might|would)\b|n't\b", re.IGNORECASE)


def _adopted(text: str, words: Words, ref: Ref) -> list[Reading] | None:
    m = _ADOPTED.search(text)
    if m is None or len(Q.findall(text)) != 1:
        return None
    rule = "adopted a revised version"
    if _NOT.search(text):
        return [instruction("the report tells of a revised version in words that may not adopt it "
                            "(a negation or a condition); a person reads it", rule)]  # fmt: skip
    if not ref.is_element or len(ref.numbers) != 1:
        return [instruction("a revised version needs one key area or activity as its target",
                            rule)]  # fmt: skip
    narrative = text[: m.start()].strip(" ,;:")
    note = f"The report says: {narrative}." if narrative else None
    return [Reading({"op": "rephrase", "text": words.quote(int(m["new"]))}, rule, note=note)]


def _rephrase_to(text: str, words: Words, ref: Ref) -> list[Reading] | None:
    framed = re.search(r"\bamended\s*[:,—–-]*\s*(?:\(\w\)\s*)?by\s+\w+ing\b", text, re.I)
    if Q.search(text) or framed:
        return None  # "be amended by deleting ...": the frame of another operation
    if re.search(rf"{_S}(?:rephrased|reworded|reformulated|redrafted|revised|amended|expanded|"
                 r"broadened|strengthened|clarified|improved|updated)\b", text, re.I):  # fmt: skip
        return [instruction("the report gives no wording; the secretariat drafts it",
                            "rephrase-to")]  # fmt: skip
    return None
