"""Commands that read the plan's history in git: log and diff."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from editplan.cli.base import PathType, format_option, main, plan_option, workspace


@main.command()
@click.argument("target", required=False)
@plan_option("Plan file whose history to read.")
@format_option("log")
def log(target: str | None, plan_path: Path, fmt: str) -> None:
    """List the plan's versions, newest first (commit, date, set, amendments).

    With TARGET, only the versions that changed that element, followed by its id through
    renumbering and back through splits, with its old and new wording and number each time.
    """
    from editplan import api

    entries = api.log(workspace(), target, plan=plan_path)
    if fmt == "json":
        click.echo(api.log_json(target, entries), nl=False)
        return
    text = api.versions_text(entries) if target is None else api.events_text(entries)
    click.echo(text, nl=False)


@main.command()
@click.argument("rev1")
@click.argument("rev2")
@click.argument("target", required=False)
@plan_option("Plan file to compare.")
@click.option(
    "-o", "--output", type=PathType, help="Write a tracked .docx (or .html) instead of printing."
)
@click.option("--color/--no-color", default=None, help="Colour the marks (default: on a terminal).")
@format_option("diff")
def diff(
    rev1: str,
    rev2: str,
    target: str | None,
    plan_path: Path,
    output: Path | None,
    color: bool | None,
    fmt: str,
) -> None:
    """Show what changed in the plan between git revisions REV1 and REV2.

    In the terminal, deleted words are marked [-like this-] and inserted ones {+like this+}.
    With -o FILE.docx, a tracked document whose revisions are attributed to the sets that
    made them, with their comments; with -o FILE.html, the same view as a web page.
    """
    from editplan import api

    if fmt == "json" and output is not None:
        raise click.UsageError("--format json prints the differences; -o writes a document")
    ws = workspace()
    result = api.diff(ws, rev1, rev2, target, plan=plan_path)
    if fmt == "json":
        click.echo(api.diff_json(result), nl=False)
        return
    if output is not None:
        written = api.write_diff_document(ws, result, output)
        click.echo(f"Wrote {api.display(written)}")
        return
    use_color = sys.stdout.isatty() if color is None else color
    click.echo(api.diff_text(result.elements, color=use_color), nl=False)
