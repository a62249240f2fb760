"""Commands that read or make plan files: show, validate, init, render, schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from editplan.cli import completion
from editplan.cli.base import (
    PathType,
    error_text,
    force_option,
    format_option,
    main,
    plan_option,
    warn_interrupted,
    workspace,
)
from editplan.errors import EditplanError


@main.command()
@click.argument("target", required=False, shell_complete=completion.targets)
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
def show(target: str | None, plan_path: Path, fmt: str, rev: str | None) -> None:
    """Print the plan, or one goal, block, key area or activity, with display numbers.

    TARGET is written the way reports write it ("Goal A.5", "Goals A.6, 7 and 8, activity
    (v)"), in compact form ("A.5/ka/1", "A.2/act/ii") or by id ("#a5.ka2").
    """
    from editplan import api

    ws = workspace()
    warn_interrupted(ws, [plan_path])
    plan = api.plan_at(ws, rev, plan=plan_path)
    if fmt == "text":
        text = api.plan_text(plan) if target is None else api.target_text(plan, target)
        click.echo(text, nl=False)
    else:
        data = api.plan_view(plan) if target is None else api.target_view(plan, target)
        click.echo(api.data_text(data, fmt), nl=False)
    if rev is None:  # a merge left conflicts in the plan: what is shown is our side
        for warning in api.plan_warnings(ws, plan_path):
            click.echo(f"editplan: warning: {warning}", err=True)


@main.command()
@click.argument(
    "files", nargs=-1, required=True, type=PathType, shell_complete=completion.plans_or_sets
)
@format_option("validate")
def validate(files: tuple[Path, ...], fmt: str) -> None:
    """Check plan files and patch files (a patch file also against its plan); change nothing.

    Every file is checked and reported, ok or not, with every problem found in it, each at
    its file:line:col; the exit code is that of the first file refused. A patch file whose
    amendments the plan's history shows applied is no problem: it says in which version.
    """
    from editplan import api

    ws = workspace()
    results: list[tuple[str, api.Checked | EditplanError]] = []
    for path in files:  # every file is checked and reported, ok or not
        try:
            (found,) = api.validate(ws, [path])
        except EditplanError as exc:
            results.append((api.display(ws.path(path)), exc))
        else:
            results.append((found.path, found))
    if fmt == "json":
        text, code = api.validate_json(results)
        click.echo(text, nl=False)
        sys.exit(code)
    refused = [exc for _, exc in results if isinstance(exc, EditplanError)]
    for name, found in results:
        if isinstance(found, EditplanError):
            for each in found.each():
                click.echo(f"editplan: error: {error_text(each)}", err=True)
        else:
            click.echo(f"{name}: ok ({found.summary})")
            for note in found.notes:
                click.echo(f"{name}: note: {note}")
    if refused:
        sys.exit(refused[0].exit_code)


@main.command()
@click.argument("folder", type=PathType)
@click.option("--example", is_flag=True, help="Include the LG-14 example plan and patch file.")
def init(folder: Path, example: bool) -> None:
    """Make a plan workspace in FOLDER: a git repository with plans/, amendments/, schemas/ and
    an ignored out/ (FOLDER must be new or empty)."""
    from editplan import api

    api.init(folder, example=example, here=Path.cwd()).close()
    click.echo(f"Made workspace {folder}" + (" with the LG-14 example" if example else ""))
    if example:
        click.echo(f"Next: cd {folder} && editplan apply amendments/lg14.yaml")


@main.command()
@click.argument(
    "plan_path", metavar="[PLAN]", required=False, type=PathType, shell_complete=completion.plans
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=PathType,
    help="The file to write: .docx, .html or .pdf (through LibreOffice).",
)
@force_option()
def render(plan_path: Path | None, output: Path, force: bool) -> None:
    """Write a clean Word document (no revisions) of the plan file PLAN (default: the
    workspace's plan), or a web page or a PDF, as the output's suffix says."""
    from editplan import api

    ws = workspace()
    warn_interrupted(ws, [plan_path])
    written = api.render(ws, plan_path, output, force=force)
    click.echo(f"Wrote {api.display(written)}")


KINDS = ("plan", "amendments", "round", "apply-report", "validate-report", "log-report",
         "diff-report", "blame-report")  # fmt: skip


@main.command()
@click.argument(
    "kind",
    type=click.Choice(KINDS),
)
def schema(kind: str) -> None:
    """Print the JSON Schema of a plan file or a patch file (for editors and checkers), or of
    the JSON that apply, validate, log, diff and blame print with --format json."""
    from editplan import api

    click.echo(api.schema_text(kind), nl=False)
