"""Read a body's report and turn the lettered items of a paragraph into a patch file.

``read_report`` is the thin I/O layer (plain text, Markdown, .docx); ``extract`` is pure: it
finds the numbered paragraph, its lettered items, the target each names and the operation its
words describe, using a table of rules (pattern -> builder). An item no rule can turn into an
operation becomes an ``instruction`` with its quote, never dropped. With a plan, every target
and phrase is checked against the plan, and what needs a person is said in comments.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from editplan.core import phrase as phrases
from editplan.core.model import KIND_NOUN, Kind, Plan, Unit
from editplan.core.patch import AmendmentSet
from editplan.core.reference import Target, resolve
from editplan.core.reference import parse as parse_reference
from editplan.errors import InputError, Location, TargetError
from editplan.ooxml.ns import w
from editplan.ooxml.numbering import Numbering
from editplan.ooxml.package import read_roots
from editplan.ooxml.styles import Styles
from editplan.ooxml.walker import Para, Walker
from editplan.store import yamlio
from editplan.store.files import display

Confidence = Literal["certain", "check", "instruction"]
DEFAULT_PLAN_PATH = "../plans/cb-action-plan.yaml"

# --- reading ---------------------------------------------------------------------------


def read_report(path: Path) -> str:
    """The text of a report: UTF-8 plain text or Markdown, or the paragraphs of a .docx."""
    name = display(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("cannot read the report: no such file", Location(name)) from None
    except IsADirectoryError:
        raise InputError("cannot read the report: it is a folder", Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read the report: {exc.strerror}", Location(name)) from None
    suffix = path.suffix.lower()
    if suffix == ".docx" or data.startswith(b"PK\x03\x04"):
        return _read_docx(path, name)
    if data.startswith(b"%PDF") or suffix == ".pdf":
        raise InputError(
            "is a PDF; extract reads plain text, Markdown or .docx: save the report as one",
            Location(name),
        )
    if data.startswith(b"\xd0\xcf\x11\xe0") or suffix in (".doc", ".odt", ".rtf"):
        raise InputError(
            "is not a format extract reads; save the report as .docx, plain text or Markdown",
            Location(name),
        )
    text = yamlio.decode(data, name)
    if "\x00" in text:
        raise InputError(
            "is a binary file, not text; give a plain text, Markdown or .docx report",
            Location(name),
        )
    if not text.strip():
        raise InputError("the report is empty", Location(name))
    return text


def _read_docx(path: Path, name: str) -> str:
    """The body's paragraphs of a Word document, one a line, each with the number Word shows
    ("53.", "(a)"), read through the same safety checks as a plan draft."""
    roots = read_roots(path, name)
    styles = Styles(roots.get("styles"))
    walker = Walker(styles, Numbering(roots.get("numbering"), styles))
    body = roots["document"].find(w("body"))
    text = "\n".join(block.display for block in walker.walk(body) if isinstance(block, Para))
    if not text.strip():
        raise InputError("the Word document has no text", Location(name))
    return text


# --- the result ------------------------------------------------------------------------


@dataclass
class ExtractedItem:
    """One lettered item: its amendment (None if it names nothing in the plan) and findings."""

    id: str
    line: int
    quote: str
    amendment: dict[str, Any] | None
    confidence: Confidence
    notes: list[str] = field(default_factory=list)
    rule: str = "none"


@dataclass
class Extraction:
    """An amendment set read from a report, with per-item confidence and review notes."""

    source_name: str
    paragraphs: list[int]
    header: dict[str, Any]
    review: dict[str, str]
    comments: dict[str, str]
    items: list[ExtractedItem]
    plan_version: str | None = None

    def data(self) -> dict[str, Any]:
        """The patch file as plain data: the header, then the encoded amendments."""
        amendments = [dict(i.amendment) for i in self.items if i.amendment is not None]
        return {**self.header, "amendments": amendments}

    def amendment_set(self) -> AmendmentSet:
        """The extracted set, validated against the patch-file schema."""
        try:
            return AmendmentSet.model_validate(self.data())
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"])
            raise InputError(
                f"the set extracted from the report does not validate ({where}: {first['msg']}); "
                "nothing was written",
                Location(self.source_name),
            ) from None

    def needs_review(self) -> list[str]:
        """One line per header field or item that needs a person, for printing."""
        out = [f"{key}: {text}" for key, text in self.review.items()]
        for item in self.items:
            if item.amendment is None:
                out.append(f"{item.id}: not in the set: {'; '.join(item.notes)}")
            elif item.confidence != "certain":
                what = "; ".join(item.notes) or "an instruction"
                out.append(f"{item.id} ({item.confidence}): {what}")
        return out

    def to_yaml(self) -> str:
        """The patch file, in the style of amendments/lg14.yaml, with findings as comments."""
        self.amendment_set()
        doc = yamlio.fresh(self.data())
        doc.yaml_set_start_comment(self._top_comment())
        for key, text in self.comments.items():
            doc.yaml_set_comment_before_after_key(key, before=_wrap(text), indent=0)
        for key, text in self.review.items():
            top = key.split(".")[0]
            node, indent = (doc["source"], 2) if top == "source" else (doc, 0)
            field_name = key.split(".")[-1]
            node.yaml_set_comment_before_after_key(
                field_name, before=_wrap(f"REVIEW: {text}"), indent=indent
            )
        seq = doc["amendments"]
        encoded = [i for i in self.items if i.amendment is not None]
        for index, item in enumerate(encoded):
            lines = [f"{item.id}: {item.confidence}"]
            lines += [_wrap(f"- {note}", hang="  ") for note in item.notes]
            seq.yaml_set_comment_before_after_key(index, before="\n".join(lines), indent=2)
        return yamlio.dump(doc)

    def _top_comment(self) -> str:
        paras = ", ".join(str(p) for p in self.paragraphs)
        word = "paragraph" if len(self.paragraphs) == 1 else "paragraphs"
        counts = {c: sum(1 for i in self.items if i.confidence == c) for c in _CONFIDENCES}
        left_out = [i for i in self.items if i.amendment is None]
        lines = [
            f"Extracted by 'editplan extract' from {self.source_name}, {word} {paras}: "
            f"{len(self.items)} items, {counts['certain']} certain, {counts['check']} to "
            f"check, {counts['instruction']} instructions.",
            "The comment above each amendment gives its confidence and what a person must "
            "check; header fields marked REVIEW were not found in the report.",
        ]
        if self.plan_version is None:
            lines.append(
                "Not checked against a plan: run again with --plan to check targets and phrases."
            )
        else:
            lines.append(f"Targets and phrases checked against plan version {self.plan_version}.")
        for item in left_out:
            lines.append(f"NOT ENCODED {item.id}: {'; '.join(item.notes)}. Its words: {item.quote}")
        return "\n".join(_wrap(line) for line in lines)


_CONFIDENCES: tuple[Confidence, ...] = ("certain", "check", "instruction")


def _wrap(text: str, hang: str = "") -> str:
    return "\n".join(textwrap.wrap(text, 94, subsequent_indent=hang, break_on_hyphens=False))


# --- paragraphs and items --------------------------------------------------------------

_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_PARA = re.compile(r"^\s*(?:\*\*)?(\d{1,3})\.(?:\*\*)?\s+(?=\S)")
_ITEM = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*)?\(([a-z])\)(?:\*\*)?\s*")
# Page furniture: page numbers, footnotes (a superscript number first) and running headers
# (a document symbol alone on its line).
_FURNITURE = re.compile(
    r"^\s*(?:page \d+(?: of \d+)?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s.*|\d+/\d+"
    r"|(?-i:[A-Z][A-Z0-9]+(?:/[\w.-]+){2,}))\s*$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^\s*(?:#+\s|(?:item|agenda item) \d+\b)", re.IGNORECASE)
_SECTION = re.compile(r"^\s*(?:[A-Z]|[IVX]+)\.\s+[A-Z]")


@dataclass
class _Para:
    number: int
    line: int  # 0-based index of its first line
    lines: list[tuple[int, str]]  # (0-based index, text), the first without its number

    @property
    def text(self) -> str:
        return " ".join(t.strip() for _, t in self.lines if t.strip())


@dataclass
class _Item:
    letter: str
    line: int  # 1-based
    text: str


def _prepare(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    return [_LINK.sub(r"\1", line) for line in text.split("\n")]


def _paragraphs(lines: list[str]) -> list[_Para]:
    """The report's numbered paragraphs: the longest run of lines numbered 1., 2., 3., ..."""
    numbered = [(i, int(m[1]), m.end()) for i, line in enumerate(lines) if (m := _PARA.match(line))]
    best: list[tuple[int, int, int]] = []
    for start, (_, number, _) in enumerate(numbered):
        if best and number != 1:
            continue
        chain = [numbered[start]]
        for candidate in numbered[start + 1 :]:
            if candidate[1] == chain[-1][1] + 1:
                chain.append(candidate)
        if len(chain) > len(best):
            best = chain
    paras: list[_Para] = []
    for n, (index, number, end) in enumerate(best):
        stop = best[n + 1][0] if n + 1 < len(best) else len(lines)
        body = [(index, lines[index][end:])] + [(i, lines[i]) for i in range(index + 1, stop)]
        paras.append(_Para(number, index, body))
    return paras


