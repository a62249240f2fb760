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
import io
import re
import zipfile
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import OxmlElement
from lxml import etree

from editplan.core.applier import AppliedAmendment, ApplyResult, ChangeSet
from editplan.core.model import KINDS, Goal, GoalBlock, Kind, Plan, Unit, display_number, unit_key
from editplan.core.textdiff import diff_words
from editplan.errors import InputError
from editplan.ooxml import markup as oxml

__all__ = ["Attribution", "attributions", "render_clean", "render_tracked"]

Status = Literal["keep", "ins", "del"]
DateLike = dt.date | str

# Paragraph style ids of python-docx's default template.
TITLE, NORMAL = "Title", "Normal"
HEADING = {1: "Heading1", 2: "Heading2", 3: "Heading3"}
LIST = "ListParagraph"
SUBHEADINGS: dict[Kind, str] = {
    "key_area": "Key areas for capacity-building",
    "activity": "Capacity-building activities",
}
CLOSING = "End of document"
PENDING_LINE = "Awaits drafting: the report gives no wording."

# Items hang their number in the first 720 twips (half an inch); the tab reaches the text.
_ITEM_INDENT = {"left": "1440", "hanging": "720"}
# A fixed zip timestamp (the earliest a zip can hold) makes the bytes reproducible.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Children of w:settings that come after w:trackRevisions in the schema sequence.
_SETTINGS_AFTER_TRACK = frozenset(
    oxml.qn(f"w:{name}")
    for name in (
        "doNotTrackMoves",
        "doNotTrackFormatting",
        "documentProtection",
        "autoFormatOverride",
        "styleLockTheme",
        "styleLockQFSet",
        "defaultTabStop",
        "autoHyphenation",
        "consecutiveHyphenLimit",
        "hyphenationZone",
        "doNotHyphenateCaps",
        "showEnvelope",
        "summaryLength",
        "clickAndTypeStyle",
        "defaultTableStyle",
        "evenAndOddHeaders",
        "characterSpacingControl",
        "compat",
        "rsids",
    )
)
_EMPHASIS = re.compile(r"\*([^*\n]+)\*")


@dataclass(frozen=True)
class Attribution:
    """Who made the changes to some elements, and the comment that explains them.

    ``key`` is the amendment id ("53(e)"); the revisions on ``element_ids`` carry ``author`` and
    ``date``, and ``comment`` (paragraphs separated by "\\n") is anchored over them. A
    ``pending`` attribution is an instruction awaiting wording: a comment and no revision.
    ``unit_ids`` anchors a comment on whole goals or blocks (their headings).
    """

    key: str
    author: str
    date: DateLike
    comment: str
    element_ids: tuple[str, ...]
    unit_ids: tuple[str, ...] = ()
    pending: bool = False


def attributions(changes: ChangeSet) -> list[Attribution]:
    """One attribution per applied amendment, then one per pending instruction, in set order."""
    return [_attribution(r, changes, pending=False) for r in changes.applied] + [
        _attribution(r, changes, pending=True) for r in changes.pending
    ]


def _attribution(record: AppliedAmendment, changes: ChangeSet, *, pending: bool) -> Attribution:
    """An amendment's comment goes on the elements it changed; one that changed none (a
    pending instruction) is anchored on its targets."""
    element_ids = tuple(dict.fromkeys(c.element_id for c in record.changes))
    units: tuple[str, ...] = ()
    if not element_ids:
        element_ids, units = _split_targets(record)
    return Attribution(
        key=record.id,
        author=changes.author,
        date=changes.date,
        comment=_comment_text(record, changes, pending=pending),
        element_ids=element_ids,
        unit_ids=units,
        pending=pending,
    )


def _split_targets(record: AppliedAmendment) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Separate an amendment's targets into items and whole goals or blocks."""
    units = set(record.target_units)
    elements = [t for t in record.target_ids if t not in units]
    return tuple(dict.fromkeys(elements)), tuple(dict.fromkeys(record.target_units))


def _comment_text(record: AppliedAmendment, changes: ChangeSet, *, pending: bool) -> str:
    """The provenance comment: id and source, the report's words, the note, who drafted."""
    lines = [f"{record.id} — {changes.source}"]
    if record.quote:
        lines.append(f"“{record.quote}”")
    if record.note:
        lines.append(f"Note: {record.note}")
    if record.drafted_by:
        lines.append(f"Wording drafted by {record.drafted_by}, not by {changes.author}")
    if pending:
        lines.append(PENDING_LINE)
    return "\n".join(lines)


# --- public renderers -------------------------------------------------------------------


