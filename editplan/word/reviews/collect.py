"""Read a reviewed copy of a plan document: what it read before and after the reviewer's changes,
element by element, and where each character of both came from.

The document is read twice through the importer's own layout rules, once with every tracked
change rejected (what the reviewer was sent) and once with every change accepted (what the
reviewer proposes), so that the collected set and ``editplan import --accept-revisions`` see the
same plan. The revision stream (:mod:`editplan.ooxml.review`) ties the two readings together:
a paragraph after accepting grew out of the paragraphs before whose kept characters it holds.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from editplan.core.model import Kind, Plan
from editplan.errors import InputError
from editplan.ooxml import review
from editplan.ooxml.ns import w
from editplan.ooxml.numbering import Numbering
from editplan.ooxml.package import read_roots
from editplan.ooxml.revisions import count_revisions, resolve_revisions
from editplan.ooxml.styles import Styles
from editplan.ooxml.walker import Para, Table, Walker
from editplan.store.files import display
from editplan.word import identity
from editplan.word.drafts.headings import HeadingsLayout
from editplan.word.drafts.state import DraftState, UnitBuilder, build
from editplan.word.drafts.tables import TableLayout
from editplan.word.reviews.provenance import UNKNOWN_REVIEWER
from editplan.word.reviews.refusals import Unexpressed

_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]+")
_GOAL_HEAD = re.compile(r"^Goal\s+([A-Z]\.[1-9][0-9]*)\s*[:.\u2013\u2014-]\s*")


@dataclass
class Spot:
    """An element's wording in one reading: its text, the stream offset of each character, and
    the reading's paragraph that holds it."""

    text: str
    origins: list[int]
    para: int


@dataclass
class Reading:
    """One reading of the document (rejected or accepted): the plan the importer makes of it,
    where each element's wording is, and the role of each paragraph."""

    plan: Plan
    items: dict[str, Spot]  # the importer's positional id -> spot
    titles: dict[str, Spot]  # goal id -> spot of its title
    paragraphs: list[review.ViewParagraph]
    roles: dict[int, str] = field(default_factory=dict)  # paragraph -> element id or "goal:A.1"
    marks: dict[int, list[str]] = field(default_factory=dict)  # paragraph -> ids bookmarked
    notes: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)


@dataclass
class ReviewedDocument:
    """A reviewed copy: its revision stream and its two readings. ``original`` maps each
    stream paragraph to its index in the document as saved (they differ once the changes of
    refused paragraphs are rejected)."""

    path: Path
    name: str
    stream: review.Reviewed
    before: Reading
    after: Reading
    properties: dict[str, str]
    original: list[int] = field(default_factory=list)

    @property
    def named_version(self) -> str | None:
        """The version the document says it shows: its property, else its "Version:" line."""
        return self.properties.get(identity.VERSION_PROPERTY) or (
            self.before.plan.version if self.before.plan.version != self.path.name else None
        )

    @property
    def named_plan(self) -> str | None:
        return self.properties.get(identity.PLAN_PROPERTY)

    @property
    def revision_count(self) -> int:
        seen = {id(r) for r in self.stream.revisions if r is not None}
        return len(seen) + sum(len(p.formats) for p in self.stream.paragraphs)


def read_reviewed(path: Path, *, rejected: Collection[int] = ()) -> ReviewedDocument:
    """Read a reviewed .docx through the same safe opening as ``import``; refuse what
    ``import`` refuses. The tracked changes of the paragraphs ``rejected`` names (by their
    index in the document as saved) are rejected first: collect refuses them alone. A
    paragraph collect cannot follow is :class:`Unexpressed`, naming it."""
    path = Path(path)
    name = display(path)
    roots = read_roots(path, name)
    body = roots["document"].find(w("body"))
    elements = [p.element for p in review.read(body).paragraphs] if rejected else []
    for index in sorted(rejected):
        if index < len(elements):
            reject_paragraph(elements[index])
    stream = review.read(
        body,
        roots.get("comments"),
        roots.get("commentsExtended"),
        roots.get("custom"),
        unnamed=UNKNOWN_REVIEWER,
    )
    where = {id(el): i for i, el in enumerate(elements)}
    original = (
        [where.get(id(p.element), -1) for p in stream.paragraphs]
        if rejected
        else list(range(len(stream.paragraphs)))
    )
    try:
        _refuse_inside_deleted(stream)
        styles = Styles(roots.get("styles"))
        numbering = Numbering(roots.get("numbering"), styles)
        before = _reading(body, stream, styles, numbering, path, accept=False)
        after = _reading(body, stream, styles, numbering, path, accept=True)
    except Unexpressed as exc:
        exc.paragraphs = tuple(original[i] for i in exc.paragraphs if original[i] >= 0)
        raise
    return ReviewedDocument(path, name, stream, before, after, stream.properties, original)


def reject_paragraph(p: etree._Element) -> None:
    """Reject the tracked changes of one paragraph (of its table row, if the row itself was
    inserted or deleted), in place."""
    if p.getparent() is None:
        return  # joined into the paragraph after it by an earlier rejection
    row = next((a for a in p.iterancestors(w("tr"))), None)
    if row is not None and row.find(w("trPr")) is not None and count_revisions(row.find(w("trPr"))):
        if row.getparent() is not None:
            resolve_revisions(row, accept=False)
        return
    resolve_revisions(p, accept=False)


