"""The command line: what a user types, what they read, the exit code, and what is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from editplan import api
from editplan.cli import main
from editplan.core.reference import resolve_one

PLAN = "plans/cb-action-plan.yaml"
SET = "amendments/lg14.yaml"
BASE = "CBD/CP/LG/2020/1/3"


def cli(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def error_line(result) -> str:
    """The one error line a refused command prints on stderr, without its prefix."""
    lines = [line for line in result.stderr.splitlines() if line.startswith("editplan: error: ")]
    assert len(lines) == 1, result.stderr
    return lines[0].removeprefix("editplan: error: ")


# -- issue 2: show and validate -----------------------------------------------------------------


@pytest.fixture
def in_repo(repo_root, monkeypatch):
    monkeypatch.chdir(repo_root)
    return repo_root


def test_show_an_activity_of_the_combined_block(in_repo):
    result = cli("show", "Goals A.6, 7 and 8, activity (v)")
    assert result.exit_code == 0
    assert result.stdout == (
        "Goals A.6, A.7 and A.8, activity (v)  [a6-8.act5]\n"
        "  Support laboratories for LMO detection through regional networks\n"
    )


def test_show_a_goal_lists_its_key_areas_and_activities_in_order(in_repo):
    result = cli("show", "Goal A.5")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Goal A.5: Parties conduct scientifically sound risk assessments")
    numbers = [line.split()[0] for line in lines if line.startswith("     ")]
    assert numbers == ["(1)", "(2)", "(3)", "(i)", "(ii)", "(iii)", "(iv)", "(v)"]
    assert (
        "(1) Conducting risk assessments and managing identified risks  [a5.ka1]" in result.stdout
    )
    key_areas = lines.index("  Key areas for capacity-building")
    activities = lines.index("  Capacity-building activities")
    assert key_areas < activities


def test_show_a_reference_to_nothing_says_what_there_is(in_repo):
    result = cli("show", "Goal A.5, key area (9)")
    assert result.exit_code == 2
    assert "Goal A.5 has 3 key areas; key area (9) does not exist" in error_line(result)
    assert result.stdout == ""


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("target", [None, "Goal A.5", "Goals A.6, 7 and 8, activity (v)"])
def test_show_yaml_and_json_parse_back(in_repo, fmt, target):
    args = ["show", "--format", fmt] + ([target] if target else [])
    result = cli(*args)
    assert result.exit_code == 0
    data = json.loads(result.stdout) if fmt == "json" else YAML(typ="safe").load(result.stdout)
    assert data == api.show(api.Workspace.open(Path.cwd()), target)
    if target == "Goal A.5":
        (unit,) = data
        assert [k["number"] for k in unit["key_areas"]] == ["(1)", "(2)", "(3)"]
        assert unit["activities"][3] == {
            "id": "a5.act4",
            "number": "(iv)",
            "text": "Support research relevant to risk assessment in specific ecological areas",
        }


def test_validate_the_example_plan_and_set(in_repo):
    result = cli("validate", PLAN, SET)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith(f"{PLAN}: ok (plan cb-action-plan")
    assert "set lg14: 13 amendments apply" in result.stdout
    assert "2 pending" in result.stdout


# -- issue 2: bad plan files, through the CLI ----------------------------------------------------

GOOD_PLAN = """\
id: p
title: A plan
version: v1
areas:
  - id: A
    title: Area A
    goals:
      - id: A.1
        title: Goal one
        key_areas:
          - id: k1
            text: First key area
          - id: k2
            text: Second key area
"""

SMALL_SET = """\
id: s
title: A set
source:
  document: DOC/1
author: A body
date: 2020-01-01
plan: ../plans/p.yaml
base: v1
amendments:
  - id: a
    target: Goal A.1, key area (1)
    op: rephrase
    text: New wording
