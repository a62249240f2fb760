"""YAML with positions: errors as file:line:col, and plan files written back line for line."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from editplan.core.applier import apply_set
from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet
from editplan.errors import InputError
from editplan.store import files, yamlio

# -- round trip ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rel", ["plans/cb-action-plan.yaml", "amendments/lg14.yaml"])
def test_load_then_dump_is_byte_identical(repo_root, rel):
    text = (repo_root / rel).read_text(encoding="utf-8")
    assert yamlio.dump(yamlio.parse(text, rel)) == text


def test_rendering_an_unchanged_plan_is_byte_identical(repo_root):
    path = repo_root / "plans/cb-action-plan.yaml"
    plan_file = files.read_plan(path)
    assert plan_file.render(plan_file.plan) == path.read_text(encoding="utf-8")


def test_a_plan_saved_with_crlf_line_ends_keeps_them(repo_root, tmp_path, lg14_set):
    crlf = (repo_root / "plans/cb-action-plan.yaml").read_bytes().replace(b"\n", b"\r\n")
    path = tmp_path / "plan.yaml"
    path.write_bytes(crlf)
    plan_file = files.read_plan(path)
    assert plan_file.render(plan_file.plan).encode() == crlf
    revised = plan_file.render(apply_set(lg14_set, plan_file.plan).plan).encode()
    assert revised.count(b"\n") == revised.count(b"\r\n") == crlf.count(b"\r\n") + 4


def comment_lines(text):
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_applying_lg14_changes_only_the_lines_of_changed_elements(repo_root):
    path = repo_root / "plans/cb-action-plan.yaml"
    before = path.read_text(encoding="utf-8")
    plan_file = files.read_plan(path)
    aset = files.read_set(repo_root / "amendments/lg14.yaml").aset
    result = apply_set(aset, plan_file.plan)
    after = plan_file.render(result.plan)

    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:].strip())
        elif line.startswith("+ "):
            added.append(line[2:].strip())

    want_removed = ["version: CBD/CP/LG/2020/1/3"]
    want_added = ["version: CBD/CP/LG/2020/1/3 + LG-14"]
    for amendment in result.changes.applied:
        for change in amendment.changes:
            if change.action == "text":
                want_removed.append(f"text: {change.before}")
                want_added.append(f"text: {change.after}")
            elif change.action == "added":
                want_added += [f"- id: {change.element_id}", f"text: {change.after}"]
    assert sorted(removed) == sorted(want_removed)
    assert sorted(added) == sorted(want_added)
    # 11 rewordings (a, c, d, e's first part, f, g, i, j, k, l, n, o) and two new elements
    assert len(removed) == 1 + 12
    assert len(added) == 1 + 12 + 2 * 2
    assert comment_lines(after) == comment_lines(before)
    assert Plan.model_validate(yamlio.to_plain(yamlio.parse(after, "x"))) == result.plan


# -- merge: comments and layout kept ------------------------------------------------------------

PLAN = """\
id: p
title: T
version: v1
areas:
  - id: A
    title: Area A
    goals:
      # Goal A.1
      - id: A.1
        title: Goal one
        key_areas:
          - id: k1
            text: First  # an end-of-line note
          - id: k2
            text: Second
        activities: []
      # Goal A.2: the comment before it belongs to it
      - id: A.2
        title: Goal two
        key_areas:
          - id: m1
            text: Other
