"""Commands that publish a plan for other systems: export (Akoma Ntoso)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from editplan.cli import completion
from editplan.cli.base import PathType, force_option, main, warn_interrupted, workspace


@main.command()
@click.argument("file", type=PathType, shell_complete=completion.plans_or_sets)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["akn"]),
    default="akn",
    show_default=True,
    help="akn: Akoma Ntoso 3.0 XML (OASIS LegalDocML), as the UN system (AKN4UN) uses it.",
)
@click.option("-o", "--output", type=PathType, help="The .xml file to write (default: print).")
@force_option()
@click.option(
    "--date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The plan's date, YYYY-MM-DD (default: from the plan file's git history).",
)
def export(
    file: Path, fmt: str, output: Path | None, force: bool, date: dt.datetime | None
) -> None:
    """Write a plan file, or a patch file, as an Akoma Ntoso document.

    A plan becomes a 'doc' (action plan) whose areas, goals, blocks, key areas and
    activities carry eIds made from their ids, with FRBR identifiers from the plan id and
    version; a patch file becomes an 'amendment' whose textualMods point at the plan's eIds.
    'editplan import FILE.xml' reads either back.
    """
    from editplan import api

    ws = workspace()
    warn_interrupted(ws, [file])
    result = api.export(
        ws, file, fmt=fmt, output=output, date=date.date() if date else None, force=force
    )
    if output is None:
        sys.stdout.buffer.write(result.data)
        sys.stdout.buffer.flush()
    else:
        click.echo(f"Wrote {api.display(ws.path(output))} (Akoma Ntoso, {result.kind})")
