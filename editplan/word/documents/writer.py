"""Write a plan as a Word document: a clean copy, or a tracked copy that shows a revision.

The tracked copy is the revised plan with every difference from the base as native Word
revisions (``w:ins`` / ``w:del``), each attributed to the body whose amendment made it, and one
comment per amendment quoting its provenance. Paragraphs and comments are written as markup text
(:mod:`editplan.ooxml.fragments`) and spliced into the parts of python-docx's default template,
which editplan ships as bytes (:mod:`editplan.ooxml.template`), so python-docx is not loaded. The
rules followed are those of ``notes/ooxml-revisions.md``; output is byte-for-byte reproducible from
its inputs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from editplan.core.attribution import (
    Attribution,
    DateLike,
    attributions,
    comment_anchors,
    moment,
    revision_owners,
    tracked_blocks,
)
from editplan.core.changeset import ApplyResult
from editplan.core.layout import Block, Role, Status, clean_layout
from editplan.core.model import Plan
from editplan.errors import InputError
from editplan.ooxml import fragments as text
from editplan.ooxml import markup, saving, template
from editplan.word import identity

__all__ = [
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
_ITEM_INDENT = '<w:ind w:left="1440" w:hanging="720"/>'
# The w:pPr of each role's paragraphs (with the item indent or not), a paragraph mark's
# revision to go before its closing tag.
_PPR: dict[tuple[Role, bool], str] = {
    (role, item): f'<w:pPr><w:pStyle w:val="{style}"/>{_ITEM_INDENT if item else ""}</w:pPr>'
    for role, style in STYLES.items()
    for item in (False, True)
}


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
    blocks = tracked_blocks(base, revised, attributions, blocks)
    shown = identity.properties(revised, base)
    writer = _Writer(revised.title, author, date, tracked=True, identity=shown)
    made = {id(att): markup.Revision(att.author, moment(att.date)) for att in attributions}
    revisions = {owner: made[id(att)] for owner, att in revision_owners(attributions).items()}
    writer.write(blocks, revisions)
    writer.comment(attributions, comment_anchors(blocks, attributions))
    return writer.finish()


# --- writing ----------------------------------------------------------------------------


@dataclass
class _Paragraph:
    """One paragraph being written, as markup text: its properties, its content, and what
    the comments and the element's bookmark add around the content once they are known."""

    ppr: str
    content: str
    bookmark: str | None = None
    starts: list[int] = field(default_factory=list)  # comments whose range opens here
    ends: list[int] = field(default_factory=list)  # comments whose range closes here


@dataclass
class _Writer:
    """A document whose body and comments are written as markup text
    (:mod:`editplan.ooxml.fragments`) and spliced into the template's parts when it is saved."""

    title: str
    author: str
    date: DateLike | None
    tracked: bool
    identity: dict[str, str] = field(default_factory=dict)  # the custom properties
    paragraphs: list[_Paragraph] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ids = markup.IdCounter(template.first_id())
        self.default = markup.Revision(self.author, moment(self.date or "1980-01-01"))

    def write(self, blocks: Sequence[Block], revisions: dict[str, markup.Revision]) -> None:
        """Add one paragraph per block, with its revisions."""
        revs = [revisions.get(b.owner, self.default) if b.owner else self.default for b in blocks]
        marks = _mark_plan(blocks, revs)
        restyled = _restyle_plan(blocks, marks)
        for index, (block, rev, mark) in enumerate(zip(blocks, revs, marks, strict=True)):
            content = self._content(block, rev)
            ppr = _PPR[block.role, block.item]
            change = ""
            if index in restyled:
                now, before = restyled[index]
                ppr = _PPR[now]
                change = text.properties_change(_PPR[before][7:-8], rev, self.ids)
            if mark is not None:
                status, mark_rev = mark
                ppr = f"{ppr[:-8]}{text.mark(status, mark_rev, self.ids)}</w:pPr>"
            if change:
                ppr = f"{ppr[:-8]}{change}</w:pPr>"
            bookmark = None
            if block.element is not None and block.status != "del":
                # A reviewed copy is matched element by element through these bookmarks; a
                # deleted paragraph is no longer the element's place.
                bookmark = identity.bookmark_name(block.element)
            self.paragraphs.append(_Paragraph(ppr, content, bookmark))

    def _content(self, block: Block, rev: markup.Revision) -> str:
        """The runs of one block's paragraph, with their revisions."""
        if block.status == "ins":
            return text.revision(
                "ins", text.run(block.prefix_new + block.sep + block.new), rev, self.ids
            )
        if block.status == "del":
            deleted = text.run(block.prefix_old + block.sep + block.old, deleted=True)
            return text.revision("del", deleted, rev, self.ids)
        if block.prefix_old == block.prefix_new and block.old == block.new:
            return text.run(block.prefix_new + block.sep + block.new)
        return self._changed(block, rev)

    def _changed(self, block: Block, rev: markup.Revision) -> str:
        """A kept paragraph whose number or text changed: a number swap and a word diff."""
        out: list[str] = []
        if block.prefix_old == block.prefix_new:
            lead = block.prefix_new + block.sep
            if lead:
                out.append(text.run(lead))
        else:
            if block.prefix_old:
                out.append(
                    text.revision("del", text.run(block.prefix_old, deleted=True), rev, self.ids)
                )
            if block.prefix_new:
                out.append(text.revision("ins", text.run(block.prefix_new), rev, self.ids))
            if block.sep:
                out.append(text.run(block.sep))
        if block.old == block.new:
            if block.new:
                out.append(text.run(block.new))
        else:
            out.append(text.diff(block.text_diff(), rev, self.ids))
        return "".join(out)

    def comment(
        self, attributions: Sequence[Attribution], anchors: Sequence[tuple[int, int]]
    ) -> None:
        """Add one comment per attribution, anchored from its first to its last paragraph
        (``anchors``: positions of the written blocks, one pair per attribution)."""
        if not attributions:
            return
        for att, (start, end) in zip(attributions, anchors, strict=True):
            comment_id = self.ids.next()
            self.paragraphs[start].starts.append(comment_id)
            self.paragraphs[end].ends.append(comment_id)
            self.comments.append(_comment(comment_id, att))

    def _body(self) -> str:
        """The body's paragraphs as markup. Bookmark ids come last from the one id counter,
        so that revision and comment ids stay what they were before documents carried
        bookmarks."""
        out: list[str] = []
        for p in self.paragraphs:
            out.append("<w:p>")
            out.append(p.ppr)
            for comment_id in p.starts:
                out.append(text.comment_range_start(comment_id))
            if p.bookmark is not None:
                number = self.ids.next()
                out.append(text.bookmark_start(p.bookmark, number))
                out.append(p.content)
                out.append(text.bookmark_end(number))
            else:
                out.append(p.content)
            for comment_id in p.ends:
                out.append(text.comment_range_end(comment_id))
                out.append(text.comment_reference_run(comment_id))
            out.append("</w:p>")
        return "".join(out)

    def finish(self) -> bytes:
        """Turn on Track Changes for a tracked copy, and save with reproducible metadata."""
        fills = {"word/document.xml": self._body()}
        if self.comments:
            fills["word/comments.xml"] = "".join(self.comments)
        members = template.members(
            comments=bool(self.comments),
            tracked=self.tracked,
            title=self.title,
            author=self.author,
            when=_core_date(self.date),
        )
        return saving.package(members, fills=fills, custom=self.identity or None)


