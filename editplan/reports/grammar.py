"""The grammar of amending prose: an item's words (quotations already taken out) become
operations, or an instruction with the reason nothing fitted.

An item is read as clauses (``clauses``). Each clause has a verb from the lexicon, in any form
(what it means: delete, replace, insert, rephrase) and roles for its quotations (``roles``: the
preposition or verb before each one, or the verb it is the subject of), in any order, voice or
mood. What the grammar leaves open (two readings) is kept as alternatives for the target's text
to decide (``evidence``). Element-level readings (split, add, merge, move, remove) live in
``structure``; this module reads words and composes the clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from editplan.reports import clauses as cl
from editplan.reports import frames
from editplan.reports import lexicon as lx
from editplan.reports.roles import ANCHORS, Q, Role, VerbAt, roles, verbs
from editplan.reports.roles import family as family_of
from editplan.reports.targets import Ref
from editplan.reports.text import CLOSE, OPEN, clean

__all__ = ["Q", "Reading", "Words", "instruction", "read_words"]


@dataclass
class Reading:
    """One operation read from a clause, or an instruction and why."""

    fields: dict[str, Any]
    rule: str
    notes: list[str] = field(default_factory=list)
    note: str | None = None  # the amendment's own 'note'
    targets: list[str] | None = None  # when the operation names its own targets
    reason: str | None = None  # why an instruction
    sentence: int | None = None  # "in the first sentence"
    widen: bool = False  # "the reference to X": the span may take its preposition
    expect: str | None = None  # "so that it reads: ...": the element's text afterwards
    followed_by: str | None = None  # "between X and Y": Y must follow the anchor X
    bare_new: bool = False  # new words with no old ones: a rephrase, or the end of a replacement
    alternatives: list[dict[str, Any]] = field(default_factory=list)  # other readings allowed
    roles: list[str] = field(default_factory=list)  # how each quotation's role was decided
    candidate: dict[str, Any] | None = None  # the operation a near miss would have been
    needs_element: bool = False  # a word change read on a goal: a quotation may name the element
    sibling_words: str | None = None  # "the activity beginning with X": found in the plan
    retarget: tuple[str | None, str] | None = None  # "...; and in (ii), ...": kind, number
    count: int | None = None  # "in both places": how many times the words must occur
    at_edge: str | None = None  # "after the word X at the end": X must end (or start) the text
    absent: str | None = None  # a new element's number: no element may have it already
    title: bool = False  # a new wording of a goal's title ("For the heading to Goal B.4 ...")

    @property
    def is_instruction(self) -> bool:
        return self.fields.get("op") == "instruction"


def instruction(reason: str, rule: str = "none") -> Reading:
    """An instruction: the item is recorded with its quote and this reason, never applied."""
    return Reading({"op": "instruction"}, rule, note=_sentence(reason), reason=reason)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


class Words:
    """An item's predicate with its quotations as «n», and the quotations themselves."""

    def __init__(self, template: str, quotes: list[str]) -> None:
        self.text = re.sub(rf"{OPEN}(\d+){CLOSE}", r"«\1»", template)
        self.quotes = [clean(q) for q in quotes]

    def quote(self, n: int) -> str:
        return self.quotes[n]

    def slots(self, text: str) -> list[int]:
        return [int(n) for n in Q.findall(text)]


# --- clauses --------------------------------------------------------------------------------

