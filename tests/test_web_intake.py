"""Bringing things in through the desk, merge conflicts settled from a page, an interrupted
application ended from a page, and the server's own refusals (a port in use), as the bad
input of issue 25 lists them."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from interrupt_support import kill_at
from web_support import (
    Client,
    form_values,
    git,
    head_author,
    make_users,
    make_workspace,
    serving,
)

from editplan import api
from editplan.errors import InputError
from editplan.web.server import make_server

ROOT = Path(__file__).resolve().parent.parent
REVIEWED = ROOT / "tests/data/collect/lg14-review1.docx"
REPORT = ROOT / "tests/data/lg14-report.txt"
PLAN = "plans/cb-action-plan.yaml"
SET = "amendments/lg14.yaml"


@pytest.fixture(scope="module")
def users(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_users(tmp_path_factory.mktemp("users") / "users.toml")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("template") / "ws")


@pytest.fixture
def root(template: Path, tmp_path: Path) -> Path:
    return shutil.copytree(template, tmp_path / "ws", symlinks=True)


@pytest.fixture
def rui(root: Path, users: Path) -> Iterator[Client]:
    """Rui, a reviewer, signed in to a desk over a fresh example workspace."""
    with serving(root, users=users) as served:
        client = Client(served.url)
        client.login("rui")
        yield client


def test_a_report_is_read_shown_and_saved_as_a_committed_set(rui, root):
    sent = rui.post("/bring/report", {"paragraph": "53"}, page="/bring",
                    files={"report": ("lg14-report.txt", REPORT.read_bytes())})  # fmt: skip
    assert sent.status_code == 200, sent.text[-500:]
    page = sent.text
    assert "15 items: 13 operations, 2 instructions" in page
    assert "53(b)" in page and "op-instruction" in page and "predictable" in page
    assert not (root / "amendments/lg14-read.yaml").exists()  # nothing written by reading
    action = re.search(r'action="(/bring/[^/"]+/save)"', page).group(1)
    taken = rui.post(action, {"set_id": "lg14"}, page="/bring")
    assert taken.status_code == 400 and "has a set lg14 already" in taken.text
    saved = rui.post(action, {"set_id": "lg14-read"}, page="/bring")
    assert saved.status_code == 200 and "Set lg14-read saved" in saved.text
    written = api.load_set(root / "amendments/lg14-read.yaml")
    assert written.id == "lg14-read" and len(written.amendments) == 15
    assert head_author(root) == "Rui Reviewer <rui@example.org>"
    subject = git(root, "log", "-1", "--format=%s")
    assert subject.startswith("Extract lg14-read from lg14-report.txt")
    assert git(root, "status", "--porcelain").strip() == ""


def test_a_reviewers_copy_shows_each_amendment_with_its_reviewer_before_saving(rui, root):
    with api.Workspace.open(root) as ws:  # the copy was made from the applied version
        api.apply(ws, SET)
    sent = rui.post("/bring/copy", page="/bring",
                    files={"document": ("lg14-review1.docx", REVIEWED.read_bytes())})  # fmt: skip
    assert sent.status_code == 200, sent.text[-500:]
    assert "Ana Reviewer" in sent.text and "Integrating" in sent.text, sent.text
    assert "lg14-review1.docx" in sent.text
    head = git(root, "rev-parse", "HEAD")
    action = re.search(r'action="(/bring/[^/"]+/save)"', sent.text).group(1)
    saved = rui.post(action, {"set_id": "review1"}, page="/bring")
    assert saved.status_code == 200
    assert git(root, "rev-parse", "HEAD^") == head
    assert git(root, "log", "-1", "--format=%an|%s") == (
        "Rui Reviewer|Collect review1 from lg14-review1.docx\n"
    )
    assert "Editplan-Collected: review1" in git(root, "log", "-1", "--format=%B")
    again = rui.post(action, {"set_id": "review2"}, page="/bring")
    assert again.status_code == 400 and "no longer kept" in again.text


def test_an_upload_that_is_not_a_docx_is_refused(rui, root):
    named = rui.post("/bring/copy", page="/bring", files={"document": ("notes.txt", b"hello")})
    assert named.status_code == 400 and "notes.txt is not a .docx file" in named.text
    fake = rui.post("/bring/copy", page="/bring",
                    files={"document": ("copy.docx", b"%PDF-1.4 not a zip")})  # fmt: skip
    assert fake.status_code == 400
    assert "copy.docx" in fake.text and "is not a Word document" in fake.text
    assert git(root, "status", "--porcelain").strip() == ""


def test_a_report_with_no_such_paragraph_is_refused(rui, root):
    answer = rui.post("/bring/report", {"paragraph": "99"}, page="/bring",
                      files={"report": ("lg14-report.txt", REPORT.read_bytes())})  # fmt: skip
    assert answer.status_code == 400
    assert "paragraph 99 not found; the report has numbered paragraphs 1 to 60" in answer.text
    words = rui.post("/bring/report", {"paragraph": "fifty"}, page="/bring",
                     files={"report": ("lg14-report.txt", REPORT.read_bytes())})  # fmt: skip
    assert words.status_code == 400 and "a paragraph is a number" in words.text


def test_a_save_after_the_plan_moved_is_refused_and_loses_nothing(rui, root):
    sent = rui.post("/bring/report", {"paragraph": "53"}, page="/bring",
                    files={"report": ("r.txt", REPORT.read_bytes())})  # fmt: skip
    action = re.search(r'action="(/bring/[^/"]+/save)"', sent.text).group(1)
    with api.Workspace.open(root) as ws:  # someone applies a set meanwhile
        api.apply(ws, SET)
    head = git(root, "rev-parse", "HEAD")
    refused = rui.post(action, {"set_id": "late"}, page="/bring")
    assert refused.status_code == 409
    assert "the plan changed since this file was read" in refused.text
    assert git(root, "rev-parse", "HEAD") == head and not (root / "amendments/late.yaml").exists()


def make_conflict(root: Path) -> None:
    """Two branches reword Goal A.5, key area (2) differently; merging leaves the conflict in
    the plan file's list (the merge driver that init registered)."""
    ident = ["-c", "user.name=t", "-c", "user.email=t@t"]

    def reword(text: str, set_id: str) -> None:
        (root / f"amendments/{set_id}.yaml").write_text(
            f"id: {set_id}\ntitle: t\nauthor: {set_id.upper()}\ndate: 2020-05-01\n"
            "source: {document: X/1}\nplan: ../plans/cb-action-plan.yaml\n"
            f"base: CBD/CP/LG/2020/1/3\namendments:\n  - id: '1'\n"
            f"    target: Goal A.5, key area (2)\n    op: rephrase\n    text: {text}\n"
        )
        with api.Workspace.open(root) as ws:
            api.apply(ws, f"amendments/{set_id}.yaml", docs=False)

    git(root, "switch", "-q", "-c", "other")
    reword("Theirs wording", "theirs")
    git(root, "switch", "-q", "main")
    reword("Ours wording", "ours")
    merged = subprocess.run(["git", *ident, "merge", "-q", "other"], cwd=root,
                            capture_output=True, text=True)  # fmt: skip
    assert merged.returncode != 0 and "conflicts:" in (root / PLAN).read_text()


