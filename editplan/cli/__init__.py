"""The ``editplan`` command: a thin click layer over :mod:`editplan.api`.

This is the one place that prints errors and maps them to exit codes. Everything heavy is
imported inside the commands, so that ``editplan --help`` starts fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from editplan import __version__
from editplan.errors import EditplanError

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_PLAN = "plans/cb-action-plan.yaml"
PathType = click.Path(path_type=Path)


def reports_errors(func: F) -> F:
    """Turn an EditplanError into 'editplan: error: ...' on stderr and its exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except EditplanError as exc:
            click.echo(f"editplan: error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def plan_option(help_text: str) -> Callable[[F], F]:
    """The --plan option most commands share."""
    return click.option(
        "--plan",
        "plan_path",
        default=DEFAULT_PLAN,
        show_default=True,
        type=PathType,
        help=help_text,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="editplan")
def main() -> None:
    """Keep a negotiated action plan as data, apply amendments as patch files, write Word
    documents with native tracked changes, and record every version in git.

    Start with 'editplan init --example DIR', then 'editplan apply amendments/lg14.yaml'
    inside DIR.
    """


@main.command()
@click.argument("target", required=False)
@plan_option("Plan file to read.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "yaml", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--at", "rev", help="Show the plan as it was at this git revision (HEAD~1, a tag).")
@reports_errors
def show(target: str | None, plan_path: Path, fmt: str, rev: str | None) -> None:
    """Print the plan, or one goal, block, key area or activity, with display numbers.

    TARGET is written the way reports write it ("Goal A.5", "Goals A.6, 7 and 8, activity
    (v)"), in compact form ("A.5/ka/1", "A.2/act/ii") or by id ("#a5.ka2").
    """
    from editplan import api
    from editplan import views as report

    plan = api.plan_at(plan_path, rev)
    if fmt == "text":
        text = report.plan_text(plan) if target is None else report.target_text(plan, target)
        click.echo(text, nl=False)
        return
    data = report.plan_view(plan) if target is None else report.target_view(plan, target)
    click.echo(_dump(data, fmt), nl=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=PathType)
@reports_errors
def validate(files: tuple[Path, ...]) -> None:
    """Check plan files and patch files (a patch file also against its plan); change nothing."""
    from editplan import api

    for checked in api.validate(list(files)):
        click.echo(f"{checked.path}: ok ({checked.summary})")


@main.command()
@click.argument("folder", type=PathType)
@click.option("--example", is_flag=True, help="Include the LG-14 example plan and patch file.")
@reports_errors
def init(folder: Path, example: bool) -> None:
    """Make a plan workspace in FOLDER: a git repository with plans/, amendments/, schemas/ and
    an ignored out/ (FOLDER must be new or empty)."""
    from editplan import api

    api.init(folder, example=example)
    click.echo(f"Made workspace {folder}" + (" with the LG-14 example" if example else ""))
    if example:
        click.echo(f"Next: cd {folder} && editplan apply amendments/lg14.yaml")


@main.command()
@click.argument("set_path", metavar="SET", type=PathType)
@click.option("--only", help="Apply only these amendments (comma-separated, e.g. '53(a),53(e)').")
@click.option("--exclude", help="Leave out these amendments (comma-separated ids).")
@click.option(
    "--status",
    "statuses",
    help="Apply only amendments with these statuses (comma-separated; default: proposed,agreed).",
)
@click.option("--dry-run", is_flag=True, help="Change nothing; print what would be applied.")
@click.option(
    "--out", "out_dir", type=PathType, help="Write the revised plan into this folder instead."
)
@click.option("--no-commit", is_flag=True, help="In a git work tree, leave the change uncommitted.")
@click.option("--tag", help="Tag the new commit with this name.")
@click.option(
    "--docs-dir",
    type=PathType,
    help="Folder for the tracked and clean .docx (default: out/<set id>/ in the workspace).",
)
@click.option("--no-docs", is_flag=True, help="Write no .docx files.")
@reports_errors
def apply(
    set_path: Path,
    only: str | None,
    exclude: str | None,
    statuses: str | None,
    dry_run: bool,
    out_dir: Path | None,
    no_commit: bool,
    tag: str | None,
    docs_dir: Path | None,
    no_docs: bool,
) -> None:
    """Apply the patch file SET to its plan, all or nothing.

    Writes the revised plan, a tracked .docx (each amendment a native revision attributed to
    the set's author, with a comment citing the report) and a clean .docx. In a git work tree
    the revised plan (and SET, if untracked) is committed as one commit whose Editplan-*
    trailers say which amendments made it. A SET written against an earlier version in the
    history is applied on top where the elements it touches are unchanged.

    Exit codes: 0 applied, 2 bad input, 3 conflict or unresolvable amendment.
    """
    from editplan import api
    from editplan import views as report
    from editplan.core.applier import DEFAULT_STATUSES, Selection
    from editplan.core.applier import statuses as check_statuses

    selection = Selection(
        only=frozenset(_ids(only)) if only is not None else None,
        exclude=frozenset(_ids(exclude)),
        statuses=check_statuses(_ids(statuses)) if statuses else DEFAULT_STATUSES,
    )
    outcome = api.apply(
        set_path,
        selection=selection,
        dry_run=dry_run,
        out_dir=out_dir,
        commit=not no_commit,
        tag=tag,
        docs=not no_docs,
        docs_dir=docs_dir,
    )
    changes = outcome.result.changes
    click.echo(report.change_text(changes, dry_run=dry_run), nl=False)
    if outcome.rebased_from:
        click.echo(
            f"Resolved against {changes.base_version!r} ({outcome.rebased_from}) "
            "and applied on top of the current version"
        )
    for path in outcome.written:
        click.echo(f"Wrote {api.display(path)}")
    if outcome.commit:
        tagged = f", tagged {outcome.tag}" if outcome.tag else ""
        click.echo(f"Committed {outcome.commit[:7]}{tagged}")


@main.command()
@click.argument("plan_path", metavar="PLAN", type=PathType)
@click.option("-o", "--output", required=True, type=PathType, help="The .docx file to write.")
@reports_errors
def render(plan_path: Path, output: Path) -> None:
    """Write a clean Word document (no revisions) of the plan file PLAN."""
    from editplan import api

    api.render(plan_path, output)
    click.echo(f"Wrote {api.display(output)}")


@main.command()
@click.argument("target", required=False)
@plan_option("Plan file whose history to read.")
@reports_errors
def log(target: str | None, plan_path: Path) -> None:
    """List the plan's versions, newest first (commit, date, set, amendments).

    With TARGET, only the versions that changed that element, followed by its id through
    renumbering and back through splits, with its old and new wording and number each time.
    """
    from editplan import api
    from editplan import views as report

    entries = api.log(plan_path, target)
    text = report.versions_text(entries) if target is None else report.events_text(entries)
    click.echo(text, nl=False)


@main.command()
@click.argument("rev1")
@click.argument("rev2")
@click.argument("target", required=False)
@plan_option("Plan file to compare.")
@click.option("-o", "--output", type=PathType, help="Write a tracked .docx instead of printing.")
@click.option("--color/--no-color", default=None, help="Colour the marks (default: on a terminal).")
@reports_errors
def diff(
    rev1: str,
    rev2: str,
    target: str | None,
    plan_path: Path,
    output: Path | None,
    color: bool | None,
) -> None:
    """Show what changed in the plan between git revisions REV1 and REV2.

    In the terminal, deleted words are marked [-like this-] and inserted ones {+like this+}.
    With -o FILE.docx, a tracked document whose revisions are attributed to the sets that
    made them, with their comments.
    """
    from editplan import api
    from editplan import views as report

    result = api.diff(plan_path, rev1, rev2, target)
    if output is not None:
        api.write_diff_document(result, output)
        click.echo(f"Wrote {api.display(output)}")
        return
    use_color = sys.stdout.isatty() if color is None else color
    click.echo(report.diff_text(result.elements, color=use_color), nl=False)


@main.command()
@click.argument("report", type=PathType)
@click.option("--paragraph", type=int, help="The report's paragraph whose lettered items to read.")
@click.option(
    "--plan", "plan_path", type=PathType, help="Check each target and phrase against this plan."
)
@click.option("-o", "--output", type=PathType, help="Write the patch file here (default: print).")
@reports_errors
def extract(
    report: Path, paragraph: int | None, plan_path: Path | None, output: Path | None
) -> None:
    """Read a report (text, Markdown or .docx) and write its amending items as a patch file.

    Each lettered item of paragraph N (without --paragraph, of every paragraph whose items
    amend) becomes an amendment with its target, operation, fields and verbatim quote, and a
    comment saying how sure the reading is. An item that gives no wording becomes an
    instruction; none is dropped. What needs a person is listed on stderr.
    """
    from editplan import api

    result = api.extract(report, paragraph=paragraph, plan_path=plan_path, output=output)
    if output is None:
        click.echo(result.to_yaml(), nl=False)
    else:
        click.echo(f"Wrote {api.display(output)} ({len(result.items)} items)")
    for line in result.needs_review():
        click.echo(f"editplan: review: {line}", err=True)


@main.command(name="import")
@click.argument("draft", type=PathType)
@click.option("-o", "--output", required=True, type=PathType, help="The plan file to write.")
@click.option(
    "--accept-revisions",
    "revisions",
    flag_value="accept",
    help="Accept the draft's tracked changes before reading it.",
)
@click.option(
    "--reject-revisions",
    "revisions",
    flag_value="reject",
    help="Reject the draft's tracked changes before reading it.",
)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@click.option("--strict", is_flag=True, help="Fail, writing nothing, if a paragraph is unplaced.")
@reports_errors
def import_(draft: Path, output: Path, revisions: str | None, force: bool, strict: bool) -> None:
    """Build a plan file from a Word draft (.docx) of an action plan.

    Goals may be headings ("Goal A.1: ...") or rows of a table (goal, key areas, activities);
    items may be numbered as text ("(1)", "(i)") or by Word numbering. Each paragraph that
    cannot be placed is reported (and kept as a comment in the plan file), never dropped. A
    draft with tracked changes is refused unless told to accept or reject them.
    """
    from editplan import api

    result = api.import_docx(
        draft, output, revisions=revisions or "refuse", force=force, strict=strict
    )
    count = result.plan.element_count()
    click.echo(f"Wrote {api.display(output)} ({count} elements; layout: {result.layout})")
    for note in result.notes:
        click.echo(f"editplan: note: {note}", err=True)
    for unplaced in result.unplaced:
        click.echo(f"editplan: unplaced: {unplaced}", err=True)


@main.command()
@click.argument("kind", type=click.Choice(["plan", "amendments"]))
@reports_errors
def schema(kind: str) -> None:
    """Print the JSON Schema of a plan file or a patch file (for editors and checkers)."""
    from editplan import api

    click.echo(api.schema_text(kind), nl=False)


def _ids(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _dump(data: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    from editplan.store import yamlio

    return yamlio.dump(yamlio.fresh(data))
