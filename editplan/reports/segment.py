"""Segment a report: its numbered paragraphs, and a paragraph's labelled items.

Paragraphs are the longest run of lines numbered 1., 2., 3., ... . Items are labelled
(a) to (z), then (aa), (bb) ... as Word and the UN number them, or (i), (ii) ..., (1), (2) ...
or 1., 2. ...; an item may hold sub-items ((a)(i), (a)(ii)) under a lead-in such as
"Goal A.1:". Every label is accounted for: a gap or a repeat in the sequence is reported,
never silently joined to the item before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from editplan.core.numerals import from_roman, to_roman
from editplan.reports import lists

_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_PARA = re.compile(r"^\s*(?:\*\*)?(\d{1,3})\.(?:\*\*)?(?:\s+(?=\S)|\s*$)")
_LABEL = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*)?(?:\((?P<paren>[a-z]{1,4}|\d{1,3})\)|(?P<dot>\d{1,3})\.(?=\s)"
    r"|(?P<close>[a-z]{1,4}|\d{1,3})\)(?=\s)|(?P<letdot>[a-z])\.(?=\s))"
    r"(?:\*\*)?\s*"
)
# Items marked by a dash or a bullet ("– In recommendation 3, ..."), and by a letter alone
# before a capital ("a In Rule 16, ..."), taken only where "a" and "b" are both so marked.
_DASH = re.compile(r"^\s*[–—•·▪‣*-]\s+(?=\S)(?!\(\w{1,4}\)\s)")
_LONE = re.compile(r"^\s*(?P<lone>[a-z])\s+(?=[A-Z“\"‘'])")
# Capital letters with a stop ("A. In Goal A.3, amend ..."), taken only where "A." and "B." are
# both so marked and every such line ends a sentence or a lead-in (a section heading does not).
_CAPITAL = re.compile(r"^\s*(?P<cap>[A-Z])\.\s+(?=\S)")
# Page furniture: page numbers, footnotes (a superscript number first) and running headers
# (a document symbol alone on its line).
_FURNITURE = re.compile(
    r"^\s*(?:page \d+(?: of \d+)?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s.*|\d+/\d+"
    r"|(?-i:[A-Z][A-Z0-9]+(?:/[\w.-]+){2,}))\s*$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^\s*(?:#+\s|(?:item|agenda item) \d+\b)", re.IGNORECASE)
_SECTION = re.compile(r"^\s*(?:[A-Z]|[IVX]+)\.\s+[A-Z]")
_QUOTE_START = re.compile(r"^\s*[*_]*[“\"‘']")


@dataclass
class Paragraph:
    """A numbered paragraph: its number, first line (0-based) and lines (without the number)."""

    number: int
    line: int
    lines: list[tuple[int, str]]

    @property
    def text(self) -> str:
        return " ".join(t.strip() for _, t in self.lines if t.strip())


@dataclass
class Item:
    """A labelled item: its label as written in an id ("(a)", "(a)(ii)", ".3"), 1-based line,
    its words joined into one line, and the lead-in of the item it belongs to, if any."""

    label: str
    line: int
    text: str
    lead: str | None = None
    lines: list[str] = field(default_factory=list)  # its lines as written (tables keep rows)
    fate: str | None = None  # what became of proposals it tells of: an instruction, never a change


@dataclass
class Segmented:
    """The items of one paragraph, and what was wrong with its label sequence."""

    items: list[Item]
    problems: list[str] = field(default_factory=list)
    containers: list[Item] = field(default_factory=list)


def prepare(text: str) -> list[str]:
    """Lines of a report with line ends, tabs, control characters and Markdown links tidied."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    return [_LINK.sub(r"\1", line) for line in text.split("\n")]


def paragraphs(lines: list[str]) -> list[Paragraph]:
    """The report's numbered paragraphs: the longest run of lines numbered 1., 2., 3., ..."""
    numbered = [(i, int(m[1]), m.end()) for i, line in enumerate(lines) if (m := _PARA.match(line))]
    best: list[tuple[int, int, int]] = []
    for start, (_, number, _) in enumerate(numbered):
        if best and number != 1:
            continue
        chain = [numbered[start]]
        item = 0  # the last number of a run of items "1.", "2.", ... inside a paragraph
        rest = numbered[start + 1 :]
        for k, candidate in enumerate(rest):
            n = candidate[1]
            main = n == chain[-1][1] + 1
            if item and n == item + 1:
                after = rest[k + 1][1] if k + 1 < len(rest) else None
                if not main or after == n:  # "3." twice: the item comes first
                    item = n
                    continue
            if main:
                chain.append(candidate)
                item = 0
            elif n == 1:
                item = 1
        if len(chain) > len(best):
            best = chain
    out: list[Paragraph] = []
    for n, (index, number, end) in enumerate(best):
        stop = best[n + 1][0] if n + 1 < len(best) else len(lines)
        body = [(index, lines[index][end:])] + [(i, lines[i]) for i in range(index + 1, stop)]
        out.append(Paragraph(number, index, body))
    return out


# --- label schemes ----------------------------------------------------------------------