_RANGE = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:first\s+|second\s+|last\s+)?(?:words?\s+)?«\d+»\s+(?:up\s+)?to\s+"
    r"(?:(?:the\s+)?(?:words?\s+)?«\d+»|(?:the\s+)?end\b)",
    re.IGNORECASE,
)
_PARTS = re.compile(r"\b(?:key\s+areas|activities|parts|elements|the\s+following\s*:)", re.I)
_ONLY_WORDS = re.compile(r"^(?:the\s+)?(?:words?\s+|phrases?\s+|terms?\s+)?«\d+»$", re.I)
_GAPPED = r"«\d+»\s+(?:by|with|for|to)\s+«\d+»"
_SO_THAT = re.compile(
    r",?\s*(?:so\s+(?:that|as)\s+(?:it|they|the\s+\w+(?:\s+\w+)?)\s+(?:will\s+|would\s+|shall\s+)?"
    r"reads?|to\s+read|(?=as\s+follows))\s*(?:as\s+follows)?\s*[:,]?\s*«(\d+)»\s*(?P<cut>…|\.{3})?\s*$",
    re.IGNORECASE,
)
_PLACES = re.compile(
    r"\bin\s+(?:its|their|each|the)\s+(?:place|case|places|cases)(?:\s+of)?\b"
    r"|\bin\s+(?:place|lieu)\s+thereof\b",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"\b(?:the|a|an|words?|phrases?|terms?|expressions?|text|wording|following|passages?|"
    r"present|existing|current|it|them|they|thereof|therefor|therefore|in\s+lieu|instead|its|"
    r"their|place|should|shall|must|would|will|is|are|be|to|now|hereby|there|as|follows|follow|"
    r"so|that|also|and|new|by|with|read|reads|reading|sentence|sentences|reference|references|"
    r"mention|of|all|same|amended|amend|amendment|activity|activities|key|area|areas|element|item|"
    r"where\s+it\s+(?:starts|begins)(?:\s+with)?|at|end|beginning|start|on|namely|immediately|"
    r"said|deleted|respectively|brackets|figures?|letters?|one|figure|in\s+(?:its|their)\s+place|"
    r"in\s+the\s+place\s+of|this|these|here|then|accordingly|plan|introductory|part|parts|"
    r"two|three|four|five|respectively|provisions?|further|as\s+amended|finally|provides?|"
    r"appearing|occurring|thereof|comma|commas|incorrect|erroneous|heading|title|was|were|been|has|"
    r"have|which\s+appears?|that\s+appears?|language|original|in\s+(?:its|their)\s+entirety)\b"
    r"|[,:;.()\-–—]",
    re.IGNORECASE,
)


def read_words(words: Words, ref: Ref) -> list[Reading]:
    """Read the word-level clauses of a predicate: replace, delete, insert, rephrase."""
    text = frames.frame(words.text)
    expect = None
    m = _SO_THAT.search(text)
    if m is not None and re.match(r",?\s*to\s+read", m.group(0), re.I) and re.search(
        r"«\d+»\s*$", text[: m.start()]
    ):
        m = None  # "change “X” to read “Y”": the new words, not the text as it will read
    if m is not None and len(words.slots(text)) > 1:
        expect = words.quote(int(m[1])) + (" …" if m["cut"] else "")  # an excerpt of the result
        text = text[: m.start()]
    readings: list[Reading] = []
    parts = cl.clauses(text)
    for k, clause in enumerate(parts):
        kind, number, clause = cl.retarget(clause)
        if family_of(verbs(clause)) is None:
            clause = _borrow(clause, parts, k)
        previous = bool(readings) and readings[-1].fields.get("op") == "_element"
        read = _clause(clause, words, ref, previous)
        if number is not None:
            for r in read:
                r.retarget = (kind, number)
        readings += read
    composed = _compose(readings)
    readings = [_lone_element(r, ref, len(composed)) if r.fields.get("op") == "_element" else r
                for r in composed]  # fmt: skip
    if expect is not None:
        for r in readings:
            r.expect = expect
    return readings


def _lone_element(reading: Reading, ref: Ref, count: int) -> Reading:
    """A clause that strikes out the element itself, with nothing after it: the element goes."""
    if count == 1 and ref.is_element and reading.retarget is None:
        return Reading({"op": "remove"}, f"{reading.rule}: the element itself", roles=reading.roles)
    return instruction("the element is struck out here without new wording", reading.rule)


def _borrow(clause: str, parts: list[str], k: int) -> str:
    """A clause with no verb of its own takes one from its neighbour: "replace X by Y and Z by
    W" (forward), "the words X and Y should be deleted" (backward, deletions only)."""
    prev = family_of(verbs(parts[k - 1])) if k > 0 else None
    if prev is not None and prev[0] == "replace" and re.fullmatch(_GAPPED, clause):
        return f"replace {clause}"
    if k + 1 < len(parts) and _ONLY_WORDS.match(clause):
        nxt = family_of(verbs(parts[k + 1]))
        if nxt is not None and nxt[0] == "delete" and len(Q.findall(parts[k + 1])) == 1:
            tail = Q.sub("", parts[k + 1]).strip()
            if re.fullmatch(rf"(?:the\s+words?\s+)?{lx.MODAL}\w+", tail, re.I):
                return f"{clause} {tail}"
    return clause


