"""A review round through the command line, on real git workspaces: compile, conflicts,
decide, status, and the agreed amendments of three sets applied in one commit."""

from __future__ import annotations

import difflib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree
from round_support import LG14_AUTHOR, PLAN, SETS, git, round_workspace

from editplan import api
from editplan.cli import main

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = round_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    return root


def decide_the_meeting(ws: Path) -> None:
    """What the meeting agreed: all of lg14 but 53(b) and 53(m) (no wording), and party-a 1
    falls with 53(a) (they collide); party-a 2 and 3; ngo-b's two."""
    lg14 = [f"53({c})" for c in "acdefghijklno"]
    for args in (
        ["amendments/lg14.yaml", *lg14, "--status", "agreed"],
        ["amendments/party-a.yaml", "2", "3", "--status", "agreed"],
        ["amendments/ngo-b.yaml", "B1", "B2", "--status", "agreed"],
    ):
        result = run("decide", *args)
        assert result.exit_code == 0, result.output


# --- conflicts and compile ----------------------------------------------------------------


def test_conflicts_names_the_collision(ws):
    result = run("conflicts", *SETS)
    assert result.exit_code == 0
    assert "lg14 53(a)" in result.output and "party-a 1 (Party A, proposed)" in result.output
    assert "Goal A.1, key area (2) (id a1.ka2)" in result.output
    assert "1 pair collide" in result.output
    data = json.loads(run("conflicts", *SETS, "--format", "json").output)
    assert data == [
        {
            "first": {"set": "lg14", "amendment": "53(a)", "author": LG14_AUTHOR},
            "second": {"set": "party-a", "amendment": "1", "author": "Party A"},
            "element": "a1.ka2",
            "reason": data[0]["reason"],
        }
    ]


def test_conflicts_of_sets_that_compose_says_so(ws):
    result = run("conflicts", SETS[0], SETS[2])
    assert result.exit_code == 0 and "No collisions" in result.output


def test_compile_writes_docx_html_and_markdown(ws):
    for name in ("c.docx", "c.html", "c.md"):
        result = run("compile", *SETS, "-o", name)
        assert result.exit_code == 0, result.output
        assert "20 proposals from 3 sets, 1 shown once for several bodies, 1 collisions" in (
            result.output
        )
    page = (ws / "c.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "<del>predictable</del>" in page and "<ins>adequate</ins>" in page
    assert "Cannot both be agreed with no. 1 (lg14 53(a), Liaison Group" in page
    assert page.count("Cannot both be agreed") == 1  # a pair is told once
    markdown = (ws / "c.md").read_text()
    assert markdown == run("compile", *SETS).output
    assert "Mobilize ~~predictable~~**adequate** and" in markdown


def test_compile_is_deterministic(ws):
    run("compile", *SETS, "-o", "one.docx")
    run("compile", *SETS, "-o", "two.docx")
    assert (ws / "one.docx").read_bytes() == (ws / "two.docx").read_bytes()


def test_compile_of_zero_sets_is_refused(ws):
    result = run("compile", "-o", "c.docx")
    assert result.exit_code == 2
    assert "no patch file given" in result.output
    assert not (ws / "c.docx").exists()


def test_compile_to_an_unknown_format_is_refused(ws):
    result = run("compile", *SETS, "-o", "c.odt")
    assert result.exit_code == 2
    assert "c.odt: ends in '.odt', so the format to write is unknown; compile writes .docx" in (
        result.output
    )
    assert not (ws / "c.odt").exists()


# --- decide -------------------------------------------------------------------------------


def test_decide_changes_only_the_status_lines_and_commits(ws):
    before = (ws / SETS[1]).read_text()
    head = git(ws, "rev-parse", "HEAD")
    result = run("decide", SETS[1], "3", "--status", "agreed")
    assert result.exit_code == 0, result.output
    after = (ws / SETS[1]).read_text()
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    assert [d for d in diff if d[:2] in ("+ ", "- ")] == ["+     status: agreed"]
    added = diff.index("+     status: agreed")
    assert diff[added - 1] == "      by: project proposals and budgets  # a comment to keep"
    assert after.startswith("# Submission of a Party")
    assert git(ws, "rev-parse", "HEAD~1") == head
    message = git(ws, "log", "-1", "--format=%B")
    assert "Editplan-Decision: party-a 3 agreed" in message
    assert git(ws, "status", "--porcelain").strip() == ""


def test_decide_again_changes_the_status_line_in_place(ws):
    run("decide", SETS[1], "3", "--status", "agreed")
    before = (ws / SETS[1]).read_text().splitlines()
    run("decide", SETS[1], "3", "--status", "withdrawn")
    after = (ws / SETS[1]).read_text().splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        ("    status: agreed", "    status: withdrawn")
    ]


