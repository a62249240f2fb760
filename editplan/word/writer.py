"""Write a plan as a Word document: a clean copy, or a tracked copy that shows a revision.

The tracked copy is the revised plan with every difference from the base as native Word
revisions (``w:ins`` / ``w:del``), each attributed to the body whose amendment made it, and one
comment per amendment quoting its provenance. Paragraphs are built directly with lxml through
:mod:`editplan.ooxml.markup` (python-docx proxies per paragraph are too slow for large plans);
python-docx supplies the package, the styles and the comments part. The rules followed are those of
``notes/ooxml-revisions.md``; output is byte-for-byte reproducible from its inputs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import OxmlElement
from lxml import etree

from editplan.core.changeset import ApplyResult
from editplan.core.model import Plan
from editplan.errors import InputError
from editplan.ooxml import markup as oxml
from editplan.ooxml import saving
from editplan.ooxml.properties import with_custom_properties
from editplan.word import identity
from editplan.word.attribution import (
    PENDING_LINE,
    Attribution,
    DateLike,
    attributions,
    check_attributions,
    comment_anchors,
    moment,
    revision_owners,
)
from editplan.word.layout import CLOSING, Block, Role, Status, clean_layout, tracked_layout

__all__ = [
    "CLOSING",
    "PENDING_LINE",
    "Attribution",
    "attributions",
    "render_clean",
    "render_result",
    "render_tracked",
]

# Paragraph style ids of python-docx's default template.
TITLE, NORMAL = "Title", "Normal"
HEADING = {1: "Heading1", 2: "Heading2", 3: "Heading3"}
LIST = "ListParagraph"
# The paragraph style that draws each role of the layout.
STYLES: dict[Role, str] = {
    "title": TITLE,
    "version": NORMAL,
    "source": NORMAL,
    "note": NORMAL,
    "area": HEADING[1],
    "unit": HEADING[2],
    "goal": NORMAL,
    "subheading": HEADING[3],
    "item": LIST,
    "closing": NORMAL,
}

# Items hang their number in the first 720 twips (half an inch); the tab reaches the text.
_ITEM_INDENT = {"left": "1440", "hanging": "720"}


# --- public renderers -------------------------------------------------------------------


def render_clean(plan: Plan, *, author: str = "editplan", date: DateLike | None = None) -> bytes:
    """Return the .docx bytes of ``plan`` with no revisions.

    ``author`` and ``date`` go into the core properties; with no date they are left out, so
    the same plan always gives the same bytes.
    """
    writer = _Writer(plan.title, author, date, tracked=False, identity=identity.properties(plan))
    writer.write(clean_layout(plan), {})
    return writer.finish()


def render_result(base: Plan, result: ApplyResult, *, blocks: list[Block] | None = None) -> bytes:
    """The tracked .docx of one application: ``base`` to its result, attributed to the set."""
    changes = result.changes
    return render_tracked(
        base,
        result.plan,
        attributions(changes),
        author=changes.author,
        date=changes.date,
        blocks=blocks,
    )


def render_tracked(
    base: Plan,
    revised: Plan,
    attributions: Sequence[Attribution],
    *,
    author: str,
    date: DateLike,
    blocks: list[Block] | None = None,
) -> bytes:
    """Return the .docx bytes of ``revised`` with every change from ``base`` as a revision.

    Revisions on an element listed by an attribution carry its author and date, and its
    comment is anchored over them; all other revisions (renumbering, metadata) carry
    ``author`` and ``date``. Raises :class:`InputError` for an attribution naming an element
    or goal that is in neither plan. ``blocks`` is ``tracked_layout(base, revised)`` when the
    caller has it already (the tracked web page draws the same).
    """
    if not author:
        raise InputError("render_tracked needs an author for revisions no amendment explains")
    check_attributions(base, revised, attributions)
    if blocks is None:
        blocks = tracked_layout(base, revised)
    shown = identity.properties(revised, base)
    writer = _Writer(revised.title, author, date, tracked=True, identity=shown)
    made: dict[int, oxml.Revision] = {}
    revisions = {
        owner: made.setdefault(id(att), oxml.Revision(att.author, moment(att.date)))
        for owner, att in revision_owners(attributions).items()
    }
    writer.write(blocks, revisions)
    writer.comment(attributions, comment_anchors(blocks, attributions))
    return writer.finish()


# --- writing ----------------------------------------------------------------------------


@dataclass
class _Writer:
    """A python-docx document being filled with paragraphs built directly with lxml."""

    title: str
    author: str
    date: DateLike | None
    tracked: bool
    identity: dict[str, str] = field(default_factory=dict)  # the custom properties
    bookmarks: list[tuple[etree._Element, etree._Element]] = field(default_factory=list)
    paragraphs: list[etree._Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.doc = docx.Document()
        body = self.doc.element.body
        self.sect_pr = body[-1]
        self.ids = oxml.IdCounter(oxml.highest_id(self.doc.element) + 1)
        self.default = oxml.Revision(self.author, moment(self.date or "1980-01-01"))

    def write(self, blocks: Sequence[Block], revisions: dict[str, oxml.Revision]) -> None:
        """Append one paragraph per block, with its revisions, before the section properties."""
        revs = [revisions.get(b.owner, self.default) if b.owner else self.default for b in blocks]
        marks = _mark_plan(blocks, revs)
        for block, rev, mark in zip(blocks, revs, marks, strict=True):
            p = self._paragraph(block, rev)
            if mark is not None:
                status, mark_rev = mark
                if status == "ins":
                    oxml.mark_paragraph_inserted(p, mark_rev, self.ids)
                else:
                    oxml.mark_paragraph_deleted(p, mark_rev, self.ids)
            if block.element is not None and block.status != "del":
                self._bookmark(p, block.element)
            self.sect_pr.addprevious(p)
            self.paragraphs.append(p)

    def _bookmark(self, p: etree._Element, element: str) -> None:
        """Mark the paragraph's text with the element's id, so that a reviewed copy can be
        matched element by element (a deleted paragraph is no longer the element's place)."""
        name = identity.bookmark_name(element)
        if name is None:
            return
        start = OxmlElement("w:bookmarkStart")
        start.set(oxml.qn("w:name"), name)
        p.find(oxml.qn("w:pPr")).addnext(start)
        end = OxmlElement("w:bookmarkEnd")
        p.append(end)
        self.bookmarks.append((start, end))

    def _number_bookmarks(self) -> None:
        """Bookmark ids come last from the one id counter, so that revision and comment ids
        stay what they were before documents carried bookmarks."""
        for start, end in self.bookmarks:
            number = str(self.ids.next())
            start.set(oxml.qn("w:id"), number)
            end.set(oxml.qn("w:id"), number)

    def _paragraph(self, block: Block, rev: oxml.Revision) -> etree._Element:
        """Build the paragraph of one block: properties and runs, its mark left as it is."""
        p = OxmlElement("w:p")
        ppr = etree.SubElement(p, oxml.qn("w:pPr"))
        etree.SubElement(ppr, oxml.qn("w:pStyle")).set(oxml.qn("w:val"), STYLES[block.role])
        if block.item:
            ind = etree.SubElement(ppr, oxml.qn("w:ind"))
            for name, value in _ITEM_INDENT.items():
                ind.set(oxml.qn(f"w:{name}"), value)
        if block.status == "ins":
            run = oxml.make_run(block.prefix_new + block.sep + block.new)
            p.append(run)
            oxml.make_ins([run], rev, self.ids)
        elif block.status == "del":
            run = oxml.make_run(block.prefix_old + block.sep + block.old, deleted=True)
            p.append(run)
            oxml.make_del([run], rev, self.ids)
        elif block.prefix_old == block.prefix_new and block.old == block.new:
            p.append(oxml.make_run(block.prefix_new + block.sep + block.new))
        else:
            self._changed(p, block, rev)
        return p

    def _changed(self, p: etree._Element, block: Block, rev: oxml.Revision) -> None:
        """A kept paragraph whose number or text changed: a number swap and a word diff."""
        if block.prefix_old == block.prefix_new:
            lead = block.prefix_new + block.sep
            if lead:
                p.append(oxml.make_run(lead))
        else:
            if block.prefix_old:
                old = oxml.make_run(block.prefix_old, deleted=True)
                p.append(old)
                oxml.make_del([old], rev, self.ids)
            if block.prefix_new:
                new = oxml.make_run(block.prefix_new)
                p.append(new)
                oxml.make_ins([new], rev, self.ids)
            if block.sep:
                p.append(oxml.make_run(block.sep))
        if block.old == block.new:
            if block.new:
                p.append(oxml.make_run(block.new))
        else:
            oxml.append_diff(p, block.text_diff(), rev, self.ids)

    def comment(
        self, attributions: Sequence[Attribution], anchors: Sequence[tuple[int, int]]
    ) -> None:
        """Add one comment per attribution, anchored from its first to its last paragraph
        (``anchors``: positions of the written blocks, one pair per attribution)."""
        if not attributions:
            return
        oxml.ensure_comment_styles(self.doc.styles.element)
        self.doc.comments  # noqa: B018 -- creates the comments part and its relationship
        comments = self.doc.part.part_related_by(RT.COMMENTS).element
        for att, (start, end) in zip(attributions, anchors, strict=True):
            comment_id = self.ids.next()
            first, last = self.paragraphs[start], self.paragraphs[end]
            oxml.open_comment_range(first, comment_id)
            last.append(oxml.comment_range_end(comment_id))
            last.append(oxml.comment_reference_run(comment_id))
            comments.append(_comment(comment_id, att))

    def finish(self) -> bytes:
        """Turn on Track Changes for a tracked copy, and save with reproducible metadata."""
        self._number_bookmarks()
        if self.tracked:
            saving.track_revisions(self.doc.settings.element)
        when = _core_date(self.date)
        data = saving.save_reproducibly(self.doc, title=self.title, author=self.author, when=when)
        if self.identity:
            data = saving.rezip(with_custom_properties(data, self.identity))
        return data


def _mark_plan(
    blocks: Sequence[Block], revs: Sequence[oxml.Revision]
) -> list[tuple[Status, oxml.Revision] | None]:
    """Which paragraph marks are inserted or deleted, and by whom.

    A removed paragraph's mark is deleted; an added paragraph's mark is inserted. But a run of
    added or removed paragraphs R1..Rk that follows a kept paragraph P takes its marks one
    place earlier when that joins only paragraphs alike: P's mark carries R1's revision, each
    Ri's carries R(i+1)'s, and Rk's is plain, standing for P's own. For added paragraphs this
    is what Word writes for Enter pressed at the end of P (and what the notes prescribe for a
    split). LibreOffice needs it: it fuses an insertion at the end of P with an inserted
    paragraph after it, and when whole paragraphs go it gives the paragraph after them the
    last one's style, so the last item of a list removed with its own mark deleted turned the
    heading below into a list paragraph. Word gives a joined paragraph the style of the mark
    that stays, so the shift is only made where P and Rk (and, for a run that both adds and
    removes, every paragraph of it) are alike.
    """
    marks: list[tuple[Status, oxml.Revision] | None] = [
        (b.status, rev) if b.status != "keep" else None for b, rev in zip(blocks, revs, strict=True)
    ]
    i = 0
    while i < len(blocks):
        if blocks[i].status == "keep" or i == 0 or blocks[i - 1].status != "keep":
            i += 1
            continue
        last = i
        while last + 1 < len(blocks) and blocks[last + 1].status != "keep":
            last += 1
        run = blocks[i - 1 : last + 1]
        one_kind = len({b.status for b in run[1:]}) == 1
        if _props(run[0]) == _props(run[-1]) and (one_kind or len(set(map(_props, run))) == 1):
            marks[i - 1] = (blocks[i].status, revs[i])
            for j in range(i, last):
                marks[j] = (blocks[j + 1].status, revs[j])
            marks[last] = None
        i = last + 1
    return marks


def _props(block: Block) -> tuple[str, bool]:
    """What a paragraph mark carries that a reviewer sees: the style and the item indent."""
    return STYLES[block.role], block.item


def _comment(comment_id: int, att: Attribution) -> etree._Element:
    """The ``w:comment`` of an attribution: its author, date, initials and comment lines."""
    return oxml.comment_element(
        comment_id, att.author, moment(att.date), _initials(att.author), att.comment.split("\n")
    )


def _initials(author: str) -> str:
    """Initials for a comment: a trailing "(LG-14)" if the author has one, else capitals."""
    match = re.search(r"\(([^()]{1,12})\)\s*$", author)
    if match:
        return match.group(1)
    capitals = "".join(word[0] for word in author.split() if word[:1].isupper())
    return capitals[:8] or author[:1]


def _core_date(value: DateLike | None) -> dt.datetime | None:
    """The moment for the core properties' created and modified dates, or None."""
    if value is None:
        return None
    return dt.datetime.strptime(moment(value), "%Y-%m-%dT%H:%M:%SZ")
