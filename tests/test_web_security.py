"""The desk opened to a team, attacked: writes without a session, without a CSRF token or by
a reader; paths in download requests; oversized and hostile uploads (a zip bomb, a DOCTYPE);
script in an amendment's wording; another site's name in the Host header; a users file that
cannot be trusted; an address other than this machine's without accounts."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_support import PASSWORD, Client, form_values, git, make_users, make_workspace, serving

from editplan.errors import InputError
from editplan.web.accounts import Accounts
from editplan.web.server import make_server

ROOT = Path(__file__).resolve().parent.parent
REVIEWED = ROOT / "tests/data/collect/lg14-review1.docx"
SET = "amendments/lg14.yaml"
SCRIPT = "<script>document.title='pwned'</script> Strengthening <b>bold</b> capacities"


@pytest.fixture(scope="module")
def users(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_users(tmp_path_factory.mktemp("users") / "users.toml")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace with a second set whose wording holds markup and script."""
    root = make_workspace(tmp_path_factory.mktemp("template") / "ws")
    (root / "amendments/hostile.yaml").write_text(
        "id: hostile\ntitle: Markup in wording\nauthor: <i>Body</i> & Co\ndate: 2020-05-01\n"
        "source: {document: X/1}\n"
        "plan: ../plans/cb-action-plan.yaml\nbase: CBD/CP/LG/2020/1/3\namendments:\n"
        f"  - id: h1\n    target: Goal A.1, key area (1)\n    op: rephrase\n"
        f'    text: "{SCRIPT}"\n',
        encoding="utf-8",
    )
    git(root, "add", "amendments/hostile.yaml")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "hostile set")
    return root


