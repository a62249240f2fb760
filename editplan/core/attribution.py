"""Who made each change of a tracked view, and the comment that says why.

An :class:`Attribution` ties the changes of some elements to one amendment: its author and date
(carried by the revisions), and its provenance comment (the amendment's id, the report, the
report's words, the note). :func:`attributions` builds them from a change set;
:func:`revision_owners` says which attribution owns the changes of each block of a
:mod:`~editplan.core.layout`, and :func:`comment_anchors` where each comment spans. Pure: any
renderer of the tracked view (Word, HTML) uses the same answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from editplan.core.changeset import AppliedAmendment, ChangeSet
from editplan.core.layout import Block, paragraphs_by_owner, tracked_layout
from editplan.core.model import KINDS, Plan, unit_key
from editplan.core.quotation import italics, quoted
from editplan.errors import InputError

__all__ = [
    "PENDING_LINE",
    "Attribution",
    "DateLike",
    "attributions",
    "check_attributions",
    "comment_anchors",
    "credited",
    "moment",
    "proposer",
    "revision_owners",
    "tracked_blocks",
]

DateLike = dt.date | str

PENDING_LINE = "Awaits drafting: the report gives no wording."


@dataclass(frozen=True)
class Attribution:
    """Who made the changes to some elements, and the comment that explains them.

    ``key`` is the amendment id ("53(e)"); the revisions on ``element_ids`` carry ``author`` and
    ``date``, and ``comment`` (paragraphs separated by "\\n") is anchored over them. A
    ``pending`` attribution is an instruction awaiting wording: a comment and no revision.
    ``unit_ids`` anchors a comment on whole goals or blocks (their headings).
    """

    key: str
    author: str
    date: DateLike
    comment: str
    element_ids: tuple[str, ...]
    unit_ids: tuple[str, ...] = ()
    pending: bool = False


def attributions(changes: ChangeSet) -> list[Attribution]:
    """One attribution per applied amendment, then one per pending instruction, in set order."""
    return [_attribution(r, changes, pending=False) for r in changes.applied] + [
        _attribution(r, changes, pending=True) for r in changes.pending
    ]


def _attribution(record: AppliedAmendment, changes: ChangeSet, *, pending: bool) -> Attribution:
    """An amendment's comment goes on the elements it changed; one that changed none (a
    pending instruction) is anchored on its targets."""
    element_ids = tuple(dict.fromkeys(c.element_id for c in record.changes if c.kind != "goal"))
    # a goal's title shows in its goal's (or block's) heading, which the target names
    titled = any(c.kind == "goal" for c in record.changes)
    units = tuple(dict.fromkeys(record.target_units)) if titled else ()
    if not element_ids and not units:
        element_ids, units = _split_targets(record)
    return Attribution(
        key=record.id,
        author=credited(record, changes),
        date=record.date or changes.date,
        comment=comment_text(record, changes, pending=pending),
        element_ids=element_ids,
        unit_ids=units,
        pending=pending,
    )


def credited(record: AppliedAmendment, changes: ChangeSet) -> str:
    """Whose words an applied amendment's changes carry: the drafter's, when the wording was
    drafted or agreed by someone else (the meeting, the secretariat), else its proposer's."""
    return record.drafted_by or proposer(record, changes)


def proposer(record: AppliedAmendment, changes: ChangeSet) -> str:
    """Who proposed an amendment: its own author (a reviewer's collected change), else the
    set's."""
    return record.author or changes.author


def _split_targets(record: AppliedAmendment) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Separate an amendment's targets into items and whole goals or blocks."""
    units = set(record.target_units)
    elements = [t for t in record.target_ids if t not in units]
    return tuple(dict.fromkeys(elements)), tuple(dict.fromkeys(record.target_units))


def comment_text(record: AppliedAmendment, changes: ChangeSet, *, pending: bool) -> str:
    """The provenance comment: id and source, the report's words, the note, who drafted.

    Lines are separated by "\\n"; ``*text*`` marks the report's italics.
    """
    lines = [f"{record.id} — {changes.source}"]
    if record.quote:
        lines.append(quoted(italics(record.quote)))
    if record.note:
        lines.append(f"Note: {record.note}")
    if record.drafted_by:
        lines.append(
            f"Wording by {record.drafted_by}, for the proposal of {proposer(record, changes)}"
        )
    if pending:
        lines.append(PENDING_LINE)
    return "\n".join(lines)


