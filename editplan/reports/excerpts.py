"""Quotations that are excerpts: an ellipsis at either end ("… research on the impacts of
LMOs …", "Develop guidance ...") says the quoted words are a passage of a longer text, not
the whole of it.

A passage can be the words that go and the words that come of one replacement (the EU's
corrigenda: for: ‘… the use of …’, read: ‘… the re-use of …’): both lose their ellipses and
the passage is replaced. The words that go may also be given by their first and last words,
the middle left out ("the words “The Standing Committee shall be convened (...) at least three
times a year”"): the element's text decides the passage, from the first words to the last,
each found once. An excerpt anywhere else (a whole new wording, new words to insert) is not
the wording itself: the item stays an instruction, never applied with an ellipsis in it.
"""

from __future__ import annotations

import re

from editplan.reports.grammar import Reading, instruction

# "…", "..." and the typed ". . ."
_ELLIPSIS = r"(?:…|\.{3}|\.\s\.\s\.)"
_ENDS = re.compile(rf"^\s*{_ELLIPSIS}\s*|\s*{_ELLIPSIS}\s*$")
_ANY = re.compile(_ELLIPSIS)
_MIDDLE = re.compile(rf"\s*[(\[]?\s*{_ELLIPSIS}\s*[)\]]?\s*")


def elided(text: str) -> tuple[str, str] | None:
    """The first and last words of quoted words whose middle is left out ("A (...) B")."""
    parts = _MIDDLE.split(text.strip())
    if len(parts) != 2 or not all(p.strip() for p in parts):
        return None
    return parts[0].strip(), parts[1].strip()


def passage(text: str, first: str, last: str) -> str | None:
    """The passage of ``text`` from ``first`` to ``last`` (whole words), if each occurs once and
    in that order."""
    from editplan.core import phrase as phrases

    starts, ends = phrases.find(text, first), phrases.find(text, last)
    if len(starts) != 1 or len(ends) != 1 or ends[0][0] < starts[0][1]:
        return None
    return text[starts[0][0] : ends[0][1]]


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
    if fields.get("op") in ("replace", "delete") and elided(fields["phrase"]) and not any(
        _ANY.search(v) for k, v in quoted.items() if k != "phrase"
    ):
        reading.roles.append("the words that go are given by their first and last words")
        return reading  # the element's text decides the passage (``checks``)
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