def render_clean(plan: Plan, *, author: str = "editplan", date: DateLike | None = None) -> bytes:
    """Return the .docx bytes of ``plan`` with no revisions.

    ``author`` and ``date`` go into the core properties; with no date they are left out, so
    the same plan always gives the same bytes.
    """
    writer = _Writer(plan.title, author, date, tracked=False)
    writer.write(_layout(plan, plan), {})
    return writer.finish()


def render_result(base: Plan, result: ApplyResult) -> bytes:
    """The tracked .docx of one application: ``base`` to its result, attributed to the set."""
    changes = result.changes
    return render_tracked(
        base, result.plan, attributions(changes), author=changes.author, date=changes.date
    )


def render_tracked(
    base: Plan,
    revised: Plan,
    attributions: Sequence[Attribution],
    *,
    author: str,
    date: DateLike,
) -> bytes:
    """Return the .docx bytes of ``revised`` with every change from ``base`` as a revision.

    Revisions on an element listed by an attribution carry its author and date, and its
    comment is anchored over them; all other revisions (renumbering, metadata) carry
    ``author`` and ``date``. Raises :class:`InputError` for an attribution naming an element
    or goal that is in neither plan.
    """
    if not author:
        raise InputError("render_tracked needs an author for revisions no amendment explains")
    elements = set(base.locate()) | set(revised.locate())
    units = {unit_key(u) for plan in (base, revised) for _, u in plan.units()}
    for att in attributions:
        _check_attribution(att, elements, units, base, revised)
    blocks = _layout(base, revised)
    writer = _Writer(revised.title, author, date, tracked=True)
    revisions: dict[str, oxml.Revision] = {}
    for att in attributions:
        if att.pending:
            continue
        rev = oxml.Revision(att.author, _w_date(att.date))
        for owner in (*att.element_ids, *att.unit_ids):
            revisions.setdefault(owner, rev)
    writer.write(blocks, revisions)
    writer.comment(attributions)
    return writer.finish()


def _check_attribution(
    att: Attribution, elements: set[str], units: set[str], base: Plan, revised: Plan
) -> None:
    """Refuse an attribution that anchors nothing, or names what neither plan holds."""
    if not att.author:
        raise InputError(f"attribution {att.key}: the author is empty")
    if not att.element_ids and not att.unit_ids:
        raise InputError(f"attribution {att.key}: it names no element and no goal to anchor to")
    _w_date(att.date)
    for element_id in att.element_ids:
        if element_id not in elements:
            raise InputError(
                f"attribution {att.key}: element {element_id!r} is neither in the base plan "
                f"({base.version}) nor in the revised plan ({revised.version})"
            )
    for unit_id in att.unit_ids:
        if unit_id not in units:
            raise InputError(
                f"attribution {att.key}: goal or block {unit_id!r} is neither in the base plan "
                f"({base.version}) nor in the revised plan ({revised.version})"
            )


def _w_date(value: DateLike) -> str:
    """Format a date (or ISO string, or datetime) as WordprocessingML wants it: UTC, to seconds."""
    if isinstance(value, str):
        try:
            if "T" in value:
                value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            else:
                value = dt.date.fromisoformat(value)
        except ValueError:
            raise InputError(f"date {value!r} is not an ISO date such as 2020-04-23") from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.strftime("%Y-%m-%dT00:00:00Z")


# --- layout: the merged sequence of paragraphs ------------------------------------------


@dataclass
class _Block:
    """One paragraph of the merged document: its text in base and in revised, and its status.

    A paragraph reads ``prefix + sep + text``; the prefix (a number, a goal label) is shown as
    a whole-token replacement when it changes, the text as a word diff.
    """

    style: str
    status: Status
    old: str = ""
    new: str = ""
    prefix_old: str = ""
    prefix_new: str = ""
    sep: str = ""
    owner: str | None = None
    item: bool = False


def _block(
    style: str,
    status: Status,
    prefix: tuple[str, str],
    sep: str,
    text: tuple[str, str],
    owner: str | None = None,
    item: bool = False,
) -> _Block:
    """Build a block; the side a status does not show (old of an insert) is dropped."""
    old_prefix, old = ("", "") if status == "ins" else (prefix[0], text[0])
    new_prefix, new = ("", "") if status == "del" else (prefix[1], text[1])
    return _Block(style, status, old, new, old_prefix, new_prefix, sep, owner, item)


