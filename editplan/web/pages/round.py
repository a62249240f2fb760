"""The round: where each set stands, every proposal with what it would do and what it
collides with, the compilation, the meeting's decisions, and the text as agreed applied.

A decision names the proposal's state as the page showed it (its status and decision); if
another browser decided it since, the decision is refused and nothing is written. Applying
names the state of the plan and of every patch file as the page showed them.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request
from flask.typing import ResponseReturnValue

from editplan import api
from editplan.errors import EditplanError, InputError
from editplan.web import auth
from editplan.web.desk import Desk, Stale
from editplan.web.pages import common
from editplan.web.pages.plan import round_of
from editplan.web.pages.versions import generated, out_folder, prune

bp = Blueprint("round", __name__)

DECISIONS = {"agreed": "Agree", "rejected": "Reject", "withdrawn": "Withdraw"}


@bp.get("/round")
def page() -> ResponseReturnValue:
    with common.reading() as ws:
        snap = common.snap(ws)
        names = set_names(ws, snap)
        standing, problem = _standing(ws, snap)
        found = None
        try:
            found = round_of(ws, snap)
        except EditplanError as exc:
            problem = problem or str(exc)
        return render_template(
            "round.html",
            standing=standing,
            round=found,
            rows=rows(found, names) if found is not None else [],
            problem=problem,
            round_token=Desk.round_token(snap),
            unreadable=unreadable(ws, snap),
            decisions=DECISIONS,
            report=common.take_report(),
        )


@bp.get("/round/compilation")
def compilation() -> ResponseReturnValue:
    """The compilation of every set (``editplan compile amendments/*.yaml -o x.html``), made
    once per state of the workspace, shown in a sandboxed frame.

    Compiling gives the proposals without a number the next ones and commits the round's
    register, as ``compile`` does: so it is made under the write lock (never beside another
    write), and the commit is the signed-in user's."""
    with common.reading() as ws:
        snap = common.snap(ws)
        path = out_folder(ws) / f"round-{snap.key}.html"
        if path.is_file():
            return generated(path.read_bytes())
    with common.desk().writing() as ws:
        snap = common.desk().snapshot(ws)  # as it is now, under the lock
        paths = readable(ws, snap)
        if not paths:
            raise InputError("the workspace has no readable patch file in amendments/")
        folder = out_folder(ws)
        path = folder / f"round-{snap.key}.html"
        if not path.is_file():
            api.compile_round(ws, paths, path, force=True, author=auth.author())
            prune(folder, "round-*.html")
        return generated(path.read_bytes())


@bp.post("/round/decide")
@auth.require("secretariat")
def decide() -> ResponseReturnValue:
    form = request.form
    name, amendment_id, status = form["set"], form["amendment"], form["status"]
    if status not in DECISIONS:
        raise InputError(f"unknown decision {status!r}; the decisions are {', '.join(DECISIONS)}")
    text = form.get("text", "").strip() or None
    note = form.get("note", "").strip() or None
    with common.desk().writing() as ws:
        desk = common.desk()
        now = desk.proposal_now(ws, name, amendment_id)
        if Desk.proposal_token(name, now) != form.get("token"):
            raise Stale(
                f"{amendment_id} of {name} changed since this page was made (it is now "
                f"{now.status}{_decided(now)}): someone decided it in another browser. "
                "Nothing was written; reload the round to see where it stands."
            )
        outcome = api.decide(
            ws, desk.set_path(ws, name), [amendment_id], status,
            text=text, note=note, author=auth.author(),
        )  # fmt: skip
    lines = [f"{outcome.set_id} {', '.join(outcome.amendment_ids)}: {outcome.status}"]
    if text:
        lines.append(f"as orally amended: {text}")
    if outcome.commit:
        lines.append(f"committed as {outcome.commit[:7]}")
    lines += outcome.warnings + [f"not checked: {u}" for u in outcome.unchecked]
    common.report("Decision recorded", lines)
    return redirect(f"/round#p-{outcome.set_id}-{amendment_id}")


@bp.post("/round/apply")
@auth.require("secretariat")
def apply_agreed() -> ResponseReturnValue:
    with common.desk().writing() as ws:
        snap = common.desk().snapshot(ws)
        if Desk.round_token(snap) != request.form.get("token"):
            raise Stale(
                "the plan or a patch file changed since this page was made (a decision, an "
                "application or a new set): what would be applied is no longer what the page "
                "showed. Nothing was written; reload the round and apply again."
            )
        standing, problem = _standing(ws, snap)
        if problem is not None:
            raise InputError(problem)
        chosen = [s.path for s in standing if s.counts.get("agreed") and s.counts.get("pending")]
        if not chosen:
            raise InputError("no agreed amendment is waiting to be applied")
        paths = [common.desk().set_path(ws, name) for name in chosen]
        outcome = api.apply_agreed(ws, paths, author=auth.author())
    text = "\n".join(api.change_text(changes) for changes in outcome.changes)
    lines = [f"plan {outcome.plan.id} is now at version {outcome.plan.version!r}"]
    if outcome.commit:
        lines.append(f"committed as {outcome.commit[:7]}")
    lines += [f"wrote {api.display(p)}" for p in outcome.written] + outcome.warnings
    common.report("The agreed text is applied", lines, text)
    return redirect("/round")


def _standing(ws: api.Workspace, snap: api.Snapshot) -> tuple[list[Any], str | None]:
    """Where each readable set stands (``editplan status``), or why it could not be said."""
    paths = readable(ws, snap)
    if not paths:
        return [], None
    try:
        return common.desk().keep(snap, "status", lambda: list(api.status(ws, paths))), None
    except EditplanError as exc:
        return [], str(exc)


def readable(ws: api.Workspace, snap: api.Snapshot) -> list[Any]:
    """The patch files of amendments/ that can be read (the others are listed on the round
    page with what is wrong: one broken file does not hide the rest)."""
    desk = common.desk()
    return [desk.set_path(ws, name) for name in set_names(ws, snap).values()]


def unreadable(ws: api.Workspace, snap: api.Snapshot) -> list[str]:
    """What is wrong with each patch file of amendments/ that cannot be read."""
    return _sets(ws, snap)[1]


def set_names(ws: api.Workspace, snap: api.Snapshot) -> dict[str, str]:
    """Set id -> the patch file's place in the workspace (what forms name), of the sets that
    can be read."""
    return _sets(ws, snap)[0]


def _sets(ws: api.Workspace, snap: api.Snapshot) -> tuple[dict[str, str], list[str]]:
    def read() -> tuple[dict[str, str], list[str]]:
        names: dict[str, str] = {}
        problems = []
        for name in common.desk().set_names(ws):
            try:
                names[api.load_set(common.desk().set_path(ws, name)).id] = name
            except EditplanError as exc:
                problems.append(str(exc))
        return names, problems

    return common.desk().keep(snap, "sets", read)


def rows(found: Any, names: dict[str, str]) -> list[dict[str, Any]]:
    """Each proposal as the round's table shows it, with what its forms name."""
    out = []
    for p in found.proposals:
        name = names.get(p.set_id)
        out.append(
            {
                "p": p,
                "set_name": name,
                "token": Desk.proposal_token(name, p.amendment) if name else None,
                "collisions": [
                    (c.other(p.key).key, c.reason) for c in found.collisions_of(p.key)
                ],
                "same": [q.key for q in found.same_as(p.key) if q.key != p.key],
                "decided": _decided(p.amendment),
            }
        )
    return out


def _decided(amendment: Any) -> str:
    decision = amendment.decision
    if decision is None or decision.text is None:
        return ""
    return f", as orally amended: {decision.text!r}"
