"""Open a .docx as untrusted input: check the zip, then parse its parts safely.

Everything Word-shaped that editplan reads (plan drafts, reports, reviewed copies) comes through
here. The zip is checked from its directory (member count, and the sizes and compression ratio
of each part editplan reads) before anything is decompressed, and reads are bounded whatever a
header claims; media editplan never opens are not judged; XML is parsed with a
parser that loads no DTD, resolves no entity and never touches the network, and a DOCTYPE is
refused. Errors are :class:`~editplan.errors.InputError` located at the file's display name.
The XML parse itself (:func:`parse_untrusted`) is the one editplan uses for any outside XML,
Akoma Ntoso files too; it knows nothing of Word or plans, and its callers word its errors.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from lxml import etree

from editplan.errors import InputError, Location, reading
from editplan.ooxml.ns import OFFICE_DOCUMENT, R, w

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Limits on the zip, checked from its directory before anything is decompressed.
MAX_MEMBER_BYTES = 200 * 2**20
MAX_TOTAL_BYTES = 500 * 2**20
MAX_MEMBERS = 10_000
# Word's own parts compress about 30:1 (styles.xml); a zip bomb compresses 1000:1 or more.
MAX_RATIO = 100
RATIO_FLOOR = 2**20  # small members may compress well; the ratio is checked above this size
# Parts of the main document read when present: comments and their threads (replies).
OPTIONAL_PARTS = ("comments", "commentsExtended")
CUSTOM_PROPERTIES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)


def read_roots(path: Path, name: str) -> dict[str, etree._Element]:
    """The parsed main document, styles and numbering parts of a .docx, by role (and, when
    present, "comments", "commentsExtended" and the custom properties, "custom"), after every
    safety check; the main document is known to have a body."""
    parts = read_package(path, name)
    roots = {role: parse_xml(data, part, name) for role, (part, data) in parts.items()}
    if roots["document"].find(w("body")) is None:
        raise InputError("the main document has no body; the file is damaged", Location(name))
    return roots


def read_package(path: Path, name: str) -> dict[str, tuple[str, bytes]]:
    """The main document, styles and numbering parts of a .docx (role to part name and bytes),
    read only after the zip passed the safety checks; ``name`` is how errors name the file."""
    where = Location(name)
    with reading(where, "a Word document"), path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(OLE_MAGIC):
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
        budget = _Budget()
        members = {info.filename: info for info in infos}
        if "mimetype" in members and "word/document.xml" not in members:
            mimetype = _member(archive, members["mimetype"], where, budget)[:100]
            if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                raise InputError(
                    "is an OpenDocument file (.odt), not a Word document; save it as .docx first",
                    where,
                )
        main, package_parts = _main_part(archive, members, where, budget)
        if main not in members:
            raise InputError(
                "is a zip archive but not a Word document (it has no word/document.xml)", where
            )
        out = {"document": (main, _member(archive, members[main], where, budget))}
        found = {**package_parts, **_document_rels(archive, members, main, where, budget)}
        for role, target in found.items():
            if target in members:
                out[role] = (target, _member(archive, members[target], where, budget))
        return out


def describe_markup(head: bytes) -> str:
    """What a text file that is no zip says it is, from its first bytes: "an HTML file",
    "a Word 2003 XML document", "a Word XML document (flat OPC)", or "an XML file"."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if b"<html" in text or b"<!doctype html" in text or b"www.w3.org/1999/xhtml" in text:
        return "an HTML file (a web page)"
    if b"word.document" in text or b"office/word/2003/wordml" in text:
        return "a Word 2003 XML document"
    if b"<pkg:package" in text or b"office/2006/xmlpackage" in text:
        return "a Word XML document (flat OPC)"
    return "an XML file"


