"""Items laid out beyond a sentence.

- Two parts, the current text and the text as it should be: errata ("it says: ... It should
  say: ..."), corrigenda ("for: ‘...’, read: ‘...’"), the European Parliament's two columns
  ("Text proposed by the Commission ...
  Amendment ..."), change requests ("Current text: ... Proposed text: ..."). The plan decides
  what they are (``evidence.revise``): the whole text, a passage, or not the element's text.
- A new element in the two columns: "activity (iv a) (new)" with no current text.
- New wording with the changes marked by formatting in a .docx report: struck-through words
  are old, underlined (or, beside struck words, bold) words are new.
- Square-bracketed alternatives or unagreed words of a negotiating text: always an
  instruction, never a pick.
- A table of amendments, one per row (element | amendment, or element | current | proposed):
  each row is read as an item of its own, and the item is read whole or not at all.
"""

from __future__ import annotations

import re

from editplan.core.model import Kind
from editplan.reports import lexicon as lx
from editplan.reports.grammar import Q, Reading, Words, instruction
from editplan.reports.positions import own_number
from editplan.reports.targets import Ref
from editplan.reports.text import INSERTED, INSERTED_END, MARKS, STRUCK, STRUCK_END

# "It says: ...", "Where it says ...", "The draft initially read thus: ..." (a word of the lead
# may be quoted: the “final” draft)
_SAYS = (
    r"(?:where\s+)?(?:the\s+(?:«\d+»\s+)?(?:draft|text|version|wording)\s+)?(?:it|the\s+text)?\s*"
    r"(?:currently\s+|now\s+|presently\s+|initially\s+|originally\s+|previously\s+|formerly\s+)?"
    r"(?:says|reads|states|read|said|stated)(?:\s+thus|\s+as\s+follows)?"
)
_SHOULD = (
    r"(?:(?:the\s+)?(?:new\s+)?(?:version|text|wording|draft)\s+)?(?:it\s+)?(?:should|shall|must|"
    r"is\s+to|ought\s+to|will|would)\s+(?:instead\s+|now\s+)?(?:say|read|be|state)"
)
_PROPOSED = r"text\s+proposed\s+by\s+the\s+\w+|motion\s+for\s+a\s+resolution|draft\s+\w+"
# The current text's label; a short one ("Old:", "From:", "Is:") only with its colon.
_CURRENT = (
    r"(?:current|present|existing|original|old)(?:\s+(?:text|wording|version))?"
    r"|(?:before|from|is|text)(?=\s*:)"
)
_NEW = (
    r"(?:proposed|new|amended|revised|corrected|suggested)(?:\s+(?:text|wording|version|change))?"
    r"|amendment|(?:after|to|should\s+be|should\s+read)(?=\s*:)"
)
# The new wording alone under its label: "Proposed text: “...”", "New wording: “...”".
_NEW_ONLY = re.compile(
    r"^(?:(?:the\s+following\s+)?(?:proposed|new|amended|revised|suggested|corrected)\s+|the\s+following\s+)"
    r"(?:text|wording|version)\s*:?\s*"
    r"«(?P<new>\d+)»$",
    re.I,
)
_PAIRS = [
    re.compile(
        rf"^{_SAYS}\s*:?\s*«(?P<old>\d+)»\s*[.,;]?\s*{_SHOULD}\s*:?\s*«(?P<new>\d+)»$", re.I
    ),
    # corrigenda: "for: ‘X’, read: ‘Y’" (the EU's "for: ... read: ...", the UN's "For X read Y")
    re.compile(r"^for\s*:?\s*«(?P<old>\d+)»\s*[.,;]?\s*read\s*:?\s*«(?P<new>\d+)»$", re.I),
    re.compile(
        rf"^(?:{_PROPOSED}|{_CURRENT})\s*:?\s*(?:«(?P<old>\d+)»)?\s*[.,;]?\s*(?:{_NEW})\s*:?\s*"
        rf"(?:«(?P<new>\d+)»|(?P<deleted>deleted))$",
        re.I,
    ),
]
_NEW_ELEMENT = re.compile(
    r"\b(?P<kind>key\s+area|activity)\s*\(\s*(?P<num>[0-9]+|[ivxlc]+)(?![ivxlc])\s*(?:\)\s*\(\s*)?"
    r"(?P<suffix>[a-z])\s*\)(?:\s*\(\s*new\s*\))?",
    re.IGNORECASE,
)


def new_element(text: str) -> tuple[str, tuple[str, str] | None]:
    """ "activity (iv a) (new)" -> the text without it, and ("activity", "iv"): a new element
    that goes after that one."""
    m = _NEW_ELEMENT.search(text)
    if m is None:
        return text, None
    kind = "activity" if m["kind"].lower().startswith("activ") else "key area"
    return text[: m.start()] + text[m.end() :], (kind, m["num"])


