"""The applier on small plans built in code: every operation, conflicts, selection, rebase."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editplan.core.applier import Selection, apply_set, statuses
from editplan.core.applier.working import position_of, take_out
from editplan.core.changeset import compare
from editplan.core.model import Item, Plan
from editplan.core.patch import AmendmentSet
from editplan.errors import ApplyError, ConflictError, InputError

KEY_AREAS = [
    "Strengthening the capacities of national authorities",
    "Developing guidance on risk assessment",
    "Sharing information through the clearing-house",
]
ACTIVITIES = ["Provide training for national focal points", "Develop tools", "Support networks"]


def make_plan(key_areas=KEY_AREAS, activities=ACTIVITIES, version="v1") -> Plan:
    return Plan.model_validate(
        {
            "id": "p",
            "title": "A plan",
            "version": version,
            "areas": [
                {
                    "id": "A",
                    "title": "Area A",
                    "goals": [
                        {
                            "id": "A.1",
                            "title": "Goal one",
                            "key_areas": [
                                {"id": f"k{i}", "text": t} for i, t in enumerate(key_areas, 1)
                            ],
                            "activities": [
                                {"id": f"x{i}", "text": t} for i, t in enumerate(activities, 1)
                            ],
                        },
                        {
                            "id": "A.2",
                            "title": "Goal two",
                            "key_areas": [
                                {"id": "m1", "text": "Mobilizing resources"},
                                {"id": "m2", "text": "Raising awareness"},
                            ],
                        },
                        {
                            "id": "A.3-4",
                            "goals": [
                                {"id": "A.3", "title": "Three"},
                                {"id": "A.4", "title": "Four"},
                            ],
                            "key_areas": [{"id": "b1", "text": "Shared work"}],
                        },
                    ],
                }
            ],
        }
    )


def make_set(*amendments, **header) -> AmendmentSet:
    data = {
        "id": "s",
        "title": "A set",
        "source": {"document": "DOC/1", "paragraph": 7},
        "author": "A body",
        "date": "2020-01-01",
        "plan": "plan.yaml",
        "base": "v1",
        "amendments": list(amendments),
    }
    data.update(header)
    return AmendmentSet.model_validate(data)


def run(*amendments, plan=None, selection=None, base=None, **header):
    plan = plan or make_plan()
    return apply_set(make_set(*amendments, **header), plan, base=base, selection=selection)


def items(plan, goal="A.1", kind="key_area"):
    unit = plan.unit_by_goal(goal)
    return [(i.id, i.text) for i in unit.items(kind)]


def texts(plan, goal="A.1", kind="key_area"):
    return [text for _, text in items(plan, goal, kind)]


def ka(n, goal="A.1"):
    return f"Goal {goal}, key area ({n})"


def am(op, target=None, id="a", **fields):
    out = {"id": id, "op": op, **fields}
    if target is not None:
        out["target"] = target
    return out


# -- rephrase -----------------------------------------------------------------------------------


def test_rephrase_replaces_the_wording_and_keeps_the_id():
    result = run(am("rephrase", ka(2), text="New guidance"))
    assert items(result.plan) == [
        ("k1", KEY_AREAS[0]),
        ("k2", "New guidance"),
        ("k3", KEY_AREAS[2]),
    ]
    assert result.plan.version == "v1 + s"
    (change,) = result.changes.applied[0].changes
    assert (change.element_id, change.action) == ("k2", "text")
    assert (change.before, change.after) == (KEY_AREAS[1], "New guidance")
    assert change.old_label == change.new_label == "Goal A.1, key area (2)"


def test_the_input_plan_is_not_changed():
    plan = make_plan()
    before = plan.model_dump()
    run(am("rephrase", ka(2), text="New guidance"), am("remove", ka(1), id="b"), plan=plan)
    assert plan.model_dump() == before


def test_text_operations_on_a_goal_amend_its_title():
    result = run(
        am("rephrase", "Goal A.1", text="A new title"),
        am("replace", "Goal A.4", id="b", phrase="Four", by="Fourth"),
    )
    plan = result.plan
    assert plan.unit_by_goal("A.1").title == "A new title"
    block = plan.unit_by_goal("A.4")
    assert [g.title for g in block.goals] == ["Three", "Fourth"]
    # a title is an element like any other: kind "goal", its id the goal's
    (one,), (two,) = (a.changes for a in result.changes.applied)
    assert (one.element_id, one.kind, one.action) == ("A.1", "goal", "text")
    assert (one.before, one.after) == ("Goal one", "A new title")
    assert one.old_label == one.new_label == "the title of Goal A.1"
    assert (two.element_id, two.before, two.after) == ("A.4", "Four", "Fourth")
    assert result.changes.applied[0].target_units == ("A.1",)


def test_a_title_change_of_a_block_names_one_goal():
    with pytest.raises(ApplyError, match="each has its own title; name the goal"):
        run(am("rephrase", "Goals A.3 and A.4", text="x"))


def test_two_amendments_on_the_same_title_words_conflict():
    with pytest.raises(ConflictError, match="edits the same words"):
        run(
            am("replace", "Goal A.1", phrase="one", by="uno"),
            am("replace", "Goal A.1", id="b", phrase="one", by="eins"),
        )


# -- replace ------------------------------------------------------------------------------------

TWICE = ["the cat and the dog", "Second"]


def test_replace_a_phrase():
    result = run(am("replace", ka(1), phrase="national", by="competent"))
    assert texts(result.plan)[0] == "Strengthening the capacities of competent authorities"


def test_replace_the_nth_occurrence():
    result = run(am("replace", ka(1), phrase="the", by="a", occurrence=2), plan=make_plan(TWICE))
    assert texts(result.plan)[0] == "the cat and a dog"


def test_replace_all_occurrences():
    result = run(
        am("replace", ka(1), phrase="the", by="a", occurrence="all"), plan=make_plan(TWICE)
    )
    assert texts(result.plan)[0] == "a cat and a dog"


def test_a_phrase_found_twice_needs_an_occurrence():
    with pytest.raises(ApplyError) as err:
        run(am("replace", ka(1), phrase="the", by="a"), plan=make_plan(TWICE))
    assert "'the' occurs 2 times in Goal A.1, key area (1) (id k1)" in err.value.message
    assert "occurrence: N" in err.value.message
    assert (err.value.amendment, err.value.field) == ("a", "phrase")


def test_an_occurrence_past_the_count():
    with pytest.raises(ApplyError, match="occurrence 3 of 'the' asked, but it occurs 2 times"):
        run(am("delete", ka(1), phrase="the", occurrence=3), plan=make_plan(TWICE))


def test_a_phrase_not_found_suggests_the_nearest_words():
    with pytest.raises(ApplyError) as err:
        run(am("delete", ka(1), phrase="national authority"))
    message = err.value.message
    assert "'national authority' does not occur as whole words in Goal A.1, key area (1)" in message
    assert "did you mean 'national authorities'?" in message
    assert err.value.exit_code == 3


def test_a_phrase_not_found_and_nothing_near_gives_no_suggestion():
    with pytest.raises(ApplyError) as err:
        run(am("delete", ka(1), phrase="biodiversity offsets"))
    assert "did you mean" not in err.value.message


def test_matching_folds_quotes_and_spaces_but_keeps_the_rest():
    plan = make_plan(["Use of “living modified organisms”\u00a0(LMOs)", "Second"])
    result = run(
        am("replace", ka(1), phrase='"living modified organisms" (LMOs)', by="LMOs"), plan=plan
    )
    assert texts(result.plan)[0] == "Use of LMOs"


# -- delete -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Provide training for relevant national authorities on reviewing reports",
         "for relevant national authorities", "Provide training on reviewing reports"),
        ("Tools for specific target groups", "for specific target groups", "Tools"),
        ("National mechanisms for participation", "National", "mechanisms for participation"),
        ("Guidance, in particular, on detection", ", in particular", "Guidance, on detection"),
        ("Materials on liability under the Protocol.", "under the Protocol",
         "Materials on liability."),
    ],
    ids=["middle", "end", "start", "between-commas", "before-full-stop"],
)  # fmt: skip
def test_delete_takes_one_adjacent_space(text, phrase, expected):
    result = run(am("delete", ka(1), phrase=phrase), plan=make_plan([text]))
    assert texts(result.plan) == [expected]


def test_a_delete_that_would_empty_the_element_is_refused():
    with pytest.raises(ApplyError) as err:
        run(am("delete", ka(2), phrase="Developing guidance on risk assessment"))
    assert "would leave Goal A.1, key area (2) (id k2) reading ''" in err.value.message
    assert "is empty" in err.value.message
    assert err.value.element_id == "k2"


def test_edits_that_would_leave_edge_whitespace_or_a_line_break_are_refused():
    with pytest.raises(ApplyError, match="leading or trailing whitespace"):
        run(am("replace", ka(2), phrase="assessment", by="assessment "))
    with pytest.raises(ApplyError, match="line break"):
        run(am("insert", ka(2), text="and\nmore", position="end"))


# -- insert -------------------------------------------------------------------------------------


CLEAR = "Developing clear guidance on risk assessment"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"position": "before", "anchor": "guidance"}, CLEAR),
        ({"position": "after", "anchor": "Developing"}, CLEAR),
        ({"position": "start"}, "clear Developing guidance on risk assessment"),
        ({"position": "end"}, "Developing guidance on risk assessment clear"),
    ],
    ids=["before", "after", "start", "end"],
)  # fmt: skip
def test_insert(fields, expected):
    result = run(am("insert", ka(2), text="clear", **fields))
    assert texts(result.plan)[1] == expected


def test_insert_punctuation_at_the_end_takes_no_space():
    result = run(am("insert", ka(2), text=", as appropriate", position="end"))
    assert texts(result.plan)[1] == "Developing guidance on risk assessment, as appropriate"


def test_insert_needs_its_anchor():
    with pytest.raises(ApplyError, match=r"'guidence' does not occur.*did you mean 'guidance'"):
        run(am("insert", ka(2), text="x", position="after", anchor="guidence"))


# -- split --------------------------------------------------------------------------------------


def test_split_into_three_derives_ids_for_the_new_parts():
    result = run(am("split", ka(1), into=["One", "Two", "Three"], id="53(e)"))
    assert items(result.plan) == [
        ("k1", "One"),
        ("s.53e.2", "Two"),
        ("s.53e.3", "Three"),
        ("k2", KEY_AREAS[1]),
        ("k3", KEY_AREAS[2]),
    ]
    changes = result.changes.applied[0].changes
    assert [(c.element_id, c.action, c.split_from) for c in changes] == [
        ("k1", "text", None),
        ("s.53e.2", "added", "k1"),
        ("s.53e.3", "added", "k1"),
    ]
    assert changes[1].new_label == "Goal A.1, key area (2)"
    renumbered = {r.element_id: (r.old_label, r.new_label) for r in result.changes.renumbered}
    assert renumbered == {
        "k2": ("Goal A.1, key area (2)", "Goal A.1, key area (4)"),
        "k3": ("Goal A.1, key area (3)", "Goal A.1, key area (5)"),
    }


def test_split_with_given_ids():
    result = run(am("split", ka(3), into=["One", "Two", "Three"], ids=["n2", "n3"]))
    assert [i for i, _ in items(result.plan)] == ["k1", "k2", "k3", "n2", "n3"]


def test_split_refuses_an_id_already_used():
    with pytest.raises(ApplyError, match="the new id 'm1' is already used"):
        run(am("split", ka(1), into=["One", "Two"], ids=["m1"]))


def test_split_takes_one_target():
    with pytest.raises(ApplyError, match="a split takes exactly one target"):
        run({"id": "a", "op": "split", "targets": [ka(1), ka(2)], "into": ["x", "y"]})


# -- add ----------------------------------------------------------------------------------------


def add(target="Goal A.1", text="New", kind="key_area", id="a", **fields):
    return {"id": id, "op": "add", "target": target, "kind": kind, "text": text, **fields}


@pytest.mark.parametrize(
    ("fields", "order"),
    [
        ({"position": "start"}, ["s.a", "k1", "k2", "k3"]),
        ({"position": "end"}, ["k1", "k2", "k3", "s.a"]),
        ({"position": "before", "sibling": ka(2)}, ["k1", "s.a", "k2", "k3"]),
        ({"position": "after", "sibling": ka(2)}, ["k1", "k2", "s.a", "k3"]),
    ],
    ids=["start", "end", "before", "after"],
)
def test_add_at_a_position(fields, order):
    result = run(add(**fields))
    assert [i for i, _ in items(result.plan)] == order
    (change,) = result.changes.applied[0].changes
    assert (change.element_id, change.action, change.after) == ("s.a", "added", "New")


def test_add_to_several_goals_at_once():
    result = run(
        {"id": "53(h)", "op": "add", "targets": ["Goal A.1", "Goal A.2", "Goals A.3 and 4"],
         "kind": "key_area", "text": "New", "position": "end"}
    )  # fmt: skip
    assert items(result.plan)[-1] == ("s.53h.A.1", "New")
    assert items(result.plan, "A.2")[-1] == ("s.53h.A.2", "New")
    assert items(result.plan, "A.3")[-1] == ("s.53h.A.3-4", "New")
    labels = [c.new_label for c in result.changes.applied[0].changes]
    assert labels == [
        "Goal A.1, key area (4)",
        "Goal A.2, key area (3)",
        "Goals A.3 and A.4, key area (2)",
    ]


def test_add_with_new_ids():
    result = run(add(target="Goals A.1 and A.2", new_ids=["n1", "n2"], position="end"))
    assert items(result.plan)[-1][0] == "n1"
    assert items(result.plan, "A.2")[-1][0] == "n2"
    with pytest.raises(ApplyError, match="new_ids names 1 ids for 2 targets"):
        run(add(target="Goals A.1 and A.2", new_ids=["n1"], position="end"))


def test_several_adds_at_the_start_keep_file_order():
    result = run(
        add(text="First new", id="a", position="start"),
        add(text="Second new", id="b", position="start"),
        add(text="An activity", kind="activity", id="c", position="start"),
    )
    assert texts(result.plan)[:3] == ["First new", "Second new", KEY_AREAS[0]]
    assert texts(result.plan, kind="activity")[0] == "An activity"


def test_add_without_position_uses_the_declared_default():
    assert [i for i, _ in items(run(add(), default_position="end").plan)][-1] == "s.a"
    assert items(run(add(), default_position="start").plan)[0][0] == "s.a"


def test_add_without_position_or_default_is_refused():
    with pytest.raises(ApplyError) as err:
        run(add())
    assert "gives no position and the set declares no default_position" in err.value.message
    assert (err.value.amendment, err.value.field) == ("a", "position")


def test_add_must_target_a_goal():
    with pytest.raises(ApplyError, match="an add targets a goal or block"):
        run(add(target=ka(1), position="end"))


def test_add_sibling_must_be_in_the_target_goal():
    with pytest.raises(ApplyError, match=r"sibling Goal A\.2, key area \(1\) is not a key area"):
        run(add(position="after", sibling=ka(1, "A.2")))


def test_add_after_a_split_element_goes_after_all_its_parts():
    result = run(
        am("split", ka(1), into=["One", "Two"], id="a"),
        add(id="b", position="after", sibling=ka(1)),
    )
    assert [i for i, _ in items(result.plan)] == ["k1", "s.a.2", "s.b", "k2", "k3"]


def test_several_adds_after_one_sibling_keep_file_order():
    result = run(
        add(text="A", id="a", position="after", sibling=ka(1)),
        add(text="B", id="b", position="after", sibling=ka(1)),
        am("move", ka(3), position="after", sibling=ka(1), id="c"),
    )
    assert [i for i, _ in items(result.plan)] == ["k1", "s.a", "s.b", "k3", "k2"]


# -- remove, join, move -------------------------------------------------------------------------


def test_remove_renumbers_the_rest():
    result = run(am("remove", ka(1)))
    assert [i for i, _ in items(result.plan)] == ["k2", "k3"]
    (change,) = result.changes.applied[0].changes
    assert (change.action, change.before, change.after) == ("removed", KEY_AREAS[0], None)
    assert (change.old_label, change.new_label) == ("Goal A.1, key area (1)", None)
    assert [r.new_label for r in result.changes.renumbered] == [ka(1), ka(2)]


def test_renumbered_is_every_label_change_compare_finds():
    plan = make_plan()
    result = run(
        am("move", ka(1), position="end", to="Goal A.2", id="a"),
        am("rephrase", ka(3), text="Reworded and renumbered", id="b"),
        am("remove", "Goal A.1, activity (i)", id="c"),
        add("Goal A.2", text="Put first", id="d", position="start"),
        plan=plan,
    )
    expected = [
        (d.element_id, d.old_label, d.new_label)
        for d in compare(plan, result.plan)
        if d.old_label is not None and d.new_label is not None and d.old_label != d.new_label
    ]
    renumbered = [(r.element_id, r.old_label, r.new_label) for r in result.changes.renumbered]
    assert renumbered == expected
    assert ("k3", ka(3), ka(2)) in renumbered  # reworded too
    assert ("m1", ka(1, "A.2"), ka(2, "A.2")) in renumbered


def test_an_item_is_taken_out_of_its_list_by_identity():
    first, second = Item(id="k1", text="Same"), Item(id="k1", text="Same")
    items = [first, second]
    assert position_of(items, second) == 1
    take_out(items, second)
    assert items == [first] and items[0] is first
    with pytest.raises(ValueError, match="k1 is not in its list"):
        position_of([], first)


def test_join_keeps_the_first_id():
    result = run({"id": "a", "op": "join", "targets": [ka(2), ka(3)], "text": "Joined"})
    assert items(result.plan) == [("k1", KEY_AREAS[0]), ("k2", "Joined")]


def test_join_takes_siblings_only():
    with pytest.raises(ApplyError, match="not siblings"):
        run({"id": "a", "op": "join", "targets": [ka(2), ka(1, "A.2")], "text": "Joined"})
    with pytest.raises(ApplyError, match="not siblings"):
        run({"id": "a", "op": "join", "targets": [ka(2), "Goal A.1, activity (i)"], "text": "J"})


@pytest.mark.parametrize(
    ("fields", "order"),
    [
        ({"position": "start"}, ["k3", "k1", "k2"]),
        ({"position": "before", "sibling": ka(2)}, ["k1", "k3", "k2"]),
        ({"position": "after", "sibling": ka(1)}, ["k1", "k3", "k2"]),
    ],
    ids=["start", "before", "after"],
)
def test_move_within_a_goal(fields, order):
    result = run(am("move", ka(3), **fields))
    assert [i for i, _ in items(result.plan)] == order
    (change,) = result.changes.applied[0].changes
    assert change.action == "moved"
    assert change.old_label == ka(3)


def test_move_to_another_goal_keeps_the_id():
    result = run(am("move", ka(1), position="end", to="Goal A.2"))
    assert [i for i, _ in items(result.plan)] == ["k2", "k3"]
    assert items(result.plan, "A.2")[-1] == ("k1", KEY_AREAS[0])
    (change,) = result.changes.applied[0].changes
    assert (change.old_label, change.new_label) == (ka(1), ka(3, "A.2"))


def test_move_to_must_name_a_goal():
    with pytest.raises(ApplyError, match="'to' names one goal or block"):
        run(am("move", ka(1), position="end", to=ka(1, "A.2")))


# -- instruction --------------------------------------------------------------------------------


def test_an_instruction_without_wording_is_pending_and_changes_nothing():
    plan = make_plan()
    result = run(am("instruction", ka(2), quote="should address X"), plan=plan)
    assert result.plan.areas == plan.areas
    assert result.changes.applied == ()
    (pending,) = result.changes.pending
    assert (pending.id, pending.targets, pending.quote) == ("a", (ka(2),), "should address X")
    assert pending.drafted_by is None


def test_an_instruction_may_name_a_whole_goal():
    result = run(am("instruction", "Goal A.2"))
    assert result.changes.pending[0].target_ids == ("A.2",)


def test_an_instruction_with_drafted_wording_applies_it():
    result = run(am("instruction", ka(2), text="Drafted wording"))
    assert texts(result.plan)[1] == "Drafted wording"
    assert result.changes.applied[0].drafted_by == "Secretariat"
    assert result.changes.pending == ()
    result = run(am("instruction", ka(2), text="Drafted", drafted_by="The Bureau"))
    assert result.changes.applied[0].drafted_by == "The Bureau"


# -- references resolve against the base --------------------------------------------------------


def test_references_mean_the_base_even_after_an_earlier_split():
    result = run(
        am("split", ka(1), into=["One", "Two"], id="a"),
        am("rephrase", ka(2), text="Rephrased second", id="b"),
    )
    assert items(result.plan) == [
        ("k1", "One"),
        ("s.a.2", "Two"),
        ("k2", "Rephrased second"),
        ("k3", KEY_AREAS[2]),
    ]
    (change,) = result.changes.applied[1].changes
    assert (change.old_label, change.new_label) == (ka(2), ka(3))


def test_references_mean_the_base_even_after_an_earlier_removal():
    result = run(
        am("remove", ka(1), id="a"),
        am("delete", ka(3), phrase="through the clearing-house", id="b"),
    )
    assert items(result.plan) == [("k2", KEY_AREAS[1]), ("k3", "Sharing information")]


# -- composing and conflicts --------------------------------------------------------------------


def test_non_overlapping_edits_in_one_element_compose():
    result = run(
        am("replace", ka(1), phrase="capacities", by="capacity", id="a"),
        am("delete", ka(1), phrase="national", id="b"),
        am("insert", ka(1), text="competent", position="before", anchor="authorities", id="c"),
    )
    assert texts(result.plan)[0] == "Strengthening the capacity of competent authorities"
    changes = [c for a in result.changes.applied for c in a.changes]
    assert [(c.element_id, c.after) for c in changes] == [
        ("k1", "Strengthening the capacity of competent authorities")
    ] * 3


def test_deleting_neighbouring_words_composes():
    result = run(
        am("delete", ka(1), phrase="a", id="a"),
        am("delete", ka(1), phrase="b", id="b"),
        plan=make_plan(["a b c", "Second"]),
    )
    assert texts(result.plan)[0] == "c"


def test_insert_before_a_deleted_phrase_composes():
    result = run(
        am("insert", ka(1), text="big", position="before", anchor="and", id="a"),
        am("delete", ka(1), phrase="and", id="b"),
        plan=make_plan(TWICE),
    )
    assert texts(result.plan)[0] == "the cat big the dog"


def test_insertions_at_one_point_keep_file_order():
    result = run(
        am("insert", ka(2), text="first", position="end", id="a"),
        am("insert", ka(2), text="second", position="end", id="b"),
    )
    assert texts(result.plan)[1] == "Developing guidance on risk assessment first second"
    result = run(
        am("insert", ka(2), text="First", position="start", id="a"),
        am("insert", ka(2), text="second", position="start", id="b"),
    )
    assert texts(result.plan)[1] == "First second Developing guidance on risk assessment"


def test_overlapping_edits_conflict_naming_both():
    with pytest.raises(ConflictError) as err:
        run(
            am("delete", ka(1), phrase="national authorities", id="53(a)"),
            am("replace", ka(1), phrase="national", by="competent", id="53(b)"),
        )
    message = err.value.message
    assert message.startswith("amendments 53(a) and 53(b) conflict")
    assert "overlaps" in message
    assert err.value.element_id == "k1"
    assert err.value.exit_code == 3


@pytest.mark.parametrize(
    "second",
    [
        am("rephrase", ka(1), text="x", id="b"),
        am("delete", ka(1), phrase="national", id="b"),
        am("move", ka(1), position="end", id="b"),
        am("remove", ka(1), id="b"),
        add(id="b", position="after", sibling=ka(1)),
    ],
    ids=["rephrase", "delete", "move", "remove", "add-next-to"],
)
def test_anything_after_a_remove_conflicts(second):
    with pytest.raises(ConflictError, match="amendments a and b conflict") as err:
        run(am("remove", ka(1), id="a"), second)
    assert err.value.element_id == "k1"


def test_rephrase_and_edit_of_one_element_conflict():
    with pytest.raises(ConflictError, match="amendments a and b conflict"):
        run(am("delete", ka(1), phrase="national", id="a"), am("rephrase", ka(1), text="x", id="b"))
    with pytest.raises(ConflictError, match="amendments a and b conflict"):
        run(am("rephrase", ka(1), text="x", id="a"), am("delete", ka(1), phrase="national", id="b"))


# -- versions and rebase ------------------------------------------------------------------------


def test_a_plan_at_another_version_is_refused_naming_both():
    with pytest.raises(ConflictError) as err:
        run(am("remove", ka(1)), plan=make_plan(version="v2"))
    assert err.value.message == (
        "the base no longer matches: set s was written against 'v1', but the plan is at 'v2'"
    )


def test_a_set_applied_twice_is_refused():
    once = run(am("remove", ka(1))).plan
    with pytest.raises(ConflictError, match=r"the base no longer matches.*already been applied"):
        run(am("remove", ka(1)), plan=once)


def other_change(*amendments):
    """The base plan with another set applied: the plan a parallel set is rebased onto."""
    return run(*amendments, id="other").plan


def test_rebase_applies_where_the_element_is_unchanged():
    base = make_plan()
    current = other_change(am("rephrase", ka(3), text="Changed by the other set"))
    result = run(am("rephrase", ka(1), text="Mine"), plan=current, base=base)
    assert texts(result.plan) == ["Mine", KEY_AREAS[1], "Changed by the other set"]


def test_rebase_follows_ids_when_the_other_set_renumbered():
    base = make_plan()
    current = other_change(am("split", ka(1), into=["One", "Two"]))
    result = run(am("rephrase", ka(2), text="Mine"), plan=current, base=base)
    assert items(result.plan)[2] == ("k2", "Mine")


@pytest.mark.parametrize(
    "mine",
    [
        am("rephrase", ka(3), text="Mine"),
        am("remove", ka(3)),
        am("delete", ka(3), phrase="through the clearing-house"),
    ],
    ids=["rephrase", "remove", "delete"],
)
def test_rebase_conflicts_where_the_element_changed(mine):
    base = make_plan()
    current = other_change(am("rephrase", ka(3), text="Changed by the other set"))
    with pytest.raises(ConflictError) as err:
        run(mine, plan=current, base=base)
    assert err.value.element_id == "k3"
    assert "changed since the set's base version" in err.value.message


def test_rebase_conflicts_where_the_element_was_removed():
    base = make_plan()
    current = other_change(am("remove", ka(3)))
    with pytest.raises(ConflictError, match="was removed after the set's base version") as err:
        run(am("rephrase", ka(3), text="Mine"), plan=current, base=base)
    assert err.value.element_id == "k3"


# -- selection ----------------------------------------------------------------------------------

SELECTABLE = (
    am("rephrase", ka(1), text="One", id="a", status="agreed"),
    am("rephrase", ka(2), text="Two", id="b"),
    am("rephrase", ka(3), text="Three", id="c", status="rejected"),
)


def test_default_selection_leaves_out_rejected_and_withdrawn():
    result = run(*SELECTABLE)
    assert [a.id for a in result.changes.applied] == ["a", "b"]
    assert [(s.id, s.reason) for s in result.changes.skipped] == [("c", "status rejected")]


def test_selection_by_status():
    result = run(*SELECTABLE, selection=Selection(statuses=frozenset({"agreed"})))
    assert texts(result.plan) == ["One", KEY_AREAS[1], KEY_AREAS[2]]
    result = run(*SELECTABLE, selection=Selection(statuses=statuses(["rejected", "proposed"])))
    assert texts(result.plan) == [KEY_AREAS[0], "Two", "Three"]


def test_selection_only_and_exclude():
    result = run(*SELECTABLE, selection=Selection(only=frozenset({"b"})))
    assert texts(result.plan) == [KEY_AREAS[0], "Two", KEY_AREAS[2]]
    assert ("a", "not selected") in [(s.id, s.reason) for s in result.changes.skipped]
    result = run(*SELECTABLE, selection=Selection(exclude=frozenset({"a"})))
    assert texts(result.plan) == [KEY_AREAS[0], "Two", KEY_AREAS[2]]


def test_a_left_out_amendment_does_not_conflict():
    result = run(
        am("rephrase", ka(1), text="One", id="a"),
        am("rephrase", ka(1), text="Other", id="b"),
        selection=Selection(exclude=frozenset({"a"})),
    )
    assert texts(result.plan)[0] == "Other"


def test_unknown_ids_in_the_selection_name_the_ids_that_exist():
    with pytest.raises(InputError) as err:
        run(*SELECTABLE, selection=Selection(only=frozenset({"a", "zz"})))
    assert err.value.message == "no amendment zz in set s; it has a, b, c"
    with pytest.raises(InputError, match="no amendment yy in set s; it has a, b, c"):
        run(*SELECTABLE, selection=Selection(exclude=frozenset({"yy"})))


def test_a_selection_that_leaves_out_everything_is_refused():
    """Applying nothing would still stamp the plan with the set's version, and lock it out."""
    with pytest.raises(InputError) as err:
        run(*SELECTABLE, selection=Selection(only=frozenset()))
    assert err.value.message == (
        "the selection leaves out every amendment of set s (3 not selected); nothing to apply"
    )
    with pytest.raises(InputError, match=r"\(1 status proposed, 1 status rejected\)"):
        run(*SELECTABLE[1:], selection=Selection(statuses=frozenset({"agreed"})))


