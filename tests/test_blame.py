"""``editplan blame``: who wrote every word, on the LG-14 example and on generated histories
checked against an independent replay (tests/blame_support.py), and its bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from blame_support import KINDS, PLAN, History, blamed, generate
from click.testing import CliRunner
from round_support import round_workspace

from editplan import api
from editplan.cli import main

LG14_PLAN = "plans/cb-action-plan.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def sources(element: Any) -> list[tuple[str, str]]:
    """(words, what put them there) per run, as "base", "by hand" or "set amendment"."""
    out = []
    for run_ in element.runs:
        s = element.sources[run_.source]
        who = f"{s.set_id} {s.amendment}" if s.kind == "amendment" else s.kind
        out.append((run_.text, who))
    return out


SUFFICIENT = (
    "Mobilize sufficient and sustainable financial resources for biosafety capacity-building"
)


@pytest.fixture
def applied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The text agreed in a round: LG-14's 53(a), 53(e) agreed, 53(n) agreed as orally
    amended, and Organisation B's B2, applied together."""
    root = round_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    for args in (["53(a)", "53(e)"], ["53(n)", "--text", SUFFICIENT, "--by", "LG-14 plenary"]):
        code, out = run("decide", "amendments/lg14.yaml", *args, "--status", "agreed")
        assert code == 0, out
    code, out = run("decide", "amendments/ngo-b.yaml", "B2", "--status", "agreed")
    assert code == 0, out
    code, out = run("apply", "--status", "agreed", "amendments/lg14.yaml",
                    "amendments/ngo-b.yaml", "--no-docs")  # fmt: skip
    assert code == 0, out
    return root


# --- the example ----------------------------------------------------------------------------


def test_each_word_names_the_amendment_that_put_it_there(applied: Path) -> None:
    ws = api.Workspace.open(applied)
    [element] = api.blame(ws, "Goal A.1, key area (2)").elements
    assert element.text == "Strengthening capacities of competent national authorities"
    assert sources(element) == [
        ("Strengthening capacities of ", "base"),
        ("competent ", "lg14 53(a)"),
        ("national authorities", "base"),
    ]
    made = element.sources[1]
    assert made.author == "Liaison Group on the Cartagena Protocol (LG-14)"
    assert made.source == "CBD/CP/LG/2020/1/4, paragraph 53"
    assert made.version == "CBD/CP/LG/2020/1/3 + lg14 + ngo-b"
    assert made.quote and made.quote.startswith("*Goal A.1, key area (2)* should be rephrased")
    assert made.status == "agreed" and made.agreed_text is None
    assert element.sources[0].version == "CBD/CP/LG/2020/1/3"
    [other] = api.blame(ws, "Goal A.1, activity (v)").elements
    assert "and regional" not in other.text and {s.kind for s in other.sources} == {"base"}


def test_a_part_split_off_keeps_the_words_it_took_from_the_original(applied: Path) -> None:
    [part] = api.blame(api.Workspace.open(applied), "Goal A.5, key area (2)").elements
    assert part.element_id == "lg14.53e.2"
    assert sources(part) == [
        ("Monitoring, regulating, managing", "lg14 53(e)"),
        (" and ", "base"),  # from "Conducting risk assessments and managing identified risks"
        ("controlling", "lg14 53(e)"),
        (" identified risks", "base"),
    ]


def test_words_agreed_as_orally_amended_are_the_meetings(applied: Path) -> None:
    [element] = api.blame(api.Workspace.open(applied), "Goal B.2, activity (i)").elements
    assert sources(element) == [
        ("Mobilize ", "base"),
        ("sufficient", "lg14 53(n)"),
        (" and sustainable financial resources for biosafety capacity-building", "base"),
    ]
    made = element.sources[1]
    assert made.status == "agreed"
    assert made.agreed_text == element.text
    assert made.author == made.decided_by == "LG-14 plenary"
    assert made.proposed_by == "Liaison Group on the Cartagena Protocol (LG-14)"


