"""The grammar of amending prose: an item's words (quotations already taken out) become
operations, or an instruction with the reason nothing fitted.

An item is read as clauses ("...; and ...", "... and “X” should be deleted"). Each clause has
a verb from the lexicon (what it means: delete, replace, insert, rephrase, split, merge, move,
add) and roles, found by the cue word before each quotation (old words, new words, anchor
and side) and by phrases (occurrence, sentence, list position, target), in any order, in the
active or passive voice, in any mood. Element-level readings (split, add, merge, move,
remove) live in ``structure``; this module reads words and composes the clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from editplan.reports import lexicon as lx
from editplan.reports.targets import Ref
from editplan.reports.text import CLOSE, OPEN, clean

Q = re.compile(r"«(\d+)»")


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

_IMPERATIVE = (
    r"(?:delete|remove|omit|strike|leave\s+out|drop|replace|substitute|insert|add|include|"
    r"rephrase|reword|amend|for\s+«|after\s+«|before\s+«|at\s+the\s+(?:end|beginning|start))"
)
_PARTICIPLE = r"(?:replaced|deleted|inserted|added|substituted|removed|omitted)\b"
_HEAD = (
    rf"(?:{_IMPERATIVE}|(?:the\s+)?(?:(?:words?|phrases?|terms?|expressions?|references?\s+to|"
    rf"mention\s+of)\s+)?«\d+»\s*(?:,[^«]*,\s*)?(?:{lx.MODAL}|{_PARTICIPLE}))"
)
# "replace X by Y and Z by W": the second pair borrows the verb of the first
_GAPPED = r"«\d+»\s+(?:by|with|for)\s+«\d+»"
_SPLIT_CLAUSES = re.compile(
    rf"\s*;\s*(?:and\s+)?|\s*,?\s+and\s+(?={_HEAD}|{_GAPPED})|\.\s+(?=[A-Z])", re.I
)
_ONLY_WORDS = re.compile(r"^(?:the\s+)?(?:words?\s+|phrases?\s+|terms?\s+)?«\d+»$", re.I)
_SO_THAT = re.compile(
    r",?\s*(?:so\s+(?:that|as)\s+(?:it|they|the\s+\w+(?:\s+\w+)?)\s+(?:will\s+|would\s+|shall\s+)?"
    r"reads?|to\s+read)\s*(?:as\s+follows)?\s*[:,]?\s*«(\d+)»\s*$",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"\b(?:the|a|an|words?|phrases?|terms?|expressions?|text|wording|following|"
    r"present|existing|current|it|them|they|thereof|therefor|in\s+lieu|instead|its|their|place|"
    r"should|shall|must|would|will|is|are|be|to|now|hereby|there|as|follows|follow|so|that|"
    r"also|and|new|by|with|read|reads|reading|sentence|sentences|reference|references|"
    r"mention|of|all|following|same|amended|amend|activity|activities|key|area|areas|element|"
    r"item|where\s+it\s+(?:starts|begins)(?:\s+with)?|at|end|beginning|start|on)\b"
    r"|[,:;.()\-–—]",
    re.IGNORECASE,
)


def clauses(text: str) -> list[str]:
    """The clauses of a predicate: split at "; and", "and" before a new verb, and sentences."""
    return [c.strip(" ,;:.") for c in _SPLIT_CLAUSES.split(text) if c and c.strip(" ,;:.")]


def read_words(words: Words, ref: Ref) -> list[Reading]:
    """Read the word-level clauses of a predicate: replace, delete, insert, rephrase."""
    text = words.text
    expect = None
    if (m := _SO_THAT.search(text)) and len(words.slots(text)) > 1:
        expect = words.quote(int(m[1]))
        text = text[: m.start()]
    readings: list[Reading] = []
    parts = clauses(text)
    for k, clause in enumerate(parts):
        if _verb(clause) is None:
            clause = _borrow(clause, parts, k)
        readings.append(_clause(clause, words, ref))
    readings = [
        instruction("the element is struck out here without new wording", r.rule)
        if r.fields.get("op") == "_element"
        else r
        for r in _compose(readings)
    ]
    if expect is not None:
        for r in readings:
            r.expect = expect
    return readings


def _borrow(clause: str, parts: list[str], k: int) -> str:
    """A clause with no verb of its own takes one from its neighbour: "replace X by Y and Z by
    W" (forward), "the words X and Y should be deleted" (backward, deletions only)."""
    prev = _verb(parts[k - 1]) if k > 0 else None
    if prev is not None and prev[0] == "replace" and re.fullmatch(_GAPPED, clause):
        return f"replace {clause}"
    if k + 1 < len(parts) and _ONLY_WORDS.match(clause):
        nxt = _verb(parts[k + 1])
        if nxt is not None and nxt[0] == "delete" and len(Q.findall(parts[k + 1])) == 1:
            tail = Q.sub("", parts[k + 1]).strip()
            if re.fullmatch(rf"(?:the\s+words?\s+)?{lx.MODAL}\w+", tail, re.I):
                return f"{clause} {tail}"
    return clause


