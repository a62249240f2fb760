"""One handler per operation, in a table keyed by the operation's name.

A handler says what its amendment targets, claims what it touches (so that overlapping
amendments are refused before anything changes), and applies it to the working plan. Adding
an operation is one new handler and one row in :data:`HANDLERS`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

from editplan.core import phrase as phrases
from editplan.core.applier.spans import Edit, insertion
from editplan.core.applier.working import take_out
from editplan.core.changeset import Touch
from editplan.core.model import KIND_NOUN, Goal, Item
from editplan.core.patch import (
    OPERATIONS,
    Add,
    Delete,
    Insert,
    Instruction,
    Join,
    Move,
    Remove,
    Rephrase,
    Replace,
    Split,
)
from editplan.core.reference import Target, parse
from editplan.errors import ApplyError, ConflictError, TargetError

if TYPE_CHECKING:
    from editplan.core.applier.application import Application

class _Amendment(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def op(self) -> str: ...


A = TypeVar("A", bound=_Amendment)
TargetKind = Literal["element", "unit"]
DRAFTER = "Secretariat"  # who drafted an instruction's wording, when the patch file does not say


class Operation(Generic[A]):
    """How one kind of amendment is checked, claimed and applied (defaults: an element edit)."""

    single_target = False  # the operation takes exactly one target

    def target_kind(self, amendment: A) -> TargetKind | None:
        """What each target must name: a key area or activity, a goal or block, or either."""
        return "element"

    def check_target(self, amendment: A, target: Target, where: str) -> None:
        """Refuse a target of the wrong kind (a goal for an edit, an item for an add)."""
        wanted = self.target_kind(amendment)
        op, amendment_id = amendment.op, amendment.id
        article = "an" if op[:1] in "aeiou" else "a"
        if wanted == "unit" and not target.is_unit:
            raise ApplyError(
                f"amendment {amendment_id}: {article} {op} targets a goal or block, and "
                f"{target.label} is a {KIND_NOUN[target.kind or 'key_area']}; target "
                f"'{target.label.split(',')[0]}' with position before or after and a sibling",
                amendment=amendment_id,
                field=where,
            )
        if wanted == "element" and target.is_unit:
            raise ApplyError(
                f"amendment {amendment_id}: {article} {op} targets a key area or an "
                f"activity, and {target.label} is a whole goal; add ', key area (N)' or "
                "', activity (N)'",
                amendment=amendment_id,
                field=where,
            )

    def sibling(self, amendment: A) -> str | None:
        """The reference of the element that the amendment puts something next to."""
        return None

    def pending(self, amendment: A) -> bool:
        """Whether the amendment is recorded without changing anything (awaiting wording)."""
        return False

    def drafted_by(self, amendment: A) -> str | None:
        """Who drafted the wording, when it is not the set's author."""
        return None

    def keys(self, app: Application, amendment: A, targets: list[Target]) -> list[str]:
        """What the amendment claims: its target elements' ids."""
        return _ids(targets)

    def claim(self, app: Application, amendment: A, ids: list[str]) -> None:
        """Record what the amendment touches; the claim book refuses overlaps."""

    def apply(self, app: Application, amendment: A, targets: list[Target]) -> list[Touch]:
        """Change the working plan; the elements touched, in order."""
        raise NotImplementedError


def _ids(targets: list[Target]) -> list[str]:
    return [t.element_id for t in targets if t.element_id]


def _wording_keys(app: Application, amendment: Any, targets: list[Target]) -> list[str]:
    """The wordings a text operation changes: each target item's text, and for a goal the
    goal's title (in a block, the goal the reference names: "Goal A.7")."""
    out: list[str] = []
    for target in targets:
        if target.element_id is not None:
            out.append(target.element_id)
            continue
        unit = app.base_index.units[target.unit_id]
        if isinstance(unit, Goal):
            out.append(unit.id)
            continue
        named = {
            goal
            for ref in amendment.target_refs
            for goal in _named_goals(ref)
            if goal in unit.goal_ids
        }
        if len(named) != 1:
            raise ApplyError(
                f"amendment {amendment.id}: {unit.label} share their key areas and activities "
                f"but each has its own title; name the goal whose title {amendment.op} changes "
                f"(for example 'Goal {unit.goal_ids[0]}')",
                amendment=amendment.id,
                field="target",
            )
        out.append(named.pop())
    return out