@pytest.fixture
def served(template: Path, users: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = shutil.copytree(template, tmp_path / "ws", symlinks=True)
    with serving(root, users=users, upload_limit=2 * 2**20) as server:
        yield server.url, root


def signed_in(url: str, login: str) -> Client:
    client = Client(url)
    assert client.login(login).status_code == 200
    return client


def state(root: Path) -> tuple[str, str, bytes]:
    """HEAD, the work tree's status and the set file: what a refused write must leave."""
    return (git(root, "rev-parse", "HEAD"), git(root, "status", "--porcelain"),
            (root / SET).read_bytes())  # fmt: skip


def test_a_write_without_a_session_goes_to_sign_in_and_writes_nothing(served):
    url, root = served
    before = state(root)
    ana = signed_in(url, "ana")
    fields = form_values(ana.get("/round").text, amendment="53(b)", status="rejected")
    stranger = Client(url)
    fields["csrf_token"] = stranger.token("/login")  # a valid token of a session not signed in
    answer = stranger.http.post(url + "round/decide", data=fields, allow_redirects=False)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")
    assert state(root) == before


def test_a_write_without_a_csrf_token_is_refused(served):
    url, root = served
    before = state(root)
    ana = signed_in(url, "ana")
    fields = form_values(ana.get("/round").text, amendment="53(b)", status="rejected")
    for forged in ({k: v for k, v in fields.items() if k != "csrf_token"},
                   {**fields, "csrf_token": "forged"}):  # fmt: skip
        answer = ana.http.post(url + "round/decide", data=forged)
        assert answer.status_code == 400
        assert "did not come from a page of this desk" in answer.text
    assert state(root) == before


def test_a_reader_may_read_but_not_write(served):
    url, root = served
    before = state(root)
    ana = signed_in(url, "ana")
    fields = form_values(ana.get("/round").text, amendment="53(b)", status="rejected")
    rea = signed_in(url, "rea")
    assert rea.get("/plan").status_code == 200 and rea.get("/round").status_code == 200
    assert 'action="/round/decide"' not in rea.get("/round").text  # no buttons to press
    fields["csrf_token"] = rea.token("/round")
    refused = rea.http.post(url + "round/decide", data=fields)
    assert refused.status_code == 403 and "needs the secretariat role" in refused.text
    assert rea.get("/bring").status_code == 403
    upload = rea.post("/bring/copy", page="/round",
                      files={"document": ("r.docx", REVIEWED.read_bytes())})  # fmt: skip
    assert upload.status_code == 403
    rui = signed_in(url, "rui")  # a reviewer brings things in, but does not decide
    fields["csrf_token"] = rui.token("/round")
    assert rui.http.post(url + "round/decide", data=fields).status_code == 403
    assert rui.get("/bring").status_code == 200
    assert state(root) == before


def test_a_wrong_password_and_a_foreign_next_page(served):
    url, _ = served
    client = Client(url)
    refused = client.post("/login", {"login": "ana", "password": "wrong"}, page="/login")
    assert refused.status_code == 401 and "do not match" in refused.text
    assert client.get("/plan", allow_redirects=False).status_code == 302
    for foreign in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        token = client.token("/login")
        sent = {"login": "ana", "password": PASSWORD, "next": foreign, "csrf_token": token}
        answer = client.http.post(url + "login", allow_redirects=False, data=sent)
        assert answer.status_code == 302 and answer.headers["Location"] == "/", foreign
        client = Client(url)


@pytest.mark.parametrize(
    "path",
    [
        "/download/..%2F..%2F..%2Fetc%2Fpasswd/clean.docx",
        "/download/now/..%2F..%2Fplans%2Fcb-action-plan.yaml",
        "/download/now/clean.docx%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/download/HEAD/clean.docx",
        "/download/../../etc/passwd",
        "/download/now/..",
        "/static/..%2F..%2Fapp.py",
        "/compare/page?from=..%2F..&to=HEAD",
    ],
)
def test_a_path_in_a_download_request_finds_nothing(served, path):
    url, _ = served
    ana = signed_in(url, "ana")
    answer = ana.http.get(url.rstrip("/") + path, allow_redirects=False)
    assert answer.status_code in (400, 404), (path, answer.status_code)
    assert b"root:" not in answer.content and b"areas:" not in answer.content


def test_an_oversized_upload_is_refused_before_it_is_read(served):
    url, _ = served
    rui = signed_in(url, "rui")
    big = REVIEWED.read_bytes() + b"\0" * (3 * 2**20)
    answer = rui.post("/bring/copy", page="/bring", files={"document": ("big.docx", big)})
    assert answer.status_code == 413 and "larger than this desk takes" in answer.text


def _docx_with(member: str, data: bytes) -> bytes:
    """The reviewed copy with one member replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(REVIEWED) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            if info.filename != member:
                z.writestr(info, source.read(info.filename))
        z.writestr(member, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("member", "data", "said"),
    [
        ("word/document.xml", b"\0" * (60 * 2**20), "zip bomb"),  # a part editplan reads
        ("word/document.xml", b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>',
         "DOCTYPE"),
    ],
    ids=["zip-bomb", "doctype"],
)
def test_a_hostile_upload_is_refused_by_the_hardened_reader(served, member, data, said):
    url, root = served
    before = state(root)
    rui = signed_in(url, "rui")
    hostile = _docx_with(member, data)
    assert len(hostile) < 2 * 2**20  # under the size limit: the reader itself refuses it
    answer = rui.post("/bring/copy", page="/bring", files={"document": ("r.docx", hostile)})
    assert answer.status_code == 400 and said in answer.text, answer.text[-2500:]
    assert "r.docx" in answer.text and "editplan-uploads" not in answer.text
    assert state(root) == before


def test_script_in_an_amendments_wording_is_shown_as_text(served):
    url, _ = served
    ana = signed_in(url, "ana")
    for page in ("/round", "/element/a1.ka1"):
        text = ana.get(page).text
        assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in text, page
        assert "<script>" not in text and "<b>bold</b>" not in text
    assert "&lt;i&gt;Body&lt;/i&gt; &amp; Co" in ana.get("/round").text
    frame = ana.get("/round/compilation")
    assert "<script>" not in frame.text and "&lt;script&gt;" in frame.text
    assert "sandbox" in frame.headers["Content-Security-Policy"]


def test_every_page_forbids_scripts_and_framing_by_others(served):
    url, _ = served
    ana = signed_in(url, "ana")
    for page in ("/plan", "/round", "/versions", "/element/a1.ka1", "/login", "/nowhere"):
        headers = ana.get(page).headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy, page
        assert "frame-ancestors 'self'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
    cookie = next(c for c in ana.http.cookies)
    assert cookie.has_nonstandard_attr("HttpOnly")


def test_another_sites_name_in_the_host_header_is_refused_on_this_machine(tmp_path):
    root = make_workspace(tmp_path / "ws")
    with serving(root) as server:  # no accounts: this machine only
        client = Client(server.url)
        assert client.get("/plan").status_code == 200
        assert client.get("/plan", headers={"Host": "localhost"}).status_code == 200
        rebound = client.get("/plan", headers={"Host": "attacker.example"})
        assert rebound.status_code == 400


def test_listening_elsewhere_without_accounts_is_refused(tmp_path):
    root = make_workspace(tmp_path / "ws")
    with pytest.raises(InputError, match="opens the desk to other machines"):
        make_server(root, host="0.0.0.0", port=0)


def test_a_users_file_holding_a_plain_text_password_is_refused(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text('[users.ana]\nname = "Ana"\nrole = "secretariat"\npassword = "hunter2"\n')
    with pytest.raises(InputError, match=r"users.toml:1: user 'ana' has a password that is not"):
        Accounts.read(path)
    root = make_workspace(tmp_path / "ws")
    with pytest.raises(InputError, match="not an Argon2 hash"):
        make_server(root, port=0, users=path)


def test_a_users_file_that_cannot_be_read_is_refused(tmp_path, monkeypatch):
    path = make_users(tmp_path / "users.toml")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads a file whatever its mode: the refusal simulated
        read_text = Path.read_text

        def refuse(self: Path, *args: object, **kwargs: object) -> str:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return read_text(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "read_text", refuse)
    with pytest.raises(InputError, match="users file cannot be read"):
        Accounts.read(path)
    root = make_workspace(tmp_path / "ws")
    with pytest.raises(InputError, match="users file cannot be read"):
        make_server(root, port=0, users=path)


def test_a_users_file_that_is_a_folder_or_not_toml_is_refused(tmp_path):
    with pytest.raises(InputError, match="users file cannot be read"):
        Accounts.read(tmp_path)
    bad = tmp_path / "users.toml"
    bad.write_text("[users.ana\n")
    with pytest.raises(InputError, match="not valid TOML"):
        Accounts.read(bad)
    bad.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="cannot be read"):
        Accounts.read(bad)
    with pytest.raises(InputError, match="no such users file"):
        Accounts.read(tmp_path / "missing.toml")


def test_users_file_is_written_with_hashes_only_and_owner_permissions(tmp_path):
    path = make_users(tmp_path / "users.toml")
    text = path.read_text()
    assert PASSWORD not in text and text.count("$argon2id$") == 3
    assert path.stat().st_mode & 0o777 == 0o600
    accounts = Accounts.read(path)
    assert accounts.check("ana", PASSWORD).role == "secretariat"
    assert accounts.check("ana", "nope") is None and accounts.check("nobody", PASSWORD) is None