def _merge(old: Sequence[str], new: Sequence[str]) -> list[tuple[str, Status]]:
    """Merge two id sequences: kept ids in new order, removed ones after their kept predecessor.

    Ids in both whose relative order changed are moves: a deletion at the old place and an
    insertion at the new one. The kept ids are a longest common subsequence (ids are unique,
    so it is a longest increasing run of new positions: O(n log n)).
    """
    if list(old) == list(new):
        return [(i, "keep") for i in new]
    new_pos = {value: n for n, value in enumerate(new)}
    common = [value for value in old if value in new_pos]
    kept = {common[k] for k in _longest_increasing([new_pos[v] for v in common])}
    removed_after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for value in old:
        if value in kept:
            anchor = value
        else:
            removed_after.setdefault(anchor, []).append(value)
    out: list[tuple[str, Status]] = [(v, "del") for v in removed_after.get(None, [])]
    for value in new:
        if value in kept:
            out.append((value, "keep"))
            out.extend((v, "del") for v in removed_after.get(value, []))
        else:
            out.append((value, "ins"))
    return out


def _longest_increasing(values: Sequence[int]) -> list[int]:
    """Indices of one longest strictly increasing subsequence of ``values`` (patience sort)."""
    tails: list[int] = []
    tail_values: list[int] = []
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tail_values, value)
        if k:
            previous[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k] = i
            tail_values[k] = value
    out: list[int] = []
    i = tails[-1] if tails else -1
    while i >= 0:
        out.append(i)
        i = previous[i]
    return out[::-1]


def _layout(base: Plan, revised: Plan) -> list[_Block]:
    """The paragraphs of the merged document, from the title block to the closing line."""
    blocks = [
        _block(TITLE, "keep", ("", ""), "", (base.title, revised.title)),
        _block(NORMAL, "keep", ("Version:", "Version:"), " ", (base.version, revised.version)),
    ]
    blocks.extend(_optional(NORMAL, "Source:", " ", base.source, revised.source))
    blocks.extend(_optional(NORMAL, "", "", base.note or None, revised.note or None))
    old_areas = {a.id: a for a in base.areas}
    new_areas = {a.id: a for a in revised.areas}
    for area_id, status in _merge(list(old_areas), list(new_areas)):
        old = old_areas.get(area_id) if status != "ins" else None
        new = new_areas.get(area_id) if status != "del" else None
        heading = (f"{area_id}.", f"{area_id}.")
        titles = (old.title if old else "", new.title if new else "")
        blocks.append(_block(HEADING[1], status, heading, " ", titles))
        old_units = {unit_key(u): u for u in old.goals} if old else {}
        new_units = {unit_key(u): u for u in new.goals} if new else {}
        for key, unit_status in _merge(list(old_units), list(new_units)):
            old_unit = old_units.get(key) if unit_status != "ins" else None
            new_unit = new_units.get(key) if unit_status != "del" else None
            if (
                old_unit is not None
                and new_unit is not None
                and type(old_unit) is not type(new_unit)
            ):
                blocks.extend(_unit_blocks(old_unit, None, "del"))
                blocks.extend(_unit_blocks(None, new_unit, "ins"))
            else:
                blocks.extend(_unit_blocks(old_unit, new_unit, unit_status))
    blocks.append(_block(NORMAL, "keep", ("", ""), "", (CLOSING, CLOSING)))
    return blocks


def _optional(style: str, prefix: str, sep: str, old: str | None, new: str | None) -> list[_Block]:
    """A metadata paragraph that either version may lack."""
    if old is None and new is None:
        return []
    status: Status = (
        "keep" if old is not None and new is not None else "ins" if old is None else "del"
    )
    return [_block(style, status, (prefix, prefix), sep, (old or "", new or ""))]


def _unit_blocks(old: Unit | None, new: Unit | None, status: Status) -> list[_Block]:
    """A goal or block: its heading(s), then its key areas and activities under sub-headings."""
    some = new if new is not None else old
    assert some is not None
    key = unit_key(some)
    blocks: list[_Block] = []
    if isinstance(some, Goal):
        prefix = f"Goal {some.id}:"
        titles = (
            old.title if isinstance(old, Goal) else "",
            new.title if isinstance(new, Goal) else "",
        )
        blocks.append(_block(HEADING[2], status, (prefix, prefix), " ", titles, owner=key))
    else:
        labels = (old.label if old else "", new.label if new else "")
        blocks.append(_block(HEADING[2], status, ("", ""), "", labels, owner=key))
        old_heads = {g.id: g.title for g in old.goals} if isinstance(old, GoalBlock) else {}
        new_heads = {g.id: g.title for g in new.goals} if isinstance(new, GoalBlock) else {}
        for goal_id, head_status in _merge(list(old_heads), list(new_heads)):
            prefix = f"Goal {goal_id}:"
            titles = (old_heads.get(goal_id, ""), new_heads.get(goal_id, ""))
            blocks.append(_block(NORMAL, head_status, (prefix, prefix), " ", titles, owner=key))
    for kind in KINDS:
        blocks.extend(_item_blocks(old, new, kind))
    return blocks


