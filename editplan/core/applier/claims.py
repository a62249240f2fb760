"""What each amendment of a set claims in the plan, so that amendments that overlap are refused
before anything is applied (DESIGN decision 5: all or nothing)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from editplan.core.applier.spans import Edit, overlap
from editplan.core.model import Place
from editplan.errors import ConflictError


@dataclass
class Claims:
    """What amendments do to one element: its wording, its removal, its position, span edits
    of its words, and amendments that put an element next to it."""

    wording: str | None = None
    removal: str | None = None
    position: str | None = None
    edits: list[Edit] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)

    def users(self) -> list[str]:
        """Every amendment that claims something of the element."""
        names = [self.wording, self.removal, self.position, *(e.amendment for e in self.edits)]
        return [n for n in names if n is not None] + self.anchors


class ClaimBook:
    """The claims of one application, element by element.

    ``base`` is where each element was in the version the set was written against and
    ``current`` where it is in the plan the set is applied to: an element whose wording differs
    between them has changed since the set was written, and may not be claimed.
    """

    def __init__(self, base: Mapping[str, Place], current: Mapping[str, Place]) -> None:
        self.base = base
        self.current = current
        self.claims: dict[str, Claims] = {}

    def wording(self, amendment_id: str, element_id: str) -> None:
        """The amendment rewrites the element's whole wording."""
        claims = self.claims.setdefault(element_id, Claims())
        for other in (claims.wording, claims.removal):
            if other is not None:
                self.conflict(amendment_id, other, element_id, "rewrites")
        if claims.edits:
            self.conflict(amendment_id, claims.edits[0].amendment, element_id, "rewrites")
        self.check_fresh(amendment_id, element_id)
        claims.wording = amendment_id

    def removal(self, amendment_id: str, element_id: str) -> None:
        """The amendment removes the element: nothing else may touch it."""
        claims = self.claims.setdefault(element_id, Claims())
        for other in claims.users():
            self.conflict(amendment_id, other, element_id, "removes")
        self.check_fresh(amendment_id, element_id)
        claims.removal = amendment_id

    def position(self, amendment_id: str, element_id: str) -> None:
        """The amendment moves the element."""
        claims = self.claims.setdefault(element_id, Claims())
        for other in (claims.removal, claims.position):
            if other is not None:
                self.conflict(amendment_id, other, element_id, "moves")
        claims.position = amendment_id

    def edit(self, element_id: str, edit: Edit) -> None:
        """The amendment edits some of the element's words."""
        claims = self.claims.setdefault(element_id, Claims())
        for other in (claims.wording, claims.removal):
            if other is not None:
                self.conflict(edit.amendment, other, element_id, "edits")
        for prior in claims.edits:
            if prior.amendment != edit.amendment and overlap(prior, edit):
                self.conflict(
                    edit.amendment,
                    prior.amendment,
                    element_id,
                    f"edits the same words ({edit.what} overlaps {prior.what}) as",
                )
        edit.seq = len(claims.edits)
        claims.edits.append(edit)

    def anchor(self, amendment_id: str, sibling_id: str) -> None:
        """The amendment puts an element next to ``sibling_id``, which must stay."""
        claims = self.claims.setdefault(sibling_id, Claims())
        if claims.removal is not None:
            self.conflict(amendment_id, claims.removal, sibling_id, "positions itself next to")
        claims.anchors.append(amendment_id)

    def edited(self) -> Iterator[tuple[str, list[Edit]]]:
        """Each element with span edits, and its edits."""
        for element_id, claims in self.claims.items():
            if claims.edits:
                yield element_id, claims.edits

    def conflict(self, amendment_id: str, other: str, element_id: str, verb: str) -> None:
        """Refuse ``amendment_id``: it does ``verb`` to what ``other`` already changes."""
        place = self.base.get(element_id)
        label = place.label if place is not None else element_id
        raise ConflictError(
            f"amendments {other} and {amendment_id} conflict: {amendment_id} {verb} "
            f"{label} (id {element_id}), which {other} already changes; they do not compose. "
            "Merge them into one amendment, or leave one out",
            amendment=amendment_id,
            field="target",
            element_id=element_id,
            remedy="exclude",
        )

    def stale(self, element_id: str) -> bool:
        """Whether the element's wording changed since the set's base version."""
        base = self.base.get(element_id)
        return base is None or base.item.text != self.current[element_id].item.text

    def check_fresh(self, amendment_id: str, element_id: str) -> None:
        """Refuse to claim an element whose wording changed since the set's base version."""
        if self.stale(element_id):
            place = self.base[element_id]
            raise ConflictError(
                f"amendment {amendment_id}: {place.label} (id {element_id}) has changed since "
                f"the set's base version: the set read {place.item.text!r}, the plan now reads "
                f"{self.current[element_id].item.text!r}",
                amendment=amendment_id,
                field="target",
                element_id=element_id,
            )