def _named_goals(ref: str) -> tuple[str, ...]:
    try:
        return parse(ref).goals
    except TargetError:
        return ()


class Rephrasing(Operation[Rephrase]):
    """A new wording for each target element, or for a target goal's title."""

    def target_kind(self, amendment: Rephrase) -> TargetKind | None:
        return None

    def keys(self, app: Application, amendment: Rephrase, targets: list[Target]) -> list[str]:
        return _wording_keys(app, amendment, targets)

    def claim(self, app: Application, amendment: Rephrase, ids: list[str]) -> None:
        for element_id in ids:
            app.claims.wording(amendment.id, element_id)

    def apply(self, app: Application, amendment: Rephrase, targets: list[Target]) -> list[Touch]:
        keys = _wording_keys(app, amendment, targets)
        return [app.work.set_text(key, amendment.text) for key in keys]


class Instructing(Operation[Instruction]):
    """Pending without wording; with drafted wording, a rephrase drafted by the secretariat
    (of each target element, or of a target goal's title, as a rephrase would)."""

    def target_kind(self, amendment: Instruction) -> TargetKind | None:
        return None

    def pending(self, amendment: Instruction) -> bool:
        return amendment.text is None

    def drafted_by(self, amendment: Instruction) -> str | None:
        return None if amendment.text is None else (amendment.drafted_by or DRAFTER)

    def keys(self, app: Application, amendment: Instruction, targets: list[Target]) -> list[str]:
        if amendment.text is None:
            return _ids(targets)
        return _wording_keys(app, amendment, targets)

    def claim(self, app: Application, amendment: Instruction, ids: list[str]) -> None:
        if amendment.text is not None:
            for element_id in ids:
                app.claims.wording(amendment.id, element_id)

    def apply(
        self, app: Application, amendment: Instruction, targets: list[Target]
    ) -> list[Touch]:
        assert amendment.text is not None
        keys = _wording_keys(app, amendment, targets)
        return [app.work.set_text(key, amendment.text) for key in keys]


Spanned = Replace | Delete | Insert


