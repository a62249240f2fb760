"""What a reviewer did to a document: its tracked changes with their authors and dates, its
comments with their anchors and replies, its bookmarks and its custom properties.

The body is read as a stream of paragraphs, each a list of pieces of text that are kept,
inserted or deleted (by whom, when), followed by its paragraph mark, itself kept, inserted or
deleted. From that stream :func:`view` derives the paragraphs as they read after accepting or
after rejecting every change, and for each character of them where it came from, so that a
caller can tell which old paragraph a new one grew out of. Knows nothing of plans.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from editplan.ooxml.ns import w
from editplan.ooxml.walker import _TextReader, flatten

State = Literal["same", "ins", "del"]
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"

_CONTAINERS = frozenset(
    w(name) for name in ("hyperlink", "smartTag", "fldSimple", "customXml", "dir", "bdo")
)
_INSERTS = {w("ins"): "ins", w("moveTo"): "moveTo"}
_DELETES = {w("del"): "del", w("moveFrom"): "moveFrom"}


@dataclass(frozen=True)
class Revision:
    """One tracked change: its kind (ins, del, moveFrom, moveTo, format), author and date."""

    kind: str
    author: str
    date: str | None
    id: str
    move: str | None = None  # the w:name pairing a moveFrom with its moveTo, if Word gave one


@dataclass
class Piece:
    """A stretch of text with one state; ``inserted`` is set for text that one revision
    inserted and another (``revision``) deleted."""

    text: str
    state: State
    revision: Revision | None = None
    inserted: Revision | None = None


@dataclass
class Paragraph:
    """A body paragraph as the reviewer left it: pieces, mark, format changes, markers.

    ``start`` is the global offset of its first character in the stream (every piece's text,
    deleted text included, and one character for each paragraph mark).
    """

    element: etree._Element
    pieces: list[Piece]
    mark: State
    mark_revision: Revision | None
    joins_next: bool
    start: int = 0
    formats: list[tuple[Revision, str]] = field(default_factory=list)
    bookmarks: list[tuple[str, int]] = field(default_factory=list)
    para_id: str | None = None

    @property
    def length(self) -> int:
        return sum(len(p.text) for p in self.pieces)

    @property
    def end(self) -> int:
        """Global offset of the paragraph mark."""
        return self.start + self.length


@dataclass
class Comment:
    """A comment: author, date, text, the stream offsets it covers, and the comment it answers."""

    id: str
    author: str
    date: str | None
    text: str
    start: int | None = None
    end: int | None = None
    parent: str | None = None
    para_ids: tuple[str, ...] = ()


@dataclass
class ViewParagraph:
    """A paragraph after accepting (or rejecting) every change: its text, where each character
    came from in the stream, and the index of the stream paragraph whose mark ends it."""

    text: str
    origins: list[int]
    last: int


@dataclass
class Reviewed:
    """Everything read from a reviewed document's body and parts."""

    paragraphs: list[Paragraph]
    comments: list[Comment]
    properties: dict[str, str]
    states: list[State] = field(default_factory=list)
    revisions: list[Revision | None] = field(default_factory=list)
    ghosts: list[Revision | None] = field(default_factory=list)

    def revision_at(self, offset: int) -> Revision | None:
        return self.revisions[offset]


def read(
    body: etree._Element,
    comments: etree._Element | None = None,
    extended: etree._Element | None = None,
    custom: etree._Element | None = None,
) -> Reviewed:
    """Read the body's paragraphs (table cells included, in the walker's order), the comments
    with their anchors and replies, and the custom properties."""
    reader = _Reader()
    paragraphs = [reader.paragraph(p) for p in _paragraphs(body)]
    found = read_comments(comments, extended)
    for comment in found:
        comment.start = reader.starts.get(comment.id)
        comment.end = reader.ends.get(comment.id)
    out = Reviewed(paragraphs, found, read_properties(custom))
    for p in paragraphs:
        for piece in p.pieces:
            n = len(piece.text)
            out.states.extend([piece.state] * n)
            out.revisions.extend([piece.revision] * n)
            out.ghosts.extend([piece.inserted] * n)
        out.states.append(p.mark)
        out.revisions.append(p.mark_revision)
        out.ghosts.append(None)
    return out


