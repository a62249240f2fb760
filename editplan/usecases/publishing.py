"""Use cases that publish a plan for readers outside Word, and read Akoma Ntoso back.

``export`` writes a plan or a patch file as Akoma Ntoso 3.0; ``import_akn`` reads such a
document back into a plan file or a patch file. Dates that a plan file does not hold (Akoma
Ntoso needs the date of the work and of its version) come from the plan's git history, or are
given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from editplan.core.applier import apply_set
from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet
from editplan.errors import InputError, Location, reading
from editplan.store import files
from editplan.store.files import PlanFile, SetFile, display
from editplan.usecases.workspace import Workspace

if TYPE_CHECKING:
    from editplan.publish.akn import Dates

FORMATS = ("akn",)


@dataclass(frozen=True)
class Exported:
    """What ``export`` made: the document's bytes, its kind, and where it was written."""

    data: bytes
    kind: str  # "plan" or "amendments"
    output: Path | None


def export(
    ws: Workspace,
    path: str | Path,
    *,
    fmt: str = "akn",
    output: str | Path | None = None,
    date: dt.date | None = None,
    force: bool = False,
    rev: str | None = None,
) -> Exported:
    """A plan file or a patch file as an Akoma Ntoso document, written atomically if asked.

    ``date`` is the plan's date (of the work and of this version); without it, the dates come
    from the plan file's git history (first and last commit). A patch file is applied to the
    plan version it names, to quote old and new wording; its plan must exist. ``output`` is
    an .xml file (see :mod:`editplan.usecases.outputs`, which also says when an existing file
    is replaced). With ``rev``, a plan file is exported as it was at that git revision (its
    version's date is that of the newest commit up to it).
    """
    from editplan.publish import akn, akn_amendment
    from editplan.usecases import outputs

    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    target = None if output is None else outputs.output(ws, "export", output, force=force)
    found = files.read_any(ws.path(path))
    if isinstance(found, PlanFile):
        plan = found.plan
        if rev is not None:
            from editplan.usecases.versions import plan_at

            plan = plan_at(ws, rev, plan=found.path)
        dates = plan_dates(ws, found.path, date, rev=rev)
        data, kind = akn.plan_document(plan, dates), "plan"
    else:
        if rev is not None:
            raise InputError(
                "is a patch file: a revision chooses a version of a plan file",
                Location(display(found.path)),
            )
        plan_file = files.read_set_plan(found)
        base = _base(ws, found, plan_file)
        changes = apply_set(found.aset, base).changes
        work_date = plan_dates(ws, plan_file.path, date).work
        data, kind = akn_amendment.set_document(found.aset, base, changes, work_date), "amendments"
    return Exported(data, kind, None if target is None else target.write(data))


def plan_dates(
    ws: Workspace, path: Path, date: dt.date | None = None, *, rev: str | None = None
) -> Dates:
    """The work date and version date of a plan file: given, or from its git history (up to
    ``rev``, when given)."""
    from editplan.history import git as history
    from editplan.publish.akn import Dates

    if date is not None:
        return Dates(date, date)
    repo = ws.repo_of(path)
    rel = None if repo is None else history.relative(repo, path)
    versions = [] if repo is None or rel is None else history.versions(repo, rel, rev or "HEAD")
    if not versions:
        raise InputError(
            "the plan file holds no date, and it has no commit in a git work tree to take "
            "one from; give the date of this version",
            Location(display(path)),
        )
    return Dates(
        dt.date.fromisoformat(versions[-1].date[:10]), dt.date.fromisoformat(versions[0].date[:10])
    )


def _base(ws: Workspace, set_file: SetFile, plan_file: PlanFile) -> Plan:
    """The plan version the set was written against: the plan file, or a version in git."""
    from editplan.history import git as history

    aset = set_file.aset
    if plan_file.plan.version == aset.base:
        return plan_file.plan
    repo = ws.repo_of(plan_file.path)
    found = None
    if repo is not None:
        found = history.find_version(repo, history.relative(repo, plan_file.path), aset.base)
    if found is None:
        raise InputError(
            f"set {aset.id} was written against version {aset.base!r}, and the plan file "
            f"{display(plan_file.path)} is at {plan_file.plan.version!r} with no such version "
            "in its history",
            files.yamlio.locate(set_file.doc, display(set_file.path), ("base",)),
        )
    return found[1]


@dataclass
class AknImport:
    """A plan or a patch file read back from Akoma Ntoso, and its file text."""

    plan: Plan | None
    aset: AmendmentSet | None
    source_file: str
    layout: str = "akoma ntoso"
    notes: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)  # XML holds all text: nothing goes unread
    unchanged: bool = False  # the file already held what was imported: nothing was written

    def to_yaml(self) -> str:
        """The plan file or patch file, with a header saying where it came from."""
        from editplan.store import yamlio
        from editplan.word.drafts.reader import plan_data

        if self.plan is not None:
            data = plan_data(self.plan)
        else:
            assert self.aset is not None
            data = self.aset.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
            data["date"] = self.aset.date.isoformat()
        header = (
            f"Imported by 'editplan import' from {self.source_file} (Akoma Ntoso); "
            "ids are the document's eIds."
        )
        return yamlio.emit(data, {(): header})


def is_xml(path: Path) -> bool:
    """Whether a file to import is XML (Akoma Ntoso) rather than a Word package (a zip)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def import_akn(
    ws: Workspace, source: str | Path, output: str | Path, *, force: bool = False
) -> AknImport:
    """Read an Akoma Ntoso document that editplan wrote into a plan file or a patch file."""
    from editplan.publish import akn_reader
    from editplan.usecases import outputs, recording

    path = ws.path(source)
    notes = recording.prepare(ws, [ws.path(output)])
    target = outputs.output(ws, "import", output, force=force)
    with reading(Location(display(path)), "an Akoma Ntoso file"), path.open("rb") as handle:
        data = handle.read(akn_reader.MAX_BYTES + 1)  # enough to refuse a file over the limit
    found = akn_reader.read(data, display(path))
    result = AknImport(
        found if isinstance(found, Plan) else None,
        found if isinstance(found, AmendmentSet) else None,
        display(path),
    )
    what = f"the import of {path.name} into {display(target.path)}"
    done = recording.record(ws, "import", what, [(target.path, result.to_yaml())])
    result.notes[:0] = [*notes, *done.notes]
    result.unchanged = done.already is not None
    return result
