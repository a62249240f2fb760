"""Apply an amendment set to a plan: pure, exact, all or nothing.

Every target is resolved against the base first (a reference means what it meant in the
version the body read: DESIGN decision 2). Every phrase is then found, every conflict checked,
and only then is anything applied, in file order, to a copy of the plan. Numbering is never
applied: it follows from positions in the result.

The package: :mod:`.selection` (which amendments), :mod:`.spans` (edits of words),
:mod:`.claims` (conflicts), :mod:`.operations` (one handler per operation, in a table),
:mod:`.working` (the plan being changed) and :mod:`.application` (one run). What an
application returns is in :mod:`editplan.core.changeset`.
"""

from __future__ import annotations

from editplan.core.applier.application import Application
from editplan.core.applier.selection import DEFAULT_STATUSES, Selection, statuses
from editplan.core.changeset import (
    AppliedAmendment,
    ApplyResult,
    ChangeSet,
    ElementChange,
    Renumbering,
    Skipped,
)
from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet
from editplan.errors import ApplyError, ConflictError

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
    "problems",
    "statuses",
]


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
    return Application(aset, base, plan, selection).run()


def problems(
    aset: AmendmentSet,
    plan: Plan,
    *,
    base: Plan | None = None,
    selection: Selection | None = None,
) -> list[ApplyError]:
    """Every amendment of ``aset`` that cannot be resolved against the base or that overlaps
    an earlier one, in file order (see :func:`apply_set` for ``base``); nothing is applied.

    :func:`apply_set` stops at the first problem; this goes on, so that a reader can be told
    every one at once. A set that does not fit the plan at all (its base) is one problem.
    """
    selection = selection or Selection()
    selection.check(aset)
    if base is None:
        try:
            _check_base(aset, plan)
        except ApplyError as exc:
            return [exc]
        base = plan
    return Application(aset, base, plan, selection).problems()


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