def _paragraphs(el: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs in the order the walker counts them: body paragraphs and table cells."""
    for child in flatten(el):
        if child.tag == w("p"):
            yield child
        elif child.tag in (w("tbl"), w("tr"), w("tc")):
            yield from _paragraphs(child)


class _Reader:
    """Walks paragraphs keeping one global offset, and where comment ranges start and end."""

    def __init__(self) -> None:
        self.offset = 0
        self.starts: dict[str, int] = {}
        self.ends: dict[str, int] = {}

    def paragraph(self, p: etree._Element) -> Paragraph:
        mark, mark_rev = "same", None
        ppr = p.find(w("pPr"))
        rpr = None if ppr is None else ppr.find(w("rPr"))
        if rpr is not None:
            for child in rpr:
                if child.tag in _INSERTS:
                    mark, mark_rev = "ins", _revision(child, _INSERTS[child.tag])
                elif child.tag in _DELETES:
                    mark, mark_rev = "del", _revision(child, _DELETES[child.tag])
        nxt = p.getnext()
        para = Paragraph(p, [], mark, mark_rev, nxt is not None and nxt.tag == w("p"))  # type: ignore[arg-type]
        para.start = self.offset
        para.para_id = p.get(f"{{{W14}}}paraId")
        if ppr is not None and (change := ppr.find(w("pPrChange"))) is not None:
            para.formats.append((_revision(change, "format"), ""))
        self._content(p, para, "same", None, None)
        self.offset += 1  # the paragraph mark
        return para

    def _content(
        self,
        node: etree._Element,
        para: Paragraph,
        state: State,
        rev: Revision | None,
        inserted: Revision | None,
    ) -> None:
        for child in node:
            tag = child.tag
            if tag == w("r"):
                self._run(child, para, state, rev, inserted)
            elif tag in _INSERTS:
                self._content(child, para, "ins", _revision(child, _INSERTS[tag]), None)
            elif tag in _DELETES:
                deleted = _revision(child, _DELETES[tag])
                # text inserted by one revision and deleted by another: Word nests w:del in w:ins
                self._content(child, para, "del", deleted, rev if state == "ins" else None)
            elif tag in _CONTAINERS:
                self._content(child, para, state, rev, inserted)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self._content(content, para, state, rev, inserted)
            elif tag == w("commentRangeStart"):
                self.starts.setdefault(child.get(w("id"), ""), self.offset)
            elif tag == w("commentRangeEnd"):
                self.ends[child.get(w("id"), "")] = self.offset
            elif tag == w("bookmarkStart"):
                para.bookmarks.append((child.get(w("name"), ""), self.offset))

    def _run(
        self,
        r: etree._Element,
        para: Paragraph,
        state: State,
        rev: Revision | None,
        inserted: Revision | None,
    ) -> None:
        if state == "del" and r.find(w("delText")) is not None:
            r = copy.deepcopy(r)
            for node in r.iter(w("delText")):
                node.tag = w("t")
        # the walker's own reading of a run, so that both read the same text
        text_reader = _TextReader()
        text_reader.run(r)
        text = "".join(text_reader.parts)
        rpr = r.find(w("rPr"))
        change = None if rpr is None else rpr.find(w("rPrChange"))
        if change is not None:
            para.formats.append((_revision(change, "format"), text))
        if not text:
            return
        para.pieces.append(Piece(text, state, rev, inserted))
        self.offset += len(text)


def _revision(el: etree._Element, kind: str) -> Revision:
    return Revision(
        kind=kind,
        author=(el.get(w("author")) or "").strip() or "Unknown author",
        date=el.get(w("date")) or None,
        id=el.get(w("id"), ""),
        move=el.get(w("name")) if kind in ("moveFrom", "moveTo") else None,
    )


def view(reviewed: Reviewed, *, accept: bool) -> list[ViewParagraph]:
    """The paragraphs after accepting (or rejecting) every change, as Word reads them: text
    whose state goes is dropped, and a paragraph whose mark goes joins the next paragraph."""
    keep: tuple[State, ...] = ("same", "ins") if accept else ("same", "del")
    out: list[ViewParagraph] = []
    text: list[str] = []
    origins: list[int] = []
    for index, p in enumerate(reviewed.paragraphs):
        at = p.start
        for piece in p.pieces:
            wanted = piece.state in keep and not (not accept and piece.inserted is not None)
            if wanted:
                text.append(piece.text)
                origins.extend(range(at, at + len(piece.text)))
            at += len(piece.text)
        if p.mark in keep or not p.joins_next:
            out.append(ViewParagraph("".join(text), origins, index))
            text, origins = [], []
    return out


def read_comments(
    comments: etree._Element | None, extended: etree._Element | None
) -> list[Comment]:
    """The comments part, in order, with each reply's parent from commentsExtended."""
    if comments is None:
        return []
    out: list[Comment] = []
    by_para: dict[str, str] = {}
    for el in comments.iter(w("comment")):
        paras = el.findall(f".//{w('p')}")
        text = "\n".join("".join(t.text or "" for t in p.iter(w("t"))) for p in paras).strip()
        para_ids = tuple(p.get(f"{{{W14}}}paraId") for p in paras if p.get(f"{{{W14}}}paraId"))
        comment = Comment(
            id=el.get(w("id"), ""),
            author=(el.get(w("author")) or "").strip() or "Unknown author",
            date=el.get(w("date")) or None,
            text=text,
            para_ids=para_ids,  # type: ignore[arg-type]
        )
        for para_id in para_ids:
            by_para[para_id] = comment.id
        out.append(comment)
    if extended is not None:
        parents: dict[str, str] = {}
        for ex in extended.iter(f"{{{W15}}}commentEx"):
            parent = ex.get(f"{{{W15}}}paraIdParent")
            if parent:
                parents[ex.get(f"{{{W15}}}paraId", "")] = parent
        for comment in out:
            for para_id in comment.para_ids:
                if para_id in parents and parents[para_id] in by_para:
                    comment.parent = by_para[parents[para_id]]
    return out


def read_properties(custom: etree._Element | None) -> dict[str, str]:
    """Custom document properties by name, as text."""
    if custom is None:
        return {}
    out: dict[str, str] = {}
    for prop in custom.iter(f"{{{_CUSTOM}}}property"):
        name = prop.get("name")
        if name:
            out[name] = "".join(prop.itertext()).strip()
    return out
