"""The patch-file schema: an amendment set and its amendments, one operation each.

The vocabulary follows Akoma Ntoso's modification types (substitution, repeal, insertion,
split, join, renumbering); see DESIGN.md, "Operations". A patch file is data only: targets are
strings here and are resolved against the set's base plan by the applier.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from editplan.core.model import ElementId, Kind, Line, Prose, check_xml_text
from editplan.errors import ConsistencyError

Status = Literal["proposed", "agreed", "rejected", "withdrawn", "fallen"]
# "fallen": not put to the meeting, since a proposal that cannot apply with it was agreed
# (what parliaments say of an amendment that falls); its decision names that proposal
Position = Literal["start", "end", "before", "after"]
Occurrence = Annotated[int, Field(ge=1)] | Literal["all"]

_SET_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _check_set_id(value: str) -> str:
    if not _SET_ID.match(value):
        raise ValueError(
            f"{value!r} is not a valid set id: lower-case letters, digits, '.', '-' and '_'"
        )
    return value


def _check_phrase(value: str) -> str:
    check_xml_text(value)
    if not value.strip():
        raise ValueError("is empty; give the exact words")
    return value


def _paragraph_number(value: object) -> object:
    """A paragraph written 53 is the number 53: YAML files hold text, the number is meant."""
    if isinstance(value, str) and value.isdigit() and not value.startswith("0"):
        return int(value)
    return value


Phrase = Annotated[str, AfterValidator(_check_phrase)]
SetId = Annotated[str, AfterValidator(_check_set_id)]


class _Model(BaseModel):
    # Built when first used, not when defined: a command pays only for the models it uses.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Source(_Model):
    """Where a set comes from: a document symbol and a paragraph."""

    document: Line
    paragraph: Annotated[str | int | None, BeforeValidator(_paragraph_number)] = None
    title: Line | None = None

    def cite(self) -> str:
        """ "CBD/CP/LG/2020/1/4, paragraph 53"."""
        if self.paragraph is None:
            return self.document
        return f"{self.document}, paragraph {self.paragraph}"


class Decision(_Model):
    """What a meeting decided about an amendment, beyond its status.

    ``text`` is wording agreed "as orally amended": it replaces the proposed wording and is
    recorded as ``by``'s (the meeting's), not the proposer's. ``fell_to`` names the proposal
    whose agreement made this one fall.
    """

    note: Prose | None = None
    text: Line | None = None
    by: Line | None = None
    fell_to: Line | None = Field(
        default=None,
        description="For a proposal that fell: the proposal agreed that it cannot apply with "
        "('set amendment', as 'lg14 53(a)').",
    )


class _Amendment(_Model):
    """Fields every amendment has: id, target(s), the report's words, note, status, decision."""

    id: Line
    target: Line | None = None
    targets: list[Line] | None = None
    quote: Prose | None = None
    note: Prose | None = None
    status: Status = "proposed"
    decision: Decision | None = None
    # Who proposed this amendment and when, where it differs from the set's author and date
    # (a reviewed document collected into one set holds several reviewers' changes).
    author: Line | None = None
    date: dt.datetime | dt.date | None = None
    # False for a change found in a reviewed document with no revision marks around it.
    tracked: bool | None = None

    @model_validator(mode="after")
    def _one_target_field(self) -> _Amendment:
        if self.target is None and self.targets is None:
            raise ValueError("no target: give 'target' (one reference) or 'targets' (a list)")
        if self.target is not None and self.targets is not None:
            raise ValueError("give either 'target' (one reference) or 'targets' (a list), not both")
        if self.targets is not None and not self.targets:
            raise ValueError("'targets' is empty; name at least one")
        return self

    @property
    def target_refs(self) -> list[str]:
        """The target references as written, always a list."""
        return [self.target] if self.target is not None else list(self.targets or [])


class Rephrase(_Amendment):
    """Replace the whole wording of an element."""

    op: Literal["rephrase"]
    text: Line


class Replace(_Amendment):
    """Replace a phrase inside an element (occurrence: which one, or all)."""

    op: Literal["replace"]
    phrase: Phrase
    by: Phrase
    occurrence: Occurrence | None = None


class Delete(_Amendment):
    """Remove a phrase (only that phrase, plus one adjacent space) from an element."""

    op: Literal["delete"]
    phrase: Phrase
    occurrence: Occurrence | None = None


class Insert(_Amendment):
    """Insert words before or after an anchor phrase, or at the start or end of an element."""

    op: Literal["insert"]
    text: Phrase
    position: Position
    anchor: Phrase | None = None
    occurrence: Annotated[int, Field(ge=1)] | None = None

    @model_validator(mode="after")
    def _anchor_fits_position(self) -> Insert:
        if self.position in ("before", "after") and self.anchor is None:
            raise ValueError(f"position {self.position!r} needs an 'anchor' phrase")
        if self.position in ("start", "end") and self.anchor is not None:
            raise ValueError(f"position {self.position!r} takes no 'anchor'")
        return self


class Split(_Amendment):
    """One element becomes two or more, with the given wordings; the first keeps the id."""

    op: Literal["split"]
    into: list[Line] = Field(min_length=2)
    ids: list[ElementId] | None = None

    @model_validator(mode="after")
    def _ids_fit(self) -> Split:
        if self.ids is not None and len(self.ids) != len(self.into) - 1:
            raise ValueError(
                f"'ids' names the new parts after the first: {len(self.into) - 1} expected, "
                f"{len(self.ids)} given"
            )
        return self