"""

def test_the_small_plan_and_set_are_good(tmp_path, monkeypatch, write):
    """The control for the refused plan cases in tests/data/refused/: unchanged, they apply."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "plans/p.yaml", GOOD_PLAN)
    write(tmp_path, "amendments/s.yaml", SMALL_SET)
    (tmp_path / "out").mkdir()
    assert cli("validate", "plans/p.yaml", "amendments/s.yaml").exit_code == 0
    assert cli("apply", "amendments/s.yaml", "--out", "out").exit_code == 0
    assert "text: New wording" in (tmp_path / "out/p.yaml").read_text()


def test_init_into_a_non_empty_folder_is_refused(tmp_path, snapshot):
    folder = tmp_path / "full"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n")
    before = snapshot(folder)
    result = cli("init", "--example", str(folder))
    assert result.exit_code == 2
    assert "is not empty" in error_line(result)
    assert str(folder) in error_line(result)
    assert snapshot(folder) == before
    assert not (folder / ".git").exists()


def test_init_example_makes_a_workspace(tmp_path):
    result = cli("init", "--example", str(tmp_path / "ws"))
    assert result.exit_code == 0
    assert (tmp_path / "ws" / PLAN).is_file()
    assert (tmp_path / "ws" / SET).is_file()
    assert (tmp_path / "ws/.git").is_dir()


# -- issue 3: LG-14 applied in a workspace ------------------------------------------------------


@pytest.fixture(scope="module")
def applied(tmp_path_factory):
    """A workspace from init --example with amendments/lg14.yaml applied by the CLI."""
    root = tmp_path_factory.mktemp("applied") / "ws"
    api.init(root, example=True)
    base = api.load_plan(root / PLAN)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = cli("apply", SET)
    assert result.exit_code == 0, result.stderr
    return {"base": base, "plan": api.load_plan(root / PLAN), "out": result.stdout, "root": root}


# Paragraph 53 of the report (CBD/CP/LG/2020/1/4), item by item: the element the report names
# (resolved in the draft), and what it must read in the revised plan, in the report's words.
# Where the report gives wording, that wording; for "the reference to X should be deleted", the
# element without the span the patch file states (X must be gone); for (n), "predictable"
# substituted with "adequate". The revised place is given where the item renumbers (e, h).
WITHOUT = "without"  # ("without", span, words the report quotes)
SUBSTITUTE = "substitute"  # ("substitute", word, by)

ITEMS = {
    "a": ("Goal A.1, key area (2)",
          "Strengthening capacities of competent national authorities"),
    "c": ("Goal A.2, activity (ii)",
          (WITHOUT, "for specific target groups", "specific target groups")),
    "d": ("Goal A.4, activity (i)",
          "Provide support to non-compliant Parties concerned to carry out activities set out in "
          "compliance action plans, to address identified issues of non-compliance"),
    "e": ("Goal A.5, key area (1)",
          {"Goal A.5, key area (1)":
               "Conducting and reviewing scientifically sound risk assessments",
           "Goal A.5, key area (2)":
               "Monitoring, regulating, managing and controlling identified risks"}),
    "f": ("Goal A.5, activity (ii)",
          (WITHOUT, "for relevant national authorities", "relevant national authorities")),
    "g": ("Goal A.5, activity (iv)",
          "Provide training to conduct scientific research, review and acquire data on "
          "biodiversity for specific ecological areas relevant to risk assessment and risk "
          "management"),
    "h": ("Goals A.6, 7 and 8",
          {"Goals A.6, 7 and 8, key area (4)":
               "Establishment of functional national systems for notification and appropriate "
               "responses to unintentional transboundary movements, in accordance with Article "
               "17 of the Protocol"}),
    "i": ("Goals A.6, 7 and 8, activity (iii)",
          "Disseminate and provide training on methodologies and protocols for sampling, "
          "detection and identification of LMOs"),
    "j": ("Goals A.6, 7 and 8, activity (v)",
          "Establish, strengthen and maintain networks of laboratories for LMO detection and "
          "identification"),
    "k": ("Goal A.10, key area (2)",
          "Development of national legal, administrative and other measures to implement the "
          "Supplementary Protocol"),
    "l": ("Goal A.10, activity (v)",
          (WITHOUT, "under the Supplementary Protocol", "Supplementary Protocol")),
    "n": ("Goal B.2, activity (i)", (SUBSTITUTE, "predictable", "adequate")),
    "o": ("Goal B.4, key area (3)", (WITHOUT, "national", "national")),
}  # fmt: skip