def _compose(readings: list[Reading]) -> list[Reading]:
    """ "leave out X and insert Y", "omit X, substitute Y": a deletion followed by words with no
    place of their own is one replacement."""
    out: list[Reading] = []
    for r in readings:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.fields.get("op") == "_element"
            and r.fields.get("op") in ("rephrase", "_words")
        ):
            text = r.fields["text"]
            out[-1] = Reading({"op": "rephrase", "text": text}, f"{prev.rule} + {r.rule}", r.notes)
            continue
        if (
            prev is not None
            and prev.fields.get("op") == "delete"
            and (r.fields.get("op") == "_words" or (r.bare_new and r.fields["op"] == "rephrase"))
        ):
            phrase = prev.fields["phrase"]
            fields = {"op": "replace", "phrase": phrase, "by": r.fields["text"]}
            if "occurrence" in prev.fields:
                fields["occurrence"] = prev.fields["occurrence"]
            out[-1] = Reading(fields, f"{prev.rule} + {r.rule}", prev.notes + r.notes,
                              sentence=prev.sentence)  # fmt: skip
            continue
        if r.fields.get("op") == "_words":
            r = instruction(
                f"new words “{r.fields['text']}” with no place and nothing they replace", r.rule
            )
        out.append(r)
    return out


def _verb(clause: str) -> tuple[str, str] | None:
    """The clause's verb family and the word, the earliest in the clause."""
    found: list[tuple[int, str, str]] = []
    for family, pattern in lx.VERB.items():
        if family in ("split", "merge", "move"):
            continue
        if m := pattern.search(clause):
            found.append((m.start(), family, m.group(0)))
    if not found:
        return None
    found.sort()
    if len(found) > 1:
        found = [f for f in found if not (f[1] == "rephrase" and f[2].lower().startswith("amend"))]
    families = {f for _, f, _ in found}
    _, family, word = found[0]
    if "delete" in families and ("replace" in families or "insert" in families):
        return "replace", word  # "delete X and replace by Y", "strike out X and insert Y"
    if family == "replace" and "read" in families:
        return "replace", word
    return family, word


def _occurrence(clause: str) -> tuple[str, int | str | None, int | None]:
    occurrence: int | str | None = None
    sentence = None
    if m := lx.OCCURRENCE.search(clause):
        occurrence = lx.ordinal(m["nth"] or m["nth2"] or m["nth3"] or m["nth4"] or "")
        clause = clause[: m.start()] + " " + clause[m.end() :]
    if m := lx.EVERY.search(clause):
        occurrence = "all"
        clause = clause[: m.start()] + " " + clause[m.end() :]
    if m := lx.SENTENCE.search(clause):
        sentence = lx.ordinal(m["nth"] or "")
        clause = clause[: m.start()] + " " + clause[m.end() :]
    return " ".join(clause.split()), occurrence, sentence


def _cues(clause: str) -> list[tuple[int, str | None]]:
    """Each quotation of the clause with the kind of the last cue word before it."""
    out: list[tuple[int, str | None]] = []
    start = 0
    for m in Q.finditer(clause):
        gap = clause[start : m.start()]
        kinds = [c.lastgroup for c in lx.CUE.finditer(gap)]
        out.append((int(m[1]), kinds[-1] if kinds else None))
        start = m.end()
    return out


