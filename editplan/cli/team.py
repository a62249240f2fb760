"""Commands for teams on one plan in git: the merge driver, resolving conflicts, set-up."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from editplan.cli.base import PathType, main, plan_option, workspace


@main.command("merge-file")
@click.argument("base", type=PathType)
@click.argument("ours", type=PathType)
@click.argument("theirs", type=PathType)
@click.argument("path", required=False)
def merge_file(base: Path, ours: Path, theirs: Path, path: str | None) -> None:
    """Merge plan file THEIRS into OURS, element by element, from their common BASE.

    git runs this as the 'editplan' merge driver (BASE OURS THEIRS PATH are git's %O %A %B
    %P); it writes the result into OURS. Changes to different elements merge; where both
    sides changed one element, the result lists the conflict in the plan's 'conflicts:',
    and the exit code is 1 so that git marks the file conflicted. A file that is not a plan
    is left as it is, with exit code 2.
    """
    from editplan import api

    outcome = api.merge_file(workspace(), base, ours, theirs, path)
    if not outcome.conflicts:
        return
    count = len(outcome.conflicts)
    click.echo(
        f"editplan: {outcome.path}: {count} conflict{'s' if count > 1 else ''} left in the "
        "plan's 'conflicts:' list:",
        err=True,
    )
    for conflict in outcome.conflicts:
        click.echo(f"  {api.conflict_text(conflict)}", err=True)
    click.echo(
        "Settle each with: editplan resolve TARGET --ours | --theirs | --text WORDING", err=True
    )
    sys.exit(1)


@main.command()
@click.argument("target")
@plan_option("Plan file holding the conflicts.")
@click.option("--ours", "choice", flag_value="ours", help="Keep our side's value.")
@click.option("--theirs", "choice", flag_value="theirs", help="Take their side's value.")
@click.option("--text", help="Write this wording instead of either side's.")
def resolve(target: str, plan_path: Path, choice: str | None, text: str | None) -> None:
    """Settle the merge conflicts on one element of the plan (TARGET as in 'show', by id
    '#a5.ka2', or the plan's id for its own fields such as its version).

    In a git work tree the resolution is committed with Editplan-Resolved trailers naming the
    element, the wording kept and who settled it (git's user); while a merge or rebase waits
    to be finished, the trailers go into the message of the commit that ends it, and the plan
    file is staged once no conflict is left in it.
    """
    from editplan import api
    from editplan.errors import InputError

    if (choice is not None) + (text is not None) != 1:
        raise InputError("give exactly one of --ours, --theirs and --text")
    choice = "text" if text is not None else str(choice)
    done = api.resolve(workspace(), target, choice, text, plan=plan_path)
    for line in done.notes:
        click.echo(f"editplan: note: {line}", err=True)
    for conflict in done.settled:
        click.echo(f"Resolved {api.conflict_text(conflict)}")
    where = api.display(done.path)
    if done.left:
        click.echo(f"{done.left} conflict{'s' if done.left > 1 else ''} left in {where}")
    if done.commit:
        click.echo(f"Committed {done.commit[:7]} (settled by {done.by})")
    elif done.pending is not None:
        if not done.left:
            click.echo(f"No conflicts left in {where}: staged")
        click.echo(
            f"Recorded (settled by {done.by}) in the message of the commit that ends "
            f"{done.pending}; when no other file is left unmerged, end it: {done.finish}"
        )
    elif not done.left:
        click.echo(f"No conflicts left in {where}")
    for warning in done.warnings:
        click.echo(f"editplan: warning: {warning}", err=True)


@main.command()
@click.argument("folder", required=False, type=PathType)
def setup(folder: Path | None) -> None:
    """Register the plan merge driver in this clone (git does not copy it with a clone).

    Safe to run again. Also adds the line of .gitattributes that selects the driver for
    plans/*.yaml if it is missing (commit it, so that every clone has it).
    """
    from editplan import api

    ws = workspace() if folder is None else api.Workspace.open(folder, here=Path.cwd())
    with ws:
        done = api.setup(ws)
    click.echo(
        "Registered the editplan merge driver" if done.registered
        else "The editplan merge driver was already registered"
    )  # fmt: skip
    if done.attributes is not None:
        click.echo(f"Wrote {api.display(done.attributes)}: commit it so that every clone has it")
