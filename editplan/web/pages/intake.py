"""Bringing things in: a reviewer's returned copy (``collect``) or a body's report
(``extract``), uploaded, read, shown amendment by amendment (authors, instructions,
candidates), then saved as a patch file in amendments/ and committed under the user's name.

An upload is kept in the server's own temporary folder under a name of its choosing, never in
the workspace and never under a path from the request; it is read by the same hardened
readers as the command line's (zip bombs, DOCTYPEs and the like are refused), and it is
refused above the desk's size limit before it is read.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, g, redirect, render_template, request
from flask.typing import ResponseReturnValue

from editplan import api
from editplan.errors import EditplanError, InputError
from editplan.web import auth
from editplan.web.desk import Desk, Stale, Upload
from editplan.web.pages import common
from editplan.web.pages.round import set_names

bp = Blueprint("intake", __name__)

SET_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,59}$")


@bp.get("/bring")
@auth.require("reviewer")
def page() -> ResponseReturnValue:
    return render_template("bring.html")


@bp.post("/bring/copy")
@auth.require("reviewer")
def copy() -> ResponseReturnValue:
    return _receive("copy", "document", (".docx",))


@bp.post("/bring/report")
@auth.require("reviewer")
def report() -> ResponseReturnValue:
    paragraph = request.form.get("paragraph", "").strip()
    if paragraph and not paragraph.isdigit():
        raise InputError(f"a paragraph is a number, not {paragraph!r}")
    number = int(paragraph) if paragraph else None
    return _receive("report", "report", (".docx", ".txt", ".md"), number)


def _receive(
    kind: str, field: str, suffixes: tuple[str, ...], paragraph: int | None = None
) -> ResponseReturnValue:
    sent = request.files.get(field)
    if sent is None or not sent.filename:
        raise InputError("choose a file to send")
    name = sent.filename
    if not name.lower().endswith(suffixes):
        raise InputError(
            f"{_shown(name)} is not a {' or '.join(suffixes)} file; "
            + ("a reviewer's copy is the .docx editplan sent out, with the reviewer's "
               "tracked changes" if kind == "copy" else "a report is text, Markdown or .docx")
        )  # fmt: skip
    data = sent.read()
    with common.reading() as ws:
        token = Desk.plan_token(common.snap(ws))
    upload = common.desk().keep_upload(
        data, name, kind=kind, owner=g.user.login, plan_token=token, paragraph=paragraph
    )
    _read(upload)  # refuse now what cannot be read, before the user sees a preview page
    return redirect(f"/bring/{upload.token}")


@bp.get("/bring/<token>")
@auth.require("reviewer")
def preview(token: str) -> ResponseReturnValue:
    upload = common.desk().upload(token, g.user.login)
    found = _read(upload)
    return render_template("preview.html", upload=upload, **found)


@bp.post("/bring/<token>/save")
@auth.require("reviewer")
def save(token: str) -> ResponseReturnValue:
    upload = common.desk().upload(token, g.user.login)
    set_id = request.form.get("set_id", "").strip()
    if not SET_ID.match(set_id):
        raise InputError(
            f"{set_id!r} is not a set id: lower-case letters, digits, '.', '-' and '_'"
        )
    with common.desk().writing() as ws:
        snap = common.desk().snapshot(ws)
        if Desk.plan_token(snap) != upload.plan_token:
            raise Stale(
                "the plan changed since this file was read (a decision applied, or another "
                "set): what it would amend may read differently now. Nothing was written; "
                "send the file again to see its amendments against the plan as it is."
            )
        taken = set_names(ws, snap)
        if set_id in taken:
            raise InputError(
                f"the workspace has a set {set_id} already ({taken[set_id]}); choose another id"
            )
        output = (ws.root or ws.here) / "amendments" / f"{set_id}.yaml"
        output.parent.mkdir(exist_ok=True)
        if upload.kind == "copy":
            outcome = api.collect(
                ws, upload.path, set_id=set_id, output=output, commit=True, author=auth.author()
            )
            commit = outcome.commit
        else:
            api.extract(
                ws, upload.path, paragraph=upload.paragraph, output=output, commit=True,
                author=auth.author(), set_id=set_id,
            )  # fmt: skip
            commit = None
        common.desk().forget_upload(upload.token)
    lines = [f"saved as amendments/{set_id}.yaml"]
    if commit:
        lines.append(f"committed as {commit[:7]}")
    common.report(f"Set {set_id} saved from {upload.name}", lines)
    return redirect("/round")


def _read(upload: Upload) -> dict[str, Any]:
    """What an upload would bring in, as the preview shows it (kept while the workspace holds
    the same files). Errors name the file as it was sent, not where the server keeps it."""
    with common.reading() as ws:
        snap = common.snap(ws)
        try:
            return common.desk().keep(snap, "preview", lambda: _reading(ws, upload), upload.token)
        except EditplanError as exc:
            exc.message = exc.message.replace(str(upload.path), upload.name)
            if exc.location is not None and exc.location.path == str(upload.path):
                exc.location = None
                exc.message = f"{upload.name}: {exc.message}"
            raise


def _reading(ws: api.Workspace, upload: Upload) -> dict[str, Any]:
    if upload.kind == "copy":
        found = api.collect(ws, upload.path)
        sets = [
            {
                "id": s.aset.id,
                "author": s.aset.author,
                "amendments": [a.model_dump(mode="json", exclude_none=True)
                               for a in s.aset.amendments],
                "conflicts": s.conflicts,
            }
            for s in found.sets
        ]  # fmt: skip
        return {
            "sets": sets,
            "summary": f"against version {found.base_version!r}",
            "notes": [*found.warnings, *found.listed, *found.notes],
            "suggested": sets[0]["id"] if sets else "",
        }
    result = api.extract(ws, upload.path, paragraph=upload.paragraph)
    amendments = [dict(a) for item in result.items for a in item.amendments]
    return {
        "sets": [{"id": result.header.get("id", ""), "author": result.header.get("author", ""),
                  "amendments": amendments, "conflicts": []}],
        "summary": result.summary(),
        "notes": [*result.problems, *(f"{k}: {v}" for k, v in result.review.items())],
        "suggested": str(result.header.get("id", "")),
    }  # fmt: skip


def _shown(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1][:80]