def test_the_decision_is_read_as_it_was_when_the_version_was_made(applied: Path) -> None:
    """A later decision on the same amendment (after it was applied) does not rewrite why
    the words are there."""
    code, out = run("decide", "amendments/lg14.yaml", "53(a)", "--status", "withdrawn")
    assert code == 0, out
    [element] = api.blame(api.Workspace.open(applied), "Goal A.1, key area (2)").elements
    assert element.sources[1].status == "agreed"


def test_wording_agreed_for_a_set_applied_on_its_own_is_the_meetings(workspace: Path) -> None:
    """A set applied on its own applies the wording the meeting agreed (as two sets do), and
    the words are credited to the meeting, on the proposer's proposal."""
    code, out = run("decide", "amendments/lg14.yaml", "53(n)", "--status", "agreed", "--text",
                    SUFFICIENT)  # fmt: skip
    assert code == 0, out
    code, out = run("apply", "amendments/lg14.yaml", "--no-docs")
    assert code == 0, out
    [element] = api.blame(api.Workspace.open(workspace), "Goal B.2, activity (i)").elements
    assert sources(element)[1] == ("sufficient", "lg14 53(n)")
    made = element.sources[1]
    assert (made.status, made.agreed_text) == ("agreed", SUFFICIENT)
    assert made.author == made.decided_by == "the meeting"
    assert made.proposed_by == "Liaison Group on the Cartagena Protocol (LG-14)"


def test_wording_agreed_and_applied_as_the_text_agreed_of_one_set(workspace: Path) -> None:
    """The text agreed of one set (``api.apply_agreed``, what the desk's "Apply what was
    agreed" does) records its changes as "set:amendment", as for several sets: blame still
    finds the amendment and its decision, and credits the meeting's words to it."""
    code, out = run("decide", "amendments/lg14.yaml", "53(n)", "--status", "agreed", "--text",
                    SUFFICIENT)  # fmt: skip
    assert code == 0, out
    with api.Workspace.open(workspace) as ws:
        api.apply_agreed(ws, ["amendments/lg14.yaml"])
    assert "Editplan-Change: lg14:53(n) " in git(workspace, "log", "-1", "--format=%B")
    [element] = api.blame(api.Workspace.open(workspace), "Goal B.2, activity (i)").elements
    assert sources(element)[1] == ("sufficient", "lg14 53(n)")
    made = element.sources[1]
    assert (made.status, made.agreed_text) == ("agreed", SUFFICIENT)
    assert made.author == made.decided_by == "the meeting"
    assert made.proposed_by == "Liaison Group on the Cartagena Protocol (LG-14)"
    # and log's events (the desk's History) name the amendment by its own id, as for apply SET
    with api.Workspace.open(workspace) as ws:
        [event, _] = api.log(ws, "Goal B.2, activity (i)")
    assert event.amendment == "53(n)"


def test_text_output_sets_each_run_beside_its_source(applied: Path) -> None:
    code, out = run("blame", "Goal B.2, activity (i)")
    assert code == 0, out
    lines = out.splitlines()
    sha = git(applied, "rev-parse", "--short=7", "HEAD").strip()
    base = git(applied, "rev-list", "--max-parents=0", "--abbrev-commit", "HEAD").strip()[:7]
    assert lines[0] == "Goal B.2, activity (i) [b2.act1]"
    assert lines[1] == f"  {SUFFICIENT}"
    assert lines[3].split() == [base, "base", "text", "Mobilize"]
    assert lines[4].split() == [sha, "53(n)", "(lg14)", "sufficient"]
    assert lines[5].split()[:4] == [base, "base", "text", "and"]
    assert lines[7:9] == [
        f"  {base} base text: the first version of the plan",
        '          version "CBD/CP/LG/2020/1/3"; committed '
        + git(applied, "log", "-1", "--format=%as", base).strip(),
    ]
    legend = " ".join(line.strip() for line in lines[9:])
    assert legend.startswith(
        f"{sha} 53(n) (lg14): words of LG-14 plenary, on a proposal of Liaison"
    )
    assert "; agreed as orally amended by LG-14 plenary " in legend
    assert "CBD/CP/LG/2020/1/4, paragraph 53, of 2020-04-23; version" in legend
    assert legend.endswith("the word “predictable” should be substituted with “adequate”;")
    assert max(len(line) for line in lines) <= 100


