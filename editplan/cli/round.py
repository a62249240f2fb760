"""Commands of a review round: compile, conflicts, decide, draft and status."""

from __future__ import annotations

from pathlib import Path

import click

from editplan.cli import completion
from editplan.cli.base import (
    PathType,
    force_option,
    main,
    split_ids,
    warn_interrupted,
    workspace,
)

# what a meeting decides (a proposal falls by itself, when one it collides with is agreed)
DECISIONS = ("proposed", "agreed", "rejected", "withdrawn")
STATUSES = (*DECISIONS, "fallen")
ROUND_HELP = "The round (rounds/NAME.yaml; default: the one that numbers these sets)."


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
@click.option(
    "--voting-list",
    is_flag=True,
    help="Write the voting list: per element, the order the proposals are taken, what falls.",
)
@click.option("--round", "round_name", metavar="NAME", help=ROUND_HELP)
@click.option(
    "--no-commit", is_flag=True, help="In a git work tree, leave the round's numbers uncommitted."
)
def compile_(
    set_paths: tuple[Path, ...],
    output: Path | None,
    force: bool,
    everything: bool,
    statuses: str | None,
    voting_list: bool,
    round_name: str | None,
    no_commit: bool,
) -> None:
    """Compile the sets side by side for a meeting (a compilation of submissions).

    For each element any set touches (a goal's title too), in plan order: its number and
    wording, then each proposal (number, set, author, amendment, operation) with its changes
    marked against the current wording, the report's words, the note and the decision or
    outcome; then every proposal once, by number, with its outcome (applied in which version,
    agreed as orally amended, rejected, withdrawn, fell). Proposals that collide are marked;
    identical proposals from different bodies are shown once with all their sources.

    Every proposal gets a running number in the round's register (rounds/NAME.yaml), kept
    when the compilation is made again; in a git work tree the register is committed.
    --voting-list writes the voting list instead: per element, the order the meeting takes
    its proposals (the one that departs furthest from the text first: deletion, replacement,
    insertion; or the order the register's 'voting:' entries set), and "falls if N is
    agreed".
    """
    from editplan import api

    ws = workspace()
    warn_interrupted(ws, list(set_paths))
    outcome = api.compile_round(
        ws,
        list(set_paths),
        output,
        everything=everything,
        statuses=_statuses(statuses),
        force=force,
        voting_list=voting_list,
        round_name=round_name,
        commit=not no_commit,
    )
    if outcome.output is None:
        click.echo(outcome.text, nl=False)
    else:
        found = outcome.compilation.round
        what = "the voting list of " if voting_list else ""
        click.echo(
            f"Wrote {api.display(outcome.output)}: {what}{len(found.proposals)} proposals from "
            f"{len(found.submissions)} sets, {len(found.same)} shown once for several bodies, "
            f"{len(found.collisions)} collisions"
        )
    if outcome.numbered and outcome.register is not None:
        committed = f", committed {outcome.commit[:7]}" if outcome.commit else ""
        click.echo(
            f"Numbered {len(outcome.numbered)} new proposals in "
            f"{api.display(outcome.register)}{committed}",
            err=outcome.output is None,
        )
    elif outcome.commit and outcome.register is not None:  # written before, committed now
        click.echo(
            f"Committed {api.display(outcome.register)} ({outcome.commit[:7]})",
            err=outcome.output is None,
        )
    for warning in outcome.warnings:
        click.echo(f"editplan: warning: {warning}", err=True)


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
@click.option("--round", "round_name", metavar="NAME", help=ROUND_HELP)
@click.option("--exit-code", is_flag=True, help="Exit with 1 when pairs collide, 0 when none do.")
def conflicts(
    set_paths: tuple[Path, ...], fmt: str, statuses: str | None, round_name: str | None,
    exit_code: bool,
) -> None:  # fmt: skip
    """List every pair of amendments of the sets that cannot both apply, and why.

    The sets are compared against the plan they amend with the applier's own conflict rules,
    each resolved against its own base. With --exit-code, the exit code says whether any pair
    collides (1) or none (0), as git diff --exit-code does.
    """
    from editplan import api

    ws = workspace()
    warn_interrupted(ws, list(set_paths))
    found = api.conflicts(
        ws, list(set_paths), statuses=_statuses(statuses), round_name=round_name
    )
    if fmt == "json":
        click.echo(api.data_text(api.collisions_data(found), "json"), nl=False)
    else:
        click.echo(api.collisions_text(found), nl=False)
    if exit_code and found:
        raise SystemExit(1)