def _mark_plan(
    blocks: Sequence[Block], revs: Sequence[markup.Revision]
) -> list[tuple[Status, markup.Revision] | None]:
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
    marks: list[tuple[Status, markup.Revision] | None] = [
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
        after = blocks[last + 1] if last + 1 < len(blocks) else None
        restyle = (
            one_kind
            and run[-1].status == "del"
            and after is not None
            and _props(after) != _props(run[-1])
        )  # the run's last paragraph then carries P's properties (see _restyle_plan)
        alike = _props(run[0]) == _props(run[-1])
        if (alike or restyle) and (one_kind or len(set(map(_props, run))) == 1):
            marks[i - 1] = (blocks[i].status, revs[i])
            for j in range(i, last):
                marks[j] = (blocks[j + 1].status, revs[j])
            marks[last] = None
        i = last + 1
    return marks


def _restyle_plan(
    blocks: Sequence[Block], marks: Sequence[tuple[Status, markup.Revision] | None]
) -> dict[int, tuple[tuple[Role, bool], tuple[Role, bool]]]:
    """The paragraphs whose properties are recorded as changed, so that every reader keeps
    each paragraph's style on accept: (properties shown, properties before).

    A run of removed paragraphs R1..Rk after a kept paragraph P that is unlike Rk, followed
    by a paragraph unlike Rk (a goal's every key area removed: the goal's title line, the
    list, then the activities' heading), has no plain markup both readers agree on: Word
    gives a joined paragraph the style of the mark that stays, LibreOffice the paragraph after
    the run the style of the run's last. So the marks are moved one place earlier, as for P
    alike Rk, and Rk's paragraph, whose mark then stands for P's, shows P's properties,
    recorded as a change (``w:pPrChange``) that reject-all takes back. (An added run is left
    as it was: on reject LibreOffice may give the paragraph after it the run's last style.)
    """
    out: dict[int, tuple[tuple[Role, bool], tuple[Role, bool]]] = {}
    i = 1
    while i < len(blocks):
        if blocks[i].status == "keep" or blocks[i - 1].status != "keep":
            i += 1
            continue
        last = i
        while last + 1 < len(blocks) and blocks[last + 1].status == blocks[i].status:
            last += 1
        after = blocks[last + 1] if last + 1 < len(blocks) else None
        before, tail = blocks[i - 1], blocks[last]
        if (
            tail.status == "del"
            and marks[last] is None
            and _props(before) != _props(tail)
            and after is not None
            and _props(after) != _props(tail)
        ):
            out[last] = ((before.role, before.item), (tail.role, tail.item))
        i = last + 1
    return out


def _props(block: Block) -> tuple[str, bool]:
    """What a paragraph mark carries that a reviewer sees: the style and the item indent."""
    return STYLES[block.role], block.item


def _comment(comment_id: int, att: Attribution) -> str:
    """The ``w:comment`` of an attribution: its author, date, initials and comment lines."""
    return text.comment(
        comment_id, att.author, moment(att.date), _initials(att.author), att.comment.split("\n")
    )


@lru_cache(maxsize=256)  # the few authors of a set's thousands of comments
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
    return dt.datetime.fromisoformat(moment(value).removesuffix("Z"))  # UTC, as written