def test_decide_as_orally_amended_records_the_meetings_wording(ws):
    wording = "Mobilize adequate, predictable and sustainable resources for biosafety"
    result = run("decide", SETS[0], "53(n)", "--status", "agreed", "--text", wording)
    assert result.exit_code == 0, result.output
    aset = api.load_set(SETS[0])
    decision = aset.amendments[aset.index_of("53(n)")].decision
    assert decision is not None and decision.text == wording
    result = run("apply", "--status", "agreed", SETS[0], SETS[1])
    assert result.exit_code == 0, result.output
    assert wording in (ws / PLAN).read_text()
    assert "wording drafted by the meeting" in result.output


def test_decide_an_unknown_amendment_lists_those_that_exist(ws, snapshot):
    before = snapshot(ws)
    result = run("decide", SETS[2], "B9", "--status", "agreed")
    assert result.exit_code == 2
    assert "set ngo-b has no amendment B9; it has B1, B2" in result.output
    assert snapshot(ws) == before


def test_agreeing_two_colliding_amendments_is_refused_naming_the_other(ws, snapshot):
    # rejected first, party-a 1 does not fall when 53(a) is agreed; agreeing it then collides
    assert run("decide", SETS[1], "1", "--status", "rejected").exit_code == 0
    assert run("decide", SETS[0], "53(a)", "--status", "agreed").exit_code == 0
    before, head = snapshot(ws), git(ws, "rev-parse", "HEAD")
    result = run("decide", SETS[1], "1", "--status", "agreed")
    assert result.exit_code == 3
    assert "party-a 1 cannot be agreed: it collides with lg14 53(a)" in result.output
    assert snapshot(ws) == before and git(ws, "rev-parse", "HEAD") == head


def test_deciding_in_a_set_file_with_uncommitted_changes_is_refused(ws, snapshot):
    path = ws / SETS[1]
    path.write_text(path.read_text() + "# an edit\n")
    before = snapshot(ws)
    result = run("decide", SETS[1], "2", "--status", "agreed")
    assert result.exit_code == 2 and "has uncommitted changes" in result.output
    assert snapshot(ws) == before


def test_agreed_wording_needs_status_agreed_and_one_wording(ws):
    result = run("decide", SETS[0], "53(n)", "--status", "rejected", "--text", "x y")
    assert result.exit_code == 2 and "goes with status agreed" in result.output
    result = run("decide", SETS[0], "53(e)", "--status", "agreed", "--text", "x y")
    assert result.exit_code == 2 and "no single wording" in result.output


# --- status -------------------------------------------------------------------------------


def test_status_counts_decisions_and_applications(ws):
    decide_the_meeting(ws)
    data = json.loads(run("status", "--format", "json").output)
    by_set = {d["set"]: d for d in data}
    assert by_set["lg14"]["agreed"] == 13 and by_set["lg14"]["proposed"] == 2
    assert by_set["party-a"]["fallen"] == 1 and by_set["party-a"]["pending"] == 2
    assert run("apply", "--status", "agreed", *SETS).exit_code == 0
    data = json.loads(run("status", "--format", "json", *SETS).output)
    by_set = {d["set"]: d for d in data}
    assert (by_set["lg14"]["applied"], by_set["lg14"]["pending"]) == (13, 2)
    assert (by_set["ngo-b"]["applied"], by_set["ngo-b"]["pending"]) == (2, 0)
    text = run("status").output
    assert text.splitlines()[0].split() == [
        "set", "proposed", "agreed", "rejected", "withdrawn", "fallen", "applied", "pending",
    ]  # fmt: skip


# --- the text as agreed -----------------------------------------------------------------


