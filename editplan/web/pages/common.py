"""What every page shares: the desk, this request's snapshot, the plan at a version, and the
report a write leaves for the page after it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import abort, current_app, g, session

from editplan import api
from editplan.errors import EditplanError
from editplan.web.desk import Desk

SHA = re.compile(r"^[0-9a-f]{7,40}$")
SMALL_PLAN = 1_500  # elements: a plan this size is shown whole; a larger one a goal at a time


def desk() -> Desk:
    found: Desk = current_app.config["EDITPLAN_DESK"]
    return found


@contextmanager
def reading() -> Iterator[api.Workspace]:
    with desk().reading() as ws:
        yield ws


def snap(ws: api.Workspace) -> api.Snapshot:
    """The workspace's snapshot, taken once per request."""
    if "snap" not in g:
        g.snap = desk().snapshot(ws)
    found: api.Snapshot = g.snap
    return found


def versions(ws: api.Workspace, *, quiet: bool = False) -> list[Any]:
    """The plan's versions, newest first (none outside git or before the first commit).
    ``quiet``: none either while the history cannot be read (an interrupted application,
    which every page's banner explains), for pages that show the plan all the same."""
    current = snap(ws)
    if current.head is None or current.plan_path is None:
        return []
    try:
        return desk().keep(current, "log", lambda: list(api.log(ws)))
    except EditplanError:
        if quiet:
            return []
        raise


def version(ws: api.Workspace, at: str | None) -> Any | None:
    """The version a request names by its commit (None: the plan file as it is now); a name
    that is not one of the plan's versions is not found."""
    if not at:
        return None
    if not SHA.match(at):
        abort(404)
    for v in versions(ws, quiet=True):
        if v.sha.startswith(at):
            return v
    abort(404)


def plan_at(ws: api.Workspace, at: str | None) -> Any:
    """The plan as it is now, or at a version of its history."""
    v = version(ws, at)
    return api.plan_at(ws, None if v is None else v.sha)


def places(ws: api.Workspace, plan: Any, at: str | None) -> dict[str, Any]:
    """Where every element is in ``plan`` (kept per version)."""
    return desk().keep(snap(ws), "places", plan.locate, at or "now")


def banner() -> dict[str, Any] | None:
    """What every page says first: an application that was interrupted (what it did, and
    what finishing or undoing it would do)."""
    try:
        with reading() as ws:
            current = snap(ws)
    except EditplanError:
        return None
    if current.interrupted is None:
        return None
    return {"text": current.interrupted, "token": Desk.plan_token(current)}


def report(title: str, lines: list[str], text: str | None = None) -> None:
    """Leave the report of a write for the page after it (shown once)."""
    session["report"] = desk().leave({"title": title, "lines": lines, "text": text})


def take_report() -> dict[str, Any] | None:
    key = session.pop("report", None)
    return desk().take(key) if isinstance(key, str) else None
