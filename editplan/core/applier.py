"""Apply an amendment set to a plan: pure, exact, all or nothing.

Every target is resolved against the base first (a reference means what it meant in the
version the body read: DESIGN decision 2). Every phrase is then found, every conflict checked,
and only then is anything applied, in file order, to a copy of the plan. Numbering is never
applied: it follows from positions in the result.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from editplan.core import phrase as phrases
from editplan.core.changeset import (
    AppliedAmendment,
    ApplyResult,
    ChangeSet,
    ElementChange,
    Renumbering,
    Skipped,
    Touch,
    element_change,
    renumbering,
)
from editplan.core.model import KIND_NOUN, Item, Kind, Place, Plan, Unit, check_line, unit_key
from editplan.core.patch import (
    Add,
    Amendment,
    AmendmentSet,
    Delete,
    Insert,
    Instruction,
    Join,
    Move,
    Remove,
    Rephrase,
    Replace,
    Split,
    Status,
)
from editplan.core.reference import Target, resolve
from editplan.errors import ApplyError, ConflictError, InputError, TargetError

# The change-set types live in editplan.core.changeset; they are named here too so that
# callers of apply_set find what it returns beside it.
__all__ = [
    "DEFAULT_STATUSES",
    "AppliedAmendment",
    "ApplyResult",
    "ChangeSet",
    "ElementChange",
    "Renumbering",
    "Selection",
    "Skipped",
    "apply_set",
    "statuses",
]

DEFAULT_STATUSES: frozenset[str] = frozenset({"proposed", "agreed"})


@dataclass(frozen=True)
class Selection:
    """Which amendments to apply: ids to keep or leave out, statuses to keep."""

    only: frozenset[str] | None = None
    exclude: frozenset[str] = frozenset()
    statuses: frozenset[str] = DEFAULT_STATUSES
    done: tuple[tuple[str, str], ...] = ()  # (amendment id, where it was applied) from history

    def check(self, aset: AmendmentSet) -> None:
        """Refuse ids the set does not have, naming those it has."""
        known = [a.id for a in aset.amendments]
        for name, ids in (("--only", self.only or ()), ("--exclude", self.exclude)):
            unknown = sorted(set(ids) - set(known))
            if unknown:
                raise InputError(
                    f"{name}: no amendment {', '.join(unknown)} in set {aset.id}; "
                    f"it has {', '.join(known)}"
                )

    def reason_to_skip(self, amendment: Amendment) -> str | None:
        """Why the amendment is left out, or None if it is applied."""
        for done_id, where in self.done:
            if amendment.id == done_id:
                return f"already applied in {where}"
        if self.only is not None and amendment.id not in self.only:
            return "not in --only"
        if amendment.id in self.exclude:
            return "in --exclude"
        if amendment.status not in self.statuses:
            return f"status {amendment.status}"
        return None


@dataclass
class _Edit:
    """A span edit in one element's current text.

    ``start`` and ``end`` are the words the amendment names (the phrase, or the point of an
    insertion); a deletion also closes the gap it leaves, which is done when the edits of an
    element are composed, so that two deletions of neighbouring words do not overlap.
    """

    start: int
    end: int
    replacement: str
    amendment: str
    what: str
    delete: bool = False
    seq: int = 0


@dataclass
class _Claims:
    """What amendments do to one element, for conflict checks."""

    wording: str | None = None
    removal: str | None = None
    position: str | None = None
    edits: list[_Edit] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)

    def users(self) -> list[str]:
        names = [self.wording, self.removal, self.position, *(e.amendment for e in self.edits)]
        return [n for n in names if n is not None] + self.anchors


def apply_set(
    aset: AmendmentSet,
    plan: Plan,
    *,
    base: Plan | None = None,
    selection: Selection | None = None,
) -> ApplyResult:
    """Apply ``aset`` to ``plan`` and return the revised plan with its change set.

    ``base`` is the plan version the set was written against when it is not ``plan`` itself
    (a set written in parallel with another, applied on top of it); targets are resolved
    against ``base``, and every element they touch must still read as the set expects.
    """
    selection = selection or Selection()
    selection.check(aset)
    if base is None:
        _check_base(aset, plan)
        base = plan
    return _Application(aset, base, plan, selection).run()


def _check_base(aset: AmendmentSet, plan: Plan) -> None:
    if plan.version == aset.base:
        return
    if plan.version == aset.result_version:
        raise ConflictError(
            f"the base no longer matches: set {aset.id} was written against "
            f"{aset.base!r}, and the plan is already at {plan.version!r}, the version this set "
            "produces; the set has already been applied"
        )
    raise ConflictError(
        f"the base no longer matches: set {aset.id} was written against {aset.base!r}, "
        f"but the plan is at {plan.version!r}"
    )


class _Application:
    """One run of the applier; holds the working state so the steps stay small."""

    def __init__(self, aset: AmendmentSet, base: Plan, plan: Plan, selection: Selection) -> None:
        self.aset = aset
        self.base = base
        self.plan = plan.model_copy(deep=True)
        self.selection = selection
        self.base_index = base.index()
        self.base_places = self.base_index.places
        self.start_places = plan.locate()
        working = self.plan.index()
        # Where each item is now; kept up to date by every structural change (a full
        # re-index per amendment would make a large set quadratic). Only .unit, .kind and
        # .item are used: the .index of a place is not kept current.
        self.places: dict[str, Place] = dict(working.places)
        self.units: dict[str, Unit] = working.units
        self.claims: dict[str, _Claims] = {}
        self.targets: dict[str, list[Target]] = {}
        self.skipped: list[Skipped] = []
        self.chosen: list[Amendment] = []
        self.parts: dict[str, list[str]] = {}
        self.followers: dict[str, list[str]] = {}
        self.new_ids: set[str] = set()
        self.starts: dict[tuple[str, Kind], int] = {}

    # --- the three passes -------------------------------------------------------------

    def run(self) -> ApplyResult:
        for amendment in self.aset.amendments:
            reason = self.selection.reason_to_skip(amendment)
            if reason is None:
                self.chosen.append(amendment)
            else:
                self.skipped.append(Skipped(amendment.id, reason))
        if not self.chosen:
            # applying nothing would still give the plan the set's version, so that the set
            # could never be applied: refuse instead
            counts = Counter(s.reason for s in self.skipped)
            raise InputError(
                f"the selection leaves out every amendment of set {self.aset.id} ("
                + ", ".join(f"{n} {reason}" for reason, n in counts.items())
                + "); nothing to apply"
            )
        for amendment in self.chosen:
            self.targets[amendment.id] = self._resolve(amendment)
        for amendment in self.chosen:
            self._claim(amendment)
        texts = self._compose_texts()
        applied, pending = self._apply(texts)
        return ApplyResult(self.plan, self._change_set(applied, pending))

    def _resolve(self, amendment: Amendment) -> list[Target]:
        targets: list[Target] = []
        for i, ref in enumerate(amendment.target_refs):
            where = "target" if amendment.target is not None else f"targets.{i}"
            try:
                found = resolve(self.base, ref, self.base_index)
            except TargetError as exc:
                raise ApplyError(
                    f"amendment {amendment.id}: {exc.message}", amendment=amendment.id, field=where
                ) from None
            for target in found:
                self._check_target_kind(amendment, target, where)
                if target.element_id is not None and target.element_id not in self.places:
                    raise ConflictError(
                        f"amendment {amendment.id}: {target.label} (id {target.element_id}) "
                        "was removed after the set's base version",
                        amendment=amendment.id,
                        field=where,
                        element_id=target.element_id,
                    )
            targets.extend(found)
        return targets

    def _check_target_kind(self, amendment: Amendment, target: Target, where: str) -> None:
        wants_unit = isinstance(amendment, Add)
        if isinstance(amendment, Instruction) and amendment.text is None:
            return
        if wants_unit and not target.is_unit:
            raise ApplyError(
                f"amendment {amendment.id}: an add targets a goal or block, and "
                f"{target.label} is a {KIND_NOUN[target.kind or 'key_area']}; target "
                f"'{target.label.split(',')[0]}' with position before or after and a sibling",
                amendment=amendment.id,
                field=where,
            )
        if not wants_unit and target.is_unit:
            raise ApplyError(
                f"amendment {amendment.id}: {_article(amendment.op)} {amendment.op} targets a "
                "key area or an activity, "
                f"and {target.label} is a whole goal; add ', key area (N)' or ', activity (N)'",
                amendment=amendment.id,
                field=where,
            )

    def _claim(self, amendment: Amendment) -> None:
        """Record what the amendment touches, refusing what overlaps an earlier amendment."""
        ids = [t.element_id for t in self.targets[amendment.id] if t.element_id]
        if isinstance(amendment, Split | Move) and len(self.targets[amendment.id]) != 1:
            raise ApplyError(
                f"amendment {amendment.id}: a {amendment.op} takes exactly one target",
                amendment=amendment.id,
                field="targets",
            )
        if isinstance(amendment, Rephrase | Split) or (
            isinstance(amendment, Instruction) and amendment.text is not None
        ):
            for element_id in ids:
                self._claim_wording(amendment.id, element_id)
        elif isinstance(amendment, Join):
            self._check_siblings(amendment)
            self._claim_wording(amendment.id, ids[0])
            for element_id in ids[1:]:
                self._claim_removal(amendment.id, element_id)
        elif isinstance(amendment, Remove):
            for element_id in ids:
                self._claim_removal(amendment.id, element_id)
        elif isinstance(amendment, Replace | Delete | Insert):
            for element_id in ids:
                for edit in self._find_edits(amendment, element_id):
                    self._claim_edit(element_id, edit)
        elif isinstance(amendment, Move):
            self._claim_position(amendment.id, ids[0])
        if isinstance(amendment, Add | Move) and amendment.sibling is not None:
            sibling = self._sibling(amendment)
            claims = self.claims.setdefault(sibling, _Claims())
            if claims.removal is not None:
                self._conflict(amendment.id, claims.removal, sibling, "positions itself next to")
            claims.anchors.append(amendment.id)

    def _compose_texts(self) -> dict[str, str]:
        """New wording of every element whose text span edits change, in the current plan."""
        texts: dict[str, str] = {}
        for element_id, claims in self.claims.items():
            if not claims.edits:
                continue
            text = _compose(self.places[element_id].item.text, claims.edits)
            try:
                check_line(text)
            except ValueError as exc:
                users = list(dict.fromkeys(e.amendment for e in claims.edits))
                who = f"amendment{'s' if len(users) > 1 else ''} {' and '.join(users)}"
                label = self.base_places[element_id].label
                raise ApplyError(
                    f"{who}: the edits would leave {label} (id {element_id}) reading {text!r}, "
                    f"which {exc}",
                    amendment=users[0],
                    element_id=element_id,
                ) from None
            texts[element_id] = text
        return texts

    def _apply(
        self, texts: dict[str, str]
    ) -> tuple[list[tuple[AppliedAmendment, list[Touch]]], list[AppliedAmendment]]:
        applied: list[tuple[AppliedAmendment, list[Touch]]] = []
        pending: list[AppliedAmendment] = []
        done_text: set[str] = set()
        for amendment in self.chosen:
            targets = self.targets[amendment.id]
            record = AppliedAmendment(
                id=amendment.id,
                op=amendment.op,
                targets=tuple(t.label for t in targets),
                target_ids=tuple(t.element_id or t.unit_id for t in targets),
                target_units=tuple(t.unit_id for t in targets if t.is_unit),
                quote=amendment.quote,
                note=amendment.note,
                drafted_by=(
                    (amendment.drafted_by or "Secretariat")
                    if isinstance(amendment, Instruction) and amendment.text is not None
                    else None
                ),
            )
            if isinstance(amendment, Instruction) and amendment.text is None:
                pending.append(record)
                continue
            changes = self._do(amendment, targets, texts, done_text)
            applied.append((record, changes))
        return applied, pending

    # --- operations -------------------------------------------------------------------

    def _do(
        self, amendment: Amendment, targets: list[Target], texts: dict[str, str], done: set[str]
    ) -> list[Touch]:
        ids = [t.element_id for t in targets if t.element_id]
        out: list[Touch] = []
        if isinstance(amendment, Rephrase | Instruction):
            assert amendment.text is not None
            for element_id in ids:
                out.append(self._set_text(element_id, amendment.text))
        elif isinstance(amendment, Replace | Delete | Insert):
            for element_id in ids:
                # all span edits of an element were composed together; the first
                # amendment that touches it carries the text change
                if element_id not in done:
                    done.add(element_id)
                    out.append(self._set_text(element_id, texts[element_id]))
                else:
                    out.append(Touch(element_id, "text"))
        elif isinstance(amendment, Split):
            out.extend(self._split(amendment, ids[0]))
        elif isinstance(amendment, Add):
            out.extend(self._add(amendment, targets))
        elif isinstance(amendment, Remove):
            for element_id in ids:
                out.append(self._remove(element_id))
        elif isinstance(amendment, Join):
            out.append(self._set_text(ids[0], amendment.text))
            for element_id in ids[1:]:
                out.append(self._remove(element_id))
        elif isinstance(amendment, Move):
            out.append(self._move(amendment, ids[0]))
        return out

    def _set_text(self, element_id: str, text: str) -> Touch:
        self.places[element_id].item.text = text
        return Touch(element_id, "text")

    def _split(self, amendment: Split, element_id: str) -> list[Touch]:
        place = self.places[element_id]
        place.item.text = amendment.into[0]
        out = [Touch(element_id, "text")]
        ids = amendment.ids or [
            self._derive_id(amendment.id, str(k)) for k in range(2, len(amendment.into) + 1)
        ]
        items = self._list(place.unit, place.kind)
        at = items.index(place.item) + 1
        for new_id, text in zip(ids, amendment.into[1:], strict=True):
            self._new_item(new_id, amendment.id, "ids")
            items.insert(at, Item(id=new_id, text=text))
            at += 1
            self.parts.setdefault(element_id, []).append(new_id)
            self._put(items[at - 1], place.unit, place.kind)
            out.append(Touch(new_id, "added", split_from=element_id))
        return out

    def _add(self, amendment: Add, targets: list[Target]) -> list[Touch]:
        position = amendment.position or self.aset.default_position
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
        out: list[Touch] = []
        for n, target in enumerate(targets):
            if amendment.new_ids is not None:
                new_id = amendment.new_ids[n]
            elif len(targets) == 1:
                new_id = self._derive_id(amendment.id)
            else:
                new_id = self._derive_id(amendment.id, target.unit_id)
            self._new_item(new_id, amendment.id, "new_ids")
            unit = self.units[target.unit_id]
            item = Item(id=new_id, text=amendment.text)
            self._place(unit, amendment.kind, item, position, amendment)
            self._put(item, unit, amendment.kind)
            out.append(Touch(new_id, "added"))
        return out

    def _remove(self, element_id: str) -> Touch:
        place = self.places[element_id]
        self._list(place.unit, place.kind).remove(place.item)
        del self.places[element_id]
        return Touch(element_id, "removed")

    def _move(self, amendment: Move, element_id: str) -> Touch:
        place = self.places[element_id]
        self._list(place.unit, place.kind).remove(place.item)
        if amendment.to is not None:
            try:
                target = resolve(self.base, amendment.to, self.base_index)
            except TargetError as exc:
                raise ApplyError(
                    f"amendment {amendment.id}: {exc.message}", amendment=amendment.id, field="to"
                ) from None
            if len(target) != 1 or not target[0].is_unit:
                raise ApplyError(
                    f"amendment {amendment.id}: 'to' names one goal or block",
                    amendment=amendment.id,
                    field="to",
                )
            unit = self.units.get(target[0].unit_id)
        elif amendment.sibling is not None:
            unit = self.places[self._sibling(amendment)].unit
        else:
            unit = place.unit
        assert unit is not None
        self._place(unit, place.kind, place.item, amendment.position, amendment)
        self._put(place.item, unit, place.kind)
        return Touch(element_id, "moved")

    def _place(
        self, unit: Unit, kind: Kind, item: Item, position: str, amendment: Add | Move
    ) -> None:
        items = self._list(unit, kind)
        key = (unit_key(unit), kind)
        if position == "end":
            items.append(item)
        elif position == "start":
            # several items put at the start in one set keep their file order
            at = self.starts.get(key, 0)
            items.insert(at, item)
            self.starts[key] = at + 1
        else:
            sibling_id = self._sibling(amendment)
            sibling = self.places[sibling_id]
            if sibling.kind != kind or unit_key(sibling.unit) != unit_key(unit):
                raise ApplyError(
                    f"amendment {amendment.id}: sibling {sibling.label} is not a "
                    f"{KIND_NOUN[kind]} of {unit.label}",
                    amendment=amendment.id,
                    field="sibling",
                )
            ids = [i.id for i in items]
            at = ids.index(sibling_id)
            if position == "after":
                at += 1
                # "after" an element that was split means after all of its parts, and after
                # what earlier amendments already put after it (so that they keep file order)
                follow = [*self.parts.get(sibling_id, []), *self.followers.get(sibling_id, [])]
                while at < len(ids) and ids[at] in follow:
                    at += 1
                self.followers.setdefault(sibling_id, []).append(item.id)
            items.insert(at, item)

    # --- helpers ----------------------------------------------------------------------

    def _find_edits(self, amendment: Replace | Delete | Insert, element_id: str) -> list[_Edit]:
        text = self.places[element_id].item.text
        label = self.base_places[element_id].label
        if isinstance(amendment, Insert) and amendment.position in ("start", "end"):
            return [_insertion(text, amendment, 0 if amendment.position == "start" else len(text))]
        needle = amendment.anchor if isinstance(amendment, Insert) else amendment.phrase
        assert needle is not None
        spans = phrases.find(text, needle)
        spans = self._choose(amendment, element_id, label, text, needle, spans)
        edits: list[_Edit] = []
        for start, end in spans:
            if isinstance(amendment, Replace):
                edits.append(_Edit(start, end, amendment.by, amendment.id, f"replace {needle!r}"))
            elif isinstance(amendment, Delete):
                edits.append(_Edit(start, end, "", amendment.id, f"delete {needle!r}", delete=True))
            else:
                edits.append(
                    _insertion(text, amendment, start if amendment.position == "before" else end)
                )
        return edits

    def _choose(
        self,
        amendment: Replace | Delete | Insert,
        element_id: str,
        label: str,
        text: str,
        needle: str,
        spans: list[tuple[int, int]],
    ) -> list[tuple[int, int]]:
        field_name = "anchor" if isinstance(amendment, Insert) else "phrase"
        occurrence = amendment.occurrence
        where = f"{label} (id {element_id}), which reads: {text!r}"
        if not spans and self._stale(element_id):
            raise ConflictError(
                f"amendment {amendment.id}: {label} (id {element_id}) has changed since the "
                f"set's base version and {needle!r} no longer occurs in it: the set read "
                f"{self.base_places[element_id].item.text!r}, the plan now reads {text!r}",
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

    def _claim_wording(self, amendment_id: str, element_id: str) -> None:
        claims = self.claims.setdefault(element_id, _Claims())
        for other in (claims.wording, claims.removal):
            if other is not None:
                self._conflict(amendment_id, other, element_id, "rewrites")
        if claims.edits:
            self._conflict(amendment_id, claims.edits[0].amendment, element_id, "rewrites")
        self._check_fresh(amendment_id, element_id)
        claims.wording = amendment_id

    def _claim_removal(self, amendment_id: str, element_id: str) -> None:
        claims = self.claims.setdefault(element_id, _Claims())
        for other in claims.users():
            self._conflict(amendment_id, other, element_id, "removes")
        self._check_fresh(amendment_id, element_id)
        claims.removal = amendment_id

    def _claim_position(self, amendment_id: str, element_id: str) -> None:
        claims = self.claims.setdefault(element_id, _Claims())
        for other in (claims.removal, claims.position):
            if other is not None:
                self._conflict(amendment_id, other, element_id, "moves")
        claims.position = amendment_id

    def _claim_edit(self, element_id: str, edit: _Edit) -> None:
        claims = self.claims.setdefault(element_id, _Claims())
        for other in (claims.wording, claims.removal):
            if other is not None:
                self._conflict(edit.amendment, other, element_id, "edits")
        for prior in claims.edits:
            if prior.amendment != edit.amendment and _overlap(prior, edit):
                self._conflict(
                    edit.amendment,
                    prior.amendment,
                    element_id,
                    f"edits the same words ({edit.what} overlaps {prior.what}) as",
                )
        edit.seq = len(claims.edits)
        claims.edits.append(edit)

    def _conflict(self, amendment_id: str, other: str, element_id: str, verb: str) -> None:
        label = self.base_places[element_id].label if element_id in self.base_places else element_id
        raise ConflictError(
            f"amendments {other} and {amendment_id} conflict: {amendment_id} {verb} "
            f"{label} (id {element_id}), which {other} already changes; they do not compose. "
            "Merge them into one amendment, or leave one out with --exclude",
            amendment=amendment_id,
            field="target",
            element_id=element_id,
        )

    def _check_fresh(self, amendment_id: str, element_id: str) -> None:
        if self._stale(element_id):
            place = self.base_places[element_id]
            raise ConflictError(
                f"amendment {amendment_id}: {place.label} (id {element_id}) has changed since "
                f"the set's base version: the set read {place.item.text!r}, the plan now reads "
                f"{self.places[element_id].item.text!r}",
                amendment=amendment_id,
                field="target",
                element_id=element_id,
            )

    def _stale(self, element_id: str) -> bool:
        base = self.base_places.get(element_id)
        return base is None or base.item.text != self.places[element_id].item.text

    def _check_siblings(self, amendment: Join) -> None:
        targets = self.targets[amendment.id]
        first = targets[0]
        for target in targets[1:]:
            if (target.unit_id, target.kind) != (first.unit_id, first.kind):
                raise ApplyError(
                    f"amendment {amendment.id}: a join takes elements of one kind in one goal or "
                    f"block; {target.label} and {first.label} are not siblings",
                    amendment=amendment.id,
                    field="targets",
                )

    def _sibling(self, amendment: Add | Move) -> str:
        assert amendment.sibling is not None
        try:
            target = resolve(self.base, amendment.sibling, self.base_index)
        except TargetError as exc:
            raise ApplyError(
                f"amendment {amendment.id}: sibling: {exc.message}",
                amendment=amendment.id,
                field="sibling",
            ) from None
        if len(target) != 1 or target[0].element_id is None:
            raise ApplyError(
                f"amendment {amendment.id}: a sibling is one key area or activity",
                amendment=amendment.id,
                field="sibling",
            )
        return target[0].element_id

    def _derive_id(self, amendment_id: str, suffix: str | None = None) -> str:
        slug = re.sub(r"[^A-Za-z0-9]+", "", amendment_id).lower() or "x"
        parts = [self.aset.id, slug] + ([suffix] if suffix else [])
        return ".".join(parts)

    def _new_item(self, new_id: str, amendment_id: str, field_name: str) -> None:
        taken = new_id in self.new_ids or new_id in self.places
        taken = taken or new_id in self.units
        if taken:
            raise ApplyError(
                f"amendment {amendment_id}: the new id {new_id!r} is already used in the plan",
                amendment=amendment_id,
                field=field_name,
            )
        self.new_ids.add(new_id)

    def _list(self, unit: Unit, kind: Kind) -> list[Item]:
        return unit.items(kind)

    def _put(self, item: Item, unit: Unit, kind: Kind) -> None:
        self.places[item.id] = Place(unit, kind, -1, item)

    # --- the change set ---------------------------------------------------------------

    def _change_set(
        self, applied: list[tuple[AppliedAmendment, list[Touch]]], pending: list[AppliedAmendment]
    ) -> ChangeSet:
        self.plan.version = self.aset.result_version
        final = self.plan.locate()
        start = self.start_places
        resolved = [
            dataclasses.replace(
                record,
                changes=tuple(
                    element_change(t, start.get(t.element_id), final.get(t.element_id))
                    for t in touches
                ),
            )
            for record, touches in applied
        ]
        return ChangeSet(
            set_id=self.aset.id,
            title=self.aset.title,
            author=self.aset.author,
            date=self.aset.date.isoformat(),
            source=self.aset.source.cite(),
            base_version=self.aset.base,
            result_version=self.aset.result_version,
            applied=tuple(resolved),
            pending=tuple(pending),
            skipped=tuple(self.skipped),
            renumbered=tuple(renumbering(start, final)),
        )


def _insertion(text: str, amendment: Insert, at: int) -> _Edit:
    words = amendment.text
    if at == 0:
        replacement = words + ("" if not text or text[0] in " ,;:.)" else " ")
    elif at == len(text) or amendment.position == "after":
        replacement = ("" if words[0] in ",;:.)" else " ") + words
    else:
        replacement = words + " "
    return _Edit(at, at, replacement, amendment.id, f"insert {words!r}")


def _compose(text: str, edits: list[_Edit]) -> str:
    """Apply span edits given in offsets of ``text``, left to right; insertions at one point
    keep their file order. Each deletion then closes its gap: it takes one adjacent space with
    it, so that no double space (or space before punctuation, or at an edge) is left."""
    out = ""
    seams: list[int] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end, e.seq)):
        out += text[pos : edit.start] + edit.replacement
        if edit.delete:
            seams.append(len(out))
        pos = max(pos, edit.end)
    out += text[pos:]
    for at in reversed(seams):
        out = _close_gap(out, at)
    return out


def _close_gap(text: str, at: int) -> str:
    """Remove one space at the point ``at`` where words were deleted, if one is left over."""
    before = text[at - 1] if at > 0 else ""
    after = text[at] if at < len(text) else ""
    if before == " " and (after in ("", " ") or after in ",;:.)"):
        return text[: at - 1] + text[at:]
    if at == 0 and after == " ":
        return text[1:]
    return text


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _overlap(a: _Edit, b: _Edit) -> bool:
    if a.start == a.end and b.start == b.end:
        return False  # two insertions at one point compose, in file order
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def statuses(values: Iterable[str]) -> frozenset[str]:
    """Validate --status values against the schema's statuses."""
    allowed = Status.__args__  # type: ignore[attr-defined]
    out = frozenset(values)
    unknown = sorted(out - set(allowed))
    if unknown:
        raise InputError(f"--status: unknown status {', '.join(unknown)}; use {', '.join(allowed)}")
    return out
