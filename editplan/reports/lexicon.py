"""The words of amending prose, grouped by meaning.

Gathered from drafting manuals (the UK's and New Zealand's drafting guidance, Hong Kong's
"Drafting Legislation", the French Guide de légistique, the EU's Joint Practical Guide, the
CRS's "How Bills Amend Statutes", the ILO's amendment forms) and from the amending texts in
tests/data/extract/: Acts, bills and schedules of parliaments on every continent, UN, treaty and
specialised-agency documents, corrigenda, errata and negotiating texts.

Each verb is listed in every form drafters use: imperative, finite in any mood and voice,
participle, gerund ("by deleting"), and the noun ("the deletion of", "the substitution for X
of Y"). Each lemma says what its object is: the words that go (``old``), the words that come
(``new``), or the whole new wording. That, with the prepositions before a quotation (``CUES``),
gives each quotation its possible roles; the target's own text decides between them
(``evidence``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A modal and "be" before a participle: passive voice, any mood.
MODAL = (
    r"(?:should|shall|must|would|will|is\s+to|are\s+to|to|may|could|can)?\s*(?:now\s+)?"
    r"(?:be|are|is|was|were|(?:has|have)\s+been)\s+(?:hereby\s+)?"
)


@dataclass(frozen=True)
class Verb:
    """A lemma: its family (what it does), its forms, and the role of its object (also the
    subject of its passive); ``subject`` is the role of the subject of its active voice, for
    the verbs whose subject is the text ("X should read Y", "X becomes Y")."""

    family: str
    forms: str
    object: str
    subject: str | None = None
    flip: str | None = None  # a preposition after the object that makes it the old words
    edge: str | None = None  # where its new words go when no place is named


LEMMAS: tuple[Verb, ...] = (
    Verb("delete", r"delet\w*", "old"),
    Verb("delete", r"remov\w*", "old"),
    Verb("delete", r"omit\w*|omission|omissions", "old"),
    Verb("delete", r"strik\w*(?:\s+(?:out|through))?|struck(?:\s+(?:out|through))?", "old"),
    Verb("delete", r"overstrik\w*|overstruck", "old"),
    Verb("delete", r"leav\w*\s+out|left\s+out", "old"),
    Verb("delete", r"repeal\w*", "old"),
    Verb("delete", r"excis\w*|expung\w*|eliminat\w*|suppress\w*|eras(?:e|es|ed|ing|ure)", "old"),
    Verb("delete", r"drop|drops|dropped|dropping", "old"),
    Verb("replace", r"replac\w*", "old"),
    # "substitute Y for X", but "substitute X with Y" and "X is substituted by Y"
    Verb("replace", r"substitut\w*", "new", flip=r"with|by"),
    Verb("replace", r"chang(?:e|es|ed|ing)", "old"),
    Verb("replace", r"alter(?:s|ed|ing|ation|ations)?|modif(?:y|ies|ied|ying|ication)", "old"),
    Verb("replace", r"correct(?:s|ed|ing|ion)?|convert(?:s|ed|ing)?", "old"),
    Verb("replace", r"amend(?:s|ed|ing)?(?=\s+(?:as|to)\s+«)", "old"),
    # "amend “X” to “Y”": change X to Y
    Verb("replace", r"amend(?:s|ed|ing)?(?=\s+(?:the\s+(?:words?|phrase|text)\s+)?«\d+»\s+"
         r"(?:to|into)\s+(?:read\s+)?«)", "old"),
    Verb("insert", r"insert\w*", "new"),
    Verb("insert", r"add|adds|added|adding|addition|additions", "new"),
    Verb("insert", r"includ\w*|inclusion", "new"),
    Verb("insert", r"append\w*|prefix\w*|interpolat\w*|intercalat\w*", "new"),
    # "is supplemented by" (the French "est complété par"): added at the end
    Verb("insert", r"supplement(?:s|ed|ing)?", "new", edge="end"),
    Verb(
        "rephrase",
        r"rephras\w*|reword\w*|reformulat\w*|redraft\w*|revis\w*|recast\w*|restat\w*|rewrit\w*"
        r"|rewrote|amend(?:s|ed|ing)?(?!\s+(?:by|as\s+follows|in\s+the\s+manner|as\s+set))"
        r"|worded|adopt(?:s|ed|ing)?(?=\s+the\s+following\s+(?:text|wording|words)\b)",
        "new",
    ),
    Verb("read", r"read|reads|reading|say|says|saying", "new", subject="old"),
    Verb("read", r"(?<=should\s)be(?=\s*:?\s*«)|(?<=shall\s)be(?=\s*:?\s*«)", "new", "old"),
    Verb("read", r"becom\w*|become", "new", subject="old"),
    Verb("split", r"split\w*|divid\w*|separat\w*|subdivid\w*", "new"),
    Verb("merge", r"merg\w*|combin\w*|join\w*|amalgamat\w*|consolidat\w*|fus(?:e|ed|ing)", "new"),
    Verb("move", r"mov\w*|transfer\w*|relocat\w*|plac\w*|renumber\w*|shift\w*|transpos\w*", "old"),
)

VERBS: dict[str, str] = {}
for _lemma in LEMMAS:
    VERBS[_lemma.family] = (
        f"{VERBS[_lemma.family]}|{_lemma.forms}" if _lemma.family in VERBS else _lemma.forms
    )
VERB = {name: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for name, words in VERBS.items()}
LEMMA = [(lemma, re.compile(rf"\b(?:{lemma.forms})\b", re.IGNORECASE)) for lemma in LEMMAS]
# Word-level families: what a clause does to words.
WORD_FAMILIES = ("delete", "replace", "insert", "rephrase", "read")

# The word before a quotation that says what the quotation is.
CUES: dict[str, str] = {
    "old": r"for|instead\s+of|in\s+lieu\s+of|in\s+place\s+of|from|references?\s+to|mention\s+of",
    "new": r"by|with|to|into|as(?=\s+«|\s*$)|to\s+read|so\s+as\s+to\s+read",
    "before": r"before|preceding|ahead\s+of|in\s+front\s+of|immediately\s+before",
    "after": r"after|following\s+the\s+words?|following(?=\s+«|\s*$)|follow|immediately\s+after|"
    r"next\s+to",
    "between": r"between",
    "and": r"and",
    "of": r"of",
}
CUE = re.compile(
    "|".join(rf"(?P<{name}>\b(?:{words})\b)" for name, words in CUES.items()), re.IGNORECASE
)

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "final": -1,
}  # fmt: skip
_ORD = (
    r"(?P<nth>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|"
    r"\d+(?:st|nd|rd|th))"
)
COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2, "twice": 2, "thrice": 3}

# Which occurrence: "the second occurrence of", "where it appears for the second time".
OCCURRENCE = re.compile(
    rf",?\s*(?:(?:in\s+)?the\s+{_ORD}\s+(?:occurrence|instance|time|place)(?:\s+(?:where\s+)?"
    rf"(?:it|they)\s+(?:appears?|occurs?))?(?:\s+of)?"
    rf"|where(?:ver)?\s+(?:it|they|this|these)\s+(?:first\s+)?(?:appears?|occurs?)\s+for\s+the\s+"
    rf"{_ORD.replace('nth', 'nth2')}\s+time"
    r"|,?\s*where\s+(?:it|they|that\s+words?|those\s+words)\s+(?P<nth3>first)\s+(?:appears?|occurs?)"
    rf"|the\s+{_ORD.replace('nth', 'nth4')}\s+(?=«)"
    # Australia's "Omit “X” (first occurring)", "where secondly occurring"
    rf"|\(?\s*(?:where\s+)?{_ORD.replace('nth', 'nth5')}\s+occurring\s*\)?)",
    re.IGNORECASE,
)
_APPEARS = r"(?:appears?|occurs?|is\s+used|are\s+used)(?:\s+or\s+(?:appears?|occurs?))?"
_IT = (
    r"(?:it|they|this\s+\w+|these\s+\w+|that\s+\w+|those\s+\w+|the\s+same|the\s+words?\s+\S+|"
    r"such\s+\w+)"
)
EVERY = re.compile(
    rf",?\s*\(?(?:wherever|each\s+time|every\s+time|whenever|where|each\s+place|every\s+place|"
    rf"in\s+(?:each|every|all)\s+(?:of\s+the\s+)?(?:places?|cases?)\s+where)\s+{_IT}\s+{_APPEARS}"
    rf"(?:\s+in\s+(?:the|that|this)\s+(?:text|key\s+area|activity|element))?\)?"
    r"|,?\s*\(?wherever\s+(?:occurring|appearing|it\s+occurs|they\s+occur)\)?"
    r"|,?\s*throughout(?:\s+the\s+(?:text|key\s+area|activity|element))?"
    rf"|,?\s*in\s+(?:both|all)\s+(?:the\s+)?places(?:\s+where\s+{_IT}\s+{_APPEARS})?"
    r"|,?\s*(?:in\s+)?(?:all|each|every)\s+(?:occurrences?|instances?|places?)(?:\s+of)?"
    r"|,?\s*each\s+time\s+(?:it|they)\s+(?:appears?|occurs?)"
    r"|,?\s*\(?\s*(?:twice|thrice|(?:two|three|four|five)\s+times)\s*\)?"
    r"|\ball\s+(?=(?:the\s+)?(?:references?\s+to|mentions?\s+of|occurrences?\s+of)\b)",
    re.IGNORECASE,
)
# "substitute in each case the word": each place named elsewhere in the sentence.
IN_EACH_CASE = re.compile(r",?\s*\bin\s+each\s+(?:case|instance)\b,?", re.IGNORECASE)
SENTENCE = re.compile(rf",?\s*in\s+the\s+{_ORD}\s+sentence", re.IGNORECASE)
EDGE = re.compile(
    r"\b(?:at|to)\s+the\s+(?P<edge>end|beginning|start)\b(?:\s+of\s+(?:the\s+)?"
    rf"(?:(?P<sent>{_ORD.replace('nth', 'nths')})\s+sentence\b(?:\s+of\b)?|text|sentence|"
    r"key\s+area|activity|element|it|wording|present\s+text|same))?|"
    r"\bat\s+(?:the\s+)?(?P<edge2>end|beginning|start)\b|"
    r"\bbefore\s+the\s+(?:final\s+|closing\s+)?(?P<edge3>period|full\s+stop)\b|"
    r"\bafter\s+the\s+(?:final|last)\s+(?P<edge4>word|words)\b",
    re.IGNORECASE,
)
# Square brackets around words: unagreed text or alternatives in a negotiating text.
BRACKETS = re.compile(r"\[[^\[\]]*\]")


def ordinal(word: str) -> int:
    """ "second" -> 2, "3rd" -> 3, "last" -> -1."""
    w = word.lower()
    if w in ORDINALS:
        return ORDINALS[w]
    return int(re.sub(r"\D", "", w))


def edge_sentence(m: re.Match[str]) -> int | None:
    """ "at the end of the first sentence" -> 1: the sentence an EDGE names, if any."""
    return ordinal(m["nths"]) if m["nths"] else None


def edge_of(m: re.Match[str]) -> str:
    """ "end" or "start" for an EDGE match ("before the period" is the end)."""
    word = (m["edge"] or m["edge2"] or "end").lower() if not (m["edge3"] or m["edge4"]) else "end"
    return "end" if word == "end" else "start"
