"""The patch-file schema: amendment sets, one operation each, checked before any plan is read."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from editplan.core.patch import OPERATIONS, AmendmentSet, Source
from editplan.errors import ConsistencyError, InputError
from editplan.store.files import read_set
from editplan.store.paths import paths_shown_from

HEADER = {
    "id": "s1",
    "title": "A set",
    "source": {"document": "DOC/1", "paragraph": 5},
    "author": "A body",
    "date": "2020-01-01",
    "plan": "plan.yaml",
    "base": "v1",
}


def make(*amendments, **header):
    return AmendmentSet.model_validate({**HEADER, **header, "amendments": list(amendments)})


def one(**fields):
    return {"id": "a1", "target": "Goal A.1, key area (1)", **fields}


# -- the set ------------------------------------------------------------------------------------


def test_the_example_set_reads(lg14_set):
    assert lg14_set.id == "lg14"
    assert [a.id for a in lg14_set.amendments] == [f"53({c})" for c in "abcdefghijklmno"]
    assert lg14_set.source.cite() == "CBD/CP/LG/2020/1/4, paragraph 53"
    assert lg14_set.result_version == "CBD/CP/LG/2020/1/3 + LG-14"
    assert lg14_set.index_of("53(e)") == 4
    with pytest.raises(KeyError):
        lg14_set.index_of("53(z)")


def test_every_operation_of_the_design_is_in_the_schema(lg14_set):
    assert set(OPERATIONS) == {
        "rephrase", "replace", "delete", "insert", "split", "add", "remove", "join", "move",
        "instruction",
    }  # fmt: skip
    assert {a.op for a in lg14_set.amendments} == {
        "rephrase", "instruction", "delete", "split", "add", "replace",
    }  # fmt: skip


def test_result_version_is_derived_when_not_declared():
    aset = make(one(op="rephrase", text="New"))
    assert aset.result_version == "v1 + s1"


def test_source_cites_document_alone_without_paragraph():
    assert Source(document="DOC/2").cite() == "DOC/2"


def test_duplicate_amendment_ids_name_both_places():
    with pytest.raises(ConsistencyError) as err:
        make(one(op="rephrase", text="x"), one(op="rephrase", text="y"))
    assert "duplicate amendment id 'a1'" in err.value.message
    assert err.value.loc == ("amendments", 1, "id")
    assert err.value.first == ("amendments", 0, "id")


@pytest.mark.parametrize("bad", ["LG14", "lg 14", "-x", ""])
def test_set_id_is_a_lower_case_token(bad):
    with pytest.raises(ValidationError):
        make(one(op="rephrase", text="x"), id=bad)


def test_a_set_needs_an_amendment():
    with pytest.raises(ValidationError, match="at least 1"):
        make()


def test_status_defaults_to_proposed():
    assert make(one(op="remove")).amendments[0].status == "proposed"


# -- operations ---------------------------------------------------------------------------------


def test_target_or_targets_exactly_one():
    with pytest.raises(ValidationError, match="no target"):
        make({"id": "a1", "op": "remove"})
    with pytest.raises(ValidationError, match="not both"):
        make(one(op="remove", targets=["Goal A.1, key area (2)"]))
    with pytest.raises(ValidationError, match="'targets' is empty"):
        make({"id": "a1", "targets": [], "op": "remove"})
    assert make({"id": "a1", "targets": ["A.1/ka/1", "A.2/ka/1"], "op": "remove"}).amendments[
        0
    ].target_refs == ["A.1/ka/1", "A.2/ka/1"]


def test_rephrase_text_must_be_a_clean_line():
    with pytest.raises(ValidationError, match="is empty"):
        make(one(op="rephrase", text=""))
    with pytest.raises(ValidationError, match="line break"):
        make(one(op="rephrase", text="a\nb"))


def test_phrases_must_have_words():
    with pytest.raises(ValidationError, match="is empty; give the exact words"):
        make(one(op="delete", phrase="  "))
    with pytest.raises(ValidationError, match="is empty"):
        make(one(op="replace", phrase="a", by=""))


def test_occurrence_is_positive_or_all():
    assert make(one(op="delete", phrase="a", occurrence="all")).amendments[0].occurrence == "all"
    assert make(one(op="delete", phrase="a", occurrence=2)).amendments[0].occurrence == 2
    with pytest.raises(ValidationError):
        make(one(op="delete", phrase="a", occurrence=0))
    with pytest.raises(ValidationError):
        make(one(op="delete", phrase="a", occurrence="some"))


def test_insert_anchor_goes_with_before_and_after():
    with pytest.raises(ValidationError, match="position 'before' needs an 'anchor'"):
        make(one(op="insert", text="x", position="before"))
    with pytest.raises(ValidationError, match="position 'end' takes no 'anchor'"):
        make(one(op="insert", text="x", position="end", anchor="y"))


def test_split_needs_two_parts_and_ids_for_the_new_ones():
    with pytest.raises(ValidationError, match="at least 2"):
        make(one(op="split", into=["only"]))
    with pytest.raises(ValidationError, match="1 expected, 2 given"):
        make(one(op="split", into=["a", "b"], ids=["n1", "n2"]))
    assert make(one(op="split", into=["a", "b", "c"], ids=["n1", "n2"])).amendments[0].ids == [
        "n1",
        "n2",
    ]


def test_add_sibling_goes_with_before_and_after():
    add = {"id": "a1", "target": "Goal A.1", "op": "add", "kind": "key_area", "text": "New"}
    with pytest.raises(ValidationError, match="position 'after' needs a 'sibling'"):
        make({**add, "position": "after"})
    with pytest.raises(ValidationError, match="'sibling' goes with position 'before' or 'after'"):
        make({**add, "sibling": "A.1/ka/1"})
    with pytest.raises(ValidationError):
        make({**add, "kind": "goal"})
    assert make(add).amendments[0].position is None


def test_join_needs_two_targets():
    with pytest.raises(ValidationError, match="at least two"):
        make(one(op="join", text="x"))


def test_move_takes_sibling_or_to():
    with pytest.raises(ValidationError, match="give 'sibling' or 'to', not both"):
        make(one(op="move", position="before", sibling="A.1/ka/2", to="Goal A.2"))


def test_instruction_drafted_by_needs_text():
    with pytest.raises(ValidationError, match="'drafted_by' names who drafted 'text'"):
        make(one(op="instruction", drafted_by="Secretariat"))
    assert make(one(op="instruction")).amendments[0].text is None


# -- errors in a file: line, column and what is wrong --------------------------------------------

SET_FILE = """\
id: s1
title: A set
source:
  document: DOC/1
