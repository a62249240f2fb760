"""The HTML pages, as strings: self-contained, escaped, anchored, headings in order.

What a browser makes of them is tested in test_html_browser.py.
"""

from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, given, settings
from lxml import html as lxml_html
from test_document import plans_and_sets

from editplan.core.applier import apply_set
from editplan.core.layout import clean_layout, tracked_layout
from editplan.core.model import Plan
from editplan.publish import html


def page_of(plan: Plan, aset) -> bytes:
    return html.render_result(plan, apply_set(aset, plan))


def test_lg14_page_is_self_contained_with_anchors_and_notes(lg14_plan, lg14_set):
    data = page_of(lg14_plan, lg14_set)
    text = data.decode()
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert not re.search(r"<script|<link|<img|<iframe|src=|@import|url\(", text)
    assert "http" not in text.lower()
    tree = lxml_html.fromstring(data)
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    for anchor in ("a5.ka1", "lg14.53e.2", "A.1", "A.6-8", "A.6", "lg14.53h", "A"):
        assert tree.get_element_by_id(anchor) is not None
    notes = tree.xpath("//aside")
    assert [n.get("data-amendment") for n in notes] == [
        "53(a)", "53(b)", "53(c)", "53(d)", "53(e)", "53(f)", "53(g)", "53(h)", "53(i)",
        "53(j)", "53(k)", "53(l)", "53(m)", "53(n)", "53(o)",
    ]  # fmt: skip
    # each note sits right before the first paragraph it explains, which links back to it
    e_note = tree.get_element_by_id("note-5")
    assert e_note.getnext().get("id") == "a5.ka1"
    assert e_note.getnext().xpath(".//a[@class='noteref']/@href") == ["#note-5"]
    assert "pending" in tree.get_element_by_id("note-2").get("class")
    marks = tree.xpath("//ins[@data-amendment='53(e)'] | //del[@data-amendment='53(e)']")
    assert marks and all(m.get("datetime") == "2020-04-23" for m in marks)
    levels = [int(h.tag[1]) for h in tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert "@media print" in text


def test_same_inputs_same_bytes(lg14_plan, lg14_set):
    assert page_of(lg14_plan, lg14_set) == page_of(lg14_plan, lg14_set)


def test_a_layout_handed_in_draws_the_same_page(lg14_plan, lg14_set):
    result = apply_set(lg14_set, lg14_plan)
    blocks = tracked_layout(lg14_plan, result.plan)
    assert html.render_result(lg14_plan, result, blocks=blocks) == page_of(lg14_plan, lg14_set)


def test_markup_characters_are_escaped(lg14_plan):
    wording = "Use <script>alert(1)</script> & \"quotes\" 'too'"
    revised = lg14_plan.model_copy(deep=True)
    revised.areas[0].goals[0].key_areas[0].text = wording
    data = html.render_tracked(lg14_plan, revised, [], author="A & <B>", date="2020-01-01")
    assert b"<script>" not in data
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#x27;too&#x27;" in data
    assert b'title="A &amp; &lt;B&gt;, 2020-01-01"' in data
    tree = lxml_html.fromstring(data)
    item = tree.get_element_by_id("a1.ka1")
    assert item.xpath(".//del") and item.xpath(".//ins")
    assert wording in _without(item, "del")


def _without(element, tag: str) -> str:
    copy = lxml_html.fromstring(lxml_html.tostring(element))
    for node in copy.xpath(f".//{tag}"):
        node.drop_tree()
    return " ".join(copy.text_content().split())


def paragraphs(data: bytes, drop: str) -> list[str]:
    """The page's paragraphs as a reader sees them with every ``drop`` element removed."""
    tree = lxml_html.fromstring(data)
    for node in tree.xpath(f"//{drop} | //aside | //a[@class='noteref']"):
        node.drop_tree()
    texts = [" ".join(e.text_content().split()) for e in tree.xpath("//main/*")]
    return [t for t in texts if t]


def layout_texts(blocks, side: str) -> list[str]:
    texts = [" ".join(getattr(b, f"text_{side}").split()) for b in blocks]
    return [t for t in texts if t]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=plans_and_sets())
def test_random_pages_accept_and_reject_exactly(case):
    plan, aset = case
    result = apply_set(aset, plan)
    data = html.render_result(plan, result)
    assert paragraphs(data, "del") == layout_texts(clean_layout(result.plan), "new")
    assert paragraphs(data, "ins") == layout_texts(clean_layout(plan), "old")
    assert paragraphs(html.render_clean(result.plan), "ins") == paragraphs(data, "del")
    assert len(tracked_layout(plan, result.plan)) == len(lxml_html.fromstring(data).xpath(
        "//main/*[not(self::aside)]"
    ))  # fmt: skip