class SpanEditing(Operation[Spanned]):
    """Replace, delete and insert: edits of some words, composed per element with the others
    (or per goal title)."""

    def target_kind(self, amendment: Spanned) -> TargetKind | None:
        return None

    def keys(self, app: Application, amendment: Spanned, targets: list[Target]) -> list[str]:
        return _wording_keys(app, amendment, targets)

    def claim(self, app: Application, amendment: Spanned, ids: list[str]) -> None:
        for element_id in ids:
            for edit in self.edits(app, amendment, element_id):
                app.claims.edit(element_id, edit)

    def apply(self, app: Application, amendment: Spanned, targets: list[Target]) -> list[Touch]:
        out = []
        for element_id in _wording_keys(app, amendment, targets):
            # all span edits of an element were composed together; the first amendment that
            # touches it carries the text change
            if element_id in app.texts:
                touch = app.work.set_text(element_id, app.texts.pop(element_id))
            else:
                touch = Touch(element_id, "text")
            out.append(touch)
        return out

    def edits(self, app: Application, amendment: Spanned, element_id: str) -> list[Edit]:
        """The span edits of the amendment in the element's current wording."""
        text = app.work.wordings[element_id].item.text
        if isinstance(amendment, Insert) and amendment.position in ("start", "end"):
            at = 0 if amendment.position == "start" else len(text)
            return [insertion(text, amendment.text, amendment.position, amendment.id, at)]
        needle = amendment.anchor if isinstance(amendment, Insert) else amendment.phrase
        assert needle is not None
        spans = self.choose(app, amendment, element_id, needle, phrases.find(text, needle))
        edits: list[Edit] = []
        for start, end in spans:
            if isinstance(amendment, Replace):
                edits.append(Edit(start, end, amendment.by, amendment.id, f"replace {needle!r}"))
            elif isinstance(amendment, Delete):
                edits.append(Edit(start, end, "", amendment.id, f"delete {needle!r}", delete=True))
            else:
                at = start if amendment.position == "before" else end
                edits.append(insertion(text, amendment.text, amendment.position, amendment.id, at))
        return edits

    def choose(
        self,
        app: Application,
        amendment: Spanned,
        element_id: str,
        needle: str,
        spans: list[tuple[int, int]],
    ) -> list[tuple[int, int]]:
        """The occurrences the amendment means: exactly one, the one it names, or all."""
        text = app.work.wordings[element_id].item.text
        label = app.base_places[element_id].label
        field_name = "anchor" if isinstance(amendment, Insert) else "phrase"
        occurrence = amendment.occurrence
        where = f"{label} (id {element_id}), which reads: {text!r}"
        if not spans and app.claims.stale(element_id):
            raise ConflictError(
                f"amendment {amendment.id}: {label} (id {element_id}) has changed since the "
                f"set's base version and {needle!r} no longer occurs in it: the set read "
                f"{app.base_places[element_id].item.text!r}, the plan now reads {text!r}",
                amendment=amendment.id,
                field=field_name,
                element_id=element_id,
            )
        if not spans:
            hint = phrases.suggest(text, needle)
            raise ApplyError(
                f"amendment {amendment.id}: {needle!r} does not occur as whole words in {where}"
                + (f"; did you mean {hint!r}?" if hint else ""),
                amendment=amendment.id,
                field=field_name,
                element_id=element_id,
            )
        if occurrence is None and len(spans) > 1:
            raise ApplyError(
                f"amendment {amendment.id}: {needle!r} occurs {len(spans)} times in {where}; "
                "say which with 'occurrence: N' (or 'occurrence: all')",
                amendment=amendment.id,
                field=field_name,
            )
        if occurrence == "all" or occurrence is None:
            return spans
        if occurrence > len(spans):
            raise ApplyError(
                f"amendment {amendment.id}: occurrence {occurrence} of {needle!r} asked, but it "
                f"occurs {len(spans)} time{'s' if len(spans) > 1 else ''} in {where}",
                amendment=amendment.id,
                field="occurrence",
            )
        return [spans[occurrence - 1]]


class Splitting(Operation[Split]):
    """One element becomes several; the first part keeps its id."""

    single_target = True

    def claim(self, app: Application, amendment: Split, ids: list[str]) -> None:
        for element_id in ids:
            app.claims.wording(amendment.id, element_id)

    def apply(self, app: Application, amendment: Split, targets: list[Target]) -> list[Touch]:
        element_id = _ids(targets)[0]
        ids = amendment.ids or [
            app.derive_id(amendment.id, str(k)) for k in range(2, len(amendment.into) + 1)
        ]
        app.work.split(element_id, amendment.into, ids, amendment.id)
        return [Touch(element_id, "text")] + [
            Touch(new_id, "added", split_from=element_id) for new_id in ids
        ]


