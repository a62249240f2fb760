"""The desk as a person uses it, in Debian's Chromium driven by selenium, against the real
server (waitress on a free loopback port): sign in, open the plan, follow an element to the
amendment that changed it and a word to the amendment that wrote it, bring in a reviewer's
copy, decide, apply what was agreed, download the tracked .docx and open it; markup in a
wording stays text and runs nothing.
Every page is loaded with its content security policy and must not break it. Skipped when
chromium, chromium-driver or selenium is missing.

Screenshots of every page go to ``$TMPDIR/editplan-desk/``, to look at.
"""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from test_html_browser import CHROMEDRIVER, CHROMIUM, FLAGS, _browser_missing
from web_support import PASSWORD, git, make_users, make_workspace, serving

from editplan import api

pytestmark = pytest.mark.skipif(_browser_missing() is not None, reason=str(_browser_missing()))

ROOT = Path(__file__).resolve().parent.parent
REVIEWED = ROOT / "tests/data/collect/lg14-review1.docx"
SHOTS = Path(tempfile.gettempdir()) / "editplan-desk"
SET = "amendments/lg14.yaml"


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(tmp_path: Path, downloads: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.add_argument("--window-size=1300,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
    })  # fmt: skip
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The example with 53(a) and 53(n) agreed and applied, and a set whose wording holds
    markup and a script."""
    root = make_workspace(tmp_path / "ws")
    with api.Workspace.open(root) as ws:
        api.decide(ws, SET, ["53(a)", "53(n)"], "agreed")
        api.apply(ws, SET)
    return root


def shot(driver: Any, name: str) -> None:
    """Keep a screenshot of the whole page (to look at)."""
    SHOTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1300, min(max(height + 40, 700), 6000))
    driver.save_screenshot(str(SHOTS / f"{name}.png"))
    driver.set_window_size(1300, 1000)


def policy_breaches(driver: Any) -> list[str]:
    """What the browser's console says the page did against its policy (or failed to load)."""
    return [
        entry["message"] for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"] or entry["level"] == "SEVERE"
    ]  # fmt: skip


def click(driver: Any, css: str) -> None:
    """Click what navigates (a link, a form's button) and wait for the next page."""
    from selenium.webdriver.common.by import By

    follow(driver, lambda: driver.find_element(By.CSS_SELECTOR, css).click())


def follow(driver: Any, action: Any) -> None:
    """Do what loads another page, and wait until the old one is gone and the new one loaded."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(driver, 120).until(expected_conditions.staleness_of(old))
    WebDriverWait(driver, 120).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def text_of(driver: Any, css: str) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def follow_a_word(driver: Any, word: str, source: str, proposal: str) -> None:
    """On an element page, click the run of words holding ``word``: its source (``source``
    names it) is the one shown beside the wording; then follow that source to the proposal
    (the element id ``proposal``) in the round."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    run = driver.find_element(
        By.XPATH, f'//p[contains(@class, "words")]/a[contains(., "{word}")]'
    )
    assert source in run.get_attribute("title")
    target = run.get_attribute("href").rpartition("#")[2]
    run.click()  # to the source, on the same page
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith(f"#{target}"))
    entry = driver.find_element(By.ID, target)
    assert source in entry.text
    assert driver.execute_script("return document.querySelector(':target').id") == target
    follow(driver, lambda: entry.find_element(By.CSS_SELECTOR, "a.proposal-link").click())
    assert driver.current_url.endswith(f"/round#{proposal}")
    assert driver.execute_script("return document.querySelector(':target').id") == proposal


