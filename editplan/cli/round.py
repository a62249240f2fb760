"""Commands of a review round: compile, conflicts, decide and status."""

from __future__ import annotations

from pathlib import Path

import click

from editplan.cli import completion
from editplan.cli.base import PathType, force_option, main, split_ids, workspace

STATUSES = ("proposed", "agreed", "rejected", "withdrawn")


@main.command(name="compile")
@click.argument(
    "set_paths", metavar="SET...", nargs=-1, type=PathType, shell_complete=completion.sets
)
@click.option(
    "-o",
    "--output",
    type=PathType,
    help="Write FILE.docx, FILE.md, FILE.html or FILE.pdf (default: print Markdown).",
)
@force_option()
@click.option(
    "--all", "everything", is_flag=True, help="Show every element, not only those with proposals."
)
@click.option(
    "--status",
    "statuses",
    shell_complete=completion.status_list,
    help="Only amendments with these statuses (comma-separated; default: all).",
)
def compile_(
    set_paths: tuple[Path, ...],
    output: Path | None,
    force: bool,
    everything: bool,
    statuses: str | None,
) -> None:
    """Compile the sets side by side for a meeting (a compilation of submissions).

    For each element any set touches, in plan order: its number and wording, then each
    proposal (set, author, amendment, operation) with its changes marked against the current
    wording, the report's words, the note and the decision. Proposals that collide are
    marked; identical proposals from different bodies are shown once with all their sources.
    """
    from editplan import api

    outcome = api.compile_round(
        workspace(),
        list(set_paths),
        output,
        everything=everything,
        statuses=_statuses(statuses),
        force=force,
    )
    if outcome.output is None:
        click.echo(outcome.text, nl=False)
        return
    found = outcome.compilation.round
    click.echo(
        f"Wrote {api.display(outcome.output)}: {len(found.proposals)} proposals from "
        f"{len(found.submissions)} sets, {len(found.same)} shown once for several bodies, "
        f"{len(found.collisions)} collisions"
    )


@main.command()
@click.argument(
    "set_paths", metavar="SET...", nargs=-1, type=PathType, shell_complete=completion.sets
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--status",
    "statuses",
    shell_complete=completion.status_list,
    help="Only amendments with these statuses (comma-separated; default: all).",
)
def conflicts(set_paths: tuple[Path, ...], fmt: str, statuses: str | None) -> None:
    """List every pair of amendments of the sets that cannot both apply, and why.

    The sets are compared against the plan they amend with the applier's own conflict rules,
    each resolved against its own base.
    """
    from editplan import api

    found = api.conflicts(workspace(), list(set_paths), statuses=_statuses(statuses))
    if fmt == "json":
        click.echo(api.data_text(api.collisions_data(found), "json"), nl=False)
    else:
        click.echo(api.collisions_text(found), nl=False)


@main.command()
@click.argument("set_path", metavar="SET", type=PathType, shell_complete=completion.sets)
@click.argument(
    "amendment_ids",
    metavar="AMENDMENT...",
    nargs=-1,
    required=True,
    shell_complete=completion.amendments,
)
@click.option(
    "--status", "status", type=click.Choice(STATUSES), required=True, help="The decision."
)
@click.option("--note", help="A note on the decision, kept in the patch file.")
@click.option("--text", help="The wording agreed as orally amended (recorded as the meeting's).")
@click.option("--by", help="Who agreed that wording (default: the meeting).")
@click.option("--no-commit", is_flag=True, help="In a git work tree, leave the change uncommitted.")
def decide(
    set_path: Path,
    amendment_ids: tuple[str, ...],
    status: str,
    note: str | None,
    text: str | None,
    by: str | None,
    no_commit: bool,
) -> None:
    """Record a decision on amendments of SET: their status, changed in the file in place.

    Only the decided amendments' status lines (and their decision) change; comments and all
    other lines stay. Agreeing an amendment that collides with one already agreed, in SET or
    in the patch files beside it, is refused. In a git work tree the change is committed with
    an Editplan-Decision trailer.
    """
    from editplan import api

    outcome = api.decide(
        workspace(),
        set_path,
        list(amendment_ids),
        status,
        note=note,
        text=text,
        by=by,
        commit=not no_commit,
    )
    click.echo(f"{outcome.set_id}: {', '.join(outcome.amendment_ids)} {outcome.status}")
    for reason in outcome.unchecked:
        click.echo(f"editplan: note: not checked for collisions: {reason}", err=True)
    if outcome.commit:
        click.echo(f"Committed {outcome.commit[:7]}")
    for warning in outcome.warnings:
        click.echo(f"editplan: warning: {warning}", err=True)


@main.command()
@click.argument(
    "set_paths", metavar="[SET...]", nargs=-1, type=PathType, shell_complete=completion.sets
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def status(set_paths: tuple[Path, ...], fmt: str) -> None:
    """Per set, how many amendments are proposed, agreed, rejected, withdrawn, applied (from
    the history) and pending (proposed or agreed, not yet applied).

    With no SET, every patch file in amendments/.
    """
    from editplan import api

    found = api.status(workspace(), list(set_paths))
    if fmt == "json":
        click.echo(api.data_text([s.as_dict() for s in found], "json"), nl=False)
    else:
        click.echo(api.status_text(found), nl=False)


def _statuses(value: str | None) -> list[str] | None:
    """The --status values, checked; None (every status) when not given."""
    if value is None:
        return None
    from editplan import api

    return sorted(api.statuses(split_ids(value)))
