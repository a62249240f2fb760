"""What a reviewer did to a document: its tracked changes with their authors and dates, its
comments with their anchors and replies, its bookmarks and its custom properties.

The body is read as a stream of paragraphs, each a list of pieces of text that are kept,
inserted or deleted (by whom, when), followed by its paragraph mark, itself kept, inserted or
deleted. From that stream :func:`view` derives the paragraphs as they read after accepting or
after rejecting every change, and for each character of them where it came from, so that a
caller can tell which old paragraph a new one grew out of. It follows Word's markup as
:func:`~editplan.ooxml.revisions.resolve_revisions` resolves it: moves whose ranges close
between paragraphs, text one revision inserted and another deleted (either nesting), inserted
and deleted table rows and cells, equations. Knows nothing of plans.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from editplan.ooxml.ns import w
from editplan.ooxml.revisions import next_paragraph
from editplan.ooxml.runs import MATH, TextReader

State = Literal["same", "ins", "del"]
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
# Word 2013 wrote comment threads in a namespace of its preview before the final one.
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W15_PREVIEW = "http://schemas.microsoft.com/office/word/2010/11/wordml"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"

_CONTAINERS = frozenset(
    w(name) for name in ("hyperlink", "smartTag", "fldSimple", "customXml", "dir", "bdo")
)
_KINDS = {w("ins"): "ins", w("moveTo"): "moveTo", w("del"): "del", w("moveFrom"): "moveFrom"}
_MOVE_RANGES = {
    w("moveFromRangeStart"): ("moveFrom", True),
    w("moveFromRangeEnd"): ("moveFrom", False),
    w("moveToRangeStart"): ("moveTo", True),
    w("moveToRangeEnd"): ("moveTo", False),
}
# Property changes that say a table, row or cell was reformatted.
_TABLE_FORMATS = tuple(w(n) for n in ("tblPrChange", "trPrChange", "tcPrChange", "tblGridChange"))


@dataclass(frozen=True)
class Revision:
    """One tracked change: its kind (ins, del, moveFrom, moveTo; format, or "format of a
    paragraph", "of a paragraph mark", "of a table"), author and date."""

    kind: str
    author: str
    date: str | None
    id: str
    move: str | None = None  # the name pairing a moveFrom with its moveTo, if Word gave one


@dataclass
class Piece:
    """A stretch of text with one state; ``inserted`` is set for text that one revision
    inserted and another (``revision``) deleted, which neither accepting nor rejecting keeps."""

    text: str
    state: State
    revision: Revision | None = None
    inserted: Revision | None = None


@dataclass
class Paragraph:
    """A body paragraph as the reviewer left it: pieces, mark, format changes, markers.

    ``start`` is the global offset of its first character in the stream (every piece's text,
    deleted text included, and one character for each paragraph mark). ``gone`` names the
    sides ("accept", "reject") on which the paragraph's table row or cell goes with it.
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
    mark_inserted: Revision | None = None
    gone: frozenset[str] = frozenset()

    @property
    def length(self) -> int:
        return sum(len(p.text) for p in self.pieces)

    @property
    def end(self) -> int:
        """Global offset of the paragraph mark."""
        return self.start + self.length


@dataclass
class Comment:
    """A comment: author, date, text, the stream offsets it covers, the comment it answers,
    and whether it was marked resolved ("done")."""

    id: str
    author: str
    date: str | None
    text: str
    start: int | None = None
    end: int | None = None
    parent: str | None = None
    para_ids: tuple[str, ...] = ()
    done: bool = False


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
    unnamed: int = 0  # changes and comments whose w:author was empty

    def revision_at(self, offset: int) -> Revision | None:
        return self.revisions[offset]


def read(
    body: etree._Element,
    comments: etree._Element | None = None,
    extended: etree._Element | None = None,
    custom: etree._Element | None = None,
    *,
    unnamed: str = "",
) -> Reviewed:
    """Read the body's paragraphs (table cells included, in the walker's order), the comments
    with their anchors and replies, and the custom properties. A change or comment whose
    author is empty is given ``unnamed``, and counted."""
    reader = _Reader(unnamed)
    reader.blocks(body, _Context())
    paragraphs = reader.paragraphs
    found = read_comments(comments, extended)
    for comment in found:
        comment.start = reader.starts.get(comment.id)
        comment.end = reader.ends.get(comment.id)
        if not comment.author:
            comment.author = unnamed
            reader.unnamed.add(f"comment {comment.id}")
    out = Reviewed(paragraphs, found, read_properties(custom), unnamed=len(reader.unnamed))
    for p in paragraphs:
        for piece in p.pieces:
            n = len(piece.text)
            out.states.extend([piece.state] * n)
            out.revisions.extend([piece.revision] * n)
            out.ghosts.extend([piece.inserted] * n)
        out.states.append(p.mark)
        out.revisions.append(p.mark_revision)
        out.ghosts.append(p.mark_inserted)
    return out


@dataclass(frozen=True)
class _Context:
    """The revisions around what is being read: the insertion and the deletion it is inside
    (a table row's or cell's included), and the sides on which its row or cell goes."""

    inserted: Revision | None = None
    deleted: Revision | None = None
    gone: frozenset[str] = frozenset()

    def state(self) -> tuple[State, Revision | None, Revision | None]:
        """State, revision and (for text inserted and then deleted) the insertion."""
        if self.deleted is not None:
            return "del", self.deleted, self.inserted
        if self.inserted is not None:
            return "ins", self.inserted, None
        return "same", None, None

    def inside(self, rev: Revision) -> _Context:
        if rev.kind in ("ins", "moveTo"):
            return dataclasses.replace(self, inserted=self.inserted or rev)
        return dataclasses.replace(self, deleted=self.deleted or rev)


def _children(el: etree._Element) -> Iterator[etree._Element]:
    """Children, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _children(content)
        elif child.tag == w("customXml"):
            yield from _children(child)
        else:
            yield child