def bracketed(words: Words) -> str | None:
    """Why the item is an instruction if its words or new wording hold square brackets."""
    outside = Q.sub("", words.text)
    if any(lx.BRACKETS.search(q) for q in words.quotes) or lx.BRACKETS.search(outside):
        return ("the item holds square-bracketed text (alternatives or words not agreed); a "
                "person chooses, never the reader")  # fmt: skip
    return None


def two_parts(words: Words, ref: Ref, new_at: tuple[str, str] | None) -> list[Reading] | None:
    """The reading of a current / proposed pair, or None if the item is not laid out so."""
    text = " ".join(words.text.split()).strip(" .;,")
    if (alone := _NEW_ONLY.match(text)) and new_at is None:
        new = words.quote(int(alone["new"]))
        return [Reading({"op": "_revise", "old": "", "new": new}, "new wording under its label",
                        roles=[f"“{new}”: the proposed text, with no current text"])]  # fmt: skip
    for pattern in _PAIRS:
        m = pattern.match(text)
        if m is None:
            continue
        new = "" if m["new"] is None else words.quote(int(m["new"]))
        if m["old"] is None or not words.quote(int(m["old"])):
            if new_at is None or not new:
                return [instruction("a proposed text with no current text and no new element "
                                    "to add", "two parts")]  # fmt: skip
            kind, number = new_at
            sibling = ref.sibling(_KINDS[kind], number)
            fields = {"op": "add", "kind": kind.replace(" ", "_"), "text": new,
                      "position": "after", "sibling": sibling}  # fmt: skip
            return [Reading(fields, f"two parts: a new {kind} after ({number})",
                            roles=[f"“{new}”: the new {kind} (no current text)"])]  # fmt: skip
        old = words.quote(int(m["old"]))
        return [Reading({"op": "_revise", "old": old, "new": new}, "two parts: current text, "
                        "proposed text", roles=[f"“{old}”: the current text",
                                                f"“{new}”: the proposed text"])]  # fmt: skip
    return None


_NTH = r"(?P<nth>first|second|third|fourth|fifth|last|final|\d+(?:st|nd|rd|th))"
_SENTENCE = re.compile(
    r"^(?P<verb>replac\w*|substitut\w*|delet\w*|omit\w*|strik\w*(?:\s+out)?|leave\s+out)\s+the\s+"
    rf"{_NTH}\s+sentence"
    r"(?:\s+(?:by|with)\s+(?:the\s+following(?:\s+(?:text|wording|sentence))?\s*:?\s*)?"
    r"«(?P<new>\d+)»)?$",
    re.IGNORECASE,
)


_PASSIVE = re.compile(
    rf"^the\s+{_NTH}\s+sentence\s+"
    r"(?:is|are|shall\s+be|should\s+be|be|to\s+be)\s+(?:hereby\s+)?(?P<verb>replac|delet|omitt?)ed"
    r"(?P<rest>(?:\s+(?:by|with)\s+.*)?)$",
    re.IGNORECASE,
)
# The sentence's new wording said as what it is to read ("amend the first sentence to read as
# follows: ...", "so that the penultimate sentence reads: ...") or as a deletion and a
# replacement of the same sentence ("delete the final sentence and replace with: ...").
_READS = re.compile(
    rf"^(?:amend\s+|so\s+that\s+)?the\s+{_NTH}\s+sentence\s+(?:to\s+read|reads|shall\s+read|"
    r"should\s+read)(?:\s+as\s+follows)?\s*[:—–-]*\s*(?P<rest>«\d+»)$"
    rf"|^(?:delete|omit|strike(?:\s+out)?)\s+the\s+{_NTH.replace('nth', 'nth2')}\s+sentence"
    r"\s+and\s+(?:replace|substitute)(?:\s+(?:it|the\s+same))?\s+(?:with|by)\s*[:—–-]*\s*(?P<rest2>«\d+»)$",
    re.IGNORECASE,
)


def sentence(words: Words) -> list[Reading] | None:
    """ "Replace the first sentence of X by the following: “...”", "delete the last sentence":
    a sentence of the element, found in its text (``evidence.sentence``)."""
    text = " ".join(words.text.split()).strip(" .;,")
    if p := _PASSIVE.match(text):  # "the last sentence is replaced with the following: ..."
        text = f"{p['verb']} the {p['nth']} sentence{p['rest']}"
    elif r := _READS.match(text):
        text = f"replace the {r['nth'] or r['nth2']} sentence by {r['rest'] or r['rest2']}"
    m = _SENTENCE.match(text)
    if m is None:
        return None
    replaces = m["verb"].lower().startswith(("replac", "substitut"))
    if replaces != (m["new"] is not None):
        return [instruction("a sentence replaced needs its new words quoted once", "sentence")]
    new = words.quote(int(m["new"])) if m["new"] is not None else ""
    if lx.ordinal(m["nth"]) == 1 and (own := own_number(new)) is not None and own[2] is None:
        new = own[0]  # "(i) Provide ...": the element's own number before its first sentence
    return [Reading({"op": "_sentence", "nth": lx.ordinal(m["nth"]), "new": new},
                    f"the {m['nth'].lower()} sentence {'replaced' if new else 'deleted'}",
                    roles=[f"the {m['nth'].lower()} sentence: found in the element's text"])]