def _compose(readings: list[Reading]) -> list[Reading]:
    """ "leave out X and insert Y", "omit X, substitute Y": a deletion followed by words with no
    place of their own is one replacement; "delete the element and substitute: A and B" is a
    split, and with one wording a rephrase."""
    out: list[Reading] = []
    for r in readings:
        prev = out[-1] if out else None
        op = r.fields.get("op")
        after_element = prev is not None and prev.fields.get("op") == "_element"
        if prev is not None and after_element and op in ("rephrase", "_words"):
            out[-1] = Reading({"op": "rephrase", "text": r.fields["text"]},
                              f"{prev.rule} + {r.rule}", r.notes, roles=r.roles)  # fmt: skip
            continue
        if op == "_parts" and (prev is None or prev.fields.get("op") == "_element"):
            rule = f"{prev.rule} + {r.rule}" if prev is not None else r.rule
            reading = Reading({"op": "split", "into": r.fields["into"]}, rule, roles=r.roles)
            if prev is not None:
                out[-1] = reading
            else:
                out.append(reading)
            continue
        if (
            prev is not None
            and prev.fields.get("op") == "delete"
            and (op == "_words" or (r.bare_new and op == "rephrase"))
        ):
            fields = {"op": "replace", "phrase": prev.fields["phrase"], "by": r.fields["text"]}
            if "occurrence" in prev.fields:
                fields["occurrence"] = prev.fields["occurrence"]
            out[-1] = Reading(fields, f"{prev.rule} + {r.rule}", prev.notes + r.notes,
                              sentence=prev.sentence, roles=prev.roles + r.roles,
                              needs_element=prev.needs_element, count=prev.count)  # fmt: skip
            continue
        if op == "_words":
            r = instruction(
                f"new words “{r.fields['text']}” with no place and nothing they replace", r.rule
            )
        elif op == "_parts":
            r = instruction("several new wordings with no element they replace", r.rule)
        out.append(r)
    return out


def _occurrence(clause: str) -> tuple[str, int | str | None, int | None]:
    occurrence: int | str | None = None
    sentence = None
    if m := lx.OCCURRENCE.search(clause):
        occurrence = lx.ordinal(m["nth"] or m["nth2"] or m["nth3"] or m["nth4"] or m["nth5"] or "")
        clause = clause[: m.start()] + " " + clause[m.end() :]
    if m := lx.EVERY.search(clause):
        occurrence = "all"
        counted = re.search(r"\b(both|two|three|four|five)\s+(?:the\s+)?(?:places|times)\b"
                            r"|\b(twice|thrice)\b", m.group(0), re.I)  # fmt: skip
        if counted is not None:
            occurrence = f"all:{lx.COUNTS.get((counted[1] or counted[2]).lower(), 2)}"
        clause = clause[: m.start()] + " " + clause[m.end() :]
    clause = lx.IN_EACH_CASE.sub(" ", clause)
    if m := lx.SENTENCE.search(clause):
        sentence = lx.ordinal(m["nth"] or "")
        clause = clause[: m.start()] + " " + clause[m.end() :]
    return " ".join(clause.split()), occurrence, sentence


def _leftover(clause: str) -> str:
    rest = _PLACES.sub(" ", Q.sub(" ", clause))
    rest = lx.EDGE.sub(" ", rest)
    for family in lx.WORD_FAMILIES:
        rest = lx.VERB[family].sub(" ", rest)
    rest = lx.CUE.sub(" ", rest)
    return " ".join(_FILLER.sub(" ", rest).split())


