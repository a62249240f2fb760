"""Read a Word draft of an action plan (.docx) into a plan, placing every paragraph or saying why.

The draft may lay goals out as headings ("A. Area title", "Goal A.1: title", "Goals A.6, A.7 and
A.8" followed by one "Goal A.6: title" line per goal, then "Key areas" and "Activities" headings
over numbered items) or as the rows of a table (a goal column, a key-area column and an activity
column). Items may be numbered as text ("(1)", "(i)", "1.", "(a)") or by Word's list numbering.

A .docx is untrusted input: :func:`read_docx` checks the zip (member sizes, total size,
compression ratio) before decompressing anything, parses XML with a parser that never loads a
DTD, resolves no entity and never touches the network, and refuses any DOCTYPE. Tracked changes
are refused unless the caller asks to accept or reject them, which is done on the XML.

Ids follow the convention of plans/cb-action-plan.yaml: a goal's id is its number (A.1), a block
of goals A.6, A.7 and A.8 is "A.6-8", and items are numbered by position (a1.ka2, a6-8.act1).
Importing the clean document that editplan writes for a plan gives that plan back when its ids
follow this convention; a plan whose ids do not (after an amendment added lg14.53h, say) comes
back with the same texts and numbering but positional ids, since a document does not hold ids.
Nothing here prints; problems are :class:`~editplan.errors.InputError` and what could not be
placed is returned in :class:`ImportResult`.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lxml import etree
from pydantic import ValidationError

from editplan.core.model import (
    KIND_NOUN,
    KINDS,
    Goal,
    GoalBlock,
    Kind,
    Plan,
    Unit,
    display_number,
    from_roman,
)
from editplan.errors import InputError, Location
from editplan.ooxml.markup import CONTENT_DEL, CONTENT_INS, PROPERTY_CHANGES
from editplan.ooxml.numbering import format_number
from editplan.store import yamlio
from editplan.store.files import display
from editplan.word.writer import CLOSING

__all__ = ["SUPPORTED_LAYOUTS", "ImportResult", "Unplaced", "read_docx"]

Revisions = Literal["refuse", "accept", "reject"]

# Limits on the zip, checked from its directory before anything is decompressed.
MAX_MEMBER_BYTES = 200 * 2**20
MAX_TOTAL_BYTES = 500 * 2**20
MAX_MEMBERS = 10_000
# Word's own parts compress about 30:1 (styles.xml); a zip bomb compresses 1000:1 or more.
MAX_RATIO = 100
RATIO_FLOOR = 2**20  # small members may compress well; the ratio is checked above this size

SUPPORTED_LAYOUTS = (
    "editplan import reads two layouts: (1) headings: 'A. Area title', then 'Goal A.1: title' "
    "(or 'Goals A.6, A.7 and A.8' followed by one 'Goal A.6: title' line per goal), then "
    "'Key areas' and 'Activities' headings over items numbered (1), (i), 1., (a) or by Word's "
    "list numbering; (2) a table with one row per goal: a column with 'Goal A.1: title', a "
    "column of key areas and a column of activities (a header row 'Goal | Key areas | "
    "Activities' is recognised and skipped)"
)

_WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _w(name: str) -> str:
    return f"{{{_WNS}}}{name}"


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Unplaced:
    """A paragraph the importer could not place: its 1-based position in the body, its text."""

    position: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"paragraph {self.position}: {_one_line(self.text)!r} ({self.reason})"


@dataclass
class ImportResult:
    """The imported plan, the paragraphs left out (never silently), the layout and findings."""

    plan: Plan
    unplaced: list[Unplaced]
    layout: str
    notes: list[str]
    source_file: str = ""

    def to_yaml(self) -> str:
        """The plan file text, with a header saying where it came from and what was left out."""
        doc = yamlio.fresh(plan_data(self.plan))
        doc.yaml_set_start_comment(self._header())
        for area_node, area in zip(doc["areas"], self.plan.areas, strict=True):
            goals = area_node["goals"]
            for index, unit in enumerate(area.goals):
                goals.yaml_set_comment_before_after_key(index, before=_label(unit), indent=6)
        return yamlio.dump(doc)

    def _header(self) -> str:
        lines = [
            f"Imported by 'editplan import' from {self.source_file or 'a Word document'} "
            f"(layout: {self.layout}).",
            "Ids were given by position: goal ids are the goal numbers and a1.ka2 is goal A.1, "
            "key area (2). Check the texts against the document before the first commit.",
        ]
        lines += [f"Note: {note}" for note in self.notes]
        if self.unplaced:
            count = len(self.unplaced)
            lines.append(
                f"{count} paragraph{'s' if count > 1 else ''} of the document could not be "
                "placed and are NOT in this plan; add them by hand if they belong to it:"
            )
            lines += [f"- {u}" for u in self.unplaced]
        else:
            lines.append("Every paragraph of the document was placed.")
        return "\n".join(_wrap(_comment_safe(line)) for line in lines)


def plan_data(plan: Plan) -> dict[str, Any]:
    """A plan as plain data in the key order of the project's plan files."""
    data: dict[str, Any] = {"id": plan.id, "title": plan.title, "version": plan.version}
    if plan.source is not None:
        data["source"] = plan.source
    if plan.note is not None:
        data["note"] = plan.note
    areas = []
    for area in plan.areas:
        units: list[dict[str, Any]] = []
        for unit in area.goals:
            if isinstance(unit, GoalBlock):
                head: dict[str, Any] = {
                    "id": unit.id,
                    "goals": [{"id": g.id, "title": g.title} for g in unit.goals],
                }
            else:
                assert isinstance(unit, Goal)
                head = {"id": unit.id, "title": unit.title}
            for kind in KINDS:
                key = "key_areas" if kind == "key_area" else "activities"
                head[key] = [{"id": i.id, "text": i.text} for i in unit.items(kind)]
            units.append(head)
        areas.append({"id": area.id, "title": area.title, "goals": units})
    data["areas"] = areas
    return data


def _label(unit: Unit) -> str:
    if isinstance(unit, Goal):
        title = textwrap.shorten(_comment_safe(unit.title), 80, placeholder=" ...")
        return f"Goal {unit.id}: {title}"
    return unit.label


def _wrap(text: str) -> str:
    return "\n".join(
        textwrap.wrap(text, 94, subsequent_indent="  ", break_on_hyphens=False) or [""]
    )


def _comment_safe(text: str) -> str:
    """Text for a YAML comment: one line, whatever the document held."""
    return re.sub(r"[\r\n\t\x0b\x0c\x85\u2028\u2029]+", " ", text)


# --- the entry point -------------------------------------------------------------------