def _leftover(clause: str, verb: str) -> str:
    rest = Q.sub(" ", clause)
    rest = re.sub(rf"\b{re.escape(verb)}\b", " ", rest, flags=re.I)
    for pattern in lx.VERB.values():
        rest = pattern.sub(" ", rest)
    rest = lx.CUE.sub(" ", rest)
    rest = lx.EDGE.sub(" ", rest)
    return " ".join(_FILLER.sub(" ", rest).split())


def _clause(clause: str, words: Words, ref: Ref) -> Reading:
    body, occurrence, sentence = _occurrence(clause)
    verb = _verb(body)
    if verb is None:
        return instruction(f"no verb of the grammar in “{_show(clause, words)}”")
    family, word = verb
    if re.search(r"\ball\s+(?:the\s+)?(?:words?\s+|text\s+)?(?:after|before|following|preceding)\b",
                 body, re.I):  # fmt: skip
        return instruction("a change to all the words after (or before) a phrase", family)
    cues = _cues(body)
    rule = f"{family} ({word})"
    if family in ("replace", "read"):
        reading = _replace(body, cues, words, rule, family)
    elif family == "delete":
        reading = _delete(body, cues, words, rule)
    elif family == "insert":
        reading = _insert(body, cues, words, rule)
    else:
        reading = _rephrase(body, cues, words, rule)
    if reading.is_instruction:
        return reading
    left = _leftover(body, word)
    if left:
        return instruction(f"words the grammar does not read: “{left}” in “{_show(clause, words)}”",
                           rule)  # fmt: skip
    op = reading.fields["op"]
    if op == "_element":
        return reading
    if occurrence is not None:
        if op in ("rephrase", "_words") or (op == "insert" and "anchor" not in reading.fields):
            return instruction(
                f"an occurrence for words that have none in “{_show(clause, words)}”"
            )
        if occurrence == -1:
            return instruction("“the last occurrence” needs counting; say which occurrence", rule)
        if occurrence == "all" and op == "insert":
            return instruction("an insertion at every occurrence is not an operation", rule)
        reading.fields["occurrence"] = occurrence
    reading.sentence = sentence
    if op not in ("rephrase", "_words") and not ref.is_element:
        return instruction(
            f"a {op} changes one key area or activity, and “{ref.written}” names a whole goal",
            rule,
        )
    if op == "rephrase" and not ref.is_element:
        return instruction(
            f"a rephrase needs a key area or activity; “{ref.written}” is a goal", rule
        )
    return reading


def _show(clause: str, words: Words) -> str:
    return Q.sub(lambda m: f"“{words.quote(int(m[1]))}”", clause)


def _replace(body: str, cues: list[tuple[int, str | None]], words: Words, rule: str,
             family: str) -> Reading:  # fmt: skip
    old = [n for n, c in cues if c == "old"]
    new = [n for n, c in cues if c in ("new",)]
    bare = [n for n, c in cues if c is None]
    if len(cues) == 2 and len(old) == 1 and not new:
        new = [n for n, _ in cues if n != old[0]]  # "substitute Y for X", "for X read Y"
    elif len(cues) == 2 and len(new) == 2 and re.search(r"\bsubstitut\w*\b.*«\d+»\s+for\b", body):
        new, old = [cues[0][0]], [cues[1][0]]
    elif len(cues) == 2 and len(new) == 1 and not old:
        old = [n for n, _ in cues if n != new[0]]  # "X should be replaced by Y", "X should read Y"
    elif len(cues) == 2 and bare and new and len(bare) + len(new) == 2:
        old = bare
    if len(cues) == 1 and (new or bare) and not old:
        reading = _rephrase(body, cues, words, rule)
        reading.bare_new = True  # "... and replace by Y": new words for what a clause deleted
        return reading
    if len(cues) == 1 and old and family == "replace":
        return Reading({"op": "_words", "text": words.quote(old[0])}, rule) if re.search(
            r"\bsubstitut\w*\b", body, re.I
        ) else instruction(f"the words “{words.quote(old[0])}” are to be replaced, but by nothing "
                           "the item quotes", rule)  # fmt: skip
    if len(old) != 1 or len(new) != 1:
        return instruction(
            f"a replacement needs the old words and the new; the item quotes {len(cues)} "
            "passage(s) whose roles are unclear",
            rule,
        )
    fields = {"op": "replace", "phrase": words.quote(old[0]), "by": words.quote(new[0])}
    return Reading(fields, f"{rule}: old «{old[0]}», new «{new[0]}»",
                   widen=bool(re.search(r"\breferences?\s+to\b", body, re.I)))  # fmt: skip


