"""The one YAML writer: plain data to text in the project's style, and a file's text brought to
new data by rewriting only what changed.

The style is the one the plan files are written in: two spaces per mapping level, list items
two spaces in from their key (``- `` then the item's fields), no line folding, a scalar plain
when it reads back as the same string, else single-quoted, else double-quoted with escapes.
:func:`rewrite` keeps every byte of the old text that still says the same thing: comments,
quoting, blank lines; a list of mappings with ids is matched by id, so an item keeps its
comments when others are added, removed or moved around it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

Path_ = tuple[str | int, ...]

# Plain scalars that a YAML 1.2 reader (ruamel, an editor) would read as something other than
# a string; such strings are quoted. (editplan's own reader keeps them as strings.)
_NOT_A_STRING = re.compile(
    r"""(?x)^(?:
        ~|null|Null|NULL|true|True|TRUE|false|False|FALSE
      | [-+]?(?:0b[01_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)
      | [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
      | [-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
      | \.[0-9_]+(?:[eE][-+][0-9]+)?
      | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
      | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}.*)?
      | <<|=
    )$"""
)
# Safe as a plain scalar in block context: starts with a letter, digit or '(' and holds no
# character that could start a comment, a mapping value, a quote or an escape.
_SIMPLE = re.compile(r"^[A-Za-z0-9(][^\x00-\x1f\x7f-\x9f:#\ufeff\u2028\u2029]*(?<! )\Z")
_INDICATORS = "#,[]{}&*!|>'\"%@`"
_FLOW_INDICATORS = ",?[]{}"
_BREAKS = "\n\x85\u2028\u2029"
_ESCAPES = {
    "\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f",
    "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\u2028": "L", "\u2029": "P",
    "\ufeff": "uFEFF",
}  # fmt: skip


def scalar(value: Any, *, flow: bool = False) -> str:
    """One scalar as YAML text; ``flow`` inside ``[...]`` or ``{...}``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if not flow and _SIMPLE.match(text) and not _NOT_A_STRING.match(text):
        return text
    if _plain_ok(text, flow):
        return text
    if any(_special(ch) for ch in text) or any(ch in _BREAKS for ch in text):
        return _double_quoted(text)
    if "'" in text and '"' not in text:
        return _double_quoted(text)
    return "'" + text.replace("'", "''") + "'"


def _special(ch: str) -> bool:
    return not (
        ch == "\n"
        or "\x20" <= ch <= "\x7e"
        or ch == "\x85"
        or ("\xa0" <= ch <= "\ud7ff")
        or ("\ue000" <= ch <= "\ufffd" and ch != "\ufeff")
        or ("\U00010000" <= ch <= "\U0010ffff")
    )


def _plain_ok(text: str, flow: bool) -> bool:
    """Whether ``text`` can be written unquoted (YAML 1.2 plain scalar rules)."""
    if not text or text != text.strip(" ") or _NOT_A_STRING.match(text):
        return False
    if text.startswith(("---", "...")) or any(_special(ch) or ch in _BREAKS for ch in text):
        return False
    if "\t" in text:
        return False
    first = text[0]
    followed = len(text) == 1 or text[1] == " "
    if first in _INDICATORS or (first in "-?:" and followed):
        return False
    if flow and (first in "-?:" or any(ch in _FLOW_INDICATORS for ch in text)):
        return False
    for i, ch in enumerate(text):
        if ch == ":" and (i + 1 == len(text) or text[i + 1] == " "):
            return False
        if ch == "#" and text[i - 1] == " ":
            return False
    return True


def _double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append("\\" + _ESCAPES[ch])
        elif _special(ch):
            code = ord(ch)
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# --- whole values ------------------------------------------------------------------------


def emit(data: Any, comments: Mapping[Path_, str] | None = None) -> str:
    """Plain data as a YAML file; ``comments`` puts comment lines before the entries at their
    paths (``()`` for the top of the file, ``("amendments", 2)`` before the third item)."""
    lines: list[str] = []
    notes = dict(comments or {})
    if () in notes:
        lines += _comment(notes.pop(()), 0)
    if isinstance(data, dict | list) and data:
        _block(data, 0, (), notes, lines)
    else:
        lines.append(scalar(data) if not isinstance(data, dict | list) else _empty(data))
    return "\n".join(lines) + "\n"


def block(value: Any, indent: int) -> list[str]:
    """The lines of a non-empty mapping or list whose entries start at column ``indent``."""
    lines: list[str] = []
    _block(value, indent, (), {}, lines)
    return lines


def inline(value: Any, *, flow: bool = False) -> str:
    """A value that fits after ``key:`` on one line: a scalar or an empty collection."""
    if isinstance(value, dict | list):
        return _empty(value)
    return scalar(value, flow=flow)


def _empty(value: Any) -> str:
    if value:
        raise ValueError("not an empty collection")
    return "{}" if isinstance(value, dict) else "[]"


def _block(value: Any, indent: int, path: Path_, notes: dict[Path_, str], out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, child in value.items():
            here = (*path, key)
            if here in notes:
                out += _comment(notes[here], indent)
            if isinstance(child, dict | list) and child:
                out.append(f"{pad}{key}:")
                _block(child, indent + 2, here, notes, out)
            else:
                text = inline(child)
                out.append(f"{pad}{key}: {text}" if text else f"{pad}{key}:")
        return
    for index, child in enumerate(value):
        here = (*path, index)
        if here in notes:
            out += _comment(notes[here], indent)
        if isinstance(child, dict | list) and child:
            first = len(out)
            _block(child, indent + 2, here, notes, out)
            out[first] = f"{pad}- " + out[first][indent + 2 :]
        else:
            text = inline(child)
            out.append(f"{pad}- {text}" if text else f"{pad}-")


def _comment(text: str, indent: int) -> list[str]:
    return [(" " * indent + "# " + line) if line else "" for line in text.split("\n")]
