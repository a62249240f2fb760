"""The plan pages: the plan at any version (whole when small, a goal at a time when large),
one goal, and one element with its history and its open proposals."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request
from flask.typing import ResponseReturnValue

from editplan import api
from editplan.errors import EditplanError
from editplan.web.pages import common
from editplan.web.pages.words import who_wrote

bp = Blueprint("plan", __name__)


@bp.get("/")
def home() -> ResponseReturnValue:
    return redirect("/plan")


@bp.get("/plan")
def whole() -> ResponseReturnValue:
    at = request.args.get("at") or None
    with common.reading() as ws:
        plan = common.plan_at(ws, at)
        small = plan.element_count() <= common.SMALL_PLAN
        units = [_unit(plan, unit, items=small) for _, unit in plan.units()]
        return render_template(
            "plan.html",
            plan=plan,
            areas=_areas(plan, units),
            small=small,
            at=common.version(ws, at),
            versions=common.versions(ws, quiet=True),
            report=common.take_report(),
        )


@bp.get("/plan/<unit_id>")
def goal(unit_id: str) -> ResponseReturnValue:
    at = request.args.get("at") or None
    with common.reading() as ws:
        plan = common.plan_at(ws, at)
        found = plan.unit_by_id(unit_id)
        if found is None:
            abort(404)
        order = [u.id for _, u in plan.units()]
        n = order.index(unit_id)
        return render_template(
            "goal.html",
            plan=plan,
            unit=_unit(plan, found, items=True),
            before=order[n - 1] if n > 0 else None,
            after=order[n + 1] if n + 1 < len(order) else None,
            at=common.version(ws, at),
            versions=common.versions(ws, quiet=True),
        )


@bp.get("/element/<element_id>")
def element(element_id: str) -> ResponseReturnValue:
    with common.reading() as ws:
        plan = api.plan_at(ws, None)
        place = common.places(ws, plan, None).get(element_id)
        snap = common.snap(ws)
        history: list[Any] = []
        problem = None
        try:
            history = common.desk().keep(
                snap, "element log", lambda: list(api.log(ws, f"#{element_id}")), element_id
            )
        except EditplanError as exc:
            if place is None:
                abort(404)
            problem = str(exc)
        if place is None and not history:
            abort(404)
        proposals, round_problem = _open_proposals(ws, snap, element_id)
        words, words_problem = who_wrote(ws, snap, element_id, _sets_in_round(ws, snap))
        return render_template(
            "element.html",
            plan=plan,
            element_id=element_id,
            place=place,
            unit_id=place.unit.id if place is not None else None,
            history=history,
            problem=problem,
            proposals=proposals,
            round_problem=round_problem,
            words=words,
            words_problem=words_problem,
        )


def _sets_in_round(ws: api.Workspace, snap: api.Snapshot) -> set[str]:
    """The ids of the sets the round page shows (the readable patch files of amendments/)."""
    from editplan.web.pages.round import set_names

    return set(set_names(ws, snap))


def _open_proposals(
    ws: api.Workspace, snap: api.Snapshot, element_id: str
) -> tuple[list[Any], str | None]:
    """The proposals of the workspace's sets that name the element and are still open
    (proposed or agreed, not applied); or why they could not be found. Only references are
    resolved (kept per state of the workspace, for every element at once)."""
    from editplan.web.pages.round import readable

    paths = readable(ws, snap)
    try:
        found = common.desk().keep(snap, "open", lambda: api.open_proposals(ws, paths))
    except EditplanError as exc:
        return [], str(exc)
    return found.get(element_id, []), None


def round_of(ws: api.Workspace, snap: api.Snapshot) -> Any | None:
    """Every proposal of the workspace's patch files (None when it has none), kept while the
    workspace holds the same files."""
    from editplan.web.pages.round import readable

    paths = readable(ws, snap)
    if not paths:
        return None
    return common.desk().keep(snap, "round", lambda: api.gather(ws, paths))


def _unit(plan: Any, unit: Any, *, items: bool) -> dict[str, Any]:
    """A goal or block as the pages show it: label, title(s), and numbered items."""
    view: dict[str, Any] = {
        "id": unit.id,
        "label": unit.label,
        "title": getattr(unit, "title", None),
        "goals": [{"id": g.id, "title": g.title} for g in getattr(unit, "goals", [])],
        "count": len(unit.key_areas) + len(unit.activities),
    }
    if items:
        shown = api.unit_view(unit)
        view["key_areas"] = shown["key_areas"]
        view["activities"] = shown["activities"]
    return view


def _areas(plan: Any, units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {u["id"]: u for u in units}
    return [
        {"id": a.id, "title": a.title, "units": [by_id[u.id] for u in a.goals]}
        for a in plan.areas
    ]