class _Reader:
    """Walks paragraphs keeping one global offset, where comment ranges start and end, and
    which move ranges are open."""

    def __init__(self, unnamed: str = "") -> None:
        self.name_unnamed = unnamed
        self.unnamed: set[str] = set()
        self.offset = 0
        self.paragraphs: list[Paragraph] = []
        self.starts: dict[str, int] = {}
        self.ends: dict[str, int] = {}
        self.moves: dict[str, dict[str, str]] = {"moveFrom": {}, "moveTo": {}}  # id -> name
        self.pending_marks: list[str] = []  # bookmarks opened between paragraphs
        self.table_formats: list[Revision] = []

    def blocks(self, el: etree._Element, ctx: _Context) -> None:
        """Paragraphs and tables in the walker's order, with the markers between them."""
        for child in _children(el):
            tag = child.tag
            if tag == w("p"):
                self.paragraph(child, ctx)
            elif tag == w("tbl"):
                self.table(child, ctx)
            else:
                self.marker(child, None)

    def table(self, tbl: etree._Element, ctx: _Context) -> None:
        self._table_formats(tbl.find(w("tblPr")), tbl.find(w("tblGrid")))
        for row in _children(tbl):
            if row.tag != w("tr"):
                self.marker(row, None)
                continue
            row_ctx = self._container(row.find(w("trPr")), ctx, row=True)
            for cell in _children(row):
                if cell.tag != w("tc"):
                    self.marker(cell, None)
                    continue
                self.blocks(cell, self._container(cell.find(w("tcPr")), row_ctx, row=False))

    def _table_formats(self, *props: etree._Element | None) -> None:
        for pr in props:
            if pr is not None:
                for change in pr.iter(*_TABLE_FORMATS):
                    self.table_formats.append(self.revision(change, "format of a table"))

    def _container(self, pr: etree._Element | None, ctx: _Context, *, row: bool) -> _Context:
        """The context inside a table row (its w:trPr marks) or cell (w:cellIns, w:cellDel)."""
        if pr is None:
            return ctx
        self._table_formats(pr)
        gone = set(ctx.gone)
        for child in pr:
            kind = None
            if row and child.tag in (w("ins"), w("del")):
                kind = _KINDS[child.tag]
            elif not row and child.tag in (w("cellIns"), w("cellDel")):
                kind = "ins" if child.tag == w("cellIns") else "del"
            if kind is None:
                continue
            rev = self.revision(child, kind)
            ctx = ctx.inside(rev)
            gone.add("reject" if kind == "ins" else "accept")
        return dataclasses.replace(ctx, gone=frozenset(gone))

    def marker(self, el: etree._Element, para: Paragraph | None) -> None:
        """Comment ranges, bookmarks and move ranges, inside a paragraph or between them."""
        tag = el.tag
        if tag == w("commentRangeStart"):
            self.starts.setdefault(el.get(w("id"), ""), self.offset)
        elif tag == w("commentRangeEnd"):
            self.ends[el.get(w("id"), "")] = self.offset
        elif tag == w("bookmarkStart"):
            name = el.get(w("name"), "")
            if para is None:
                self.pending_marks.append(name)
            else:
                para.bookmarks.append((name, self.offset))
        elif tag in _MOVE_RANGES:
            kind, opens = _MOVE_RANGES[tag]
            if opens:
                self.moves[kind][el.get(w("id"), "")] = el.get(w("name"), "")
            else:
                self.moves[kind].pop(el.get(w("id"), ""), None)

    def _move_name(self, kind: str) -> str | None:
        names = self.moves.get(kind)
        if not names:
            return None
        return list(names.values())[-1] or None

    def paragraph(self, p: etree._Element, ctx: _Context) -> None:
        ppr = p.find(w("pPr"))
        rpr = None if ppr is None else ppr.find(w("rPr"))
        mark_ctx = ctx
        formats: list[tuple[Revision, str]] = []
        if rpr is not None:
            for child in rpr:
                if child.tag in _KINDS:
                    mark_ctx = mark_ctx.inside(self.revision(child, _KINDS[child.tag]))
                elif child.tag == w("rPrChange"):
                    formats.append((self.revision(child, "format of a paragraph mark"), ""))
        para = Paragraph(p, [], "same", None, next_paragraph(p) is not None, gone=ctx.gone)
        para.start = self.offset
        para.para_id = p.get(f"{{{W14}}}paraId")
        para.bookmarks = [(name, self.offset) for name in self.pending_marks]
        self.pending_marks = []
        if ppr is not None and (change := ppr.find(w("pPrChange"))) is not None:
            para.formats.append((self.revision(change, "format of a paragraph"), ""))
        para.formats.extend(formats)
        para.formats.extend((rev, "") for rev in self.table_formats)
        self.table_formats = []
        self._content(p, para, ctx)
        para.mark, para.mark_revision, para.mark_inserted = mark_ctx.state()
        if para.mark_revision is not None and para.mark_revision.kind in ("moveFrom", "moveTo"):
            # Word names a move on its range, which may close after the paragraph's mark
            name = para.mark_revision.move or self._move_name(para.mark_revision.kind)
            para.mark_revision = dataclasses.replace(para.mark_revision, move=name)
        self.offset += 1  # the paragraph mark
        self.paragraphs.append(para)

    def _content(self, node: etree._Element, para: Paragraph, ctx: _Context) -> None:
        for child in node:
            tag = child.tag
            if tag == w("r"):
                self._run(child, para, ctx)
            elif tag in _KINDS:
                kind = _KINDS[tag]
                rev = self.revision(child, kind, self._move_name(kind))
                self._content(child, para, ctx.inside(rev))
            elif tag in _CONTAINERS:
                self._content(child, para, ctx)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self._content(content, para, ctx)
            elif tag in (f"{{{MATH}}}oMath", f"{{{MATH}}}oMathPara"):
                self._math(child, para, ctx)
            elif tag != w("pPr"):
                self.marker(child, para)

    def _math(self, node: etree._Element, para: Paragraph, ctx: _Context) -> None:
        """An equation's characters, as the walker reads them (every m:t in order), each with
        the revision around it."""
        for child in node:
            tag = child.tag
            if tag == f"{{{MATH}}}t":
                self._piece(child.text or "", para, ctx)
            elif tag in _KINDS:
                self._math(child, para, ctx.inside(self.revision(child, _KINDS[tag])))
            elif isinstance(tag, str):
                self._math(child, para, ctx)

    def _run(self, r: etree._Element, para: Paragraph, ctx: _Context) -> None:
        if r.find(w("delText")) is not None:
            r = copy.deepcopy(r)
            for node in r.iter(w("delText")):
                node.tag = w("t")
        # the walker's own reading of a run, so that both read the same text
        text_reader = TextReader()
        text_reader.run(r)
        text = "".join(text_reader.parts)
        rpr = r.find(w("rPr"))
        change = None if rpr is None else rpr.find(w("rPrChange"))
        if change is not None:
            para.formats.append((self.revision(change, "format"), text))
        self._piece(text, para, ctx)

    def _piece(self, text: str, para: Paragraph, ctx: _Context) -> None:
        if not text:
            return
        state, rev, inserted = ctx.state()
        para.pieces.append(Piece(text, state, rev, inserted))
        self.offset += len(text)


    def revision(self, el: etree._Element, kind: str, move: str | None = None) -> Revision:
        found = _revision(el, kind, move)
        if found.author:
            return found
        self.unnamed.add(f"{found.kind} {found.id}")
        return dataclasses.replace(found, author=self.name_unnamed)