def _clause(clause: str, words: Words, ref: Ref, after_element: bool = False) -> list[Reading]:
    body, occurrence, sentence = _occurrence(clause)
    found = verbs(body)
    verb = family_of(found)
    if verb is None:
        return [instruction(f"no verb of the grammar in “{_show(clause, words)}”")]
    family, word = verb
    if re.search(r"\ball\s+(?:the\s+)?(?:words?\s+|text\s+)?(?:after|before|following|preceding)\b",
                 body, re.I):  # fmt: skip
        return [instruction("a change to all the words after (or before) a phrase", family)]
    if _RANGE.search(body):
        return [instruction("a range of words, from one phrase to another or to the end", family)]
    plain = lx.EDGE.sub(lambda m: " " * len(m.group(0)), body)
    rs = roles(plain, verbs(plain))
    rule = f"{family} ({word})"
    if family in ("replace", "read"):
        together = bool(re.search(r"\brespectively\b", body, re.I))
        plural = bool(_PARTS.search(body)) or after_element
        readings = _replace(rs, words, rule, family, together, plural)
    elif family == "delete":
        readings = _delete_beside(rs, words, rule) or _delete(body, rs, words, rule)
    elif family == "insert":
        readings = [_insert(body, rs, words, rule, _edge_of(found))]
    else:
        readings = [_rephrase(rs, words, rule)]
    if any(r.is_instruction for r in readings):
        return [next(r for r in readings if r.is_instruction)]
    left = _leftover(body)
    if left:
        return [instruction(f"words the grammar does not read: “{left}” in "
                            f"“{_show(clause, words)}”", rule)]  # fmt: skip
    return [_finish(r, occurrence, sentence, ref, clause, words) for r in readings]


def _finish(reading: Reading, occurrence: int | str | None, sentence: int | None, ref: Ref,
            clause: str, words: Words) -> Reading:  # fmt: skip
    op = reading.fields["op"]
    if op in ("_element", "_parts"):
        return reading
    rule = reading.rule
    if isinstance(occurrence, str) and occurrence.startswith("all:"):
        reading.count = int(occurrence[4:])
        occurrence = "all"
    if occurrence is not None:
        if op in ("rephrase", "_words") or (op == "insert" and "anchor" not in reading.fields):
            return instruction(
                f"an occurrence for words that have none in “{_show(clause, words)}”"
            )
        if occurrence == -1:
            return instruction("“the last occurrence” needs counting; say which occurrence", rule)
        if occurrence == "all" and op == "insert":
            return cl.every_place(reading)
        reading.fields["occurrence"] = occurrence
        for alternative in reading.alternatives:
            alternative["occurrence"] = occurrence
    if sentence is not None:
        reading.sentence = sentence
    titled = re.search(r"\b(?:heading|title)\b", clause, re.I)
    if op == "rephrase" and not ref.is_element and titled:
        reading.rule += ": the goal's title"  # "For the heading to Goal B.4 substitute ..."
        reading.title = True
        return reading
    if op == "rephrase" and not ref.is_element:
        return instruction(
            f"a rephrase needs a key area or activity; “{ref.written}” is a goal", rule
        )
    if op not in ("rephrase", "_words") and not ref.is_element:
        reading.needs_element = True
    return reading


def _show(clause: str, words: Words) -> str:
    return Q.sub(lambda m: f"“{words.quote(int(m[1]))}”", clause)


def _why(rs: list[Role], words: Words) -> list[str]:
    return [f"“{words.quote(r.slot)}”: {'/'.join(r.options)} ({r.why})" for r in rs]


def _pairings(rs: list[Role]) -> list[list[str]]:
    """The role assignments in which consecutive quotations pair as one old and one new
    ("replace X by Y and A by B"), within what the grammar allows each."""
    if len(rs) % 2 or not rs:
        return []
    out: list[list[str]] = []
    for choice in product(*[r.options for r in rs]):
        pairs = [choice[i : i + 2] for i in range(0, len(choice), 2)]
        if all(sorted(p) == ["new", "old"] for p in pairs):
            out.append(list(choice))
    return out


