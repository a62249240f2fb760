"""The text of a paragraph's runs, and what of it cannot be read as text, in a few words.

Word keeps text in more places than runs of ``w:t``: symbol characters (``w:sym``, or runs in
the Symbol font), emoji behind ``mc:AlternateContent``, phonetic guides, equations, and text
inside drawings (text boxes, SmartArt, WordArt, charts). Each is read into the text or named
as a loss, never dropped silently. The walker and the revision stream read runs through the
one :class:`TextReader`, so both read the same text.
"""

from __future__ import annotations

import re

from lxml import etree

from editplan.ooxml.ns import w
from editplan.ooxml.styles import Styles
from editplan.ooxml.symbols import SYMBOL, is_picture_font, is_symbol_font, symbol_code

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_W16SE = "http://schemas.microsoft.com/office/word/2015/wordml/symex"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_VML = "urn:schemas-microsoft-com:vml"
_GRAPHICS = {
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": "a SmartArt diagram",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "a chart",
    "http://schemas.microsoft.com/office/drawing/2014/chartex": "a chart",
}
_RUN_TEXT = {
    w("tab"): "\t",
    w("ptab"): "\t",
    w("cr"): "\n",
    w("noBreakHyphen"): "-",
}
INLINE_CONTAINERS = frozenset(
    w(name)
    for name in ("hyperlink", "smartTag", "fldSimple", "customXml", "ins", "moveTo", "dir", "bdo")
)
_NOTE_REFERENCES = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote"}
# Where symbol fonts' codes sit when Word keeps them as text: the private-use U+F000-U+F0FF.
_PRIVATE = re.compile("[\uf000-\uf0ff]")
_DRAWINGS = frozenset((w("drawing"), w("pict"), w("object"), f"{{{MC}}}AlternateContent"))


