"""A meeting as it really runs, scripted through the command line on a real git workspace.

Four bodies' sets on the draft as LG-14 revised it: the Liaison Group's own (two instructions
still pending: one drafted at the table, one agreed as orally amended), a copy two reviewers
edited in LibreOffice (collected: each proposal its reviewer's), a Party's and an
organisation's. Compiled with running numbers and a voting list; decided (some proposals fall,
one that fell is refused); the agreed text applied in one commit; compiled again as results.
Every revision and comment of the agreed text names whose words it carries; every version label
in the history names one text; the results list every proposal once, as status counts them;
the Word compilation and voting list hold on their pages.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from collect_helpers import FIXTURES
from lxml import etree
from pdf_pages import headings_last, missing, pages, underfull
from round_support import LG14_AUTHOR, git

from editplan import api
from editplan.cli import main
from editplan.word import identity

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATA = Path(__file__).resolve().parent / "data" / "meeting"
SETS = (
    "amendments/lg14.yaml",
    "amendments/reviewers.yaml",
    "amendments/party-c.yaml",
    "amendments/ngo-d.yaml",
)
PLAN = "plans/cb-action-plan.yaml"
ANA, BEN, MEETING, SECRETARIAT = "Ana Reviewer", "Ben Reviewer", "the meeting", "the Secretariat"
DRAFTED = "Making relevant information available through the Biosafety Clearing-House and promoting its effective use"  # noqa: E501
ORALLY_53M = "Support Parties in carrying out self-assessments of their capacity-building needs and priorities"  # noqa: E501
ORALLY_C4 = "Parties submit complete and accurate national reports on time"

# whose words each decided proposal carries into the agreed text
CREDIT = {
    "lg14 53(b)": SECRETARIAT,  # drafted at the table
    "lg14 53(m)": MEETING,  # agreed as orally amended
    "reviewers r1": ANA,
    "reviewers r2": ANA,
    "reviewers r3": BEN,  # ngo-b d1 is the same change: applied once, as Ben's
    "reviewers r8": ANA,
    "reviewers r9": BEN,
    "party-c c1": "Party C",
    "party-c c4": MEETING,  # agreed as orally amended
    "ngo-d d2": "Organisation D",
}
# the elements each one changes, and so the author of their revisions
ELEMENTS = {
    "a2.ka2": SECRETARIAT,
    "b1.act1": MEETING,
    "a1.act2": ANA,
    "reviewers.r1.2": ANA,
    "a4.ka2": ANA,
    "A.7": BEN,
    "b4.act3": ANA,
    "b3.act4": BEN,
    "b2.act1": "Party C",
    "A.3": MEETING,
    "a3.act4": "Organisation D",
}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The whole meeting, step by step; each step's results kept for the tests below."""
    root = tmp_path_factory.mktemp("meeting") / "ws"
    api.init(root, example=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        return _hold(root)


def _hold(root: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"root": root}
    ok("apply", "amendments/lg14.yaml")  # 53(b) and 53(m) stay pending: no wording
    ok("collect", str(FIXTURES / "lg14-review3.docx"), "-o", SETS[1], "--set-id", "reviewers")
    for name in ("party-c.yaml", "ngo-d.yaml"):
        shutil.copy(DATA / name, root / "amendments" / name)
    git(root, "add", "amendments")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "The sets")
    # before the meeting: the compilation and the voting list, numbered
    for name in ("compilation.docx", "compilation.html", "compilation.md"):
        out[name] = ok("compile", *SETS, "-o", name)
    for name in ("voting.docx", "voting.html", "voting.md"):
        out[name] = ok("compile", *SETS, "--voting-list", "-o", name)
    out["register"] = (root / "rounds" / "cb-action-plan.yaml").read_text()
    numbers = {p.key: p.number for p in api.gather(api.Workspace.open(root), list(SETS)).proposals}
    out["numbers"] = numbers
    # at the table: 53(b) drafted, then the decisions, some by number
    out["draft"] = ok("draft", SETS[0], "53(b)", "--text", DRAFTED, "--by", SECRETARIAT)
    out["c1"] = ok("decide", str(numbers["party-c c1"]), "--status", "agreed")
    out["r2"] = ok("decide", SETS[1], "r2", "--status", "agreed")
    ok("decide", str(numbers["party-c c3"]), "--status", "rejected")
    ok("decide", SETS[1], "r8", "--status", "agreed")
    ok("decide", SETS[1], "r1", "r3", "r9", "--status", "agreed")
    ok("decide", SETS[1], "r4", "--status", "rejected", "--note", "Regional work stays")
    ok("decide", SETS[1], "r7", "--status", "withdrawn")
    ok("decide", SETS[3], "d1", "d2", "--status", "agreed")
    ok("decide", SETS[3], "d3", "--status", "withdrawn")
    ok("decide", SETS[2], "c4", "--status", "agreed", "--text", ORALLY_C4)
    ok("decide", SETS[0], "53(b)", "--status", "agreed")
    ok("decide", SETS[0], "53(m)", "--status", "agreed", "--text", ORALLY_53M)
    out["fallen"] = run("decide", str(numbers["reviewers r5"]), "--status", "agreed")
    out["status"] = json.loads(ok("status", *SETS, "--format", "json").output)
    # the text as agreed, in one commit
    out["apply"] = ok("apply", "--status", "agreed", *SETS)
    out["tracked"] = root / "out" / "lg14+reviewers+party-c+ngo-d" / "cb-action-plan.tracked.docx"
    out["after"] = json.loads(ok("status", *SETS, "--format", "json").output)
    # the record: every proposal's outcome
    out["results"] = ok("compile", *SETS).output
    ok("compile", *SETS, "-o", "results.docx")
    return out


