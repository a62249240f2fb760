"""How reports name the parts of a plan: "Goal A.1", "Goals A.6, A.7 and A.8", "key area (2)",
"activity (iv)". Pure, and light to import (no models): shell completion names targets with it
on every TAB, and the model's labels are these."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from editplan.core.numerals import to_roman

Kind = Literal["key_area", "activity"]
KIND_NOUN: dict[Kind, str] = {"key_area": "key area", "activity": "activity"}


def goals_label(goal_ids: Sequence[str]) -> str:
    """A goal, or the goals of a block, as reports name them: "Goal A.1", "Goals A.6, A.7
    and A.8"."""
    if len(goal_ids) == 1:
        return f"Goal {goal_ids[0]}"
    return f"Goals {', '.join(goal_ids[:-1])} and {goal_ids[-1]}"


@lru_cache(maxsize=4096)  # every layout of a large plan asks for the same few numbers
def display_number(kind: Kind, n: int) -> str:
    """Key areas are numbered (1), (2)...; activities (i), (ii)...."""
    return f"({n})" if kind == "key_area" else f"({to_roman(n)})"


def element_label(goal_ids: Sequence[str], kind: Kind, n: int) -> str:
    """The ``n``-th key area or activity of a goal or block, as reports cite it: "Goal A.5,
    key area (2)"."""
    return f"{goals_label(goal_ids)}, {KIND_NOUN[kind]} {display_number(kind, n)}"
