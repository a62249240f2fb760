"""Quotations and emphasis in an item's words.

An item's quoted words are taken out and replaced by numbered slots, so that the grammar reads
only the drafting words around them. Every quotation mark that drafters use is read: curly and
straight double quotes, curly single quotes (as the EU writes them), straight single quotes,
guillemets « » and ‹ › with or without (no-break) spaces inside, the German and Polish „ “ „ ”
and ‚ ‘ ‚ ’, the Japanese 「 」 and 『 』, and two apostrophes or backquotes standing for a
double mark (''X'' and ``X'' as plain-text copies of legislation print them, ‘‘X’’ as the US
Government Publishing Office does). A typed or scanned text may close a curly mark with a
straight one (“X") or the reverse ("X”): that is read when the opening mark has no partner of
its own kind before the next quotation opens. A quotation may span a line break (the item's
lines are joined first). A quotation mark with no partner is an error, never guessed at.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "\ue000", "\ue001"
# Words marked by formatting in a .docx report: struck through (deleted) and underlined or
# bold (inserted), as ``reading`` writes them.
STRUCK, STRUCK_END, INSERTED, INSERTED_END = "\ue010", "\ue011", "\ue012", "\ue013"
MARKS = STRUCK + STRUCK_END + INSERTED + INSERTED_END
SLOT = rf"{OPEN}(\d+){CLOSE}"
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")
# Each opening mark and the closing marks that end it.
_PAIRS: dict[str, str] = {
    "\u201c": "\u201d",  # “ ”
    '"': '"\u201d',  # a straight mark, closed by another or by its curly counterpart
    "\u2018": "\u2019",  # ‘ ’
    "'": "'",
    "\u00ab": "\u00bb",  # « »
    "\u2039": "\u203a",  # ‹ ›
    "\u201e": "\u201c\u201d",  # „ “ (German) or „ ” (Polish)
    "\u201a": "\u2018\u2019",  # ‚ ‘ or ‚ ’
    "\u300c": "\u300d",  # 「 」
    "\u300e": "\u300f",  # 『 』
    "<": ">",  # the Scottish Parliament's <words>
}
# Marks that open only where a word cannot continue, so that apostrophes stay words.
_APOSTROPHES = {"\u2018", "'"}
# Closing marks with no opening mark before them are reported.
_STRAY = {"\u201d": "“", "\u00bb": "«", "\u203a": "‹", "\u300d": "「", "\u300f": "『"}
# Two single marks standing for one double mark: ''X'', ``X'', ‘‘X’’ (not an empty quotation '').
_DOUBLED = re.compile(
    r"(?:''|``|\u2018\u2018)(?=[^\s'’])(?P<q>[^\n]*?)(?<=[^\s'`‘])(?:''|\u2019\u2019)"
)
# A curly mark's straight stand-in, which closes it when no curly partner comes first.
_STAND_IN = {"\u201c": '"'}
# <br>, </p> and other markup are not quotations
_TAG = re.compile(r"/?(?:br|p|b|i|u|em|strong|span|div|sup|sub|a|li|ul|ol|table|tr|td|th|ins|del)"
                  r"(?:\s[^<>]*)?/?", re.IGNORECASE)  # fmt: skip


class Unbalanced(Exception):
    """A quotation mark with no partner."""


def _opens(text: str, i: int) -> bool:
    char = text[i]
    if char not in _PAIRS:
        return False
    if char in _APOSTROPHES:
        return i == 0 or not text[i - 1].isalnum()
    if char == "<":
        end = text.find(">", i + 1)
        return end > i + 1 and not text[i + 1].isspace() and not _TAG.fullmatch(text[i + 1 : end])
    return True


def quotes(text: str) -> tuple[list[str], str]:
    """Quoted strings and the text with numbered slots in their place."""
    text = _DOUBLED.sub(lambda m: f"\u201c{m['q']}\u201d", text)
    # a lone pair of apostrophes typed for a double mark, opening or closing (''X" or "X'')
    text = re.sub(r"(?<![\w'])''(?=[^\s'])", "\u201c", text)
    text = re.sub(r"(?<=[^\s'])''(?![\w'])", "\u201d", text)
    found: list[str] = []
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in _STRAY:
            raise Unbalanced(
                f"a closing {char} with no opening {_STRAY[char]} before {context(text, i)}"
            )
        if _opens(text, i):
            end = _closing(text, i + 1, char)
            if end == -1:
                raise Unbalanced(f"the {char} at {context(text, i)} is never closed")
            out.append(f"{OPEN}{len(found)}{CLOSE}")
            found.append(_unstopped(text[i + 1 : end].strip(), text[end + 1 :]))
            i = end + 1
            continue
        out.append(char)
        i += 1
    return found, "".join(out)


_PROPOSED_BY = re.compile(r"^\s*\([^()«»“”\"]{2,60}\)\s*[.;]?\s*$")


def _unstopped(quoted: str, after: str) -> str:
    """A quotation without the stop or comma of the sentence that closes on it, written inside
    the quotation marks in American style (“national reports.” at the end of an item, or
    before the proposer's name in parentheses that ends it: “... of government.” (Lebanon))."""
    after = _PROPOSED_BY.sub("", after)
    if quoted[-1:] in ".," and not after.strip(" ;.,") and not re.search(r"\.\s?\.$", quoted):
        return quoted[:-1].rstrip()
    return quoted


def _closing(text: str, start: int, opener: str) -> int:
    """Where the quotation opened by ``opener`` ends; -1 if it never does. A quotation in
    double quotes may hold single ones; another opening of the same kind before the close
    is an error."""
    closers = _PAIRS[opener]
    own = _scan(text, start, opener, closers)
    if own != -1 or opener not in _STAND_IN:
        return own
    return _scan(text, start, opener, _STAND_IN[opener])


def _scan(text: str, start: int, opener: str, closers: str) -> int:
    """The first of ``closers`` after ``start``, before ``opener`` opens again; -1 if none."""
    at = start
    while at < len(text):
        char = text[at]
        if char in closers and not (
            opener in _APOSTROPHES and at + 1 < len(text) and text[at + 1].isalnum()
        ):
            return at
        if char == opener and opener not in _APOSTROPHES and opener not in closers:
            return -1  # “ ... “ ... ”: the first is never closed
        at += 1
    return -1


def context(text: str, at: int) -> str:
    """A short quotation of ``text`` around ``at``, for messages."""
    snippet = text[max(0, at - 25) : at + 25]
    return repr(("..." if at > 25 else "") + snippet + ("..." if at + 25 < len(text) else ""))


def clean(text: str) -> str:
    """Drop italic and bold markers and collapse spaces (no-break spaces too)."""
    return " ".join(_EMPHASIS.sub("", text).split())


def restore(template: str, found: list[str]) -> str:
    """The template with its slots back in curly quotes, for messages."""
    return re.sub(SLOT, lambda m: f"“{clean(found[int(m[1])])}”", template)