def _items(para: _Para) -> list[_Item]:
    """The lettered items (a), (b), ... of a paragraph, in sequence, each joined into one line."""
    found: list[tuple[str, int, list[str]]] = []
    for index, line in para.lines:
        m = _ITEM.match(line)
        expected = chr(ord(found[-1][0]) + 1) if found else "a"
        if m and m[1] == expected:
            found.append((m[1], index, [line[m.end() :]]))
        elif found:
            found[-1][2].append(line)
    return [_Item(letter, index + 1, _join(body)) for letter, index, body in found]


def _join(lines: list[str]) -> str:
    """An item's lines as one line; a block after a blank line continues the item only if the
    item does not yet end a sentence, or the block starts in lower case (a page break)."""
    out = ""
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
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return " ".join(out.split())


def _is_heading(line: str) -> bool:
    words = [w for w in line.split() if any(c.isalpha() for c in w)]
    shouting = len(words) >= 2 and not any(c.islower() for c in line)
    if shouting or _HEADING.match(line):
        return True
    return bool(_SECTION.match(line)) and not line.rstrip().endswith((";", ",", "."))


# --- quotes and targets ----------------------------------------------------------------

_OPEN, _CLOSE = "\ue000", "\ue001"
_SLOT = rf"{_OPEN}(\d+){_CLOSE}"
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")


class _Unbalanced(Exception):
    """A quotation mark with no partner."""


def _quotes(text: str) -> tuple[list[str], str]:
    """Quoted strings (curly or straight double quotes) and the text with numbered slots."""
    quotes: list[str] = []
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\u201d":
            raise _Unbalanced(f"a closing ” with no opening “ before {_context(text, i)}")
        if char in '\u201c"':
            closer = "\u201d" if char == "\u201c" else '"'
            end = text.find(closer, i + 1)
            nested = text.find("\u201c", i + 1)
            if end == -1 or (char == "\u201c" and -1 < nested < end):
                raise _Unbalanced(f"the {char} at {_context(text, i)} is never closed")
            out.append(f"{_OPEN}{len(quotes)}{_CLOSE}")
            quotes.append(text[i + 1 : end])
            i = end + 1
            continue
        out.append(char)
        i += 1
    return quotes, "".join(out)