def test_apply_agreed_of_three_sets_makes_one_commit_naming_every_set(ws):
    decide_the_meeting(ws)
    head = git(ws, "rev-parse", "HEAD").strip()
    result = run("apply", "--status", "agreed", *SETS)
    assert result.exit_code == 0, result.output
    assert git(ws, "rev-parse", "HEAD~1").strip() == head
    trailers = git(ws, "log", "-1", "--format=%(trailers:only,unfold)").splitlines()
    assert [t for t in trailers if t.startswith("Editplan-Set:")] == [
        "Editplan-Set: lg14", "Editplan-Set: party-a", "Editplan-Set: ngo-b",
    ]  # fmt: skip
    assert "Editplan-Amendments: 2, 3" in trailers
    assert "Editplan-Amendments: B2, B1" in trailers
    assert "Editplan-Same: ngo-b:B1 = lg14:53(n)" in trailers
    assert "Editplan-Change: party-a:2 a3.act4" in trailers
    log = run("log").output
    assert "set lg14: 53(a), 53(c)" in log and "set party-a: 2, 3" in log
    element = run("log", "Goal A.3, activity (iv)").output
    assert "changed by 2 (party-a)" in element
    plan = api.load_plan(PLAN)
    assert plan.version == "CBD/CP/LG/2020/1/3 + lg14 + party-a + ngo-b"
    assert "Strengthening capacities of competent national authorities" in (ws / PLAN).read_text()
    # applying the same sets again finds nothing left
    again = run("apply", "--status", "agreed", *SETS)
    assert again.exit_code == 2 and "no amendment with status agreed is left" in again.output


def test_apply_agreed_writes_a_tracked_document_with_each_bodys_name(ws):
    decide_the_meeting(ws)
    assert run("apply", "--status", "agreed", *SETS).exit_code == 0
    tracked = ws / "out" / "lg14+party-a+ngo-b" / "cb-action-plan.tracked.docx"
    with zipfile.ZipFile(tracked) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        comments = etree.fromstring(package.read("word/comments.xml"))
    authors = {
        el.get(f"{{{W}}}author"): el
        for el in body.iter(f"{{{W}}}ins", f"{{{W}}}del")
        if el.getparent().tag == f"{{{W}}}p"  # a run's revision, not a paragraph mark's
    }
    assert {LG14_AUTHOR, "Party A", "Organisation B"} <= set(authors)
    texts = ["".join(c.itertext()) for c in comments.iter(f"{{{W}}}comment")]
    same = next(t for t in texts if t.startswith("lg14 53(n)"))
    assert "Also proposed by Organisation B (ngo-b B1)" in same
    assert any(t.startswith("party-a 2 — CBD/CP/LG/2020/INF/2, paragraph 4") for t in texts)
    page = tracked.with_suffix(".html").read_text()
    assert all(name in page for name in ("Party A", "Organisation B", "LG-14"))


def test_apply_agreed_refuses_colliding_amendments_before_writing(ws, snapshot):
    # agreed behind decide's back: the files are edited by hand and committed
    lg14 = ws / SETS[0]
    rephrase = "    op: rephrase\n"
    lg14.write_text(lg14.read_text().replace(rephrase, rephrase + "    status: agreed\n", 1))
    path = ws / SETS[1]
    by = "technical and institutional capacities\n"
    path.write_text(path.read_text().replace(by, by + "    status: agreed\n", 1))
    git(ws, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "by hand")
    before, head = snapshot(ws), git(ws, "rev-parse", "HEAD")
    result = run("apply", "--status", "agreed", *SETS)
    assert result.exit_code == 3, result.output
    assert "lg14 53(a)" in result.output and "party-a 1" in result.output
    assert "cannot both apply" in result.output
    assert snapshot(ws) == before and git(ws, "rev-parse", "HEAD") == head


def test_sets_written_against_different_plans_are_refused(ws, snapshot):
    shutil.copy(ws / PLAN, ws / "plans" / "other.yaml")
    path = ws / SETS[2]
    path.write_text(path.read_text().replace("cb-action-plan.yaml", "other.yaml"))
    before = snapshot(ws)
    for command in (["compile", *SETS, "-o", "c.docx"], ["conflicts", *SETS],
                    ["apply", "--status", "agreed", *SETS]):  # fmt: skip
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert "amendments/ngo-b.yaml:" in result.output
        assert "a round compares sets written against one plan" in result.output
    assert snapshot(ws) == before


def test_a_set_whose_base_is_not_in_the_history_is_refused(ws):
    path = ws / SETS[2]
    path.write_text(path.read_text().replace("base: CBD/CP/LG/2020/1/3", "base: Draft of 2019"))
    result = run("compile", *SETS, "-o", "c.docx")
    assert result.exit_code == 2
    assert "set ngo-b was written against 'Draft of 2019', which is not in the history" in (
        result.output
    )
    assert "amendments/ngo-b.yaml:8" in result.output


def test_a_set_written_against_an_earlier_version_is_resolved_against_it(ws):
    assert run("apply", SETS[0]).exit_code == 0  # lg14 on its own: the plan moves on
    result = run("conflicts", SETS[1], SETS[2])
    assert result.exit_code == 0, result.output
    result = run("compile", *SETS, "-o", "c.md")
    assert result.exit_code == 0, result.output
    text = (ws / "c.md").read_text()
    assert "*applied*" not in text  # lg14's proposals are applied: not laid out again
    assert "party-a 1" in text