def test_json_has_the_published_shape_and_covers_every_character(applied: Path) -> None:
    code, schema = run("schema", "blame-report")
    assert code == 0
    code, out = run("blame", "Goal A.5", "--format", "json")
    assert code == 0, out
    report = json.loads(out)
    jsonschema.validate(report, json.loads(schema))
    assert report["format"] == "editplan.blame/1"
    assert [e["id"] for e in report["elements"]][:2] == ["a5.ka1", "lg14.53e.2"]
    for element in report["elements"]:
        runs = element["runs"]
        assert "".join(r["text"] for r in runs) == element["text"]
        assert [r["start"] for r in runs] == [0] + [r["end"] for r in runs[:-1]]
        assert all(0 <= r["source"] < len(element["sources"]) for r in runs)
    split = report["elements"][1]["sources"][0]
    assert (split["kind"], split["set"], split["amendment"]) == ("amendment", "lg14", "53(e)")
    assert split["decision"]["status"] == "agreed"


def test_an_edit_made_outside_editplan_and_one_not_committed(applied: Path) -> None:
    plan = applied / LG14_PLAN
    plan.write_text(plan.read_text().replace("Mobilize sufficient", "Mobilize more sufficient"))
    git(applied, "commit", "-qam", "More, by hand")
    plan.write_text(plan.read_text().replace("and sustainable", "and truly sustainable"))
    [element] = api.blame(api.Workspace.open(applied), "#b2.act1").elements
    assert sources(element)[:4] == [
        ("Mobilize ", "base"),
        ("more ", "edit"),
        ("sufficient", "lg14 53(n)"),
        (" and ", "base"),
    ]
    assert sources(element)[4] == ("truly ", "uncommitted")
    edit = element.sources[[s.kind for s in element.sources].index("edit")]
    assert (edit.committer, edit.subject, edit.set_id) == ("t", "More, by hand", None)
    _, out = run("blame", "#b2.act1")
    assert "by hand" in out and "not committed yet" in out and "edited outside editplan by t" in out


# --- generated histories against the replay --------------------------------------------------


def check_history(history: History) -> int:
    """Blame every element of the history, and every element removed in it, against the
    replay; the number of elements checked."""
    ws = api.Workspace.open(history.repo)
    items = [i for kinds in history.goals.values() for k in KINDS for i in kinds[k]]
    for item in [*items, *history.removed.values()]:
        [element] = api.blame(ws, f"#{item.id}").elements
        assert element.text == item.text, item.id
        assert blamed(element, history.shas) == item.origins, item.id
        assert (element.removed is not None) == (item.id in history.removed), item.id
    return len(items) + len(history.removed)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_blame_agrees_with_a_replay_of_generated_histories(tmp_path: Path, seed: int) -> None:
    history = generate(tmp_path / "repo", seed, 60)
    log = git(history.repo, "log", "--format=%s%n%B")
    # the history did what it is meant to test
    assert "Edit v" in log  # by hand
    for mark in ("<", " -", " ~"):  # split, removed (by join or remove), moved
        assert any(mark in line for line in log.splitlines() if "Editplan-Change" in line), mark
    assert "Apply the agreed amendments of" in log  # several sets in one version
    assert check_history(history) > 20
    # and again from the cache the first run wrote
    assert check_history(history) > 20


