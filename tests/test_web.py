"""The desk's pages and writes through the real server (waitress on loopback), as a browser
sends them: reading the plan at any version, an element's history and proposals, versions,
comparisons and downloads, decisions, applying what was agreed, bringing in a reviewer's
copy or a report, settling merge conflicts, and an interrupted application."""

from __future__ import annotations

import html
import io
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from web_support import Client, form_values, git, head_author, make_users, make_workspace, serving

from editplan import api

ROOT = Path(__file__).resolve().parent.parent
REVIEWED = ROOT / "tests/data/collect/lg14-review1.docx"
REPORT = ROOT / "tests/data/lg14-report.txt"
SET = "amendments/lg14.yaml"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace with 53(a) and 53(n) agreed and the set applied (two commits
    after the first), as the README's walk leaves it; made once, copied for each test."""
    root = make_workspace(tmp_path_factory.mktemp("template") / "ws")
    with api.Workspace.open(root) as ws:
        api.decide(ws, SET, ["53(a)", "53(n)"], "agreed")
        api.apply(ws, SET)
    return root


@pytest.fixture(scope="module")
def users(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_users(tmp_path_factory.mktemp("users") / "users.toml")


@pytest.fixture
def desk(template: Path, users: Path, tmp_path: Path) -> Iterator[tuple[Client, Path]]:
    """A desk with accounts over a copy of the template, and Ana (secretariat) signed in."""
    root = shutil.copytree(template, tmp_path / "ws", symlinks=True)
    with serving(root, users=users) as served:
        client = Client(served.url)
        assert client.login("ana").status_code == 200
        yield client, root


def test_the_plan_is_numbered_as_printed_and_each_element_links_to_its_page(desk):
    client, _ = desk
    page = client.get("/plan").text
    assert "Goal A.5" in page and "CBD/CP/LG/2020/1/3 + LG-14" in page
    # 53(e) split key area (1) of Goal A.5: the part split off is key area (2), numbered so
    assert re.search(r'<li id="lg14.53e.2"><span class="num">\(2\)</span>', page)
    assert 'href="/element/a5.ka1"' in page
    element = client.get("/element/a5.ka1").text
    assert "Goal A.5, key area (1)" in element
    assert "Conducting and reviewing scientifically sound risk assessments" in element
    assert "53(e)" in element
    assert "Conducting risk assessments and managing identified risks" in element


def test_the_plan_at_an_earlier_version_shows_that_version(desk):
    client, root = desk
    first = git(root, "rev-list", "--max-parents=0", "HEAD").strip()
    page = client.get(f"/plan?at={first}").text
    assert "Conducting risk assessments and managing identified risks" in page
    assert "lg14.53e.2" not in page
    assert client.get("/plan?at=0000000").status_code == 404
    assert client.get("/plan?at=HEAD").status_code == 404  # versions are named by commit only


def test_a_goal_page_and_its_neighbours(desk):
    client, _ = desk
    page = client.get("/plan/A.5").text
    assert "Goal A.5" in page and 'rel="prev"' in page and 'href="/plan/A.4"' in page
    assert client.get("/plan/Z.9").status_code == 404


def test_versions_compare_and_downloads(desk):
    client, root = desk
    versions = client.get("/versions").text
    head = git(root, "rev-parse", "HEAD").strip()
    assert head[:7] in versions and "Apply lg14" in versions
    compare = client.get("/compare").text
    assert 'src="/compare/page?from=' in compare
    src = re.search(r'src="(/compare/page\?[^"]+)"', compare).group(1)
    frame = client.get(src.replace("&amp;", "&"))
    assert frame.status_code == 200
    assert "sandbox" in frame.headers["Content-Security-Policy"]
    assert "<ins" in frame.text and "<del" in frame.text and "adequate" in frame.text
    tracked = client.get(f"/download/{head}/tracked.docx")
    assert tracked.status_code == 200 and "attachment" in tracked.headers["Content-Disposition"]
    document = docx.Document(io.BytesIO(tracked.content))
    xml = document.element.xml
    assert "w:ins" in xml and "w:del" in xml
    clean = docx.Document(io.BytesIO(client.get(f"/download/{head}/clean.docx").content))
    assert any("adequate" in p.text for p in clean.paragraphs)
    akn = client.get(f"/download/{head}/akn.xml")
    assert akn.status_code == 200 and b"akomaNtoso" in akn.content
    # made into out/web/, which git ignores: the work tree stays clean
    assert (root / "out" / "web" / head).is_dir()
    assert git(root, "status", "--porcelain").strip() == ""


def test_a_decision_is_committed_under_the_signed_in_user(desk):
    client, root = desk
    page = client.get("/round").text
    fields = form_values(page, amendment="53(b)", status="rejected")
    done = client.post("/round/decide", fields, page="/round")
    assert done.status_code == 200, done.text
    assert "Decision recorded" in done.text
    assert api.load_set(root / SET).amendments[1].status == "rejected"
    assert head_author(root) == "Ana Officer <ana@example.org>"
    assert "Editplan-Decision: lg14 53(b) rejected" in git(root, "log", "-1", "--format=%B")


def test_two_decisions_on_one_proposal_from_two_browsers_at_once(desk, tmp_path):
    """Both browsers show 53(b) proposed; both decide at the same moment; one decision is
    recorded and committed, the other refused with nothing written."""
    client, root = desk
    other = Client(client.url)
    other.login("ana")
    pages = [client.get("/round").text, other.get("/round").text]
    forms = [
        form_values(pages[0], amendment="53(b)", status="rejected"),
        form_values(pages[1], amendment="53(b)", status="withdrawn"),
    ]
    commits_before = int(git(root, "rev-list", "--count", "HEAD"))
    barrier = threading.Barrier(2)
    answers: list[object] = [None, None]

    def send(n: int, who: Client) -> None:
        barrier.wait()
        answers[n] = who.http.post(who.url + "/round/decide", data=forms[n], timeout=60)

    threads = [threading.Thread(target=send, args=(n, c)) for n, c in enumerate((client, other))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(a.status_code for a in answers)  # type: ignore[attr-defined]
    assert codes == [200, 409], codes
    refused = next(a for a in answers if a.status_code == 409)  # type: ignore[attr-defined]
    assert "changed since this page was made" in refused.text
    assert "Nothing was written" in refused.text
    won = next(a for a in answers if a.status_code == 200)  # type: ignore[attr-defined]
    status = api.load_set(root / SET).amendments[1].status
    assert status in ("rejected", "withdrawn") and status in won.history[0].request.body
    assert int(git(root, "rev-list", "--count", "HEAD")) == commits_before + 1
    assert git(root, "status", "--porcelain").strip() == ""


def agree_orally_and_apply(client: Client, text: str) -> str:
    """Bring in the reviewer's copy as set review1, agree its r1 as orally amended with
    ``text``, apply what was agreed; the page after."""
    sent = {"document": ("lg14-review1.docx", REVIEWED.read_bytes())}
    upload = client.post("/bring/copy", files=sent, page="/bring")
    assert upload.status_code == 200, upload.text
    save = form_values(upload.text)
    save["set_id"] = "review1"
    token = re.search(r'action="(/bring/[^/"]+/save)"', upload.text).group(1)
    saved = client.post(token, save, page="/bring")
    assert saved.status_code == 200 and "Set review1 saved" in saved.text
    round_page = saved.text
    fields = form_values(round_page, set="amendments/review1.yaml", amendment="r1", status="agreed")
    fields["text"] = text
    agreed = client.post("/round/decide", fields, page="/round")
    assert agreed.status_code == 200, agreed.text
    found = re.search(r'action="/round/apply".*?name="token" value="([^"]+)"', agreed.text, re.S)
    token_field = found.group(1)
    applied = client.post("/round/apply", {"token": token_field}, page="/round")
    assert applied.status_code == 200, applied.text
    return applied.text


def test_agree_as_orally_amended_then_apply_what_was_agreed(desk):
    client, root = desk
    text = "Integrating biosafety into national plans, sectoral policies and budgets"
    applied = agree_orally_and_apply(client, text)
    assert "The agreed text is applied" in applied and "Applied review1" in applied
    assert head_author(root) == "Ana Officer <ana@example.org>"
    plan = api.load_plan(root / "plans/cb-action-plan.yaml")
    assert plan.locate()["a1.ka3"].item.text == text


RUN = re.compile(r'<a class="word (\S+) source-(\d+)" href="#source-(\d+)" title="([^"]*)">'
                 r"([^<]*)</a>")  # fmt: skip


def sources_of(page: str) -> dict[int, str]:
    """The side list of an element page: each source's entry by its number."""
    found = re.findall(r'<li id="source-(\d+)" class="[^"]*">(.*?)</li>', page, re.S)
    return {int(n): body for n, body in found}


def test_the_element_page_marks_every_word_with_its_source(desk):
    client, root = desk
    page = client.get("/element/a5.ka1").text
    runs = RUN.findall(page)
    plan = api.load_plan(root / "plans/cb-action-plan.yaml")
    wording = plan.locate()["a5.ka1"].item.text
    assert "".join(html.unescape(r[4]) for r in runs) == wording
    # "Conducting" is the base text's; the rest 53(e)'s of LG-14, which split the key area
    assert [(r[4].strip(), r[1], r[2]) for r in runs] == [
        ("Conducting", "0", "0"), ("and reviewing scientifically sound risk assessments", "1", "1")
    ]  # fmt: skip
    assert runs[0][0] == "base" and runs[1][0] != "base"
    assert "53(e) of lg14" in runs[1][3] and "Liaison Group on the Cartagena Protocol" in runs[1][3]
    sources = sources_of(page)
    first, head = git(root, "rev-list", "--max-parents=0", "HEAD").strip(), git(
        root, "rev-parse", "HEAD").strip()  # fmt: skip
    assert "base text" in sources[0] and f'href="/plan?at={first}"' in sources[0]
    assert 'href="/round#p-lg14-53(e)"' in sources[1]
    assert "words of Liaison Group on the Cartagena Protocol (LG-14)" in sources[1]
    assert "applied as proposed" in sources[1] and f'href="/plan?at={head}"' in sources[1]
    assert "CBD/CP/LG/2020/1/4, paragraph 53" in sources[1] and head[:7] in sources[1]
    # what the page says is what blame says, and its links lead somewhere
    with api.Workspace.open(root) as ws:
        [element] = api.blame(ws, "#a5.ka1").elements
    assert [(r.text, r.source) for r in element.runs] == [
        (html.unescape(r[4]), int(r[1])) for r in runs
    ]  # fmt: skip
    assert 'id="p-lg14-53(e)"' in client.get("/round").text
    assert client.get(f"/plan?at={head}").status_code == 200
    # an element no version changed: one source, the base text
    page = client.get("/element/a1.ka1").text
    assert {r[0] for r in RUN.findall(page)} == {"base"} and list(sources_of(page)) == [0]


def test_wording_agreed_with_markup_is_credited_and_shown_as_text(desk):
    """The meeting's wording (typed at the desk) holds a script: the marked words and the
    source beside them show it as text, credited to the meeting on the reviewer's proposal."""
    client, _ = desk
    text = "Integrating <script>alert('x')</script> & <b>biosafety</b> into national plans"
    agree_orally_and_apply(client, text)
    page = client.get("/element/a1.ka3").text
    main = page[page.index("<main"):]
    assert "<script>" not in main and "<b>" not in main
    runs = RUN.findall(page)
    assert "".join(html.unescape(r[4]) for r in runs) == text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;biosafety" in page
    [by_meeting] = {int(r[1]) for r in runs if "script" in html.unescape(r[4])}
    source = sources_of(page)[by_meeting]
    assert 'href="/round#p-review1-r1"' in source
    assert "agreed as orally amended" in source and "Ana Reviewer" in source
    assert "<q>" in source and "&lt;script&gt;" in source


def test_the_compilation_numbers_the_round_in_a_commit_of_the_signed_in_user(desk):
    client, root = desk
    before = git(root, "rev-parse", "HEAD").strip()
    page = client.get("/round/compilation")
    assert page.status_code == 200 and "sandbox" in page.headers["Content-Security-Policy"]
    assert git(root, "rev-parse", "HEAD~1").strip() == before
    assert git(root, "log", "-1", "--format=%an <%ae>|%s").startswith(
        "Ana Officer <ana@example.org>|Number the proposals of round"
    )
    assert git(root, "status", "--porcelain") == ""
    again = client.get("/round/compilation")  # numbered once: nothing more to commit
    assert again.status_code == 200 and git(root, "rev-parse", "HEAD~1").strip() == before
