"""Commands that read the plan's history in git: log, blame and diff."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from editplan.cli import completion
from editplan.cli.base import PathType, force_option, format_option, main, plan_option, workspace


@main.command()
@click.argument("target", required=False, shell_complete=completion.targets)
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
@click.argument("target", shell_complete=completion.targets)
@plan_option("Plan file whose history to read.")
@format_option("blame")
def blame(target: str, plan_path: Path, fmt: str) -> None:
    """Show who wrote every word of an element: each run of its wording beside the commit and
    amendment that put it there, then each source (the set, whose words, the meeting's
    decision, the report's words), or "base text" for the first version's words.

    Words are followed as log follows the element: through renumbering, moves, splits and
    joins. An element removed since can be named by id (#a1.ka3): its last wording is shown.
    """
    from editplan import api

    result = api.blame(workspace(), target, plan=plan_path)
    click.echo(api.blame_json(result) if fmt == "json" else api.blame_text(result), nl=False)


@main.command()
@click.argument("rev1")
@click.argument("rev2")
@click.argument("target", required=False)
@plan_option("Plan file to compare.")
@click.option(
    "-o",
    "--output",
    type=PathType,
    help="Write a tracked .docx, a web page (.html) or a PDF (.pdf) instead of printing.",
)
@force_option()
@click.option("--color/--no-color", default=None, help="Colour the marks (default: on a terminal).")
@format_option("diff")
def diff(
    rev1: str,
    rev2: str,
    target: str | None,
    plan_path: Path,
    output: Path | None,
    force: bool,
    color: bool | None,
    fmt: str,
) -> None:
    """Show what changed in the plan between git revisions REV1 and REV2.

    In the terminal, deleted words are marked [-like this-] and inserted ones {+like this+}.
    With -o FILE.docx, a tracked document whose revisions are attributed to the sets that
    made them, with their comments; with -o FILE.html, the same view as a web page; with -o
    FILE.pdf, the .docx as a PDF (through LibreOffice).
    """
    from editplan import api

    if fmt == "json" and output is not None:
        raise click.UsageError("--format json prints the differences; -o writes a document")
    ws = workspace()
    if output is not None:  # the file's format, and whether it may be written, before any work
        api.output(ws, "diff", output, force=force)
    result = api.diff(ws, rev1, rev2, target, plan=plan_path)
    if fmt == "json":
        click.echo(api.diff_json(result), nl=False)
        return
    if output is not None:
        written = api.write_diff_document(ws, result, output, force=force)
        click.echo(f"Wrote {api.display(written)}")
        return
    use_color = sys.stdout.isatty() if color is None else color
    click.echo(api.diff_text(result.elements, color=use_color, origins=result.origins), nl=False)
