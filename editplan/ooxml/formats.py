"""Run formatting that carries meaning in a text: struck through, underlined, bold.

A run's formatting comes from its own properties (``w:rPr``) over its character style and the
styles that style is based on; an explicit "off" (``w:val="0"``, ``false``, ``none``) wins.
Reports that amend a text mark the words to delete and to insert this way.
"""

from __future__ import annotations

from lxml import etree

from editplan.ooxml.ns import w

STRIKE, UNDERLINE, BOLD = "strike", "underline", "bold"
_TAGS = {w("strike"): STRIKE, w("dstrike"): STRIKE, w("u"): UNDERLINE, w("b"): BOLD}
_OFF = {"0", "false", "off", "none"}


def explicit(rpr: etree._Element | None) -> dict[str, bool]:
    """The formats that run properties switch on (True) or off (False) themselves."""
    out: dict[str, bool] = {}
    if rpr is None:
        return out
    for child in rpr:
        name = _TAGS.get(child.tag)
        if name is None:
            continue
        value = (child.get(w("val")) or "").lower()
        out[name] = out.get(name, False) or value not in _OFF
    return out


def combine(*layers: dict[str, bool]) -> frozenset[str]:
    """The formats in force: each layer (style first, the run last) overrides the one before."""
    state: dict[str, bool] = {}
    for layer in layers:
        state.update(layer)
    return frozenset(name for name, on in state.items() if on)
