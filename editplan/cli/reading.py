"""Commands that read documents from outside: extract (reports) and import (drafts)."""

from __future__ import annotations

from pathlib import Path

import click

from editplan.cli import completion
from editplan.cli.base import FLAGS, PathType, force_option, main, warn_interrupted, workspace


@main.command()
@click.argument("report", type=PathType)
@click.option("--paragraph", type=int, help="The report's paragraph whose lettered items to read.")
@click.option(
    "--plan",
    "plan_path",
    type=PathType,
    shell_complete=completion.plans,
    help="Check each target and phrase against this plan (default: the workspace's plan).",
)
@click.option(
    "-o", "--output", type=PathType, help="Write the patch file (.yaml) here (default: print)."
)
@force_option()
@click.option(
    "--explain",
    is_flag=True,
    help="Show on stderr, for each item, the rule that read it and what it gave, or why not.",
)
def extract(
    report: Path, paragraph: int | None, plan_path: Path | None, output: Path | None,
    force: bool, explain: bool,
) -> None:  # fmt: skip
    """Read a report (text, Markdown or .docx) and write its amending items as a patch file.

    Each labelled item of paragraph N ((a) to (z), (aa) ..., (a)(i), (i), (1), 1.; without
    --paragraph, of every paragraph whose items amend) becomes an amendment with its target,
    operation, fields and verbatim quote, and a comment saying how sure the reading is. An
    item not fully understood becomes an instruction with the reason; none is dropped, and
    gaps or repeats in the labels are reported. What needs a person is listed on stderr,
    followed by the closing count.
    """
    from editplan import api

    ws = workspace()
    if output is None:  # with one, extract refuses as every command that writes does
        warn_interrupted(ws, [plan_path])
    result = api.extract(
        ws,
        report,
        paragraph=paragraph,
        plan_path=plan_path,
        output=output,
        options=FLAGS,
        force=force,
    )
    for line in ws.notes:  # what an interrupted command left, put right first
        click.echo(f"editplan: note: {line}", err=True)
    if output is None:
        click.echo(result.to_yaml(FLAGS), nl=False)
    else:
        done = "Unchanged:" if result.unchanged else "Wrote"
        click.echo(f"{done} {api.display(ws.path(output))} ({len(result.items)} items)")
    if explain:
        for line in result.explain()[:-1]:
            click.echo(f"editplan: explain: {line}", err=True)
    for line in result.needs_review():
        click.echo(f"editplan: review: {line}", err=True)
    click.echo(f"editplan: {result.summary()}", err=True)


@main.command(name="import")
@click.argument("draft", type=PathType)
@click.option(
    "-o", "--output", required=True, type=PathType, help="The plan file (.yaml) to write."
)
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
@force_option()
@click.option(
    "--strict",
    is_flag=True,
    help="Fail, writing nothing, if a paragraph is unplaced or holds text that is not read.",
)
def import_(draft: Path, output: Path, revisions: str | None, force: bool, strict: bool) -> None:
    """Build a plan file from a Word draft (.docx) of an action plan, or read back an Akoma
    Ntoso document (.xml) that 'editplan export' wrote (a plan, or a patch file).

    Goals may be headings ("Goal A.1: ...") or rows of a table (goal, key areas, activities);
    items may be numbered as text ("(1)", "(i)") or by Word numbering. Each paragraph that
    cannot be placed is reported (and kept as a comment in the plan file), never dropped. A
    draft with tracked changes is refused unless told to accept or reject them.
    """
    from editplan import api

    ws = workspace()
    result = api.import_docx(
        ws, draft, output, revisions=revisions or "refuse", force=force, strict=strict
    )
    written = api.display(ws.path(output))
    done = "Unchanged:" if result.unchanged else "Wrote"  # it held what was imported already
    if result.plan is None:  # an Akoma Ntoso amendment document gives back a patch file
        click.echo(f"{done} {written} (set {result.aset.id}; layout: {result.layout})")
    else:
        count = result.plan.element_count()
        click.echo(f"{done} {written} ({count} elements; layout: {result.layout})")
    for note in result.notes:
        click.echo(f"editplan: note: {note}", err=True)
    for unplaced in result.unplaced:
        click.echo(f"editplan: unplaced: {unplaced}", err=True)
    for lost in result.losses:
        click.echo(f"editplan: not read: {lost}", err=True)
