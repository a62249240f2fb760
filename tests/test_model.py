"""The plan model: validation, identity apart from numbering, navigation, roman numerals."""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from editplan.core.model import (
    Goal,
    GoalBlock,
    Item,
    Plan,
    check_line,
    check_xml_text,
    content_hash,
    copy_plan,
    display_number,
    hashes_kept,
)
from editplan.core.numerals import from_roman, to_roman
from editplan.errors import ConsistencyError

SMALL = {
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
                    "title": "Goal one",
                    "key_areas": [{"id": "k1", "text": "First"}, {"id": "k2", "text": "Second"}],
                    "activities": [{"id": "x1", "text": "Do one"}],
                },
                {
                    "id": "A.2-3",
                    "goals": [{"id": "A.2", "title": "Two"}, {"id": "A.3", "title": "Three"}],
                    "key_areas": [{"id": "b1", "text": "Shared"}],
                },
            ],
        }
    ],
}


def small(**changes):
    data = copy.deepcopy(SMALL)
    data.update(changes)
    return data


# -- validation ---------------------------------------------------------------------------------


def test_small_plan_is_valid_and_units_have_the_right_types():
    plan = Plan.model_validate(SMALL)
    units = [u for _, u in plan.units()]
    assert isinstance(units[0], Goal)
    assert isinstance(units[1], GoalBlock)
    assert plan.element_count() == 4


def test_the_example_plan_has_the_structure_the_report_cites(lg14_plan):
    goals = [g for _, u in lg14_plan.units() for g in u.goal_ids]
    assert goals == [f"A.{n}" for n in range(1, 11)] + [f"B.{n}" for n in range(1, 5)]
    block = lg14_plan.unit_by_goal("A.7")
    assert isinstance(block, GoalBlock)
    assert block.goal_ids == ["A.6", "A.7", "A.8"]
    assert block.label == "Goals A.6, A.7 and A.8"


def test_duplicate_id_is_a_plan_problem_with_both_locations():
    data = small()
    data["areas"][0]["goals"][0]["activities"][0]["id"] = "k1"
    with pytest.raises(ConsistencyError) as err:
        Plan.model_validate(data)
    assert "duplicate id 'k1'" in err.value.message
    assert err.value.loc == ("areas", 0, "goals", 0, "activities", 0, "id")
    assert err.value.first == ("areas", 0, "goals", 0, "key_areas", 0, "id")


def test_goal_id_shared_with_an_element_id_is_a_duplicate():
    data = small()
    data["areas"][0]["goals"][0]["key_areas"][0]["id"] = "A.1"
    with pytest.raises(ConsistencyError, match=r"duplicate id 'A\.1'"):
        Plan.model_validate(data)


def test_goal_outside_its_area_is_refused():
    data = small()
    data["areas"][0]["goals"][0]["id"] = "B.1"
    with pytest.raises(ConsistencyError, match=r"goal B\.1 is listed under area A"):
        Plan.model_validate(data)


@pytest.mark.parametrize("bad", ["A1", "a.1", "A.0", "A.", "AA.1", "A.1.2"])
def test_goal_id_must_have_the_form_a_dot_number(bad):
    data = small()
    data["areas"][0]["goals"][0]["id"] = bad
    with pytest.raises(ValidationError, match=r"not a goal id of the form A\.1"):
        Plan.model_validate(data)


def test_unknown_field_is_refused():
    data = small()
    data["areas"][0]["goals"][0]["colour"] = "red"
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Plan.model_validate(data)


def test_a_block_needs_two_goals():
    data = small()
    data["areas"][0]["goals"][1]["goals"] = [{"id": "A.2", "title": "Two"}]
    with pytest.raises(ValidationError, match="at least 2"):
        Plan.model_validate(data)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        (" padded", "leading or trailing whitespace"),
        ("two\nlines", "line break"),
        ("tab\there", "line break or tab"),
        ("para\u2029graph", "line break"),
        ("bell\x07", "U+0007"),
        ("vertical\vtab", "U+000B"),
        ("nul\x00", "U+0000"),
        ("\ufffe", "U+FFFE"),
    ],
)
def test_item_text_is_one_clean_line(text, problem):
    data = small()
    data["areas"][0]["goals"][0]["key_areas"][0]["text"] = text
    with pytest.raises(ValidationError, match=re.escape(problem)):
        Plan.model_validate(data)


