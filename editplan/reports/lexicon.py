"""The words of amending prose, gathered from the drafting traditions the corpus in
tests/data/amending-sentences.tsv samples: UN and its conventions (General Assembly
amendments, corrigenda, CBD reports), the Council of Europe, parliaments (United Kingdom,
Australia, Canada, United States, Cayman Islands) and the EU, and treaty rectifications.

Each verb is listed in the forms that drafters use (imperative, participle, gerund), so that
the grammar reads "delete X", "X should be deleted" and "by deleting X" alike.
"""

from __future__ import annotations

import re

# A modal and "be" before a participle: passive voice, any mood.
MODAL = (
    r"(?:should|shall|must|would|will|is\s+to|are\s+to|to|may|could|can)?\s*(?:now\s+)?"
    r"(?:be|are|is)\s+(?:hereby\s+)?"
)

# The verbs, by what they mean. The first family found in a clause decides its operation.
VERBS: dict[str, str] = {
    "delete": r"delet\w*|remov\w*|omit\w*|strike\s+out|striking\s+out|struck\s+out|strike|"
    r"striking|struck|leave\s+out|leaving\s+out|left\s+out|drop\w*|excis\w*",
    "replace": r"replac\w*|substitut\w*|chang\w*",
    "insert": r"insert\w*|add|adds|added|adding|includ\w*|append\w*",
    "rephrase": r"rephras\w*|reword\w*|reformulat\w*|redraft\w*|revis\w*|amend\w*|recast\w*",
    "read": r"reads?|reading",
    "split": r"split\w*|divid\w*|separat\w*",
    "merge": r"merg\w*|combin\w*|join\w*|amalgamat\w*|consolidat\w*",
    "move": r"mov\w*|transfer\w*|relocat\w*|plac\w*|becom\w*|renumber\w*|shift\w*",
}
VERB = {name: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for name, words in VERBS.items()}

# The word before a quotation that says what the quotation is.
CUES: dict[str, str] = {
    "old": r"for|replace|replacing|leave\s+out|leaving\s+out|omit|omitting|strike\s+out|"
    r"striking\s+out|strike|delete|deleting|remove|removing|instead\s+of|reference\s+to|"
    r"references\s+to|mention\s+of|of",
    "new": r"by|with|read|reads|reading|insert|inserting|substitute|substituting|to|"
    r"following|follows|text|wording",
    "before": r"before|preceding|ahead\s+of|in\s+front\s+of",
    "after": r"after|following\s+the\s+words?|follow",
    "between": r"between",
    "and": r"and",
}
CUE = re.compile(
    "|".join(rf"(?P<{name}>\b(?:{words})\b)" for name, words in CUES.items()), re.IGNORECASE
)

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "last": -1,
}  # fmt: skip
_ORD = (
    r"(?P<nth>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|"
    r"\d+(?:st|nd|rd|th))"
)
COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

# Which occurrence: "the second occurrence of", "where it appears for the second time".
OCCURRENCE = re.compile(
    rf",?\s*(?:(?:in\s+)?the\s+{_ORD}\s+(?:occurrence|instance|time|place)(?:\s+(?:where\s+)?"
    rf"(?:it|they)\s+(?:appears?|occurs?))?(?:\s+of)?"
    rf"|where(?:ver)?\s+(?:it|they|this|these)\s+(?:first\s+)?(?:appears?|occurs?)\s+for\s+the\s+"
    rf"{_ORD.replace('nth', 'nth2')}\s+time"
    r"|where\s+(?:it|they)\s+(?P<nth3>first)\s+(?:appears?|occurs?)"
    rf"|the\s+{_ORD.replace('nth', 'nth4')}\s+(?=«))",
    re.IGNORECASE,
)
EVERY = re.compile(
    r",?\s*\(?(?:wherever|each\s+time|every\s+time|whenever|where)\s+(?:it|they|this\s+\w+|"
    r"these\s+\w+|the\s+words?\s+\S+)\s+(?:appears?|occurs?)\)?"
    r"|,?\s*\(?wherever\s+(?:occurring|it\s+occurs|they\s+occur)\)?"
    r"|,?\s*throughout(?:\s+the\s+(?:text|key\s+area|activity|element))?"
    r"|,?\s*in\s+(?:both|all)\s+places|,?\s*(?:in\s+)?(?:all|each|every)\s+"
    r"(?:occurrences?|instances?|places?)(?:\s+of)?",
    re.IGNORECASE,
)
SENTENCE = re.compile(rf",?\s*in\s+the\s+{_ORD}\s+sentence", re.IGNORECASE)
EDGE = re.compile(
    r"\b(?:at|to)\s+the\s+(?P<edge>end|beginning|start)\b(?:\s+of\s+(?:the\s+)?"
    r"(?:text|sentence|key\s+area|activity|element|it|wording|present\s+text))?|"
    r"\bat\s+(?:the\s+)?(?P<edge2>end|beginning|start)\b",
    re.IGNORECASE,
)


def ordinal(word: str) -> int:
    """ "second" -> 2, "3rd" -> 3, "last" -> -1."""
    w = word.lower()
    if w in ORDINALS:
        return ORDINALS[w]
    return int(re.sub(r"\D", "", w))
