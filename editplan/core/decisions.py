"""What a meeting decides about an amendment's wording: text agreed "as orally amended",
which operations can take it, and in whose name the agreed wording is recorded."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from editplan.core.changeset import ChangeSet
from editplan.core.patch import (
    Add,
    Amendment,
    AmendmentSet,
    Delete,
    Insert,
    Instruction,
    Join,
    Rephrase,
    Replace,
)
from editplan.errors import InputError

DECIDED_BY = "the meeting"

_ONE_WORDING = (Rephrase, Replace, Delete, Insert, Instruction)


def agreed_form(amendment: Amendment) -> Amendment:
    """The amendment as decided: with wording agreed "as orally amended", that wording.

    A rephrase, phrase edit or instruction becomes a rephrase with the agreed text; an add or
    a join keeps its operation with the agreed text. Other operations take no agreed text
    (``check_agreed_text`` refuses it before it is recorded).
    """
    decision = amendment.decision
    if decision is None or decision.text is None:
        return amendment
    common = {
        "id": amendment.id,
        "target": amendment.target,
        "targets": amendment.targets,
        "quote": amendment.quote,
        "note": amendment.note,
        "status": amendment.status,
        "decision": amendment.decision,
    }
    if isinstance(amendment, _ONE_WORDING):
        return Rephrase(op="rephrase", text=decision.text, **common)
    if isinstance(amendment, Add | Join):
        return amendment.model_copy(update={"text": decision.text})
    return amendment


def check_agreed_text(amendment: Amendment) -> None:
    """Refuse agreed wording for an operation that has no single wording to replace."""
    one = isinstance(amendment, _ONE_WORDING) and len(amendment.target_refs) == 1
    if one or isinstance(amendment, Add | Join):
        return
    raise InputError(
        f"amendment {amendment.id}: a {amendment.op} "
        + ("of several targets " if isinstance(amendment, _ONE_WORDING) else "")
        + "has no single wording that agreed text could replace; record the agreed "
        "wording as an amendment of its own"
    )


def drafted_by(amendment: Amendment) -> str | None:
    """Who the applied wording is recorded as, when the meeting agreed its own wording."""
    decision = amendment.decision
    if decision is None or decision.text is None:
        return None
    return decision.by or DECIDED_BY


def as_decided(aset: AmendmentSet) -> AmendmentSet:
    """The set with each amendment in its agreed form (:func:`agreed_form`): what applying it
    applies, whether alone or with other sets."""
    if not any(a.decision is not None and a.decision.text is not None for a in aset.amendments):
        return aset
    return aset.model_copy(update={"amendments": [agreed_form(a) for a in aset.amendments]})


def attribute(changes: ChangeSet, amendments: Sequence[Amendment]) -> ChangeSet:
    """A change set whose wording agreed by the meeting is recorded as the meeting's (or as
    whoever the decision names), under the amendment's own operation."""
    by_id = {a.id: a for a in amendments}
    applied = []
    for record in changes.applied:
        amendment = by_id.get(record.id)
        who = drafted_by(amendment) if amendment is not None else None
        if amendment is not None and who is not None:
            record = dataclasses.replace(record, drafted_by=who, op=amendment.op)
        applied.append(record)
    return dataclasses.replace(changes, applied=tuple(applied))
