"""The parts of a plan document before its body is written: python-docx's default template as
python-docx saves it, shipped with editplan as bytes (``parts/``), so that writing a document
loads neither python-docx nor its template, and reads each part once per process.

``parts/base`` holds every part of an undated document without comments or Track Changes;
``parts/comments``, ``parts/tracked``, ``parts/dated`` and ``parts/landscape`` hold the parts
that differ when the document has comments, is tracked, has a date, or is laid out landscape
(a round's compilation and voting list). ``tools/word_template.py`` makes them from
python-docx (:func:`editplan.ooxml.pydocx.plan_members`) and checks that they have not drifted.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cache, lru_cache

from lxml import etree

from editplan.ooxml.markup import highest_id

PARTS = os.path.join(os.path.dirname(__file__), "parts")
CORE = "docProps/core.xml"
# The overlays, in the order they are laid over the base.
OVERLAYS = ("comments", "tracked", "dated", "landscape")
_DC = "http://purl.org/dc/elements/1.1/"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DCTERMS = "http://purl.org/dc/terms/"
# What python-docx's parser keeps of a part (its oxml parser's options).
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


@cache
def parts(folder: str) -> dict[str, bytes]:
    """The parts of one folder of ``parts/`` by member name ("word/styles.xml"), read once."""
    root = os.path.join(PARTS, folder)
    found: dict[str, bytes] = {}
    for here, _, names in os.walk(root):
        for name in names:
            path = os.path.join(here, name)
            member = os.path.relpath(path, root).replace(os.sep, "/")
            with open(path, "rb") as f:
                found[member] = f.read()
    return dict(sorted(found.items()))


def members(
    *,
    comments: bool,
    tracked: bool,
    title: str,
    author: str,
    when: dt.datetime | None = None,
    landscape: bool = False,
) -> dict[str, bytes]:
    """The parts of a plan document, byte for byte what :func:`editplan.ooxml.pydocx.plan_members`
    gives for the same arguments: placeholders where its body (and comments) go, ``title`` and
    ``author`` in the core properties, ``when`` as its created and modified date (none when
    None), A4 landscape when ``landscape``."""
    found = dict(parts("base"))
    wanted_overlays = (comments, tracked, when is not None, landscape)
    for overlay, wanted in zip(OVERLAYS, wanted_overlays, strict=True):
        if wanted:
            found.update(parts(overlay))
    found[CORE] = _core(found[CORE], title, author, when)
    return found


def first_id() -> int:
    """The first ``w:id`` free in the template's document part."""
    return _highest() + 1


@lru_cache(maxsize=1)
def _highest() -> int:
    return highest_id(etree.fromstring(parts("base")["word/document.xml"], _PARSER))


def _core(part: bytes, title: str, author: str, when: dt.datetime | None) -> bytes:
    """The core properties part with this document's title, author and dates, set as
    python-docx sets them (the rest of the part is the template's)."""
    root = etree.fromstring(part, _PARSER)
    texts = {
        f"{{{_DC}}}title": title[:255],
        f"{{{_DC}}}creator": author[:255],
        f"{{{_CP}}}lastModifiedBy": author[:255],
    }
    if when is not None:
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        texts |= {f"{{{_DCTERMS}}}created": stamp, f"{{{_DCTERMS}}}modified": stamp}
    for child in root:
        if child.tag in texts:
            child.text = texts[child.tag]
    return etree.tostring(root, encoding="UTF-8", standalone=True)
