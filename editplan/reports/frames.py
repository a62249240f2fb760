"""What an amending sentence says beside its change, taken out before the grammar reads it:
its frame ("is hereby amended as follows—"), who moves or proposes it ("Ms. Balser moves to
amend ...", "I beg to move Amendment No. 1", "It has been suggested by Egypt that ...", "(am. 1,
Teufel + 2)", a trailing "(Lebanon)"), the amendment's own number ("No. 18,", "Amendments
made: No. 90,"), why ("on the ground that ...", ", which duplicates X"), and where the words
stand in the printed document ("On page 4,", "in page 2, line 30,", "1st line,").

Who and why go to the amendment's note. A page names where the element is printed, which the
element's reference already says. A line says where the quoted words are; it is dropped only
when the item quotes words that locate the change, and an operation that no quoted words
locate (a whole new wording, words at the start or end) stays an instruction when a line is
named (``Beside.lines``). A report's narrative around the change (who decided it, what became
of a proposal) is read by ``narrative``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from editplan.reports import narrative
from editplan.reports.roles import Q as Q_SLOT
from editplan.reports.roles import verbs

_FRAME = re.compile(
    r"\b(?:is|are|shall\s+be|be)\s+(?:(?:hereby|further)\s+){0,2}amended\b(?!\s+as\s+«)"
    r"(?:\s+in\s+(?:its|their)\s+entirety)?(?:\s+as\s+follows)?(?:\s*[—–:-]+)?"
    r"(?:\s*by\s*[—–:-]+\s*(?:\(\s*\w{1,4}\s*\)\s*)?(?=\w+ing\b))?"
    r"|^\s*amend\s*,?\s*as\s+follows\s*[—–:-]*"
    r"|\b(?:is|are|shall\s+be|be)\s+(?:hereby\s+)?re-?enacted\b(?:\s+to\b)?",
    re.IGNORECASE,
)
_MOVER = re.compile(
    r"^\s*(?:(?:Mr|Ms|Mrs|Dr|Sir|Madam|Hon)\.?\s+)?(?P<who>(?:[A-Z][\w'’-]*\s+){0,3}"
    r"(?:\([^()]*\)\s+|(?:of|on|for)\s+[A-Z][\w'’-]*\s+)?)(?:moves?|moved|proposes?|proposed|suggests?|"
    r"suggested|recommends?|recommended)\s+"
    r"(?:that\s+|to\s+(?=amend\b|insert|delete|strike|add|replace|substitute|omit|leave))",
)
_SUGGESTED = re.compile(
    r"^\s*it\s+(?:has\s+been|was|is|had\s+been)\s+(?:suggested|proposed|recommended|moved)"
    r"(?:\s+by\s+(?P<who>[^,«]+?))?\s+that\s+",
    re.IGNORECASE,
)
# "Please replace", "We propose to delete", "It is suggested to add", "Suggest adding": a
# request's frame around the change.
_PROPOSING = re.compile(
    r"^\s*(?:(?:please|kindly)\s+)?(?:(?:(?:we|i)\s+(?:would\s+)?(?:(?:like|wish)\s+to\s+)?|it\s+is\s+)"
    r"(?:propose[sd]?|suggest(?:s|ed)?|recommend(?:s|ed)?|request(?:s|ed)?)\s+(?:to\s+|that\s+)?"
    r"|(?:propose|suggest|recommend)\s+(?:to\s+|that\s+|(?=\w+ing\b)))?"
    r"(?:(?:please|kindly)\s+)?",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"^\s*(?:amendments?\s+(?:made|agreed(?:\s+to)?|proposed|moved)\s*[:—–-]+\s*)?"
    r"(?:I\s+beg\s+to\s+move\b\s*,?\s*(?:that\s+)?)?"
    r"(?P<no>(?:(?:amendment|motion)\s+(?:no\.?\s*|number\s+)?|(?:no\.?|number|#)\s*)\d+[A-Z]?\b)?"
    r"(?:\s*\[[A-Z][\w.–—-]{0,12}\])?"  # the amendment's code: "Amendment No 4 [AG–1]"
    r"\s*[,.:;—–-]*\s*",
    re.IGNORECASE,
)
_BEG = re.compile(r"^\s*I\s+beg\s+to\s+move\b", re.IGNORECASE)
# A list number before the sentence ("2. Add after ..."): the report's numbering, not a word.
# So is an item number in square brackets ("[1] Omit ...", New South Wales' schedules).
_LIST = re.compile(
    r"^\s*(?:\d{1,2}\.\s+|\[\s*\d{1,3}[A-Za-z]?\s*\]\s*|\(\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})\s*\)\s*"
    r"|item\s+\d{1,3}(?:\.\d{1,3})*\s+|section\s+\d{1,3}[A-Z]?\.\s+)(?=\S)",
    re.IGNORECASE,
)
# Movers named after the amendment, as marshalled lists print them ("... Mr A B Mr C D"), and an
# office in square brackets at the end ("[Chairperson, Committee on Procedures]").
_NAMES = re.compile(
    r"(?:\s+(?:Mr|Ms|Mrs|Miss|Dr|Sir|Lord|Lady|Baroness|Hon)\.?(?:\s+[A-Z][\w'’.-]*){1,3})+\s*[.;]?\s*$"
)
_OFFICE = re.compile(
    r"\s*\[(?P<who>[A-Z][\w'’.-]*(?:[ ,]+(?:[A-Z][\w'’.-]*|of|and|the|on|for|in))*)\]\s*[.;]?\s*$"
)
# Who made a change already made: "... by section 3 of the revision decision".
_AUTHORITY = re.compile(
    r",?\s+by\s+(?:section|article|paragraph|clause|regulation|rule|item)\s+\S+[^«]*$"
    r"|,?\s+by\s+(?:the\s+)?(?:[A-Za-z'’-]+\s+){0,5}(?:decision|Act|Order|Decree|Resolution|"
    r"Regulations|Law|Ordinance)\b[^«]*$"
)
_WHERE_USED = re.compile(
    r"^where\s+(?P<lead>(?:the\s+words?\s+)?«\d+»)\s+(?:is|are)\s+used(?:\s+or\s+appears?)?\s*,?\s*"
    r"(?:it|they)\s+shall\s+be\s+replaced\s+(?:by|with)\s+(?P<new>(?:the\s+words?\s+)?«\d+»)\s*[.;]?$",
    re.IGNORECASE,
)
# Who is addressed ("Mr Speaker,"), a connective ("hence"), a remark before the change ("It is
# noted that ... ."), the document named before the element ("In the Plan,"), an aside that says
# the same in other words ("(i.e. the activity on ...)"): none is part of the change.
_ADDRESS = re.compile(
    r"^\s*(?:(?:Mr|Mister|Madam|Madame|Mrs|Ms)\.?\s+)?(?:Deputy\s+)?(?:Speaker|President|"
    r"Chair(?:man|person|woman)?|Presiding\s+Officer|Co-?Chairs?)\s*,\s*"
    r"|^\s*(?:hence|therefore|thus|accordingly|consequently)\s*,?\s+"
    r"|^\s*(?:motion\s*[—–-]\s*[^:«]*?\s+)?proposed\s*:\s*"
    r"|^\s*the\s+(?:draft\s+)?(?:action\s+)?plan\s+(?=(?:is|shall\s+be)\s+(?:hereby\s+)?amended\b)"
    r"|^\s*(?:it\s+is\s+noted\s+that|noting\s+that|note\s*:)[^.«]*\.\s+(?=\S)"
    r"|^\s*(?:be\s+it\s+)?resolved\s*,?\s*(?:that\s*,?\s*)?(?=the\s)"
    r"|^\s*amends?\s*,?\s+to\s+(?=(?:add|insert|delete|remove|replace|substitute|strike|include)\b)"
    r"|^\s*the\s+(?:[A-Z][\w-]*\s+){0,3}(?:board|commission|committee|council|group|assembly|"
    r"conference|meeting|bureau|plenary|working\s+group|sub-?committee|convention|synod)\s+"
    r"(?=(?:hereby\s+)?(?:amends?|deletes|replaces|inserts|adds|substitutes|revises|rephrases)\b)"
    r"|^\s*in\s+the\s+(?:draft\s+)?(?:(?:capacity-building\s+)?action\s+)?(?:plan|text|document|"
    r"annex|draft)\s*,\s*",
    re.IGNORECASE,
)
_ASIDE = re.compile(r"\s*\((?:i\.\s*e\.|e\.\s*g\.|that\s+is|namely)[^()«]*\)", re.IGNORECASE)
# The ITU's symbols before a proposal's number ("MOD EUR/9A20/1"): what they stand for.
_SYMBOL = re.compile(
    r"^\s*\(?(?P<sym>MOD|ADD|SUP|NOC)\)?\s+(?P<no>[A-Z]{2,6}(?:/[\w.-]+){1,3})?\s*"
)
_SYMBOLS = {"MOD": "should read:", "ADD": "add", "SUP": "delete", "NOC": ""}
_CREDIT = re.compile(
    r"\s*\((?:am(?:dt)?s?\.?|amendments?|proposed\s+by|submitted\s+by|moved\s+by)\s*[^()]*\)\s*$",
    re.IGNORECASE,
)
# A proposer's name (or names) in parentheses at the end: "(Lebanon)", "(Egypt and Peru)";
# not a number, a roman numeral or a single letter.
_PROPOSER = re.compile(
    r"\s*\((?!(?:[IVXLC]+|[A-Z])\))(?P<who>[A-Z][\w'’.-]*(?:(?:\s*,\s*|\s+and\s+|\s+&\s+|\s+)"
    r"[A-Za-z][\w'’.-]*){0,6})\)\s*[.;]?\s*$"
)
_WHY = re.compile(
    r",\s*(?:which|regarded\s+as|considered\s+(?:as\s+)?|as\s+(?:it|they|this|these|that|such)|since|"
    r"because|given\s+that)\b"
    r"(?P<why>[^«]*)$",
    re.IGNORECASE,
)
# A reason that says it is one, whatever verbs it holds.
_GROUNDS = re.compile(
    r",?\s*\b(?:on\s+the\s+grounds?\s+that|for\s+the\s+reason\s+that)\b(?P<why>[^«]*)$",
    re.IGNORECASE,
)
# "and renumber the remaining activities accordingly": numbers follow from positions.
_RENUMBER = re.compile(
    r",?\s*\(?\s*(?:and\s+)?renumber(?:ing)?\s+(?:the\s+)?(?:remaining|subsequent|following|"
    r"other|later)\s+(?:key\s+areas|activities|items|paragraphs|elements)(?:\s+accordingly)?\s*\)?"
    r"|,?\s*\(?\s*and\s+renumber(?:ing)?(?:\s+accordingly)?\s*\)?(?=\s*(?:[:;.,]|«|$))",
    re.IGNORECASE,
)
# Why, said as a label after the change ("Rationale: ...", "Reason: ...") or as a purpose
# ("for consistency with Goal A.1", ", to align with ...").
_RATIONALE = re.compile(
    r"(?:(?:^|[.;]\s+|\s+[—–-]\s+)(?i:rationale|reasons?|reasoning|justification|explanation|grounds)"
    r"|\s(?:Rationale|Reasons?|Reasoning|Justification|Explanation|Grounds))\s*[:—–-].*$",
)
_PURPOSE = re.compile(
    r",?\s*\b(?:for\s+(?:the\s+sake\s+of\s+|reasons\s+of\s+)?(?:consistency|clarity|accuracy|coherence|"
    r"precision|brevity|simplicity|readability|completeness|correctness|legal\s+certainty)"
    r"(?:\s+(?:with|and)\s+[^«]*)?|(?:in\s+order\s+)?to\s+(?:align|be\s+consistent|ensure\s+"
    r"(?:consistency|coherence|clarity)|harmoni[sz]e|clarify|reflect|avoid)\b[^«]*)\s*[.;]?\s*$",
    re.IGNORECASE,
)
# What kind of change, or which language versions it concerns: "(editorial)", "[technical]",
# "Editorial:", "(English only)", "(does not concern the English version)".
_LANGUAGE = (
    r"(?:english|french|spanish|russian|arabic|chinese|german|italian|portuguese|dutch)"
)
_KIND_LABEL = (
    r"(?:editorial|technical|typographical|substantive|consequential|drafting|linguistic|"
    r"translation|language|minor)(?:\s+(?:change|correction|amendment|comment|point))?"
)
_LABEL = re.compile(
    rf"\s*[\[(]\s*(?:{_KIND_LABEL}|(?:concerns\s+)?(?:only\s+)?(?:the\s+)?{_LANGUAGE}"
    rf"(?:(?:\s*,\s*|\s+and\s+){_LANGUAGE})*(?:\s+(?:version|text|versions|texts))?(?:\s+only)?|"
    rf"does\s+not\s+(?:concern|affect|apply\s+to)\s+(?:the\s+)?{_LANGUAGE}(?:\s+(?:version|text))?)"
    r"\s*[\])]\s*[.;:]?"
    rf"|^\s*{_KIND_LABEL}\s*[:—–-]+\s*",
    re.IGNORECASE,
)
_ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\d+(?:st|nd|rd|th))"
)
_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand)"
)
_N = rf"(?:\d+|{_WORD}(?:[\s-]+(?:and\s+)?{_WORD})*)"  # "line 135", "line one hundred thirty-five"
_LINES = rf"lines?\s+{_N}(?:\s*(?:to|through|-|–|and)\s*{_N})?"
_PAGE = re.compile(
    rf"(?:(?<=^)|(?<=[\s,;:(]))(?:(?:on|in|at)\s+)?(?:the\s+)?pages?\s+(?:\d+[a-z]?|{_N})"
    rf"(?:\s*(?:to|through|-|–|and)\s*{_N})?"
    rf"(?:\s*,\s*(?:(?:in|from|on|at)\s+)?(?:{_LINES}|(?:the\s+)?{_ORDINAL}\s+line))?"
    r"\s*[,:;—–-]*\s*",
    re.IGNORECASE,
)
# "in passage on emission targets", "in the sentence about ...": where, in the report's words.
_PASSAGE = re.compile(
    r"\s*\bin\s+(?:the\s+)?(?:passage|sentence|part|phrase)\s+(?:on|about|concerning|dealing\s+with)"
    r"\s+[^«,;.]*$",
    re.IGNORECASE,
)
# "by deleting lines 5 through 9 and inserting ...": the lines are what goes, not a locator
_OBJECT = re.compile(
    r"\b(?:delet|strik|struck|omit|remov|replac|substitut|leav\w*\s+out|repeal)\w*\s+$",
    re.IGNORECASE,
)
_LINE = re.compile(
    rf"(?:\b(?:in|on|at|from|after|before|following|(?:beginning|starting)\s+(?:on|at))\s+)?(?:\bthe\s+)?\b(?:{_ORDINAL}\s+line|{_LINES})(?:\s+of\b)?"
    r"\s*[,:;—–-]*\s*",
    re.IGNORECASE,
)


# The document amended, named beside the change: "Amend the draft plan, as and if amended,",
# "On page 2, line 1, of the printed draft,", "amends key area (2) of Goal B.1 the Draft Action
# Plan as follows" (a word left out of the original).
_DOCUMENT = re.compile(
    r",?\s*\b(?:(?:of|in|to|from)\s+)?(?:the|said)\s+(?:printed\s+(?:draft|bill|text)|(?:printed\s+)?draft\s+"
    r"(?:capacity-building\s+)?(?:action\s+)?plan)\b(?:\s*,?\s*as\s+and\s+if\s+amended)?\s*,?",
    re.IGNORECASE,
)


# "add the text shown below": where the wording is, not a word of the change
_BELOW = re.compile(r"\s+(?:shown|set\s+out|given|reproduced)\s+below\b", re.IGNORECASE)
# Why, before the wording it explains: "adopt the following text to avoid confusion between
# the words “X” and “Y”: “...”" (the words it cites are not the change's).
_PURPOSE_BEFORE = re.compile(
    r",?\s*\b(?:in\s+order\s+)?to\s+(?:avoid|clarify|align|reflect|ensure|remove)\b[^:]*?"
    r"(?=\s*:\s*«\d+»\s*[.;]?\s*$)",
    re.IGNORECASE,
)


# What a change is for, before the wording that makes it: "is amended to provide that funding is
# accessed in time and shall read as follows: “...”" (the wording decides; the purpose is noted).
_AMENDED_TO = re.compile(
    r"\b(?:is|are)\s+(?:hereby\s+)?amended\s+(?P<why>to\s+(?!read\b)[^«:;]*?)\s*,?\s+and\s+"
    r"(?=(?:shall|should|is\s+to|will)\s+(?:now\s+)?read\b[^«]*«\d+»\s*[.;]?\s*$)",
    re.IGNORECASE,
)


@dataclass
class Beside:
    """A predicate without what it says beside the change, and those things."""

    text: str
    said: list[str] = field(default_factory=list)  # for the amendment's note
    lines: bool = False  # a line of the printed page was named beside quoted words
    refusal: str | None = None  # why the item is an instruction whatever its words ("NOC")


def frame(text: str) -> str:
    """The predicate without the frame of an amending sentence ("is hereby amended by",
    "is amended as follows:"), which says nothing about the operation."""
    text = re.sub(r"\bought\s+to\b", "should", text, flags=re.IGNORECASE)
    text = re.sub(r"\bamend\s+and\s+(?:complete|supplement)\b", "amend", text, flags=re.IGNORECASE)
    # "Amend X as follows: “...”", "The Board amends X as follows: ...": the wording is all
    # that follows, so the element is to read so (not a frame before sub-items)
    text = re.sub(r"^\s*amends?\s*,?\s+as\s+follows\s*[:—–-]*\s*(?=«\d+»\s*[.;]?\s*$)",
                  "to read ", text, flags=re.IGNORECASE)
    # "To amend the current make-up of Goal A.10 within the plan, by deleting ...": a motion's
    # frame around the gerunds that say the change
    text = re.sub(r"^\s*(?:to\s+)?amend\s+(?:the\s+)?(?:current\s+|present\s+)?(?:make-?up|"
                  r"composition|structure|text|wording)?[^«:;,]*?,?\s*\bby\s+(?=\w+ing\b)", "",
                  text, flags=re.IGNORECASE)  # fmt: skip
    # "Goal B.4, activity (iii) shall be as follows: “...”": what the element is to be
    text = re.sub(r"^\s*(?:shall|should|is\s+to|are\s+to)\s+be\s+as\s+follows\s*[:—–-]*\s*"
                  r"(?=«\d+»\s*[.;]?\s*$)", "to read ", text, flags=re.IGNORECASE)
    return " ".join(_FRAME.sub(" ", text).split())


def beside(text: str, quoted: bool) -> Beside:
    """The predicate without its mover, number, proposer, reason and locators, each said in
    words for the note; ``quoted``: whether the item quotes words (a line is a locator only
    then: "deleting lines 1 to 2" is the change itself)."""
    out = Beside(" ".join(_BELOW.sub("", _DOCUMENT.sub(" ", text)).split()))
    if m := _AMENDED_TO.search(out.text):
        out.said.append(f"The report says: amended {m['why'].strip(' ,')}.")
        out.text = out.text[: m.start()] + " " + out.text[m.end() :]
    if m := _PURPOSE_BEFORE.search(out.text):
        out.said.append(f"The report says: {m.group(0).strip(' ,')}.")
        out.text = out.text[: m.start()] + out.text[m.end() :]
    _symbol(out)
    narrative.fate(out)
    _labelled(out)
    _numbered(out)
    _moved(out)
    _asides(out)
    _renumbered(out)
    _located(out, quoted)
    return out


# What an element is about, in parentheses after its name ("In Goal B.2, activity (i)
# (financial resources), delegates ..."): the report's own label, not a word of the change.
_TOPIC = re.compile(r"^\s*\((?![ivxlc]+\)|[a-z]\)|\d+\))[^()«]{3,60}\)\s*,?\s*")
# "Omit the following activity as no longer needed:": why, in the middle of the change.
_LONGER = re.compile(
    r"\s+as\s+(?:being\s+)?(?:no\s+longer|not)\s+(?:needed|required|relevant|necessary|in\s+use|"
    r"used|acted\s+on)\b",
    re.IGNORECASE,
)


def _numbered(out: Beside) -> None:
    if m := _TOPIC.match(out.text):
        out.said.append(f"The report calls it: {m.group(0).strip(' ,')[1:-1]}.")
        out.text = out.text[m.end() :]
    if m := _LONGER.search(out.text):
        out.said.append(f"The report says: {m.group(0).strip()}.")
        out.text = out.text[: m.start()] + out.text[m.end() :]
    out.text = out.text.lstrip(" ,;:—–-")
    while (m := _ADDRESS.match(out.text) or _LIST.match(out.text)) is not None and m.end():
        if m.group(0).strip().lower().startswith(("it is noted", "noting", "note")):
            out.said.append(f"The report says: {m.group(0).strip()}")
        out.text = out.text[m.end() :].lstrip(" ,;:")
    for aside in reversed(list(_ASIDE.finditer(out.text))):
        out.said.append(f"The report says: {aside.group(0).strip()[1:-1]}.")
        out.text = out.text[: aside.start()] + out.text[aside.end() :]
    m = _NUMBER.match(out.text)
    if m is None or not (m["no"] or _BEG.match(out.text)) or m.end() == 0:
        return
    if m["no"]:
        number = " ".join(m["no"].split())
        out.said.append(f"{number[0].upper()}{number[1:]}.")
    out.text = out.text[m.end() :]


def _symbol(out: Beside) -> None:
    m = _SYMBOL.match(out.text)
    if m is None:
        return
    out.said.append(f"Proposal {m['no'] + ' ' if m['no'] else ''}({m['sym']}).")
    if m["sym"] == "NOC":
        out.refusal = "the report proposes no change to the element (NOC)"
    out.text = f"{_SYMBOLS[m['sym']]} {out.text[m.end() :]}".strip()


def _labelled(out: Beside) -> None:
    for m in reversed(list(_LABEL.finditer(out.text))):
        out.said.append(f"The report marks it: {m.group(0).strip(' :—–-[]().;')}.")
        out.text = out.text[: m.start()] + " " + out.text[m.end() :]
    out.text = " ".join(out.text.split())


def _moved(out: Beside) -> None:
    if narrative.decided(out):
        return
    if m := _SUGGESTED.match(out.text):
        if m["who"]:
            out.said.append(f"Proposed by: {m['who'].strip()}.")
        out.text = out.text[m.end() :]
        return
    m = _MOVER.match(out.text)
    if m is None:
        if (m := _PROPOSING.match(out.text)) and m.end():
            out.text = out.text[m.end() :]
        return
    who = " ".join(m["who"].split())
    if who and who.lower() not in ("i", "we"):
        out.said.append(f"Moved by: {who}.")
    rest = out.text[m.end() :]
    rest = re.sub(r"^amend\s+(?:the\s+(?:draft\s+)?(?:action\s+)?(?:plan|bill|text|draft)\s*,?\s*)?"
                  r"(?=by\b|on\b|in\b|at\b|,|$)", "", rest, flags=re.IGNORECASE)  # fmt: skip
    out.text = rest


# "... and replacement of X by Y in the same key area": the element the item already names
_SAME = re.compile(
    r",?\s*\b(?:in|of|to)\s+the\s+same\s+(?:key\s+area|activity|element|goal|text)\b",
    re.IGNORECASE,
)


def _asides(out: Beside) -> None:
    text = _SAME.sub("", out.text).rstrip()
    if m := _WHERE_USED.match(text.strip()):
        text = f"{m['lead']} shall be replaced by {m['new']} wherever it appears"
    if m := _NAMES.search(text):
        out.said.append(f"Moved by: {m.group(0).strip(' .;')}.")
        text = text[: m.start()]
    elif m := _OFFICE.search(text):
        out.said.append(f"Proposed by: {m['who']}.")
        text = text[: m.start()]
    if ((m := _AUTHORITY.search(text)) and Q_SLOT.search(text[: m.start()])) or (
        m is not None and re.search(r"\b(?:was|were|has\s+been|have\s+been)\b", text[: m.start()])
    ):
        out.said.append(f"The report says it was made {m.group(0).strip(' ,.')}.")
        text = text[: m.start()]
    if m := _RATIONALE.search(text):
        out.said.append(f"The report says: {m.group(0).strip(' .;—–-')}.")
        text = text[: m.start()]
    if m := _CREDIT.search(text):
        out.said.append(f"Proposed by: {m.group(0).strip()[1:-1].strip()}.")
        text = text[: m.start()]
    elif m := _PROPOSER.search(text):
        out.said.append(f"Proposed by: {m['who']}.")
        text = text[: m.start()]
    if (
        (m := _GROUNDS.search(text))
        or (m := _PURPOSE.search(text))
        or ((m := _WHY.search(text)) and not verbs(m["why"]))
    ):
        out.said.append(f"The report says: {m.group(0).strip(' ,')}.")
        text = text[: m.start()]
    out.text = text


def _renumbered(out: Beside) -> None:
    if m := _RENUMBER.search(out.text):
        out.said.append("The report asks for renumbering, which follows from the positions.")
        out.text = (out.text[: m.start()] + " " + out.text[m.end() :]).strip()


def _located(out: Beside, quoted: bool) -> None:
    text = out.text
    if m := _PAGE.search(text):
        out.said.append(f"The report locates it: {m.group(0).strip(' ,:;—–-')}.")
        text = text[: m.start()] + " " + text[m.end() :]
        if re.search(r"\bline", m.group(0), re.IGNORECASE):
            out.lines = True
    if quoted and (m := _PASSAGE.search(text)):
        out.said.append(f"The report locates the words: {m.group(0).strip()}.")
        text = text[: m.start()]
    at = 0
    while quoted and (m := _LINE.search(text, at)):  # every line named beside quoted words
        if _OBJECT.search(text[: m.start()]):
            at = m.end()
            continue
        out.said.append(f"The report locates the words: {m.group(0).strip(' ,:;—–-')}.")
        text = text[: m.start()] + " " + text[m.end() :]
        at = m.start()
        out.lines = True
    if not quoted and out.lines:
        out.lines = False
    out.text = " ".join(text.split()).strip(" ,;:")