def _respectively(rs: list[Role], words: Words, rule: str) -> list[Reading]:
    """ "X and Y are respectively replaced by A and B": the old words, then as many new ones,
    paired in order."""
    half = len(rs) // 2
    if not len(rs) % 2 and all(r.options == ("new",) for r in rs[:half]) and all(
        r.options == ("old",) for r in rs[half:]
    ):
        rs = rs[half:] + rs[:half]  # "A and B were substituted for C and D respectively"
    if len(rs) % 2 or not all("old" in r.options for r in rs[:half]) or not all(
        "new" in r.options for r in rs[half:]
    ):
        return [instruction("“respectively” pairs lists of words that do not match", rule)]
    out: list[Reading] = []
    for old, new in zip(rs[:half], rs[half:], strict=True):
        fields = {"op": "replace", "phrase": words.quote(old.slot), "by": words.quote(new.slot)}
        out.append(Reading(fields, f"{rule}: respectively, old «{old.slot}», new «{new.slot}»",
                           roles=_why([old, new], words)))  # fmt: skip
    return out


def _replace(rs: list[Role], words: Words, rule: str, family: str,
             respectively: bool = False, plural: bool = True) -> list[Reading]:  # fmt: skip
    why = _why(rs, words)
    if len(rs) >= 2 and all(r.options == ("new",) for r in rs):
        if not plural:
            return [instruction("several new wordings, and no element they are the parts of",
                                rule)]  # fmt: skip
        parts = [words.quote(r.slot) for r in rs]
        return [Reading({"op": "_parts", "into": parts}, f"{rule}: parts "
                        f"{[r.slot for r in rs]}", roles=why)]  # fmt: skip
    if len(rs) == 1:
        if "new" in rs[0].options:
            reading = _rephrase(rs, words, rule)
            reading.bare_new = True
            return [reading]
        return [instruction(f"the words “{words.quote(rs[0].slot)}” are to be replaced, but by "
                            "nothing the item quotes", rule)]  # fmt: skip
    if any(set(r.options) & set(ANCHORS) for r in rs):
        return [instruction("a replacement with a place for new words is not understood", rule)]
    choices = _pairings(rs)
    if not choices and respectively:
        return _respectively(rs, words, rule)
    if not choices:
        return [instruction(
            f"a replacement needs the old words and the new; the item quotes {len(rs)} "
            "passage(s) whose roles are unclear", rule)]  # fmt: skip
    if len(choices) > 1 and len(rs) > 2:
        return [instruction("several replacements whose old and new words are unclear", rule)]
    if not choices:
        return [instruction("several replacements whose old and new words are unclear", rule)]
    out: list[Reading] = []
    for i in range(0, len(rs), 2):
        sets = []
        for choice in choices:
            old, new = (rs[i], rs[i + 1]) if choice[i] == "old" else (rs[i + 1], rs[i])
            sets.append({"op": "replace", "phrase": words.quote(old.slot),
                         "by": words.quote(new.slot)})  # fmt: skip
        first = choices[0]
        old_n, new_n = (i, i + 1) if first[i] == "old" else (i + 1, i)
        reading = Reading(sets[0], f"{rule}: old «{rs[old_n].slot}», new «{rs[new_n].slot}»",
                          roles=why[i : i + 2], alternatives=sets[1:])  # fmt: skip
        out.append(reading)
    return out


_ELEMENT = re.compile(
    r"\b(?:the|this|that)\s+(?:key\s+area|activity|element|text|provision|item|paragraph)\b"
    r"|\bit\b",
    re.IGNORECASE,
)


def _delete(body: str, rs: list[Role], words: Words, rule: str) -> list[Reading]:
    if not rs:
        if _ELEMENT.search(body) or not _leftover(body):
            return [Reading({"op": "_element"}, rule)]
        return [instruction("a deletion of words needs a quotation; the item has none", rule)]
    out: list[Reading] = []
    widen = bool(re.search(r"\b(?:references?\s+to|mention\s+of)\s+«", body, re.I))
    for role in rs:
        if "old" not in role.options:
            return [instruction(f"“{words.quote(role.slot)}” is not the words to delete "
                                f"({role.why})", rule)]  # fmt: skip
        out.append(Reading({"op": "delete", "phrase": words.quote(role.slot)},
                           f"{rule}: old «{role.slot}»", widen=widen,
                           roles=_why([role], words)))  # fmt: skip
    return out


