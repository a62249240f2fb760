"""The API's parts that the desk needs beyond the commands: the author of what a use case
commits, a plan at a revision (rendered, exported), a comparison drawn a goal at a time, the
memo of parsed plans, the workspace's snapshot, and the open proposals on an element."""

from __future__ import annotations

import io
import subprocess
import threading
from pathlib import Path

import docx
import pytest
from interrupt_support import kill_at

from editplan import api
from editplan.errors import HistoryError

SET = "amendments/lg14.yaml"
PLAN = "plans/cb-action-plan.yaml"
AUTHOR = "Ana Officer <ana@example.org>"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True).stdout


@pytest.fixture
def ws(tmp_path: Path):
    with api.init(tmp_path / "ws", example=True) as opened:
        yield opened


def test_each_use_case_that_commits_records_the_author_given(ws):
    root = ws.root
    api.decide(ws, SET, ["53(a)"], "agreed", author=AUTHOR)
    assert git(root, "log", "-1", "--format=%an <%ae>|%cn").startswith(AUTHOR + "|")
    assert git(root, "log", "-1", "--format=%cn").strip() != "Ana Officer"  # git's committer
    api.apply(ws, SET, author="Rui Reviewer <>")
    assert git(root, "log", "-1", "--format=%an|%ae|%s").startswith("Rui Reviewer||Apply lg14")
    api.decide(ws, SET, ["53(b)"], "agreed", text="Making information available")
    assert git(root, "log", "-1", "--format=%an").strip() != "Ana Officer"  # default: git's own


def test_an_author_git_would_match_against_history_is_refused(ws):
    with pytest.raises(HistoryError, match="not an author as git records one"):
        api.decide(ws, SET, ["53(a)"], "agreed", author="Ana")
    assert git(ws.root, "status", "--porcelain").strip() == ""


def test_finishing_an_interrupted_application_keeps_its_author(tmp_path):
    root = tmp_path / "ws"
    api.init(root, example=True).close()
    kill_at(root, "file:1")
    with api.Workspace.open(root) as ws:
        state = (root / ".git/editplan-apply/state.json").read_text()
        assert '"author": null' in state  # the command line writes as git's identity
        api.continue_apply(ws)
    assert git(root, "log", "-1", "--format=%s").startswith("Apply lg14")


def test_a_plan_at_a_revision_is_rendered_and_exported(ws):
    first = git(ws.root, "rev-parse", "HEAD").strip()
    api.apply(ws, SET)
    out = ws.root / "out"
    api.render(ws, None, out / "first.docx", rev=first)
    texts = [p.text for p in docx.Document(str(out / "first.docx")).paragraphs]
    assert any("predictable" in t for t in texts) and not any("adequate" in t for t in texts)
    exported = api.export(ws, PLAN, rev=first)
    assert b"predictable" in exported.data and b"adequate" not in exported.data
    with pytest.raises(Exception, match="a revision chooses a version of a plan file"):
        api.export(ws, SET, rev=first)


def test_a_comparison_drawn_a_goal_at_a_time(ws):
    api.apply(ws, SET)
    found = api.diff(ws, "HEAD~1", "HEAD", "Goal A.5")
    path = api.write_diff_document(ws, found, ws.root / "out" / "a5.docx", only="Goal A.5")
    document = docx.Document(io.BytesIO(path.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Goal A.5" in text and "Goal A.1:" not in text and "Goal B.2" not in text
    assert "w:ins" in document.element.xml
    whole = api.write_diff_document(ws, found, ws.root / "out" / "all.docx")
    assert "Goal B.2" in "\n".join(p.text for p in docx.Document(str(whole)).paragraphs)


def test_the_memo_parses_each_content_once_and_again_after_a_change(ws):
    memo = api.Memo(4)
    with api.remembering(memo):
        first = api.plan_at(ws, None)
        assert api.plan_at(ws, None) is first
        old = api.plan_at(ws, "HEAD")
        assert api.plan_at(ws, "HEAD") is old
    assert api.plan_at(ws, None) is not first  # outside, nothing is kept
    api.apply(ws, SET)
    with api.remembering(memo):
        now = api.plan_at(ws, None)
    assert now is not first and now.version.endswith("+ LG-14")
    assert memo.hits >= 2 and len(memo) <= 4


def test_the_memo_makes_a_thing_once_for_threads_that_ask_at_once():
    memo, calls, got = api.Memo(2), [], []
    gate = threading.Event()

    def make() -> object:
        calls.append(1)
        gate.wait(5)
        return object()

    threads = [threading.Thread(target=lambda: got.append(memo.keep("k", make))) for _ in range(8)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len({id(g) for g in got}) == 1 and len(got) == 8


def test_a_snapshot_changes_with_what_a_page_shows(ws):
    before = api.snapshot(ws)
    assert before.head == git(ws.root, "rev-parse", "HEAD").strip()
    assert set(before.sets) == {SET} and before.interrupted is None
    api.decide(ws, SET, ["53(a)"], "agreed")
    after = api.snapshot(ws)
    assert after.sets[SET] != before.sets[SET] and after.plan == before.plan
    assert after.key != before.key and api.snapshot(ws).key == after.key


def test_a_snapshot_says_an_application_was_interrupted(tmp_path):
    root = tmp_path / "ws"
    api.init(root, example=True).close()
    kill_at(root, "journal")
    with api.Workspace.open(root) as ws:
        found = api.snapshot(ws)
    assert found.interrupted is not None and "was interrupted" in found.interrupted


def test_open_proposals_name_the_elements_their_references_name(ws):
    found = api.open_proposals(ws, ws.sets())
    assert [p.key for p in found["b2.act1"]] == ["lg14 53(n)"]
    assert [p.key for p in found["a5.ka1"]] == ["lg14 53(e)"]
    api.decide(ws, SET, ["53(n)"], "rejected")
    assert "b2.act1" not in api.open_proposals(ws, ws.sets())
    api.apply(ws, SET)  # applied: no longer open
    assert "a5.ka1" not in api.open_proposals(ws, ws.sets())
    assert api.open_proposals(ws, []) == {}