def _context(text: str, at: int) -> str:
    snippet = text[max(0, at - 25) : at + 25]
    return repr(("..." if at > 25 else "") + snippet + ("..." if at + 25 < len(text) else ""))


def _clean(text: str) -> str:
    """Drop italic and bold markers and collapse spaces."""
    return " ".join(_EMPHASIS.sub("", text).split())


_GOAL = r"[A-Z]\.\d+"
_TARGET = re.compile(
    rf"""(?:\b(?:in|under|for|to|of)\s+(?:the\s+)?)?
    \bgoals?\s+(?P<goals>{_GOAL}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:{_GOAL}|\d+\b))*)
    (?:\s*,?\s*(?P<kind>key\s+area|activity)\s*\(\s*(?P<num>[0-9]+|[ivxlc]+)\s*\))?""",
    re.IGNORECASE | re.VERBOSE,
)
_BARE_GOAL = re.compile(r"(?:,|\band)\s*\d+\b")


@dataclass
class _Ref:
    """The target an item names, as written, and what reading it gave."""

    written: str
    goals: tuple[str, ...]
    kind: Kind | None
    number: str | None
    error: str | None = None

    @property
    def suffix(self) -> str:
        if self.kind is None:
            return ""
        return f", {KIND_NOUN[self.kind]} ({self.number})"

    @property
    def is_element(self) -> bool:
        return self.kind is not None


def _find_target(template: str) -> tuple[_Ref | None, str]:
    """The first reference in the item and the item's words without it (the predicate)."""
    m = _TARGET.search(template)
    if m is None:
        return None, template
    written = " ".join(template[m.start() : m.end()].split())
    written = re.sub(r"^(?:in|under|for|to|of)\s+(?:the\s+)?", "", written, flags=re.I)
    written = written[0].upper() + written[1:]
    kind: Kind | None = None
    if m["kind"]:
        kind = "key_area" if m["kind"].lower().startswith("key") else "activity"
    error = None
    goals: tuple[str, ...] = ()
    try:
        goals = parse_reference(written).goals
    except TargetError as exc:
        error = exc.message
    predicate = template[: m.start()] + " " + template[m.end() :]
    predicate = " ".join(predicate.split()).strip(" ,;:")
    return _Ref(written, goals, kind, m["num"], error), predicate


# --- the grammar -----------------------------------------------------------------------

_S = r"(?:should|shall|must|is to|are to|would) be"
_WHAT = (
    r"(?:(?:the )?(?:words?|phrases?|terms?|expressions?|text|wording|references? to|mention of) )?"
)
_ALL = (
    r"(?P<all>,? (?:wherever|each time|every time|whenever) (?:it|they) (?:appears?|occurs?)"
    r"|,? throughout(?: the (?:key area|activity|text))?)?"
)
_KIND = r"(?P<kind>key area|activity)"
_ORDINALS_SMALL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


class _NoMatch(Exception):
    """A builder that finds its rule's pattern matched but the words do not fit after all."""


@dataclass
class _Ctx:
    """What a builder may read and record for one item."""

    quotes: list[str]
    ref: _Ref
    notes: list[str] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    note: str | None = None  # the amendment's own 'note' field

    def q(self, m: re.Match[str], name: str) -> str:
        index = int(m[name])
        self.used.add(index)
        return _clean(self.quotes[index])