def check_attributions(base: Plan, revised: Plan, attributions: Sequence[Attribution]) -> None:
    """Refuse (:class:`InputError`) an attribution that anchors nothing, has no author or a bad
    date, or names an element or goal that neither plan holds."""
    elements = _item_ids(base) | _item_ids(revised)
    units = {unit_key(u) for plan in (base, revised) for _, u in plan.units()}
    for att in attributions:
        _check_attribution(att, elements, units, base, revised)


def _item_ids(plan: Plan) -> set[str]:
    """The ids of every key area and activity of ``plan``."""
    return {item.id for _, unit in plan.units() for kind in KINDS for item in unit.items(kind)}


def _check_attribution(
    att: Attribution, elements: set[str], units: set[str], base: Plan, revised: Plan
) -> None:
    """Refuse an attribution that anchors nothing, or names what neither plan holds."""
    if not att.author:
        raise InputError(f"attribution {att.key}: the author is empty")
    if not att.element_ids and not att.unit_ids:
        raise InputError(f"attribution {att.key}: it names no element and no goal to anchor to")
    moment(att.date)
    for element_id in att.element_ids:
        if element_id not in elements:
            raise InputError(
                f"attribution {att.key}: element {element_id!r} is neither in the base plan "
                f"({base.version}) nor in the revised plan ({revised.version})"
            )
    for unit_id in att.unit_ids:
        if unit_id not in units:
            raise InputError(
                f"attribution {att.key}: goal or block {unit_id!r} is neither in the base plan "
                f"({base.version}) nor in the revised plan ({revised.version})"
            )


def tracked_blocks(
    base: Plan,
    revised: Plan,
    attributions: Sequence[Attribution],
    blocks: list[Block] | None = None,
) -> list[Block]:
    """What a renderer of the tracked view draws: the layout of ``base`` to ``revised`` (or
    ``blocks``, that layout when the caller has it already), once the attributions are
    checked against both plans (:func:`check_attributions`)."""
    check_attributions(base, revised, attributions)
    return tracked_layout(base, revised) if blocks is None else blocks


def revision_owners(attributions: Sequence[Attribution]) -> dict[str, Attribution]:
    """The attribution that owns the changes of each owner key (:attr:`Block.owner`).

    The first attribution that names an element or goal owns it; pending ones own nothing (they
    are comments without revisions). A block whose owner is missing here belongs to the
    document's default author.
    """
    owners: dict[str, Attribution] = {}
    for att in attributions:
        if att.pending:
            continue
        for owner in (*att.element_ids, *att.unit_ids):
            owners.setdefault(owner, att)
    return owners


def comment_anchors(
    blocks: Sequence[Block], attributions: Sequence[Attribution]
) -> list[tuple[int, int]]:
    """Per attribution, in order, the first and last block (0-based positions in ``blocks``)
    its comment spans: from the first to the last block owned by what it names.

    Assumes the attributions were checked (:func:`check_attributions`) against the plans
    ``blocks`` was laid out from, so that each names something shown.
    """
    owners = paragraphs_by_owner(blocks)
    spans = []
    for att in attributions:
        spots = [i for owner in (*att.element_ids, *att.unit_ids) for i in owners[owner]]
        spans.append((min(spots), max(spots)))
    return spans


@lru_cache(maxsize=1024)  # a set's thousands of revisions and comments share a few dates
def moment(value: DateLike) -> str:
    """A date, ISO string or datetime as ``YYYY-MM-DDTHH:MM:SSZ`` (UTC, to seconds), the form
    WordprocessingML wants; a bare date is midnight. Raises :class:`InputError` for a string
    that is not an ISO date."""
    if isinstance(value, str):
        try:
            if "T" in value:
                value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            else:
                value = dt.date.fromisoformat(value)
        except ValueError:
            raise InputError(f"date {value!r} is not an ISO date such as 2020-04-23") from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.strftime("%Y-%m-%dT00:00:00Z")
