"""A table of amendments whose columns are named in its header, as committees, secretariats
and comment templates lay them out: "Amendment No. | Clause | Amendment | In the name of",
"Element | Current text | Proposed text | Reason", "Paragraph | Proposed change | Comment".

Each column's role is read from its heading: the amendment's number, the element, the change
(an amending sentence), the current and proposed texts, who proposed it, and why. A row
becomes one amending sentence (the element and the change, or the two texts) and what the
row says beside it (number, mover, reason) goes to the amendment's note. A table whose
headings name no element or no change is not read this way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ROLES: tuple[tuple[str, str], ...] = (
    ("number", r"^(?:amendment\s+|item\s+|proposal\s+)?(?:no\.?|number|#|n°|ref\.?)$"),
    ("who", r"\b(?:in\s+the\s+name\s+of|proposed\s+by|submitted\s+by|moved\s+by|proponent|"
            r"mover|members?|part(?:y|ies)|delegations?|countr(?:y|ies)|source|author)\b"),
    ("why", r"\b(?:reasons?|rationale|justification|explanation|comments?|observations?)\b"),
    ("current", r"\b(?:current|existing|original|present)\s+(?:text|wording|version)\b"),
    ("proposed", r"\b(?:proposed|new|revised|amended|suggested)\s+(?:text|wording|version)\b"),
    ("change", r"\b(?:amendments?|proposed\s+(?:change|amendment|modification)|changes?|"
               r"modifications?|proposals?)\b"),
    ("element", r"\b(?:goals?|elements?|targets?|provisions?|clauses?|paragraphs?|sections?|"
                r"articles?|schedules?|items?|location)\b"),
)  # fmt: skip


@dataclass
class Columns:
    """Which column holds what, by its heading."""

    roles: dict[str, int] = field(default_factory=dict)

    @property
    def readable(self) -> bool:
        return "element" in self.roles and (
            "change" in self.roles or {"current", "proposed"} <= set(self.roles)
        )


def columns(header: list[str]) -> Columns:
    """Each heading's role: the first role whose words it holds, each role taken once."""
    out = Columns()
    for k, heading in enumerate(header):
        text = " ".join(heading.split()).strip(" .:*")
        for role, pattern in _ROLES:
            if role not in out.roles and re.search(pattern, text, re.IGNORECASE):
                out.roles[role] = k
                break
    return out


def sentence(cols: Columns, row: list[str], names: object) -> tuple[str, list[str]] | None:
    """The amending sentence of a row and what the row says beside it; None if the row lacks
    the element or the change. ``names`` tells whether a text names its own target."""
    def cell(role: str) -> str:
        k = cols.roles.get(role)
        return row[k].strip() if k is not None and k < len(row) else ""

    element = cell("element")
    said: list[str] = []
    if cell("number"):
        said.append(f"Amendment {cell('number')}.")
    if cell("who"):
        said.append(f"Proposed by: {cell('who')}.")
    if cell("why"):
        said.append(f"The report says: {cell('why').rstrip('.')}.")
    if "change" in cols.roles and cell("change"):
        change = cell("change")
        assert callable(names)
        return (change if names(change) else f"{element}: {change}"), said
    current, proposed = cell("current").strip("“”\""), cell("proposed").strip("“”\"")
    if element and proposed:
        return f"{element}: current text “{current}” proposed text “{proposed}”", said
    return None