Builder = Callable[[_Ctx, re.Match[str]], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    """A phrasing of the grammar: a pattern over the item's words and what it builds."""

    name: str
    pattern: re.Pattern[str]
    build: Builder


def _rule(name: str, pattern: str, build: Builder) -> Rule:
    """Compile a pattern in which «name» stands for a quotation captured as group ``name``."""
    regex = re.sub(r"«(\w+)»", rf"{_OPEN}(?P<\1>\\d+){_CLOSE}", pattern)
    return Rule(name, re.compile(regex, re.IGNORECASE), build)


def _build_rephrase(ctx: _Ctx, m: re.Match[str]) -> dict[str, Any]:
    _needs_element(ctx, "rephrase")
    return {"op": "rephrase", "text": ctx.q(m, "text")}


def _build_instruction(ctx: _Ctx, m: re.Match[str]) -> dict[str, Any]:
    ctx.note = "The report gives no wording; the secretariat drafts it."
    ctx.notes.append("no wording given: a person drafts it")
    return {"op": "instruction"}


def _build_delete(ctx: _Ctx, m: re.Match[str]) -> dict[str, Any]:
    _needs_element(ctx, "delete")
    out: dict[str, Any] = {"op": "delete", "phrase": ctx.q(m, "phrase")}
    if m["all"]:
        out["occurrence"] = "all"
    return out


def _build_replace(ctx: _Ctx, m: re.Match[str]) -> dict[str, Any]:
    _needs_element(ctx, "replace")
    out: dict[str, Any] = {"op": "replace", "phrase": ctx.q(m, "phrase"), "by": ctx.q(m, "by")}
    if m["all"]:
        out["occurrence"] = "all"
    return out


def _build_insert(ctx: _Ctx, m: re.Match[str]) -> dict[str, Any]:
    _needs_element(ctx, "insert")
    position = m["position"].lower()
    out: dict[str, Any] = {"op": "insert", "text": ctx.q(m, "text")}
    if position in ("before", "after"):
        out.update(position=position, anchor=ctx.q(m, "anchor"))
    else:
        out["position"] = "end" if position == "end" else "start"
    return out


def _build_split(ctx: _Ctx, m: re.Match[str]) -> dict[str, Any]:
    _needs_element(ctx, "split")
    rest = m["rest"]
    count_m = re.match(r"(?P<count>two|three|four|five|six|\d+)\b", rest, re.IGNORECASE)
    follows = re.search(r",?\s*as follows\s*[:,]?\s*", rest, re.IGNORECASE)
    if follows is not None:
        head, region = rest[: follows.start()], rest[follows.end() :]
    else:
        first = rest.find(_OPEN)
        head, region = rest[:first], rest[first:]
    leftover = re.sub(rf"\(\w+\)|\band\b|[,;:]|\s|{_SLOT}", "", region)
    parts = [int(n) for n in re.findall(_SLOT, region)]
    if leftover or len(parts) < 2:
        raise _NoMatch
    ctx.used.update(parts)
    into = [_clean(ctx.quotes[n]) for n in parts]
    if count_m is not None:
        word = count_m["count"].lower()
        count = int(word) if word.isdigit() else _COUNTS[word]
        if count != len(into):
            ctx.notes.append(f"the report says {word} parts but quotes {len(into)}")
        head = head[count_m.end() :]
    head = re.sub(r"^\s*(?:new |separate )?(?:key areas|areas|activities|parts|elements)\b", "",
                  head, flags=re.IGNORECASE)  # fmt: skip
    head = head.strip(" ,;:")
    if head:
        _split_extra(ctx, head, into)
    return {"op": "split", "into": into}


def _split_extra(ctx: _Ctx, extra: str, into: list[str]) -> None:
    """A clause such as 'and “monitoring” should be added to the second key area': verified."""
    m = re.fullmatch(
        rf"and {_SLOT} {_S} (?:added|included|inserted) (?:to|in) the "
        r"(first|second|third|fourth|fifth|last) (?:key area|activity|area|part|one)",
        extra,
        re.IGNORECASE,
    )
    if m is None:
        ctx.notes.append(f"the item also says {_restore(extra, ctx.quotes)!r}: check the parts")
        return
    index, which = int(m[1]), m[2].lower()
    ctx.used.add(index)
    words = _clean(ctx.quotes[index])
    n = _ORDINALS_SMALL[which]
    part = into[n - 1] if n != -1 else into[-1]
    if n > len(into) or not phrases.find(part.lower(), words.lower()):
        ctx.notes.append(f"the report says {words!r} goes into the {which} part, which does not "
                         "contain it: check the parts")  # fmt: skip


def _build_add(ctx: _Ctx, m: re.Match[str]) -> dict[str, Any]:
    kind: Kind = "key_area" if m["kind"].lower().startswith("key") else "activity"
    out: dict[str, Any] = {"op": "add", "kind": kind, "text": ctx.q(m, "text")}
    if ctx.ref.is_element:
        ctx.notes.append(
            f"an add targets a goal or block; the item names {ctx.ref.written}: check the "
            "target and say where the new element goes"
        )
    where = " ".join(" ".join(m.group(g) or "" for g in ("where", "where2")).split())
    where = where.strip(" ,;:")
    if not where:
        ctx.note = "The report gives no position; the set's default_position (end) places it last."
        ctx.notes.append("no position given: it goes last (default_position: end)")
        return out
    pm = re.fullmatch(
        r"(?:at the (?P<edge>beginning|start|end)|as the (?P<nth>first|last) (?:key area|activity)"
        r"|(?P<rel>before|after) (?:the )?(?:key area|activity) \((?P<num>\w+)\))"
        r"(?: of (?:the )?(?:goal|goals|block|list)s?)?",
        where,
        re.IGNORECASE,
    )
    if pm is None:
        ctx.notes.append(f"position {where!r} not understood: set position by hand")
        ctx.note = f"The report places it {where!r}."
        return out
    if pm["edge"]:
        out["position"] = "end" if pm["edge"].lower() == "end" else "start"
    elif pm["nth"]:
        out["position"] = "start" if pm["nth"].lower() == "first" else "end"
    else:
        if len(ctx.ref.goals) > 1 and not _BARE_GOAL.search(ctx.ref.written):
            ctx.notes.append("a sibling names one goal: split this amendment, one per goal")
        out["position"] = pm["rel"].lower()
        base = ctx.ref.written.split(",")[0] if ctx.ref.is_element else ctx.ref.written
        out["sibling"] = f"{base}, {KIND_NOUN[kind]} ({pm['num']})"
    return out


def _build_remove(ctx: _Ctx, m: re.Match[str]) -> dict[str, Any]:
    if not ctx.ref.is_element:
        ctx.note = "The report deletes a whole goal, which is not an operation of the schema."
        ctx.notes.append("deleting a whole goal is not an operation: a person decides")
        return {"op": "instruction"}
    return {"op": "remove"}


def _needs_element(ctx: _Ctx, op: str) -> None:
    if not ctx.ref.is_element:
        ctx.notes.append(
            f"a {op} changes one key area or activity, and {ctx.ref.written!r} names a whole "
            "goal: add ', key area (N)' or ', activity (N)' to the target"
        )


# The grammar, in order: the first rule whose pattern matches the whole predicate builds the
# amendment. A new phrasing is one line here (and, if needed, a builder above).
RULES: tuple[Rule, ...] = (
    _rule("rephrase", rf"{_S} (?:rephrased|reworded|reformulated|redrafted|amended|revised|"
          r"replaced) (?:as follows|to read(?: as follows)?|by the following|with the following"
          r"|to the following)[:,]? «text»", _build_rephrase),
    _rule("rephrase", r"(?:should|shall) (?:now )?read(?: as follows)?[:,]? «text»",
          _build_rephrase),
    _rule("rephrase-to", rf"{_S} (?:rephrased|reworded|reformulated|redrafted|revised|amended|"
          rf"expanded|broadened|strengthened|clarified)\b(?! as follows)[^{_OPEN}]*",
          _build_instruction),
    _rule("replace", rf"{_WHAT}«phrase» {_S} (?:deleted and )?(?:substituted|replaced) "
          rf"(?:with|by) {_WHAT}«by»{_ALL}", _build_replace),
    _rule("replace", rf"{_WHAT}«by» {_S} substituted for {_WHAT}«phrase»{_ALL}", _build_replace),
    _rule("replace", rf"(?:replace|substitute) {_WHAT}«phrase» (?:with|by) «by»{_ALL}",
          _build_replace),
    _rule("delete", rf"{_WHAT}«phrase» {_S} (?:deleted|removed|omitted|struck out){_ALL}",
          _build_delete),
    _rule("delete", rf"(?:delete|remove|omit) {_WHAT}«phrase»{_ALL}", _build_delete),
    _rule("insert", rf"{_WHAT}«text» {_S} (?:inserted|added) (?P<position>before|after) "
          rf"{_WHAT}«anchor»", _build_insert),
    _rule("insert", rf"{_WHAT}«text» {_S} (?:inserted|added) at the "
          r"(?P<position>beginning|start|end)(?: of the (?:key area|activity|text|sentence))?",
          _build_insert),
    _rule("split", rf"{_S} (?:split|divided) into (?P<rest>.*{_SLOT}.*)", _build_split),
    _rule("add", rf"(?:a|an|one|the following) (?:new |additional |further )?{_KIND}"
          r"(?: with the following wording| reading| worded as follows| as follows)? "
          rf"{_S} (?:added|inserted|included)(?P<where>[^{_OPEN}]*?)[:,]? «text»"
          rf"(?P<where2>[^{_OPEN}]*)", _build_add),
    _rule("add", rf"(?:a|an|one) (?:new |additional |further )?{_KIND} (?:reading|worded|with "
          rf"the wording)[:,]? «text»,? {_S} (?:added|inserted|included)(?P<where>[^{_OPEN}]*)"
          r"(?P<where2>)", _build_add),
    _rule("add", rf"«text» {_S} (?:added|inserted|included) as (?:a|an) (?:new |additional )?"
          rf"{_KIND}(?P<where>[^{_OPEN}]*)(?P<where2>)", _build_add),
    _rule("remove", rf"(?:the (?:key area|activity|goal|element|item) )?{_S} "
          r"(?:deleted|removed|omitted)", _build_remove),
)  # fmt: skip

_AMENDING = re.compile(rf"\b{_S}\b|\b(?:delete|replace|insert|add)\b", re.IGNORECASE)
_TRAILER = re.compile(r"(?:\s*[;,.]\s*(?:and|or)?)+\s*$|\s+(?:and|or)\s*$", re.IGNORECASE)


def _restore(template: str, quotes: list[str]) -> str:
    return re.sub(_SLOT, lambda m: f"“{_clean(quotes[int(m[1])])}”", template)


# --- one item --------------------------------------------------------------------------


@dataclass
class _Parsed:
    """An item read without the plan."""

    ref: _Ref | None
    fields: dict[str, Any] | None
    rule: str
    notes: list[str]
    note: str | None
    amending: bool


def _parse_item(text: str) -> _Parsed:
    """Turn one item's words into operation fields with the first rule that fits."""
    quotes, template = _quotes(text)
    template = _TRAILER.sub("", _clean(template))
    ref, predicate = _find_target(template)
    amending = bool(_AMENDING.search(predicate))
    if ref is None:
        return _Parsed(None, None, "none", ["names no goal, key area or activity"], None, amending)
    ctx = _Ctx(quotes, ref)
    if any(not _clean(q) for q in quotes):
        ctx.notes.append("the item has an empty quotation: encode it by hand")
        note = "The report quotes empty words (“”); a person encodes the change."
        return _Parsed(ref, {"op": "instruction"}, "none", ctx.notes, note, amending)
    for rule in RULES:
        m = rule.pattern.fullmatch(predicate)
        if m is None:
            continue
        attempt = _Ctx(quotes, ref)
        try:
            fields = rule.build(attempt, m)
        except _NoMatch:
            continue
        unused = [i for i in range(len(quotes)) if i not in attempt.used]
        if fields["op"] != "instruction" and unused:
            words = ", ".join(f"“{_clean(quotes[i])}”" for i in unused)
            attempt.notes.append(f"the item also quotes {words}, which this {fields['op']} "
                                 "does not use: check")  # fmt: skip
        return _Parsed(ref, fields, rule.name, attempt.notes, attempt.note, True)
    note = (
        "No rule of the extractor's grammar fits these words; encode the change by hand or "
        "draft it."
    )
    return _Parsed(ref, {"op": "instruction"}, "none", ["no rule fits: an instruction"], note,
                   amending)  # fmt: skip


def _targets(ref: _Ref, plan: Plan | None, notes: list[str]) -> list[str]:
    """The target strings: one per goal or block the reference names."""
    if ref.error is not None:
        notes.append(ref.error)
        return [ref.written]
    if len(ref.goals) <= 1:
        return [ref.written]
    if plan is None:
        if _BARE_GOAL.search(ref.written):
            return [ref.written]
        notes.append(
            f"{ref.written!r}: without a plan, whether these goals share a block is unknown; "
            "taken as separate goals"
        )
        return [f"Goal {g}{ref.suffix}" for g in ref.goals]
    units: list[Unit] = []
    for goal in ref.goals:
        unit = plan.unit_by_goal(goal)
        if unit is None:
            return [ref.written]  # the plan check says which goal is missing
        if unit not in units:
            units.append(unit)
    if len(units) == 1:
        return [ref.written]
    out: list[str] = []
    for unit in units:
        named = [g for g in ref.goals if g in unit.goal_ids]
        if len(unit.goal_ids) > 1 and len(named) != len(unit.goal_ids):
            return [ref.written]  # a partial block: the plan check explains it
        out.append(f"{unit.label}{ref.suffix}")
    return out


def _check(
    fields: dict[str, Any], targets: list[str], plan: Plan, notes: list[str]
) -> dict[str, Any]:
    """Check targets and phrases against the plan; a deletion may widen (and says so)."""
    found: list[Target] = []
    for ref in targets:
        try:
            found.extend(resolve(plan, ref))
        except TargetError as exc:
            notes.append(exc.message)
    if not found or fields["op"] == "instruction":
        return fields
    op = fields["op"]
    if op == "add" and "sibling" in fields:
        try:
            resolve(plan, fields["sibling"])
        except TargetError as exc:
            notes.append(f"sibling: {exc.message}")
    wants_unit = op == "add"
    for target in found:
        if wants_unit and not target.is_unit:
            notes.append(f"an add targets a goal or block; {target.label} is an element")
        if not wants_unit and target.is_unit:
            return fields  # already said by the parser
    if op not in ("delete", "replace", "insert") or (op == "insert" and "anchor" not in fields):
        return fields
    key = "anchor" if op == "insert" else "phrase"
    needle: str = fields[key]
    places = plan.locate()
    widened: set[str] = set()
    for target in found:
        assert target.element_id is not None
        text = places[target.element_id].item.text
        where = f"{target.label}, which reads “{text}”"
        spans = phrases.find(text, needle)
        if not spans and len(text) == len(text.lower()):
            spans = phrases.find(text.lower(), needle.lower())
            if len(spans) == 1:
                actual = text[spans[0][0] : spans[0][1]]
                notes.append(f"the report writes “{needle}”, {target.label} has “{actual}”: "
                             "the element's spelling is used")  # fmt: skip
                fields = {**fields, key: actual}
                needle = actual
        if not spans:
            hint = phrases.suggest(text, needle)
            notes.append(f"“{needle}” does not occur as whole words in {where}"
                         + (f"; did you mean “{hint}”?" if hint else ""))  # fmt: skip
            continue
        if len(spans) > 1 and fields.get("occurrence") is None:
            notes.append(f"“{needle}” occurs {len(spans)} times in {where}: say which with "
                         "'occurrence: N' (or 'all')")  # fmt: skip
            continue
        if op == "delete" and len(spans) == 1:
            phrase, why = _widen(text, *spans[0])
            widened.add(phrase)
            if why:
                notes.append(why)
    if op == "delete" and len(widened) == 1:
        phrase = widened.pop()
        if phrase != needle:
            fields = {**fields, "phrase": phrase}
    elif op == "delete" and len(widened) > 1:
        notes.append("the targets need different spans; the report's words are kept: split the "
                     "amendment per target")  # fmt: skip
    return fields


# A preposition left before nothing, or before another preposition, goes with the deleted words.
PREPOSITIONS = ("for", "under", "of", "to", "by", "with", "in", "on")
_ARTICLES = ("the", "a", "an")
_BEFORE = re.compile(
    rf"\b(?P<prep>{'|'.join(PREPOSITIONS)})\s+(?:(?P<art>{'|'.join(_ARTICLES)})\s+)?$",
    re.IGNORECASE,
)
_NEXT_PREP = re.compile(rf"^\s+(?P<prep>{'|'.join(PREPOSITIONS)})\b", re.IGNORECASE)


def _widen(text: str, start: int, end: int) -> tuple[str, str | None]:
    """The span to delete for the words at start:end, and a review note if it was widened."""
    words = text[start:end]
    m = _BEFORE.search(text[:start])
    if m is None:
        return words, None
    after = text[end:]
    lead = f"“{m['prep']}{' ' + m['art'] if m['art'] else ''}”"
    if not after.strip(" .;,"):
        why = "at the end of the element"
    elif nxt := _NEXT_PREP.match(after):
        why = f"before “{nxt['prep']}”"
    else:
        return words, f"{lead} stays before the deleted words: check the element still reads well"
    phrase = text[m.start() : end]
    return phrase, (
        f"span widened from “{words}” to “{phrase}”: {lead} would be left dangling {why}"
    )


# --- the header ------------------------------------------------------------------------

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH = rf"(?:{'|'.join(_MONTH_NAMES)})"
_RANGE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH}))?\s*(?:-|–|—|to|and)\s*(?P<d2>\d{{1,2}})\s+"
    rf"(?P<m2>{_MONTH}),?\s+(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