def _refuse_inside_deleted(stream: review.Reviewed) -> None:
    """A paragraph deleted whole by one revision that holds another's insertion has no one
    reading: accepting keeps the insertion with nothing around it."""
    for number, p in enumerate(stream.paragraphs, start=1):
        if p.mark != "del" or p.mark_revision is None:
            continue
        kept = [x for x in p.pieces if x.state == "same" and x.text.strip()]
        inserted = [x for x in p.pieces if x.state == "ins" and x.text.strip()]
        deleted = [x for x in p.pieces if x.state == "del" and x.text.strip()]
        if kept or not inserted or not deleted:
            continue
        ins = inserted[0]
        assert ins.revision is not None
        raise Unexpressed(
            f"{ins.revision.author} inserted {ins.text.strip()!r} inside a paragraph that "
            f"{p.mark_revision.author} deleted; the two changes have no one reading",
            paragraphs=(number - 1,),
        )


class _Recorder(DraftState):
    """The importer's layout state, noting which paragraph each item came from."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.spots: list[tuple[UnitBuilder, Kind, int, int]] = []

    def add_item(
        self, unit: UnitBuilder, kind: Kind, body: str, p: Para, token: str | None
    ) -> None:
        before = len(unit.items[kind])
        super().add_item(unit, kind, body, p, token)
        if len(unit.items[kind]) > before:
            self.spots.append((unit, kind, before + 1, p.position))


def _reading(
    body: etree._Element,
    stream: review.Reviewed,
    styles: Styles,
    numbering: Numbering,
    path: Path,
    *,
    accept: bool,
) -> Reading:
    resolved = copy.deepcopy(body)
    resolve_revisions(resolved, accept=accept)
    walker = Walker(styles, numbering)
    blocks = walker.walk(resolved)
    views = review.view(stream, accept=accept)
    paras = _paras(blocks)
    differ = [i for i, (a, b) in enumerate(zip(paras, views, strict=False)) if a.text != b.text]
    if len(paras) != len(views) and not differ:
        differ = [min(len(paras), len(views)) - 1]
    if differ:
        first = views[differ[0] - 1].last + 1 if differ[0] > 0 else 0
        raise Unexpressed(
            "its tracked changes could not be followed paragraph by paragraph (its markup is "
            "not of a kind editplan reads)",
            paragraphs=tuple(range(first, views[min(differ[0], len(views) - 1)].last + 1)),
        )
    recorder = _Recorder(display(path), path.name, "reviewed", blocks, [])
    headings, tables = HeadingsLayout(recorder), TableLayout(recorder)
    try:
        # the importer's own feeding (reader.read_docx), so that both read the same plan
        for block in blocks:
            if isinstance(block, Table):
                tables.table(block)
            else:
                headings.paragraph(block)
        result = build(recorder)
    except InputError as exc:
        side = "after accepting" if accept else "before"
        raise InputError(f"{side} its tracked changes: {exc.message}", exc.location) from None
    reading = Reading(
        result.plan, {}, {}, views, notes=result.notes, unplaced=[str(u) for u in result.unplaced]
    )
    first = 0
    for index, v in enumerate(views):
        for p in stream.paragraphs[first : v.last + 1]:
            for name, _ in p.bookmarks:
                if (element := identity.element_of(name)) is not None:
                    reading.marks.setdefault(index, []).append(element)
        first = v.last + 1
    items = {place.item.id: place.item.text for place in result.plan.locate().values()}
    for unit, kind, n, position in recorder.spots:
        key = unit.key()
        prefix = key.lower().replace(".", "")
        element_id = f"{prefix}.{'ka' if kind == 'key_area' else 'act'}{n}"
        index = position - 1
        reading.items[element_id] = _spot(views[index], items[element_id], index)
        reading.roles[index] = element_id
    titles = {}
    for _, unit in result.plan.units():
        for head in getattr(unit, "goals", None) or [unit]:
            titles[head.id] = head.title
    for index, v in enumerate(views):
        m = _GOAL_HEAD.match(v.text.strip())
        if m and m[1] in titles and index not in reading.roles:
            spot = _spot(v, titles[m[1]], index)
            if spot.origins or not titles[m[1]]:
                reading.titles.setdefault(m[1], spot)
                reading.roles[index] = f"goal:{m[1]}"
    return reading


def _paras(blocks: list[object]) -> list[Para]:
    out: list[Para] = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(block)
        else:
            for row in block.rows:  # type: ignore[attr-defined]
                for cell in row:
                    out.extend(cell.paras)
    out.sort(key=lambda p: p.position)
    return out


def _spot(v: review.ViewParagraph, body: str, index: int) -> Spot:
    """Where ``body`` (the wording the importer read) sits in the paragraph: the importer
    makes one line of the paragraph's text and takes its end, after any number."""
    text, origins = one_line(v.text, v.origins)
    at = text.rfind(body)
    if at < 0 or not text.endswith(body):
        return Spot(body, [], index)
    return Spot(body, origins[at : at + len(body)], index)


def one_line(text: str, origins: list[int]) -> tuple[str, list[int]]:
    """The importer's one-line form (tabs and breaks become a space, edges trimmed), with the
    origin of each character kept."""
    out: list[str] = []
    kept: list[int] = []
    pos = 0
    for m in _BREAKS.finditer(text):
        out.append(text[pos : m.start()])
        kept.extend(origins[pos : m.start()])
        out.append(" ")
        kept.append(origins[m.start()])
        pos = m.end()
    out.append(text[pos:])
    kept.extend(origins[pos:])
    joined = "".join(out)
    lead = len(joined) - len(joined.lstrip())
    trail = len(joined.rstrip())
    return joined[lead:trail], kept[lead:trail]
