"""A round's register: the running numbers of its proposals and its voting orders (pure).

A review round numbers its proposals as parliaments number tabled amendments: each proposal
(one amendment of one set) gets the next number when it is first compiled, keeps it when the
compilation is made again, and a number is never given to another proposal, even when its
amendment is withdrawn or deleted. The secretariat may also set, per element, the order in
which the meeting takes its proposals (the chair's order, instead of the one that departs
furthest from the text first). The register is a file of its own (``rounds/NAME.yaml``),
written by ``compile`` and read by every command that shows or takes a number.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from editplan.core.model import Line
from editplan.core.patch import SetId
from editplan.errors import ConsistencyError

Number = Annotated[int, Field(ge=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Numbered(_Model):
    """One proposal's number: the set and the amendment it names."""

    number: Number
    set: SetId
    amendment: Line

    @property
    def key(self) -> str:
        return f"{self.set} {self.amendment}"


class VotingOrder(_Model):
    """The order in which the meeting takes the proposals on one element (by number)."""

    element: Line = Field(description="The element, as reports write it or by id (#a1.ka2).")
    order: list[Number] = Field(min_length=1)


class Register(_Model):
    """The numbers of a round's proposals, the sets they come from, and its voting orders."""

    plan: Line = Field(description="The plan file the round's sets amend, relative to this file.")
    sets: dict[SetId, Line] = Field(
        default_factory=dict, description="Each set's patch file, relative to this file."
    )
    proposals: list[Numbered] = Field(default_factory=list)
    voting: list[VotingOrder] = Field(default_factory=list)

    @model_validator(mode="after")
    def _each_once(self) -> Register:
        numbers: dict[int, int] = {}
        keys: dict[str, int] = {}
        for i, entry in enumerate(self.proposals):
            if entry.number in numbers:
                raise ConsistencyError(
                    f"number {entry.number} is given twice; a number names one proposal",
                    ("proposals", i, "number"),
                    ("proposals", numbers[entry.number], "number"),
                )
            if entry.key in keys:
                raise ConsistencyError(
                    f"{entry.key} is numbered twice; a proposal has one number",
                    ("proposals", i, "amendment"),
                    ("proposals", keys[entry.key], "amendment"),
                )
            numbers[entry.number] = i
            keys[entry.key] = i
        named: dict[int, tuple[str | int, ...]] = {}
        for i, voting in enumerate(self.voting):
            for j, number in enumerate(voting.order):
                if number in named:
                    raise ConsistencyError(
                        f"no. {number} is named twice in the voting orders; the meeting "
                        "takes a proposal once",
                        ("voting", i, "order", j),
                        ("voting", *named[number]),
                    )
                if number not in numbers:
                    raise ConsistencyError(
                        f"no. {number} is not a proposal of this round (its numbers are "
                        f"{_ranges(sorted(numbers))})",
                        ("voting", i, "order", j),
                    )
                named[number] = (i, "order", j)
        return self

    def numbers(self) -> dict[str, int]:
        """Each numbered proposal ("set amendment") -> its number."""
        return {entry.key: entry.number for entry in self.proposals}

    def by_number(self) -> dict[int, Numbered]:
        return {entry.number: entry for entry in self.proposals}

    def numbered(self, keys: Iterable[tuple[str, str]]) -> Register:
        """The register with the next numbers given to the proposals (set id, amendment id)
        it does not number yet, in the order given; the numbers it has stay."""
        have = self.numbers()
        last = max((e.number for e in self.proposals), default=0)
        added = list(self.proposals)
        for set_id, amendment_id in keys:
            if f"{set_id} {amendment_id}" in have:
                continue
            last += 1
            have[f"{set_id} {amendment_id}"] = last
            added.append(Numbered(number=last, set=set_id, amendment=amendment_id))
        return self.model_copy(update={"proposals": added})


def ranges(numbers: Iterable[int]) -> str:
    """Numbers as ranges: "1-4, 7, 9-10"."""
    return _ranges(sorted(set(numbers)))


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if n is not None and prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(out) or "none"