class TextReader:
    """Collects a paragraph's text in order, and the reasons for anything it cannot read; with
    the document's ``styles``, also where its runs are struck through, underlined or bold
    (``formats``: start, end and formats of each such stretch of the text)."""

    def __init__(self, styles: Styles | None = None) -> None:
        self.parts: list[str] = []
        self.losses: list[str] = []
        self.styles = styles
        self.formats: list[tuple[int, int, frozenset[str]]] = []
        self.length = 0

    def inline(self, node: etree._Element) -> None:
        """Runs and the containers that hold runs, in document order."""
        for child in node:
            tag = child.tag
            if tag == w("r"):
                self.run(child)
            elif tag in INLINE_CONTAINERS:
                self.inline(child)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.inline(content)
            elif tag == f"{{{MC}}}AlternateContent":
                self.inline(_alternative(child, w("r")))
            elif tag in (f"{{{MATH}}}oMath", f"{{{MATH}}}oMathPara"):
                self.equation(child)

    def run(self, r: etree._Element) -> None:
        start = len(self.parts)
        self._run(r)
        if self.styles is None:
            return
        added = sum(len(part) for part in self.parts[start:])
        found = self.styles.run_format(r.find(w("rPr")))
        if found and added:
            self.formats.append((self.length, self.length + added, found))
        self.length += added

    def _run(self, r: etree._Element) -> None:
        font = _font(r)
        for piece in r:
            tag = piece.tag
            if tag == w("t"):
                self.text(piece.text or "", font)
            elif tag == w("br"):
                if piece.get(w("type"), "textWrapping") == "textWrapping":
                    self.parts.append("\n")
            elif tag in _RUN_TEXT:
                self.parts.append(_RUN_TEXT[tag])
            elif tag == w("sym"):
                self.symbol(piece.get(w("font"), ""), piece.get(w("char"), ""))
            elif tag == f"{{{_W16SE}}}symEx":
                self.symbol("", piece.get(f"{{{_W16SE}}}char", ""))
            elif tag in _DRAWINGS and self.graphic(piece):
                continue
            elif tag == f"{{{MC}}}AlternateContent":
                self._run(_alternative(piece, w("t")))
            elif tag == w("ruby"):
                self.ruby(piece)
            elif tag in _NOTE_REFERENCES:
                kind = _NOTE_REFERENCES[tag]
                self.losses.append(f"a {kind} reference: the {kind}'s text is not read")

    def text(self, text: str, font: str) -> None:
        """A run's text; in the Symbol font its codes are read as the characters they show,
        in a picture font (Wingdings) they are pictures, named as a loss."""
        text = text.replace("\uf020", " ")  # a symbol font's space
        if not text.strip():
            self.parts.append(text)
        elif is_symbol_font(font):
            self.parts.append("".join(self._symbol_char(ch, font) for ch in text))
        elif is_picture_font(font) or _PRIVATE.search(text):
            if _PRIVATE.search(text):
                shown = "codes " + " ".join(f"{ord(ch):04X}" for ch in text[:8])
                shown += " ..." if len(text) > 8 else ""
            else:
                shown = repr(text if len(text) <= 40 else text[:37] + "...")
            self.losses.append(
                f"characters of the font {font or 'unknown'} ({shown}), which draw "
                "pictures, not text"
            )
        else:
            self.parts.append(text)

    def _symbol_char(self, ch: str, font: str) -> str:
        code = symbol_code(ch)
        if code is None:
            return ch  # a Unicode character typed in the Symbol font: read as it is
        mapped = SYMBOL.get(code)
        if mapped is None:
            self.losses.append(
                f"a character of the font {font} (code {code:02X}) that has no Unicode character"
            )
            return ""
        return mapped

    def symbol(self, font: str, code: str) -> None:
        """A w:sym character. Symbol fonts use the private range F000-F0FF for their 8-bit
        codes: the Symbol font's are mapped to Unicode; other fonts' (Wingdings...) are
        pictures with no text, said as a loss."""
        try:
            value = int(code, 16) if code.isascii() and code.isalnum() else -1
        except ValueError:
            value = -1
        if value < 0:
            self.losses.append(f"a symbol with an unreadable code {code!r}")
            return
        if (is_symbol_font(font) and value <= 0xFF) or 0xF000 <= value <= 0xF0FF:
            if not is_symbol_font(font):
                self.losses.append(f"a symbol of the font {font or 'unknown'} (code {code})")
                return
            self.parts.append(self._symbol_char(chr(value), font))
        elif 0 < value < 0x110000 and not 0xD800 <= value < 0xE000:
            self.parts.append(chr(value))
        else:
            self.losses.append(f"a symbol with an unreadable code {code!r}")

    def graphic(self, piece: etree._Element) -> bool:
        """Text inside a drawing, a VML picture or an embedded object: named as a loss (True
        if there was any)."""
        found = False
        if piece.tag == f"{{{MC}}}AlternateContent":
            piece = _alternative(piece, "")  # one branch: the fallback repeats the choice
        if piece.find(f".//{w('txbxContent')}") is not None:
            self.losses.append("a text box: its text is not read")
            found = True
        uris = {g.get("uri", "") for g in piece.iter(f"{{{_A}}}graphicData")}
        for uri, what in _GRAPHICS.items():
            if uri in uris and f"{what}: its text is not read" not in self.losses:
                self.losses.append(f"{what}: its text is not read")
                found = True
        for path in piece.iter(f"{{{_VML}}}textpath"):
            words = " ".join((path.get("string") or "").split())
            if words:
                self.losses.append(f"WordArt {words!r}: its text is not read")
                found = True
        return found

    def ruby(self, ruby: etree._Element) -> None:
        """Phonetic guides: the base text is read; the guide above it is not part of the text."""
        base = ruby.find(w("rubyBase"))
        guide = ruby.find(w("rt"))
        if base is not None:
            self.inline(base)
        if guide is not None:
            text = "".join(t.text or "" for t in guide.iter(w("t")))
            self.losses.append(f"a phonetic guide {text!r} over the text is not kept")

    def equation(self, math: etree._Element) -> None:
        """An equation's characters stay in the sentence; its layout (fractions, scripts) goes."""
        text = "".join(t.text or "" for t in math.iter(f"{{{MATH}}}t"))
        self.parts.append(text)
        self.length += len(text)
        self.losses.append(f"an equation, read as its characters {text!r} without its layout")


def _font(r: etree._Element) -> str:
    """The font a run names for its characters (w:ascii, else w:hAnsi), or ""."""
    rpr = r.find(w("rPr"))
    fonts = None if rpr is None else rpr.find(w("rFonts"))
    if fonts is None:
        return ""
    return fonts.get(w("ascii")) or fonts.get(w("hAnsi")) or ""


def _alternative(node: etree._Element, wanted: str) -> etree._Element:
    """The branch of mc:AlternateContent to read: the first that holds ``wanted`` elements
    (Word puts an emoji's plain character in the fallback), else the first choice."""
    branches = [*node.iter(f"{{{MC}}}Choice"), *node.iter(f"{{{MC}}}Fallback")]
    for branch in branches if wanted else ():
        if branch.find(f".//{wanted}") is not None or branch.find(wanted) is not None:
            return branch
    return branches[0] if branches else node