def test_unknown_status():
    with pytest.raises(InputError, match="unknown status maybe; use proposed, agreed"):
        statuses(["agreed", "maybe"])


def test_selection_errors_name_the_setting_not_a_flag():
    """The applier says which setting is at fault; the CLI spells it as a flag."""
    with pytest.raises(InputError) as err:
        run(*SELECTABLE, selection=Selection(exclude=frozenset({"yy"})))
    assert (err.value.option, err.value.remedy) == ("exclude", None)
    with pytest.raises(InputError) as err:
        statuses(["maybe"])
    assert err.value.option == "statuses" and "--" not in err.value.message
    with pytest.raises(ConflictError) as conflict:
        run(am("rephrase", ka(1), text="One", id="a"), am("remove", ka(1), id="b"))
    assert conflict.value.remedy == "exclude" and "--" not in conflict.value.message
    result = run(*SELECTABLE, selection=Selection(only=frozenset({"b"})))
    assert {(s.id, s.option) for s in result.changes.skipped} == {("a", "only"), ("c", "only")}


# -- the LG-14 set ------------------------------------------------------------------------------


def test_lg14_applies_13_lists_2_pending_and_renumbers_a5(lg14_set, lg14_plan):
    result = apply_set(lg14_set, lg14_plan)
    assert [a.id for a in result.changes.applied] == [f"53({c})" for c in "acdefghijklno"]
    assert [a.id for a in result.changes.pending] == ["53(b)", "53(m)"]
    assert [(r.element_id, r.old_label, r.new_label) for r in result.changes.renumbered] == [
        ("a5.ka2", "Goal A.5, key area (2)", "Goal A.5, key area (3)"),
        ("a5.ka3", "Goal A.5, key area (3)", "Goal A.5, key area (4)"),
    ]
    assert result.plan.version == "CBD/CP/LG/2020/1/3 + LG-14"
    assert result.changes.source == "CBD/CP/LG/2020/1/4, paragraph 53"
    before, after = lg14_plan.locate(), result.plan.locate()
    touched = {c.element_id for a in result.changes.applied for c in a.changes}
    for element_id, place in before.items():
        if element_id not in touched:
            assert after[element_id].item.text == place.item.text


