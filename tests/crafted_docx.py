# ruff: noqa: E501  (markup reads best as Word writes it, one element a line)
"""Build small .docx files from raw WordprocessingML, for tests of hostile and unusual input.

``docx_file(path, body, styles=..., numbering=..., parts=...)`` writes a package whose main
document holds ``body`` (the XML inside ``w:body``), with the styles, numbering, comments and
any other parts given, each related to the document as Word relates it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
}
DECLARE = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
KINDS = {
    "styles": (REL + "styles", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
    "numbering": (REL + "numbering", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"),
    "comments": (REL + "comments", "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"),
    "commentsExtended": (
        "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
    ),
}  # fmt: skip


def part(root: str, inner: str) -> str:
    """A part's XML: ``<w:ROOT>`` declaring every namespace, holding ``inner``."""
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{root} {DECLARE}>{inner}</w:{root}>'


def paragraph(text: str, style: str | None = None, extra_ppr: str = "") -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr += extra_ppr
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def docx_file(
    path: Path,
    body: str,
    *,
    styles: str | None = None,
    numbering: str | None = None,
    comments: str | None = None,
    extended: str | None = None,
    parts: dict[str, tuple[str, str, bytes]] | None = None,
    media: dict[str, bytes] | None = None,
) -> Path:
    """Write a .docx holding ``body``; ``parts`` maps a relationship id to (relationship type,
    target under word/, bytes) for anything else (a diagram, an altChunk)."""
    related: list[tuple[str, str, str]] = []
    members: dict[str, bytes] = {
        "word/document.xml": part("document", f"<w:body>{body}</w:body>").encode("utf-8")
    }
    overrides = [
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    ]
    for name, xml in (
        ("styles", styles),
        ("numbering", numbering),
        ("comments", comments),
        ("commentsExtended", extended),
    ):
        if xml is None:
            continue
        kind, content_type = KINDS[name]
        members[f"word/{name}.xml"] = xml.encode("utf-8")
        related.append((f"rId{name}", kind, f"{name}.xml"))
        overrides.append(f'<Override PartName="/word/{name}.xml" ContentType="{content_type}"/>')
    for rid, (kind, target, data) in (parts or {}).items():
        members[f"word/{target}"] = data
        related.append((rid, kind, target))
    for name, data in (media or {}).items():
        members[name] = data
    rels = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in related)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/>' + "".join(overrides) + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            + REL
            + 'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for name, data in members.items():
            z.writestr(name, data)
    return path


# A small plan draft in the headings layout: the body most tests start from.
PLAN_BODY = (
    paragraph("Version: v1")
    + paragraph("A. Rivers", "Heading1")
    + paragraph("Goal A.1: Rivers are clean", "Heading2")
    + paragraph("Key areas", "Heading3")
    + paragraph("(1)\tMonitoring water quality")
    + paragraph("Activities", "Heading3")
    + paragraph("(i)\tTrain river wardens")
)
HEADING_STYLES = part(
    "styles",
    "".join(
        f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/></w:style>'
        for n in (1, 2, 3)
    ),
)