def test_diff_across_the_agreed_text_attributes_each_change_to_its_body(ws):
    decide_the_meeting(ws)
    assert run("apply", "--status", "agreed", *SETS).exit_code == 0
    result = run("diff", "HEAD~1", "HEAD", "-o", "d.docx")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(ws / "d.docx") as package:
        body = etree.fromstring(package.read("word/document.xml"))
        comments = etree.fromstring(package.read("word/comments.xml"))
    authors = {el.get(f"{{{W}}}author") for el in body.iter(f"{{{W}}}ins", f"{{{W}}}del")}
    assert {LG14_AUTHOR, "Party A", "Organisation B"} <= authors
    texts = ["".join(c.itertext()) for c in comments.iter(f"{{{W}}}comment")]
    assert any(t.startswith("2 (party-a, commit") for t in texts)
    assert any("“activity (iv) should end" in t for t in texts)  # the quote, from party-a.yaml
    # the terminal and JSON say the same: each change with the set and amendment that made it
    heads = [line for line in run("diff", "HEAD~1", "HEAD").output.splitlines()
             if not line.startswith("  ")]  # fmt: skip
    made = {line.split("] ", 1)[1] for line in heads if "renumbered" not in line}
    assert {"changed by 53(a) (lg14)", "changed by 2 (party-a)", "changed by B2 (ngo-b)",
            "changed by 53(n) (lg14; also B1 of ngo-b)"} <= made  # fmt: skip
    assert all(" by " in line for line in heads if "renumbered" not in line), heads
    data = json.loads(run("diff", "HEAD~1", "HEAD", "--format", "json").output)
    sets = {(m["set"], m["author"]) for e in data["elements"] for m in e["made_by"]}
    assert {("lg14", LG14_AUTHOR), ("party-a", "Party A"), ("ngo-b", "Organisation B")} <= sets
    also = {m["amendment"]: m["also"] for e in data["elements"] for m in e["made_by"]}
    assert also["53(n)"] == ["ngo-b:B1"] and also["53(a)"] == []


def test_decide_keeps_a_windows_files_line_ends(ws):
    path = ws / SETS[2]
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    git(ws, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "CR LF")
    result = run("decide", SETS[2], "B2", "--status", "rejected", "--note", "Keep regional")
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert b"\r\n    status: rejected\r\n    decision:\r\n      note: Keep regional\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def test_compile_all_shows_every_element(ws):
    some = run("compile", *SETS).output.count("\n### ")
    every = run("compile", *SETS, "--all").output.count("\n### ")
    assert every >= api.load_plan(PLAN).element_count() > some


def test_decide_leaves_out_a_set_beside_it_whose_base_is_unknown(ws):
    stray = (ws / SETS[2]).read_text().replace("base: CBD/CP/LG/2020/1/3", "base: Draft of 2019")
    (ws / "amendments" / "stray.yaml").write_text(stray.replace("id: ngo-b", "id: stray"))
    (ws / "amendments" / "broken.yaml").write_text("id: [unclosed\n")
    result = run("decide", SETS[1], "2", "--status", "agreed")
    assert result.exit_code == 0, result.output
    # what could not be checked is said, not skipped silently
    notes = [line for line in result.stderr.splitlines() if "not checked for collisions" in line]
    assert len(notes) == 2
    assert any("stray.yaml" in n and "Draft of 2019" in n for n in notes)
    assert any("broken.yaml:" in n and "malformed YAML" in n for n in notes)


def test_status_option_narrows_conflicts_and_compile(ws):
    run("decide", SETS[1], "1", "--status", "withdrawn")
    assert "1 pair collide" in run("conflicts", *SETS).output
    assert "No collisions" in run("conflicts", *SETS, "--status", "proposed,agreed").output
    text = run("compile", *SETS, "--status", "proposed").output
    assert "party-a 1" not in text and "party-a 2" in text
    bad = run("conflicts", *SETS, "--status", "maybe")
    assert bad.exit_code == 2 and "unknown status maybe" in bad.output


def test_two_files_of_one_set_id_are_refused_naming_both(ws):
    shutil.copy(ws / SETS[2], ws / "amendments" / "copy.yaml")
    result = run("compile", SETS[2], "amendments/copy.yaml")
    assert result.exit_code == 2
    assert "amendments/copy.yaml:" in result.output
    assert "set ngo-b is given twice (amendments/ngo-b.yaml and amendments/copy.yaml)" in (
        result.output
    )