def test_words_changed_in_the_work_tree_are_not_committed_yet(tmp_path: Path) -> None:
    history = generate(tmp_path / "repo", 7, 30)
    gen = history.generator
    assert gen is not None
    item = next(i for kinds in gen.goals.values() for i in kinds["key_areas"])
    text = gen._reword(item.text, None)
    item.origins = gen._carry(item, text, [], (-1, None, None))
    item.text = text
    (history.repo / PLAN).write_text(json.dumps(gen.plan_data(), indent=1) + "\n")
    [element] = api.blame(api.Workspace.open(history.repo), f"#{item.id}").elements
    assert blamed(element, history.shas) == item.origins
    assert (-1, None, None) in item.origins


# --- bad input --------------------------------------------------------------------------------


def test_a_target_that_names_nothing_says_what_exists(applied: Path) -> None:
    code, out = run("blame", "Goal A.5, key area (9)")
    assert code == 2
    assert "Goal A.5 has 4 key areas; key area (9) does not exist" in out
    code, out = run("blame", "#no.such.id")
    assert code == 2
    assert "no version of plans/cb-action-plan.yaml ever had that element" in out


def test_an_element_removed_since_shows_its_last_wording(applied: Path) -> None:
    plan = applied / LG14_PLAN
    text = plan.read_text()
    plan.write_text(text.replace(
        "          - id: a1.ka3\n            text: Mainstreaming biosafety into national "
        "development plans and sectoral policies\n", ""))  # fmt: skip
    assert plan.read_text() != text
    code, out = run("blame", "#a1.ka3")
    assert code == 0, out
    assert out.splitlines()[1] == "  removed in the work tree (not committed); its last wording:"
    git(applied, "commit", "-qam", "Drop a1.ka3 by hand")
    sha = git(applied, "rev-parse", "--short=7", "HEAD").strip()
    code, out = run("blame", "#a1.ka3")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "Goal A.1, key area (3) [a1.ka3]"
    version = '"CBD/CP/LG/2020/1/3 + lg14 + ngo-b"'
    assert lines[1] == f"  removed in {sha} by hand, version {version}; its last wording:"
    assert (
        lines[2]
        == "  Mainstreaming biosafety into national development plans and sectoral policies"
    )
    code, out = run("blame", "#a1.ka3", "--format", "json")
    removed = json.loads(out)["elements"][0]["removed"]
    assert (removed["kind"], removed["commit"][:7], removed["subject"]) == (
        "edit", sha, "Drop a1.ka3 by hand")  # fmt: skip


def test_an_element_removed_by_an_amendment_names_it(tmp_path: Path) -> None:
    history = generate(tmp_path / "repo", 2, 40)
    changes = "%(trailers:key=Editplan-Change,valueonly,separator=|)"
    log = git(history.repo, "log", f"--format=%H {changes}")
    removed = [(sha, part) for sha, _, parts in (line.partition(" ") for line in log.splitlines())
               for part in parts.split("|") if " -" in part]  # fmt: skip
    sha, change = removed[0]
    amendment, _, touched = change.partition(" ")
    element_id = next(t[1:] for t in touched.split() if t.startswith("-"))
    [element] = api.blame(api.Workspace.open(history.repo), f"#{element_id}").elements
    assert element.removed is not None and element.removed.commit == sha
    assert element.removed.amendment == amendment.rpartition(":")[2]


def test_a_plan_file_not_committed(workspace: Path) -> None:
    (workspace / "plans" / "new.yaml").write_text((workspace / LG14_PLAN).read_text())
    code, out = run("blame", "Goal A.5, key area (1)", "--plan", "plans/new.yaml")
    assert code == 2
    assert "plans/new.yaml is not committed yet (git does not track it)" in out
    git(workspace, "add", "plans/new.yaml")
    code, out = run("blame", "Goal A.5, key area (1)", "--plan", "plans/new.yaml")
    assert code == 2
    assert "it is staged but not committed" in out


