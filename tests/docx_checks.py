"""Independent checks of generated .docx files, shared by the tests.

- :func:`project` reads the body as it would be after accept-all or reject-all, straight from
  the XML, so tests can compare it with pandoc, the external oracle.
- :func:`lint` checks the structural rules of ``notes/ooxml-revisions.md`` that neither
  ooxml-integrity nor pandoc catch (and some that they do, so one call covers them all).
- :func:`pandoc_text`, :func:`pandoc_changes` and :func:`integrity_problems` run pandoc and
  ooxml-integrity.

What pandoc 3.9 emits for tracked changes (``--track-changes=all -t json``), found by experiment:

- a ``w:ins`` / ``w:del`` is an inline ``Span`` with class "insertion" / "deletion" and
  attributes ``author`` and ``date``. Adjacent insertions (or deletions) with the same author
  and date are MERGED into one span, and whitespace at a span's edge is moved outside it, so a
  whitespace-only deletion is an empty span. Count spans, not ``w:ins`` elements.
- an inserted / deleted paragraph mark is an EMPTY inline ``Span`` with class
  "paragraph-insertion" / "paragraph-deletion" at the end of the paragraph (not a ``Div``).
- a comment is a ``Span`` with class "comment-start" (attributes ``id``, ``author``, ``date``)
  whose content is the comment's text, and an empty ``Span`` "comment-end" with the ``id``.
- with ``--track-changes=accept`` a paragraph whose mark is deleted is joined to the next one,
  but on the LAST paragraph of the body pandoc drops the paragraph and its text altogether;
  hence the rule that the last paragraph never carries its own mark revision.
- pandoc collapses whitespace runs and trims paragraph edges: compare through :func:`squash`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import pypandoc
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Mode = Literal["accept", "reject"]
DocSource = str | Path | etree._Element


def w(name: str) -> str:
    """Clark name of ``w:<name>``."""
    return f"{{{W}}}{name}"


_INS_TAGS = {w("ins"), w("moveTo")}
_DEL_TAGS = {w("del"), w("moveFrom")}
_REV_TAGS = _INS_TAGS | _DEL_TAGS
# A w:ins/w:del under these parents is a property revision (paragraph mark, table row,
# numbering), not a revision of content.
_PROPERTY_PARENTS = {w("rPr"), w("trPr"), w("numPr")}
# Every element kind that carries a revision w:id.
_REVISION_ID_TAGS = _REV_TAGS | {
    w(n)
    for n in (
        "moveFromRangeStart",
        "moveToRangeStart",
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
}
_COMMENT_TAGS = {w("commentRangeStart"), w("commentRangeEnd"), w("commentReference")}
# Story parts (relationship type suffix) whose revision markup is linted with the body's.
_STORY_TYPES = ("/comments", "/header", "/footer", "/footnotes", "/endnotes")


# ---------------------------------------------------------------------------------------------
# Reading the package


def _resolve_target(target: str) -> str:
    """Part name (no leading slash) of a relationship target of ``word/document.xml``."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in PurePosixPath("word", target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _read_parts(path: str | Path) -> dict[str, etree._Element]:
    """Parse the main document part and its story parts, keyed by part name."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        main = "word/document.xml"
        rels_name = "word/_rels/document.xml.rels"
        parts = {main: etree.fromstring(z.read(main))}
        if rels_name in names:
            rels = etree.fromstring(z.read(rels_name))
            for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                if not rel.get("Type", "").endswith(_STORY_TYPES):
                    continue
                target = _resolve_target(rel.get("Target", ""))
                if target in names:
                    parts[target] = etree.fromstring(z.read(target))
    return parts


def _document_root(source: DocSource) -> etree._Element:
    """Return the ``w:document`` root from a .docx path or an lxml element."""
    if isinstance(source, etree._Element):
        return source.getroottree().getroot()
    with zipfile.ZipFile(source) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _comments_part(parts: dict[str, etree._Element]) -> etree._Element | None:
    """Return the root of the comments part, if the package has one."""
    for root in parts.values():
        if root.tag == w("comments"):
            return root
    return None


# ---------------------------------------------------------------------------------------------
# Accept / reject projection


def _paragraph_text(p: etree._Element, mode: Mode) -> str:
    """Text of paragraph ``p`` after accepting or rejecting every revision in it."""
    out: list[str] = []

    def walk(el: etree._Element, in_ins: bool, in_del: bool) -> None:
        for child in el:
            tag = child.tag
            if tag in (w("pPr"), w("rPr"), w("p"), w("instrText"), w("delInstrText")):
                continue
            if not isinstance(tag, str) or tag.endswith("}Fallback"):
                continue
            if tag in _INS_TAGS:
                walk(child, True, in_del)
                continue
            if tag in _DEL_TAGS:
                walk(child, in_ins, True)
                continue
            visible = not in_del if mode == "accept" else not in_ins
            if tag in (w("t"), w("delText")):
                if visible:
                    out.append(child.text or "")
            elif tag == w("tab"):
                if visible:
                    out.append("\t")
            elif tag in (w("br"), w("cr")):
                if visible:
                    out.append("\n")
            elif tag == w("noBreakHyphen"):
                if visible:
                    out.append("\u2011")
            else:
                walk(child, in_ins, in_del)

    walk(p, False, False)
    return "".join(out)


def _mark_revision(p: etree._Element) -> etree._Element | None:
    """The revision marker of paragraph ``p``'s mark, if any (first one found)."""
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is None:
        return None
    for child in rpr:
        if child.tag in _REV_TAGS:
            return child
    return None