"""


def rendered(tmp_path, edit) -> tuple[str, str]:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    plan_file = files.read_plan(path)
    plan = plan_file.plan.model_copy(deep=True)
    edit(plan)
    return PLAN, plan_file.render(plan)


def changed(before, after):
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_removing_the_last_item_keeps_the_comment_of_the_next_goal(tmp_path):
    def edit(plan):
        plan.areas[0].goals[0].key_areas.pop()

    before, after = rendered(tmp_path, edit)
    assert "# Goal A.2: the comment before it belongs to it" in after
    assert changed(before, after) == ["-          - id: k2", "-            text: Second"]


def test_appending_an_item_puts_it_before_the_next_goals_comment(tmp_path):
    from editplan.core.model import Item

    def edit(plan):
        plan.areas[0].goals[0].activities.append(Item(id="x1", text="New"))

    before, after = rendered(tmp_path, edit)
    assert changed(before, after) == [
        "-        activities: []",
        "+        activities:",
        "+          - id: x1",
        "+            text: New",
    ]
    lines = after.splitlines()
    assert lines.index("            text: New") < lines.index(
        "      # Goal A.2: the comment before it belongs to it"
    )


def test_adding_at_the_end_of_a_goal_keeps_the_next_goals_comment_after_it(repo_root):
    path = repo_root / "plans/cb-action-plan.yaml"
    plan_file = files.read_plan(path)
    aset = AmendmentSet.model_validate(
        {
            "id": "s", "title": "S", "source": {"document": "D"}, "author": "B",
            "date": "2020-01-01", "plan": "p", "base": "CBD/CP/LG/2020/1/3",
            "amendments": [
                {"id": "a", "target": "Goal A.1", "op": "add", "kind": "activity",
                 "text": "A new last activity", "position": "end"},
                {"id": "b", "target": "Goal A.2, activity (iv)", "op": "remove"},
            ],
        }
    )  # fmt: skip
    before = path.read_text(encoding="utf-8")
    after = plan_file.render(apply_set(aset, plan_file.plan).plan)
    lines = after.splitlines()
    new = lines.index("            text: A new last activity")
    assert lines[new + 1] == "      # Goal A.2: Biosafety Clearing-House and information sharing"
    # the removed last activity of A.2 does not take the comment of A.3 with it
    assert comment_lines(after) == comment_lines(before)


def test_moving_the_last_item_first_keeps_comments_in_place(tmp_path):
    def edit(plan):
        items = plan.areas[0].goals[0].key_areas
        items.insert(0, items.pop())

    before, after = rendered(tmp_path, edit)
    assert comment_lines(after) == comment_lines(before)
    lines = after.splitlines()
    assert (
        lines.index("            text: First  # an end-of-line note")
        == lines.index("            text: Second") + 2
    )


def test_an_empty_list_the_file_writes_stays_and_one_it_omits_is_not_added(tmp_path):
    before, after = rendered(tmp_path, lambda plan: None)
    assert after == before
    assert "activities: []" in after
    assert after.count("activities") == 1  # goal A.2 writes none, and gets none


def test_unchanged_scalars_keep_their_quoting(tmp_path, write):
    path = write(tmp_path, "q.yaml", PLAN.replace("text: Second", "text: 'Second'"))
    plan_file = files.read_plan(path)
    plan = plan_file.plan.model_copy(deep=True)
    plan.areas[0].goals[0].key_areas[0].text = "Changed"
    after = plan_file.render(plan)
    assert "text: 'Second'" in after
    changed_line = next(line for line in after.splitlines() if "Changed" in line)
    assert changed_line.split("#")[1] == " an end-of-line note"


# -- reading: every problem with a place --------------------------------------------------------


def plan_error(tmp_path, write, monkeypatch, text: str | bytes) -> str:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(InputError) as err:
        files.read_plan(Path("bad.yaml"))
    assert err.value.exit_code == 2
    assert path.exists()
    return str(err.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            PLAN.replace("title: Goal one", "title: [Goal one"),
            "bad.yaml:11:18: malformed YAML: expected ',' or ']'",
        ),
        (
            PLAN.replace("title: Goal one", "title: Goal one\n        title: again"),
            'bad.yaml:11:9: malformed YAML: found duplicate key "title"; each key may appear once',
        ),
        (
            PLAN.replace("id: k2", "id: k1"),
            "bad.yaml:14:17: duplicate id 'k1': ids must be unique in a plan "
            "(first used at line 12)",
        ),
        (
            PLAN.replace("title: Goal one", "title: Goal one\n        colour: red"),
            "bad.yaml:11:9: unknown field 'colour'; "
            "expected one of: key_areas, activities, id, title",
        ),
        (
            PLAN.replace("text: Second", "text: ''"),
            "bad.yaml:15:19: text: is empty; write the wording, or remove the element",
        ),
        (
            PLAN.replace("text: Second", "text:"),
            "bad.yaml:15:13: text: is empty",
        ),
        (
            PLAN.replace("id: A.2", "id: A2"),
            "bad.yaml:18:13: id: 'A2' is not a goal id of the form A.1",
        ),
        (
            PLAN.replace("text: Second", 'text: "Sec\\vond"'),
            "bad.yaml:15:19: text: contains U+000B, a control character that a Word document "
            "cannot hold",
        ),
        (
            PLAN.replace("text: Second", "text: Sec\x07ond"),
            "bad.yaml:15:22: character U+0007 is not allowed in a YAML file (a control character)",
        ),
        (
            PLAN.replace("text: Second", "text: Séc").encode("latin-1"),
            "bad.yaml:15:20: not UTF-8: byte 0xE9 cannot be decoded; save the file as UTF-8",
        ),
        ("", "bad.yaml:1:1: expected a mapping at the top of the file, found nothing"),
        ("- a\n", "bad.yaml:1:1: expected a mapping at the top of the file, found a list"),
        (
            PLAN.replace("version: v1\n", "version: v1\namendments: []\n"),
            "bad.yaml:1:1: this is a patch file (it has 'amendments'), not a plan file",
        ),
    ],
    ids=[
        "malformed", "duplicate-key", "duplicate-id", "unknown-field", "empty-text",
        "no-text", "goal-id", "vertical-tab", "bell-byte", "not-utf8", "empty-file", "a-list",
        "patch-file",
    ],
)  # fmt: skip
def test_bad_plan_files(tmp_path, write, monkeypatch, text, expected):
    assert plan_error(tmp_path, write, monkeypatch, text).startswith(expected)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path, write):
    path = write(tmp_path, "bom.yaml", b"\xef\xbb\xbf" + PLAN.encode())
    assert files.read_plan(path).plan.id == "p"


def test_yaml_1_2_reads_no_as_text(tmp_path, write):
    path = write(tmp_path, "no.yaml", PLAN.replace("text: Second", "text: no"))
    assert files.read_plan(path).plan.locate()["k2"].item.text == "no"


def test_position_of_nested_values_and_missing_keys():
    doc = yamlio.parse(PLAN, "p.yaml")
    assert yamlio.position(doc, ("areas", 0, "goals", 0, "key_areas", 1, "text")) == (15, 19)
    assert yamlio.position(doc, ("areas", 0, "goals", 0, "key_areas", 1, "text"), key=True) == (
        15,
        13,
    )
    # a key that is not there: the mapping that lacks it
    assert yamlio.position(doc, ("areas", 0, "goals", 1, "activities")) == (18, 9)


def test_validate_reports_the_first_problem_and_counts_the_others(tmp_path):
    doc = yamlio.parse(
        "id: s\ntitle: T\nsource: {document: D}\nauthor: A\ndate: 2020-01-01\nplan: p\n"
        "base: v\namendments:\n  - {id: a, target: A.1/ka/1, op: remove, colour: 1, size: 2}\n",
        "s.yaml",
    )
    with pytest.raises(InputError) as err:
        yamlio.validate(AmendmentSet, doc, "s.yaml")
    assert str(err.value).startswith("s.yaml:9:43: unknown field 'colour'")
    assert str(err.value).endswith("(and 1 more problem)")
