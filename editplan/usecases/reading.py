"""Use cases that read documents from outside: a report (extract) and a Word draft (import)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from editplan.errors import InputError, Location
from editplan.store.files import display
from editplan.usecases.plans import load_plan
from editplan.usecases.workspace import Workspace, plan_reference

if TYPE_CHECKING:
    from editplan.reports.extract import Extraction
    from editplan.usecases.publishing import AknImport
    from editplan.word.drafts.reader import ImportResult, Revisions


def extract(
    ws: Workspace,
    report: str | Path,
    *,
    paragraph: int | None = None,
    plan_path: str | Path | None = None,
    output: str | Path | None = None,
    options: Mapping[str, str] | None = None,
    force: bool = False,
    commit: bool = False,
    author: str | None = None,
    set_id: str | None = None,
) -> Extraction:
    """Turn the amending items of a report into a patch file.

    Every target and phrase is checked against the plan (``plan_path``, else the workspace's),
    whose current version is the set's base; the patch file names the plan relative to
    ``output`` (or to the workspace's amendments/ folder). Outside a workspace and with no plan
    named, nothing is checked and the file says so. With ``output``, the patch file is written
    there atomically (an existing file only with ``force``: see
    :mod:`editplan.usecases.outputs`). ``options`` spells the settings its comments name, as a
    front end names them (see :meth:`Extraction.to_yaml`). With ``commit``, the file written
    is committed in a git work tree, by ``author`` ("Name <email>"; by default git's
    identity), so that the set read is on the record. ``set_id`` names the set (by default,
    the id the report's title gives).
    """
    from editplan.reports import extract as reader
    from editplan.usecases import outputs, recording

    if output is not None:  # what an interrupted command left is put right before reading
        recording.prepare(ws, [ws.path(output)])
    target = None if output is None else outputs.output(ws, "extract", output, force=force)
    report_path = ws.path(report)
    chosen = ws.plan_path(plan_path) if plan_path is not None else ws.find_plan()
    plan = load_plan(chosen) if chosen is not None else None
    named = reader.UNKNOWN_PLAN_PATH
    if chosen is not None:
        named = plan_reference(ws, chosen, target.path if target is not None else None)
    result = reader.extract(
        reader.read_report(report_path),
        paragraph=paragraph,
        plan=plan,
        source_name=display(report_path),
        plan_path=named,
    )
    if set_id is not None:
        result.header["id"] = set_id
    text = result.to_yaml(options)
    if target is not None:
        message = _message(ws, result, target.path) if commit else None
        what = f"the extraction of {report_path.name} into {display(target.path)}"
        done = recording.record(
            ws, "extract", what, [(target.path, text)], message=message, author=author
        )
        result.unchanged = done.already is not None
    return result


def _message(ws: Workspace, result: Extraction, path: Path) -> str:
    """The commit message of an extracted set: which report, which paragraphs, the count."""
    from editplan.history import git as history

    set_id = str(result.header.get("id", path.stem))
    where = ", ".join(str(n) for n in result.paragraphs)
    paragraphs = f", paragraph{'s' if len(result.paragraphs) > 1 else ''} {where}" if where else ""
    lines = [f"Extract {set_id} from {Path(result.source_name).name}{paragraphs}", ""]
    lines += [result.summary() + ".", "", f"Editplan-Extracted: {set_id}"]
    repo = ws.repo_of(path)
    if repo is not None:
        lines.append(f"Editplan-Set-File: {history.relative(repo, path)}")
    return "\n".join(lines) + "\n"



def import_docx(
    ws: Workspace,
    draft: str | Path,
    output: str | Path,
    *,
    revisions: Revisions = "refuse",
    force: bool = False,
    strict: bool = False,
) -> ImportResult | AknImport:
    """Read a Word draft into a plan file, written atomically.

    Refuses to overwrite an existing file unless ``force`` (see
    :mod:`editplan.usecases.outputs`); with ``strict``, a paragraph that
    could not be placed, or that holds something not read as text, is an error and nothing is
    written. An XML file is read as Akoma Ntoso
    (see :func:`editplan.usecases.publishing.import_akn`).
    """
    from editplan.usecases import outputs, publishing, recording
    from editplan.word.drafts import reader as importer

    source = ws.path(draft)
    if publishing.is_xml(source):
        _refuse_other_markup(source)
        return publishing.import_akn(ws, draft, output, force=force)
    notes = recording.prepare(ws, [ws.path(output)])
    written = outputs.output(ws, "import", output, force=force)
    target = written.path
    result = importer.read_docx(
        source, revisions=revisions, plan_id=_plan_id(target), name=display(source)
    )
    if strict and result.unplaced:
        raise InputError(
            f"{len(result.unplaced)} paragraph(s) could not be placed "
            f"(first: {result.unplaced[0]}); nothing was written",
            Location(display(source)),
        )
    if strict and result.losses:
        raise InputError(
            f"{len(result.losses)} paragraph(s) hold something that is not read as text "
            f"(first: {result.losses[0]}); nothing was written",
            Location(display(source)),
        )
    text = result.to_yaml()
    what = f"the import of {source.name} into {display(target)}"
    done = recording.record(ws, "import", what, [(target, text)])
    result.notes[:0] = [*notes, *done.notes]
    result.unchanged = done.already is not None
    return result


def _refuse_other_markup(source: Path) -> None:
    """An XML or HTML file is read as Akoma Ntoso only when it is one (or is named .xml): a web
    page or a Word 2003 XML file named .docx is said to be what it is."""
    from editplan.ooxml.package import describe_markup

    with source.open("rb") as handle:
        head = handle.read(4096)
    if b"akomantoso" in head.lower() or source.suffix.lower() == ".xml":
        return
    raise InputError(
        f"is {describe_markup(head)}, not a Word document (.docx) nor an Akoma Ntoso file; "
        "open it in Word and save it as .docx (Word Document)",
        Location(display(source)),
    )


def _plan_id(path: Path) -> str:
    """A plan id from an output file name: 'plans/My Plan.yaml' -> 'my-plan'."""
    import re

    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-._").lower()
    return slug or "imported"