def _mark_merges(p: etree._Element, mode: Mode) -> bool:
    """Whether ``p``'s mark disappears under ``mode``, joining ``p`` to the next paragraph."""
    marker = _mark_revision(p)
    if marker is None:
        return False
    return marker.tag in (_DEL_TAGS if mode == "accept" else _INS_TAGS)


def _project_container(container: etree._Element, mode: Mode) -> list[str]:
    """Project the block content of the body, a table cell or a content control."""
    out: list[str] = []
    pending: str | None = None

    def blocks(el: etree._Element) -> Iterator[etree._Element]:
        for child in el:
            if child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
                if content is not None:
                    yield from blocks(content)
            else:
                yield child

    for block in blocks(container):
        if block.tag == w("p"):
            text = (pending or "") + _paragraph_text(block, mode)
            if _mark_merges(block, mode):
                pending = text
            else:
                out.append(text)
                pending = None
        elif block.tag == w("tbl"):
            if pending is not None:
                out.append(pending)
                pending = None
            for tc in block.iter(w("tc")):
                out.extend(_project_container(tc, mode))
    if pending is not None:
        # The last mark of a container cannot go: Word keeps that paragraph.
        out.append(pending)
    return out


def project(source: DocSource, mode: Mode) -> list[str]:
    """Return the body's paragraph texts as they read after accept-all or reject-all.

    ``source`` is a .docx path or the ``w:document`` root (any element of its tree). Accept
    drops ``w:del`` content and keeps ``w:ins`` content, reject the opposite; a paragraph whose
    mark goes (deleted on accept, inserted on reject) is joined to the following paragraph.
    Paragraphs that end up empty are returned as ``""``: drop them with :func:`squash`. Table
    cells are projected cell by cell, in document order; a mark never joins across a table.
    """
    if mode not in ("accept", "reject"):
        raise ValueError(f"mode must be 'accept' or 'reject', got {mode!r}")
    body = _document_root(source).find(w("body"))
    if body is None:
        return []
    return _project_container(body, mode)


def squash(texts: list[str]) -> list[str]:
    """Collapse whitespace runs, trim, and drop empty texts: the form pandoc's output takes."""
    out = []
    for text in texts:
        for line in text.split("\n"):
            squashed = " ".join(line.split())
            if squashed:
                out.append(squashed)
    return out


# ---------------------------------------------------------------------------------------------
# Structural lint


def _is_content_revision(el: etree._Element) -> bool:
    """A ``w:ins``/``w:del``/move that wraps content, as opposed to a property revision."""
    parent = el.getparent()
    return el.tag in _REV_TAGS and (parent is None or parent.tag not in _PROPERTY_PARENTS)


def _content_revision_ancestor(el: etree._Element, tags: set[str]) -> bool:
    """Whether ``el`` lies inside a content revision whose tag is in ``tags``."""
    return any(a.tag in tags and _is_content_revision(a) for a in el.iterancestors())


def _preserved(el: etree._Element) -> bool:
    """Whether ``xml:space="preserve"`` is in effect on ``el`` (it is inherited)."""
    for node in (el, *el.iterancestors()):
        value = node.get(XML_SPACE)
        if value is not None:
            return value == "preserve"
    return False


class _Where:
    """Describe an element's position as "part, paragraph N" for lint messages."""

    def __init__(self, part: str, root: etree._Element) -> None:
        self.part = part
        self.index = {p: i for i, p in enumerate(root.iter(w("p")), start=1)}

    def __call__(self, el: etree._Element) -> str:
        p = el if el.tag == w("p") else next(el.iterancestors(w("p")), None)
        if p is None:
            return self.part
        return f"{self.part}, paragraph {self.index[p]}"