author: A body
date: 2020-01-01
plan: plan.yaml
base: v1
amendments:
  - id: a1
    target: Goal A.1, key area (1)
    op: rephrase
    text: New wording
"""


def refused(path) -> str:
    with paths_shown_from(path.parent), pytest.raises(InputError) as err:
        read_set(path)
    assert err.value.exit_code == 2
    return str(err.value)


@pytest.fixture
def set_file(tmp_path, write, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def make_file(text):
        return write(tmp_path, "set.yaml", text)

    return make_file


def test_a_good_set_file_reads(set_file):
    assert read_set(set_file(SET_FILE)).aset.amendments[0].op == "rephrase"


def test_unknown_operation_points_at_op_and_lists_the_operations(set_file):
    message = refused(set_file(SET_FILE.replace("op: rephrase", "op: rewrite")))
    assert message.startswith("set.yaml:12:9: op: unknown operation 'rewrite'; expected one of:")
    assert "'rephrase'" in message
    assert "'instruction'" in message


def test_missing_operation(set_file):
    message = refused(set_file(SET_FILE.replace("    op: rephrase\n", "")))
    assert message == "set.yaml:10:5: missing field 'op'"


def test_missing_field_names_it_at_its_amendment(set_file):
    message = refused(set_file(SET_FILE.replace("    text: New wording\n", "")))
    assert message == "set.yaml:10:5: missing field 'text'"


def test_unknown_field_points_at_the_key_and_lists_the_fields_of_that_operation(set_file):
    message = refused(set_file(SET_FILE.replace("op: rephrase", "op: rephrase\n    colour: red")))
    assert message.startswith("set.yaml:13:5: unknown field 'colour'; expected one of: ")
    fields = message.split("expected one of: ")[1].split(", ")
    assert "text" in fields
    assert "phrase" not in fields  # a field of delete and replace, not of rephrase


def test_empty_text_is_refused_where_the_operation_forbids_it(set_file):
    message = refused(set_file(SET_FILE.replace("text: New wording", "text: ''")))
    assert message == "set.yaml:13:11: text: is empty; write the wording, or remove the element"


def test_text_with_no_value_is_reported_on_its_own_line(set_file):
    message = refused(set_file(SET_FILE.replace("text: New wording", "text:")))
    assert message.startswith("set.yaml:13:5: text: is empty")


def test_split_into_one_part(set_file):
    text = SET_FILE.replace("op: rephrase\n    text: New wording", "op: split\n    into: [Only]")
    message = refused(set_file(text))
    assert re.match(r"set\.yaml:13:11: into: .*at least 2", message)


def test_bad_occurrence_is_reported_at_its_value_as_one_problem(set_file):
    text = SET_FILE.replace(
        "op: rephrase\n    text: New wording", "op: delete\n    phrase: New\n    occurrence: 0"
    )
    message = refused(set_file(text))
    assert message == "set.yaml:14:17: occurrence: 0 is too small; the least allowed is 1"


def test_duplicate_amendment_ids_in_a_file(set_file):
    extra = "  - id: a1\n    target: Goal A.1, key area (2)\n    op: remove\n"
    message = refused(set_file(SET_FILE + extra))
    assert message == (
        "set.yaml:14:9: duplicate amendment id 'a1': each amendment needs its own "
        "(first used at line 10)"
    )


def test_no_target_is_reported_without_a_bogus_field_name(set_file):
    message = refused(set_file(SET_FILE.replace("    target: Goal A.1, key area (1)\n", "")))
    assert message == (
        "set.yaml:10:5: no target: give 'target' (one reference) or 'targets' (a list)"
    )


def test_a_plan_file_is_not_a_patch_file(tmp_path, monkeypatch, repo_root):
    monkeypatch.chdir(repo_root)
    with pytest.raises(InputError, match="this is a plan file"):
        read_set(repo_root / "plans/cb-action-plan.yaml")
