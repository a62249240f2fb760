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