def new_alone(words: Words, ref: Ref, new_at: tuple[str, str] | None) -> list[Reading] | None:
    """ "Goal A.1, activity (v a). New activity: “...”": a new element numbered after (v), its
    wording quoted and nothing else said but that it is new, added or inserted."""
    if new_at is None or len(words.quotes) != 1:
        return None
    rest = re.sub(r"\b(?:new|activity|key\s+area|element|insert(?:ed)?|add(?:ed)?|to\s+be|"
                  r"the\s+following|as\s+follows|reads?|reading)\b|[\W_]", "",
                  Q.sub("", words.text), flags=re.I)  # fmt: skip
    if rest:
        return None
    kind, number = new_at
    sibling = ref.sibling(_KINDS[kind], number)
    fields = {"op": "add", "kind": kind.replace(" ", "_"), "text": words.quote(0),
              "position": "after", "sibling": sibling}  # fmt: skip
    return [Reading(fields, f"a new {kind} numbered after ({number})",
                    roles=[f"“{words.quote(0)}”: the new {kind}"])]  # fmt: skip


_REST = re.compile(
    r"^(?:leave\s+out|delete|omit|(?:over)?strike(?:\s+out)?|remove)\s+"
    r"(?:all\s+(?:the\s+)?(?:words?\s+|text\s+)?|every\s?thing\s+)"
    r"(?P<side>after|before|following|preceding)\s+(?:the\s+words?\s+)?«(?P<at>\d+)»"
    r"(?:\s*,?\s*and\s+(?:insert|substitute|replace\s+(?:it\s+|them\s+)?with)\s+(?:the\s+following"
    r"(?:\s+words?)?\s*:?\s*)?«(?P<new>\d+)»)?$",
    re.IGNORECASE,
)


# The rest of a sentence after words in it: "After “X” delete remainder of sentence and
# substitute “Y”", "put a period after “X” and delete the rest of the sentence" (the sentence
# must end the element: ``checks``).
_GO = (r"(?:delete|omit|strike(?:\s+out)?|leave\s+out)\s+(?:the\s+)?(?:remainder|rest)\s+of\s+"
       r"(?:the\s+)?sentence")
_SENTENCE_REST = re.compile(
    rf"^(?:at\s+the\s+end(?:\s+of)?\s*,?\s*)?(?:(?:after|following)\s+(?:the\s+words?\s+)?«(?P<at>\d+)»"
    rf"\s*,?\s*{_GO}(?:\s*,?\s*and\s+(?:substitute|insert|replace\s+(?:it\s+)?with)\s+"
    rf"«(?P<new>\d+)»)?|put\s+a\s+(?P<stop>period|full\s+stop)\s+after\s+«(?P<at2>\d+)»\s*,?\s*"
    rf"and\s+{_GO})$",
    re.IGNORECASE,
)


def rest_of(words: Words) -> list[Reading] | None:
    """ "Leave out all the words after “X” and insert “Y”": the words after (or before) X in the
    element, found in its text (``evidence.rest``)."""
    text = " ".join(words.text.split()).strip(" .;,")
    if r := _SENTENCE_REST.match(text):
        at = words.quote(int(r["at"] or r["at2"]))
        new = "." if r["stop"] else words.quote(int(r["new"])) if r["new"] is not None else ""
        return [Reading({"op": "_rest", "at": at, "side": "after", "new": new, "sentence": True},
                        f"the rest of the sentence after «{r['at'] or r['at2']}»",
                        roles=[f"“{at}”: where the rest of the sentence begins"])]  # fmt: skip
    m = _REST.match(text)
    if m is None:
        return None
    side = "after" if m["side"].lower() in ("after", "following") else "before"
    new = words.quote(int(m["new"])) if m["new"] is not None else ""
    return [Reading({"op": "_rest", "at": words.quote(int(m["at"])), "side": side, "new": new},
                    f"all the words {side} «{m['at']}»",
                    roles=[f"“{words.quote(int(m['at']))}”: where the words that go begin"])]