def _hint(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "; it is a PDF"
    if head.startswith(b"{\\rtf"):
        return "; it is an RTF file: save it as .docx"
    if head.lstrip().lower().startswith((b"<!doc", b"<html", b"<?xml")):
        return f"; it is {describe_markup(head)}: open it in Word and save it as .docx"
    return ""


def _refuse_ole(path: Path, where: Location) -> None:
    """An OLE compound file: an encrypted Office file, or an old binary .doc."""
    with reading(where, "a Word document"), path.open("rb") as handle:
        data = handle.read(MAX_MEMBER_BYTES)
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
    """Refuse an archive that is no Word document's: too many members, or encrypted ones.
    Sizes are judged member by member, for the parts editplan reads (:class:`_Budget`):
    media it never opens (an EMF preview compressed 130 to 1) may compress as they like."""
    if len(infos) > MAX_MEMBERS:
        raise InputError(
            f"has {len(infos)} zip members (limit {MAX_MEMBERS}); refusing a possible zip bomb",
            where,
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(
                "is password-protected (an encrypted zip); save it without a password first",
                where,
            )


class _Budget:
    """What the parts editplan reads may expand to, checked from the zip's directory before
    each is decompressed (and bounded while it is, whatever its header claims)."""

    def __init__(self) -> None:
        self.total = 0

    def check(self, info: zipfile.ZipInfo, where: Location) -> None:
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
        self.total += info.file_size
        if self.total > MAX_TOTAL_BYTES:
            raise InputError(
                f"expands to {_size(self.total)} in the parts editplan reads (limit "
                f"{_size(MAX_TOTAL_BYTES)}); refusing a possible zip bomb",
                where,
            )


def _member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: Location, budget: _Budget
) -> bytes:
    """A member's bytes, read no further than the limit whatever its header claims."""
    budget.check(info, where)
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
    archive: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    where: Location,
    budget: _Budget,
) -> tuple[str, dict[str, str]]:
    """The main document part named by the package relationships (word/document.xml), and
    the package-level parts editplan reads (the custom properties, role "custom")."""
    rels = members.get("_rels/.rels")
    if rels is None:
        return "word/document.xml", {}
    root = parse_xml(_member(archive, rels, where, budget), "_rels/.rels", where.path)
    main = "word/document.xml"
    others: dict[str, str] = {}
    for rel in root.iter(f"{{{R}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
        if rel.get("Type") == OFFICE_DOCUMENT:
            main = target
        elif rel.get("Type") == CUSTOM_PROPERTIES:
            others["custom"] = target
    return main, others


def _document_rels(
    archive: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    main: str,
    where: Location,
    budget: _Budget,
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
    root = parse_xml(_member(archive, members[rels_name], where, budget), rels_name, where.path)
    for rel in root.iter(f"{{{R}}}Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        known = kind in found or kind in OPTIONAL_PARTS
        if known and rel.get("TargetMode") != "External":
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


# What :func:`parse_untrusted` refuses: a DOCTYPE (or an entity declaration), or entity nodes.
Declared = Literal["doctype", "entities"]

_DECLARATIONS = tuple(
    word.encode(codec)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)


# Strict Open XML (ISO/IEC 29500 Strict) names its namespaces under purl.oclc.org; each maps to
# a Transitional one, e.g. .../ooxml/wordprocessingml/main -> .../wordprocessingml/2006/main,
# and relationship types likewise (.../ooxml/officeDocument/relationships/styles).
_STRICT = re.compile(rb"http://purl\.oclc\.org/ooxml/(wordprocessingml|drawingml|officeDocument)/(\w+)")


def _transitional(data: bytes) -> bytes:
    """A Strict part in Transitional namespaces, so one reader serves both."""
    if b"purl.oclc.org/ooxml/" not in data:
        return data
    return _STRICT.sub(rb"http://schemas.openxmlformats.org/\1/2006/\2", data)


def parse_xml(data: bytes, part: str, name: str) -> etree._Element:
    """Parse one part with :func:`parse_untrusted`; a Strict Open XML part is read in the
    Transitional namespaces."""
    refusal = InputError(
        f"{part} declares a DOCTYPE/entities; refusing (external entities are never resolved)",
        Location(name),
    )

    def malformed(exc: etree.XMLSyntaxError) -> InputError:
        return InputError(
            f"{part} is not well-formed XML ({exc}); the file is damaged", Location(name)
        )

    return parse_untrusted(_transitional(data), lambda _found: refusal, malformed)


def parse_untrusted(
    data: bytes,
    refuse: Callable[[Declared], InputError],
    malformed: Callable[[etree.XMLSyntaxError], InputError],
) -> etree._Element:
    """Parse XML from outside with a parser that loads no DTD, resolves no entity, uses no
    network and keeps libxml2's limits on depth and text size; a DOCTYPE or an entity is
    refused, even one only named in a comment or CDATA section. ``refuse`` and ``malformed``
    word the errors, so each kind of input keeps its own messages and locations."""
    if any(word in data for word in _DECLARATIONS):
        raise refuse("doctype")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise malformed(exc) from None
    tree = root.getroottree()
    # the byte scan above misses other encodings (UTF-32): the parsed tree is checked too
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise refuse("doctype")
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise refuse("entities")
    return root
