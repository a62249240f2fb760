"""The renderer that draws an output file: a web page for .html, else a Word document."""

from __future__ import annotations

from pathlib import Path

from editplan.core.rendering import WEB_SUFFIXES, Renderer


def renderer_for(target: str | Path) -> Renderer:
    """The renderer of ``target``, chosen by its suffix (:data:`WEB_SUFFIXES` draw a web
    page, anything else a .docx); each is imported only when asked for, as it is slow to load."""
    if Path(target).suffix.lower() in WEB_SUFFIXES:
        from editplan.publish import html

        return html
    from editplan.word.documents import writer

    return writer
