"""The parts of editplan's documents as python-docx makes them: its default template, serialised
as python-docx's save writes it, with fixed core properties and no thumbnail.

Nothing at run time uses this module: the writers start from these parts shipped as bytes
(:mod:`editplan.ooxml.template`), which ``tools/word_template.py`` makes with it and
tests/test_template.py checks against it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import OxmlElement
from lxml import etree

from editplan.ooxml import fragments, markup
from editplan.ooxml.ns import w

if TYPE_CHECKING:
    from docx.opc.packuri import PackURI

# Children of w:settings that come after w:trackRevisions in the schema sequence.
_SETTINGS_AFTER_TRACK = frozenset(
    w(name)
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


def members(
    doc: Document, *, title: str, author: str, when: dt.datetime | None = None
) -> dict[str, bytes]:
    """The serialised parts of ``doc`` with fixed metadata: ``title`` and ``author`` in the
    core properties, ``when`` as created and modified date (left out when None), no
    thumbnail."""
    core = doc.core_properties
    core.title = title[:255]
    core.author = author[:255]
    core.last_modified_by = author[:255]
    core.comments = "Written by editplan"
    core.revision = 1
    # python-docx has no way to remove a core property: go to its element.
    element = core._element
    if when is None:
        for tag in ("created", "modified"):
            child = getattr(element, tag)
            if child is not None:
                element.remove(child)
    else:
        core.created = when
        core.modified = when
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            # The template's thumbnail shows an empty page, not this document.
            del package.rels[rid]
    return _members(doc)


def _members(doc: Document) -> dict[str, bytes]:
    """The package's members, serialised as python-docx's save would write them, without
    its zip: compressing once, here, rather than in its save and again in a rezip."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    members: dict[str, bytes] = {}

    class _Collect:
        def write(self, pack_uri: PackURI, blob: bytes) -> None:
            members[pack_uri.membername] = blob

    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    collect: Any = _Collect()
    PackageWriter._write_content_types_stream(collect, parts)
    PackageWriter._write_pkg_rels(collect, package.rels)
    PackageWriter._write_parts(collect, parts)
    return members


def track_revisions(settings: etree._Element) -> None:
    """Turn on Track Changes in ``w:settings``, so that reviewers' own edits are tracked too."""
    if settings.find(w("trackRevisions")) is not None:
        return
    track = OxmlElement("w:trackRevisions")
    for child in settings:
        if child.tag in _SETTINGS_AFTER_TRACK:
            child.addprevious(track)
            return
    settings.append(track)


def plan_members(
    *,
    comments: bool,
    tracked: bool,
    title: str,
    author: str,
    when: dt.datetime | None = None,
    landscape: bool = False,
) -> dict[str, bytes]:
    """The parts of a plan document as python-docx makes them, before its body and comments are
    spliced in: python-docx's default template with a placeholder before the body's section
    properties, the comments part (holding a placeholder) and its styles when the document has
    comments, Track Changes on when it is ``tracked``, an A4 landscape page with 2 cm margins
    (26.1 cm of text width, for a round's tables) when ``landscape``.
    :mod:`editplan.ooxml.template` ships these parts, made from here, so that writing a
    document does not load python-docx."""
    import docx

    doc = docx.Document()
    doc.element.body[-1].addprevious(_placeholder())
    if landscape:
        _landscape(doc)
    if comments:
        markup.ensure_comment_styles(doc.styles.element)
        doc.comments  # noqa: B018 -- creates the comments part and its relationship
        doc.part.part_related_by(RT.COMMENTS).element.append(_placeholder())
    if tracked:
        track_revisions(doc.settings.element)
    return members(doc, title=title, author=author, when=when)


def _landscape(doc: Document) -> None:
    """Turn the document's one section to A4 landscape with 2 cm margins."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))


def _placeholder() -> etree._Element:
    """The element the written markup takes the place of when the part is saved."""
    return OxmlElement(f"w:{fragments.PLACEHOLDER_TAG}")
