"""History in git: commits with trailers, log, diff, show --at, parallel sets, bad input.

Every test works on a real temporary repository made by ``editplan init --example``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from editplan import api
from editplan.cli import main
from editplan.history import trailers as history

DATA = Path(__file__).parent / "data" / "history"
PLAN = "plans/cb-action-plan.yaml"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def ws(workspace: Path) -> Path:
    """The example workspace (conftest's ``workspace``), the test running inside it."""
    return workspace


@pytest.fixture
def applied(ws: Path) -> Path:
    code, out = run("apply", "amendments/lg14.yaml", "--no-docs")
    assert code == 0, out
    return ws


def head(ws: Path) -> str:
    return git(ws, "rev-parse", "HEAD").strip()


def test_apply_makes_one_commit_with_trailers(ws: Path) -> None:
    before = head(ws)
    base = api.load_plan(ws / PLAN)
    code, out = run("apply", "amendments/lg14.yaml", "--no-docs")
    assert code == 0, out
    assert git(ws, "rev-parse", "HEAD~1").strip() == before
    assert git(ws, "status", "--porcelain").strip() == ""
    subject = git(ws, "log", "-1", "--format=%s").strip()
    assert (
        subject
        == "Apply lg14: Input of the Liaison Group on the draft capacity-building action plan"
    )
    body = git(ws, "log", "-1", "--format=%b")
    assert "- 53(e) split: Goal A.5, key area (1)" in body
    assert "- 53(b): Goal A.2, key area (2)" in body  # listed as pending
    trailers = git(ws, "log", "-1", "--format=%(trailers:only,unfold)").splitlines()
    values = dict(
        line.split(": ", 1) for line in trailers if line and not line.startswith("Editplan-Change")
    )
    assert values["Editplan-Set"] == "lg14"
    assert values["Editplan-Source"] == "CBD/CP/LG/2020/1/4, paragraph 53"
    assert values["Editplan-Amendments"].split(", ") == [f"53({c})" for c in "acdefghijklno"]
    assert values["Editplan-Pending"] == "53(b), 53(m)"
    assert values["Editplan-Base"] == history.plan_hash(base)
    assert values["Editplan-Result"] == history.plan_hash(api.load_plan(ws / PLAN))
    assert "Editplan-Change: 53(e) a5.ka1 +lg14.53e.2<a5.ka1" in trailers
    assert "Editplan-Change: 53(h) +lg14.53h" in trailers
    # the plan was committed, not left modified
    assert git(ws, "show", "HEAD:" + PLAN) == (ws / PLAN).read_text()


def test_untracked_set_is_committed_with_the_plan(ws: Path) -> None:
    shutil.copy(DATA / "public-review.yaml", ws / "amendments")
    code, out = run("apply", "amendments/public-review.yaml", "--no-docs")
    assert code == 0, out
    names = git(ws, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(names) == ["amendments/public-review.yaml", PLAN]


def test_no_commit_leaves_the_change_uncommitted(ws: Path) -> None:
    before = head(ws)
    code, out = run("apply", "amendments/lg14.yaml", "--no-docs", "--no-commit")
    assert code == 0, out
    assert head(ws) == before
    assert git(ws, "status", "--porcelain").strip() == f"M {PLAN}"


def test_tag_names_the_commit_and_an_existing_tag_is_refused_first(ws: Path) -> None:
    git(ws, "tag", "taken")
    before = (ws / PLAN).read_bytes()
    code, out = run("apply", "amendments/lg14.yaml", "--no-docs", "--tag", "taken")
    assert code == 2
    assert "tag 'taken' already exists" in out
    assert (ws / PLAN).read_bytes() == before
    code, out = run("apply", "amendments/lg14.yaml", "--no-docs", "--tag", "lg14-applied")
    assert code == 0, out
    assert git(ws, "rev-parse", "lg14-applied^{commit}").strip() == head(ws)


def test_second_application_is_refused_naming_the_commit(applied: Path) -> None:
    before = (applied / PLAN).read_bytes()
    sha = head(applied)
    code, out = run("apply", "amendments/lg14.yaml", "--no-docs")
    assert code == 3
    assert f"set lg14 was applied in {sha[:7]}" in out
    assert "the base no longer matches" in out
    assert (applied / PLAN).read_bytes() == before
    assert head(applied) == sha


def test_log_lists_versions_newest_first(applied: Path) -> None:
    code, out = run("log")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith(head(applied)[:7])
    assert "Apply lg14" in lines[0]
    assert "set lg14: 53(a), 53(c)" in lines[1]
    assert "pending: 53(b), 53(m)" in out
    assert "Start plan workspace" in lines[-1]


def test_log_target_shows_where_both_halves_of_the_split_came_from(applied: Path) -> None:
    code, first = run("log", "Goal A.5, key area (1)")
    assert code == 0, first
    assert "Goal A.5, key area (1) [a5.ka1] changed by 53(e) (lg14)" in first
    assert "was: Conducting risk assessments and managing identified risks" in first
    assert "now: Conducting and reviewing scientifically sound risk assessments" in first
    # the part split off by its display number at that version, its id beside it
    assert "split: the rest became Goal A.5, key area (2) [lg14.53e.2]" in first
    code, second = run("log", "Goal A.5, key area (2)")
    assert code == 0, second
    assert (
        "Goal A.5, key area (2) [lg14.53e.2] split off Goal A.5, key area (1) [a5.ka1] by 53(e) "
        "(lg14)"
    ) in second
    assert "now: Monitoring, regulating, managing and controlling identified risks" in second
    # followed back into the element it came from, to the first version
    assert "[a5.ka1] added" in second


def test_log_follows_an_element_through_renumbering(applied: Path) -> None:
    code, out = run("log", "Goal A.5, key area (3)")
    assert code == 0, out
    assert "Goal A.5, key area (2) -> Goal A.5, key area (3) [a5.ka2] renumbered" in out


def test_diff_prints_word_marks(applied: Path) -> None:
    code, out = run("diff", "HEAD~1", "HEAD", "--no-color")
    assert code == 0, out
    assert (
        "Strengthening [-the institutional -]capacities of {+competent +}national authorities"
        "[- responsible for biosafety-]"
    ) in out
    # each change names the amendment and set that made it; a renumbering was made by none
    assert "Goal A.5, key area (2) [lg14.53e.2] added by 53(e) (lg14)" in out
    assert "Goal A.5, key area (2) -> Goal A.5, key area (3) [a5.ka2] renumbered\n" in out
    code, one = run("diff", "HEAD~1", "HEAD", "Goal B.2, activity (i)", "--no-color")
    assert code == 0
    assert one.splitlines() == [
        "Goal B.2, activity (i) [b2.act1] changed by 53(n) (lg14)",
        "  Mobilize [-predictable-]{+adequate+} and sustainable financial resources for "
        "biosafety capacity-building",
    ]


def test_diff_names_no_amendment_for_an_edit_made_outside_editplan(applied: Path) -> None:
    plan = applied / PLAN
    plan.write_text(plan.read_text().replace("Facilitate the exchange", "Promote the exchange"))
    git(applied, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "By hand")
    code, out = run("diff", "HEAD~2", "HEAD", "--no-color")
    assert code == 0, out
    assert "Goal A.5, activity (v) [a5.act5] changed\n" in out
    assert "Goal B.2, activity (i) [b2.act1] changed by 53(n) (lg14)\n" in out
    code, data = run("diff", "HEAD~2", "HEAD", "--format", "json")
    made = {e["element"]: e["made_by"] for e in json.loads(data)["elements"]}
    assert made["a5.act5"] == []
    assert [(m["set"], m["amendment"]) for m in made["b2.act1"]] == [("lg14", "53(n)")]


def test_show_at_an_earlier_version(applied: Path) -> None:
    code, out = run("show", "Goal A.1, key area (2)", "--at", "HEAD~1")
    assert code == 0, out
    assert "Strengthening the institutional capacities of national authorities" in out
    code, now = run("show", "Goal A.1, key area (2)")
    assert "Strengthening capacities of competent national authorities" in now


def test_parallel_set_applies_on_top_resolved_against_its_base(applied: Path) -> None:
    shutil.copy(DATA / "public-review.yaml", applied / "amendments")
    code, out = run("apply", "amendments/public-review.yaml", "--no-docs")
    assert code == 0, out
    assert "Resolved against 'CBD/CP/LG/2020/1/3'" in out
    plan = api.load_plan(applied / PLAN)
    places = plan.locate()
    # "key area (2)" meant a5.ka2 in the draft; after LG-14's split it is key area (3)
    assert places["a5.ka2"].label == "Goal A.5, key area (3)"
    assert "tools and guidance" in places["a5.ka2"].item.text
    assert "guidance" not in places["lg14.53e.2"].item.text
    assert places["b3.act1"].item.text.endswith("at the regional and subregional levels")
    # LG-14's changes are still there
    assert (
        places["a1.ka2"].item.text == "Strengthening capacities of competent national authorities"
    )


def test_parallel_set_conflict_names_amendment_element_and_commit(applied: Path) -> None:
    shutil.copy(DATA / "public-review-conflict.yaml", applied / "amendments")
    before = (applied / PLAN).read_bytes()
    sha = head(applied)
    code, out = run("apply", "amendments/public-review-conflict.yaml", "--no-docs")
    assert code == 3
    assert "amendment 5(b)" in out
    assert "Goal A.1, key area (2) (id a1.ka2) has changed since the set's base version" in out
    assert f"changed by commit {sha[:7]} (Apply lg14" in out
    assert "public-review-conflict.yaml:" in out
    assert (applied / PLAN).read_bytes() == before
    assert head(applied) == sha


def test_revert_shows_in_log_and_allows_reapplying(applied: Path) -> None:
    git(applied, "revert", "--no-edit", "HEAD")
    code, out = run("log")
    assert code == 0
    assert out.splitlines()[0].split("  ")[2].startswith('Revert "Apply lg14')
    code, out = run("apply", "amendments/lg14.yaml", "--no-docs")
    assert code == 0, out
    assert "Committed" in out


# --- bad input: a clear message, exit 2 or 3, nothing changed ---------------------------


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "loose"
    shutil.copytree(Path(api.__file__).parent / "examples", folder)
    monkeypatch.chdir(folder)
    before = (folder / PLAN).read_bytes()
    code, out = run("apply", "amendments/lg14.yaml", "--no-docs")
    assert code == 2
    assert "is not in a git work tree" in out and "--out" in out
    assert (folder / PLAN).read_bytes() == before
    code, out = run("log")
    assert code == 2
    assert "plans/cb-action-plan.yaml is not in a git repository, so it has no history" in out


def test_detached_head_is_refused(ws: Path) -> None:
    git(ws, "checkout", "-q", "--detach", "HEAD")
    before = (ws / PLAN).read_bytes()
    code, out = run("apply", "amendments/lg14.yaml", "--no-docs")
    assert code == 2
    assert "HEAD is detached" in out
    assert (ws / PLAN).read_bytes() == before


def test_dirty_plan_file_is_refused(ws: Path) -> None:
    path = ws / PLAN
    path.write_text(path.read_text() + "# a local edit\n")
    before = path.read_bytes()
    code, out = run("apply", "amendments/lg14.yaml", "--no-docs")
    assert code == 2
    assert f"{PLAN} has uncommitted changes" in out
    assert path.read_bytes() == before


def test_unknown_revision(applied: Path) -> None:
    code, out = run("diff", "HEAD~1", "no-such-rev")
    assert code == 2
    assert "no revision 'no-such-rev'" in out
    code, out = run("show", "--at", "HEAD~9")
    assert code == 2
    assert "no revision 'HEAD~9'" in out


def test_target_that_never_existed(applied: Path) -> None:
    code, out = run("log", "Goal A.5, key area (9)")
    assert code == 2
    assert "Goal A.5 has 4 key areas; key area (9) does not exist" in out
    code, out = run("log", "#no.such.id")
    assert code == 2
    assert "no version of plans/cb-action-plan.yaml ever had that element" in out


def test_log_of_an_element_removed_since_by_id(applied: Path) -> None:
    plan = (applied / PLAN).read_text()
    removed = plan.replace(
        "          - id: a1.ka3\n            text: Mainstreaming biosafety into national "
        "development plans and sectoral policies\n",
        "",
    )
    assert removed != plan
    (applied / PLAN).write_text(removed)
    git(applied, "commit", "-qam", "Drop a1.ka3 by hand")
    code, out = run("log", "#a1.ka3")
    assert code == 0, out
    assert "Goal A.1, key area (3) [a1.ka3] removed" in out


def test_base_not_in_history(ws: Path) -> None:
    text = (
        (ws / "amendments/lg14.yaml")
        .read_text()
        .replace("base: CBD/CP/LG/2020/1/3\n", "base: CBD/CP/LG/2019/9/9\n")
    )
    (ws / "amendments/other.yaml").write_text(text.replace("id: lg14\n", "id: other\n"))
    before = (ws / PLAN).read_bytes()
    code, out = run("apply", "amendments/other.yaml", "--no-docs")
    assert code == 3
    assert "the base no longer matches" in out
    assert "'CBD/CP/LG/2019/9/9'" in out and "'CBD/CP/LG/2020/1/3'" in out
    assert (ws / PLAN).read_bytes() == before


def test_rejecting_commit_hook_restores_the_plan(ws: Path) -> None:
    hook = ws / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'plans are frozen until the meeting' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = (ws / PLAN).read_bytes()
    sha = head(ws)
    code, out = run("apply", "amendments/lg14.yaml")
    assert code == 2
    assert "git refused the commit" in out
    assert "plans are frozen until the meeting" in out
    assert (ws / PLAN).read_bytes() == before
    assert head(ws) == sha
    assert git(ws, "status", "--porcelain").strip() == ""
    assert not list((ws / "out").glob("**/*.docx"))


def test_diff_docx_has_the_same_accept_and_reject_texts_as_apply_wrote(ws: Path) -> None:
    from docx_checks import lint, pandoc_changes, project

    code, out = run("apply", "amendments/lg14.yaml")
    assert code == 0, out
    code, out = run("diff", "HEAD~1", "HEAD", "-o", "d.docx")
    assert code == 0, out
    tracked = ws / "out" / "lg14" / "cb-action-plan.tracked.docx"
    for mode in ("accept", "reject"):
        ours = [t for t in project(ws / "d.docx", mode) if t.strip()]
        assert ours == [t for t in project(tracked, mode) if t.strip()]
    assert lint(ws / "d.docx") == []
    comments = pandoc_changes(ws / "d.docx")["comments"]
    assert comments["count"] == 13  # one per applied amendment; pending ones changed nothing
    assert comments["authors"] == ["Liaison Group on the Cartagena Protocol (LG-14)"]
    assert any("should be rephrased as follows" in t for t in comments["texts"])


def test_tag_without_a_commit_is_refused(ws: Path) -> None:
    before = (ws / PLAN).read_bytes()
    code, out = run("apply", "amendments/lg14.yaml", "--no-commit", "--tag", "v1")
    assert code == 2
    assert "--tag: a tag names a commit, and this application makes none" in out
    assert (ws / PLAN).read_bytes() == before
    assert "v1" not in git(ws, "tag")
