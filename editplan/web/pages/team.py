"""The team's pages: the merge conflicts a merge left in the plan, settled one by one
(``resolve``), and an interrupted application, finished or undone (``apply --continue`` or
``--abort``) by the secretariat."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request
from flask.typing import ResponseReturnValue

from editplan import api
from editplan.errors import InputError
from editplan.web import auth
from editplan.web.desk import Desk, Stale
from editplan.web.pages import common

bp = Blueprint("team", __name__)

CHOICES = {"ours": "Keep ours", "theirs": "Take theirs", "text": "Write this wording"}


@bp.get("/conflicts")
def conflicts() -> ResponseReturnValue:
    with common.reading() as ws:
        plan = api.plan_at(ws, None)
        return render_template(
            "conflicts.html",
            plan=plan,
            conflicts=plan.conflicts,
            token=Desk.plan_token(common.snap(ws)),
            choices=CHOICES,
            report=common.take_report(),
        )


@bp.post("/conflicts/resolve")
@auth.require("secretariat")
def resolve() -> ResponseReturnValue:
    form = request.form
    choice, element = form["choice"], form["element"]
    if choice not in CHOICES:
        raise InputError(f"unknown choice {choice!r}; choose ours, theirs or a wording")
    text = form.get("text", "").strip() if choice == "text" else None
    if choice == "text" and not text:
        raise InputError("write the wording that settles the conflict")
    with common.desk().writing() as ws:
        snap = common.desk().snapshot(ws)
        if Desk.plan_token(snap) != form.get("token"):
            raise Stale(
                "the plan file changed since this page was made (another conflict settled, or "
                "the merge concluded). Nothing was written; reload to see what is left."
            )
        found = api.resolve(ws, f"#{element}", choice, text)
    lines = [f"{c.at or c.element} ({c.field}): {CHOICES[choice].lower()}" for c in found.settled]
    lines.append(
        f"{found.left} conflict{'s' if found.left != 1 else ''} left"
        if found.left
        else "no conflict is left: the plan file is ready; conclude the merge in git "
        f"(git add {api.display(found.path)} && git commit)"
    )
    common.report("Conflict settled", lines)
    return redirect("/conflicts")


@bp.post("/recovery/<how>")
@auth.require("secretariat")
def recover(how: str) -> ResponseReturnValue:
    """Finish (continue) or undo (abort) an interrupted application."""
    if how not in ("continue", "abort"):
        raise InputError("an interrupted application is finished (continue) or undone (abort)")
    with common.desk().writing() as ws:
        snap = common.desk().snapshot(ws)
        if snap.interrupted is None:
            raise Stale("no application is interrupted any more (someone ended it): nothing done")
        if Desk.plan_token(snap) != request.form.get("token"):
            raise Stale("the plan file changed since this page was made; reload and choose again")
        done = api.continue_apply(ws) if how == "continue" else api.abort_apply(ws)
    finished = how == "continue"
    verb = "finished" if finished else "undone"
    lines = [f"{'written' if finished else 'put back'}: {api.display(p)}" for p in done.files]
    if done.commit:
        made = "committed as" if finished else "commit taken back:"
        lines.append(f"{made} {done.commit[:7]}")
    common.report(f"The application of {', '.join(done.sets)} is {verb}", lines)
    return redirect("/plan")