def element(applied, reference):
    """The element a reference names in the draft, as it reads in the revised plan (by id)."""
    target = resolve_one(applied["base"], reference)
    return target.element_id, applied["plan"].locate()[target.element_id]


def revised_text(applied, reference):
    """What a reference names in the revised plan, resolved there."""
    target = resolve_one(applied["plan"], reference)
    return applied["plan"].locate()[target.element_id].item.text


@pytest.mark.parametrize("item", list(ITEMS), ids=[f"53({i})" for i in ITEMS])
def test_lg14_item_reads_as_the_report_words_it(applied, item):
    reference, expected = ITEMS[item]
    assert f"  53({item}) " in applied["out"]  # listed as applied
    if isinstance(expected, dict):  # the item renumbers: check the revised places
        for revised_reference, wording in expected.items():
            assert revised_text(applied, revised_reference) == wording
        return
    element_id, place = element(applied, reference)
    assert revised_text(applied, reference) == place.item.text  # not renumbered
    before = applied["base"].locate()[element_id].item.text
    if isinstance(expected, str):
        assert place.item.text == expected
        assert before != expected
    elif expected[0] == WITHOUT:
        _, span, quoted = expected
        assert before.count(span) == 1
        assert place.item.text == " ".join(before.replace(span, "").split())
        assert quoted not in place.item.text
    else:
        _, word, by = expected
        assert place.item.text == before.replace(word, by)
        assert word not in place.item.text


def test_lg14_e_keeps_the_id_of_the_old_key_area_for_the_first_part(applied):
    unit = applied["plan"].unit_by_goal("A.5")
    assert unit.key_areas[0].id == "a5.ka1"
    assert [k.id for k in unit.key_areas[2:]] == ["a5.ka2", "a5.ka3"]


def test_lg14_h_adds_one_key_area_to_the_block_and_keeps_the_others(applied):
    unit = applied["plan"].unit_by_goal("A.7")
    assert [k.id for k in unit.key_areas[:3]] == ["a6-8.ka1", "a6-8.ka2", "a6-8.ka3"]
    assert len(unit.key_areas) == 4


def test_lg14_b_and_m_are_listed_as_pending_and_change_nothing(applied):
    out = applied["out"]
    pending = out[out.index("Pending instructions (2):") :].splitlines()
    assert pending[1].split() == ["53(b)", "Goal", "A.2,", "key", "area", "(2)"]
    assert "53(m)    Goal B.1, activity (i)" in out
    for reference in ("Goal A.2, key area (2)", "Goal B.1, activity (i)"):
        element_id, place = element(applied, reference)
        assert place.item.text == applied["base"].locate()[element_id].item.text


def test_lg14_former_a5_key_area_2_is_now_key_area_3_with_its_id(applied):
    place = applied["plan"].locate()["a5.ka2"]
    assert place.label == "Goal A.5, key area (3)"
    assert place.item.text == applied["base"].locate()["a5.ka2"].item.text
    assert "Goal A.5, key area (2) -> Goal A.5, key area (3)  [a5.ka2]" in applied["out"]


def test_lg14_everything_else_is_unchanged(applied):
    base, plan = applied["base"], applied["plan"]
    touched = {resolve_one(base, reference).element_id for reference, _ in ITEMS.values()}
    for element_id, place in base.locate().items():
        if element_id not in touched:
            assert plan.locate()[element_id].item.text == place.item.text, element_id
    assert plan.version == f"{BASE} + LG-14"


def test_the_same_set_applied_twice_is_refused(workspace):
    assert cli("apply", SET).exit_code == 0
    after_first = (workspace / PLAN).read_bytes()
    result = cli("apply", SET)
    assert result.exit_code == 3
    assert "the base no longer matches" in error_line(result)
    assert (workspace / PLAN).read_bytes() == after_first