def read_docx(
    path: Path, *, revisions: Revisions = "refuse", plan_id: str = "imported"
) -> ImportResult:
    """Read a Word draft into a plan; ``plan_id`` is the new plan's id (the output file's name).

    Refuses (with :class:`InputError`, before anything is written) a file that is not a .docx,
    a password-protected one, a possible zip bomb, XML with a DOCTYPE or entities, a document
    with tracked changes when ``revisions`` is "refuse", and a document where no goal is found.
    Positions of unplaced paragraphs count every paragraph of the body, table cells included,
    after tracked changes were accepted or rejected.
    """
    if revisions not in ("refuse", "accept", "reject"):
        raise ValueError(f"revisions must be refuse, accept or reject, not {revisions!r}")
    path = Path(path)
    name = display(path)
    roots = {
        role: _parse_xml(data, part, name)
        for role, (part, data) in _read_package(path, name).items()
    }
    body = roots["document"].find(_w("body"))
    if body is None:
        raise InputError("the main document has no body; the file is damaged", Location(name))
    notes: list[str] = []
    count = count_revisions(body)
    if count:
        if revisions == "refuse":
            raise InputError(
                f"has {count} tracked change{'s' if count > 1 else ''}; accept or reject them in "
                "Word first, or pass --accept-revisions / --reject-revisions",
                Location(name),
            )
        resolve_revisions(body, accept=revisions == "accept")
        done = "accepted" if revisions == "accept" else "rejected"
        notes.append(f"{count} tracked change{'s' if count > 1 else ''} {done} before import.")
    styles = _Styles(roots.get("styles"))
    numbering = _Numbering(roots.get("numbering"), styles)
    if body.find(f".//{_w('txbxContent')}") is not None:
        notes.append("The document has text boxes; their text is not read.")
    blocks = _Walker(styles, numbering).walk(body)
    builder = _Builder(name, path.name, plan_id, blocks, notes)
    return builder.build()


# --- the package: safety checks before any decompression --------------------------------


def _read_package(path: Path, name: str) -> dict[str, tuple[str, bytes]]:
    """The main document, styles and numbering parts of a .docx (role to part name and bytes),
    read only after the zip passed the safety checks."""
    where = Location(name)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise InputError("no such file", where) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a Word document", where) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", where) from None
    if head.startswith(_OLE_MAGIC):
        _refuse_ole(path, where)
    if not head.startswith(b"PK"):
        raise InputError(f"is not a Word document (not a zip archive{_hint(head)})", where)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError("is not a Word document (not a readable zip archive)", where) from None
    with archive:
        infos = archive.infolist()
        _check_zip(infos, where)
        members = {info.filename: info for info in infos}
        if "mimetype" in members and "word/document.xml" not in members:
            mimetype = _member(archive, members["mimetype"], where)[:100]
            if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                raise InputError(
                    "is an OpenDocument file (.odt), not a Word document; save it as .docx first",
                    where,
                )
        main = _main_part(archive, members, where)
        if main not in members:
            raise InputError(
                "is a zip archive but not a Word document (it has no word/document.xml)", where
            )
        out = {"document": (main, _member(archive, members[main], where))}
        for role, target in _document_rels(archive, members, main, where).items():
            if target in members:
                out[role] = (target, _member(archive, members[target], where))
        return out