# --- before the meeting ---------------------------------------------------------------------


def test_every_proposal_has_a_number_shown_everywhere(meeting):
    root, numbers = meeting["root"], meeting["numbers"]
    assert sorted(numbers.values()) == list(range(1, 32))  # 31 proposals, 1 to 31
    n = numbers["party-c c2"]
    assert f"No. {n}: **party-c c2**" in (root / "compilation.md").read_text()
    assert f"<td class=\"no\">{n}</td>" in (root / "compilation.html").read_text()
    assert f"**No. {n}**: Party C (party-c c2, replace)" in (root / "voting.md").read_text()
    for name in ("compilation.docx", "voting.docx"):
        cells = _cells(root / name)
        assert str(n) in cells
    # made again, the compilation keeps every number: the register does not change
    assert "Numbered 31 new proposals" in meeting["compilation.docx"].output
    assert "Numbered" not in meeting["voting.md"].output
    assert (root / "rounds" / "cb-action-plan.yaml").read_text() == meeting["register"]
    status = {d["set"]: d for d in meeting["status"]}
    assert status["party-c"]["numbers"] == {
        a: numbers[f"party-c {a}"] for a in ("c1", "c2", "c3", "c4")
    }


def test_the_voting_list_takes_the_furthest_first_and_says_what_falls(meeting):
    text = (meeting["root"] / "voting.md").read_text()
    numbers = meeting["numbers"]
    section = text[text.index("### Goal B.2, activity (i)") :].split("\n### ")[0]
    order = [int(n) for n in re.findall(r"\*\*No\. (\d+)\*\*", section)]
    # a rephrase (replacement of the whole) before a replaced word before an insertion
    assert order == [numbers["party-c c1"], numbers["reviewers r5"], numbers["reviewers r6"]]
    c1 = numbers["party-c c1"]
    assert section.count(f"Falls if no. {c1} is agreed") == 2
    removal = text[text.index("### Goal B.4, activity (iii)") :].split("\n### ")[0]
    found = [int(n) for n in re.findall(r"\*\*No\. (\d+)\*\*", removal)]
    assert found == [numbers["party-c c3"], numbers["reviewers r8"]]  # deletion first
    # a goal's title is an element of the list like any other
    assert "### Goal A.3, title: Parties submit complete" in text
    assert "identical proposals, taken together" in text
    assert "lg14 53(a)" not in text  # applied before the meeting: not before it


def test_goal_titles_are_elements_in_compilations(meeting):
    root = meeting["root"]
    assert "### Goal A.7, title" in (root / "compilation.md").read_text()
    page = (root / "compilation.html").read_text()
    assert 'id="A.7.title"' in page and "no wording" not in page.split("A.7.title")[1][:400]
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))


