"""The published shapes of ``--format json``: one pydantic model per command's report, whose
JSON Schema ``editplan schema <kind>`` prints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Element(_Shape):
    """One element an amendment touched, with its wording and number before and after."""

    id: str = Field(description="the element's id (for a goal's title, the goal's id)")
    kind: str = Field(description="key_area, activity, or goal (the goal's title)")
    action: str = Field(description="text, added, removed, moved")
    before: str | None
    after: str | None
    old_label: str | None
    new_label: str | None
    split_from: str | None = None


class Amendment(_Shape):
    """An applied or pending amendment: its id, operation, targets, what it changed, and
    whose it is."""

    id: str
    op: str
    targets: list[str]
    elements: list[Element] = Field(default_factory=list)
    author: str | None = Field(
        None, description="who proposed it, where not the set's author (a reviewer's change)"
    )
    drafted_by: str | None = Field(
        None,
        description="whose words it applies, where not its proposer's (drafted wording, or "
        "wording the meeting agreed)",
    )


class Skipped(_Shape):
    id: str
    reason: str


class Renumbered(_Shape):
    id: str
    old_label: str
    new_label: str


class ApplyReport(_Shape):
    """``editplan apply --format json``: the same report as the text, for one set."""

    format: Literal["editplan.apply/1"] = "editplan.apply/1"
    dry_run: bool
    set: str
    title: str
    author: str
    date: str
    source: str
    base_version: str
    result_version: str
    applied: list[Amendment]
    pending: list[Amendment]
    skipped: list[Skipped]
    renumbered: list[Renumbered]
    written: list[str] = Field(description="files written, as the user would name them")
    commit: str | None = Field(description="the new commit's full sha, if one was made")
    tag: str | None = None
    rebased_from: str | None = Field(
        None, description="the commit of the set's base when it was applied on top of later ones"
    )


class Problem(_Shape):
    """One problem found in a file, at its place."""

    error: str = Field(description="the message, with file:line:col, as the text output says it")
    line: int | None = None
    column: int | None = None


class Checked(_Shape):
    """One file ``validate`` checked: ok, or the problem at its place."""

    path: str
    ok: bool
    kind: str | None = Field(None, description="plan or amendments")
    summary: str | None = None
    error: str | None = Field(
        None, description="the first problem's message, as the text output says it"
    )
    line: int | None = None
    column: int | None = None
    exit_code: int = 0
    errors: list[Problem] = Field(
        default_factory=list, description="every problem found in the file, the first included"
    )
    notes: list[str] = Field(
        default_factory=list,
        description="information that is no problem, such as the amendments of a set that "
        "the plan's history shows applied, and in which version",
    )


class ValidateReport(_Shape):
    """``editplan validate --format json``: every file, ok or not."""

    format: Literal["editplan.validate/1"] = "editplan.validate/1"
    ok: bool
    files: list[Checked]


class Version(_Shape):
    commit: str
    date: str
    subject: str
    set: str | None
    amendments: list[str]
    pending: list[str]


class Event(_Shape):
    """One change to the element ``log TARGET`` follows, in one version."""

    commit: str
    date: str
    set: str | None
    amendment: str | None
    element: str
    action: str
    before: str | None
    after: str | None
    old_label: str | None
    new_label: str | None
    split_from: str | None = None
    split_into: list[str] = Field(default_factory=list)
    split_from_label: str | None = Field(
        None, description="the display number of the element split from, before the version"
    )
    split_into_labels: list[str] = Field(
        default_factory=list,
        description="the display numbers of the parts split off, as the version numbers them",
    )


class LogReport(_Shape):
    """``editplan log --format json``: the versions, newest first; with a target, its events."""

    format: Literal["editplan.log/1"] = "editplan.log/1"
    target: str | None
    versions: list[Version] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


class Origin(_Shape):
    """An amendment that made a change, from its commit's Editplan-* trailers."""

    set: str | None
    amendment: str
    commit: str = Field(description="the commit that applied it (short sha)")
    author: str = Field(description="the body or person whose words the change carries")
    also: list[str] = Field(
        default_factory=list,
        description="the same change proposed by other sets, applied once: 'set:amendment'",
    )


class Difference(_Shape):
    element: str
    action: str = Field(description="added, removed, changed, renumbered, moved")
    old_label: str | None
    new_label: str | None
    before: str | None
    after: str | None
    made_by: list[Origin] = Field(
        default_factory=list,
        description="the amendments that changed the element between the versions, oldest "
        "first; empty for a renumbering, and for an edit made outside editplan",
    )


class DiffReport(_Shape):
    """``editplan diff --format json``: how each element differs between two versions."""

    format: Literal["editplan.diff/1"] = "editplan.diff/1"
    old_version: str
    new_version: str
    elements: list[Difference]


class Decision(_Shape):
    """What the meeting decided about the amendment, as its patch file said in that version."""

    status: str | None = Field(description="proposed, agreed, rejected, withdrawn")
    note: str | None = None
    agreed_text: str | None = Field(None, description="wording agreed 'as orally amended'")
    by: str | None = Field(None, description="who agreed that wording (the meeting)")


class Source(_Shape):
    """What put words in an element: a version and, for a set's, the amendment."""

    kind: Literal["base", "amendment", "edit", "uncommitted"] = Field(
        description="base: the first version's text; amendment: an amendment of a set; "
        "edit: a version made outside editplan (or a change its trailers do not name); "
        "uncommitted: the work tree"
    )
    commit: str | None = Field(description="the commit of the version (full sha)")
    date: str | None = Field(description="the commit's date (ISO 8601)")
    version: str | None = Field(description="the plan's version label in that commit")
    set: str | None
    amendment: str | None
    author: str | None = Field(description="the body or person whose words they are")
    proposed_by: str | None = Field(None, description="the proposer, if another drafted them")
    source: str | None = Field(None, description="the set's document and paragraph")
    proposed_on: str | None = Field(None, description="the date of the proposal (the set's)")
    quote: str | None = Field(None, description="the report's words for the amendment")
    decision: Decision | None = None
    also: list[str] = Field(default_factory=list, description="the same change of other sets")
    committer: str | None = Field(None, description="git's author of the commit")
    subject: str | None = Field(None, description="the commit's subject")


class Run(_Shape):
    """Consecutive characters of the wording from one source: text[start:end]."""

    text: str
    start: int
    end: int
    source: int = Field(description="the position of its source in the element's sources")


class BlamedElement(_Shape):
    """One element's wording, every character of it in exactly one run."""

    id: str
    label: str | None = Field(description="its display number (when removed: its last one)")
    text: str
    runs: list[Run]
    sources: list[Source]
    removed: Source | None = Field(None, description="what removed it (its last wording shown)")


class BlameReport(_Shape):
    """``editplan blame --format json``: who wrote every word of each element the target
    names."""

    format: Literal["editplan.blame/1"] = "editplan.blame/1"
    target: str
    elements: list[BlamedElement]


SHAPES: dict[str, type[_Shape]] = {
    "apply-report": ApplyReport,
    "validate-report": ValidateReport,
    "log-report": LogReport,
    "diff-report": DiffReport,
    "blame-report": BlameReport,
}
