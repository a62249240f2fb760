"""WordprocessingML revision markup written as text: the string twins of :mod:`.markup`.

A large tracked document holds hundreds of thousands of elements; building each as an lxml
element costs most of the writer's time, while writing the same markup as text costs a
fraction. Each builder here returns exactly the bytes (as ``str``) that lxml serialises for
the element the matching :mod:`.markup` builder makes, with the ``w:`` prefix declared by the
part's root. :func:`splice` puts such text into a serialised part in place of a placeholder
element. The rules followed are those of ``notes/ooxml-revisions.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from editplan.ooxml.markup import IdCounter, Revision

__all__ = [
    "PLACEHOLDER",
    "PLACEHOLDER_TAG",
    "attr",
    "bookmark_end",
    "bookmark_start",
    "comment",
    "comment_range_end",
    "comment_range_start",
    "comment_reference_run",
    "diff",
    "emphasised_runs",
    "escape",
    "mark",
    "properties_change",
    "revision",
    "run",
    "splice",
]

# An element that stands in a part's tree for text spliced in after serialisation. Its
# serialised form cannot come from text content, since "<" in text is always escaped.
PLACEHOLDER_TAG = "editplanSplice"
PLACEHOLDER = f"<w:{PLACEHOLDER_TAG}/>"

# What lxml escapes: &, <, > in text, plus \r (XML parsers turn a literal one into \n);
# in attribute values also the quote and the whitespace that attribute normalisation eats.
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\r": "&#13;",
        "\n": "&#10;",
        "\t": "&#9;",
    }
)
# XML 1.0 cannot hold these at all; lxml refuses them, and so does this module.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What :func:`escape` has to look at: the characters it escapes or refuses.
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Edge characters that XML consumers may trim unless space is preserved.
_EDGE = frozenset(" \t\r\n")
_EMPHASIS = re.compile(r"\*([^*\n]+)\*")
_ITALIC = "<w:rPr><w:i/></w:rPr>"


def escape(text: str) -> str:
    """``text`` as element content; raises ValueError for characters XML cannot hold."""
    if _SPECIAL.search(text) is None:  # most text needs nothing: one scan instead of two
        return text
    if _NOT_XML.search(text):
        raise ValueError(f"text holds a character XML 1.0 cannot hold: {text!r}")
    return text.translate(_TEXT)


def attr(value: str) -> str:
    """``value`` as an attribute value (without the quotes); raises ValueError as :func:`escape`."""
    if _NOT_XML.search(value):
        raise ValueError(f"attribute holds a character XML 1.0 cannot hold: {value!r}")
    return value.translate(_ATTR)


def _t(tag: str, piece: str) -> str:
    """A ``w:t`` or ``w:delText``, preserving its spaces when a consumer could lose them."""
    if piece[0] in _EDGE or piece[-1] in _EDGE or "  " in piece:
        return f'<w:{tag} xml:space="preserve">{escape(piece)}</w:{tag}>'
    return f"<w:{tag}>{escape(piece)}</w:{tag}>"


def _line(tag: str, line: str) -> str:
    """One line of a run: its tab-separated pieces, with ``w:tab`` between them."""
    if "\t" not in line:
        return _t(tag, line) if line else ""
    return "<w:tab/>".join([_t(tag, piece) if piece else "" for piece in line.split("\t")])


def run(text: str, rpr: str = "", deleted: bool = False) -> str:
    """A ``w:r`` holding ``text`` (as ``w:delText`` when ``deleted``) after the properties
    ``rpr``; tabs become ``w:tab`` and line feeds ``w:br``, as :func:`.markup.make_run` does."""
    tag = "delText" if deleted else "t"
    if "\n" in text:
        lines = text.replace("\r\n", "\n").split("\n")
        inner = "<w:br/>".join([_line(tag, line) for line in lines])
    else:
        inner = _line(tag, text)
    if not inner and not rpr:
        return "<w:r/>"
    return f"<w:r>{rpr}{inner}</w:r>"


def revision(tag: str, content: str, rev: Revision, ids: IdCounter) -> str:
    """``content`` wrapped in a ``w:ins`` or ``w:del`` (``tag``) with a fresh id, the author
    and the date; the caller makes deleted text ``w:delText`` (``run(..., deleted=True)``)."""
    head = f'<w:{tag} w:id="{ids.next()}" w:author="{attr(rev.author)}" w:date="{rev.date}">'
    return f"{head}{content}</w:{tag}>"


def mark(tag: str, rev: Revision, ids: IdCounter) -> str:
    """The ``w:rPr`` of a paragraph mark recorded as inserted or deleted (``tag``); it goes
    last in ``w:pPr``, and the marker is its first child (CT_ParaRPr)."""
    marker = f'<w:{tag} w:id="{ids.next()}" w:author="{attr(rev.author)}" w:date="{rev.date}"/>'
    return f"<w:rPr>{marker}</w:rPr>"


def properties_change(old: str, rev: Revision, ids: IdCounter) -> str:
    """The ``w:pPrChange`` recording a paragraph's properties before a revision (``old``, the
    markup inside the old ``w:pPr``); it goes last in the paragraph's ``w:pPr``."""
    head = f'<w:pPrChange w:id="{ids.next()}" w:author="{attr(rev.author)}" w:date="{rev.date}">'
    return f"{head}<w:pPr>{old}</w:pPr></w:pPrChange>" if old else f"{head}<w:pPr/></w:pPrChange>"