@main.command()
@click.argument("set_path", metavar="SET|NUMBER", shell_complete=completion.sets)
@click.argument(
    "amendment_ids", metavar="[AMENDMENT...]", nargs=-1, shell_complete=completion.amendments
)
@click.option(
    "--status", "status", type=click.Choice(DECISIONS), required=True, help="The decision."
)
@click.option("--note", help="A note on the decision, kept in the patch file.")
@click.option("--text", help="The wording agreed as orally amended (recorded as the meeting's).")
@click.option("--by", help="Who agreed that wording (default: the meeting).")
@click.option("--round", "round_name", metavar="NAME", help="The round whose numbers are given.")
@click.option("--no-commit", is_flag=True, help="In a git work tree, leave the change uncommitted.")
def decide(
    set_path: str,
    amendment_ids: tuple[str, ...],
    status: str,
    note: str | None,
    text: str | None,
    by: str | None,
    round_name: str | None,
    no_commit: bool,
) -> None:
    """Record a decision on amendments of SET, or on proposals by their numbers in the round
    (decide 12 14 --status agreed): their status, changed in the files in place.

    Only the decided amendments' status lines (and their decision) change; comments and all
    other lines stay. Agreeing an amendment that collides with one already agreed, in SET or
    in the patch files beside it, is refused; the proposed ones it collides with fall (status
    fallen, with the proposal agreed and the reason), and stand again if it is decided
    otherwise later. A proposal that fell is not decided. In a git work tree the change is
    one commit with an Editplan-Decision trailer per decision.
    """
    from editplan import api

    numbers = _numbers(set_path, amendment_ids)
    if numbers is None and not amendment_ids:
        raise click.UsageError(
            "name the amendments of SET that are decided, or give proposals' numbers only"
        )
    outcome = api.decide(
        workspace(),
        None if numbers is not None else set_path,
        [] if numbers is not None else list(amendment_ids),
        status,
        note=note,
        text=text,
        by=by,
        commit=not no_commit,
        numbers=numbers or (),
        round_name=round_name,
    )
    for line in outcome.notes:
        click.echo(f"editplan: note: {line}", err=True)
    by_set: dict[str, list[str]] = {}
    for key in outcome.decided:
        set_id, _, amendment_id = key.partition(" ")
        by_set.setdefault(set_id, []).append(amendment_id)
    shown_sets = []
    for set_id, ids in by_set.items():
        nos = [outcome.numbers[f"{set_id} {i}"] for i in ids if f"{set_id} {i}" in outcome.numbers]
        shown = f" (no. {', '.join(map(str, nos))})" if nos else ""
        shown_sets.append(f"{set_id}: {', '.join(ids)} {status}{shown}")
    if outcome.already is not None:
        shown_sets[-1] += f", {outcome.already}"
    for line in shown_sets:
        click.echo(line)
    for fell, agreed in outcome.fallen:
        click.echo(f"  falls: {_named(fell, outcome.numbers)}, with {agreed}")
    for key in outcome.revived:
        click.echo(f"  stands again: {_named(key, outcome.numbers)}")
    for reason in outcome.unchecked:
        click.echo(f"editplan: note: not checked for collisions: {reason}", err=True)
    if outcome.commit:
        click.echo(f"Committed {outcome.commit[:7]}")
    for warning in outcome.warnings:
        click.echo(f"editplan: warning: {warning}", err=True)


def _numbers(first: str, rest: tuple[str, ...]) -> list[int] | None:
    """The proposals' numbers when the arguments are numbers only (and the first names no
    file), else None."""
    given = [first, *rest]
    if all(a.lstrip("#").isdigit() for a in given) and not Path(first).exists():
        return [int(a.lstrip("#")) for a in given]
    return None


def _named(key: str, numbers: dict[str, int]) -> str:
    n = numbers.get(key)
    return key if n is None else f"{key} (no. {n})"


@main.command()
@click.argument("set_path", metavar="SET", type=PathType, shell_complete=completion.sets)
@click.argument("amendment_id", metavar="AMENDMENT", shell_complete=completion.amendments)
@click.option("--text", required=True, help="The drafted wording of the instruction.")
@click.option("--by", help="Who drafted it (default: the Secretariat).")
@click.option("--no-commit", is_flag=True, help="In a git work tree, leave the change uncommitted.")
def draft(set_path: Path, amendment_id: str, text: str, by: str | None, no_commit: bool) -> None:
    """Give a pending instruction of SET its wording, drafted at the table.

    The instruction gains 'text' (and 'drafted_by'); apply then applies it like any
    amendment, each revision credited to the drafter and its comment naming the proposal.
    Only its lines change; in a git work tree the change is committed with an
    Editplan-Draft trailer.
    """
    from editplan import api

    outcome = api.draft(workspace(), set_path, amendment_id, text, by=by, commit=not no_commit)
    for line in outcome.notes:
        click.echo(f"editplan: note: {line}", err=True)
    who = outcome.by or "the Secretariat"
    drafted = f"{outcome.set_id} {outcome.amendment_id}: drafted by {who}"
    click.echo(drafted if outcome.already is None else f"{drafted}, {outcome.already}")
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
    """Per set, how many amendments are proposed, agreed, rejected, withdrawn, fallen,
    applied (from the history) and pending (proposed or agreed, not yet applied), and their
    numbers in the round.

    With no SET, every patch file in amendments/.
    """
    from editplan import api

    ws = workspace()
    warn_interrupted(ws, list(set_paths))
    report = api.status_report(ws, list(set_paths))
    if fmt == "json":
        click.echo(api.data_text([s.as_dict() for s in report.sets], "json"), nl=False)
    else:
        click.echo(api.status_text(report.sets), nl=False)
    for warning in report.warnings:
        click.echo(f"editplan: warning: {warning}", err=True)


def _statuses(value: str | None) -> list[str] | None:
    """The --status values, checked; None (every status) when not given."""
    if value is None:
        return None
    from editplan import api

    return sorted(api.statuses(split_ids(value)))
