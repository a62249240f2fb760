"""The collect command: a reviewer's returned .docx becomes a patch file."""

from __future__ import annotations

from pathlib import Path

import click

from editplan.cli.base import (
    PathType,
    force_option,
    main,
    plan_option,
    warn_interrupted,
    workspace,
)


@main.command()
@click.argument("reviewed", type=PathType)
@click.option(
    "-o", "--output", type=PathType, help="Write the patch file (.yaml) here (default: print)."
)
@force_option()
@plan_option("The plan the document was made from.")
@click.option(
    "--base",
    "base",
    help="The plan version the reviewer read (default: the one the document names).",
)
@click.option("--set-id", help="The set's id (default: from the document's file name).")
@click.option(
    "--split-by-author",
    is_flag=True,
    help="One patch file per reviewer, named OUTPUT.<author>.yaml (needs -o).",
)
def collect(
    reviewed: Path,
    output: Path | None,
    force: bool,
    plan_path: Path,
    base: str | None,
    set_id: str | None,
    split_by_author: bool,
) -> None:
    """Turn a reviewed .docx (tracked changes and comments, from Word or LibreOffice) into a
    patch file against the version the reviewer read, one amendment per change, each with
    its reviewer and date.

    Applying the file to its base gives the plan that 'editplan import --accept-revisions'
    makes of the document. Format changes and changes outside the plan's elements are listed
    on stderr and in the file's header; edits made with tracking off are collected with
    'tracked: false' and a warning.
    """
    from editplan import api

    if split_by_author and output is None:
        raise click.UsageError("--split-by-author writes one file per reviewer: give -o")
    ws = workspace()
    if output is None:  # with one, collect refuses as every command that writes does
        warn_interrupted(ws, [plan_path])
    result = api.collect(
        ws,
        reviewed,
        plan_path=plan_path,
        base=base,
        set_id=set_id,
        output=output,
        by_author=split_by_author,
        force=force,
    )
    if output is None:
        click.echo(result.sets[0].to_yaml(), nl=False)
    for cset, path in zip(result.sets, result.written, strict=False):
        count = len(cset.aset.amendments)
        done = "Wrote" if result.already is None else "Unchanged:"
        click.echo(f"{done} {api.display(path)} ({count} amendments, by {cset.aset.author})")
    for line in result.notes:
        click.echo(f"editplan: note: {line}", err=True)
    for line in result.listed:
        click.echo(f"editplan: not collected: {line}", err=True)
    for line in result.warnings:
        click.echo(f"editplan: warning: {line}", err=True)
    for line in result.conflicts:
        click.echo(f"editplan: conflict: {line}", err=True)
