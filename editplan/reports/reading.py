"""Read a report file into text: UTF-8 plain text or Markdown, or the paragraphs of a .docx.

A .docx goes through ``editplan.ooxml.package``, the same safe opening (zip-bomb and XML
checks) as a plan draft, and each paragraph keeps the number Word shows ("53.", "(aa)"). Words
struck through, and underlined (or bold beside struck words), are kept as marks for the reader
of marked wording (``layouts``); a table is kept as rows of cells ("| a | b |").
"""

from __future__ import annotations

from pathlib import Path

from editplan.errors import InputError, Location, reading
from editplan.ooxml import formats
from editplan.ooxml.ns import w
from editplan.ooxml.numbering import Numbering
from editplan.ooxml.package import read_roots
from editplan.ooxml.styles import Styles
from editplan.ooxml.walker import Para, Table, Walker
from editplan.reports.text import INSERTED, INSERTED_END, STRUCK, STRUCK_END
from editplan.store import yamlio
from editplan.store.files import display


def read_report(path: Path) -> str:
    """The text of a report: UTF-8 plain text or Markdown, or the paragraphs of a .docx."""
    name = display(path)
    with reading(Location(name), "a report"):
        data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".docx" or data.startswith(b"PK\x03\x04"):
        return _read_docx(path, name)
    if data.startswith(b"%PDF") or suffix == ".pdf":
        raise InputError(
            "is a PDF; extract reads plain text, Markdown or .docx: save the report as one",
            Location(name),
        )
    if data.startswith(b"\xd0\xcf\x11\xe0") or suffix in (".doc", ".odt", ".rtf"):
        raise InputError(
            "is not a format extract reads; save the report as .docx, plain text or Markdown",
            Location(name),
        )
    text = yamlio.decode(data, name)
    if "\x00" in text:
        raise InputError(
            "is a binary file, not text; give a plain text, Markdown or .docx report",
            Location(name),
        )
    if not text.strip():
        raise InputError("the report is empty", Location(name))
    return text


def _read_docx(path: Path, name: str) -> str:
    """The body's paragraphs of a Word document, one a line, each with the number Word shows
    ("53.", "(a)"), those in table cells included (row by row, cell by cell: many reports set
    their text in tables), read through the same safety checks as a plan draft."""
    roots = read_roots(path, name)
    styles = Styles(roots.get("styles"))
    walker = Walker(styles, Numbering(roots.get("numbering"), styles))
    body = roots["document"].find(w("body"))
    lines: list[str] = []
    for block in walker.walk(body):
        if isinstance(block, Para):
            lines.append(_marked(block))
        elif isinstance(block, Table):
            lines += _rows(block)
    text = "\n".join(lines)
    if not text.strip():
        raise InputError("the Word document has no text", Location(name))
    return text


def _marked(para: Para) -> str:
    """A paragraph's text with its struck-through and inserted words marked: underlined words
    are inserted, and bold ones too where the paragraph also strikes words through."""
    spans = para.formats
    struck = any(formats.STRIKE in f for _, _, f in spans)
    marks = [
        (a, b, STRUCK, STRUCK_END) if formats.STRIKE in f else (a, b, INSERTED, INSERTED_END)
        for a, b, f in spans
        if formats.STRIKE in f or formats.UNDERLINE in f or (struck and formats.BOLD in f)
    ]
    if not marks:
        return para.display
    text = para.text
    out: list[str] = []
    at = 0
    for a, b, start, end in marks:
        out.append(text[at:a] + start + text[a:b] + end)
        at = b
    out.append(text[at:])
    marked = "".join(out).strip()
    return f"{para.label} {marked}" if para.label and para.num_fmt != "bullet" else marked


def _rows(table: Table) -> list[str]:
    """A table as rows of cells, each cell's paragraphs on one line."""
    return [
        "| " + " | ".join(" ".join(cell.text.split()) for cell in row) + " |"
        for row in table.rows
        if any(cell.text.strip() for cell in row)
    ]
