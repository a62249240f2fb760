"""The Word and HTML renderers share one interface (core.rendering.Renderer) and draw the same
blocks; the use cases pick one by the output's suffix (usecases.renderers.renderer_for)."""

from __future__ import annotations

import inspect
import io
import zipfile
from types import ModuleType

import pytest
from docx_checks import project, squash
from lxml import etree
from test_html import paragraphs

from editplan.core.applier import apply_set
from editplan.core.rendering import Renderer
from editplan.publish import html
from editplan.usecases.renderers import renderer_for
from editplan.word.documents import writer

MEMBERS = ("render_clean", "render_result", "render_tracked")


@pytest.mark.parametrize("module", [writer, html], ids=["word", "html"])
@pytest.mark.parametrize("name", MEMBERS)
def test_each_renderer_offers_the_interface(module: ModuleType, name: str) -> None:
    """Every parameter of the interface, in order, of the same kind, default and annotation;
    a renderer may add only optional keyword parameters of its own."""
    wanted = list(inspect.signature(getattr(Renderer, name)).parameters.values())[1:]  # no self
    offered = list(inspect.signature(getattr(module, name)).parameters.values())
    assert [p.name for p in offered[: len(wanted)]] == [p.name for p in wanted]
    for got, want in zip(offered, wanted, strict=False):
        assert (got.kind, got.default, got.annotation) == (want.kind, want.default, want.annotation)
    extra = offered[len(wanted) :]
    assert all(p.kind is p.KEYWORD_ONLY and p.default is not p.empty for p in extra), extra
    assert inspect.signature(getattr(module, name)).return_annotation == "bytes"


@pytest.mark.parametrize(
    ("name", "module"),
    [("out/p.html", html), ("P.HTM", html), ("p.docx", writer), ("p.tracked.docx", writer),
     ("no-suffix", writer), ("p.html.docx", writer)],
)  # fmt: skip
def test_the_suffix_chooses_the_renderer(name: str, module: ModuleType) -> None:
    assert renderer_for(name) is module


def test_both_renderers_draw_the_same_paragraphs(lg14_plan, lg14_set) -> None:
    result = apply_set(lg14_set, lg14_plan)
    docx = io.BytesIO(renderer_for("t.docx").render_result(lg14_plan, result))
    page = renderer_for("t.html").render_result(lg14_plan, result)
    accepted = squash(project(_root(docx), "accept"))
    assert accepted == paragraphs(page, "del")
    assert squash(project(_root(docx), "reject")) == paragraphs(page, "ins")
    clean = io.BytesIO(renderer_for("c.docx").render_clean(result.plan))
    assert squash(project(_root(clean), "accept")) == accepted
    assert paragraphs(renderer_for("c.html").render_clean(result.plan), "ins") == accepted
    assert len(accepted) > 40  # the whole plan, not an empty view


def _root(data: io.BytesIO) -> etree._Element:
    with zipfile.ZipFile(data) as package:
        return etree.fromstring(package.read("word/document.xml"))