def _revision(el: etree._Element, kind: str, move: str | None = None) -> Revision:
    return Revision(
        kind=kind,
        author=" ".join((el.get(w("author")) or "").split()),
        date=el.get(w("date")) or None,
        id=el.get(w("id"), ""),
        move=(el.get(w("name")) or move) if kind in ("moveFrom", "moveTo") else None,
    )


def view(reviewed: Reviewed, *, accept: bool) -> list[ViewParagraph]:
    """The paragraphs after accepting (or rejecting) every change, as Word reads them: text
    whose state goes is dropped (text one revision inserted and another deleted goes either
    way), a paragraph whose mark goes joins the next paragraph, and a paragraph whose table
    row or cell goes goes with it."""
    keep: tuple[State, ...] = ("same", "ins") if accept else ("same", "del")
    side = "accept" if accept else "reject"
    out: list[ViewParagraph] = []
    text: list[str] = []
    origins: list[int] = []
    for index, p in enumerate(reviewed.paragraphs):
        if side in p.gone:
            continue
        at = p.start
        for piece in p.pieces:
            if piece.state in keep and piece.inserted is None:
                text.append(piece.text)
                origins.extend(range(at, at + len(piece.text)))
            at += len(piece.text)
        mark_stays = p.mark in keep and p.mark_inserted is None
        if mark_stays or not p.joins_next:
            out.append(ViewParagraph("".join(text), origins, index))
            text, origins = [], []
    return out