def test_a_merge_conflict_is_settled_from_the_page(root, users):
    make_conflict(root)
    with serving(root, users=users) as served:
        ana = Client(served.url)
        ana.login("ana")
        page = ana.get("/conflicts").text
        assert "Ours wording" in page and "Theirs wording" in page
        plan_page = ana.get("/plan").text
        assert "1 merge conflict(s)" in plan_page
        fields = form_values(page, element="a5.ka2", choice="text")
        fields["text"] = "Both sides' wording, settled"
        stale = dict(fields, token="0" * 16)
        refused = ana.http.post(served.url + "conflicts/resolve", data=stale)
        assert refused.status_code == 409
        done = ana.post("/conflicts/resolve", fields, page="/conflicts")
        assert done.status_code == 200 and "no conflict is left" in done.text
    text = (root / PLAN).read_text()
    assert "conflicts:" not in text and "Both sides' wording, settled" in text


def test_an_interrupted_application_is_explained_and_ended_from_the_page(root, users):
    kill_at(root, "file:2")
    with serving(root, users=users) as served:
        rea = Client(served.url)
        rea.login("rea")
        page = rea.get("/plan").text
        assert "An application was interrupted" in page and "lg14" in page
        assert "Finish it (writes what is missing" in page and "or undo it (puts back" in page
        assert "recover-continue" not in page  # a reader is told, not offered
        ana = Client(served.url)
        ana.login("ana")
        page = ana.get("/plan").text
        assert 'id="recover-continue"' in page and 'id="recover-abort"' in page
        versions = ana.get("/versions")  # reading the history is refused while it is open
        assert versions.status_code == 409 and "interrupted" in versions.text
        element = ana.get("/element/a1.ka1")  # its wording, and why its words are not told
        assert element.status_code == 200 and 'id="recover-continue"' in element.text
        assert "Who wrote each word cannot be told" in element.text
        assert "interrupted" in element.text.split("Who wrote each word cannot be told")[1]
        done = ana.post("/recovery/abort", {"token": _token(page)}, page="/plan")
        assert done.status_code == 200 and "is undone" in done.text
        assert "An application was interrupted" not in ana.get("/plan").text
    assert git(root, "status", "--porcelain").strip() == ""
    assert git(root, "rev-list", "--count", "HEAD").strip() == "1"