def _delete(body: str, cues: list[tuple[int, str | None]], words: Words, rule: str) -> Reading:
    element = r"\b(?:the|this)\s+(?:key\s+area|activity|element|text)\b|\bit\b"
    if not cues and (re.search(element, body, re.I) or re.fullmatch(rf"{lx.MODAL}\w+", body, re.I)):
        return Reading({"op": "_element"}, rule)
    if len(cues) != 1:
        return instruction(
            f"a deletion of words needs one quotation; the item has {len(cues)}", rule
        )
    n = cues[0][0]
    if re.search(r"\ball\s+(?:the\s+)?words\s+(?:after|before|following)\b", body, re.I):
        return instruction("a deletion of all the words after (or before) a phrase", rule)
    widen = bool(re.search(r"\b(?:references?\s+to|mention\s+of)\s+«", body, re.I))
    return Reading({"op": "delete", "phrase": words.quote(n)}, f"{rule}: old «{n}»", widen=widen)


def _insert(body: str, cues: list[tuple[int, str | None]], words: Words, rule: str) -> Reading:
    if len(cues) == 2 and [c for _, c in cues].count("old") == 1:
        return _replace(body, cues, words, rule, "replace")  # "instead of X, Y should be inserted"
    anchors = [(n, c) for n, c in cues if c in ("before", "after", "between", "and")]
    texts = [n for n, c in cues if c not in ("before", "after", "between", "and")]
    edge = lx.EDGE.search(body)
    if len(texts) != 1:
        return instruction(f"an insertion needs one quotation of new words; the item has "
                           f"{len(texts)}", rule)  # fmt: skip
    text = words.quote(texts[0])
    kinds = [c for _, c in anchors]
    if kinds == ["between", "and"]:
        first, second = anchors[0][0], anchors[1][0]
        fields = {"op": "insert", "text": text, "position": "after",
                  "anchor": words.quote(first)}  # fmt: skip
        reading = Reading(fields, f"{rule}: new «{texts[0]}», between «{first}» and «{second}»")
        reading.followed_by = words.quote(second)
        return reading
    if len(anchors) == 1 and kinds[0] in ("before", "after") and edge is None:
        n, side = anchors[0]
        fields = {"op": "insert", "text": text, "position": side, "anchor": words.quote(n)}
        return Reading(fields, f"{rule}: new «{texts[0]}», {side} «{n}»")
    if not anchors and edge is not None:
        where = (edge["edge"] or edge["edge2"]).lower()
        position = "end" if where == "end" else "start"
        return Reading({"op": "insert", "text": text, "position": position},
                       f"{rule}: new «{texts[0]}», at the {where}")  # fmt: skip
    if not anchors and edge is None:
        return Reading({"op": "_words", "text": text}, f"{rule}: new «{texts[0]}», no place")
    return instruction("the place of the new words is not understood", rule)


def _rephrase(body: str, cues: list[tuple[int, str | None]], words: Words, rule: str) -> Reading:
    if len(cues) != 1:
        if not cues:
            return instruction("it asks for new wording but gives none; a person drafts it", rule)
        return instruction(f"a new wording needs one quotation; the item has {len(cues)}", rule)
    n, cue = cues[0]
    if cue == "old":
        return instruction(f"“{words.quote(n)}” reads as the words to change, with no new words",
                           rule)  # fmt: skip
    return Reading({"op": "rephrase", "text": words.quote(n)}, f"{rule}: whole wording «{n}»")