def _lint_runs(part: str, root: etree._Element) -> list[str]:
    """Rules on revision content, marks and text whitespace, for one story part."""
    problems: list[str] = []
    where = _Where(part, root)
    for el in root.iter():
        tag = el.tag
        if tag in (w("delText"), w("delInstrText")):
            if not _content_revision_ancestor(el, _DEL_TAGS):
                problems.append(f"deltext-outside-del: w:delText outside w:del ({where(el)})")
        elif tag in (w("t"), w("instrText")) and _content_revision_ancestor(el, _DEL_TAGS):
            problems.append(f"t-inside-del: w:t inside w:del ({where(el)})")
        if tag in (w("t"), w("delText")) and el.text:
            text = el.text
            edge = text[0] in " \t\r\n" or text[-1] in " \t\r\n"
            if edge and not _preserved(el):
                problems.append(
                    f'whitespace-preserve: {text!r} lacks xml:space="preserve" ({where(el)})'
                )
        if tag in _REV_TAGS and _is_content_revision(el):
            name = etree.QName(el).localname
            if _content_revision_ancestor(el, _REV_TAGS):
                problems.append(f"nested-revision: w:{name} inside a revision ({where(el)})")
            parent = el.getparent()
            if parent is None or parent.tag not in (w("p"), w("hyperlink")):
                parent_name = "none" if parent is None else etree.QName(parent).localname
                problems.append(
                    f"revision-parent: w:{name} is a child of w:{parent_name}, "
                    f"not of w:p or w:hyperlink ({where(el)})"
                )
        if tag == w("rPr") and el.getparent() is not None and el.getparent().tag == w("pPr"):
            positions = [i for i, child in enumerate(el) if child.tag in _REV_TAGS]
            if len(positions) > 1:
                problems.append(
                    f"mark-revision-multiple: {len(positions)} revisions on one paragraph "
                    f"mark ({where(el)})"
                )
            if positions and positions[0] != 0:
                problems.append(
                    f"mark-revision-position: paragraph-mark revision is not the first "
                    f"child of w:rPr ({where(el)})"
                )
        if tag == w("commentReference") and _content_revision_ancestor(el, _DEL_TAGS):
            problems.append(
                f"comment-ref-in-del: comment {el.get(w('id'))} reference inside w:del "
                f"({where(el)})"
            )
    return problems


def _lint_last_paragraphs(part: str, root: etree._Element) -> list[str]:
    """The last paragraph of the body or of a table cell must not revise its own mark."""
    problems: list[str] = []
    where = _Where(part, root)
    containers = [*root.iter(w("body")), *root.iter(w("tc"))]
    for container in containers:
        paragraphs = container.findall(w("p"))
        if paragraphs and _mark_revision(paragraphs[-1]) is not None:
            kind = "body" if container.tag == w("body") else "table cell"
            problems.append(
                f"last-paragraph-mark: the last paragraph of a {kind} has its own mark "
                f"{etree.QName(_mark_revision(paragraphs[-1])).localname} "
                f"({where(paragraphs[-1])})"
            )
    return problems


def _lint_ids(parts: dict[str, etree._Element]) -> list[str]:
    """Revision and comment ids are unique; a comment's id is shared only by its own markers."""
    problems: list[str] = []
    owners: dict[str, list[str]] = defaultdict(list)
    for part, root in parts.items():
        for el in root.iter():
            value = el.get(w("id"))
            if value is None:
                continue
            if el.tag in _REVISION_ID_TAGS:
                owners[value].append(f"w:{etree.QName(el).localname} in {part}")
            elif el.tag == w("comment") or el.tag in _COMMENT_TAGS:
                owners[value].append("comment")
    for value, users in owners.items():
        revisions = [u for u in users if u != "comment"]
        kinds = len(revisions) + (1 if len(revisions) < len(users) else 0)
        if kinds > 1:
            listing = ", ".join(sorted(set(users)))
            problems.append(f"duplicate-id: w:id {value} is used by {kinds} owners ({listing})")
    return problems