def letter_label(n: int) -> str:
    """The n-th letter label as Word and the UN write it: 1 -> a, 26 -> z, 27 -> aa, 28 -> bb."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _letter_value(s: str) -> int | None:
    if not s.isalpha() or len(set(s)) != 1:
        return None
    return (len(s) - 1) * 26 + ord(s[0]) - ord("a") + 1


@dataclass(frozen=True)
class _Label:
    raw: str  # as written, without parentheses; a dash's number in the paragraph's order
    dot: bool
    line: int  # 0-based
    rest: str  # the line after the label
    dash: bool = False

    def value(self, scheme: str) -> int | None:
        if self.dash or scheme == "dash":
            return int(self.raw) if self.dash and scheme == "dash" else None
        if scheme == "number":
            return int(self.raw) if self.raw.isdigit() else None
        if self.dot:
            return None
        if scheme == "letter":
            return _letter_value(self.raw)
        return from_roman(self.raw) if self.raw.isalpha() else None


def _scheme(label: _Label) -> str | None:
    if label.dash:
        return "dash" if label.raw == "1" else None
    if label.raw.isdigit():
        return "number"
    if label.raw == "a":
        return "letter"
    if label.raw == "i":
        return "roman"
    return None


def _written(scheme: str, value: int, dot: bool) -> str:
    if scheme == "dash":
        return f"-{value}"
    if scheme == "number":
        return f".{value}" if dot else f"({value})"
    return f"({letter_label(value) if scheme == 'letter' else to_roman(value)})"


def _sub_scheme(top: str) -> str:
    return "roman" if top == "letter" else "letter"


def labels(para: Paragraph) -> list[_Label]:
    """The labels at the start of the paragraph's lines: (a), (i), (1), 1., a), a., a dash,
    and a letter alone where "a" and "b" are both written so."""
    out: list[_Label] = []
    lone: list[_Label] = []
    capitals: list[_Label] = []
    dashes = 0
    for index, line in para.lines:
        if m := _LABEL.match(line):
            raw = m["paren"] or m["dot"] or m["close"] or m["letdot"]
            out.append(_Label(raw, m["dot"] is not None, index, line[m.end() :]))
        elif m := _DASH.match(line):
            if out and out[-1].dash and _wording_bullet(out[-1].rest, line[m.end() :]):
                continue  # the wording the bullet before sets off, as the next bullet
            dashes += 1
            out.append(_Label(str(dashes), False, index, line[m.end() :], dash=True))
        elif m := _LONE.match(line):
            lone.append(_Label(m["lone"], False, index, line[m.end() :]))
        elif m := _CAPITAL.match(line):
            capitals.append(_Label(m["cap"].lower(), False, index, line[m.end() :]))
    if {"a", "b"} <= {lab.raw for lab in lone}:
        out = sorted(out + lone, key=lambda lab: lab.line)
    if {"a", "b"} <= {lab.raw for lab in capitals} and all(
        lab.rest.rstrip().endswith((".", ";", ":")) for lab in capitals
    ):
        out = sorted(out + capitals, key=lambda lab: lab.line)
    return out


def _wording_bullet(before: str, rest: str) -> bool:
    """Whether a bullet is the wording the bullet before sets off ("... replacing it with the
    following and renumbering:" then "• Strengthening ..."): that one ends with a colon after
    "the following" or "as follows", and this one names no element and says to do nothing."""
    words = rest.split()
    return (before.rstrip().endswith(":") and bool(_FOLLOWING.search(before)) and len(words) > 1
            and not lists.names(rest) and not lists.amending(words[0]))  # fmt: skip


_FOLLOWING = re.compile(r"\b(?:the\s+following|as\s+follows|to\s+read)\b", re.IGNORECASE)


def items(para: Paragraph, context: str | None = None) -> Segmented:
    """The items of a paragraph, in order, each joined into one line.

    Labelled items: a label that skips ahead is taken as an item and the gap reported; a label
    that repeats is taken too (its id gets a suffix) and reported; a sub-item line that is only
    a quotation (the parts of a split, say) continues its item. Items laid out otherwise (under
    headings that name their element, or each on its own line naming its element) are found
    by ``lists``. ``context`` is the heading the paragraph stands under, if it names a goal: the
    target of items that name none.
    """
    found = labels(para)
    rests = {lab.line: lab.rest for lab in found}
    if (laid := lists.itemize(para.lines, rests, context, whole=para.number == 0)) is not None:
        out = []
        for k, block in enumerate(laid, start=1):
            text, kept = gather(lists.set_off(block.lines))
            out.append(Item(f"-{k}", block.line + 1, text, lead=block.lead, lines=kept))
        return Segmented(out)
    first = next((lab for lab in found if _scheme(lab) is not None), None)
    if first is None:
        return Segmented([])
    labels_ = found
    top = _scheme(first)
    assert top is not None
    sub = _sub_scheme(top)
    starts: dict[int, tuple[str, int | None]] = {}  # line -> (kind, value)
    problems: list[str] = []
    last_top = 0
    last_sub = 0
    seen: dict[int, int] = {}
    top_rest = ""
    begun = False
    for k, lab in enumerate(labels_):
        if not begun and lab is not first:
            continue
        begun = True
        t = lab.value(top)
        s = lab.value(sub)
        nxt = labels_[k + 1] if k + 1 < len(labels_) else None
        if _QUOTE_START.match(lab.rest) and last_top:
            continue  # "(1) “Conducting ...”" on its own line: the parts of the item above
        if last_top and not last_sub and _own_wording(top_rest, lab) and (
            nxt is None or s is None or nxt.value(sub) != s + 1
        ):
            continue  # "amend ... activity (i) to read as follows:" then "(i) Provide ...""
        takes_sub = s is not None and last_top and s == last_sub + 1
        if takes_sub and t == last_top + 1:
            # "(i)" after "(h)": a sub-item only if "(ii)" follows
            takes_sub = last_sub > 0 or (nxt is not None and nxt.value(sub) == 2)
        if takes_sub:
            last_sub += 1
            starts[lab.line] = ("sub", s)
            continue
        if t is None:
            continue  # not a label of this paragraph's scheme: words of the item above
        if t == last_top + 1:
            pass
        elif t > last_top + 1:
            missing = [_written(top, v, lab.dot) for v in range(last_top + 1, t)]
            problems.append(
                f"line {lab.line + 1}: item {_written(top, t, lab.dot)} follows "
                f"{_written(top, last_top, lab.dot) if last_top else 'the paragraph'}; "
                f"{', '.join(missing)} missing"
            )
        else:
            problems.append(
                f"line {lab.line + 1}: item {_written(top, t, lab.dot)} repeats the label of "
                f"line {seen.get(t, 0) + 1}"
            )
        seen.setdefault(t, lab.line)
        starts[lab.line] = ("top", t)
        top_rest = lab.rest
        last_top = max(last_top, t)
        last_sub = 0
    lead = lists.lead(para.lines, first.line, context)
    return _collect(para, labels_, starts, top, sub, problems, lead)


def _own_wording(lead_in: str, lab: _Label) -> bool:
    """Whether a label is the number of the element whose new wording a lead-in sets off:
    "amend the first sentence in activity (i) to read as follows:" then "(i) Provide ..." is
    that wording, printed with the element's own number, not a sub-item."""
    if lab.dot or lab.dash or not lead_in.rstrip().endswith(":"):
        return False
    return re.search(rf"\b(?:key\s+area|activity)\s*\(\s*{re.escape(lab.raw)}\s*\)", lead_in,
                     re.IGNORECASE) is not None  # fmt: skip


def _collect(
    para: Paragraph,
    labels: list[_Label],
    starts: dict[int, tuple[str, int | None]],
    top: str,
    sub: str,
    problems: list[str],
    lead: str | None,
) -> Segmented:
    by_line = {lab.line: lab for lab in labels}
    blocks: list[tuple[str, int, int, list[str]]] = []  # kind, value, line, lines
    for index, line in para.lines:
        if index in starts:
            kind, value = starts[index]
            assert value is not None
            blocks.append((kind, value, index, [by_line[index].rest]))
        elif blocks:
            blocks[-1][3].append(line)
    out: list[Item] = []
    containers: list[Item] = []
    used: dict[str, int] = {}
    parent: Item | None = None
    for n, (kind, value, index, body) in enumerate(blocks):
        text, kept = gather(lists.set_off(body))
        dot = labels[0].dot if labels else False
        if kind == "top":
            label = _written(top, value, dot and top == "number")
            count = used.get(label, 0)
            used[label] = count + 1
            if count:
                label = f"{label}-{count + 1}"
            parent = Item(label, index + 1, text, lead=lead, lines=kept)
            has_subs = n + 1 < len(blocks) and blocks[n + 1][0] == "sub"
            (containers if has_subs else out).append(parent)
        else:
            assert parent is not None
            label = parent.label + _written(sub, value, False)
            own = parent.text if lead is None or lists.names(parent.text) else lead
            out.append(Item(label, index + 1, text, lead=own, lines=kept))
    return Segmented(out, problems, containers)


def join(lines: list[str]) -> str:
    """An item's lines as one line; a block after a blank line continues the item only if the
    item does not yet end a sentence, or the block starts in lower case (a page break)."""
    return gather(lines)[0]


def gather(lines: list[str]) -> tuple[str, list[str]]:
    """An item's words as one line, and the lines it kept (see ``join``)."""
    out = ""
    kept: list[str] = []
    blank = False
    for raw in lines:
        line = raw.strip()
        if not line:
            blank = True
            continue
        if _FURNITURE.match(line):
            continue
        ends = out.endswith((".", ";"))
        if ends and _is_heading(line):
            break
        if blank and (ends or out.endswith(("”", '"'))) and not line[0].islower():
            break
        blank = False
        kept.append(line)
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return " ".join(out.split()), kept


def _is_heading(line: str) -> bool:
    words = [w for w in line.split() if any(c.isalpha() for c in w)]
    shouting = len(words) >= 2 and not any(c.islower() for c in line)
    if shouting or _HEADING.match(line):
        return True
    return bool(_SECTION.match(line)) and not line.rstrip().endswith((";", ",", "."))