def read_comments(
    comments: etree._Element | None, extended: etree._Element | None
) -> list[Comment]:
    """The comments part, in order, with each reply's parent and each comment's resolved mark
    ("done") from commentsExtended."""
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
            author=(el.get(w("author")) or "").strip(),
            date=el.get(w("date")) or None,
            text=text,
            para_ids=para_ids,  # type: ignore[arg-type]
        )
        for para_id in para_ids:
            by_para[para_id] = comment.id
        out.append(comment)
    if extended is not None:
        parents: dict[str, str] = {}
        done: set[str] = set()
        for ns in (W15, W15_PREVIEW):
            for ex in extended.iter(f"{{{ns}}}commentEx"):
                para_id = ex.get(f"{{{ns}}}paraId", "")
                parent = ex.get(f"{{{ns}}}paraIdParent")
                if parent:
                    parents[para_id] = parent
                if ex.get(f"{{{ns}}}done") in ("1", "true", "on"):
                    done.add(para_id)
        for comment in out:
            # Word's thread data names a comment by the id of its last paragraph
            last = comment.para_ids[-1:] or ()
            for para_id in comment.para_ids:
                if para_id in parents and parents[para_id] in by_para:
                    comment.parent = by_para[parents[para_id]]
            comment.done = any(para_id in done for para_id in last)
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

