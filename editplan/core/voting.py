"""A round's voting list (pure): the order in which a meeting takes the proposals, and what
falls with each.

As parliaments do (the European Parliament's Rules of Procedure on the order of voting, the
marshalled lists of Westminster): the elements in the order of the text; on each element, the
proposals that cannot all apply in the order that departs furthest from the text first
(deletion, then replacement, then insertion; within each, the one that changes more words
first), unless the secretariat sets another order in the round's register; identical
proposals taken together; each proposal's collisions shown as "falls if N is agreed" (if one
is agreed, those it collides with fall); withdrawn proposals listed at the end by number only;
proposals already applied in an earlier version left out. Each proposal is taken once, at the
first element it touches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from editplan.core.compilation import Compilation, Entry, Row, title_key
from editplan.core.model import Plan
from editplan.core.reference import parse, resolve
from editplan.core.register import VotingOrder
from editplan.core.round import Proposal, Spot
from editplan.core.textdiff import diff_words
from editplan.errors import ConsistencyError, EditplanError

__all__ = ["Ballot", "Vote", "VotingList", "departure", "falls_text", "voting_list"]

# How far an operation departs from the text: deletion, then replacement, then insertion; an
# instruction that gives no wording has nothing to put to the vote and comes last.
RANK = {
    "remove": 0, "delete": 0,
    "rephrase": 1, "replace": 1, "split": 1, "join": 1, "move": 1, "instruction": 1,
    "insert": 2, "add": 2,
}  # fmt: skip
NO_WORDING = 3


@dataclass(frozen=True)
class Vote:
    """One proposal (identical proposals together) as the meeting takes it.

    ``falls_if`` are the proposals whose agreement makes it fall (they cannot both apply).
    """

    entry: Entry
    falls_if: tuple[Proposal, ...]

    @property
    def sources(self) -> tuple[Proposal, ...]:
        return self.entry.sources


@dataclass(frozen=True)
class Ballot:
    """One element and its proposals in the order they are taken; ``ordered`` says who set
    the order: "text" (departing furthest first) or "secretariat"."""

    row: Row
    votes: tuple[Vote, ...]
    ordered: str = "text"


@dataclass(frozen=True)
class VotingList:
    """The voting list of a round: per goal, its elements' ballots; then the withdrawn."""

    compilation: Compilation
    sections: tuple[tuple[str, tuple[Ballot, ...]], ...]
    withdrawn: tuple[Proposal, ...]


def voting_list(laid: Compilation, orders: Sequence[VotingOrder] = ()) -> VotingList:
    """The voting list of a laid-out round, with the secretariat's ``orders`` (from the
    register; :class:`ConsistencyError` at ``("voting", i, ...)`` for an order that names a
    proposal that is not on its element)."""
    placed: set[str] = set()
    withdrawn: list[Proposal] = []
    sections: list[tuple[str, tuple[Ballot, ...]]] = []
    ballots_at: dict[str, list[Ballot]] = {}
    for section in laid.sections:
        ballots = []
        for row in section.rows:
            ballot = _ballot(row, placed, withdrawn)
            if ballot is not None:
                ballots.append(ballot)
                key = title_key(row.anchor) if row.title else row.anchor
                ballots_at.setdefault(key, []).append(ballot)
        if ballots:
            sections.append((section.heading, tuple(ballots)))
    if laid.elsewhere:
        row = Row("", "Proposals on elements no longer in the plan", None, laid.elsewhere)
        ballot = _ballot(row, placed, withdrawn)
        if ballot is not None:
            sections.append((row.label, (ballot,)))
    result = VotingList(laid, tuple(sections), tuple(sorted(withdrawn, key=_number)))
    return _ordered(result, ballots_at, orders) if orders else result


def _ballot(row: Row, placed: set[str], withdrawn: list[Proposal]) -> Ballot | None:
    votes: list[Vote] = []
    for entry in row.entries:
        if entry.first.key in placed:
            continue
        placed.update(s.key for s in entry.sources)
        if all(s.amendment.status == "withdrawn" for s in entry.sources):
            withdrawn.extend(entry.sources)
            continue
        if all(s.status == "applied" for s in entry.sources):
            continue  # decided and applied in an earlier version: not before this meeting
        votes.append(Vote(entry, _falls_if(entry)))
    if not votes:
        return None
    votes.sort(key=_priority)
    return Ballot(row, tuple(votes))


