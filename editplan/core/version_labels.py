"""Version labels: a label names one text (pure).

A plan's version label is how a patch file names the text it was written against, so two texts
under one label would resolve a later set against the wrong one. Applying more of a set later
(a drafted instruction, the rest of a set applied in parts) gives the set's label again; the
new text then takes the next free label, "<label> (2)", "<label> (3)"...
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["clashes", "fresh", "numbered"]


def numbered(label: str, n: int) -> str:
    """The n-th label of a set applied again: "CBD/CP/LG/2020/1/3 + LG-14 (2)"."""
    return label if n < 2 else f"{label} ({n})"


def fresh(wanted: str, digest: Callable[[str], str], taken: Mapping[str, Mapping[str, Any]]) -> str:
    """The label a new text takes: ``wanted`` if no other text has it, else the first numbered
    label that is free or names this very text.

    ``digest`` gives the new text's content hash under a label (the label is part of the
    text's data); ``taken`` maps each label in the history to the texts it names (hash ->
    anything).
    """
    n = 1
    while True:
        label = numbered(wanted, n)
        texts = taken.get(label, {})
        if not texts or set(texts) == {digest(label)}:
            return label
        n += 1


def clashes(taken: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The labels that name more than one text, in the order given."""
    return [label for label, texts in taken.items() if len(texts) > 1]
