"""Characters of Word's symbol fonts: the Symbol font's codes as Unicode, and the picture fonts.

Word keeps a character of the Symbol font as its 8-bit code, either in ``w:sym`` or as text
of a run whose font is Symbol (often moved to the private-use area, U+F020-U+F0FF). The
Symbol font's codes are Adobe's Symbol encoding (the Unicode Consortium's mapping table
VENDORS/ADOBE/symbol.txt); a code with no Unicode character there (pieces of large
brackets drawn over several lines, the Apple logo) is None. Picture fonts (Wingdings,
Webdings) draw pictures, not letters: their characters have no text.
"""

from __future__ import annotations

# Adobe Symbol encoding: codes that differ from ASCII, and 0xA0-0xFE.
_DIFFERENT = {
    0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2A: "∗", 0x2D: "−", 0x40: "≅",
    0x5C: "∴", 0x5E: "⊥", 0x7E: "∼",
}  # fmt: skip
_GREEK_UPPER = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ"  # 0x41-0x5A
_GREEK_LOWER = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ"  # 0x61-0x7A
_HIGH = (
    "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓"  # 0xA0-0xAF
    "°±″≥×∝∂•÷≠≡≈…\0\0↵"  # 0xB0-0xBF (0xBD, 0xBE: arrow extenders)
    "ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉"  # 0xC0-0xCF
    "∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓"  # 0xD0-0xDF
    "◊〈®©™∑⎛⎜⎝⎡⎢⎣⎧⎨⎩⎪"  # 0xE0-0xEF
    "\0〉∫⌠⎮⌡⎞⎟⎠⎤⎥⎦⎫⎬⎭"  # 0xF0-0xFE (0xF0: the Apple logo on a Mac)
)
SYMBOL: dict[int, str | None] = {code: chr(code) for code in range(0x20, 0x7F)}
SYMBOL.update(_DIFFERENT)
SYMBOL.update(zip(range(0x41, 0x5B), _GREEK_UPPER, strict=True))
SYMBOL.update(zip(range(0x61, 0x7B), _GREEK_LOWER, strict=True))
SYMBOL[0x60] = None  # the radical extender
SYMBOL.update(
    (code, None if ch == "\0" else ch) for code, ch in zip(range(0xA0, 0xFF), _HIGH, strict=True)
)

# Fonts whose characters are pictures (lower case).
PICTURE_FONTS = frozenset(
    ("wingdings", "wingdings 2", "wingdings 3", "webdings", "zapf dingbats", "zapfdingbats",
     "marlett", "ms outlook", "bookshelf symbol 7", "ms reference specialty")
)  # fmt: skip


def symbol_code(ch: str) -> int | None:
    """The 8-bit code of a character of a symbol font: as is below 0x100, or moved into the
    private-use area (U+F000-U+F0FF) as Word does; None for any other character."""
    value = ord(ch)
    if 0xF000 <= value <= 0xF0FF:
        return value - 0xF000
    return value if value < 0x100 else None


def is_symbol_font(font: str) -> bool:
    return font.strip().lower() == "symbol"


def is_picture_font(font: str) -> bool:
    return font.strip().lower() in PICTURE_FONTS