def test_prose_allows_line_breaks_but_not_control_characters():
    assert check_xml_text("a\nb\tc\r") == "a\nb\tc\r"
    with pytest.raises(ValueError, match=re.escape("U+001F")):
        check_xml_text("unit\x1fseparator")


def test_check_line_accepts_ordinary_text_with_typography():
    text = "Parties’ “capacity-building” (2021\u20132030)\u00a0plan"
    assert check_line(text) == text


# -- navigation and labels ----------------------------------------------------------------------


def test_locate_gives_unit_kind_index_and_label():
    plan = Plan.model_validate(SMALL)
    places = plan.locate()
    assert set(places) == {"k1", "k2", "x1", "b1"}
    assert places["k2"].index == 1
    assert places["k2"].kind == "key_area"
    assert places["k2"].label == "Goal A.1, key area (2)"
    assert places["x1"].label == "Goal A.1, activity (i)"
    assert places["b1"].label == "Goals A.2 and A.3, key area (1)"


def test_display_numbers_follow_position_and_ids_stay(lg14_plan):
    unit = lg14_plan.unit_by_goal("A.5")
    assert unit is not None
    moved = unit.key_areas.pop(0)
    unit.key_areas.append(moved)
    places = lg14_plan.locate()
    assert places["a5.ka2"].label == "Goal A.5, key area (1)"
    assert places["a5.ka1"].label == "Goal A.5, key area (3)"


def test_unit_lookups(lg14_plan):
    assert lg14_plan.unit_by_goal("A.9").label == "Goal A.9"
    assert lg14_plan.unit_by_goal("A.11") is None
    assert lg14_plan.unit_by_id("A.6-8").goal_ids == ["A.6", "A.7", "A.8"]
    assert lg14_plan.unit_by_id("A.7") is None  # a goal of a block is not a unit id


# -- copies and hashes --------------------------------------------------------------------------


def test_copy_plan_is_an_equal_plan_that_shares_nothing_changeable(lg14_plan):
    copied = copy_plan(lg14_plan)
    assert copied == lg14_plan
    assert copied.model_dump() == lg14_plan.model_dump()
    assert content_hash(copied) == content_hash(lg14_plan)
    before = lg14_plan.model_dump()
    block = copied.unit_by_id("A.6-8")
    assert isinstance(block, GoalBlock)
    block.goals[0].title = "Changed"
    block.key_areas[0].text = "Changed"
    block.activities.append(Item(id="new", text="New"))
    copied.areas[0].goals.pop()
    copied.areas.pop()
    assert lg14_plan.model_dump() == before
    places = copy_plan(lg14_plan).locate().values()
    for old, new in zip(lg14_plan.locate().values(), places, strict=True):
        assert old.item is not new.item and old.unit is not new.unit
        assert old.item.model_fields_set == new.item.model_fields_set


def test_copy_plan_keeps_which_fields_were_given():
    plan = Plan.model_validate(SMALL)
    assert copy_plan(plan).model_dump(exclude_unset=True) == SMALL


def test_hashes_kept_hashes_each_plan_once_within_the_block(lg14_plan):
    first = content_hash(lg14_plan)
    with hashes_kept():
        assert content_hash(lg14_plan) == first
        lg14_plan.version = "changed"  # a plan changed inside the block keeps its hash there
        assert content_hash(lg14_plan) == first
        assert content_hash(copy_plan(lg14_plan)) != first  # another object is hashed anew
    assert content_hash(lg14_plan) != first


# -- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "roman"),
    [
        (1, "i"),
        (4, "iv"),
        (5, "v"),
        (9, "ix"),
        (14, "xiv"),
        (40, "xl"),
        (90, "xc"),
        (1994, "mcmxciv"),
    ],
)
def test_roman_numerals(n, roman):
    assert to_roman(n) == roman
    assert from_roman(roman) == n
    assert from_roman(roman.upper()) == n


@pytest.mark.parametrize("text", ["", "iiii", "vv", "ic", "abc", "2", "xm"])
def test_not_roman_numerals(text):
    assert from_roman(text) is None


def test_roman_numerals_start_at_one():
    with pytest.raises(ValueError):
        to_roman(0)


@given(st.integers(min_value=1, max_value=3999))
def test_roman_numerals_round_trip(n):
    assert from_roman(to_roman(n)) == n


def test_display_number():
    assert display_number("key_area", 4) == "(4)"
    assert display_number("activity", 4) == "(iv)"
