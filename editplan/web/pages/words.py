"""Who wrote every word, as the element page shows it: the element's wording as runs, each
marked by its source (a class per source, what it is on hover), and the list of those sources
beside it: the version (linked to the plan at that version), the commit, the set and amendment
(linked to the proposal in the round while its set is in the workspace), whose words, the
meeting's decision, or the base text. From ``api.blame``, kept per state of the workspace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from editplan import api
from editplan.errors import EditplanError
from editplan.web.pages import common

HUES = 6  # the stylesheet's colours for sources other than the base text (src-1 .. src-6)


@dataclass(frozen=True)
class Words:
    """One element's words and their sources, ready for the page; ``removed``: what removed
    the element, when it is no longer in the plan (its last wording is shown)."""

    runs: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    removed: dict[str, Any] | None


def who_wrote(
    ws: api.Workspace, snap: api.Snapshot, element_id: str, in_round: set[str]
) -> tuple[Words | None, str | None]:
    """The element's words with their sources, or why they cannot be told (no history yet,
    an interrupted application, a version that is no plan). ``in_round``: the ids of the sets
    the workspace holds, whose proposals the round page shows."""
    try:
        found = common.desk().keep(
            snap, "blame", lambda: api.blame(ws, f"#{element_id}"), element_id
        )
    except EditplanError as exc:
        return None, str(exc)
    element = next((e for e in found.elements if e.element_id == element_id), None)
    if element is None:
        return None, None
    sources = [_source(n, credit, in_round) for n, credit in enumerate(element.sources)]
    runs = [
        {"text": run.text, "n": run.source, "hue": sources[run.source]["hue"],
         "title": sources[run.source]["title"]}
        for run in element.runs
    ]  # fmt: skip
    removed = None if element.removed is None else _source(-1, element.removed, in_round)
    return Words(runs, sources, removed), None


def _source(n: int, credit: Any, in_round: set[str]) -> dict[str, Any]:
    """What the page says of one source (``credit``: an ``api.Credit``)."""
    named = {
        "base": "base text",
        "edit": "edited outside editplan",
        "uncommitted": "not committed yet",
    }.get(credit.kind) or f"{credit.amendment} of {credit.set_id}"
    link = None
    if credit.kind == "amendment" and credit.set_id in in_round and credit.amendment:
        link = f"/round#p-{credit.set_id}-{credit.amendment}"
    whose = _whose(credit)
    decision = _decision(credit) if credit.kind == "amendment" else None
    hue = "base" if credit.kind == "base" else f"src-{n % HUES + 1}"
    title = "; ".join(
        part for part in (named, whose, decision, _when(credit)) if part
    )  # what a hover over the words says
    return {"n": n, "credit": credit, "named": named, "link": link, "whose": whose,
            "decision": decision, "hue": hue, "title": title}  # fmt: skip


def _whose(credit: Any) -> str | None:
    if credit.kind == "edit":
        return f"by {credit.committer}: {credit.subject}" if credit.committer else credit.subject
    if credit.kind != "amendment":
        return None
    said = f"words of {credit.author or 'unknown'}"
    if credit.proposed_by:
        said += f", on a proposal of {credit.proposed_by}"
    return said


def _decision(credit: Any) -> str:
    """The meeting's decision on the amendment, as the version applied it."""
    if credit.agreed_text:
        said = f"agreed as orally amended by {credit.decided_by or 'the meeting'}"
    elif credit.status in (None, "proposed"):
        said = "applied as proposed"
    else:
        said = str(credit.status)
    return said + (f" ({credit.note})" if credit.note else "")


def _when(credit: Any) -> str | None:
    if credit.kind == "uncommitted":
        return None
    version = f'version "{credit.version}"' if credit.version else "version"
    return f"{version}, {credit.short}" + (f", {credit.date[:10]}" if credit.date else "")
