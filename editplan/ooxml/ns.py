"""The WordprocessingML namespaces, in one place, and the helpers that turn names into tags."""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(name: str) -> str:
    """The Clark name ``{W}name`` of a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


# Which tags record a revision: named here, apart from the builders of the writers (which
# load python-docx), so that reading a reviewed copy or a draft does not load it.
# Revisions of content: inserted and deleted runs (a move is a delete plus an insert).
CONTENT_INS = frozenset(w(name) for name in ("ins", "moveTo"))
CONTENT_DEL = frozenset(w(name) for name in ("del", "moveFrom"))
# Revisions of properties and tables, which carry a w:id but no text.
PROPERTY_CHANGES = frozenset(
    w(name)
    for name in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblPrExChange",
        "tblGridChange",
        "trPrChange",
        "tcPrChange",
        "cellIns",
        "cellDel",
        "cellMerge",
        "numberingChange",
    )
)
# Elements that record a revision and carry a w:id.
REVISION_TAGS = (
    CONTENT_INS
    | CONTENT_DEL
    | PROPERTY_CHANGES
    | frozenset(w(name) for name in ("moveFromRangeStart", "moveToRangeStart"))
)