_DATE = re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH}),?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
_SYMBOL = re.compile(
    r"\b[A-Z][A-Z0-9]+(?:/[A-Za-z0-9.-]*[A-Za-z0-9])(?:/[A-Za-z0-9.-]*[A-Za-z0-9])+"
)
_TITLE = re.compile(
    r"\breport of the (?P<body>.+?) (?P<on>on|at) (?:the work of )?its "
    r"(?P<ordinal>[a-z]+(?:-[a-z]+)?|\d+(?:st|nd|rd|th)) (?P<what>meeting|session)\b",
    re.IGNORECASE,
)
_SMALL = {"on", "of", "the", "and", "for", "in", "to", "at", "a", "an", "by", "with"}


def ordinal_number(word: str) -> int | None:
    """'fourteenth' -> 14, 'twenty-first' -> 21, '3rd' -> 3; None if it is no ordinal."""
    w = word.lower().replace(" ", "-")
    if m := re.fullmatch(r"(\d+)(?:st|nd|rd|th)", w):
        return int(m[1])
    if w in _ORDINALS:
        return _ORDINALS[w]
    tens, _, unit = w.partition("-")
    if tens in _TENS and _ORDINALS.get(unit, 10) < 10:
        return _TENS[tens] + _ORDINALS[unit]
    return None


