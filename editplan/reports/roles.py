"""The roles a clause's grammar allows each quotation: the words that go (``old``), the words
that come (``new``), or an anchor (``before``, ``after``, ``between`` ... ``and``).

A quotation's role comes from the nearest word before it that decides one: a preposition
("for X", "by Y", "after X"), or a verb whose object it is ("delete X", "by substituting Y",
"the deletion of X", "the substitution for X of Y"). A quotation with nothing before it is the
subject of the verb after it: of a passive, the verb's object ("X shall be substituted", "X is
replaced by"), of an active "read" or "become", the words as they are ("X should read Y").
What the grammar leaves open is decided from the target's text (``evidence``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from editplan.reports import lexicon as lx

Q = re.compile(r"«(\d+)»")
ANCHORS = ("before", "after", "between", "and")
_BE = re.compile(r"\b(?:be|is|are|was|were|been|being)\s+(?:hereby\s+|now\s+|also\s+)?$",
                 re.IGNORECASE)  # fmt: skip


@dataclass(frozen=True)
class VerbAt:
    """A verb of the word-level families where it stands in a clause."""

    start: int
    end: int
    lemma: lx.Verb
    word: str

    @property
    def family(self) -> str:
        return self.lemma.family


@dataclass
class Role:
    """What one quotation may be, and why the grammar says so."""

    slot: int
    options: tuple[str, ...]
    why: str

    @property
    def settled(self) -> bool:
        return len(self.options) == 1


def verbs(clause: str) -> list[VerbAt]:
    """The word-level verbs of a clause, in order (the first lemma that matches a word)."""
    found: dict[int, VerbAt] = {}
    for lemma, pattern in lx.LEMMA:
        if lemma.family not in lx.WORD_FAMILIES:
            continue
        for m in pattern.finditer(clause):
            if m.start() not in found and not any(
                v.start <= m.start() < v.end for v in found.values()
            ):
                found[m.start()] = VerbAt(m.start(), m.end(), lemma, m.group(0))
    return sorted(found.values(), key=lambda v: v.start)


def family(found: list[VerbAt]) -> tuple[str, str] | None:
    """The clause's operation family and the word that says it: the first verb, except that
    "delete X and insert/substitute Y" and "for X read Y" with "substitute" are replacements."""
    if not found:
        return None
    families = {v.family for v in found}
    first = found[0]
    if len(found) > 1 and first.family == "rephrase" and first.word.lower().startswith("amend"):
        first = found[1]
    if "delete" in families and ("replace" in families or "insert" in families):
        return "replace", first.word
    if first.family == "replace" and "read" in families:
        return "replace", first.word
    if first.family == "read" and "replace" in families:
        return "replace", first.word
    return first.family, first.word


def roles(clause: str, found: list[VerbAt]) -> list[Role]:
    """Each quotation's possible roles, with the word that decided them."""
    out: list[Role] = []
    start = 0
    slots = list(Q.finditer(clause))
    for k, m in enumerate(slots):
        role = _decide(clause, start, m, found, out)
        if role is None:
            role = _subject(clause, slots, k, found)
        out.append(role)
        start = m.end()
    return out


def _decide(clause: str, start: int, m: re.Match[str], found: list[VerbAt],
            before: list[Role]) -> Role | None:  # fmt: skip
    """The role from the nearest deciding word between ``start`` and the quotation."""
    slot = int(m[1])
    gap = clause[start : m.start()]
    if (
        before
        and re.fullmatch(r"\s*,?\s*(?:and|or)\s+(?:the\s+words?\s+)?", gap, re.I)
        and before[-1].options[0] not in ANCHORS
        and not _pairs(clause[m.end() :])
    ):
        same = before[-1]
        return Role(slot, same.options, f"joined to “{same.slot}” by “{gap.strip()}”")
    deciders: list[tuple[int, str, object]] = []
    for c in lx.CUE.finditer(gap):
        kind = c.lastgroup or ""
        if kind == "and" and not (before and before[-1].options == ("between",)):
            continue
        if re.match(r"\s*(?:it|them|thereof|therefor)\b", gap[c.end() :], re.IGNORECASE):
            continue  # "for it the following activity:": the preposition has its own object
        deciders.append((start + c.end(), "cue", (kind, c.group(0))))
    for v in found:
        if start <= v.start and v.end <= m.start():
            deciders.append((v.end, "verb", v))
    if not deciders:
        return None
    at, what, value = max(deciders, key=lambda d: d[0])
    if what == "verb":
        assert isinstance(value, VerbAt)
        return Role(slot, (_object(value, clause[m.end() :]),), f"object of “{value.word}”")
    kind, word = value  # type: ignore[misc]
    if kind in ("old", "new"):
        return Role(slot, (kind,), f"“{word}” before it")
    if kind in ANCHORS:
        return Role(slot, (kind,), f"“{word}” before it")
    governor = next((v for v in reversed(found) if v.end <= at - len(word)), None)
    if governor is None:
        return Role(slot, ("old", "new"), "“of” with no verb or noun before it")
    return Role(slot, (_object(governor, clause[m.end() :]),),
                f"object of “{governor.word} ... of”")  # fmt: skip


def _pairs(after: str) -> bool:
    """Whether a quotation opens a pair of its own ("and X by Y"): a preposition of old or new
    words follows it before the next quotation."""
    head = after.split("«", 1)[0]
    return any(c.lastgroup in ("old", "new") for c in lx.CUE.finditer(head))


def _object(verb: VerbAt, after: str) -> str:
    """The role of the verb's object, given the words after it ("substitute X with Y")."""
    flip = verb.lemma.flip
    if flip is not None and re.match(rf"\s*,?\s*(?:{flip})\b", after, re.IGNORECASE):
        return "new" if verb.lemma.object == "old" else "old"
    return verb.lemma.object


def _subject(clause: str, slots: list[re.Match[str]], k: int, found: list[VerbAt]) -> Role:
    """A quotation with nothing deciding before it: the subject of the verb after it (past any
    quotations coordinated with it: "the words X and Y should be deleted")."""
    m = slots[k]
    slot = int(m[1])
    after = [v for v in found if v.start >= m.end()]
    if not after:
        return Role(slot, ("old", "new"), "no word before or verb after it decides")
    verb = after[0]
    between = Q.sub(" ", clause[m.end() : verb.start])
    if re.search(r"\b(?:and|or|,)?\s*\w", between) and re.search(
        r"[;:]|\b(?:by|with|for|to|after|before)\b", between, re.IGNORECASE
    ):
        return Role(slot, ("old", "new"), "no word before it decides")
    if _BE.search(clause[: verb.start]):
        return Role(slot, (_object(verb, clause[verb.end :]),),
                    f"subject of the passive “{verb.word}”")  # fmt: skip
    if verb.lemma.subject is not None:
        return Role(slot, (verb.lemma.subject,), f"subject of “{verb.word}”")
    return Role(slot, ("old", "new"), f"before “{verb.word}”, which does not say what it is")
