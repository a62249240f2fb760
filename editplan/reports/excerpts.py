"""Quotations that are excerpts: an ellipsis at either end ("… research on the impacts of
LMOs …", "Develop guidance ...") says the quoted words are a passage of a longer text, not
the whole of it.

A passage can be the words that go and the words that come of one replacement (the EU's
corrigenda: for: ‘… the use of …’, read: ‘… the re-use of …’): both lose their ellipses and
the passage is replaced. An excerpt anywhere else (a whole new wording, new words to insert,
a gap in the middle of the quoted words) is not the wording itself: the item stays an
instruction, never applied with an ellipsis in it.
"""

from __future__ import annotations

import re

from editplan.reports.grammar import Reading, instruction

# "…", "..." and the typed ". . ."
_ELLIPSIS = r"(?:…|\.{3}|\.\s\.\s\.)"
_ENDS = re.compile(rf"^\s*{_ELLIPSIS}\s*|\s*{_ELLIPSIS}\s*$")
_ANY = re.compile(_ELLIPSIS)


def trim(text: str) -> tuple[str, bool]:
    """The quoted words without an ellipsis at either end, and whether there was one."""
    out = _ENDS.sub("", text)
    return out, out != text


def settle(reading: Reading) -> Reading:
    """A reading whose quoted words hold ellipses: a replacement of one passage by another
    without them; anything else an instruction."""
    fields = reading.fields
    keys = ("phrase", "by", "text", "anchor", "old", "new")
    quoted = {k: v for k, v in fields.items() if k in keys and isinstance(v, str)}
    if not any(_ANY.search(v) for v in quoted.values()):
        return reading
    pair = ("phrase", "by") if fields.get("op") == "replace" else ("old", "new")
    if fields.get("op") in ("replace", "_revise") and set(quoted) == set(pair):
        old, cut_old = trim(fields[pair[0]])
        new, cut_new = trim(fields[pair[1]])
        if cut_old and cut_new and not _ANY.search(old + new) and old and new:
            reading.fields = {**fields, pair[0]: old, pair[1]: new}
            reading.roles.append("both quotations are excerpts (…): the passage is replaced")
            return reading
    return instruction("a quotation is an excerpt (it holds an ellipsis, “…”), not the whole "
                       "wording; a person supplies the words", reading.rule)
