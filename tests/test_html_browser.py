"""The HTML pages in a real browser: Debian's headless Chromium, driven by selenium.

Each page is loaded from a file:// URL. The accept and reject texts are read from the
browser's DOM (every ``<del>``, or every ``<ins>``, removed by the browser), never from our
HTML string. Skipped cleanly when chromium, chromium-driver or selenium is missing.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from test_document import plans_and_sets

from editplan import api
from editplan.core.applier import apply_set
from editplan.core.layout import clean_layout
from editplan.publish import html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
SCREENSHOT_KEEP = Path(tempfile.gettempdir()) / "editplan-lg14-tracked.png"
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


def _browser_missing() -> str | None:
    if CHROMIUM is None:
        return "chromium is not installed"
    if CHROMEDRIVER is None:
        return "chromium-driver (chromedriver) is not installed"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    return None


pytestmark = pytest.mark.skipif(_browser_missing() is not None, reason=str(_browser_missing()))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1500,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


# The paragraphs of the page as a reader sees them once the browser has removed every
# element matching the selector (and the margin notes, which are not plan text).
PARAGRAPHS = """
const drop = arguments[0];
const main = document.querySelector('main').cloneNode(true);
main.querySelectorAll(drop + ', aside, a.noteref').forEach(e => e.remove());
return Array.from(main.children)
  .map(e => e.textContent.replace(/\\s+/g, ' ').trim())
  .filter(t => t.length > 0);
"""


def load(driver: Any, path: Path) -> list[dict[str, Any]]:
    """Open a page and return what its console said (the log is emptied first)."""
    driver.get_log("browser")
    driver.get(path.resolve().as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def dom_paragraphs(driver: Any, drop: str) -> list[str]:
    return driver.execute_script(PARAGRAPHS, drop)


def layout_texts(plan, side: str = "new") -> list[str]:
    texts = [" ".join(getattr(b, f"text_{side}").split()) for b in clean_layout(plan)]
    return [t for t in texts if t]


def test_lg14_tracked_page_in_the_browser(browser, lg14_plan, lg14_set, tmp_path):
    result = apply_set(lg14_set, lg14_plan)
    page = tmp_path / "cb-action-plan.tracked.html"
    page.write_bytes(html.render_result(lg14_plan, result))
    assert load(browser, page) == []
    accepted = dom_paragraphs(browser, "del")
    rejected = dom_paragraphs(browser, "ins")
    assert accepted == layout_texts(result.plan)
    assert rejected == layout_texts(lg14_plan)
    # the clean pages of both versions, read by the browser too, say the same
    clean = tmp_path / "revised.html"
    clean.write_bytes(html.render_clean(result.plan))
    assert load(browser, clean) == []
    assert dom_paragraphs(browser, "ins") == accepted
    clean.write_bytes(html.render_clean(lg14_plan))
    load(browser, clean)
    assert dom_paragraphs(browser, "del") == rejected

    load(browser, page)
    # nothing was fetched but the page itself: no scripts, styles, images or fonts
    fetched = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert fetched == []
    assert browser.execute_script(
        "return document.querySelectorAll('script, link, img, iframe, object').length"
    ) == 0  # fmt: skip
    assert browser.execute_script("return document.documentElement.lang") == "en"
    levels = browser.execute_script(
        "return Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))"
        ".map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    # an anchor per element: following #a5.ka1 scrolls to the key area that was split
    browser.get(page.resolve().as_uri() + "#a5.ka1")
    target = browser.execute_script("return document.querySelector(':target').id")
    assert target == "a5.ka1"
    # the note of 53(e) sits in the margin beside its change, at the height of its paragraph
    box = browser.execute_script(
        "const n = document.getElementById('note-5').getBoundingClientRect();"
        "const p = document.getElementById('a5.ka1').getBoundingClientRect();"
        "return [n.left, n.top, p.right, p.top];"
    )
    note_left, note_top, para_right, para_top = box
    assert note_left > para_right
    assert abs(note_top - para_top) < 20
    assert "53(e)" in browser.find_element("id", "note-5").text
    # printed, the notes come under their paragraphs instead (footnote-like)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        style = browser.execute_script(
            "const s = getComputedStyle(document.getElementById('note-5'));"
            "return [s.float, s.display]"
        )
        assert style == ["none", "block"]
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    _screenshot(browser, tmp_path / "lg14.png")


def _screenshot(browser: Any, path: Path) -> None:
    """The page from the top to the 53(h) key area and its note, for a person to look at."""
    bottom = browser.execute_script(
        "const ends = [document.getElementById('lg14.53h'),"
        " document.querySelector('aside[data-amendment=\"53(h)\"]')]"
        ".map(e => e.getBoundingClientRect().bottom + window.scrollY);"
        "return Math.ceil(Math.max(...ends) + 20)"
    )
    browser.set_window_size(1500, min(bottom + 140, 6000))
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.get_screenshot_as_file(str(path))
    assert path.stat().st_size > 50_000
    shutil.copyfile(path, SCREENSHOT_KEEP)
    browser.set_window_size(1500, 1000)


def test_render_and_diff_pages_from_the_command_line(browser, workspace, tmp_path):
    from click.testing import CliRunner

    from editplan.cli import main

    runner = CliRunner()
    rendered = runner.invoke(main, ["render", "plans/cb-action-plan.yaml", "-o", "out/plan.html"])
    assert rendered.exit_code == 0
    base = api.load_plan("plans/cb-action-plan.yaml")
    assert load(browser, workspace / "out/plan.html") == []
    assert dom_paragraphs(browser, "del") == layout_texts(base)
    applied = runner.invoke(main, ["apply", "amendments/lg14.yaml"])
    assert applied.exit_code == 0, applied.output
    tracked = workspace / "out/lg14/cb-action-plan.tracked.html"
    assert f"Wrote out/lg14/{tracked.name}" in applied.output
    revised = api.load_plan("plans/cb-action-plan.yaml")
    assert load(browser, tracked) == []
    assert dom_paragraphs(browser, "del") == layout_texts(revised)
    result = runner.invoke(main, ["diff", "HEAD~1", "HEAD", "-o", "out/diff.html"])
    assert result.exit_code == 0, result.output
    assert load(browser, workspace / "out/diff.html") == []
    assert dom_paragraphs(browser, "del") == layout_texts(revised)
    assert dom_paragraphs(browser, "ins") == layout_texts(base)
    notes = browser.execute_script(
        "return Array.from(document.querySelectorAll('aside')).map(a => a.dataset.amendment)"
    )
    assert "lg14 53(e)" in notes


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=plans_and_sets())
def test_random_pages_in_the_browser(browser, tmp_path, case):
    plan, aset = case
    result = apply_set(aset, plan)
    page = tmp_path / "random.html"
    page.write_bytes(html.render_result(plan, result))
    assert load(browser, page) == []
    assert dom_paragraphs(browser, "del") == layout_texts(result.plan)
    assert dom_paragraphs(browser, "ins") == layout_texts(plan)


def test_the_console_check_sees_errors(browser, tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><body><script>console.error("boom")</script>'
        "</body></html>",
        encoding="utf-8",
    )
    assert [e["level"] for e in load(browser, page)] == ["SEVERE"]
