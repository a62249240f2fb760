"""Identity that survives Word and LibreOffice: which plan and version a document shows, and
which element each paragraph is (DESIGN decision 9).

The plan and version go into custom document properties; each element's id goes into a
bookmark around its paragraph's text. Both were checked to survive a LibreOffice round trip
with tracked edits (a split paragraph keeps the bookmark on its first part); Word keeps both.
Bookmark names allow only letters, digits and "_" and at most 40 characters, so ids are
encoded reversibly; an id too long for a name gets no bookmark, and collect then aligns that
element by its text.
"""

from __future__ import annotations

from editplan.core.model import Plan, content_hash

PLAN_PROPERTY = "editplan.plan"
VERSION_PROPERTY = "editplan.version"
HASH_PROPERTY = "editplan.hash"
BASE_PROPERTY = "editplan.base"
BOOKMARK_PREFIX = "ep_"
_MAX_NAME = 40
_ESCAPES = {"_": "_u", ".": "_d", "-": "_h"}
_UNESCAPES = {v[1]: k for k, v in _ESCAPES.items()}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)


def properties(shown: Plan, base: Plan | None = None) -> dict[str, str]:
    """The custom properties of a document showing ``shown`` (with changes from ``base``)."""
    out = {
        PLAN_PROPERTY: shown.id,
        VERSION_PROPERTY: shown.version,
        HASH_PROPERTY: content_hash(shown),
    }
    if base is not None:
        out[BASE_PROPERTY] = base.version
    return out


def bookmark_name(element_id: str) -> str | None:
    """The bookmark name for an element id, or None if the id is too long for one."""
    name = BOOKMARK_PREFIX + element_id.translate(_ESCAPE_TABLE)
    if len(name) > _MAX_NAME or not name.replace("_", "").isalnum():
        return None
    return name


def element_of(name: str) -> str | None:
    """The element id a bookmark name stands for, or None if it is not one of ours."""
    if not name.startswith(BOOKMARK_PREFIX):
        return None
    out: list[str] = []
    chars = iter(name[len(BOOKMARK_PREFIX) :])
    for c in chars:
        if c != "_":
            out.append(c)
            continue
        code = next(chars, "")
        if code not in _UNESCAPES:
            return None
        out.append(_UNESCAPES[code])
    return "".join(out) or None