class Add(_Amendment):
    """Add a key area or activity to each target goal or block, at a stated position."""

    op: Literal["add"]
    kind: Kind
    text: Line
    position: Position | None = None
    sibling: Line | None = None
    new_ids: list[ElementId] | None = None

    @model_validator(mode="after")
    def _sibling_fits_position(self) -> Add:
        _check_sibling(self.position, self.sibling)
        return self


class Remove(_Amendment):
    """Remove whole elements."""

    op: Literal["remove"]


class Join(_Amendment):
    """Several sibling elements become one, with the given wording; the first keeps its id."""

    op: Literal["join"]
    text: Line

    @model_validator(mode="after")
    def _several(self) -> Join:
        if len(self.target_refs) < 2:
            raise ValueError("a join needs at least two 'targets'")
        return self


class Move(_Amendment):
    """Move an element (it keeps its id) to a position, optionally in another goal or block."""

    op: Literal["move"]
    position: Position
    sibling: Line | None = None
    to: Line | None = None

    @model_validator(mode="after")
    def _sibling_fits_position(self) -> Move:
        _check_sibling(self.position, self.sibling)
        if self.sibling is not None and self.to is not None:
            raise ValueError("give 'sibling' or 'to', not both: a sibling already names its goal")
        return self


class Instruction(_Amendment):
    """An instruction with no wording: recorded and shown, applied only with drafted wording."""

    op: Literal["instruction"]
    text: Line | None = None
    drafted_by: Line | None = None
    reason: Prose | None = Field(
        default=None,
        description="Why the amendment is an instruction: what a reader (such as editplan "
        "extract) could not read as an operation.",
    )
    candidate: dict[str, Any] | None = Field(
        default=None,
        description="The operation a reader came close to reading (op and its fields, and "
        "target or targets where they differ): a person looks, then accepts it as the "
        "amendment (editplan accept-candidate).",
    )

    @model_validator(mode="after")
    def _drafter_with_text(self) -> Instruction:
        if self.drafted_by is not None and self.text is None:
            raise ValueError("'drafted_by' names who drafted 'text'; there is no text")
        if self.candidate is not None:
            accepted(self)
        return self


_KEPT = ("id", "target", "targets", "quote", "status", "decision", "author", "date", "tracked")


def accepted(instruction: Instruction) -> Amendment:
    """The amendment an instruction's candidate becomes once a person accepts it: the
    candidate's operation, with the instruction's id, targets, quote, status and provenance.

    Raises ValueError when there is no candidate or it is not a valid operation.
    """
    candidate = instruction.candidate
    if not candidate:
        raise ValueError("the instruction has no candidate")
    if candidate.get("op") in (None, "instruction"):
        raise ValueError("a candidate is an operation: give its 'op' (replace, delete, ...)")
    data: dict[str, Any] = {k: getattr(instruction, k) for k in _KEPT}
    if "target" in candidate or "targets" in candidate:
        data.pop("target")
        data.pop("targets")
    data.update(candidate)
    data = {k: v for k, v in data.items() if v is not None}
    try:
        return _one().validate_python(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "candidate"
        raise ValueError(
            f"the candidate is not a valid operation ({where}: {first['msg']})"
        ) from None


Amendment = Annotated[
    Rephrase | Replace | Delete | Insert | Split | Add | Remove | Join | Move | Instruction,
    Field(discriminator="op"),
]


@lru_cache(maxsize=1)
def _one() -> TypeAdapter[Amendment]:
    """The validator of one amendment, built when a candidate is first accepted: built at
    import, it cost every command the schemas of all ten operations."""
    return TypeAdapter(Amendment)


OPERATIONS = (
    "rephrase", "replace", "delete", "insert", "split", "add", "remove", "join", "move",
    "instruction",
)  # fmt: skip


class AmendmentSet(_Model):
    """A body's input as a patch file: header and amendments."""

    id: SetId
    title: Line
    source: Source
    author: Line
    date: dt.date
    plan: Line
    base: Line
    version: Line | None = None
    default_position: Literal["start", "end"] | None = None
    amendments: list[Amendment] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> AmendmentSet:
        seen: dict[str, int] = {}
        problems: list[ConsistencyError] = []
        for i, amendment in enumerate(self.amendments):
            if amendment.id in seen:
                problems.append(
                    ConsistencyError(
                        f"duplicate amendment id {amendment.id!r}: each amendment needs its own",
                        ("amendments", i, "id"),
                        ("amendments", seen[amendment.id], "id"),
                    )
                )
                continue
            seen[amendment.id] = i
        if problems:
            raise problems[0].with_others(list(problems[1:]))
        return self

    @property
    def result_version(self) -> str:
        """The plan's version label after this set: declared, or derived from base and id."""
        return self.version or f"{self.base} + {self.id}"

    def index_of(self, amendment_id: str) -> int:
        """Position of an amendment in the file."""
        for i, amendment in enumerate(self.amendments):
            if amendment.id == amendment_id:
                return i
        raise KeyError(amendment_id)


def _check_sibling(position: str | None, sibling: str | None) -> None:
    if position in ("before", "after") and sibling is None:
        raise ValueError(f"position {position!r} needs a 'sibling' reference")
    if position in ("start", "end", None) and sibling is not None:
        raise ValueError(f"'sibling' goes with position 'before' or 'after', not {position!r}")
