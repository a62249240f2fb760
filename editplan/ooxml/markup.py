"""Low-level builders for WordprocessingML revision markup (tracked changes and comment anchors).

python-docx writes no revision markup, so the .docx writer builds it here with lxml. Everything
is a pure function of its arguments on lxml elements: no documents, parts or I/O. Elements are
made with python-docx's oxml parser, so a ``w:r`` built here is python-docx's ``CT_R`` and the
python-docx proxies keep working on paragraphs that hold them; python-docx is loaded when the
first element is made, so that the plan documents' writer, which writes markup as text and uses
only the counters here, does not load it. The rules followed are those of
``notes/ooxml-revisions.md``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from editplan.ooxml.ns import REVISION_TAGS, XML_SPACE, W, w

# Children of a paragraph's w:pPr that come after w:rPr in the schema (CT_PPr sequence).
_AFTER_PPR_RPR = frozenset(w(name) for name in ("sectPr", "pPrChange"))
# Paragraph-mark revision markers; one of them, if any, is the first child of w:pPr/w:rPr.
_MARK_REVISIONS = frozenset(w(name) for name in ("ins", "del", "moveFrom", "moveTo"))

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def qn(tag: str) -> str:
    """Turn ``"w:name"`` into the Clark name ``"{W}name"`` that lxml uses."""
    prefix, _, name = tag.partition(":")
    if prefix != "w" or not name:
        raise ValueError(f"expected a w: tag, got {tag!r}")
    return w(name)


_NSMAP = {"w": W}


def _el(tag: str, **attrs: str) -> etree._Element:
    """Make element ``w:<tag>`` with ``w:`` attributes given as keyword arguments.

    What ``OxmlElement("w:<tag>")`` makes (python-docx's class for the tag, ``w`` declared),
    without parsing the prefixed name each time: a tracked document makes 100,000s of these.
    """
    attrib = {w(k): v for k, v in attrs.items()} if attrs else None
    return (_parser or _load_parser()).makeelement(w(tag), attrib=attrib, nsmap=_NSMAP)


_parser: Any = None  # python-docx's oxml parser, once an element is made


def _load_parser() -> Any:
    global _parser
    from docx.oxml.parser import oxml_parser

    _parser = oxml_parser
    return _parser


class IdCounter:
    """The one source of every ``w:id`` the writer creates (revisions, comments, bookmarks).

    Start it above every id already in the package (see :func:`highest_id`); one counter avoids
    collisions between kinds and rescanning the document for each edit.
    """

    def __init__(self, start: int) -> None:
        if start < 0:
            raise ValueError("w:id values are non-negative")
        self._next = start

    def next(self) -> int:
        """Return a fresh id and advance."""
        value = self._next
        self._next += 1
        return value

    @property
    def peek(self) -> int:
        """The id the next call to :meth:`next` returns, without using it."""
        return self._next


def highest_id(*roots: etree._Element) -> int:
    """Return the largest numeric ``w:id`` anywhere under ``roots``, or -1 when there is none.

    Use ``IdCounter(highest_id(document, comments, ...) + 1)``.
    """
    attr = qn("w:id")
    best = -1
    for root in roots:
        for el in root.iter():
            value = el.get(attr)
            if value is not None and value.lstrip("-").isdigit():
                best = max(best, int(value))
    return best


@dataclass(frozen=True)
class Revision:
    """Who made a set of changes and when; ``date`` is already ``YYYY-MM-DDTHH:MM:SSZ``."""

    author: str
    date: str

    def __post_init__(self) -> None:
        if not self.author:
            raise ValueError("a revision needs an author")
        if not _DATE_RE.fullmatch(self.date):
            raise ValueError(f"revision date must be YYYY-MM-DDTHH:MM:SSZ, got {self.date!r}")


def _set_text(el: etree._Element, text: str) -> None:
    """Set ``el.text`` and mark it ``xml:space="preserve"`` when whitespace could be lost.

    XML consumers may trim edge whitespace and Word collapses runs of spaces, so both need it.
    """
    el.text = text
    if text != text.strip(" \t\r\n") or "  " in text:
        el.set(XML_SPACE, "preserve")


def make_run(text: str, rpr: etree._Element | None = None, deleted: bool = False) -> etree._Element:
    """Build a ``w:r`` holding ``text`` (as ``w:delText`` when ``deleted``) with a copy of ``rpr``.

    A tab becomes ``w:tab`` and a line feed ``w:br``, since a literal one in ``w:t`` is not
    read as such by Word.
    """
    r = _el("r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    text_tag = "delText" if deleted else "t"
    for i, line in enumerate(text.replace("\r\n", "\n").split("\n")):
        if i:
            r.append(_el("br"))
        for j, piece in enumerate(line.split("\t")):
            if j:
                r.append(_el("tab"))
            if piece:
                t = _el(text_tag)
                _set_text(t, piece)
                r.append(t)
    return r


def _revision(tag: str, rev: Revision, ids: IdCounter) -> etree._Element:
    """Make an empty ``w:ins`` or ``w:del`` with a fresh id, the author and the date."""
    return _el(tag, id=str(ids.next()), author=rev.author, date=rev.date)


def _check_runs(runs: Sequence[etree._Element]) -> None:
    """Refuse anything but loose runs: revisions wrap whole runs and are never nested."""
    for r in runs:
        if r.tag != qn("w:r"):
            raise ValueError(f"revisions wrap w:r elements only, got {r.tag}")
        parent = r.getparent()
        if parent is not None and parent.tag in REVISION_TAGS:
            raise ValueError("run is already inside a revision; revisions must not be nested")


def _wrap(wrapper: etree._Element, runs: Sequence[etree._Element]) -> etree._Element:
    """Move ``runs`` into ``wrapper``, which takes the first run's place if it has a parent."""
    if runs:
        parent = runs[0].getparent()
        if parent is not None:
            parent.insert(parent.index(runs[0]), wrapper)
    for r in runs:
        wrapper.append(r)
    return wrapper


def _retag(runs: Iterable[etree._Element], mapping: dict[str, str]) -> None:
    """Rename text elements of ``runs`` (``w:t`` <-> ``w:delText``), keeping their attributes."""
    for r in runs:
        for child in r:
            new = mapping.get(child.tag)
            if new is not None:
                child.tag = new


_TO_DELETED = {qn("w:t"): qn("w:delText"), qn("w:instrText"): qn("w:delInstrText")}
_TO_PLAIN = {v: k for k, v in _TO_DELETED.items()}


def make_ins(runs: Sequence[etree._Element], rev: Revision, ids: IdCounter) -> etree._Element:
    """Wrap ``runs`` in a new ``w:ins`` (own id, author, date) and return it.

    Runs that sit in a paragraph are wrapped in place; ``w:delText`` becomes ``w:t``.
    """
    _check_runs(runs)
    _retag(runs, _TO_PLAIN)
    return _wrap(_revision("ins", rev, ids), runs)


def make_del(runs: Sequence[etree._Element], rev: Revision, ids: IdCounter) -> etree._Element:
    """Wrap ``runs`` in a new ``w:del`` (own id, author, date) and return it.

    Runs that sit in a paragraph are wrapped in place. Inside ``w:del`` text must be
    ``w:delText`` (and field codes ``w:delInstrText``), so ``w:t`` is converted.
    """
    _check_runs(runs)
    for r in runs:
        if r.find(qn("w:commentReference")) is not None:
            # Accepting the deletion would delete the comment with it.
            raise ValueError("a comment reference run must stay outside w:del")
    _retag(runs, _TO_DELETED)
    return _wrap(_revision("del", rev, ids), runs)


def append_diff(
    p: etree._Element,
    segments: Iterable[tuple[str, str]],
    rev: Revision,
    ids: IdCounter,
    rpr: etree._Element | None = None,
) -> list[etree._Element]:
    """Append the runs of a word diff to paragraph ``p`` and return the appended elements.

    "equal" text becomes a plain run, "delete" a ``w:del`` and "insert" a ``w:ins``, each run
    with a copy of ``rpr``; a replacement (delete then insert) gets two revisions, two ids.
    Empty segments are skipped.
    """
    added: list[etree._Element] = []
    for op, text in segments:
        if not text:
            continue
        if op == "equal":
            el = make_run(text, rpr)
        elif op == "delete":
            el = make_del([make_run(text, rpr, deleted=True)], rev, ids)
        elif op == "insert":
            el = make_ins([make_run(text, rpr)], rev, ids)
        else:
            raise ValueError(f"unknown diff op {op!r}")
        p.append(el)
        added.append(el)
    return added


def get_or_add_ppr(p: etree._Element) -> etree._Element:
    """Return the ``w:pPr`` of paragraph ``p``, creating it as its first child if needed."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = _el("pPr")
        p.insert(0, ppr)
    return ppr


def get_or_add_mark_rpr(p: etree._Element) -> etree._Element:
    """Return ``w:pPr/w:rPr`` (the paragraph mark's properties), created in schema position.

    In CT_PPr, ``w:rPr`` comes after every other property but before ``w:sectPr`` and
    ``w:pPrChange``.
    """
    ppr = get_or_add_ppr(p)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = _el("rPr")
        for i, child in enumerate(ppr):
            if child.tag in _AFTER_PPR_RPR:
                ppr.insert(i, rpr)
                break
        else:
            ppr.append(rpr)
    return rpr


def paragraph_mark_revision(p: etree._Element) -> etree._Element | None:
    """Return the revision on paragraph ``p``'s mark (``w:pPr/w:rPr/w:ins`` etc.), if any."""
    rpr = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    if rpr is None:
        return None
    for child in rpr:
        if child.tag in _MARK_REVISIONS:
            return child
    return None


def _mark_paragraph(p: etree._Element, tag: str, rev: Revision, ids: IdCounter) -> etree._Element:
    """Record the paragraph mark of ``p`` as inserted or deleted and return the marker."""
    if paragraph_mark_revision(p) is not None:
        raise ValueError("the paragraph mark already carries a revision (at most one per mark)")
    rpr = get_or_add_mark_rpr(p)
    marker = _revision(tag, rev, ids)
    # The marker must be the FIRST child of the mark's w:rPr (CT_ParaRPr sequence).
    rpr.insert(0, marker)
    return marker


def mark_paragraph_inserted(p: etree._Element, rev: Revision, ids: IdCounter) -> etree._Element:
    """Mark paragraph ``p``'s mark as inserted (``w:pPr/w:rPr/w:ins``) and return the marker."""
    return _mark_paragraph(p, "ins", rev, ids)


def mark_paragraph_deleted(p: etree._Element, rev: Revision, ids: IdCounter) -> etree._Element:
    """Mark paragraph ``p``'s mark as deleted (``w:pPr/w:rPr/w:del``) and return the marker."""
    return _mark_paragraph(p, "del", rev, ids)


def properties_change(
    old: Sequence[etree._Element], rev: Revision, ids: IdCounter
) -> etree._Element:
    """Build ``w:pPrChange`` recording a paragraph's properties before a revision (``old``, the
    children of the old ``w:pPr``); it goes last in the paragraph's ``w:pPr``."""
    change = _revision("pPrChange", rev, ids)
    before = _el("pPr")
    before.extend(copy.deepcopy(list(old)))
    change.append(before)
    return change


def comment_range_start(comment_id: int) -> etree._Element:
    """Build ``w:commentRangeStart``; place it before the covered content, outside revisions."""
    return _el("commentRangeStart", id=str(comment_id))


def comment_range_end(comment_id: int) -> etree._Element:
    """Build ``w:commentRangeEnd``; place it after the covered content, outside revisions."""
    return _el("commentRangeEnd", id=str(comment_id))


def comment_reference_run(comment_id: int) -> etree._Element:
    """Build the run that shows the comment mark; it must sit outside any ``w:del``."""
    r = _el("r")
    rpr = _el("rPr")
    rpr.append(_el("rStyle", val="CommentReference"))
    r.append(rpr)
    r.append(_el("commentReference", id=str(comment_id)))
    return r


def anchor_comment(
    first: etree._Element, last: etree._Element, comment_id: int
) -> tuple[etree._Element, etree._Element, etree._Element]:
    """Put a comment's range around the siblings ``first`` .. ``last`` and its reference after.

    ``first`` and ``last`` are children of one paragraph (runs, ``w:ins`` or ``w:del``); the
    markers go beside them, never inside a revision. Returns (start, end, reference run).
    """
    parent = first.getparent()
    if parent is None or last.getparent() is not parent:
        raise ValueError("the anchored elements must be siblings in one paragraph")
    if parent.index(first) > parent.index(last):
        raise ValueError("first must not come after last")
    start = comment_range_start(comment_id)
    end = comment_range_end(comment_id)
    ref = comment_reference_run(comment_id)
    first.addprevious(start)
    last.addnext(end)
    end.addnext(ref)
    return start, end, ref


def open_comment_range(p: etree._Element, comment_id: int) -> None:
    """Put a comment range start before a paragraph's content (after earlier starts)."""
    skip = {qn("w:pPr"), qn("w:commentRangeStart")}
    at = 0
    for at, child in enumerate(p):  # noqa: B007 -- the index is used after the loop
        if child.tag not in skip:
            break
    else:
        at = len(p)
    p.insert(at, comment_range_start(comment_id))


def comment_styles() -> list[etree._Element]:
    """Build the ``CommentReference`` and ``CommentText`` style definitions.

    python-docx uses both styles for comments without defining them in its default template,
    which leaves the references undefined; add the missing ones to ``w:styles``.
    """
    reference = _el("style", type="character", styleId="CommentReference")
    reference.append(_el("name", val="annotation reference"))
    reference.append(_el("basedOn", val="DefaultParagraphFont"))
    reference.append(_el("uiPriority", val="99"))
    reference.append(_el("semiHidden"))
    reference.append(_el("unhideWhenUsed"))
    ref_rpr = _el("rPr")
    ref_rpr.append(_el("sz", val="16"))
    ref_rpr.append(_el("szCs", val="16"))
    reference.append(ref_rpr)

    text = _el("style", type="paragraph", styleId="CommentText")
    text.append(_el("name", val="annotation text"))
    text.append(_el("basedOn", val="Normal"))
    text.append(_el("uiPriority", val="99"))
    text.append(_el("unhideWhenUsed"))
    text_rpr = _el("rPr")
    text_rpr.append(_el("sz", val="20"))
    text_rpr.append(_el("szCs", val="20"))
    text.append(text_rpr)
    return [reference, text]


def ensure_comment_styles(styles: etree._Element) -> list[str]:
    """Add to the ``w:styles`` root whichever comment styles it lacks; return their ids.

    ``basedOn`` targets that the styles part does not define are dropped, so the result never
    refers to a missing style.
    """
    style_tag, id_attr = qn("w:style"), qn("w:styleId")
    present = {s.get(id_attr) for s in styles.iter(style_tag)}
    added: list[str] = []
    for style in comment_styles():
        style_id = style.get(id_attr)
        if style_id in present:
            continue
        based_on = style.find(qn("w:basedOn"))
        if based_on is not None and based_on.get(qn("w:val")) not in present:
            style.remove(based_on)
        styles.append(style)
        added.append(style_id)
    return added


def find_revisions(root: etree._Element) -> list[etree._Element]:
    """Return every revision element under ``root``, so a writer can refuse marked-up input."""
    return [el for el in root.iter() if el.tag in REVISION_TAGS]
