"""The three-way merge of plans by element id (core.merge): pure, no git."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from team_strategies import set_pairs

from editplan.core import merge
from editplan.core.applier import apply_set
from editplan.core.conflicts import check_resolved, conflict_text, resolve
from editplan.core.merge import merge_plans
from editplan.core.model import Plan
from editplan.errors import ConflictError, InputError

BASE: dict[str, Any] = {
    "id": "p",
    "title": "A plan",
    "version": "v1",
    "areas": [
        {
            "id": "A",
            "title": "Area A",
            "goals": [
                {
                    "id": "A.1",
                    "title": "First goal",
                    "key_areas": [
                        {"id": "k1", "text": "One"},
                        {"id": "k2", "text": "Two"},
                        {"id": "k3", "text": "Three"},
                        {"id": "k4", "text": "Four"},
                    ],
                    "activities": [{"id": "t1", "text": "Act one"}],
                },
                {
                    "id": "A.2",
                    "title": "Second goal",
                    "key_areas": [{"id": "m1", "text": "Uno"}],
                    "activities": [],
                },
            ],
        }
    ],
}


def plan(edit: Any = None, **top: Any) -> Plan:
    """The base plan, changed by ``edit(data)``."""
    data = copy.deepcopy(BASE)
    data.update(top)
    if edit is not None:
        edit(data)
    return Plan.model_validate(data)


def kas(data: dict[str, Any], goal: int = 0) -> list[dict[str, Any]]:
    return data["areas"][0]["goals"][goal]["key_areas"]


def ids(p: Plan, goal: int = 0) -> list[str]:
    return [i.id for i in p.areas[0].goals[goal].key_areas]


def texts(p: Plan, goal: int = 0) -> list[str]:
    return [i.text for i in p.areas[0].goals[goal].key_areas]


def set_text(element: str, text: str, goal: int = 0) -> Any:
    def edit(data: dict[str, Any]) -> None:
        next(i for i in kas(data, goal) if i["id"] == element)["text"] = text

    return edit


def test_edits_to_different_elements_merge():
    merged = merge_plans(plan(), plan(set_text("k1", "Ours")), plan(set_text("k2", "Theirs")))
    assert merged.conflicts == []
    assert texts(merged.plan) == ["Ours", "Theirs", "Three", "Four"]


def test_the_same_change_on_both_sides_is_no_conflict():
    same = plan(set_text("k1", "Both"))
    merged = merge_plans(plan(), same, same)
    assert merged.conflicts == []
    assert texts(merged.plan)[0] == "Both"


def test_additions_in_one_list_at_different_places_merge():
    def ours(data):
        kas(data).insert(1, {"id": "o1", "text": "Ours after one"})

    def theirs(data):
        kas(data).append({"id": "t9", "text": "Theirs at the end"})

    merged = merge_plans(plan(), plan(ours), plan(theirs))
    assert merged.conflicts == []
    assert ids(merged.plan) == ["k1", "o1", "k2", "k3", "k4", "t9"]


def test_additions_at_one_place_go_ours_first():
    def add(new_id):
        return lambda data: kas(data).append({"id": new_id, "text": new_id})

    merged = merge_plans(plan(), plan(add("o1")), plan(add("t1x")))
    assert merged.conflicts == []
    assert ids(merged.plan)[-2:] == ["o1", "t1x"]


def test_a_move_on_one_side_and_a_rewording_on_the_other_merge():
    def move(data):
        kas(data).append(kas(data).pop(0))

    merged = merge_plans(plan(), plan(move), plan(set_text("k1", "Reworded")))
    assert merged.conflicts == []
    assert ids(merged.plan) == ["k2", "k3", "k4", "k1"]
    assert texts(merged.plan)[-1] == "Reworded"


def test_a_move_to_another_goal_and_a_rewording_merge():
    def move(data):
        kas(data, 1).append(kas(data).pop(1))

    merged = merge_plans(plan(), plan(set_text("k2", "Reworded")), plan(move))
    assert merged.conflicts == []
    assert ids(merged.plan, 1) == ["m1", "k2"]
    assert texts(merged.plan, 1)[-1] == "Reworded"


def test_a_removal_and_an_edit_elsewhere_merge():
    def remove(data):
        del kas(data)[2]

    merged = merge_plans(plan(), plan(remove), plan(set_text("k4", "Theirs")))
    assert merged.conflicts == []
    assert texts(merged.plan) == ["One", "Two", "Theirs"]


def test_both_changing_one_element_is_a_conflict_holding_ours():
    merged = merge_plans(
        plan(),
        plan(set_text("k2", "Ours two")),
        plan(set_text("k2", "Theirs two")),
        ours_commit="1111111 (main)",
        theirs_commit="2222222 (lg15)",
    )
    [conflict] = merged.conflicts
    assert (conflict.element, conflict.field, conflict.base) == ("k2", "text", "Two")
    assert (conflict.ours, conflict.theirs) == ("Ours two", "Theirs two")
    assert conflict.at == "Goal A.1, key area (2)"
    assert texts(merged.plan)[1] == "Ours two"
    assert merged.plan.conflicts == [conflict]
    said = conflict_text(conflict)
    for part in ("Goal A.1, key area (2)", "k2", "Ours two", "Theirs two", "1111111", "2222222"):
        assert part in said


def test_one_side_removing_what_the_other_changed_is_a_conflict():
    def remove(data):
        del kas(data)[1]

    merged = merge_plans(plan(), plan(remove), plan(set_text("k2", "Theirs two")))
    [conflict] = merged.conflicts
    assert (conflict.element, conflict.ours, conflict.theirs) == ("k2", None, "Theirs two")
    assert "ours removed it" in conflict_text(conflict)
    # the element stays, with the wording of the side that kept it, until resolved
    assert ids(merged.plan) == ["k1", "k2", "k3", "k4"]
    assert texts(merged.plan)[1] == "Theirs two"
    assert ids(resolve(merged.plan, conflict, "ours")) == ["k1", "k3", "k4"]
    kept = resolve(merged.plan, conflict, "theirs")
    assert texts(kept)[1] == "Theirs two" and kept.conflicts == []


def test_a_removal_wins_over_a_new_order_of_the_list():
    def remove(data):
        del kas(data)[0]

    def reorder(data):
        kas(data).reverse()

    merged = merge_plans(plan(), plan(remove), plan(reorder))
    assert merged.conflicts == []
    assert "k1" not in ids(merged.plan)


def test_both_adding_one_id_the_same_way_is_one_element():
    def add(data):
        kas(data).append({"id": "new", "text": "Same"})

    merged = merge_plans(plan(), plan(add), plan(add))
    assert merged.conflicts == []
    assert ids(merged.plan).count("new") == 1


def test_both_adding_one_id_differently_is_a_conflict():
    def add(text):
        return lambda data: kas(data).append({"id": "new", "text": text})

    merged = merge_plans(plan(), plan(add("Ours")), plan(add("Theirs")))
    [conflict] = merged.conflicts
    assert (conflict.element, conflict.base, conflict.ours, conflict.theirs) == (
        "new",
        None,
        "Ours",
        "Theirs",
    )
    assert ids(merged.plan).count("new") == 1
    assert texts(resolve(merged.plan, conflict, "theirs"))[-1] == "Theirs"


def test_both_adding_one_id_in_different_places_is_a_place_conflict():
    def ours(data):
        kas(data).append({"id": "new", "text": "Same"})

    def theirs(data):
        kas(data, 1).append({"id": "new", "text": "Same"})

    merged = merge_plans(plan(), plan(ours), plan(theirs))
    [conflict] = merged.conflicts
    assert (conflict.field, conflict.ours, conflict.theirs) == (
        "place",
        "A.1/key_areas/5",
        "A.2/key_areas/2",
    )
    moved = resolve(merged.plan, conflict, "theirs")
    assert "new" not in ids(moved) and ids(moved, 1) == ["m1", "new"]
    with pytest.raises(InputError, match="place"):
        resolve(merged.plan, conflict, "text", "Words")


def test_one_element_a_goal_on_one_side_and_a_block_on_the_other_cannot_merge():
    def goal(data):
        data["areas"][0]["goals"].append({"id": "A.3", "title": "T"})

    def block(data):
        data["areas"][0]["goals"].append(
            {"id": "A.3", "goals": [{"id": "A.4", "title": "x"}, {"id": "A.5", "title": "y"}]}
        )

    with pytest.raises(InputError, match=r"'A\.3' is a block on one side and a goal"):
        merge_plans(plan(), plan(goal), plan(block))


def test_versions_of_two_sets_are_joined():
    merged = merge_plans(plan(), plan(version="v1 + lg14"), plan(version="v1 + sbi3"))
    assert merged.conflicts == []
    assert merged.plan.version == "v1 + lg14 + sbi3"


def test_a_changed_title_and_plan_field_conflict_by_name():
    def title(text):
        def edit(data):
            data["areas"][0]["goals"][0]["title"] = text

        return edit

    merged = merge_plans(
        plan(), plan(title("Ours"), note="Ours"), plan(title("Theirs"), note="Theirs")
    )
    fields = {(c.element, c.field) for c in merged.conflicts}
    assert fields == {("A.1", "title"), ("p", "note")}
    note = next(c for c in merged.conflicts if c.field == "note")
    assert note.at == "plan p"
    assert resolve(merged.plan, note, "text", "Agreed").note == "Agreed"


def test_a_goal_removed_on_one_side_stays_when_the_other_changed_inside_it():
    def remove_goal(data):
        del data["areas"][0]["goals"][1]

    def edit_inside(data):
        kas(data, 1)[0]["text"] = "Changed"

    merged = merge_plans(plan(), plan(remove_goal), plan(edit_inside))
    assert {(c.element, c.field) for c in merged.conflicts} == {("m1", "text"), ("A.2", "place")}
    goal = next(c for c in merged.conflicts if c.element == "A.2")
    assert len(resolve(merged.plan, goal, "ours").areas[0].goals) == 1
    # removing the goal leaves nothing to settle for what was inside it
    assert resolve(merged.plan, goal, "ours").conflicts == []


def test_a_version_with_conflicts_cannot_be_merged_again():
    conflicted = merge_plans(plan(), plan(set_text("k1", "O")), plan(set_text("k1", "T"))).plan
    with pytest.raises(InputError, match="unresolved conflict"):
        merge_plans(plan(), conflicted, plan())


def test_check_resolved_names_every_conflict_and_both_sides():
    merged = merge_plans(
        plan(),
        plan(set_text("k1", "O1"), note="x"),
        plan(set_text("k1", "T1"), note="y"),
        ours_commit="aaaaaaa (main)",
        theirs_commit="bbbbbbb (lg15)",
    )
    with pytest.raises(ConflictError) as caught:
        check_resolved(merged.plan, "plans/p.yaml", [12, 20])
    message = str(caught.value)
    assert message.startswith("plans/p.yaml:12: 2 unresolved merge conflicts")
    for part in ("k1", "O1", "T1", "aaaaaaa (main)", "bbbbbbb (lg15)", "line 20"):
        assert part in message
    assert caught.value.exit_code == 3
    check_resolved(plan(), "plans/p.yaml")  # no conflicts: nothing to say


def test_the_moved_elements_of_a_list_are_the_fewest():
    base = merge.flatten(plan())
    side = merge.flatten(plan(lambda d: kas(d).insert(0, kas(d).pop(2))))
    assert merge._moved(base, side) == {"k3"}


# --- the property of the issue, on the pure merge ---------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=set_pairs())
def test_merging_two_sets_equals_applying_both_in_one_go(case):
    base, first, second, both = case
    ours = apply_set(first, base).plan if first.amendments else base
    theirs = apply_set(second, base).plan if second.amendments else base
    merged = merge_plans(base, ours, theirs)
    assert merged.conflicts == []
    expected = apply_set(both, base).plan if both.amendments else base
    if first.amendments and second.amendments:
        assert merged.plan == expected
    else:
        assert merged.plan.model_dump(exclude={"version"}) == expected.model_dump(
            exclude={"version"}
        )