def _falls_if(entry: Entry) -> tuple[Proposal, ...]:
    live = ("proposed", "agreed", "applied")
    others = {entry.other(c).key: entry.other(c) for c in entry.collides}
    return tuple(sorted((p for p in others.values() if p.status in live), key=_number))


def _priority(vote: Vote) -> tuple[int, int, int, int]:
    first = vote.entry.first
    amendment = first.amendment
    rank = RANK.get(amendment.op, 1)
    if amendment.op == "instruction" and getattr(amendment, "text", None) is None:
        rank = NO_WORDING
    return (rank, -departure(vote.entry.spots), *_number(first))


def _number(p: Proposal) -> tuple[int, int]:
    return (p.number if p.number is not None else 10**9, p.order)


def departure(spots: Sequence[Spot]) -> int:
    """How many words a proposal changes: deleted and inserted words together."""
    total = 0
    for spot in spots:
        if spot.before is not None and spot.after is not None:
            total += sum(
                len(text.split())
                for op, text in diff_words(spot.before, spot.after)
                if op != "equal"
            )
        elif spot.after is not None:
            total += len(spot.after.split())
        elif spot.before is not None and spot.what == "removed":
            total += len(spot.before.split())
    return total


def _ordered(
    result: VotingList, ballots_at: dict[str, list[Ballot]], orders: Sequence[VotingOrder]
) -> VotingList:
    """The list with the secretariat's orders: on each named element, the numbers it gives
    first and in that order, then the others as the text orders them."""
    plan = result.compilation.round.plan
    wanted: dict[int, list[int]] = {}  # id(ballot) -> the numbers in the secretariat's order
    for i, order in enumerate(orders):
        ballots = [b for key in _keys(plan, order.element, i) for b in ballots_at.get(key, [])]
        numbers = {p.number: id(b) for b in ballots for v in b.votes for p in v.sources}
        for j, n in enumerate(order.order):
            if n not in numbers:
                shown = sorted(x for x in numbers if x is not None)
                raise ConsistencyError(
                    f"no. {n} is not a proposal on {order.element} (its proposals are "
                    + (", ".join(map(str, shown)) or "none")
                    + ")",
                    ("voting", i, "order", j),
                )
            wanted.setdefault(numbers[n], []).append(n)
    sections = []
    for heading, ballots in result.sections:
        out = []
        for ballot in ballots:
            given = wanted.get(id(ballot))
            if given is None:
                out.append(ballot)
                continue

            def rank(vote: Vote, given: list[int] = given) -> int:
                hits = [given.index(p.number) for p in vote.sources if p.number in given]
                return min(hits) if hits else len(given)

            votes = sorted(ballot.votes, key=rank)  # stable: the rest keep the text's order
            out.append(Ballot(ballot.row, tuple(votes), "secretariat"))
        sections.append((heading, tuple(out)))
    return VotingList(result.compilation, tuple(sections), result.withdrawn)


def _keys(plan: Plan, element: str, i: int) -> list[str]:
    """The anchors a voting order's element names: the element, or a goal's title and what
    is added to it."""
    try:
        targets = resolve(plan, element)
        goals = parse(element).goals
    except EditplanError as exc:
        raise ConsistencyError(exc.message, ("voting", i, "element")) from None
    keys: list[str] = []
    for t in targets:
        if t.element_id is not None:
            keys.append(t.element_id)
        else:
            keys.append(t.unit_id)
            keys += [title_key(g) for g in (goals or (t.unit_id,))]
    return keys


def falls_text(vote: Vote) -> str:
    """ "Falls if no. 3 or no. 7 is agreed" (or "" when nothing can make it fall)."""
    if not vote.falls_if:
        return ""
    names = [f"no. {p.number}" if p.number is not None else p.key for p in vote.falls_if]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" or {names[-1]}"
    return f"Falls if {joined} is agreed"
