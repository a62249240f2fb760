"""The versions pages: the log, a comparison of any two versions (the tracked web page that
``editplan diff -o x.html`` writes, shown in a sandboxed frame), and the downloads of a
version: its tracked .docx (against the version before), its clean .docx, its Akoma Ntoso.

Every file is made by the server into the workspace's ``out/web/`` (git ignores ``out/``) or
in memory, named by the server from a version's commit and a kind from a fixed list: nothing
in a request is ever a path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, send_file
from flask.typing import ResponseReturnValue

from editplan import api
from editplan.errors import EditplanError
from editplan.web.app import GENERATED_POLICY
from editplan.web.pages import common

bp = Blueprint("versions", __name__)

KEPT = 8  # made files of each kind kept in out/web/ (a round's compilation per state, say)
# What may be downloaded: kind -> media type.
KINDS = {
    "tracked.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "clean.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "akn.xml": "application/akn+xml",
}


@bp.get("/versions")
def log() -> ResponseReturnValue:
    with common.reading() as ws:
        plan = api.plan_at(ws, None)
        versions = common.versions(ws)
        return render_template("versions.html", plan=plan, versions=versions)


@bp.get("/compare")
def compare() -> ResponseReturnValue:
    with common.reading() as ws:
        old, new = _pair(ws)
        old_plan, new_plan = api.plan_at(ws, old.sha), api.plan_at(ws, new.sha)
        goal = request.args.get("goal") or None
        small = new_plan.element_count() <= common.SMALL_PLAN
        changed = _changed_units(old_plan, new_plan)
        if goal is not None and goal not in {u["id"] for u in changed}:
            abort(404)
        return render_template(
            "compare.html",
            old=old,
            new=new,
            goal=goal,
            small=small,
            changed=changed,
            versions=common.versions(ws),
        )


@bp.get("/compare/page")
def compare_page() -> ResponseReturnValue:
    """The tracked web page of two versions (one goal of a large plan), made once per pair."""
    with common.reading() as ws:
        old, new = _pair(ws)
        goal = request.args.get("goal") or None
        if goal is not None and all(
            api.plan_at(ws, v.sha).unit_by_id(goal) is None for v in (old, new)
        ):
            abort(404)
        name = f"compare-{old.sha[:12]}-{new.sha[:12]}" + (f"-{_safe(goal)}" if goal else "")
        path = out_folder(ws) / f"{name}.html"
        if not path.is_file():
            result = api.diff(ws, old.sha, new.sha, f"#{goal}" if goal else None)
            api.write_diff_document(ws, result, path, only=f"#{goal}" if goal else None)
        return generated(path.read_bytes())


@bp.get("/download/<at>/<kind>")
def download(at: str, kind: str) -> ResponseReturnValue:
    """A version's tracked .docx, clean .docx or Akoma Ntoso file (``at``: a version's commit,
    or "now" for the plan file as it is)."""
    if kind not in KINDS:
        abort(404)
    with common.reading() as ws:
        plan = api.plan_at(ws, None)
        snap = common.snap(ws)
        if at == "now":
            if kind == "tracked.docx":
                abort(404, description="the plan as it is has no earlier version to track")
            folder, rev, short = f"now-{snap.plan}", None, "now"
        else:
            version = common.version(ws, at)
            assert version is not None
            folder, rev, short = version.sha, version.sha, version.short
        path = out_folder(ws) / folder / f"{plan.id}.{kind}"
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            _make(ws, kind, rev, path)
            if at == "now":
                prune(path.parent.parent, "now-*")
        name = f"{plan.id}-{short}.{kind}"
        return send_file(path, mimetype=KINDS[kind], as_attachment=True, download_name=name)


def _make(ws: api.Workspace, kind: str, rev: str | None, path: Path) -> None:
    if kind == "clean.docx":
        api.render(ws, None, path, rev=rev)
    elif kind == "akn.xml":
        assert ws.find_plan() is not None
        api.export(ws, ws.plan_path(), output=path, rev=rev)
    else:
        assert rev is not None
        parent = _parent(ws, rev)
        if parent is None:
            raise EditplanError(
                "this is the plan's first version: there is no earlier one to track changes "
                "against (download its clean .docx)"
            )
        api.write_diff_document(ws, api.diff(ws, parent, rev), path)


def _parent(ws: api.Workspace, sha: str) -> str | None:
    """The version before ``sha`` in the plan's history (None for the first)."""
    versions = common.versions(ws)
    for n, v in enumerate(versions):
        if v.sha == sha:
            return versions[n + 1].sha if n + 1 < len(versions) else None
    return None


def _pair(ws: api.Workspace) -> tuple[Any, Any]:
    """The two versions a comparison names (from, to); by default the last two."""
    versions = common.versions(ws)
    if len(versions) < 2:
        raise EditplanError("the plan has fewer than two versions: there is nothing to compare")
    old = common.version(ws, request.args.get("from")) or versions[1]
    new = common.version(ws, request.args.get("to")) or versions[0]
    return old, new


def _changed_units(old: Any, new: Any) -> list[dict[str, Any]]:
    """The goals and blocks that differ between two plans, in the new plan's order (removed
    ones last), each with its label."""
    before = {u.id: u for _, u in old.units()}
    out = []
    for _, unit in new.units():
        if before.pop(unit.id, None) != unit:
            out.append({"id": unit.id, "label": unit.label})
    out += [{"id": u.id, "label": f"{u.label} (removed)"} for u in before.values()]
    return out


def out_folder(ws: api.Workspace) -> Path:
    """The server's own folder of made files: out/web/ in the workspace (git ignores out/)."""
    folder = (ws.root or ws.here) / "out" / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def prune(folder: Path, pattern: str, keep: int = KEPT) -> None:
    """Remove all but the newest ``keep`` of the made files or folders matching ``pattern``
    (each state of the workspace makes its own; only recent ones are asked for again)."""
    import shutil

    made = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in made[keep:]:
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def _safe(unit_id: str) -> str:
    return "".join(c if c.isalnum() or c in ".-_" else "_" for c in unit_id)


def generated(data: bytes) -> Response:
    """A page editplan made (a compilation, a tracked comparison), in its own sandbox."""
    response = Response(data, mimetype="text/html")
    response.headers["Content-Security-Policy"] = GENERATED_POLICY
    return response