def diff(segments: Iterable[tuple[str, str]], rev: Revision, ids: IdCounter, rpr: str = "") -> str:
    """The runs of a word diff, as :func:`.markup.append_diff` appends them: "equal" text a
    plain run, "delete" a ``w:del`` and "insert" a ``w:ins``; empty segments are skipped."""
    out: list[str] = []
    for op, text in segments:
        if not text:
            continue
        if op == "equal":
            out.append(run(text, rpr))
        elif op == "delete":
            out.append(revision("del", run(text, rpr, deleted=True), rev, ids))
        elif op == "insert":
            out.append(revision("ins", run(text, rpr), rev, ids))
        else:
            raise ValueError(f"unknown diff op {op!r}")
    return "".join(out)


def comment_range_start(comment_id: int) -> str:
    """``w:commentRangeStart``: before the covered content, outside revisions."""
    return f'<w:commentRangeStart w:id="{comment_id}"/>'


def comment_range_end(comment_id: int) -> str:
    """``w:commentRangeEnd``: after the covered content, outside revisions."""
    return f'<w:commentRangeEnd w:id="{comment_id}"/>'


def comment_reference_run(comment_id: int) -> str:
    """The run that shows the comment mark; it must sit outside any ``w:del``."""
    return (
        '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
        f'<w:commentReference w:id="{comment_id}"/></w:r>'
    )


def bookmark_start(name: str, number: int) -> str:
    """``w:bookmarkStart`` named ``name`` (attributes in the order the element writer sets)."""
    return f'<w:bookmarkStart w:name="{attr(name)}" w:id="{number}"/>'


def bookmark_end(number: int) -> str:
    """``w:bookmarkEnd`` closing bookmark ``number``."""
    return f'<w:bookmarkEnd w:id="{number}"/>'


def emphasised_runs(line: str) -> str:
    """``line`` as runs, with ``*text*`` (the report's italics) in italics."""
    out: list[str] = []
    pos = 0
    for match in _EMPHASIS.finditer(line):
        if match.start() > pos:
            out.append(run(line[pos : match.start()]))
        out.append(run(match.group(1), _ITALIC))
        pos = match.end()
    if pos < len(line):
        out.append(run(line[pos:]))
    return "".join(out)


def comment(comment_id: int, author: str, date: str, initials: str, lines: Sequence[str]) -> str:
    """A ``w:comment`` for ``comments.xml``, shaped as python-docx makes it: one paragraph per
    line, the annotation mark opening the first, as Word writes it."""
    paragraphs: list[str] = []
    for n, line in enumerate(lines):
        ref = (
            '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
            if n == 0
            else ""
        )
        paragraphs.append(
            f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{ref}{emphasised_runs(line)}</w:p>'
        )
    head = (
        f'<w:comment w:id="{comment_id}" w:author="{attr(author)}" w:date="{attr(date)}" '
        f'w:initials="{attr(initials)}"'
    )
    return f"{head}>{''.join(paragraphs)}</w:comment>" if paragraphs else f"{head}/>"


def splice(part: bytes, text: str) -> bytes:
    """The serialised ``part`` with its one :data:`PLACEHOLDER` replaced by ``text``.

    Raises ValueError unless the placeholder occurs exactly once.
    """
    placeholder = PLACEHOLDER.encode()
    if part.count(placeholder) != 1:
        raise ValueError(f"the part holds {part.count(placeholder)} placeholders, not one")
    return part.replace(placeholder, text.encode("utf-8"), 1)
