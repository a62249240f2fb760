# ruff: noqa: E501  (markup reads best as Word writes it)
"""Reviewed copies of the LG-14 document with Word's own revision markup, built with lxml as
Word saves them, for the collect tests.

The markup follows the real files of tests/data/corpus/: a moved paragraph's range opens
inside its first paragraph and closes between paragraphs, after the paragraph mark that
carries ``w:moveFrom``/``w:moveTo`` (RP015 of Open-Xml-PowerTools); text one author inserted
and another deleted nests ``w:del`` in ``w:ins`` (RP047); comment threads live in
commentsExtended.xml.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from test_collect_word import CARLA, DATE, find, make, mark, q, read_paragraph, rebuild, rev, run

ANA, BEN = "Ana Reviewer", "Ben Reviewer"
Edit = Callable[[etree._Element], None]


def text_of(p: etree._Element) -> str:
    return read_paragraph(p)[0]


def body_level(tag: str, number: int, **attrs: str) -> etree._Element:
    el = etree.Element(q(f"w:{tag}"))
    el.set(q("w:id"), str(number))
    for k, v in attrs.items():
        el.set(q(f"w:{k}"), v)
    return el


def move_paragraph(body: etree._Element, needle: str, after: str, author: str = CARLA,
                   name: str = "move1", number: int = 100) -> None:  # fmt: skip
    """Move the paragraph holding ``needle`` to after the one holding ``after``, as Word
    writes a whole-paragraph move: the range opens inside the paragraph and closes after it,
    between paragraphs, and each paragraph mark carries the move."""
    source = find(body, needle)
    text = text_of(source)
    rebuild(
        source,
        rev("moveFromRangeStart", author, number, name=name),
        rev("moveFrom", author, number + 1, run(text)),
    )
    mark(source, "moveFrom", author, number + 2)
    source.addnext(body_level("moveFromRangeEnd", number))
    target = find(body, after)
    moved = etree.Element(q("w:p"))
    ppr = etree.fromstring(etree.tostring(target.find(q("w:pPr"))))
    for old in ppr.findall(q("w:rPr")):
        ppr.remove(old)
    moved.append(ppr)
    moved.append(rev("moveToRangeStart", author, number + 3, name=name))
    moved.append(rev("moveTo", author, number + 4, run(text)))
    mark(moved, "moveTo", author, number + 5)
    target.addnext(moved)
    moved.addnext(body_level("moveToRangeEnd", number + 3))


def replace_words(p: etree._Element, old: str, new: str, author: str, number: int) -> None:
    """``old`` deleted and ``new`` inserted in its place (either may be empty)."""
    text = text_of(p)
    at = text.index(old) if old else len(text)
    content = [run(text[:at])]
    if old:
        content.append(rev("del", author, number, run(old, deleted=True)))
    if new:
        content.append(rev("ins", author, number + 1, run(new)))
    content.append(run(text[at + len(old) :]))
    rebuild(p, *[c for c in content if len(c)])


def collected(
    tmp: Path,
    name: str,
    edit: Edit,
    parts: dict[str, bytes] | None = None,
    replace: dict[str, bytes] | None = None,
) -> Path:
    """The LG-14 copy with ``edit`` made to its body, ``parts`` added and the members
    ``replace`` names given new bytes."""
    path = make(tmp, name, edit, parts)
    if replace:
        data = io.BytesIO(path.read_bytes())
        with zipfile.ZipFile(data) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                out.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
    return path


__all__ = [
    "ANA", "BEN", "CARLA", "DATE", "body_level", "collected", "find", "mark", "move_paragraph",
    "q", "rebuild", "replace_words", "rev", "run", "text_of",
]  # fmt: skip