def test_a_secretariat_day_at_the_desk(browser, workspace, tmp_path, downloads):
    from selenium.webdriver.common.by import By

    users = make_users(tmp_path / "users.toml")
    with serving(workspace, users=users) as served:
        url = served.url.rstrip("/")
        browser.get(url + "/plan")
        assert "/login" in browser.current_url  # accounts: signing in first
        shot(browser, "login")
        browser.find_element(By.ID, "login").send_keys("ana")
        browser.find_element(By.ID, "password").send_keys(PASSWORD)
        click(browser, "#sign-in")
        assert browser.current_url.endswith("/plan")
        assert "Ana Officer" in text_of(browser, "header.top")
        shot(browser, "plan")

        # open the plan, follow an element to the amendment that changed it
        click(browser, 'a[href="/element/a5.ka1"]')
        assert text_of(browser, "h1").startswith("Goal A.5, key area (1)")
        history = text_of(browser, "#history")
        assert "53(e)" in history and "Conducting risk assessments" in history
        shot(browser, "element")
        short = git(workspace, "rev-parse", "--short", "HEAD").strip()
        follow(browser, lambda: browser.find_element(By.PARTIAL_LINK_TEXT, short).click())
        assert "/plan?at=" in browser.current_url

        # follow a word to its amendment: the word, its source beside the wording, the round
        browser.back()
        follow_a_word(browser, "scientifically", "53(e) of lg14", "p-lg14-53(e)")
        card = browser.find_element(By.ID, "p-lg14-53(e)").text
        assert "scientifically sound risk assessments" in card and "applied" in card

        # versions, a comparison in its sandboxed frame, a download opened with python-docx
        browser.get(url + "/versions")
        shot(browser, "versions")
        click(browser, "#compare")
        frame = browser.find_element(By.CSS_SELECTOR, "iframe.generated")
        browser.switch_to.frame(frame)
        assert browser.find_elements(By.TAG_NAME, "ins")
        assert browser.find_elements(By.TAG_NAME, "del")
        browser.switch_to.default_content()
        shot(browser, "compare")
        browser.get(url + "/versions")
        browser.find_element(By.PARTIAL_LINK_TEXT, "tracked .docx").click()
        document = _downloaded(downloads, ".tracked.docx")
        xml = docx.Document(io.BytesIO(document.read_bytes())).element.xml
        assert "w:ins" in xml and "adequate" in xml

        # bring in a reviewer's copy, look at it, save it as a set
        browser.get(url + "/bring")
        shot(browser, "bring")
        browser.find_element(By.ID, "copy-file").send_keys(str(REVIEWED))
        click(browser, "#send-copy")
        assert "What lg14-review1.docx would bring in" in text_of(browser, "h1")
        assert "Ana Reviewer" in text_of(browser, "main")
        shot(browser, "preview")
        field = browser.find_element(By.ID, "set-id")
        field.clear()
        field.send_keys("review1")
        click(browser, "#save-set")
        assert "Set review1 saved" in text_of(browser, "#report")
        # the set's commit is Ana's (so is the round's numbering the compilation beside it made)
        log = git(workspace, "log", "-3", "--format=%an|%s").splitlines()
        assert "Ana Officer|Collect review1 from lg14-review1.docx" in log

        # decide: agree r1 of the copy, then apply what was agreed, the report shown after
        click(browser, '#p-review1-r1 button[data-decide="agreed"]')
        assert "Decision recorded" in text_of(browser, "#report")
        shot(browser, "round")
        click(browser, "#apply-agreed")
        report = text_of(browser, "#report")
        assert "The agreed text is applied" in report and "Applied review1" in report
        assert git(workspace, "log", "-1", "--format=%an|%s").startswith("Ana Officer|Apply")
        plan = api.load_plan(workspace / "plans/cb-action-plan.yaml")
        assert plan.locate()["a1.ka3"].item.text.startswith("Integrating")

        # the element page of the changed element names the copy's amendment
        browser.get(url + "/element/a1.ka3")
        assert "r1" in text_of(browser, "#history")
        shot(browser, "element-after")
        follow_a_word(browser, "Integrating", "r1 of review1", "p-review1-r1")
        browser.get(url + "/conflicts")
        shot(browser, "conflicts")
        assert policy_breaches(browser) == []


def test_markup_in_a_wording_is_text_and_runs_nothing(browser, workspace):
    from selenium.webdriver.common.by import By

    (workspace / "amendments/hostile.yaml").write_text(
        "id: hostile\ntitle: t\nauthor: Body\ndate: 2020-05-01\nsource: {document: X/1}\n"
        "plan: ../plans/cb-action-plan.yaml\nbase: CBD/CP/LG/2020/1/3 + LG-14\namendments:\n"
        "  - id: h1\n    target: Goal A.1, key area (1)\n    op: rephrase\n"
        "    text: \"<img src=x onerror=\\\"document.title='pwned'\\\"><script>document.title="
        "'pwned'</script> Strengthening\"\n"
    )
    with serving(workspace) as served:  # this machine only: no accounts
        browser.get(served.url + "round")
        time.sleep(0.5)
        assert browser.title == "The round · editplan desk"
        card = text_of(browser, "#p-hostile-h1")
        assert "<script>document.title='pwned'</script>" in card
        assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img")
        browser.get(served.url + "round/compilation")
        time.sleep(0.5)
        assert "pwned" not in browser.title
        assert "<script>" in browser.find_element(By.TAG_NAME, "body").text


def _downloaded(folder: Path, suffix: str, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {list(folder.iterdir())}")