def _delete_beside(rs: list[Role], words: Words, rule: str) -> list[Reading] | None:
    """ "Delete after “X” “Y”": Y goes, matched with X so that the plan checks they adjoin."""
    if len(rs) != 2 or rs[0].options not in (("after",), ("before",)) or "old" not in rs[1].options:
        return None
    (at, old), side = (words.quote(r.slot) for r in rs), rs[0].options[0]
    phrase = f"{at} {old}" if side == "after" else f"{old} {at}"
    return [Reading({"op": "replace", "phrase": phrase, "by": at}, f"{rule}: old «{rs[1].slot}», "
                    f"found {side} «{rs[0].slot}»", roles=[f"“{at}”: the words right {side} the "
                    f"words that go", f"“{old}”: the words that go"])]  # fmt: skip


def _edge_of(found: list[VerbAt]) -> str | None:
    return next((v.lemma.edge for v in found if v.lemma.edge is not None), None)


def _insert(body: str, rs: list[Role], words: Words, rule: str, edge_verb: str | None = None
            ) -> Reading:  # fmt: skip
    kinds = [r.options for r in rs]
    if len(rs) == 2 and kinds.count(("old",)) == 1 and ("new",) in kinds:
        return _replace(rs, words, rule, "replace")[0]  # "instead of X, Y should be inserted"
    anchors = [(r.slot, r.options[0]) for r in rs if r.settled and r.options[0] in ANCHORS]
    texts = [r.slot for r in rs if not (r.settled and r.options[0] in ANCHORS)]
    edge = lx.EDGE.search(body)
    why = _why(rs, words)
    if len(texts) != 1:
        return instruction(f"an insertion needs one quotation of new words; the item has "
                           f"{len(texts)}", rule)  # fmt: skip
    text = words.quote(texts[0])
    sides = [c for _, c in anchors]
    if sides == ["between", "and"]:
        first, second = anchors[0][0], anchors[1][0]
        fields = {"op": "insert", "text": text, "position": "after",
                  "anchor": words.quote(first)}  # fmt: skip
        reading = Reading(fields, f"{rule}: new «{texts[0]}», between «{first}» and «{second}»",
                          roles=why)  # fmt: skip
        reading.followed_by = words.quote(second)
        return reading
    if len(anchors) == 1 and sides[0] in ("before", "after") and (
        edge is None or lx.edge_of(edge) == {"after": "end", "before": "start"}[sides[0]]
    ):
        n, side = anchors[0]
        fields = {"op": "insert", "text": text, "position": side, "anchor": words.quote(n)}
        reading = Reading(fields, f"{rule}: new «{texts[0]}», {side} «{n}»", roles=why)
        reading.at_edge = lx.edge_of(edge) if edge is not None else None  # "X at the end"
        return reading
    if not anchors and edge is not None:
        position = lx.edge_of(edge)
        return Reading({"op": "insert", "text": text, "position": position},
                       f"{rule}: new «{texts[0]}», at the {position}", roles=why,
                       sentence=lx.edge_sentence(edge))  # fmt: skip
    if not anchors and edge is None and edge_verb is not None:
        return Reading({"op": "insert", "text": text, "position": edge_verb},
                       f"{rule}: new «{texts[0]}», at the {edge_verb} (the verb says so)",
                       roles=why)  # fmt: skip
    if not anchors and edge is None:
        return Reading({"op": "_words", "text": text}, f"{rule}: new «{texts[0]}», no place",
                       roles=why)  # fmt: skip
    return instruction("the place of the new words is not understood", rule)


def _rephrase(rs: list[Role], words: Words, rule: str) -> Reading:
    if len(rs) != 1:
        if not rs:
            return instruction("it asks for new wording but gives none; a person drafts it", rule)
        return instruction(f"a new wording needs one quotation; the item has {len(rs)}", rule)
    n = rs[0].slot
    if rs[0].options == ("old",):
        return instruction(f"“{words.quote(n)}” reads as the words to change, with no new words",
                           rule)  # fmt: skip
    return Reading({"op": "rephrase", "text": words.quote(n)}, f"{rule}: whole wording «{n}»",
                   roles=_why(rs, words))  # fmt: skip