def test_an_interrupted_application_is_finished_from_the_page(root, users):
    kill_at(root, "file:2")
    with serving(root, users=users) as served:
        ana = Client(served.url)
        ana.login("ana")
        page = ana.get("/plan").text
        done = ana.post("/recovery/continue", {"token": _token(page)}, page="/plan")
        assert done.status_code == 200 and "is finished" in done.text
    assert git(root, "log", "-1", "--format=%s").startswith("Apply lg14")
    assert git(root, "status", "--porcelain").strip() == ""


def _token(page: str) -> str:
    return re.search(r'action="/recovery/continue".*?name="token" value="([^"]+)"', page, re.S)[1]


def test_a_port_in_use_is_refused(root):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError, match=f"port {port} on 127.0.0.1 is in use"):
            make_server(root, port=port)
        # as a person meets it: the command says so and ends, no traceback, nothing written
        ran = subprocess.run([sys.executable, "-m", "editplan", "serve", "--port", str(port)],
                             cwd=root, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert ran.returncode == 2 and f"port {port} on 127.0.0.1 is in use" in ran.stderr
    assert "Traceback" not in ran.stderr and ran.stdout == ""
    assert git(root, "status", "--porcelain").strip() == ""


def test_editplan_serve_starts_in_a_workspace_and_says_where(root, tmp_path):
    """The command as a person runs it: a process, a free port printed, pages answered."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "editplan", "serve", "--port", "0"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        assert Client(url).get("/plan").status_code == 200
        assert time.perf_counter() - began < 30  # timed in benchmarks/bench_serve.py
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_editplan_serve_outside_a_workspace_and_elsewhere_without_accounts(tmp_path):
    outside = subprocess.run([sys.executable, "-m", "editplan", "serve", "--port", "0"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert outside.returncode == 2 and "is not in a workspace" in outside.stderr
    root = make_workspace(tmp_path / "ws")
    open_ = subprocess.run(
        [sys.executable, "-m", "editplan", "serve", "--host", "0.0.0.0", "--port", "0"],
        cwd=root, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert open_.returncode == 2 and "opens the desk to other machines" in open_.stderr
    plain = tmp_path / "users.toml"
    plain.write_text('[users.ana]\nname = "Ana"\nrole = "secretariat"\npassword = "hunter2"\n')
    refused = subprocess.run(
        [sys.executable, "-m", "editplan", "serve", "--users", str(plain), "--port", "0"],
        cwd=root, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert refused.returncode == 2 and "not an Argon2 hash" in refused.stderr


def test_editplan_users_add_writes_a_hash_and_asks_the_password_twice(tmp_path):
    path = tmp_path / "users.toml"
    added = subprocess.run(
        [sys.executable, "-m", "editplan", "users", "add", "ana", "--users", str(path),
         "--role", "secretariat", "--name", "Ana Officer", "--email", "ana@example.org"],
        input="s3cret-words\ns3cret-words\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Added ana (secretariat)" in added.stdout
    assert "s3cret-words" not in path.read_text() and "$argon2id$" in path.read_text()
    short = subprocess.run(
        [sys.executable, "-m", "editplan", "users", "add", "bo", "--users", str(path),
         "--role", "reader", "--name", "Bo"],
        input="short\nshort\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert short.returncode == 2 and "at least 8 characters" in short.stderr
    assert "bo" not in path.read_text().split("[users.ana]")[0]


def test_a_bug_while_warming_the_history_index_is_said_once_and_kept(
    root, monkeypatch, capsys, tmp_path
):
    """The server reads the plan and its history index in a thread as it starts: a bug there
    is said in one line naming the file that keeps its traceback, and the desk answers on."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)

    def broken(ws, **_: object) -> None:
        raise RuntimeError("index torn")

    monkeypatch.setattr(api, "prepare_history", broken)
    from editplan.web.desk import Desk
    from editplan.web.server import _warm

    _warm(Desk(root))
    err = capsys.readouterr().err
    assert err.startswith("editplan: bug: RuntimeError: index torn; its traceback is in ")
    [kept] = tmp_path.glob("editplan-bug-*.txt")
    assert str(kept) in err and "Traceback" not in err
    text = kept.read_text()
    assert text.startswith("editplan serve: reading the plan and its history index")
    assert "RuntimeError: index torn" in text