def _lint_comments(parts: dict[str, etree._Element]) -> list[str]:
    """References resolve to comments, ranges come in ordered pairs, comments are anchored."""
    problems: list[str] = []
    main = parts["word/document.xml"]
    comments = _comments_part(parts)
    defined = (
        Counter(c.get(w("id")) for c in comments.iter(w("comment")))
        if comments is not None
        else Counter()
    )
    order = {el: i for i, el in enumerate(main.iter())}
    starts: dict[str, list[etree._Element]] = defaultdict(list)
    ends: dict[str, list[etree._Element]] = defaultdict(list)
    refs: dict[str, list[etree._Element]] = defaultdict(list)
    for el in main.iter(w("commentRangeStart")):
        starts[el.get(w("id"))].append(el)
    for el in main.iter(w("commentRangeEnd")):
        ends[el.get(w("id"))].append(el)
    for el in main.iter(w("commentReference")):
        refs[el.get(w("id"))].append(el)
    for cid in sorted(set(starts) | set(ends) | set(refs) | set(defined), key=str):
        if defined[cid] > 1:
            problems.append(f"comment-duplicate: {defined[cid]} w:comment with w:id {cid}")
        if cid not in refs:
            if cid in starts or cid in ends:
                problems.append(f"comment-range: comment {cid} has a range but no reference")
            else:
                problems.append(f"comment-unanchored: comment {cid} is anchored to nothing")
            continue
        if len(refs[cid]) > 1:
            problems.append(f"comment-range: comment {cid} has {len(refs[cid])} references")
        if cid not in defined:
            problems.append(f"comment-missing: reference to comment {cid} has no w:comment")
        if len(starts[cid]) != 1 or len(ends[cid]) != 1:
            problems.append(
                f"comment-range: comment {cid} has {len(starts[cid])} range start(s) and "
                f"{len(ends[cid])} range end(s), expected one of each"
            )
        elif order[starts[cid][0]] > order[ends[cid][0]]:
            problems.append(f"comment-range: comment {cid} range ends before it starts")
    return problems


def lint(path: str | Path) -> list[str]:
    """Check the revision and comment rules the linters miss; return the problems found.

    An empty list means clean.

    Each problem starts with its rule name: deltext-outside-del, t-inside-del, nested-revision,
    revision-parent, mark-revision-position, mark-revision-multiple, last-paragraph-mark,
    duplicate-id, comment-missing, comment-range, comment-unanchored, comment-duplicate,
    comment-ref-in-del, whitespace-preserve. Nesting of any kind (also ``w:del`` in ``w:ins``,
    which Word itself writes) counts, because editplan never writes it.
    """
    parts = _read_parts(path)
    problems: list[str] = []
    for part, root in parts.items():
        problems.extend(_lint_runs(part, root))
    problems.extend(_lint_last_paragraphs("word/document.xml", parts["word/document.xml"]))
    problems.extend(_lint_ids(parts))
    problems.extend(_lint_comments(parts))
    return problems


# ---------------------------------------------------------------------------------------------
# External tools


def pandoc_text(path: str | Path, track: Mode) -> list[str]:
    """Return pandoc's plain-text reading of ``path`` after accepting or rejecting changes.

    Lines are stripped and empty ones dropped (pandoc leaves empty items in numbered lists).
    """
    if track not in ("accept", "reject"):
        raise ValueError(f"track must be 'accept' or 'reject', got {track!r}")
    text = pypandoc.convert_file(
        str(path), "plain", format="docx", extra_args=[f"--track-changes={track}", "--wrap=none"]
    )
    return [line.strip() for line in text.splitlines() if line.strip()]


def _stringify(node: Any) -> str:
    """Plain text of a pandoc JSON inline list or element."""
    if isinstance(node, list):
        return "".join(_stringify(n) for n in node)
    if not isinstance(node, dict):
        return ""
    kind = node.get("t")
    if kind == "Str":
        return node["c"]
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("Span", "Div", "Link", "Image", "Quoted", "Cite"):
        return _stringify(node["c"][-2] if kind in ("Link", "Image") else node["c"][-1])
    content = node.get("c")
    return _stringify(content) if isinstance(content, list) else ""


_CHANGE_CLASSES = {
    "insertion": "insertions",
    "deletion": "deletions",
    "paragraph-insertion": "paragraph_insertions",
    "paragraph-deletion": "paragraph_deletions",
    "comment-start": "comments",
}


