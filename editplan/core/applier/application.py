"""One run of the applier: resolve every target, claim, compose, apply, explain."""

from __future__ import annotations

import datetime as dt
import re

from editplan.core.applier.claims import ClaimBook
from editplan.core.applier.operations import HANDLERS
from editplan.core.applier.selection import Selection
from editplan.core.applier.spans import compose
from editplan.core.applier.working import WorkingPlan, title_places, wordings
from editplan.core.changeset import (
    AppliedAmendment,
    ApplyResult,
    ChangeSet,
    ElementChange,
    Skipped,
    Touch,
    element_change,
    renumbering,
    title_change,
)
from editplan.core.model import Place, Plan, Unit, check_line
from editplan.core.patch import Add, Amendment, AmendmentSet, Move
from editplan.core.reference import Target, resolve
from editplan.errors import ApplyError, ConflictError, TargetError


class Application:
    """The state of one application, so that the passes and the handlers stay small.

    Targets are resolved against ``base`` (the version the set was written against); the
    changes are made to a copy of ``plan`` (the version it is applied to).
    """

    def __init__(self, aset: AmendmentSet, base: Plan, plan: Plan, selection: Selection) -> None:
        self.aset = aset
        self.base = base
        self.base_index = base.index()
        self.base_places = wordings(self.base_index.places, title_places(base))
        self.start = plan
        self.start_places = self.base_index.places if plan is base else plan.locate()
        self.selection = selection
        self.work = WorkingPlan(plan)
        self.claims = ClaimBook(self.base_places, self.work.wordings)
        self.targets: dict[str, list[Target]] = {}
        self.texts: dict[str, str] = {}  # composed wording of each element with span edits

    def run(self) -> ApplyResult:
        """Resolve and claim everything first, then apply in file order: all or nothing."""
        chosen, skipped = self.selection.choose(self.aset)
        for amendment in chosen:
            self.targets[amendment.id] = self._resolve(amendment)
        for amendment in chosen:
            self._claim(amendment)
        self._compose_texts()
        touched = {
            amendment.id: HANDLERS[amendment.op].apply(self, amendment, self.targets[amendment.id])
            for amendment in chosen
            if not HANDLERS[amendment.op].pending(amendment)
        }
        plan = self.work.plan
        plan.version = self.aset.result_version
        return ApplyResult(plan, self._change_set(chosen, touched, skipped, plan.locate()))

    def problems(self) -> list[ApplyError]:
        """Every amendment whose targets cannot be resolved, or that overlaps an earlier one,
        each once and in file order: a check that goes on past the first problem (the
        application itself stops there). Empty when every amendment resolves and claims."""
        chosen, _ = self.selection.choose(self.aset)
        found: list[ApplyError] = []
        resolved: list[Amendment] = []
        for amendment in chosen:
            try:
                self.targets[amendment.id] = self._resolve(amendment)
            except ApplyError as exc:
                found.append(exc)
            else:
                resolved.append(amendment)
        for amendment in resolved:
            try:
                self._claim(amendment)
            except ApplyError as exc:
                found.append(exc)
        return found

    def _resolve(self, amendment: Amendment) -> list[Target]:
        targets: list[Target] = []
        for i, ref in enumerate(amendment.target_refs):
            where = "target" if amendment.target is not None else f"targets.{i}"
            found = self._lookup(amendment, ref, where)
            for target in found:
                HANDLERS[amendment.op].check_target(amendment, target, where)
                if target.element_id is not None and target.element_id not in self.work.places:
                    raise ConflictError(
                        f"amendment {amendment.id}: {target.label} (id {target.element_id}) "
                        "was removed after the set's base version",
                        amendment=amendment.id,
                        field=where,
                        element_id=target.element_id,
                    )
            targets.extend(found)
        return targets

    def _claim(self, amendment: Amendment) -> None:
        """Record what the amendment touches, refusing what overlaps an earlier amendment."""
        handler = HANDLERS[amendment.op]
        targets = self.targets[amendment.id]
        if handler.single_target and len(targets) != 1:
            raise ApplyError(
                f"amendment {amendment.id}: a {amendment.op} takes exactly one target",
                amendment=amendment.id,
                field="targets",
            )
        handler.claim(self, amendment, handler.keys(self, amendment, targets))
        if handler.sibling(amendment) is not None:
            self.claims.anchor(amendment.id, self.sibling(amendment))

    def _compose_texts(self) -> None:
        """The new wording of every element that span edits change, checked as one line."""
        for element_id, edits in self.claims.edited():
            text = compose(self.work.wordings[element_id].item.text, edits)
            try:
                check_line(text)
            except ValueError as exc:
                users = list(dict.fromkeys(e.amendment for e in edits))
                who = f"amendment{'s' if len(users) > 1 else ''} {' and '.join(users)}"
                label = self.base_places[element_id].label
                raise ApplyError(
                    f"{who}: the edits would leave {label} (id {element_id}) reading {text!r}, "
                    f"which {exc}",
                    amendment=users[0],
                    element_id=element_id,
                ) from None
            self.texts[element_id] = text

    # --- what the handlers ask ------------------------------------------------------------

    def sibling(self, amendment: Add | Move) -> str:
        """The id of the element the amendment's ``sibling`` names (in the base)."""
        assert amendment.sibling is not None
        target = self._lookup(amendment, amendment.sibling, "sibling", "sibling: ")
        if len(target) != 1 or target[0].element_id is None:
            raise ApplyError(
                f"amendment {amendment.id}: a sibling is one key area or activity",
                amendment=amendment.id,
                field="sibling",
            )
        return target[0].element_id

    def unit_named(self, amendment: Amendment, ref: str, field_name: str) -> Unit:
        """The goal or block a reference names (in the base), as it is in the working plan."""
        target = self._lookup(amendment, ref, field_name)
        if len(target) != 1 or not target[0].is_unit:
            raise ApplyError(
                f"amendment {amendment.id}: '{field_name}' names one goal or block",
                amendment=amendment.id,
                field=field_name,
            )
        unit = self.work.units.get(target[0].unit_id)
        assert unit is not None
        return unit

    def _lookup(
        self, amendment: Amendment, ref: str, field_name: str, what: str = ""
    ) -> list[Target]:
        """What a reference in the amendment's ``field_name`` names in the base."""
        try:
            return resolve(self.base, ref, self.base_index)
        except TargetError as exc:
            raise ApplyError(
                f"amendment {amendment.id}: {what}{exc.message}",
                amendment=amendment.id,
                field=field_name,
            ) from None

    def derive_id(self, amendment_id: str, suffix: str | None = None) -> str:
        """A new element's id from the set's and the amendment's: ``lg14.53e.2``."""
        slug = re.sub(r"[^A-Za-z0-9]+", "", amendment_id).lower() or "x"
        return ".".join([self.aset.id, slug] + ([suffix] if suffix else []))

    # --- the change set -------------------------------------------------------------------

    def _record(
        self, amendment: Amendment, changes: tuple[ElementChange, ...]
    ) -> AppliedAmendment:
        targets = self.targets[amendment.id]
        return AppliedAmendment(
            id=amendment.id,
            op=amendment.op,
            targets=tuple(t.label for t in targets),
            target_ids=tuple(t.element_id or t.unit_id for t in targets),
            target_units=tuple(t.unit_id for t in targets if t.is_unit),
            quote=amendment.quote,
            note=amendment.note,
            drafted_by=HANDLERS[amendment.op].drafted_by(amendment),
            changes=changes,
            author=amendment.author,
            date=None if amendment.date is None else _iso(amendment.date),
        )

    def _change_set(
        self,
        chosen: list[Amendment],
        touched: dict[str, list[Touch]],
        skipped: list[Skipped],
        end: dict[str, Place],
    ) -> ChangeSet:
        """What the set changed, each element with its wording and label before and after."""
        start = self.start_places
        titles = self.work.titles
        before = title_places(self.start) if any(
            t.element_id in titles for touches in touched.values() for t in touches
        ) else {}
        applied = [
            self._record(
                amendment,
                tuple(
                    title_change(t, before[t.element_id], titles[t.element_id])
                    if t.element_id in titles
                    else element_change(t, start.get(t.element_id), end.get(t.element_id))
                    for t in touched[amendment.id]
                ),
            )
            for amendment in chosen
            if amendment.id in touched
        ]
        pending = [self._record(a, ()) for a in chosen if a.id not in touched]
        return ChangeSet(
            set_id=self.aset.id,
            title=self.aset.title,
            author=self.aset.author,
            date=self.aset.date.isoformat(),
            source=self.aset.source.cite(),
            base_version=self.aset.base,
            result_version=self.aset.result_version,
            applied=tuple(applied),
            pending=tuple(pending),
            skipped=tuple(skipped),
            renumbered=tuple(renumbering(start, end)),
        )


def _iso(value: dt.date) -> str:
    """An amendment's date as text: a day, or a moment in UTC ("2026-11-30T11:50:17Z")."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()
