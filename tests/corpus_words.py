"""The words of a real .docx as editplan's import reads them, and as pandoc reads them.

editplan's words are those of every paragraph import reads (body and table cells, in order,
every tracked change accepted), through the same walker as ``editplan import``; what it lists
as not read (its losses) is returned beside them. pandoc's are those of its JSON reading with
``--track-changes=accept``, leaving out what is not the document's running text in either
reader: notes (pandoc inlines footnotes; editplan lists them), images' descriptions, table
captions, and equations (pandoc writes TeX; editplan reads the characters and lists the
layout as lost). The words inside text boxes, which editplan lists as not read, are
collected from the XML, so that a test can check that pandoc's words are editplan's words
plus exactly those.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pypandoc
from lxml import etree

from editplan.ooxml.ns import w
from editplan.ooxml.numbering import Numbering
from editplan.ooxml.package import read_roots
from editplan.ooxml.revisions import resolve_revisions
from editplan.ooxml.runs import MC
from editplan.ooxml.styles import Styles
from editplan.ooxml.walker import Para, Walker

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def words(text: str) -> list[str]:
    """Lower-cased words; CJK text (written without spaces) one character a word."""
    out: list[str] = []
    for token in _WORD.findall(text):
        if _CJK.search(token):
            out.extend(token)
        else:
            out.append(token.lower())
    return out


def our_words(path: Path, *, accept: bool = True) -> tuple[list[str], list[str], list[str]]:
    """editplan's words in order, the words of text boxes (listed as not read), and the
    losses, with every change accepted (or rejected)."""
    roots = read_roots(path, path.name)
    body = roots["document"].find(w("body"))
    resolve_revisions(body, accept=accept)
    styles = Styles(roots.get("styles"))
    walker = Walker(styles, Numbering(roots.get("numbering"), styles))
    out: list[str] = []
    losses: list[str] = []
    for block in walker.walk(body):
        paras = [block] if isinstance(block, Para) else [
            p for row in block.rows for cell in row for p in cell.paras
        ]
        for p in paras:
            text = p.text
            for loss in p.losses:
                if m := re.match(r"an equation, read as its characters '(.*)' without", loss):
                    text = text.replace(m[1], " ", 1)
            out.extend(words(text))
            losses.extend(p.losses)
    losses.extend(reason for _, reason in walker.losses)
    return out, _text_box_words(body), losses


def _text_box_words(body: etree._Element) -> list[str]:
    out: list[str] = []
    for box in body.iter(w("txbxContent")):
        if any(a.tag == f"{{{MC}}}Fallback" for a in box.iterancestors()):
            continue  # the fallback repeats the choice
        if any(a.tag == w("txbxContent") for a in box.iterancestors()):
            continue  # counted with the box around it
        out.extend(words(" ".join(t.text or "" for t in box.iter(w("t")))))
    return out


def pandoc_words(path: Path, *, accept: bool = True) -> list[str]:
    """pandoc's words of the document in order, with every change accepted (or rejected; see
    the module's doc)."""
    mode = "accept" if accept else "reject"
    found = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "docx", "-t", "json", f"--track-changes={mode}",
         str(path)],
        capture_output=True,
        check=True,
        timeout=120,
    )  # fmt: skip
    ast = json.loads(found.stdout)
    parts: list[str] = []
    for key in ("title", "subtitle", "author", "date", "abstract"):
        if key in ast.get("meta", {}):
            _text(ast["meta"][key], parts)
    _text(ast["blocks"], parts)
    return words(" ".join(parts))


def _text(node: Any, parts: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _text(item, parts)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("t")
    if kind in ("Note", "Image", "Math"):
        return
    if kind == "Str":
        parts.append(node["c"])
    elif kind in ("Space", "SoftBreak", "LineBreak"):
        parts.append(" ")
    elif kind == "Code":
        parts.append(node["c"][1])
    elif kind == "CodeBlock":
        parts.append(" " + node["c"][1] + " ")
    elif kind == "Table":
        _text(node["c"][2:], parts)  # not its attributes and caption
    elif kind in ("MetaString",):
        parts.append(node["c"])
    else:
        _text(node.get("c"), parts)
        if kind in ("Para", "Plain", "Header"):
            parts.append(" ")


__all__ = ["our_words", "pandoc_words", "words"]