def _title_case(text: str) -> str:
    words = text.lower().split()
    return " ".join(
        w if (i and w in _SMALL) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "extracted"


@dataclass
class _Header:
    values: dict[str, Any]
    review: dict[str, str]
    comments: dict[str, str]


def _body_name(body: str, running: str) -> tuple[str, bool]:
    """The body's name as the report's paragraphs write it (the longest prefix they use)."""
    words = body.split()
    for k in range(len(words), 1, -1):
        pattern = r"\b" + r"\s+".join(re.escape(w) for w in words[:k]) + r"\b"
        for m in re.finditer(pattern, running, re.IGNORECASE):
            if any(c.islower() for c in m.group(0)):
                return " ".join(m.group(0).split()), True
    return _title_case(body), False


def _abbreviation(name: str, running: str) -> str:
    if m := re.search(re.escape(name) + r"\s*\((?P<abbr>[A-Z][A-Za-z]*[A-Z])\)", running):
        return m["abbr"]
    head: list[str] = []
    for word in name.split():
        if word.lower() in _SMALL:
            break
        head.append(word)
    initials = "".join(w[0] for w in head if w[0].isalpha()).upper()
    return initials if len(initials) >= 2 else _slug(name).upper()[:4]


def _header(
    lines: list[str],
    paras: list[_Para],
    chosen: list[int],
    plan: Plan | None,
    plan_path: str,
    source_name: str,
) -> _Header:
    first_line = paras[0].line if paras else len(lines)
    head_lines = [line.strip() for line in lines[:first_line] if line.strip()]
    head = " ".join(head_lines)
    running = " ".join(p.text for p in paras)
    review: dict[str, str] = {}
    comments: dict[str, str] = {}

    symbol = next((s.group(0) for line in head_lines if (s := _SYMBOL.fullmatch(line))), None)
    symbol = symbol or next((s.group(0) for s in _SYMBOL.finditer(head)), None)
    title_m = _TITLE.search(head)
    tag = name = None
    number = None
    source: dict[str, Any] = {"document": symbol or source_name}
    if symbol is None:
        review["source.document"] = "no document symbol found in the report's heading"
    source["paragraph"] = chosen[0] if len(chosen) == 1 else ", ".join(map(str, chosen))
    if title_m is not None:
        body = " ".join(title_m["body"].split())
        name, found = _body_name(body, running)
        number = ordinal_number(title_m["ordinal"])
        full = _title_case(body)
        if found and full.lower().startswith(name.lower()):
            full = name + full[len(name) :]
        source["title"] = (
            f"Report of the {full} {title_m['on'].lower()} its {title_m['ordinal'].lower()} "
            f"{title_m['what'].lower()}"
        )
        abbr = _abbreviation(name, running)
        if number is not None:
            tag = f"{abbr}-{number}"
        if not found:
            review["author"] = "the body's name is taken from the title; check its usual form"
    if tag is not None:
        set_id = f"{abbr.lower()}{number}"
    elif symbol is not None:
        set_id = _slug(symbol)
        review["id"] = "no body and meeting number found; the id is the document symbol"
    else:
        set_id = _slug(Path(source_name).stem)
        review["id"] = "no body, meeting or document symbol found; the id is the file name"
    if name is None:
        author = "Unknown body"
        review["author"] = "the report's title names no body (REPORT OF THE ... ON ITS ... MEETING)"
    else:
        author = f"{name} ({tag})" if tag else name

    date, why = _meeting_date(head, paras, title_m["ordinal"] if title_m else None)
    if why:
        review["date"] = why

    if plan is not None:
        base = plan.version
    else:
        base, where = _reviewed_document(paras, chosen, symbol)
        review["base"] = (
            f"no plan given: this is the document {where} says was reviewed; it must equal the "
            "plan's version"
            if where
            else "no plan given and no reviewed document found: set the plan's version"
        )
    what = f"{symbol}, paragraph {source['paragraph']}" if symbol else source_name
    title = f"Input of the {name} ({tag}) from {what}" if name and tag else f"Input from {what}"
    values: dict[str, Any] = {
        "id": set_id,
        "title": title,
        "source": source,
        "author": author,
        "date": date,
        "plan": plan_path,
        "base": base,
    }
    if tag is not None:
        values["version"] = f"{base} + {tag}"
    return _Header(values, review, comments)


def _meeting_date(head: str, paras: list[_Para], ordinal: str | None) -> tuple[dt.date, str | None]:
    """The meeting's last day, and why it needs review if it is not certain."""
    if m := _RANGE.search(head):
        return _date(m["year"], m["m2"], m["d2"]), None
    if ordinal is not None:
        for para in paras:
            for sentence in re.split(r"(?<=\.)\s+", para.text):
                if ordinal.lower() in sentence.lower() and (m := _RANGE.search(sentence)):
                    return _date(m["year"], m["m2"], m["d2"]), None
    dates = list(_DATE.finditer(head))
    if len(dates) >= 2:
        m = dates[-1]
        why = "a single date after the document's own date: check it is the meeting's last day"
        return _date(m["year"], m["m"], m["d"]), why
    if dates:
        m = dates[0]
        return _date(m["year"], m["m"], m["d"]), "the report's own date, not the meeting's"
    return dt.date(1970, 1, 1), "no date found in the report: set the meeting's last day"


def _date(year: str, month: str, day: str) -> dt.date:
    return dt.date(int(year), _MONTHS[month.lower()], int(day))


def _reviewed_document(
    paras: list[_Para], chosen: list[int], own: str | None
) -> tuple[str, str | None]:
    """The nearest document symbol before the chosen paragraph in a paragraph about a draft."""
    by_number = {p.number: p for p in paras}
    start = chosen[0]
    for n in range(start, max(0, start - 8), -1):
        para = by_number.get(n)
        if para is None or "draft" not in para.text.lower():
            continue
        for s in _SYMBOL.finditer(para.text):
            symbol = s.group(0).rstrip(".")
            if symbol != own:
                return symbol, f"paragraph {n}"
    return "unknown", None


# --- the pure core ---------------------------------------------------------------------


def extract(
    text: str,
    *,
    paragraph: int | None = None,
    plan: Plan | None = None,
    source_name: str = "report",
    plan_path: str = DEFAULT_PLAN_PATH,
) -> Extraction:
    """Read paragraph ``paragraph`` (or every amending paragraph) of a report into a set."""
    lines = _prepare(text)
    paras = _paragraphs(lines)
    where = Location(source_name)
    if not paras:
        raise InputError(
            "the report has no numbered paragraphs (lines starting '1.', '2.', ...)", where
        )
    lettered = [(p, its) for p in paras if (its := _items(p))]
    if paragraph is not None:
        para = next((p for p in paras if p.number == paragraph), None)
        if para is None:
            raise InputError(
                f"paragraph {paragraph} not found; the report has numbered paragraphs "
                f"{paras[0].number} to {paras[-1].number}",
                where,
            )
        items = _items(para)
        if not items:
            others = ", ".join(str(p.number) for p, _ in lettered) or "none"
            raise InputError(
                f"paragraph {paragraph} has no lettered items ((a), (b), ...) at the start of a "
                f"line; paragraphs with lettered items: {others}",
                Location(source_name, para.line + 1),
            )
        chosen = [(para, items)]
    else:
        chosen = [(p, its) for p, its in lettered if _is_amending(its)]
        if not chosen:
            raise InputError(
                "no paragraph has lettered items that name a goal and say what should be done "
                "(such as '(a) Goal A.1, key area (2) should be rephrased as follows: ...'); "
                "give --paragraph N",
                where,
            )
    extracted: list[ExtractedItem] = []
    for para, items in chosen:
        for item in items:
            extracted.append(_extract_item(para, item, plan, source_name))
    if all(i.amendment is None for i in extracted):
        numbers = ", ".join(str(p.number) for p, _ in chosen)
        raise InputError(
            f"none of the lettered items of paragraph {numbers} names a goal, key area or "
            "activity (such as 'Goal A.1, key area (2)'); there is nothing to extract",
            where,
        )
    header = _header(lines, paras, [p.number for p, _ in chosen], plan, plan_path, source_name)
    adds = [i for i in extracted if i.amendment and i.amendment["op"] == "add"]
    unplaced = [i.id for i in adds if "position" not in (i.amendment or {})]
    if unplaced:
        header.values["default_position"] = "end"
        header.comments["default_position"] = (
            f"The report adds without saying where ({', '.join(unplaced)}): it goes last."
        )
    return Extraction(
        source_name=source_name,
        paragraphs=[p.number for p, _ in chosen],
        header=header.values,
        review=header.review,
        comments=header.comments,
        items=extracted,
        plan_version=plan.version if plan is not None else None,
    )


def _is_amending(items: list[_Item]) -> bool:
    for item in items:
        try:
            parsed = _parse_item(item.text)
        except _Unbalanced:
            if _TARGET.search(_clean(item.text)):
                return True  # the error is reported when the paragraph is extracted
            continue
        if parsed.ref is not None and parsed.amending:
            return True
    return False


def _extract_item(para: _Para, item: _Item, plan: Plan | None, source_name: str) -> ExtractedItem:
    item_id = f"{para.number}({item.letter})"
    try:
        parsed = _parse_item(item.text)
    except _Unbalanced as exc:
        raise InputError(
            f"paragraph {para.number}, item ({item.letter}): unbalanced quotes: {exc}; fix the "
            "report's quotation marks",
            Location(source_name, item.line),
        ) from None
    notes = list(parsed.notes)
    if parsed.ref is None or parsed.fields is None:
        return ExtractedItem(item_id, item.line, item.text, None, "instruction", notes)
    targets = _targets(parsed.ref, plan, notes)
    fields = parsed.fields
    if plan is not None and parsed.ref.error is None:
        fields = _check(fields, targets, plan, notes)
    elif fields["op"] == "delete":
        notes.append("not checked against a plan: check no preposition or article is left "
                     "dangling")  # fmt: skip
    amendment: dict[str, Any] = {"id": item_id}
    if len(targets) == 1:
        amendment["target"] = targets[0]
    else:
        amendment["targets"] = targets
    amendment.update(fields)
    amendment["quote"] = item.text
    note = parsed.note
    if fields["op"] == "delete" and fields["phrase"] != parsed.fields.get("phrase"):
        note = (
            f"The report names “{parsed.fields['phrase']}”; the span deleted is "
            f"“{fields['phrase']}”, so that no preposition is left dangling."
        )
    if note:
        amendment["note"] = note
    if fields["op"] == "instruction":
        confidence: Confidence = "instruction"
    else:
        confidence = "check" if notes else "certain"
    return ExtractedItem(item_id, item.line, item.text, amendment, confidence, notes, parsed.rule)