class Adding(Operation[Add]):
    """A new key area or activity in each target goal or block."""

    def target_kind(self, amendment: Add) -> TargetKind | None:
        return "unit"

    def sibling(self, amendment: Add) -> str | None:
        return amendment.sibling

    def apply(self, app: Application, amendment: Add, targets: list[Target]) -> list[Touch]:
        position = amendment.position or app.aset.default_position
        if position is None:
            raise ApplyError(
                f"amendment {amendment.id}: the add gives no position and the set declares no "
                "default_position; say where the new "
                f"{KIND_NOUN[amendment.kind]} goes (start, end, before or after a sibling), "
                "or set default_position: end in the header",
                amendment=amendment.id,
                field="position",
            )
        if amendment.new_ids is not None and len(amendment.new_ids) != len(targets):
            raise ApplyError(
                f"amendment {amendment.id}: new_ids names {len(amendment.new_ids)} ids for "
                f"{len(targets)} targets",
                amendment=amendment.id,
                field="new_ids",
            )
        sibling = app.sibling(amendment) if position in ("before", "after") else None
        out: list[Touch] = []
        for n, target in enumerate(targets):
            if amendment.new_ids is not None:
                new_id = amendment.new_ids[n]
            elif len(targets) == 1:
                new_id = app.derive_id(amendment.id)
            else:
                new_id = app.derive_id(amendment.id, target.unit_id)
            app.work.claim_id(new_id, amendment.id, "new_ids")
            unit = app.work.units[target.unit_id]
            item = Item(id=new_id, text=amendment.text)
            app.work.place(unit, amendment.kind, item, position, sibling, amendment.id)
            out.append(Touch(new_id, "added"))
        return out


class Removing(Operation[Remove]):
    """Whole elements go."""

    def claim(self, app: Application, amendment: Remove, ids: list[str]) -> None:
        for element_id in ids:
            app.claims.removal(amendment.id, element_id)

    def apply(self, app: Application, amendment: Remove, targets: list[Target]) -> list[Touch]:
        return [app.work.remove(element_id) for element_id in _ids(targets)]


class Joining(Operation[Join]):
    """Sibling elements become one: the first keeps its id and takes the wording."""

    def claim(self, app: Application, amendment: Join, ids: list[str]) -> None:
        targets = app.targets[amendment.id]
        first = targets[0]
        for target in targets[1:]:
            if (target.unit_id, target.kind) != (first.unit_id, first.kind):
                raise ApplyError(
                    f"amendment {amendment.id}: a join takes elements of one kind in one goal or "
                    f"block; {target.label} and {first.label} are not siblings",
                    amendment=amendment.id,
                    field="targets",
                )
        app.claims.wording(amendment.id, ids[0])
        for element_id in ids[1:]:
            app.claims.removal(amendment.id, element_id)

    def apply(self, app: Application, amendment: Join, targets: list[Target]) -> list[Touch]:
        ids = _ids(targets)
        return [app.work.set_text(ids[0], amendment.text)] + [app.work.remove(i) for i in ids[1:]]


class Moving(Operation[Move]):
    """An element goes elsewhere, in its goal or another one, and keeps its id."""

    single_target = True

    def sibling(self, amendment: Move) -> str | None:
        return amendment.sibling

    def claim(self, app: Application, amendment: Move, ids: list[str]) -> None:
        if amendment.sibling is not None and app.sibling(amendment) == ids[0]:
            label = app.base_places[ids[0]].label
            raise ApplyError(
                f"amendment {amendment.id}: moves {label} (id {ids[0]}) {amendment.position} "
                "itself; name another element as the sibling",
                amendment=amendment.id,
                field="sibling",
            )
        app.claims.position(amendment.id, ids[0])

    def apply(self, app: Application, amendment: Move, targets: list[Target]) -> list[Touch]:
        element_id = _ids(targets)[0]
        place = app.work.places[element_id]
        take_out(place.unit.items(place.kind), place.item)
        sibling = None
        if amendment.to is not None:
            unit = app.unit_named(amendment, amendment.to, "to")
        elif amendment.sibling is not None:
            sibling = app.sibling(amendment)
            unit = app.work.places[sibling].unit
        else:
            unit = place.unit
        app.work.place(unit, place.kind, place.item, amendment.position, sibling, amendment.id)
        return [Touch(element_id, "moved")]


HANDLERS: dict[str, Operation[Any]] = {
    "rephrase": Rephrasing(),
    "replace": SpanEditing(),
    "delete": SpanEditing(),
    "insert": SpanEditing(),
    "split": Splitting(),
    "add": Adding(),
    "remove": Removing(),
    "join": Joining(),
    "move": Moving(),
    "instruction": Instructing(),
}
assert set(HANDLERS) == set(OPERATIONS), "every operation of the patch schema needs a handler"