def _hint(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "; it is a PDF"
    if head.startswith(b"{\\rtf"):
        return "; it is an RTF file: save it as .docx"
    if head.lstrip().lower().startswith((b"<!doc", b"<html", b"<?xml")):
        return "; it is an HTML or XML file: save it as .docx"
    return ""


def _refuse_ole(path: Path, where: Location) -> None:
    """An OLE compound file: an encrypted Office file, or an old binary .doc."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_MEMBER_BYTES)
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", where) from None
    # Encrypted OOXML is an OLE file holding these two streams (MS-OFFCRYPTO 2.3.4).
    if (
        "EncryptedPackage".encode("utf-16-le") in data
        or "EncryptionInfo".encode("utf-16-le") in data
    ):
        raise InputError(
            "is password-protected (an encrypted Office file); save it without a password first",
            where,
        )
    raise InputError(
        "is an old binary Office file (Word 97-2003 .doc or similar), not a .docx; "
        "save it as .docx (Word Document) first",
        where,
    )


def _size(n: int) -> str:
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _check_zip(infos: list[zipfile.ZipInfo], where: Location) -> None:
    """Refuse a possible zip bomb from the sizes the zip declares (reads are bounded too)."""
    if len(infos) > MAX_MEMBERS:
        raise InputError(
            f"has {len(infos)} zip members (limit {MAX_MEMBERS}); refusing a possible zip bomb",
            where,
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(
                "is password-protected (an encrypted zip); save it without a password first",
                where,
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise InputError(
                f"member {info.filename} uses zip compression method {info.compress_type}, "
                "which Word does not write; the file is damaged or not a Word document",
                where,
            )
        if info.file_size > MAX_MEMBER_BYTES:
            raise InputError(
                f"member {info.filename} expands to {_size(info.file_size)} (limit "
                f"{_size(MAX_MEMBER_BYTES)}); refusing a possible zip bomb",
                where,
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise InputError(
                f"member {info.filename} is compressed {ratio:.0f} to 1 (limit {MAX_RATIO} to 1); "
                "refusing a possible zip bomb",
                where,
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise InputError(
            f"expands to {_size(total)} in all (limit {_size(MAX_TOTAL_BYTES)}); refusing a "
            "possible zip bomb",
            where,
        )


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: Location) -> bytes:
    """A member's bytes, read no further than the limit whatever its header claims."""
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except RuntimeError:  # zipfile's error for an encrypted member
        raise InputError(
            "is password-protected (an encrypted zip); save it without a password first", where
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise InputError(
            f"member {info.filename} cannot be read ({exc}); the file is damaged", where
        ) from None
    if len(data) > MAX_MEMBER_BYTES:
        raise InputError(
            f"member {info.filename} expands to more than {_size(MAX_MEMBER_BYTES)} (limit "
            f"{_size(MAX_MEMBER_BYTES)}); refusing a possible zip bomb",
            where,
        )
    return data


def _main_part(
    archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], where: Location
) -> str:
    """The main document part named by the package relationships (word/document.xml)."""
    rels = members.get("_rels/.rels")
    if rels is None:
        return "word/document.xml"
    root = _parse_xml(_member(archive, rels, where), "_rels/.rels", where.path)
    for rel in root.iter(f"{{{_R}}}Relationship"):
        if rel.get("Type") == _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            return posixpath.normpath(rel.get("Target", "").lstrip("/"))
    return "word/document.xml"


def _document_rels(
    archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], main: str, where: Location
) -> dict[str, str]:
    """Where the styles and numbering parts of the main document are."""
    folder = posixpath.dirname(main)
    found = {
        "styles": posixpath.join(folder, "styles.xml"),
        "numbering": posixpath.join(folder, "numbering.xml"),
    }
    rels_name = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
    if rels_name not in members:
        return found
    root = _parse_xml(_member(archive, members[rels_name], where), rels_name, where.path)
    for rel in root.iter(f"{{{_R}}}Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if kind in found and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            joined = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
            found[kind] = posixpath.normpath(joined)
    return found


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


_DECLARATIONS = tuple(
    word.encode(codec)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)


def _parse_xml(data: bytes, part: str, name: str) -> etree._Element:
    """Parse one part with a parser that loads no DTD, resolves no entity and uses no network."""
    refusal = InputError(
        f"{part} declares a DOCTYPE/entities; refusing (external entities are never resolved)",
        Location(name),
    )
    if any(word in data for word in _DECLARATIONS):
        raise refusal
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"{part} is not well-formed XML ({exc}); the file is damaged", Location(name)
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise refusal
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise refusal
    return root


# --- tracked changes -------------------------------------------------------------------

_RANGE_MARKERS = frozenset(
    _w(name)
    for name in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")
)
_DELETED_TEXT = {_w("delText"): _w("t"), _w("delInstrText"): _w("instrText")}


def count_revisions(root: etree._Element) -> int:
    """How many tracked changes (insertions, deletions, moves, property changes) ``root`` holds."""
    tags = CONTENT_INS | CONTENT_DEL | PROPERTY_CHANGES
    return sum(1 for _ in root.iter(*tags))


def _is_property(el: etree._Element) -> bool:
    """A revision marker inside properties (a paragraph mark, a table row), not content."""
    parent = el.getparent()
    return parent is not None and etree.QName(parent).localname.endswith("Pr")


def resolve_revisions(root: etree._Element, *, accept: bool) -> None:
    """Accept or reject every tracked change under ``root``, in place, as Word would.

    Accepting drops deleted content and unwraps insertions; rejecting does the opposite. A
    paragraph whose mark goes (a deleted mark accepted, an inserted one rejected) joins the
    paragraph after it; a table row likewise goes with its mark.
    """
    drop, keep = (CONTENT_DEL, CONTENT_INS) if accept else (CONTENT_INS, CONTENT_DEL)
    joining: list[etree._Element] = []
    for marker in list(root.iter(*(drop | keep))):
        if not _is_property(marker):
            continue
        properties = marker.getparent()
        holder = properties.getparent()
        properties.remove(marker)
        if marker.tag not in drop or holder is None:
            continue
        if properties.tag == _w("trPr"):
            holder.getparent().remove(holder)  # the row itself was inserted or deleted
        elif properties.tag == _w("rPr") and holder.tag == _w("pPr"):
            joining.append(holder.getparent())  # the paragraph mark was inserted or deleted
    for el in list(root.iter(*_RANGE_MARKERS)):
        el.getparent().remove(el)
    for el in list(root.iter(*drop)):
        if el.getparent() is not None:
            el.getparent().remove(el)
    for el in list(root.iter(*keep)):
        for node in el.iter(*_DELETED_TEXT):
            node.tag = _DELETED_TEXT[node.tag]
        parent = el.getparent()
        at = parent.index(el)
        for offset, child in enumerate(list(el)):
            parent.insert(at + offset, child)
        parent.remove(el)
    for el in list(root.iter(*PROPERTY_CHANGES)):
        parent = el.getparent()
        if not accept and el.tag in (_w("pPrChange"), _w("rPrChange")):
            old = el.find(_w("pPr") if el.tag == _w("pPrChange") else _w("rPr"))
            kept = {_w("rPr"), _w("sectPr"), _w("pPrChange"), _w("rPrChange")}
            for child in list(parent):
                if child.tag not in kept:
                    parent.remove(child)
            for offset, child in enumerate(list(old) if old is not None else []):
                parent.insert(offset, child)
        if el.tag in (_w("cellIns"), _w("cellDel")) and (el.tag == _w("cellIns")) != accept:
            cell = parent.getparent()
            if cell is not None and cell.getparent() is not None:
                cell.getparent().remove(cell)
                continue
        if el.getparent() is not None:
            el.getparent().remove(el)
    for p in joining:
        _join_next(p)


def _join_next(p: etree._Element) -> None:
    """Join paragraph ``p`` (whose mark is gone) to the paragraph after it, which keeps its own
    properties; with no paragraph after it, ``p`` stays."""
    after = p.getnext()
    if after is None or after.tag != _w("p"):
        return
    content = [child for child in p if child.tag != _w("pPr")]
    ppr = after.find(_w("pPr"))
    at = 0 if ppr is None else after.index(ppr) + 1
    for offset, child in enumerate(content):
        after.insert(at + offset, child)
    p.getparent().remove(p)


# --- styles and numbering --------------------------------------------------------------


def _val(node: etree._Element | None, tag: str) -> str | None:
    if node is None:
        return None
    child = node.find(_w(tag))
    return None if child is None else child.get(_w("val"))


class _Styles:
    """Paragraph styles by id: name, base style, list numbering and outline level."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, etree._Element] = {}
        self.default: str | None = None
        if root is None:
            return
        for style in root.iter(_w("style")):
            if style.get(_w("type"), "paragraph") != "paragraph":
                continue
            style_id = style.get(_w("styleId"), "")
            self.styles[style_id] = style
            if style.get(_w("default")) in ("1", "true", "on"):
                self.default = style_id

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and the styles it is based on, nearest first."""
        out: list[etree._Element] = []
        seen: set[str] = set()
        current = style_id if style_id in self.styles else self.default
        while current is not None and current in self.styles and current not in seen:
            seen.add(current)
            style = self.styles[current]
            out.append(style)
            current = _val(style, "basedOn")
        return out

    def name(self, style_id: str | None) -> str:
        chain = self.chain(style_id)
        if not chain:
            return (style_id or "").lower()
        return (_val(chain[0], "name") or chain[0].get(_w("styleId"), "")).lower()

    def heading_level(self, style_id: str | None) -> int | None:
        """1 for Heading 1 (or a style with outline level 0), None for body text."""
        for style in self.chain(style_id):
            name = (_val(style, "name") or "").lower()
            match = re.fullmatch(r"heading\s*([1-9])", name)
            if match:
                return int(match[1])
            level = _val(style.find(_w("pPr")), "outlineLvl")
            if level is not None and level.isdigit():
                return int(level) + 1 if int(level) < 9 else None
        return None

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """The list and level a style gives its paragraphs."""
        num_id: str | None = None
        ilvl: int | None = None
        for style in self.chain(style_id):
            ppr = style.find(_w("pPr"))
            num_pr = None if ppr is None else ppr.find(_w("numPr"))
            if num_pr is None:
                continue
            num_id = num_id or _val(num_pr, "numId")
            level = _val(num_pr, "ilvl")
            if ilvl is None and level is not None and level.isdigit():
                ilvl = int(level)
        return num_id, ilvl


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int


class _Numbering:
    """Word's list numbering: which format a list level has, and the number Word shows."""

    def __init__(self, root: etree._Element | None, styles: _Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}  # numbering style id -> the list defining it
        self.nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        links: dict[str, str] = {}
        for node in root.iter(_w("abstractNum")):
            abstract_id = node.get(_w("abstractNumId"), "")
            self.abstract[abstract_id] = {
                int(lvl.get(_w("ilvl"), "0")): self._level(lvl) for lvl in node.iter(_w("lvl"))
            }
            if (link := _val(node, "styleLink")) is not None:
                self.style_links[link] = abstract_id
            if (link := _val(node, "numStyleLink")) is not None:
                links[abstract_id] = link
        for num in root.iter(_w("num")):
            abstract_id = _val(num, "abstractNumId") or ""
            overrides: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for override in num.iter(_w("lvlOverride")):
                ilvl = int(override.get(_w("ilvl"), "0"))
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    overrides[ilvl] = self._level(lvl)
                start = _val(override, "startOverride")
                if start is not None and start.isdigit():
                    starts[ilvl] = int(start)
            self.nums[num.get(_w("numId"), "")] = (abstract_id, overrides, starts)
        for abstract_id, style_id in links.items():
            # A list that only points at a numbering style takes that style's list's levels.
            target_num, _ = styles.num_pr(style_id)
            target = self.nums.get(target_num or "")
            if target is not None and target[0] in self.abstract:
                self.abstract[abstract_id] = self.abstract[target[0]]
            elif style_id in self.style_links:
                self.abstract[abstract_id] = self.abstract[self.style_links[style_id]]

    @staticmethod
    def _level(lvl: etree._Element) -> _Level:
        start = _val(lvl, "start") or "1"
        return _Level(
            _val(lvl, "numFmt") or "decimal",
            _val(lvl, "lvlText") or "",
            int(start) if start.isdigit() else 1,
        )

    def level(self, num_id: str | None, ilvl: int) -> tuple[str, dict[int, _Level]] | None:
        """The abstract list and the levels of list ``num_id``, or None if it is not a list."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        abstract_id, overrides, _ = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        if ilvl not in levels:
            return None
        return abstract_id, levels

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Count one paragraph of list ``num_id`` at level ``ilvl``: its format and its number."""
        found = self.level(num_id, ilvl)
        if found is None:
            return None
        abstract_id, levels = found
        counts = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            # A list instance with a start override restarts the numbering when first used.
            self.started.add(num_id)
            for level, start in self.nums[num_id][2].items():
                counts[level] = start - 1
        current = counts.get(ilvl)
        counts[ilvl] = current + 1 if current is not None else levels[ilvl].start
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        lvl = levels[ilvl]
        if lvl.fmt == "none":
            return lvl.fmt, ""
        if lvl.fmt == "bullet":
            return lvl.fmt, lvl.text

        def number(m: re.Match[str]) -> str:
            at = int(m[1]) - 1
            other = levels.get(at, _Level("decimal", "", 1))
            return format_number(other.fmt, counts.get(at, other.start))

        return lvl.fmt, re.sub(r"%([1-9])", number, lvl.text)


# --- the document as paragraphs and tables ---------------------------------------------


@dataclass
class _Para:
    """One paragraph: where it is, its text, and what its style and numbering say."""

    position: int
    text: str
    style: str
    heading: int | None
    num_fmt: str | None = None
    label: str = ""
    in_table: bool = False

    @property
    def shown(self) -> str:
        """The text as Word shows it: a heading's automatic number first."""
        if self.label and self.heading is not None and self.num_fmt != "bullet":
            return f"{self.label} {self.text.strip()}"
        return self.text.strip()

    @property
    def display(self) -> str:
        """The text for a report, with any automatic number."""
        if self.label and self.num_fmt != "bullet":
            return f"{self.label} {self.text.strip()}"
        return self.text.strip()

    @property
    def is_title(self) -> bool:
        return self.style == "title"

    @property
    def is_list(self) -> bool:
        return "list" in self.style


@dataclass
class _Cell:
    column: int
    span: int
    merged: bool  # a vertical merge continuing the cell above
    paras: list[_Para]

    @property
    def text(self) -> str:
        return "\n".join(p.text.strip() for p in self.paras if p.text.strip())


@dataclass
class _Table:
    number: int
    rows: list[list[_Cell]]


_Block = _Para | _Table

_RUN_TEXT = {
    _w("tab"): "\t",
    _w("ptab"): "\t",
    _w("cr"): "\n",
    _w("noBreakHyphen"): "-",
}
_INLINE_CONTAINERS = frozenset(
    _w(name)
    for name in ("hyperlink", "smartTag", "fldSimple", "customXml", "ins", "moveTo", "dir", "bdo")
)


class _Walker:
    """Turns the body into paragraphs and tables in document order, counting paragraphs."""

    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.count = 0
        self.tables = 0

    def walk(self, body: etree._Element) -> list[_Block]:
        out: list[_Block] = []
        for child in _flatten(body):
            if child.tag == _w("p"):
                out.append(self.paragraph(child, in_table=False))
            elif child.tag == _w("tbl"):
                self.tables += 1
                out.append(self.table(child, self.tables))
        return out

    def table(self, tbl: etree._Element, number: int) -> _Table:
        rows: list[list[_Cell]] = []
        for tr in _flatten(tbl):
            if tr.tag != _w("tr"):
                continue
            column = 0
            cells: list[_Cell] = []
            for tc in _flatten(tr):
                if tc.tag != _w("tc"):
                    continue
                tc_pr = tc.find(_w("tcPr"))
                span_text = _val(tc_pr, "gridSpan") or "1"
                span = int(span_text) if span_text.isdigit() else 1
                vmerge = None if tc_pr is None else tc_pr.find(_w("vMerge"))
                merged = vmerge is not None and vmerge.get(_w("val"), "continue") == "continue"
                cells.append(_Cell(column, span, merged, self.cell_paragraphs(tc)))
                column += span
            rows.append(cells)
        return _Table(number, rows)

    def cell_paragraphs(self, tc: etree._Element) -> list[_Para]:
        out: list[_Para] = []
        for child in _flatten(tc):
            if child.tag == _w("p"):
                out.append(self.paragraph(child, in_table=True))
            elif child.tag == _w("tbl"):
                # A table in a cell is read as its paragraphs, in order.
                for row in _flatten(child):
                    for cell in _flatten(row):
                        if cell.tag == _w("tc"):
                            out.extend(self.cell_paragraphs(cell))
        return out

    def paragraph(self, p: etree._Element, *, in_table: bool) -> _Para:
        self.count += 1
        ppr = p.find(_w("pPr"))
        style_id = _val(ppr, "pStyle")
        heading = self.styles.heading_level(style_id)
        outline = _val(ppr, "outlineLvl")
        if outline is not None and outline.isdigit():
            heading = int(outline) + 1 if int(outline) < 9 else None
        para = _Para(
            self.count, _paragraph_text(p), self.styles.name(style_id), heading, in_table=in_table
        )
        num_pr = None if ppr is None else ppr.find(_w("numPr"))
        style_num, style_ilvl = self.styles.num_pr(style_id)
        num_id = _val(num_pr, "numId") or style_num
        ilvl_text = _val(num_pr, "ilvl")
        ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else style_ilvl or 0
        if num_id and (found := self.numbering.label(num_id, ilvl)) is not None:
            para.num_fmt, para.label = found
        return para


def _flatten(el: etree._Element) -> Iterator[etree._Element]:
    """Children of ``el``, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _flatten(content)
        elif child.tag == _w("customXml"):
            yield from _flatten(child)
        else:
            yield child


def _paragraph_text(p: etree._Element) -> str:
    """The visible text of a paragraph: runs, hyperlinks and fields, no text boxes or deletions."""
    parts: list[str] = []

    def runs(node: etree._Element) -> None:
        for child in node:
            if child.tag == _w("r"):
                for piece in child:
                    if piece.tag == _w("t"):
                        parts.append(piece.text or "")
                    elif piece.tag == _w("br"):
                        if piece.get(_w("type"), "textWrapping") == "textWrapping":
                            parts.append("\n")
                    elif piece.tag in _RUN_TEXT:
                        parts.append(_RUN_TEXT[piece.tag])
            elif child.tag in _INLINE_CONTAINERS:
                runs(child)
            elif child.tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    runs(content)

    runs(p)
    return "".join(parts)


# --- reading the layout ----------------------------------------------------------------

_SEP = r"(?:\s*[:.\u2013\u2014-]\s*)"
_GOAL = re.compile(rf"^Goal\s+(?:([A-Z])\.)?([1-9][0-9]*)(?:{_SEP}(.*)|\s*)$", re.S)
_GOAL_LOOSE = re.compile(
    r"^(?:Goal\s+)?(?:([A-Z])\.)([1-9][0-9]*)\.?(?:\s*[:\u2013\u2014-]?\s+(.*)|\s*)$", re.S
)
_CONNECTOR = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+to\s+|\s*[\u2013\u2014-]\s*)"
_GOAL_LIST = rf"[A-Z]\.[1-9][0-9]*(?:{_CONNECTOR}(?:[A-Z]\.)?[1-9][0-9]*)+"
_BLOCK = re.compile(rf"^Goals\s+({_GOAL_LIST})(?:{_SEP}(.*)|\s*)$", re.S)
_AREA = re.compile(r"^(?:Area\s+)?([A-Z])(?:\s*[.:)\u2013\u2014-]\s*(.*)|\s*)$", re.S)
_AREA_NAMED = re.compile(r"^Area\s+([A-Z])(?:\s*[.:)\u2013\u2014-]\s*(.*)|\s*)$", re.S)
_HYPHEN = r"[-\u2010\u2011 ]"
_KEY_AREAS = re.compile(
    rf"^key\s+(?:capacity{_HYPHEN}building\s+)?areas?"
    rf"(?:\s+(?:for|of)\s+capacity{_HYPHEN}building)?\s*:?$",
    re.I,
)
_ACTIVITIES = re.compile(
    rf"^(?:(?:capacity{_HYPHEN}building|proposed|key|planned|indicative)\s+)?activities\s*:?$",
    re.I,
)
_NUMBERED = re.compile(
    r"^(?:\((?P<paren>[0-9]{1,3}|[A-Za-z]{1,7})\)[\t \u00a0]*"
    r"|(?P<dot>[0-9]{1,3}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7}|[a-zA-Z])[.)][\t \u00a0]+)(?P<text>.*)$",
    re.S,
)
_BULLET = re.compile(
    r"^[\u2022\u00b7\u25aa\u25e6\u2023\u2013\u2014*-][\t \u00a0]+(?P<text>.*)$", re.S
)
_VERSION = re.compile(r"^Version\s*:\s*(.+)$", re.I | re.S)
_SOURCE = re.compile(r"^Source\s*:\s*(.+)$", re.I | re.S)
_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]+")
_ROLE_KIND: dict[str, Kind] = {"key_area": "key_area", "activity": "activity"}


def _one_line(text: str) -> str:
    """One line of text: tabs and line breaks become spaces, edges are trimmed."""
    return _BREAKS.sub(" ", text).strip()


def _subheading(text: str) -> Kind | None:
    if len(text) > 80:
        return None
    if _KEY_AREAS.match(text):
        return "key_area"
    if _ACTIVITIES.match(text):
        return "activity"
    return None


def _goal_list(text: str) -> list[str] | None:
    """Goal ids of "A.6, A.7 and A.8", "A.6, 7 and 8" or "A.6-A.8"; None if letters differ."""
    tokens = re.findall(rf"({_CONNECTOR}|^)(?:([A-Z])\.)?([1-9][0-9]*)", text)
    letter = tokens[0][1]
    numbers: list[int] = []
    for connector, other, number in tokens:
        if other and other != letter:
            return None
        n = int(number)
        ranged = connector.strip() in ("to", "\u2013", "\u2014", "-")
        if ranged and numbers and numbers[-1] < n <= numbers[-1] + 50:
            numbers.extend(range(numbers[-1] + 1, n + 1))
        elif n not in numbers:
            numbers.append(n)
    return [f"{letter}.{n}" for n in numbers]


def _number_values(token: str) -> set[int]:
    """What a literal item number can stand for: 4 for "4", "iv" or "d"."""
    if token.isdigit():
        return {int(token)}
    values = set()
    roman = from_roman(token)
    if roman:
        values.add(roman)
    if len(token) == 1:
        values.add(ord(token.lower()) - ord("a") + 1)
    return values


def _kind_of_number(token: str | None, fmt: str | None) -> Kind | None:
    """Which list a number's style says an item is in: (1) key areas, (i) activities."""
    if fmt is not None:
        if fmt in ("decimal", "decimalZero"):
            return "key_area"
        if fmt in ("lowerRoman", "upperRoman"):
            return "activity"
        return None
    if token is None:
        return None
    if token.isdigit():
        return "key_area"
    if from_roman(token):
        return "activity"
    return None


@dataclass
class _UnitBuilder:
    goal_ids: list[str]
    titles: dict[str, str | None]
    position: int
    open_heads: bool = False  # a "Goals ..." heading waiting for its "Goal A.6: title" lines
    items: dict[Kind, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})

    @property
    def letter(self) -> str:
        return self.goal_ids[0].split(".")[0]

    @property
    def label(self) -> str:
        ids = self.goal_ids
        return f"Goal {ids[0]}" if len(ids) == 1 else f"Goals {', '.join(ids[:-1])} and {ids[-1]}"

    def key(self) -> str:
        if len(self.goal_ids) == 1:
            return self.goal_ids[0]
        numbers = [int(g.split(".")[1]) for g in self.goal_ids]
        if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            return f"{self.letter}.{numbers[0]}-{numbers[-1]}"
        return f"{self.letter}.{'-'.join(str(n) for n in numbers)}"