# -- properties ---------------------------------------------------------------------------------

line = st.text(alphabet="abcdefgh ", min_size=1, max_size=20).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(line, min_size=1, max_size=6),
    st.data(),
)
def test_rephrases_change_only_their_targets(key_areas, data):
    plan = make_plan(key_areas=key_areas)
    chosen = data.draw(
        st.lists(st.integers(1, len(key_areas)), unique=True, min_size=1, max_size=len(key_areas))
    )
    wording = data.draw(st.lists(line, min_size=len(chosen), max_size=len(chosen)))
    amendments = [
        am("rephrase", ka(n), text=text, id=f"r{n}")
        for n, text in zip(chosen, wording, strict=True)
    ]
    result = run(*amendments, plan=plan)
    before, after = plan.locate(), result.plan.locate()
    assert list(after) == list(before)  # same ids, same order
    expected = dict(zip(chosen, wording, strict=True))
    for n, (element_id, place) in enumerate(
        ((i, p) for i, p in before.items() if p.kind == "key_area" and p.unit.goal_ids == ["A.1"]),
        start=1,
    ):
        assert after[element_id].item.text == expected.get(n, place.item.text)
    others = [i for i, p in before.items() if p.unit.goal_ids != ["A.1"] or p.kind != "key_area"]
    for element_id in others:
        assert after[element_id].item.text == before[element_id].item.text


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["alpha", "beta", "gamma"]), min_size=1, max_size=8), st.data())
def test_deleting_any_words_one_amendment_each_leaves_single_spaces(words, data):
    gone = data.draw(st.sets(st.integers(0, len(words) - 1), min_size=1))
    amendments = [
        am("delete", ka(1), phrase=words[i], occurrence=words[:i].count(words[i]) + 1, id=f"d{i}")
        for i in sorted(gone)
    ]
    rest = [w for i, w in enumerate(words) if i not in gone]
    plan = make_plan([" ".join(words)])
    if not rest:
        with pytest.raises(ApplyError, match="is empty"):
            run(*amendments, plan=plan)
        return
    assert texts(run(*amendments, plan=plan).plan)[0] == " ".join(rest)