# --- at the table ---------------------------------------------------------------------------


def test_deciding_one_makes_those_it_collides_with_fall(meeting):
    numbers = meeting["numbers"]
    said = meeting["c1"].output
    for key in ("reviewers r5", "reviewers r6"):
        assert f"falls: {key} (no. {numbers[key]}), with party-c c1" in said
    text = (meeting["root"] / SETS[1]).read_text()
    assert text.count("status: fallen") == 2  # r5 and r6 (party-c c2 fell too, in its file)
    assert "fell_to: party-c c1" in text
    assert f"falls: party-c c2 (no. {numbers['party-c c2']})" in meeting["r2"].output
    message = git(meeting["root"], "log", "--format=%B", "--grep=Decide on party-c: c1")
    assert "Editplan-Fell: reviewers r5 < party-c c1" in message


def test_a_proposal_that_fell_is_not_decided(meeting):
    result = meeting["fallen"]
    assert result.exit_code == 2
    assert "reviewers r5 has fallen when party-c c1 was agreed" in result.output
    assert "amendments/reviewers.yaml:" in result.output


def test_status_counts_what_fell(meeting):
    status = {d["set"]: d for d in meeting["status"]}
    assert status["reviewers"]["fallen"] == 2 and status["party-c"]["fallen"] == 1
    assert status["reviewers"]["agreed"] == 5 and status["reviewers"]["withdrawn"] == 1
    assert status["lg14"]["pending"] == 2  # 53(b) and 53(m), agreed, not yet applied


# --- the text as agreed -------------------------------------------------------------------


def test_every_revision_and_comment_names_whose_words_it_carries(meeting):
    with zipfile.ZipFile(meeting["tracked"]) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        comments = etree.fromstring(package.read("word/comments.xml"))
    plan = api.load_plan(meeting["root"] / PLAN)
    names = {identity.bookmark_name(i): i for i in [*plan.locate(), *_goal_ids(plan)]}
    paragraphs = list(body.iter(f"{{{W}}}p"))
    elements = [_element_of(p, names) for p in paragraphs]
    checked = 0
    for n, p in enumerate(paragraphs):
        for rev in p.iter(f"{{{W}}}ins", f"{{{W}}}del"):
            author = rev.get(f"{{{W}}}author")
            owners = [ELEMENTS.get(elements[n], MEETING)]
            if rev.getparent().tag == f"{{{W}}}rPr" and n + 1 < len(elements):
                # a paragraph mark carries the next paragraph's insertion or deletion
                owners.append(ELEMENTS.get(elements[n + 1], MEETING))
            assert author in owners, (elements[n], "".join(p.itertext()), author)
            checked += 1
    assert checked > 20
    seen = set()
    for comment in comments.iter(f"{{{W}}}comment"):
        text = "".join(comment.itertext())
        key = " ".join(text.split(" — ")[0].split()[:2])
        assert comment.get(f"{{{W}}}author") == CREDIT[key], text
        seen.add(key)
    assert seen == set(CREDIT)
    texts = ["".join(c.itertext()) for c in comments.iter(f"{{{W}}}comment")]
    drafted = next(t for t in texts if t.startswith("lg14 53(b)"))
    assert f"Wording by {SECRETARIAT}, for the proposal of {LG14_AUTHOR}" in drafted
    same = next(t for t in texts if t.startswith("reviewers r3"))
    assert "Also proposed by Organisation D (ngo-d d1)" in same


def test_the_agreed_text_holds_the_drafted_and_the_orally_amended_wording(meeting):
    plan = api.load_plan(meeting["root"] / PLAN)
    places = plan.locate()
    assert places["a2.ka2"].item.text == DRAFTED
    assert places["b1.act1"].item.text == ORALLY_53M
    assert plan.unit_by_goal("A.3").title == ORALLY_C4  # type: ignore[union-attr]
    assert "wording drafted by the meeting" in meeting["apply"].output


def test_every_version_label_names_one_text(meeting):
    from editplan.history.labels import label_texts

    root = meeting["root"]
    with api.Workspace.open(root) as ws:
        assert ws.repo is not None
        labels = label_texts(ws.repo, PLAN)
    assert len(labels) == 3 and all(len(texts) == 1 for texts in labels.values())
    assert ok("validate", PLAN).output.endswith("elements)\n")


