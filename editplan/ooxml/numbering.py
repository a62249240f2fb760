"""Word list numbers as Word displays them, for reading drafts and reports in .docx.

Both ``extract`` (reports) and ``importer`` (plan drafts) meet paragraphs that Word numbers
itself, so the number is not in the text; they rebuild it from numbering.xml with this.
"""

from __future__ import annotations

from editplan.core.model import to_roman


def format_number(fmt: str, n: int) -> str:
    """The ``n``-th number of a Word list level whose ``w:numFmt`` is ``fmt``: 4 -> "iv"."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and n > 0:
        roman = to_roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)
