# ruff: noqa: E501  (the cases read best one per line)
"""Every edge of a list through LibreOffice (issue 23, item 4): the first, the last and every
item of a goal's key areas and of its activities removed, moved away and joined away. After
LibreOffice's accept-all and reject-all, every paragraph has the style and indent of the clean
revised and base documents: "Capacity-building activities" did not stay a heading when every
key area of its goal was removed (the goal's title line, the paragraph before the deleted
block, is unlike the list).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_document import _libreoffice_missing, render_all, run_uno

from editplan import api
from editplan.core.patch import AmendmentSet

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parent.parent
GOAL, ELSEWHERE = "Goal A.1", "Goal B.4"
COUNTS = {"key area": 3, "activity": 5}
ROMAN = ["i", "ii", "iii", "iv", "v"]


def label(kind: str, n: int) -> str:
    return f"{GOAL}, {kind} ({n if kind == 'key area' else ROMAN[n - 1]})"


def amendments(op: str, kind: str, edge: str) -> list[dict[str, Any]]:
    count = COUNTS[kind]
    which = {"first": [1], "last": [count], "every": list(range(1, count + 1))}[edge]
    if op == "remove":
        return [{"id": str(n), "op": "remove", "target": label(kind, n)} for n in which]
    if op == "move":
        return [{"id": str(n), "op": "move", "target": label(kind, n), "to": ELSEWHERE,
                 "position": "end"} for n in which]  # fmt: skip
    # joined away: the first item absorbs the second, the last-but-one the last, or the first
    # every other item
    joined = {"first": [1, 2], "last": [count - 1, count], "every": list(range(1, count + 1))}[edge]
    return [{"id": "1", "op": "join", "targets": [label(kind, n) for n in joined],
             "text": "One item made of several"}]  # fmt: skip


CASES = [(op, kind, edge) for op in ("remove", "move", "join") for kind in COUNTS
         for edge in ("first", "last", "every")]  # fmt: skip


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], dict[str, Any]]:
    reason = _libreoffice_missing()
    if reason:
        pytest.skip(reason)
    plan = api.load_plan(ROOT / "plans/cb-action-plan.yaml")
    folder = tmp_path_factory.mktemp("edges")
    rendered = {}
    for n, case in enumerate(CASES):
        data = {"id": "e", "title": "Edges", "source": {"document": "DOC/1"}, "author": "Body",
                "date": "2021-05-06", "plan": "p.yaml", "base": plan.version,
                "amendments": amendments(*case)}  # fmt: skip
        rendered[case] = render_all(plan, AmendmentSet.model_validate(data), folder, f"e{n}")
    report = run_uno([p for paths in rendered.values() for p in paths.values()], None)
    return {case: {k: report[str(p)] for k, p in paths.items()} for case, paths in rendered.items()}


@pytest.mark.parametrize("case", CASES, ids=["-".join(c).replace(" ", "_") for c in CASES])
def test_libreoffice_keeps_every_style_at_every_edge_of_a_list(checked, case) -> None:  # type: ignore[no-untyped-def]
    found = checked[case]
    tracked, revised, base = found["tracked"], found["revised"], found["base"]
    assert tracked["accepted"] == revised["accepted"]
    assert tracked["rejected"] == base["accepted"]
    styles = list(zip(tracked["accepted"], tracked["accepted_layout"], revised["accepted_layout"], strict=True))
    assert [(text, got) for text, got, want in styles if got != want] == []
    styles = list(zip(tracked["rejected"], tracked["rejected_layout"], base["accepted_layout"], strict=True))
    assert [(text, got) for text, got, want in styles if got != want] == []