def _item_blocks(old: Unit | None, new: Unit | None, kind: Kind) -> list[_Block]:
    """The sub-heading and items of one kind, merged by id; numbers come from positions."""
    old_items = old.items(kind) if old is not None else []
    new_items = new.items(kind) if new is not None else []
    if not old_items and not new_items:
        return []
    old_at = {item.id: (n, item.text) for n, item in enumerate(old_items, start=1)}
    new_at = {item.id: (n, item.text) for n, item in enumerate(new_items, start=1)}
    merged = _merge([i.id for i in old_items], [i.id for i in new_items])
    items: list[_Block] = []
    for element_id, status in merged:
        old_n, old_text = old_at.get(element_id, (0, ""))
        new_n, new_text = new_at.get(element_id, (0, ""))
        numbers = (
            display_number(kind, old_n) if old_n else "",
            display_number(kind, new_n) if new_n else "",
        )
        items.append(
            _block(LIST, status, numbers, "\t", (old_text, new_text), owner=element_id, item=True)
        )
    # A sub-heading that appears or disappears is credited to the first item that makes it.
    status = "keep" if old_items and new_items else "ins" if new_items else "del"
    owner = None if status == "keep" else next(b.owner for b in items if b.status == status)
    title = SUBHEADINGS[kind]
    return [_block(HEADING[3], status, ("", ""), "", (title, title), owner=owner), *items]


# --- writing ----------------------------------------------------------------------------


@dataclass
class _Writer:
    """A python-docx document being filled with paragraphs built directly with lxml."""

    title: str
    author: str
    date: DateLike | None
    tracked: bool
    paragraphs: list[etree._Element] = field(default_factory=list)
    owners: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.doc = docx.Document()
        body = self.doc.element.body
        self.sect_pr = body[-1]
        self.ids = oxml.IdCounter(oxml.highest_id(self.doc.element) + 1)
        self.default = oxml.Revision(self.author, _w_date(self.date or "1980-01-01"))

    def write(self, blocks: Sequence[_Block], revisions: dict[str, oxml.Revision]) -> None:
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
            self.sect_pr.addprevious(p)
            if block.owner is not None:
                self.owners.setdefault(block.owner, []).append(len(self.paragraphs))
            self.paragraphs.append(p)

    def _paragraph(self, block: _Block, rev: oxml.Revision) -> etree._Element:
        """Build the paragraph of one block: properties and runs, its mark left as it is."""
        p = OxmlElement("w:p")
        ppr = etree.SubElement(p, oxml.qn("w:pPr"))
        etree.SubElement(ppr, oxml.qn("w:pStyle")).set(oxml.qn("w:val"), block.style)
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

    def _changed(self, p: etree._Element, block: _Block, rev: oxml.Revision) -> None:
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
            oxml.append_diff(p, diff_words(block.old, block.new), rev, self.ids)

    def comment(self, attributions: Sequence[Attribution]) -> None:
        """Add one comment per attribution, anchored from its first to its last paragraph."""
        if not attributions:
            return
        oxml.ensure_comment_styles(self.doc.styles.element)
        self.doc.comments  # noqa: B018 -- creates the comments part and its relationship
        comments = self.doc.part.part_related_by(RT.COMMENTS).element
        for att in attributions:
            spots = sorted(
                {i for owner in (*att.element_ids, *att.unit_ids) for i in self.owners[owner]}
            )
            comment_id = self.ids.next()
            first, last = self.paragraphs[spots[0]], self.paragraphs[spots[-1]]
            _open_range(first, comment_id)
            last.append(oxml.comment_range_end(comment_id))
            last.append(oxml.comment_reference_run(comment_id))
            comments.append(_comment(comment_id, att))

    def finish(self) -> bytes:
        """Set reproducible package metadata, save, and rewrite the zip with fixed times."""
        core = self.doc.core_properties
        core.title = self.title[:255]
        core.author = self.author[:255]
        core.last_modified_by = self.author[:255]
        core.comments = "Written by editplan"
        core.revision = 1
        moment = _core_date(self.date)
        # python-docx has no way to remove a core property: go to its element.
        element = core._element
        if moment is None:
            for tag in ("created", "modified"):
                child = getattr(element, tag)
                if child is not None:
                    element.remove(child)
        else:
            core.created = moment
            core.modified = moment
        if self.tracked:
            _track_revisions(self.doc.settings.element)
        package = self.doc.part.package
        for rid, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                # The template's thumbnail shows an empty page, not this document.
                del package.rels[rid]
        raw = io.BytesIO()
        self.doc.save(raw)
        return _rezip(raw.getvalue())


