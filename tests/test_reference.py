"""References written the way reports write them, resolved to stable ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editplan import api
from editplan.core.reference import (
    GOAL_LIST,
    GOAL_RANGE_LIST,
    Parsed,
    goal_list,
    parse,
    resolve,
    resolve_one,
)
from editplan.errors import TargetError


def ids(plan, text):
    return [t.element_id or t.unit_id for t in resolve(plan, text)]


# -- parse --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("Goal A.1", Parsed(goals=("A.1",))),
        ("Goal A.1, key area (2)", Parsed(goals=("A.1",), kind="key_area", number=2)),
        ("Goal A.2, activity (ii)", Parsed(goals=("A.2",), kind="activity", number=2)),
        ("Goals A.6, 7 and 8", Parsed(goals=("A.6", "A.7", "A.8"))),
        ("Goals A.6, A.7 and A.8, activity (iii)",
         Parsed(goals=("A.6", "A.7", "A.8"), kind="activity", number=3)),
        ("*Goal A.1, key area (2)*", Parsed(goals=("A.1",), kind="key_area", number=2)),
        ("goal  a.1,\u00a0key area 2", Parsed(goals=("A.1",), kind="key_area", number=2)),
        ("Goal A.1, activity (IV)", Parsed(goals=("A.1",), kind="activity", number=4)),
        ("Goals A.1 and B.2", Parsed(goals=("A.1", "B.2"))),
        ("A.5/ka/1", Parsed(goals=("A.5",), kind="key_area", number=1)),
        ("A.2/act/ii", Parsed(goals=("A.2",), kind="activity", number=2)),
        ("A.2/act/2", Parsed(goals=("A.2",), kind="activity", number=2)),
        ("A.6-8/ka/1", Parsed(block="A.6-8", kind="key_area", number=1)),
        ("#a5.ka2", Parsed(element_id="a5.ka2")),
    ],
)  # fmt: skip
def test_parse(text, parsed):
    assert parse(text) == parsed


@pytest.mark.parametrize(
    "text", ["", "Goal", "Goal A.1,", "Goal 1", "A.1/kx/1", "key area (2)", "Goals A.6, , 7"]
)
def test_unreadable_reference_names_the_accepted_forms(text):
    with pytest.raises(TargetError, match="cannot read target") as err:
        parse(text)
    assert "'Goal A.1, key area (2)'" in err.value.message


def test_a_key_area_is_not_numbered_in_roman():
    with pytest.raises(TargetError, match="'ii' is not a key area number such as \\(2\\)"):
        parse("Goal A.1, key area (ii)")


@pytest.mark.parametrize("text", ["Goal A.1, activity (0)", "A.1/act/0", "Goal A.1, key area (0)"])
def test_number_zero_is_an_error_not_a_crash(text):
    with pytest.raises(TargetError, match="numbered from"):
        parse(text)


# -- the goal-list grammar -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "goals"),
    [
        ("A.1", ("A.1",)),
        ("A.6, 7 and 8", ("A.6", "A.7", "A.8")),
        ("A.6, A.7, and A.8", ("A.6", "A.7", "A.8")),
        ("A.1 & A.3", ("A.1", "A.3")),
        ("a.6 AND 7", ("A.6", "A.7")),
        ("A.1 and B.2, 3", ("A.1", "B.2", "B.3")),
        ("A.6, 6 and 7", ("A.6", "A.7")),
    ],
)  # fmt: skip
def test_a_goal_list_names_each_goal_once_in_order(text, goals):
    assert re.fullmatch(GOAL_LIST, text, re.IGNORECASE)
    assert goal_list(text) == goals


@pytest.mark.parametrize(
    ("text", "goals"),
    [
        ("A.6 to A.8", ("A.6", "A.7", "A.8")),
        ("A.6\u20138", ("A.6", "A.7", "A.8")),
        ("A.6-A.8 and A.10", ("A.6", "A.7", "A.8", "A.10")),
        ("A.8 to 6", ("A.8", "A.6")),
        ("A.6 - 2020", ("A.6", "A.2020")),
        ("A.6 to B.8", ("A.6", "B.8")),
    ],
)  # fmt: skip
def test_a_range_list_expands_ranges_within_one_letter(text, goals):
    assert re.fullmatch(GOAL_RANGE_LIST, text)
    assert goal_list(text) == goals


@pytest.mark.parametrize("text", ["A.6", "A.06 and 7", "A.0 and 1", "A.6 and 7x"])
def test_a_range_list_needs_two_goals_with_plain_numbers(text):
    assert not re.fullmatch(GOAL_RANGE_LIST, text)


# -- resolve ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Goal A.1, key area (2)", ["a1.ka2"]),
        ("Goal A.2, activity (ii)", ["a2.act2"]),
        ("Goals A.6, 7 and 8, activity (v)", ["a6-8.act5"]),
        ("Goals A.6, A.7 and A.8, key area (3)", ["a6-8.ka3"]),
        ("Goals A.6, 7 and 8", ["A.6-8"]),
        ("A.6-8/ka/1", ["a6-8.ka1"]),
        ("A.7/act/3", ["a6-8.act3"]),
        ("Goal A.10, key area (2)", ["a10.ka2"]),
        ("Goal A.1", ["A.1"]),
        ("Goals A.1 and B.2, activity (i)", ["a1.act1", "b2.act1"]),
        ("#b4.ka3", ["b4.ka3"]),
        ("#A.6-8", ["A.6-8"]),
    ],
)
def test_resolve(lg14_plan, text, expected):
    assert ids(lg14_plan, text) == expected


def test_resolved_target_carries_the_report_label(lg14_plan):
    target = resolve_one(lg14_plan, "A.7/act/5")
    assert target.unit_id == "A.6-8"
    assert target.kind == "activity"
    assert target.label == "Goals A.6, A.7 and A.8, activity (v)"
    assert not target.is_unit
    assert resolve_one(lg14_plan, "Goal A.5").is_unit


def test_a_number_past_the_end_says_how_many_there_are(lg14_plan):
    with pytest.raises(TargetError) as err:
        resolve(lg14_plan, "Goal A.5, key area (9)")
    assert err.value.message == (
        "target 'Goal A.5, key area (9)': Goal A.5 has 3 key areas; key area (9) does not exist"
    )


def test_an_activity_past_the_end_is_named_in_roman(lg14_plan):
    with pytest.raises(TargetError, match=r"Goal A\.3 has 4 activities; activity \(ix\)"):
        resolve(lg14_plan, "Goal A.3, activity (ix)")


def test_a_missing_goal_names_the_goals_of_its_area(lg14_plan):
    with pytest.raises(
        TargetError, match=r"Goal A\.11 does not exist; area A has goals A\.1 to A\.10"
    ):
        resolve(lg14_plan, "Goal A.11")
    with pytest.raises(TargetError, match=r"Goal C\.1 does not exist; the plan has areas A, B"):
        resolve(lg14_plan, "Goal C.1")


def test_part_of_a_block_must_be_the_whole_block_or_one_goal(lg14_plan):
    with pytest.raises(TargetError, match="share one block"):
        resolve(lg14_plan, "Goals A.6 and 7, activity (i)")
    # naming a goal twice does not make up for the one left out
    with pytest.raises(TargetError, match="share one block"):
        resolve(lg14_plan, "Goals A.6, 6 and 7, activity (i)")
    # one goal of the block names the block
    assert ids(lg14_plan, "Goal A.7, activity (i)") == ["a6-8.act1"]


def test_unknown_block_lists_the_blocks(lg14_plan):
    with pytest.raises(TargetError, match=r"no block A\.1-3; blocks: Goals A\.6, A\.7 and A\.8"):
        resolve(lg14_plan, "A.1-3/ka/1")


def test_unknown_id(lg14_plan):
    with pytest.raises(TargetError, match="no element has the id 'nope'"):
        resolve(lg14_plan, "#nope")


def test_resolve_one_refuses_several(lg14_plan):
    with pytest.raises(TargetError, match="names 2 places"):
        resolve_one(lg14_plan, "Goals A.1 and A.2")


def test_every_element_resolves_from_its_own_label_and_compact_form(lg14_plan):
    for element_id, place in lg14_plan.locate().items():
        assert ids(lg14_plan, place.label) == [element_id]
        kind = "ka" if place.kind == "key_area" else "act"
        compact = f"{place.unit.goal_ids[0]}/{kind}/{place.index + 1}"
        assert ids(lg14_plan, compact) == [element_id]
        assert ids(lg14_plan, f"#{element_id}") == [element_id]


@given(st.data())
def test_labels_resolve_back_whatever_the_spacing_and_case(lg14_plan_once, data):
    places = list(lg14_plan_once.locate().values())
    place = data.draw(st.sampled_from(places))
    label = place.label
    spaced = data.draw(st.sampled_from([" ", "  ", "\u00a0"]))
    variant = label.replace(" ", spaced)
    variant = data.draw(
        st.sampled_from([variant, variant.lower(), variant.upper(), f"*{variant}*"])
    )
    assert ids(lg14_plan_once, variant) == [place.item.id]


@pytest.fixture(scope="module")
def lg14_plan_once():
    return api.load_plan(Path(__file__).resolve().parent.parent / "plans/cb-action-plan.yaml")


def test_element_ids_expands_a_goal_to_its_items(lg14_plan):
    from editplan.core.reference import element_ids

    assert element_ids(lg14_plan, "Goal A.5, key area (2)") == ["a5.ka2"]
    ids = element_ids(lg14_plan, "Goals A.6, 7 and 8")
    unit = lg14_plan.unit_by_goal("A.7")
    assert ids == [i.id for i in unit.key_areas] + [i.id for i in unit.activities]