_PRECEDED = re.compile(
    r"^following\s+the\s+words?\s+«(?P<at>\d+)»\s*,?\s*by\s+(?:striking(?:\s+out)?|deleting|omitting)\s+"
    r"(?:the\s+words?\s+)?«(?P<old>\d+)»\s*,?\s*and\s+(?:by\s+)?inserting\s+(?:in\s+lieu\s+thereof\s+)?"
    r"(?:the\s+words?\s+)?«(?P<new>\d+)»$",
    re.IGNORECASE,
)


def preceded(words: Words) -> list[Reading] | None:
    """ "following the words “X”, by striking out the words “Y” and inserting in lieu thereof
    the words “Z”": Y, found right after X, replaced by Z (X is part of the passage matched)."""
    m = _PRECEDED.match(" ".join(words.text.split()).strip(" .;,"))
    if m is None:
        return None
    at, old, new = (words.quote(int(m[k])) for k in ("at", "old", "new"))
    return [Reading({"op": "replace", "phrase": f"{at} {old}", "by": f"{at} {new}"},
                    "replace, the words that go located by the words before them",
                    roles=[f"“{at}”: the words right before the words that go",
                           f"“{old}”: the words that go", f"“{new}”: the words that come"])]


def marked(text: str) -> tuple[str, Reading] | None:
    """An item with words marked by formatting: the item's words before the marked wording,
    and the reading of old (unmarked and struck) and new (unmarked and inserted) wording."""
    first = min((text.find(c) for c in MARKS if c in text), default=-1)
    if first < 0:
        return None
    text = _REMAINDER.sub("", text)  # "........... (remainder of section as is)"
    last = max(text.rfind(c) for c in MARKS)
    quote = _enclosing_quote(text, first, last)
    if quote is not None:
        start, end = quote
    elif not re.search(r"[:“”\"«»]", text):
        start, end = 0, len(text)  # the element's wording, marked, under a heading naming it
    else:
        colon = text.rfind(":", 0, first)
        if colon < 0:
            return text, instruction("the marked wording has no colon or quotation marks before "
                                     "it; where it starts is not clear", "marked text")  # fmt: skip
        start, end = colon + 1, len(text)
    region = text[start:end]
    old = _wording(region, keep=STRUCK, drop=INSERTED)
    new = _wording(region, keep=INSERTED, drop=STRUCK)
    lead = text[: start - 1] if quote is not None else text[:start]
    reading = Reading({"op": "_revise", "old": old, "new": new},
                      "marked text: struck through is old, underlined is new",
                      roles=[f"“{old}”: the text as it is (unmarked and struck words)",
                             f"“{new}”: the text as it should be (unmarked and inserted words)"])
    return lead, reading


# The end of an element's wording left out: "........... (remainder of section as is)".
_REMAINDER = re.compile(
    r"\s*(?:\.{3,}|…+)?\s*\(\s*(?:the\s+)?(?:remainder|rest)\s+(?:of\s+(?:the\s+)?[\w\s]{1,20}?\s+)?"
    r"(?:as\s+is|unchanged|as\s+it\s+stands)\s*\)\s*[.;]?\s*$",
    re.IGNORECASE,
)


def _enclosing_quote(text: str, first: int, last: int) -> tuple[int, int] | None:
    for opener, closer in (("“", "”"), ('"', '"'), ("«", "»")):
        start = text.rfind(opener, 0, first)
        end = text.find(closer, last + 1)
        if start >= 0 and end > last and text.count(opener, start + 1, first) == 0:
            return start + 1, end
    return None


def _wording(region: str, *, keep: str, drop: str) -> str:
    ends = {STRUCK: STRUCK_END, INSERTED: INSERTED_END}
    out = re.sub(re.escape(drop) + ".*?" + re.escape(ends[drop]), "", region, flags=re.S)
    out = out.replace(keep, "").replace(ends[keep], "")
    return " ".join(out.split()).strip(" ;.")


_KINDS: dict[str, Kind] = {"activity": "activity", "key area": "key_area"}
_ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")


def table(lines: list[str]) -> tuple[str, list[list[str]] | None, list[list[str]]] | None:
    """The words before a table of amendments, its header (if its first row names columns)
    and its data rows (cells), if the item holds a table (Markdown pipes, or a .docx table read
    as such)."""
    rows = [(k, m["cells"]) for k, line in enumerate(lines) if (m := _ROW.match(line))]
    if len(rows) < 2:
        return None
    intro = " ".join(line.strip() for line in lines[: rows[0][0]])
    cells = [[c.strip() for c in body.split("|")] for k, body in rows if not _RULE.match(lines[k])]
    head: list[str] | None = cells[0]
    if head is not None and any(
        re.search(r"\b(?:goal|amendment|provision|element|text|for|read)\b", c, re.I)
        and not re.search(r"\bgoals?\s+[A-Z]\.\d", c) for c in head
    ):
        cells = cells[1:]
    else:
        head = None
    return intro, head, [row for row in cells if any(row)]
