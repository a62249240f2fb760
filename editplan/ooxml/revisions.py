"""Accept or reject every tracked change of a WordprocessingML tree, in place, as Word would."""

from __future__ import annotations

from lxml import etree

from editplan.ooxml.ns import CONTENT_DEL, CONTENT_INS, PROPERTY_CHANGES, w

_RANGE_MARKERS = frozenset(
    w(name)
    for name in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")
)
_DELETED_TEXT = {w("delText"): w("t"), w("delInstrText"): w("instrText")}
# Markup that may stand between two paragraphs without being content: ranges and marks.
_BETWEEN = _RANGE_MARKERS | frozenset(
    w(name)
    for name in (
        "bookmarkStart",
        "bookmarkEnd",
        "commentRangeStart",
        "commentRangeEnd",
        "permStart",
        "permEnd",
        "proofErr",
        "customXmlInsRangeStart",
        "customXmlInsRangeEnd",
        "customXmlDelRangeStart",
        "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart",
        "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd",
    )
)


def next_paragraph(p: etree._Element) -> etree._Element | None:
    """The paragraph a paragraph whose mark goes joins: the next sibling past range markers
    and bookmarks (Word closes a move's range between paragraphs), if it is a paragraph."""
    after = p.getnext()
    while after is not None and (after.tag in _BETWEEN or not isinstance(after.tag, str)):
        after = after.getnext()
    return after if after is not None and after.tag == w("p") else None


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
        if properties.tag == w("trPr"):
            holder.getparent().remove(holder)  # the row itself was inserted or deleted
        elif properties.tag == w("rPr") and holder.tag == w("pPr"):
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
        if not accept and el.tag in (w("pPrChange"), w("rPrChange")):
            old = el.find(w("pPr") if el.tag == w("pPrChange") else w("rPr"))
            kept = {w("rPr"), w("sectPr"), w("pPrChange"), w("rPrChange")}
            for child in list(parent):
                if child.tag not in kept:
                    parent.remove(child)
            for offset, child in enumerate(list(old) if old is not None else []):
                parent.insert(offset, child)
        if el.tag in (w("cellIns"), w("cellDel")) and (el.tag == w("cellIns")) != accept:
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
    after = next_paragraph(p)
    if after is None:
        return
    content = [child for child in p if child.tag != w("pPr")]
    ppr = after.find(w("pPr"))
    at = 0 if ppr is None else after.index(ppr) + 1
    for offset, child in enumerate(content):
        after.insert(at + offset, child)
    p.getparent().remove(p)