def test_dry_run_writes_nothing(workspace, snapshot):
    before = snapshot(workspace)
    result = cli("apply", SET, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith("Would apply lg14")
    assert "Pending instructions (2):" in result.stdout
    assert snapshot(workspace) == before


def test_out_writes_the_revised_plan_there(workspace, tmp_path):
    original = (workspace / PLAN).read_bytes()
    out = tmp_path / "elsewhere"
    out.mkdir()
    result = cli("apply", SET, "--out", str(out))
    assert result.exit_code == 0
    assert (workspace / PLAN).read_bytes() == original
    revised = api.load_plan(out / "cb-action-plan.yaml")
    assert revised.version == f"{BASE} + LG-14"
    assert revised.locate()["a1.ka2"].item.text == ITEMS["a"][1]
    # the documents go with the plan, not into the workspace
    assert sorted(p.name for p in out.glob("*.docx")) == [
        "cb-action-plan.clean.docx",
        "cb-action-plan.tracked.docx",
    ]
    assert not (workspace / "out" / "lg14").exists()


def test_out_into_the_plans_own_folder_is_refused(repo_root, tmp_path, monkeypatch, snapshot):
    for rel in (PLAN, SET):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(repo_root / rel, tmp_path / rel)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = cli("apply", SET, "--out", "plans")
    assert result.exit_code == 2
    assert "is the plan's own folder" in error_line(result)
    assert snapshot(tmp_path) == before


def test_in_place_outside_a_git_work_tree_is_refused(repo_root, tmp_path, monkeypatch, snapshot):
    for rel in (PLAN, SET):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(repo_root / rel, tmp_path / rel)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = cli("apply", SET)
    assert result.exit_code == 2
    message = error_line(result)
    assert "not in a git work tree" in message
    assert "--out" in message
    assert "editplan init" in message
    assert snapshot(tmp_path) == before


# -- issue 3: selection -------------------------------------------------------------------------


def revised(workspace, *args):
    out = workspace / "out" / "selected"  # made again by each application
    out.mkdir(parents=True, exist_ok=True)
    result = cli("apply", *args, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    return result, api.load_plan(out / Path(PLAN).name)


def changed_ids(workspace, plan):
    base = api.load_plan(workspace / PLAN).locate()
    now = plan.locate()
    return {i for i in now if i not in base or now[i].item.text != base[i].item.text}


def test_only_applies_the_named_amendments(workspace):
    result, plan = revised(workspace, SET, "--only", "53(a),53(e)")
    assert changed_ids(workspace, plan) == {"a1.ka2", "a5.ka1", "lg14.53e.2"}
    assert "Skipped (13):" in result.stdout
    assert "53(b)    not selected (--only)" in result.stdout


def test_exclude_leaves_the_named_amendments_out(workspace):
    _, plan = revised(workspace, SET, "--exclude", "53(h),53(e)")
    ids = changed_ids(workspace, plan)
    assert "a6-8.ka1" not in ids
    assert not any(i.startswith("lg14.") for i in ids)
    assert {"a1.ka2", "b2.act1", "b4.ka3"} <= ids
    assert len(plan.unit_by_goal("A.5").key_areas) == 3


STATUS_SET = f"""\
id: statuses
title: Amendments with statuses
source:
  document: DOC/2
author: A body
date: 2020-05-01
plan: ../plans/cb-action-plan.yaml
base: {BASE}
amendments:
  - id: agreed-one
    target: Goal A.1, key area (1)
    op: rephrase
    text: Agreed wording
    status: agreed
  - id: proposed-one
    target: Goal A.1, key area (2)
    op: rephrase
    text: Proposed wording
  - id: rejected-one
    target: Goal A.1, key area (3)
    op: rephrase
    text: Rejected wording
    status: rejected
"""


def test_status_selects_by_status(workspace, write):
    write(workspace, "amendments/statuses.yaml", STATUS_SET)
    _, plan = revised(workspace, "amendments/statuses.yaml", "--status", "agreed")
    assert changed_ids(workspace, plan) == {"a1.ka1"}
    _, plan = revised(workspace, "amendments/statuses.yaml")
    assert changed_ids(workspace, plan) == {"a1.ka1", "a1.ka2"}
    _, plan = revised(workspace, "amendments/statuses.yaml", "--status", "rejected")
    assert changed_ids(workspace, plan) == {"a1.ka3"}


def test_an_empty_selection_applies_nothing_and_leaves_the_set_applicable(workspace, snapshot):
    before = snapshot(workspace)
    result = cli("apply", SET, "--only", "")
    assert result.exit_code == 2
    assert "leaves out every amendment of set lg14" in error_line(result)
    assert snapshot(workspace) == before
    assert cli("apply", SET).exit_code == 0


def test_unknown_status_is_refused(workspace, snapshot):
    before = snapshot(workspace)
    result = cli("apply", SET, "--status", "agreed,maybe")
    assert result.exit_code == 2
    assert "unknown status maybe" in error_line(result)
    assert snapshot(workspace) == before


def test_the_error_handler_adds_the_flag_to_the_library_message(workspace):
    assert error_line(cli("apply", SET, "--only", "53(z)")).startswith("--only: no amendment 53(z)")
    assert error_line(cli("apply", SET, "--status", "maybe")).startswith("--status: unknown status")
    result = cli("apply", SET, "--dry-run", "--out", "missing")
    assert error_line(result) == "--out: folder missing does not exist"


def test_unknown_ids_in_only_are_refused_naming_the_ids_that_exist(workspace, snapshot):
    before = snapshot(workspace)
    result = cli("apply", SET, "--only", "53(a),53(z),54(a)")
    assert result.exit_code == 2
    message = error_line(result)
    assert "no amendment 53(z), 54(a) in set lg14" in message
    assert "it has 53(a), 53(b), 53(c)" in message
    assert snapshot(workspace) == before


# -- known problems outside the core (api.py, history.py) -----------------------------------------


def test_the_rest_of_a_set_can_be_applied_after_a_subset(workspace):
    assert cli("apply", SET, "--only", "53(a)").exit_code == 0
    result = cli("apply", SET, "--exclude", "53(a)")
    assert result.exit_code == 0, result.stderr
    plan = api.load_plan(workspace / PLAN)
    assert plan.locate()["a1.ka2"].item.text == ITEMS["a"][1]
    assert plan.locate()["b2.act1"].item.text.startswith("Mobilize adequate")


def test_applying_a_set_again_applies_only_what_the_history_lacks(workspace):
    assert cli("apply", SET, "--only", "53(a),53(e)").exit_code == 0
    result = cli("apply", SET)
    assert result.exit_code == 0, result.stderr
    assert "53(a)    already applied in" in result.output
    assert "53(e)    already applied in" in result.output
    plan = api.load_plan(workspace / PLAN)
    assert plan.locate()["a5.ka2"].label == "Goal A.5, key area (3)"
    assert (
        plan.locate()["b4.ka3"].item.text
        == "Strengthening mechanisms for public participation in decision-making on LMOs"
    )
    # everything is now applied: a third time is refused
    again = cli("apply", SET)
    assert again.exit_code == 3
    assert "none of the selected amendments is left to apply" in error_line(again)


def test_drafted_wording_for_a_pending_instruction_applies_later(workspace):
    assert cli("apply", SET).exit_code == 0
    path = workspace / SET
    drafted = "Making relevant information available, and promoting its effective use"
    text = path.read_text().replace(
        "    op: instruction\n    quote: '*Goal A.2, key area (2)*",
        f"    op: instruction\n    text: {drafted}\n    quote: '*Goal A.2, key area (2)*",
    )
    assert text != path.read_text()
    path.write_text(text)
    result = cli("apply", SET)
    assert result.exit_code == 0, result.stderr
    assert "wording drafted by Secretariat" in result.output
    assert api.load_plan(workspace / PLAN).locate()["a2.ka2"].item.text == drafted


def test_init_onto_a_file_says_it_is_a_file(tmp_path):
    path = tmp_path / "afile"
    path.write_text("")
    result = cli("init", str(path))
    assert result.exit_code == 2
    assert "not a folder" in error_line(result) or "is a file" in error_line(result)


# --- documents, extraction and import through the CLI -------------------------------------


def test_apply_writes_the_tracked_and_clean_documents(workspace):
    result = cli("apply", SET)
    assert result.exit_code == 0, result.stderr
    folder = workspace / "out" / "lg14"
    assert "Wrote out/lg14/cb-action-plan.tracked.docx" in result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "cb-action-plan.clean.docx",
        "cb-action-plan.tracked.docx",
        "cb-action-plan.tracked.html",
    ]
    # out/ is ignored: the commit holds the plan only
    assert git_status(workspace) == ""


def test_apply_no_docs_and_docs_dir(workspace, tmp_path):
    assert cli("apply", SET, "--no-docs", "--no-commit").exit_code == 0
    assert not (workspace / "out" / "lg14").exists()
    result = cli("apply", SET, "--dry-run", "--docs-dir", str(tmp_path / "missing"))
    assert result.exit_code == 2
    assert "does not exist" in error_line(result)


def test_render_writes_a_clean_document(in_repo, tmp_path):
    target = tmp_path / "plan.docx"
    result = cli("render", PLAN, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    from docx import Document

    texts = [p.text for p in Document(str(target)).paragraphs]
    assert (
        "(2)\tStrengthening the institutional capacities of national authorities responsible "
        "for biosafety"
    ) in texts
    result = cli("render", PLAN, "-o", str(tmp_path / "no" / "such" / "plan.docx"))
    assert result.exit_code == 2
    assert "does not exist" in error_line(result)


def test_extract_writes_a_patch_file_that_applies_like_lg14(workspace, repo_root):
    report = repo_root / "tests" / "data" / "lg14-report.txt"
    result = cli(
        "extract", str(report), "--paragraph", "53", "--plan", PLAN, "-o", "amendments/x.yaml"
    )
    assert result.exit_code == 0, result.stderr
    assert "Wrote amendments/x.yaml (15 items)" in result.output
    assert "editplan: review: 53(b) (instruction)" in result.stderr
    extracted = api.load_set(workspace / "amendments" / "x.yaml")
    assert extracted.plan == "../plans/cb-action-plan.yaml"
    assert [a.op for a in extracted.amendments if a.id in ("53(b)", "53(m)")] == [
        "instruction",
        "instruction",
    ]
    result = cli("extract", str(report), "--paragraph", "99")
    assert result.exit_code == 2
    assert "paragraph 99 not found" in error_line(result)


def test_import_reads_back_the_rendered_plan(workspace):
    assert cli("render", PLAN, "-o", "draft.docx").exit_code == 0
    result = cli("import", "draft.docx", "-o", "plans/imported.yaml")
    assert result.exit_code == 0, result.stderr
    original = api.load_plan(workspace / PLAN)
    imported = api.load_plan(workspace / "plans" / "imported.yaml")
    assert imported.areas == original.areas
    again = cli("import", "draft.docx", "-o", "plans/imported.yaml")
    assert again.exit_code == 2
    assert "exists" in error_line(again) and "--force" in error_line(again)
    assert cli("import", "draft.docx", "-o", "plans/imported.yaml", "--force").exit_code == 0


def test_import_refuses_tracked_changes_unless_told(workspace):
    assert cli("apply", SET).exit_code == 0
    tracked = "out/lg14/cb-action-plan.tracked.docx"
    result = cli("import", tracked, "-o", "plans/x.yaml")
    assert result.exit_code == 2
    assert "tracked changes" in error_line(result)
    assert not (workspace / "plans" / "x.yaml").exists()
    result = cli("import", tracked, "-o", "plans/x.yaml", "--accept-revisions")
    assert result.exit_code == 0, result.stderr
    accepted = api.load_plan(workspace / "plans" / "x.yaml")
    revised = api.load_plan(workspace / PLAN)
    assert [p.item.text for p in accepted.locate().values()] == [
        p.item.text for p in revised.locate().values()
    ]


def git_status(folder):
    import subprocess

    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=folder, capture_output=True, text=True, check=True
    ).stdout.strip()