# --- the record ---------------------------------------------------------------------------


def test_the_results_list_every_proposal_once_as_status_counts_them(meeting):
    text = meeting["results"]
    record = text[text.index("## Proposals and their outcome") :].splitlines()[2:]
    keys = [re.search(r"\*\*(.+?)\*\*", line).group(1).replace("\\", "") for line in record]  # type: ignore[union-attr]
    assert sorted(keys) == sorted(meeting["numbers"]) and len(keys) == 31
    outcomes = {k: line for k, line in zip(keys, record, strict=True)}
    assert "agreed; applied in version" in outcomes["party-c c1"]
    assert "agreed as orally amended (the meeting)" in outcomes["party-c c4"]
    assert re.search(r"fell: no\. \d+ \(party-c c1\) was agreed", outcomes["reviewers r5"])
    assert "*withdrawn*" in outcomes["ngo-d d3"] and "rejected" in outcomes["reviewers r4"]
    # the record and status agree: applied and fallen, set by set
    after = {d["set"]: d for d in meeting["after"]}
    for set_id, counts in after.items():
        mine = [line for k, line in outcomes.items() if k.startswith(f"{set_id} ")]
        assert sum("applied in version" in line for line in mine) == counts["applied"]
        assert sum("fell:" in line for line in mine) == counts["fallen"]
    assert after["lg14"]["pending"] == 0


def test_agreed_proposals_are_listed_after_they_are_applied(meeting, monkeypatch):
    monkeypatch.chdir(meeting["root"])
    result = ok("compile", "--status", "agreed", *SETS)
    assert "11 proposals" in result.output  # every one agreed, and applied
    layout, record = result.output.split("## Proposals and their outcome")
    agreed = [*CREDIT, "ngo-d d1"]
    for key in agreed:  # laid out at its element, and listed in the record once
        assert f"**{key}**" in layout and record.count(f"**{key}**") == 1
        assert "applied in version" in record.split(f"**{key}**")[1].splitlines()[0]


# --- pages a chair can hold -----------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["compilation.docx", "voting.docx", "results.docx"])
def test_the_word_documents_hold_on_their_pages(meeting, name, tmp_path):
    reason = missing() or (None if shutil.which("soffice") else "soffice is not installed")
    if reason:
        pytest.skip(reason)
    source = meeting["root"] / name
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    found = pages(tmp_path / source.with_suffix(".pdf").name)
    assert len(found) >= 3
    assert underfull(found) == []
    headings = _headings(meeting["root"] / source.with_suffix(".md").name, name)
    assert headings and headings_last(found, headings) == []


def _headings(markdown: Path, name: str) -> list[str]:
    """The goal headings (and, in the voting list, the element headings) the document shows."""
    if not markdown.exists():  # results.docx: the headings of the compilation
        markdown = markdown.with_name("compilation.md")
    marks = ("## ", "### ") if name.startswith("voting") else ("## ",)
    lines = markdown.read_text().splitlines()
    return [
        line.split(" ", 1)[1].replace("\\", "")
        for line in lines
        if line.startswith(marks) and not line.startswith("## Submissions")
    ]


def _cells(docx: Path) -> set[str]:
    with zipfile.ZipFile(docx) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    return {"".join(tc.itertext()) for tc in body.iter(f"{{{W}}}tc")}


def _goal_ids(plan: Any) -> list[str]:
    return [goal for _, unit in plan.units() for goal in unit.goal_ids]


def _element_of(p: etree._Element, names: dict[str | None, str]) -> str | None:
    """The element a paragraph shows: its bookmark's, or for a deleted paragraph (which has
    none), the element of the base whose words it deletes."""
    for mark in p.iter(f"{{{W}}}bookmarkStart"):
        name = mark.get(f"{{{W}}}name")
        if name in names:
            return names[name]
    deleted = "".join(t.text or "" for t in p.iter(f"{{{W}}}delText"))
    if "Develop outreach materials on the Protocol for relevant sectors" in deleted:
        return "b3.act4"  # moved away: deleted at its old place
    return None