@dataclass
class _AreaBuilder:
    letter: str
    title: str | None = None
    level: int | None = None
    units: list[_UnitBuilder] = field(default_factory=list)


class _Builder:
    """Feeds paragraphs and tables through the layout rules, then builds the plan."""

    def __init__(
        self, name: str, file_name: str, plan_id: str, blocks: list[_Block], notes: list[str]
    ) -> None:
        self.name = name
        self.file_name = file_name
        self.plan_id = plan_id
        self.blocks = blocks
        self.notes = notes
        self.unplaced: list[Unplaced] = []
        self.title: str | None = None
        self.title_from: str | None = None
        self.version: str | None = None
        self.source: str | None = None
        self.note: list[str] = []
        self.areas: dict[str, _AreaBuilder] = {}
        self.area: _AreaBuilder | None = None
        self.unit: _UnitBuilder | None = None
        self.kind: Kind | None = None
        self.kind_heading = ""
        self.awaiting: _UnitBuilder | _AreaBuilder | None = None
        self.awaiting_level: int | None = None
        self.started = False
        self.seen_goals: dict[str, int] = {}
        self.features: set[str] = set()
        self.has_title_style = any(isinstance(b, _Para) and b.is_title for b in blocks)
        self.confirmed = self._confirm_areas()

    # -- area headings are only areas when a goal of theirs follows ------------------------

    def _confirm_areas(self) -> set[int]:
        """Positions of area-like headings ("A. title") that a goal of that letter follows
        before the next such heading; "I. Introduction" is then not taken for an area."""
        signals: list[tuple[int, str, str | None]] = []
        for block in self.blocks:
            if isinstance(block, _Para):
                paras = [block]
            else:
                paras = [p for row in block.rows for c in row if c.column == 0 for p in c.paras]
            for p in paras:
                text = p.shown
                loose = p.heading is not None or p.in_table
                if m := _BLOCK.match(text):
                    signals.append((p.position, "goal", m[1][0]))
                elif (m := _GOAL.match(text)) or (loose and (m := _GOAL_LOOSE.match(text))):
                    signals.append((p.position, "goal", m[1]))
                elif loose and (m := _AREA.match(text)):
                    signals.append((p.position, "area", m[1]))
        confirmed: set[int] = set()
        for i, (position, kind, letter) in enumerate(signals):
            if kind != "area":
                continue
            for _, later_kind, later_letter in signals[i + 1 :]:
                if later_kind == "area":
                    break
                if later_letter in (None, letter):
                    confirmed.add(position)
                    break
        return confirmed

    # -- feeding --------------------------------------------------------------------------

    def feed(self) -> None:
        for block in self.blocks:
            if isinstance(block, _Table):
                self.table(block)
            else:
                self.paragraph(block)

    def paragraph(self, p: _Para) -> None:
        text = p.shown
        if not text:
            return
        if p.is_title:
            if self.title is None and not self.started:
                self.title = _one_line(text)
                return
            self.leave(p, "a second Title-styled paragraph; a plan has one title")
            return
        if not self.started and not self.note:
            if self.version is None and (m := _VERSION.match(text)):
                self.version = _one_line(m[1])
                return
            if self.source is None and (m := _SOURCE.match(text)):
                self.source = _one_line(m[1])
                return
        if self.structure(p, text):
            return
        if self.unit is not None and self.item(p, text):
            return
        if self.awaiting is not None and p.num_fmt is None and self.may_be_title(p):
            self.fill_title(_one_line(text))
            return
        if not self.started:
            if p.heading is not None and self.title is None and not self.has_title_style:
                self.title = _one_line(text)
                self.title_from = "the first heading"
            else:
                self.note.append(p.display)
            return
        if text == CLOSING and not p.in_table:
            return
        self.leave(p, self.reason(p, text))

    def may_be_title(self, p: _Para) -> bool:
        """Body text, or a heading deeper than the heading that gave only a number."""
        return p.heading is None or (
            self.awaiting_level is not None and p.heading > self.awaiting_level
        )

    def fill_title(self, title: str) -> None:
        """The paragraph after a heading that gave only a number is that heading's title."""
        target = self.awaiting
        self.awaiting = None
        if isinstance(target, _AreaBuilder):
            target.title = title
        elif target is not None:
            untitled = [g for g in target.goal_ids if target.titles.get(g) is None]
            if untitled:
                target.titles[untitled[0]] = title

    def reason(self, p: _Para, text: str) -> str:
        if p.heading is not None:
            return (
                "a heading that names no area ('A. title'), goal ('Goal A.1: title') or list "
                "('Key areas', 'Activities')"
            )
        if self.unit is None:
            if self.area is not None and not self.area.units:
                return f"after area {self.area.letter}'s heading, before any goal"
            return "not under any goal"
        if self.kind is None:
            return (
                f"under {self.unit.label} but not numbered, and no 'Key areas' or 'Activities' "
                "heading says which list it belongs to"
            )
        return (
            f"under '{self.kind_heading}' of {self.unit.label} but not numbered, so not read "
            f"as {'a key area' if self.kind == 'key_area' else 'an activity'}"
        )

    def leave(self, p: _Para, reason: str) -> None:
        self.unplaced.append(Unplaced(p.position, p.display, reason))

    def structure(self, p: _Para, text: str) -> bool:
        """Areas, goals, blocks and list headings; True if ``p`` was one of them."""
        heading = p.heading is not None
        if m := _BLOCK.match(text):
            ids = _goal_list(m[1])
            if ids is not None and len(ids) >= 2:
                unit = self.begin_unit(p, ids, {g: None for g in ids}, source="headings")
                unit.open_heads = True
                if m[2] and m[2].strip():
                    self.notes.append(
                        f"Paragraph {p.position}: the text after {unit.label}, {m[2].strip()!r}, "
                        "is not kept (a block of goals has no title of its own)."
                    )
                return True
        goal = _GOAL.match(text) or (_GOAL_LOOSE.match(text) if heading else None)
        if goal:
            letter = goal[1] or (self.area.letter if self.area else None)
            if letter is None:
                self.leave(p, "a goal without an area letter (write 'Goal A.1') and no area above")
                return True
            goal_id = f"{letter}.{goal[2]}"
            title = _one_line(goal[3] or "") or None
            unit = self.unit
            if (
                unit is not None
                and unit.open_heads
                and goal_id in unit.titles
                and unit.titles[goal_id] is None
            ):
                unit.titles[goal_id] = title
                return True
            unit = self.begin_unit(p, [goal_id], {goal_id: title}, source="headings")
            if title is None:
                self.awaiting, self.awaiting_level = unit, p.heading
            return True
        if (heading and p.position in self.confirmed) or _AREA_NAMED.match(text):
            m = _AREA_NAMED.match(text) or _AREA.match(text)
            if m:
                self.begin_area(m[1], _one_line(m[2] or "") or None, p)
                return True
        if (
            heading
            and (m := _AREA.match(text))
            and self.area is not None
            and self.area.level == p.heading
            and m[1] > self.area.letter
        ):
            # An area with no goals, after the plan started: same heading level, a later letter.
            self.begin_area(m[1], _one_line(m[2] or "") or None, p)
            return True
        if self.unit is not None and p.num_fmt is None and (kind := _subheading(text)):
            self.kind = kind
            self.kind_heading = _one_line(text)
            self.unit.open_heads = False
            self.awaiting = None
            return True
        return False

    def begin_area(self, letter: str, title: str | None, p: _Para) -> None:
        self.started = True
        area = self.areas.setdefault(letter, _AreaBuilder(letter))
        if area.title is not None and title is not None and area.title != title:
            self.notes.append(
                f"Area {letter} has a second heading (paragraph {p.position}); its first title "
                "is kept."
            )
        area.title = area.title or title
        area.level = p.heading
        self.area = area
        self.unit = None
        self.kind = None
        self.awaiting = area if title is None else None
        self.awaiting_level = p.heading

    def begin_unit(
        self, p: _Para, ids: list[str], titles: dict[str, str | None], *, source: str
    ) -> _UnitBuilder:
        self.started = True
        for goal_id in ids:
            if goal_id in self.seen_goals:
                raise InputError(
                    f"goal {goal_id} appears twice (paragraphs {self.seen_goals[goal_id]} and "
                    f"{p.position}); a goal is one heading or one table row",
                    Location(self.name),
                )
            self.seen_goals[goal_id] = p.position
        unit = _UnitBuilder(list(ids), titles, p.position)
        letter = unit.letter
        if self.area is None or self.area.letter != letter:
            if self.area is not None:
                self.notes.append(
                    f"{unit.label} (paragraph {p.position}) is under area {self.area.letter}'s "
                    f"heading; it is placed in area {letter}."
                )
            self.area = self.areas.setdefault(letter, _AreaBuilder(letter))
        self.area.units.append(unit)
        self.unit = unit
        self.kind = None
        self.awaiting = None
        self.features.add(source)
        return unit

    def item(self, p: _Para, text: str) -> bool:
        """A numbered paragraph under a goal is an item; True if ``p`` was placed as one."""
        assert self.unit is not None
        token: str | None = None
        if p.num_fmt is not None and p.num_fmt != "none":
            body = text
            self.features.add("word")
        elif m := _NUMBERED.match(text):
            token = m["paren"] or m["dot"]
            if not _number_values(token):
                return False
            body = m["text"]
            self.features.add("literal")
        elif (m := _BULLET.match(text)) and self.kind is not None:
            body = m["text"]
            self.features.add("unnumbered")
        elif p.is_list and self.kind is not None:
            body = text
            self.features.add("unnumbered")
        else:
            return False
        kind = self.kind or _kind_of_number(token, p.num_fmt)
        if kind is None:
            number = p.label or f"({token})"
            self.leave(
                p,
                f"numbered {number} under {self.unit.label}, but no 'Key areas' or 'Activities' "
                "heading says which list it belongs to",
            )
            return True
        self.add_item(self.unit, kind, body, p, token)
        return True

    def add_item(
        self, unit: _UnitBuilder, kind: Kind, body: str, p: _Para, token: str | None
    ) -> None:
        line = _one_line(body)
        if not line:
            self.leave(p, "an item number with no text")
            return
        if line != body.strip():
            self.notes.append(
                f"Paragraph {p.position}: a tab or line break inside the text became a space."
            )
        items = unit.items[kind]
        items.append(line)
        unit.open_heads = False
        n = len(items)
        if token is not None and n not in _number_values(token):
            shown = display_number(kind, n)
            self.notes.append(
                f"{unit.label}, {KIND_NOUN[kind]} {shown} is numbered ({token}) in the document "
                f"(paragraph {p.position}); numbers follow positions."
            )

    # -- tables ---------------------------------------------------------------------------

    def table(self, table: _Table) -> None:
        roles, header_rows = self.columns(table)
        goal_column = next((c for c, role in roles.items() if role == "goal"), None)
        has_goals = goal_column is not None and any(
            self.goal_heads(self.cell_at(row, goal_column))
            for index, row in enumerate(table.rows)
            if index not in header_rows
        )
        item_columns = [c for c, role in roles.items() if role in KINDS]
        if has_goals and goal_column is not None:
            self.goal_table(table, roles, header_rows, goal_column)
        elif item_columns and self.unit is not None and header_rows:
            self.items_table(table, roles, header_rows)
        else:
            for row in table.rows:
                for cell in row:
                    for p in cell.paras:
                        if p.text.strip():
                            self.leave(
                                p,
                                f"in table {table.number}, which has no goal column ('Goal A.1: "
                                "title' in a cell) nor 'Key areas' and 'Activities' columns",
                            )
        self.unit = None
        self.kind = None
        self.awaiting = None

    @staticmethod
    def cell_at(row: list[_Cell], column: int) -> _Cell | None:
        return next((c for c in row if c.column <= column < c.column + c.span), None)

    def columns(self, table: _Table) -> tuple[dict[int, str], set[int]]:
        """Column roles ("goal", "key_area", "activity", or "other:<header>") and which of the
        first rows are header rows (naming key areas or activities, naming no goal)."""
        roles: dict[int, str] = {}
        headers: set[int] = set()
        for index, row in enumerate(table.rows[:4]):
            found: dict[int, str] = {}
            for cell in row:
                text = _one_line(cell.text)
                low = text.lower()
                if not text:
                    continue
                if _GOAL.match(text) or _BLOCK.match(text) or _GOAL_LOOSE.match(text):
                    found = {}
                    break
                if "key area" in low or "key capacity" in low:
                    found[cell.column] = "key_area"
                elif "activit" in low:
                    found[cell.column] = "activity"
                elif re.match(r"^(strategic\s+)?goals?\b|^objectives?\b", low):
                    found[cell.column] = "goal"
                else:
                    found[cell.column] = f"other:{text}"
            if any(role in KINDS for role in found.values()):
                roles = found
                headers.add(index)
            elif headers or any(_GOAL.match(_one_line(c.text)) for c in row):
                break
        if not roles:
            width = max((c.column + c.span for row in table.rows for c in row), default=0)
            if width >= 3:
                roles = {0: "goal", 1: "key_area", 2: "activity"}
                roles.update({c: "other:" for c in range(3, width)})
        elif "goal" not in roles.values() and 0 not in roles:
            roles[0] = "goal"
        return roles, headers

    def goal_heads(self, cell: _Cell | None) -> list[tuple[str, str | None, _Para]] | None:
        """The goals a goal cell names, with their titles; None if it names none."""
        if cell is None or cell.merged:
            return None
        paras = [p for p in cell.paras if p.text.strip()]
        if not paras:
            return None
        first = paras[0].shown
        if m := _BLOCK.match(first):
            ids = _goal_list(m[1]) or []
            return [(g, None, paras[0]) for g in ids] or None
        m = _GOAL.match(first) or _GOAL_LOOSE.match(first)
        letter = m and (m[1] or (self.area.letter if self.area else None))
        if m and letter:
            return [(f"{letter}.{m[2]}", _one_line(m[3] or "") or None, paras[0])]
        return None

    def goal_table(
        self, table: _Table, roles: dict[int, str], header_rows: set[int], goal_column: int
    ) -> None:
        self.features.add("table")
        self.unit = None
        where = f"table {table.number}"
        for row_number, row in enumerate(table.rows, start=1):
            if row_number - 1 in header_rows:
                continue
            goal_cell = self.cell_at(row, goal_column)
            heads = self.goal_heads(goal_cell)
            if heads is None and self.area_row(row, goal_cell, where, row_number):
                continue
            if heads is not None and goal_cell is not None:
                item_cells = [cell for cell in row if roles.get(cell.column) in _ROLE_KIND]
                if item_cells and all(c.merged for c in item_cells) and self.unit is not None:
                    self.join_block(heads, goal_cell)
                else:
                    self.goal_cell(heads, goal_cell, where, row_number)
            elif goal_cell is not None and not goal_cell.merged and goal_cell.text.strip():
                for p in goal_cell.paras:
                    if p.text.strip():
                        self.leave(
                            p, f"in {where}, row {row_number}: its first column names no goal"
                        )
                for cell in row:
                    if cell is not goal_cell:
                        for p in cell.paras:
                            if p.text.strip():
                                self.leave(
                                    p,
                                    f"in {where}, row {row_number}, whose goal cell names no goal",
                                )
                continue
            for cell in row:
                if cell is goal_cell or cell.merged:
                    continue
                role = roles.get(cell.column, "other:")
                if role in _ROLE_KIND and self.unit is not None:
                    self.cell_items(cell, _ROLE_KIND[role])
                    continue
                for p in cell.paras:
                    if not p.text.strip():
                        continue
                    if role in _ROLE_KIND:
                        self.leave(p, f"in {where}, row {row_number}, before any goal row")
                    else:
                        header = role.removeprefix("other:")
                        named = f" ('{header}')" if header else ""
                        self.leave(
                            p,
                            f"in {where}, column {cell.column + 1}{named}, which editplan does "
                            "not read",
                        )

    def area_row(
        self, row: list[_Cell], goal_cell: _Cell | None, where: str, row_number: int
    ) -> bool:
        """A row whose only text, in the goal column, is an area heading ("A. title")."""
        texts = [c for c in row if c.text.strip()]
        if len(texts) != 1 or texts[0] is not goal_cell or goal_cell.merged:
            return False
        paras = [p for p in goal_cell.paras if p.text.strip()]
        area = _AREA.match(paras[0].shown)
        if area is None or not (
            paras[0].position in self.confirmed or _AREA_NAMED.match(paras[0].shown)
        ):
            return False
        self.begin_area(area[1], _one_line(area[2] or "") or None, paras[0])
        if self.area is not None and self.area.title is None and len(paras) > 1:
            self.area.title = _one_line(paras[1].shown)
            paras = paras[1:]
        self.awaiting = None
        for extra in paras[1:]:
            self.leave(extra, f"in {where}, row {row_number}, after the area's title")
        return True

    def goal_cell(
        self,
        heads: list[tuple[str, str | None, _Para]],
        cell: _Cell,
        where: str,
        row_number: int,
    ) -> None:
        """Start the goal (or block) a goal cell names: its first paragraph, then title lines."""
        paras = [p for p in cell.paras if p.text.strip()]
        ids = [g for g, _, _ in heads]
        titles = {g: t for g, t, _ in heads}
        awaiting = ids[0] if len(ids) == 1 and titles[ids[0]] is None else None
        extra: list[_Para] = []
        for p in paras[1:]:
            text = p.shown
            m = _GOAL.match(text) or _GOAL_LOOSE.match(text)
            letter = m and (m[1] or (self.area.letter if self.area else None))
            if m and letter:
                goal_id = f"{letter}.{m[2]}"
                title = _one_line(m[3] or "") or None
                if goal_id in titles and titles[goal_id] is None:
                    titles[goal_id] = title
                    awaiting = goal_id if title is None else None
                    continue
                if goal_id not in titles and not extra:
                    # Several goals in one cell share the row's key areas and activities.
                    ids.append(goal_id)
                    titles[goal_id] = title
                    awaiting = goal_id if title is None else None
                    continue
            if awaiting is not None:
                titles[awaiting] = _one_line(text)
                awaiting = None
                continue
            extra.append(p)
        self.begin_unit(paras[0], ids, titles, source="table")
        for p in extra:
            self.leave(p, f"in {where}, row {row_number}, after the goal's title")

    def join_block(self, heads: list[tuple[str, str | None, _Para]], cell: _Cell) -> None:
        """A goal row whose key-area and activity cells merge with the row above: the goals
        share them, as a block."""
        unit = self.unit
        assert unit is not None
        paras = [p for p in cell.paras if p.text.strip()]
        for goal_id, title, p in heads:
            if goal_id in self.seen_goals:
                raise InputError(
                    f"goal {goal_id} appears twice (paragraphs {self.seen_goals[goal_id]} and "
                    f"{p.position}); a goal is one heading or one table row",
                    Location(self.name),
                )
            if goal_id.split(".")[0] != unit.letter:
                self.leave(p, f"{goal_id} shares its cells with {unit.label}, of another area")
                continue
            self.seen_goals[goal_id] = p.position
            unit.goal_ids.append(goal_id)
            unit.titles[goal_id] = title
            if title is None and len(paras) > 1:
                unit.titles[goal_id] = _one_line(paras[1].shown)

    def cell_items(self, cell: _Cell, kind: Kind) -> None:
        """Every paragraph (or line) of a key-area or activity cell is an item."""
        assert self.unit is not None
        for p in cell.paras:
            text = p.shown
            if not text:
                continue
            if p.num_fmt is None and _subheading(_one_line(text)) is not None:
                continue
            if p.num_fmt is not None and p.num_fmt != "none":
                self.features.add("word")
                self.add_item(self.unit, kind, text, p, None)
                continue
            for line in text.split("\n"):
                line = line.strip()
                if not line:
                    continue
                token = None
                if (m := _NUMBERED.match(line)) and _number_values(m["paren"] or m["dot"]):
                    token = m["paren"] or m["dot"]
                    line = m["text"]
                    self.features.add("literal")
                elif m := _BULLET.match(line):
                    line = m["text"]
                    self.features.add("unnumbered")
                else:
                    self.features.add("unnumbered")
                self.add_item(self.unit, kind, line, p, token)

    def items_table(self, table: _Table, roles: dict[int, str], header_rows: set[int]) -> None:
        """A table of key areas and activities under a goal heading."""
        self.features.add("table")
        for row_number, row in enumerate(table.rows, start=1):
            if row_number - 1 in header_rows:
                continue
            for cell in row:
                role = roles.get(cell.column, "other:")
                if role in _ROLE_KIND:
                    if not cell.merged:
                        self.cell_items(cell, _ROLE_KIND[role])
                    continue
                for p in cell.paras:
                    if p.text.strip():
                        header = role.removeprefix("other:")
                        named = f" ('{header}')" if header else ""
                        self.leave(
                            p,
                            f"in table {table.number}, column {cell.column + 1}{named}, which "
                            "editplan does not read",
                        )

    # -- the plan -------------------------------------------------------------------------

    def layout(self) -> str:
        structure = " and ".join(s for s in ("headings", "table") if s in self.features)
        numbers = [
            text
            for key, text in (
                ("literal", "numbers as text"),
                ("word", "Word numbering"),
                ("unnumbered", "unnumbered items"),
            )
            if key in self.features
        ]
        if not numbers:
            numbers = ["no items"]
        return f"{structure}, {' and '.join(numbers)}"

    def build(self) -> ImportResult:
        self.feed()
        if not self.seen_goals:
            raise InputError(
                f"no goal found, so there is nothing to import; {SUPPORTED_LAYOUTS}",
                Location(self.name),
            )
        self.unplaced.sort(key=lambda u: u.position)
        if self.title is None:
            self.title = Path(self.file_name).stem
            self.notes.append(
                f"No Title-styled paragraph or heading before the plan: the title is the file's "
                f"name, {self.title!r}."
            )
        elif self.title_from:
            self.notes.append(f"No Title-styled paragraph: the title is {self.title_from}.")
        if self.version is None:
            self.version = self.file_name
            self.notes.append(
                f"No 'Version:' line: the version is the file name, {self.file_name}; change it "
                "to the draft's symbol or date."
            )
        areas = []
        for area in self.areas.values():
            if area.title is None:
                area.title = f"Area {area.letter}"
                self.notes.append(
                    f"Area {area.letter} has no heading: its title is {area.title!r}."
                )
            areas.append(
                {
                    "id": area.letter,
                    "title": area.title,
                    "goals": [self.unit_data(u) for u in area.units],
                }
            )
        data: dict[str, Any] = {
            "id": self.plan_id,
            "title": self.title,
            "version": self.version,
            "source": self.source or self.file_name,
        }
        note = "\n".join(n.strip() for n in self.note).strip()
        if note:
            data["note"] = note
        data["areas"] = areas
        try:
            plan = Plan.model_validate(data)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"])
            message = str(first["msg"]).removeprefix("Value error, ")
            if first["loc"] and first["loc"][0] == "id":
                message = f"plan id {self.plan_id!r} (from the output file's name): {message}"
            else:
                message = f"the imported plan does not validate ({where}: {message})"
            raise InputError(message, Location(self.name)) from None
        except InputError as exc:
            raise InputError(
                f"the imported plan does not hold together: {exc.message}", Location(self.name)
            ) from None
        return ImportResult(plan, self.unplaced, self.layout(), self.notes, self.name)

    def unit_data(self, unit: _UnitBuilder) -> dict[str, Any]:
        for goal_id in unit.goal_ids:
            if not unit.titles.get(goal_id):
                unit.titles[goal_id] = "(untitled)"
                self.notes.append(
                    f"Goal {goal_id} (paragraph {unit.position}) has no title in the document: "
                    "its title is '(untitled)'."
                )
        key = unit.key()
        prefix = key.lower().replace(".", "")
        items = {
            field_name: [
                {"id": f"{prefix}.{short}{n}", "text": text}
                for n, text in enumerate(unit.items[kind], start=1)
            ]
            for kind, field_name, short in (
                ("key_area", "key_areas", "ka"),
                ("activity", "activities", "act"),
            )
        }
        if len(unit.goal_ids) == 1:
            return {"id": key, "title": unit.titles[key], **items}
        heads = [{"id": g, "title": unit.titles[g]} for g in unit.goal_ids]
        return {"id": key, "goals": heads, **items}
