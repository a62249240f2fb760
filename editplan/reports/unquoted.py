"""Changes whose words are not in quotation marks, as corrigenda, minutes and councils' records
often print them: "After specific ecological areas, insert and agro-ecological zones",
"Change LMOs to living modified organisms in ...", "to delete references to the Biosafety
Clearing-House and replace those with Biosafety Information Portal", "Below activity (ii),
insert Support national focal points ...".

The words that locate the change (the words that go, or the anchor) must be found, as written,
in the text of every element the item names; only then is the item read again with its words
quoted, the new words being the rest of the clause. Where they are not found, or could be cut
in two ways, nothing is quoted and the item stays an instruction. A new element below or above
a named one needs no text to find: its wording is the rest of the line.
"""

from __future__ import annotations

import re

from editplan.core import phrase as phrases

__all__ = ["quoted"]

_UNQUOTED = r"[^“”\"«»‘’]"
_BELOW = re.compile(
    rf"^(?P<pre>{_UNQUOTED}*?)\b(?P<rel>below|above|after|before)\s+(?P<el>(?:goal\s+[A-Z]\.\d+\s*,\s*)?"
    rf"(?:key\s+area|activity)\s*\([^()]{{1,8}}\))\s*,?\s*(?:insert|add)\s+(?P<y>[A-Z]{_UNQUOTED}+?)\s*[.;]?$",
    re.IGNORECASE,
)
_AFTER = re.compile(
    rf"^(?P<pre>{_UNQUOTED}*?)\b(?P<rel>after|before)\s+(?P<x>[^,;:“”\"«»]+?)\s*,\s*(?:insert|add)\s+"
    rf"(?P<y>{_UNQUOTED}+?)\s*[.;]?$",
    re.IGNORECASE,
)
_REFERENCES = re.compile(
    rf"^(?P<pre>{_UNQUOTED}*?)\b(?:to\s+)?(?:delete|remove|omit)\s+(?:all\s+)?references\s+to\s+"
    rf"(?P<x>{_UNQUOTED}+?)\s+and\s+(?:to\s+)?replace\s+(?:those|them|these|it)\s+(?:with|by)\s+"
    rf"(?P<y>{_UNQUOTED}+?)\s*[.;]?$",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    rf"^(?P<pre>{_UNQUOTED}*?)\b(?P<verb>change|replace)\s+(?P<xy>{_UNQUOTED}+?)"
    rf"(?P<rest>\s+in\s+(?:goals?|key\s+areas?|activit(?:y|ies))\b{_UNQUOTED}*)?\s*[.;]?$",
    re.IGNORECASE,
)
_QUOTES = "“”\"«»"


def quoted(text: str, texts: list[str] | None) -> str | None:
    """The item with its unquoted words quoted, or None: ``texts`` are the texts of the
    elements it names (None without a plan: only a new element below or above one is read)."""
    if any(c in text for c in _QUOTES):
        return None
    if m := _BELOW.match(text):
        rel = "after" if m["rel"].lower() in ("below", "after") else "before"
        return f"{m['pre']}{rel} {m['el']}, insert the following text: “{m['y']}”"
    if not texts:
        return None
    if m := _REFERENCES.match(text):
        old, new = m["x"], m["y"]
        if re.match(r"the\s", old, re.I) and not re.match(r"the\s", new, re.I):
            old = old[4:]  # "references to the X ... with Y": the article is the sentence's
        if _in_all(old, texts):
            return f"{m['pre']}replace “{old}” with “{new}”"
        return None
    if m := _AFTER.match(text):
        element = re.search(r"\b(?:key\s+area|activity)\s*\(", m["x"], re.I)
        if _in_all(m["x"], texts) and element is None:
            return f"{m['pre']}{m['rel']} “{m['x']}”, insert “{m['y']}”"
        return None
    if m := _CHANGE.match(text):
        joins = r"\s+(?:to|into)\s+" if m["verb"].lower() == "change" else r"\s+(?:with|by)\s+"
        cuts = [(m["xy"][: j.start()], m["xy"][j.end() :])
                for j in re.finditer(joins, m["xy"])]  # fmt: skip
        fits = [(x, y) for x, y in cuts if _in_all(x, texts) and y.strip()]
        if len(fits) == 1:
            x, y = fits[0]
            join = "to" if m["verb"].lower() == "change" else "with"
            return f"{m['pre']}{m['verb']} “{x}” {join} “{y}”{m['rest'] or ''}"
    return None


def _in_all(words: str, texts: list[str]) -> bool:
    words = words.strip()
    return bool(words) and all(phrases.find(t, words) for t in texts)