def pandoc_changes(path: str | Path) -> dict[str, dict[str, Any]]:
    """Count the tracked changes and comments pandoc reads in ``path``, with authors and dates.

    Returns, for each of "insertions", "deletions", "paragraph_insertions",
    "paragraph_deletions" and "comments": ``{"count": int, "authors": sorted list, "dates":
    sorted list, "texts": list}`` (texts: the span content; the comment text for comments).
    Pandoc merges adjacent same-author, same-date changes: see the module docstring.
    """
    ast = json.loads(
        pypandoc.convert_file(str(path), "json", format="docx", extra_args=["--track-changes=all"])
    )
    result: dict[str, dict[str, Any]] = {
        key: {"count": 0, "authors": set(), "dates": set(), "texts": []}
        for key in _CHANGE_CLASSES.values()
    }

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
            return
        if not isinstance(node, dict):
            return
        if node.get("t") in ("Span", "Div"):
            (_ident, classes, attrs), content = node["c"]
            attributes = dict(attrs)
            for cls in classes:
                key = _CHANGE_CLASSES.get(cls)
                if key is None:
                    continue
                entry = result[key]
                entry["count"] += 1
                if "author" in attributes:
                    entry["authors"].add(attributes["author"])
                if "date" in attributes:
                    entry["dates"].add(attributes["date"])
                entry["texts"].append(_stringify(content))
        visit(node.get("c"))

    visit(ast["blocks"])
    for entry in result.values():
        entry["authors"] = sorted(entry["authors"])
        entry["dates"] = sorted(entry["dates"])
    return result


def _integrity_command() -> list[str]:
    """The ooxml-integrity console script of this interpreter (or the module as fallback)."""
    beside = Path(sys.executable).with_name("ooxml-integrity")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("ooxml-integrity")
    if found:
        return [found]
    return [sys.executable, "-m", "ooxml_integrity"]


def integrity_problems(path: str | Path) -> list[str]:
    """Run ``ooxml-integrity check --json`` on ``path``; return its error and warning findings.

    Each is ``"CODE severity: message (where)"``; info findings are not problems. Exit code 0
    means clean and 1 error findings; 2 (usage error) raises.
    """
    proc = subprocess.run(
        [*_integrity_command(), "check", "--json", "--no-config", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"ooxml-integrity failed ({proc.returncode}): {proc.stderr}")
    report = json.loads(proc.stdout)
    problems = []
    for file_report in report["files"]:
        for finding in file_report["findings"]:
            if finding["severity"] == "info":
                continue
            where = finding.get("where") or finding.get("part") or ""
            problems.append(
                f"{finding['code']} {finding['severity']}: {finding['message']} ({where})"
            )
    return problems


# ---------------------------------------------------------------------------------------------
# A readable view of the revisions, for golden files


def marked_text(source: DocSource) -> list[str]:
    """Each body paragraph with its revisions marked: [-deleted-], {+inserted+}, and a trailing
    ¶+ or ¶- when the paragraph mark itself is inserted or deleted; then each comment.

    A golden file of this view shows a reviewer what Word will show, and does not depend on
    the bytes of the package.
    """
    root = _document_root(source)
    body = root.find(w("body"))
    assert body is not None
    lines: list[str] = []
    for p in body.iter(w("p")):
        out: list[str] = []
        _marked_runs(p, None, out)
        text = "".join(out).replace("+}{+", "").replace("-][-", "")
        revision = _mark_revision(p)
        if revision is not None:
            text += " ¶+" if revision.tag in _INS_TAGS else " ¶-"
        lines.append(text)
    parts = _read_parts(source) if not isinstance(source, etree._Element) else {}
    comments = _comments_part(parts)
    if comments is not None:
        for comment in comments.iter(w("comment")):
            words = " / ".join(
                "".join(t.text or "" for t in cp.iter(w("t"))) for cp in comment.iter(w("p"))
            )
            lines.append(
                f"comment {comment.get(w('id'))} by {comment.get(w('author'))}, "
                f"{comment.get(w('date'))}: {words}"
            )
    return lines


def _marked_runs(el: etree._Element, mark: str | None, out: list[str]) -> None:
    """Append the text under ``el`` to ``out``, marked as inside an insertion or deletion."""
    for child in el:
        tag = child.tag
        if tag in (w("pPr"), w("rPr")) or not isinstance(tag, str):
            continue
        if tag in _INS_TAGS or tag in _DEL_TAGS:
            _marked_runs(child, "ins" if tag in _INS_TAGS else "del", out)
        elif tag in (w("t"), w("delText"), w("tab")):
            text = "\t" if tag == w("tab") else child.text or ""
            out.append(text if mark is None else ("{+%s+}" if mark == "ins" else "[-%s-]") % text)
        elif tag == w("commentReference"):
            out.append(f"[comment {child.get(w('id'))}]")
        else:
            _marked_runs(child, mark, out)
