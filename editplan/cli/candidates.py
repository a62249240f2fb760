"""The command that accepts an extracted instruction's candidate as its amendment."""

from __future__ import annotations

from pathlib import Path

import click

from editplan.cli import completion
from editplan.cli.base import PathType, main, workspace


@main.command(name="accept-candidate")
@click.argument("set_path", metavar="SET", type=PathType, shell_complete=completion.sets)
@click.argument(
    "amendment_ids",
    metavar="AMENDMENT...",
    nargs=-1,
    required=True,
    shell_complete=completion.amendments,
)
@click.option("--no-commit", is_flag=True, help="In a git work tree, leave the change uncommitted.")
def accept_candidate(set_path: Path, amendment_ids: tuple[str, ...], no_commit: bool) -> None:
    """Make the candidate of each named instruction of SET its amendment, after you looked.

    'editplan extract' keeps an item it could not read as an instruction, and where a reading
    came close it writes the operation it would have been as the instruction's 'candidate:'.
    This replaces the instruction by that operation: only those amendments' lines change, the
    candidate must apply to the set's plan, and in a git work tree the change is committed
    with an Editplan-Candidate trailer.
    """
    from editplan import api

    outcome = api.accept_candidate(workspace(), set_path, list(amendment_ids), commit=not no_commit)
    for line in outcome.notes:
        click.echo(f"editplan: note: {line}", err=True)
    for amendment_id, op in zip(outcome.amendment_ids, outcome.operations, strict=True):
        click.echo(f"{outcome.set_id}: {amendment_id} is now a {op}")
    if outcome.already:
        click.echo(f"{outcome.set_id}: {outcome.already}")
    if outcome.commit:
        click.echo(f"Committed {outcome.commit[:7]}")
    for warning in outcome.warnings:
        click.echo(f"editplan: warning: {warning}", err=True)
