"""What every renderer of a plan offers: the .docx writer and the web page alike.

Both draw the same blocks (:mod:`editplan.core.layout`) with the same attributions
(:mod:`editplan.core.attribution`); a use case picks one by the output's suffix and calls it
through this interface, never knowing which format it writes. A renderer module conforms by
defining these three functions at its top level.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the interface loads nothing: a renderer is imported only when needed
    from editplan.core.attribution import Attribution, DateLike
    from editplan.core.changeset import ApplyResult
    from editplan.core.layout import Block
    from editplan.core.model import Plan

__all__ = ["WEB_SUFFIXES", "Renderer"]

WEB_SUFFIXES = (".html", ".htm")
"""Output suffixes drawn as a web page; every other suffix is a .docx."""


class Renderer(Protocol):
    """Draws a plan, or a plan's tracked changes, as one document's bytes."""

    def render_clean(self, plan: Plan) -> bytes:
        """The document of one plan, with no changes marked."""
        ...

    def render_result(
        self, base: Plan, result: ApplyResult, *, blocks: list[Block] | None = None
    ) -> bytes:
        """The tracked document of one application: ``base`` to its result, attributed to
        the set; ``blocks`` is ``tracked_layout(base, result.plan)`` when the caller has it."""
        ...

    def render_tracked(
        self,
        base: Plan,
        revised: Plan,
        attributions: Sequence[Attribution],
        *,
        author: str,
        date: DateLike,
        blocks: list[Block] | None = None,
    ) -> bytes:
        """The document of ``revised`` with every change from ``base`` marked; changes no
        attribution explains carry ``author`` and ``date``."""
        ...
