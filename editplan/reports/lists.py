"""How a paragraph, or a whole report, lists its items when they are not all labelled (a),
(i), (1) or 1.

Bodies lay their changes out in other ways too, and each is read here:

- under headings that name the element, the items below each heading being about it
  ("GOAL A.2, ACTIVITY (ii)" then "1. On page 3, in line 6, ..."; "Goal B.3" then "Add after
  line 12 on page 9 the following new activity: ..."), numbered afresh under each heading
  or not numbered at all;
- each change on its own line, naming its element, after a lead-in that ends in a colon
  ("... with the following additional changes:" then "Goal A.5, key area (2), the following
  words should be added ..."), or anywhere when the line says what to do ("The Committee
  recommends that Goal A.1, activity (ii) be amended to read:");
- the new wording set off on the lines after a colon, without quotation marks ("Replace the
  text of Goal A.3, activity (i) by the following:" then the wording): it is the item's
  quotation, and labels inside it ("(1) ...", "(2) ...") are its words, not items.

Lines that name nothing and say nothing to do (a closing sentence, "Recommendation 2", the
committee's signature) end an item and are no item. A heading above a paragraph that names
a goal is the paragraph's context: the goal of items that name only "key area (1)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from editplan.reports import lexicon as lx
from editplan.reports.targets import find
from editplan.reports.text import clean

_SETOFF = (":", ":-", ":—", "—", ":–")
_ENDS = (".", ";", ":", "!", "?", "”", '"', "’", "'", "]", ")")
_QUOTES = "“”\"«»‘’„「」『』"
_VERBS = tuple(lx.VERB[f] for f in ("delete", "replace", "insert", "rephrase", "split", "merge",
                                   "move"))  # fmt: skip


@dataclass
class Block:
    """An item found by its layout: its first line (0-based), its lines, and the heading or
    lead-in that names its element, if any."""

    line: int
    lines: list[str]
    lead: str | None


# "Amend Goal A.5, activity (ii)" on a line of its own, the changes lettered under it: a heading
# that names the element the items below change (the verb says no more than the items do).
_AMEND_HEADING = re.compile(r"^(?:amend|amendments?\s+to|changes?\s+to)\s+(?=goals?\b)", re.I)


def heading(text: str) -> bool:
    """Whether a line only names an element or a goal ("GOAL A.2, ACTIVITY (ii)", "Goal B.3",
    "Goals A.6, 7 and 8, activities (v) and (vi).")."""
    words = _AMEND_HEADING.sub("", clean(text).strip(" .:;,"))
    if not words or len(words) > 90:
        return False
    ref, rest = find(words)
    return ref is not None and not rest.strip(" .:;,—–-")


def titled(text: str) -> bool:
    """Whether a line names a goal and gives its title, as a heading does ("Goal A.4
    Compliance", "Goal A.3 National reports"): a few words with a capital, no verb of the
    lexicon, no quotation and no stop."""
    words = clean(text).strip(" *_:")
    m = re.match(r"(?i:goals?)\s+[A-Z]\.\d+(?:-\d+)?\s+"
                 r"(?P<title>[A-Z][\w,’'-]*(?:\s+[\w,’'-]+){0,5})$", words)  # fmt: skip
    return m is not None and not amending(m["title"]) and not names(m["title"])


# A line that begins with an element's name and a dash ("Key area (2) - The Group agreed ..."):
# an item about that element of the goal of the heading above it.
_ELEMENT_DASH = re.compile(r"^\s*(?:key\s+area|activity)\s*\([^()]{1,8}\)\s*[—–-]\s+\S", re.I)


def names(text: str) -> bool:
    """Whether a line names a goal (and perhaps its element)."""
    return find(clean(text))[0] is not None


def amending(text: str) -> bool:
    """Whether a line says to change something (a verb of the lexicon)."""
    return any(v.search(text) for v in _VERBS)


def _setoff(line: str) -> bool:
    return line.rstrip().endswith(_SETOFF)


def _continues(prev: str, line: str) -> bool:
    """A line that goes on with the line before: a sentence not yet ended, a word in lower
    case, a quotation, or a note in square brackets."""
    s = line.lstrip(" *_")
    return (not prev.rstrip(" *_").endswith(_ENDS) or s[:1].islower() or s[:1] in _QUOTES
            or s.startswith("["))  # fmt: skip


_LEGEND = re.compile(
    r"^\s*(?:new|added|inserted|deleted|removed|struck|omitted)\s+(?:words?|text|language)\s+"
    r"(?:is|are)\s+(?:shown\s+|marked\s+)?(?:in\s+|by\s+|as\s+)?(?:bold|underlined?|underlining|"
    r"strikethrough|struck\s+through|strike-?through|italics?|brackets)(?:\s+type)?\s*\.?\s*$",
    re.IGNORECASE,
)
_ELEMENT_ONLY = re.compile(
    r"^\s*[*_]*(?:key\s+area|activity)\s*\(\s*[0-9ivxlc]{1,5}\s*\)[*_]*\s*[.:]?\s*$", re.IGNORECASE
)
# An amendment's own number opening it ("Amendment No 1 [AG–1]—"): the start of an item.
_NUMBERED = re.compile(r"^\s*(?:amendment|motion)\s+(?:no\.?\s*|number\s+)?\d+[A-Z]?\b", re.I)
# What became of the amendments before it, on a line of its own ("Amendments carried; clause as
# amended passed.", "Amendment negatived.", "On Question, Motion agreed to.").
_OUTCOME = re.compile(
    r"^\s*(?:on\s+question\s*,\s*)?(?:the\s+)?(?:amendments?|motion|question)\s+(?:was\s+|were\s+)?"
    r"(?P<fate>carried|agreed(?:\s+to)?|adopted|negatived|rejected|withdrawn|not\s+moved|lost|"
    r"defeated|disagreed(?:\s+to)?)\b",
    re.IGNORECASE,
)
_ROW = re.compile(r"^\s*\|.*\|\s*$")
_LOCATOR = re.compile(
    r"^(?:on\s+)?pages?\s+\S+?(?:\s*,\s*(?:in\s+)?lines?\s+[\w\s-]+?)?\s*[,—–:-]+\s*", re.I
)
_NOTE = re.compile(r"^\s*\[[^\[\]]*\]\s*$")  # "[carried]": an outcome, after the wording
# "[…]" on a line of its own before the wording: the text before it is left as it is.
_ELISION = re.compile(r"^\s*[\[(]?\s*(?:…|\.{3,}|(?:\.\s){2}\.)\s*[\])]?\s*$")


def itemize(lines: list[tuple[int, str]], labelled: dict[int, str], context: str | None,
            whole: bool = False) -> list[Block] | None:  # fmt: skip
    """The items of lines laid out by headings or one to a line, or None if they are
    labelled items of the usual kind (read by ``segment``). ``whole``: the lines are a whole
    report, in which any line naming an element is about the draft."""
    rows = _rows(lines)
    if not _laid_out([(i, t) for i, t, _ in rows], labelled):
        return None
    flat = [(j, t) for j, t, _ in rows]
    blocks: list[Block] = []
    current: Block | None = None
    head: str | None = None
    fresh = False  # the first line under a heading is its item
    listing = False  # after a lead-in ending in a colon
    setoff = ""  # "open" after an item's colon, "in" within the wording set off after it
    pending: list[Block] = []  # items whose outcome a later line may record
    for k, (i, text, blank) in enumerate(rows):
        if (heading(text) or titled(text)) and i not in labelled:
            current, head, fresh, listing, setoff = None, text.strip(" *_.:"), True, True, ""
            continue
        if _LEGEND.match(text) and i not in labelled:
            current, setoff = None, ""  # "New words are in bold.": the key to the marks
            continue
        if head is not None and fresh and _ELEMENT_ONLY.match(text) and i not in labelled:
            # "Goal A.2" then "Activity (i)": the element of the goal above, a heading too
            goal = re.split(r",\s*(?:key\s+areas?|activit(?:y|ies))\b", head, flags=re.I)[0]
            head = f"{goal}, {text.strip(' *_.:')}"
            continue
        if (m := _OUTCOME.match(text)) is not None and pending:
            for block in pending:
                block.lines.append(f"[{m['fate']}]")
            current, pending, setoff = None, [], ""
            continue
        if _ROW.match(text) and i not in labelled:
            if current is None or not _ROW.match(current.lines[-1]):
                current = Block(i, [], head or context)
                blocks.append(current)
            current.lines.append(text)
            setoff = ""
            continue
        if current is not None and not names(text) and (
            setoff == "open" or (setoff == "in" and not blank)
        ) and not (head is not None and _ELEMENT_DASH.match(text)):
            current.lines.append(text)
            setoff = "open" if _setoff(text) or (setoff == "open" and _ELISION.match(text)) \
                else "in"  # fmt: skip
            continue
        prev = current.lines[-1] if current is not None else None
        after = k > 0 and (blank or fresh or rows[k - 1][1].rstrip(" *_").endswith(_ENDS))
        starts = after and not _lead(flat, k, labelled) and (
            fresh or bool(_NUMBERED.match(text)) or _acts(text)
            or (head is not None and bool(_ELEMENT_DASH.match(text)))
            or (names(text) and (listing or whole or amending(text)))
        )  # fmt: skip
        if i in labelled:
            current = Block(i, [labelled[i]], head or context)
        elif current is not None and prev is not None and setoff != "in" and _continues(
            prev, text
        ) and not (starts and names(text) and (blank or prev.rstrip().endswith(_ENDS))):
            current.lines.append(text)
        elif starts:
            current = Block(i, [text], head or context)
        else:
            current, setoff, fresh = None, "", False
            listing = text.endswith(_SETOFF) or (listing and not text.endswith((".", ";")))
            continue
        if not blocks or blocks[-1] is not current:
            blocks.append(current)
            pending.append(current)
        fresh = False
        setoff = "open" if _setoff(current.lines[-1]) else ""
    return [b for b in blocks if b.lines]


def _rows(lines: list[tuple[int, str]]) -> list[tuple[int, str, bool]]:
    """The non-blank lines, each with whether a blank line comes before it."""
    out: list[tuple[int, str, bool]] = []
    blank = False
    for i, t in lines:
        if not t.strip():
            blank = True
            continue
        out.append((i, t.strip(), blank))
        blank = False
    return out


def _acts(text: str) -> bool:
    """Whether a line begins by saying what to do, its first word a verb of the lexicon with a
    capital ("Replace line 4 ...", "Delete existing activity (iv) ...", "AMEND further title
    ..."), after a page and line where it names them ("Page 9, lines 5 to 9— Delete ...")."""
    line = text.strip(" *_")
    rest = _LOCATOR.sub("", line)
    first = rest.split()[0] if rest.split() else ""
    return (first[:1].isupper() or rest != line) and amending(first)


def _laid_out(rows: list[tuple[int, str]], labelled: dict[int, str]) -> bool:
    """Whether the lines list their items by headings or one to a line: no labels at all, or
    a heading or an item-like line before the first label."""
    first = min(labelled) if labelled else None
    before = [(k, t) for k, (i, t) in enumerate(rows) if first is None or i < first]
    if first is None:
        return True
    return any(heading(t) or (names(t) and amending(t) and not _lead(rows, k, labelled))
               for k, t in before)  # fmt: skip


def _lead(rows: list[tuple[int, str]], k: int, labelled: dict[int, str]) -> bool:
    """Whether line k is a lead-in: it ends in a colon and the next line is an item (a label
    that names an element, a line that does, or an amendment's number)."""
    if not _setoff(rows[k][1]) or k + 1 >= len(rows):
        return False
    i, text = rows[k + 1]
    if i in labelled:
        return names(labelled[i]) or heading(labelled[i])
    return names(text) or bool(_NUMBERED.match(text))


def lead(lines: list[tuple[int, str]], first: int, context: str | None) -> str | None:
    """The context of a paragraph's items: its words before the first item if they name a
    goal ("With regard to Goal A.5, the Group proposed:"), else the heading it stands under."""
    words = " ".join(t.strip() for i, t in lines if i < first and t.strip())
    return words if words and names(words) else context


# Words that introduce wording, before a colon or a dash on the same line ("Omit the following
# activity: <the activity>", "Leave out activity (iii) and insert— <the activity>", "reading as
# follows: <the words>", "New activity: <the activity>").
_INTRODUCED = re.compile(
    r"^(?P<head>.*?\b(?:as\s+follows|the\s+following(?:\s+[\w-]+){0,3}(?:\s+as\s+[^:—–«“\"]+)?|"
    r"insert(?:ed)?|substitut\w*|add(?:ed)?|to\s+read|reads?|reading|new\s+(?:key\s+area|activity|"
    r"element)|(?:new\s+)?(?:text|wording|words)|in\s+lieu(?:\s+thereof)?)"
    r"(?:\s+(?:immediately\s+)?(?:after|before)\s+(?:the\s+)?(?:key\s+area|activity)\s*\([^()]{1,8}\))?)"
    r"\s*(?::-?|:?\s*[—–])\s*"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE,
)


def _same_line(lines: list[str]) -> list[str]:
    """An item's lines with the wording after an introducer on the same line quoted, when the
    item holds no quotation marks and the wording names no element."""
    if any(c in line for line in lines for c in _QUOTES):
        return lines
    for k in range(len(lines) - 1, -1, -1):
        m = _INTRODUCED.match(lines[k].strip())
        if m is not None and _wording(m["rest"]):
            return [*lines[:k], f"{m['head']}: “{m['rest'].rstrip()}”", *lines[k + 1 :]]
    return lines


_MARKER = re.compile(
    r"^(?:\([^()]{1,8}\)\s*)?\[?(?:deleted|repealed|omitted|revoked|removed|struck\s+out)\]?\.?$",
    re.IGNORECASE,
)
_ELEMENT = re.compile(r"\b(?:key\s+areas?|activit(?:y|ies))\s*\(", re.IGNORECASE)


def _wording(rest: str) -> bool:
    """Whether words after an introducer are wording: two words or more, not a deletion marker
    ("(iv) Deleted."), not an instruction of their own ("remove activity (v)")."""
    words = rest.split()
    return (len(words) >= 2 and not _MARKER.match(rest.strip()) and not names(rest)
            and not _ELEMENT.search(rest) and not amending(words[0]))  # fmt: skip


def set_off(lines: list[str]) -> list[str]:
    """An item's lines with the wording set off after its last colon quoted, when it holds no
    quotation marks and names no element ("... by the following:" then the new wording on its
    own lines, up to the next blank line), or after an introducer on the same line."""
    at = next((k for k in range(len(lines) - 1, -1, -1) if _setoff(lines[k])), None)
    if at is None:
        return _same_line(lines)
    first = next((k for k in range(at + 1, len(lines)) if lines[k].strip()
                  and not _ELISION.match(lines[k])), None)  # fmt: skip
    if first is None:
        return _same_line(lines)
    # "[…]" before the wording: the text before it stays as it is, and is no part of the wording
    kept = [line for line in lines[at + 1 : first] if not _ELISION.match(line)]
    lines = [*lines[: at + 1], *kept, *lines[first:]]
    first = at + 1 + len(kept)
    last = first
    while last + 1 < len(lines) and lines[last + 1].strip() and not _NOTE.match(lines[last + 1]):
        last += 1
    run = lines[first : last + 1]
    if any(c in line for line in run for c in _QUOTES) or any(names(line) for line in run):
        return lines
    out = list(lines)
    opens, closes = out[first].lstrip().startswith("/"), out[last].rstrip().endswith("/")
    if opens != closes:
        return lines  # a slash left open: not wording set off, nothing is quoted
    if opens:  # "/ <text> /": the marks South Carolina's amendments set around new text
        out[first] = out[first].lstrip()[1:]
        out[last] = out[last].rstrip()[:-1]
    # "• <the wording>": the wording set off as the next bullet of the list; the bullet is no word
    out[first] = "“" + re.sub(r"^[•·▪‣]\s+", "", out[first].lstrip())
    out[last] = out[last].rstrip() + "”"
    return out


def numbered_under_headings(lines: list[str]) -> bool:
    """Whether a report numbers its items afresh under headings that name the elements ("GOAL
    A.2" then "1. ...", "GOAL A.5" then "1. ..."): its lines numbered 1. are items, not
    paragraphs."""
    rows = [line.strip() for line in lines if line.strip()]
    firsts = [k for k, line in enumerate(rows) if line.startswith("1.")]
    return len(firsts) >= 2 and any(k > 0 and heading(rows[k - 1]) for k in firsts)


def heading_before(lines: list[str], at: int) -> str | None:
    """The last line before line ``at`` that only names a goal or element: the heading a
    paragraph stands under."""
    for line in reversed(lines[:at]):
        if line.strip() and heading(line):
            return line.strip(" *_.:")
    return None