def test_outside_git_there_is_no_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "loose"
    (folder / "plans").mkdir(parents=True)
    (folder / "plans" / "p.yaml").write_text(
        (Path(api.__file__).parent / "examples" / LG14_PLAN).read_text())  # fmt: skip
    monkeypatch.chdir(folder)
    code, out = run("blame", "Goal A.5, key area (1)")
    assert code == 2
    assert "is not in a git repository, so it has no history" in out


def test_words_are_followed_into_both_sides_of_a_merge(workspace: Path) -> None:
    """Each side's words keep their commit through the merge; the words the person who
    settled the conflict wrote are the merge's."""
    plan = workspace / LG14_PLAN

    def edit(old: str, new: str, message: str) -> str:
        plan.write_text(plan.read_text().replace(old, new))
        git(workspace, "commit", "-qam", message)
        return git(workspace, "rev-parse", "HEAD").strip()

    git(workspace, "checkout", "-qb", "side")
    side = edit("Mobilize predictable", "Mobilize predictable, additional", "Side words")
    edit("Strengthening the institutional", "Strengthening further the institutional", "Side 2")
    git(workspace, "checkout", "-q", "main")
    main_sha = edit("capacity-building\n", "capacity-building in all regions\n", "Main words")
    assert "in all regions" in plan.read_text()
    merged = subprocess.run(["git", "merge", "-q", "side"], cwd=workspace, capture_output=True)
    assert merged.returncode != 0  # both sides changed Goal B.2, activity (i)
    both = ("Mobilize predictable, additional and sustainable financial resources for biosafety "
            "capacity-building in all regions, and more")  # fmt: skip
    code, out = run("resolve", "Goal B.2, activity (i)", "--text", both)
    assert code == 0, out
    git(workspace, "add", LG14_PLAN)
    git(workspace, "commit", "-q", "--no-edit")
    merge = git(workspace, "rev-parse", "HEAD").strip()
    ws = api.Workspace.open(workspace)
    [element] = api.blame(ws, "#b2.act1").elements
    commits = [(r.text, element.sources[r.source].commit) for r in element.runs]
    base = git(workspace, "rev-list", "--max-parents=0", "HEAD").strip()
    assert commits == [
        ("Mobilize predictable", base),
        (", additional", side),
        (" and sustainable financial resources for biosafety capacity-building", base),
        (" in all regions", main_sha),
        (", and more", merge),
    ]
    [other] = api.blame(ws, "#a1.ka2").elements
    assert [(r.text, other.sources[r.source].subject) for r in other.runs][:2] == [
        ("Strengthening ", "Start plan workspace with the LG-14 example"),
        ("further ", "Side 2"),
    ]
    code, out = run("log", "#b2.act1")
    assert code == 0 and out.count("\n") > 3, out


def test_a_version_committed_by_hand_that_is_no_plan_is_named(workspace: Path) -> None:
    plan = workspace / LG14_PLAN
    good = plan.read_text()

    def committed(text: str, message: str) -> str:
        plan.write_text(text)
        git(workspace, "commit", "-qam", message)
        sha = git(workspace, "rev-parse", "--short=7", "HEAD").strip()
        plan.write_text(good)
        git(workspace, "commit", "-qam", "Put right")
        return sha

    sha = committed(good.replace("id: cb-action-plan\n", "id: cb-action-plan\nbogus: 3\n"), "Odd")
    code, out = run("blame", "Goal A.5, key area (1)")
    assert code == 2, out
    assert (
        f"{LG14_PLAN} as committed in {sha} (Odd) is not a valid plan (bogus: Extra inputs are "
        "not permitted), so the history of its elements cannot be read through it"
    ) in out
    git(workspace, "reset", "-q", "--hard", "HEAD~2")
    sha = committed(good.replace("id: a1.ka3", "id: a1.ka2"), "Two ids alike")
    code, out = run("log", "Goal A.5, key area (1)")
    assert code == 2, out
    assert f"as committed in {sha} (Two ids alike) is not a valid plan (duplicate id" in out