def _mark_plan(
    blocks: Sequence[_Block], revs: Sequence[oxml.Revision]
) -> list[tuple[Status, oxml.Revision] | None]:
    """Which paragraph marks are inserted or deleted, and by whom.

    A removed paragraph's mark is deleted; an added paragraph's mark is inserted. But added
    paragraphs N1..Nk that follow a kept paragraph P with Nk's properties take the form Word
    writes for Enter pressed at the end of P (and the notes prescribe for a split): the new
    marks are P's and N1..N(k-1)'s, and Nk's mark is plain, standing for P's old one.
    LibreOffice needs it: it fuses an insertion at the end of P with an inserted paragraph
    after it, and rejecting the fused change then joined P to the paragraph after Nk.
    """
    marks: list[tuple[Status, oxml.Revision] | None] = [
        (b.status, rev) if b.status != "keep" else None for b, rev in zip(blocks, revs, strict=True)
    ]
    i = 0
    while i < len(blocks):
        if blocks[i].status != "ins" or i == 0 or blocks[i - 1].status != "keep":
            i += 1
            continue
        last = i
        while last + 1 < len(blocks) and blocks[last + 1].status == "ins":
            last += 1
        before, end = blocks[i - 1], blocks[last]
        if (before.style, before.item) == (end.style, end.item):
            marks[i - 1] = ("ins", revs[i])
            marks[last] = None
        i = last + 1
    return marks


def _open_range(p: etree._Element, comment_id: int) -> None:
    """Put a comment range start before the paragraph's content (after earlier starts)."""
    skip = {oxml.qn("w:pPr"), oxml.qn("w:commentRangeStart")}
    at = 0
    for at, child in enumerate(p):  # noqa: B007 -- the index is used after the loop
        if child.tag not in skip:
            break
    else:
        at = len(p)
    p.insert(at, oxml.comment_range_start(comment_id))


def _comment(comment_id: int, att: Attribution) -> etree._Element:
    """A ``w:comment`` shaped as python-docx makes it, with our id, date and initials."""
    comment = OxmlElement("w:comment")
    comment.set(oxml.qn("w:id"), str(comment_id))
    comment.set(oxml.qn("w:author"), att.author)
    comment.set(oxml.qn("w:date"), _w_date(att.date))
    comment.set(oxml.qn("w:initials"), _initials(att.author))
    for n, line in enumerate(att.comment.split("\n")):
        p = etree.SubElement(comment, oxml.qn("w:p"))
        ppr = etree.SubElement(p, oxml.qn("w:pPr"))
        etree.SubElement(ppr, oxml.qn("w:pStyle")).set(oxml.qn("w:val"), "CommentText")
        if n == 0:
            # The annotation mark opens a comment's first paragraph, as Word writes it.
            ref = etree.SubElement(p, oxml.qn("w:r"))
            rpr = etree.SubElement(ref, oxml.qn("w:rPr"))
            etree.SubElement(rpr, oxml.qn("w:rStyle")).set(oxml.qn("w:val"), "CommentReference")
            etree.SubElement(ref, oxml.qn("w:annotationRef"))
        _emphasised_runs(p, line)
    return comment


def _emphasised_runs(p: etree._Element, line: str) -> None:
    """Append ``line`` as runs, with ``*text*`` (how the report's italics are kept) in italics."""
    italic = OxmlElement("w:rPr")
    etree.SubElement(italic, oxml.qn("w:i"))
    pos = 0
    for match in _EMPHASIS.finditer(line):
        if match.start() > pos:
            p.append(oxml.make_run(line[pos : match.start()]))
        p.append(oxml.make_run(match.group(1), italic))
        pos = match.end()
    if pos < len(line):
        p.append(oxml.make_run(line[pos:]))


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
    return dt.datetime.strptime(_w_date(value), "%Y-%m-%dT%H:%M:%SZ")


def _track_revisions(settings: etree._Element) -> None:
    """Turn on Track Changes, so that reviewers' own edits are tracked too."""
    if settings.find(oxml.qn("w:trackRevisions")) is not None:
        return
    track = OxmlElement("w:trackRevisions")
    for child in settings:
        if child.tag in _SETTINGS_AFTER_TRACK:
            child.addprevious(track)
            return
    settings.append(track)


def _rezip(data: bytes) -> bytes:
    """Rewrite a package with fixed entry times and a stable member order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
        order = first + sorted(n for n in names if n not in first)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()
