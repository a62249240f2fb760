"""Word-level diffs of two texts, for writing tracked changes a reviewer can read.

Texts are split into tokens (words, whitespace runs, punctuation marks), each distinct token is
encoded as one character, and diff-match-patch diffs the encoded strings. A change therefore
never starts or ends inside a word, and the character diff stays fast on long texts.

Two implementations of diff-match-patch give the same diffs (see :data:`ENGINE`): its C++ port,
fast-diff-match-patch, installed where a wheel exists for the running Python and used whenever
it imports, and the Python library, installed everywhere. The tokens are encoded as private-use
characters, which neither calls a letter, digit, space or line break: the semantic cleanup
scores boundaries by such classes, which the two define apart (U+001C is a space to Python,
not to C++) and the C++ port takes from the process's locale, so only characters of no class
give the same diffs in both and in every locale.

Tokens (see :func:`tokenize`):

- a *word* is a run of letters, digits and combining marks, with internal hyphens and
  apostrophes joining its parts: "capacity-building", "2021-2030", "Parties’s" and "don't"
  are one token each. A hyphen or apostrophe not between two word characters is punctuation,
  so "Parties'" is the word "Parties" followed by the mark "'". As a consequence,
  "water" -> "drinking-water" is shown as the whole word replaced, never as "drinking-" added.
- a *whitespace run* is a maximal run of whitespace characters (spaces, tabs, newlines,
  non-breaking spaces);
- every other character (punctuation, symbols, "_") is a token of its own.

Tidy form (see :func:`diff_words`): a pure insertion or deletion, i.e. one that is bordered by
unchanged text on both sides, is slid along equivalent positions to the one that starts at a
word and ends after whitespace, or that reaches an edge of the text (among equally tidy
positions, the leftmost). "a b c" -> "a c"
gives ``equal "a ", delete "b ", equal "c"``: the deleted word takes the following space, so
no double space shows. At the end of the text, where no following space exists, it takes the
preceding one: "a b" -> "a" gives ``equal "a", delete " b"``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

try:
    import fast_diff_match_patch
except ImportError:  # no wheel for this Python or machine (see pyproject.toml)
    fast_diff_match_patch = None

Op = Literal["equal", "delete", "insert"]
Segment = tuple[Op, str]
Engine = Literal["fast", "pure"]

#: The implementation :func:`diff_words` uses unless told: "fast" (fast-diff-match-patch, C++,
#: 4 to 5 times faster) whenever it imports, else "pure" (diff-match-patch, Python). Both give
#: the same diffs (tests/test_textdiff.py compares them); a test sets "pure" to run that path.
ENGINE: Engine = "pure" if fast_diff_match_patch is None else "fast"

# Word characters: letters and digits (not "_"), plus common combining-mark blocks so that a
# decomposed accent never splits a word.
_WORD_CHAR = r"(?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])"
# Internal joiners: hyphen-minus, hyphen, non-breaking hyphen, apostrophe, right single quote.
_JOINER = "[-\u2010\u2011'\u2019]"
_TOKEN_RE = re.compile(rf"{_WORD_CHAR}+(?:{_JOINER}{_WORD_CHAR}+)*|\s+|.", re.DOTALL)

_WORD_START_RE = re.compile(_WORD_CHAR)

_OPS: dict[str, Op] = {"=": "equal", "-": "delete", "+": "insert"}
_PURE_CODES = {0: "=", -1: "-", 1: "+"}  # diff-match-patch's (Python) operations

# The private-use areas, first to last, that encode tokens: 137,468 code points. Noncharacters
# (U+FFFFE, U+FFFFF, U+10FFFE, U+10FFFF) are left out.
_PRIVATE_USE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))


def tokenize(text: str) -> list[str]:
    """Split ``text`` into words, whitespace runs and single punctuation marks.

    ``"".join(tokenize(text)) == text`` always holds; the module docstring defines the tokens.
    """
    return _TOKEN_RE.findall(text)


def _code_point(index: int) -> str:
    """Return the character that encodes the token numbered ``index`` (0-based).

    A private-use character: both implementations of diff-match-patch class it as neither
    letter, digit, space nor line break, so their semantic cleanups agree (module docstring).
    """
    for first, last in _PRIVATE_USE:
        if index <= last - first:
            return chr(first + index)
        index -= last - first + 1
    raise ValueError("too many distinct tokens to encode for a word diff")


def _encode(tokens: list[str], table: dict[str, str], decode: dict[str, str]) -> str:
    """Encode ``tokens`` as one character each, extending the shared token tables."""
    for token in dict.fromkeys(tokens):  # new tokens numbered in order of first appearance
        if token not in table:
            char = _code_point(len(table))
            table[token] = char
            decode[char] = token
    return "".join(map(table.__getitem__, tokens))


def is_word(token: str) -> bool:
    """Whether a token of :func:`tokenize` is a word (not whitespace or punctuation)."""
    return _WORD_START_RE.match(token) is not None


def _kind(token: str) -> int:
    """Classify a token: 0 whitespace, 1 word, 2 punctuation."""
    if token.isspace():
        return 0
    return 1 if _WORD_START_RE.match(token) else 2


def _boundary_score(left: str | None, right: str | None) -> int:
    """Score how natural a change boundary is between token ``left`` and token ``right``.

    ``None`` stands for the edge of the text, which scores more than any two boundaries inside
    it: an edit that can reach the start or the end of the text goes there, as amendments
    add at an element's end or start far more often than they repeat its words in the middle
    (" and the Supplementary Protocol" appended after "Protocol" shows as appended). Inside,
    the start of a word or mark after whitespace scores highest, so that changes begin at
    words and end after spaces.
    """
    if left is None or right is None:
        return 7
    left_kind, right_kind = _kind(left), _kind(right)
    if left_kind == 0 and right_kind != 0:
        return 3
    if left_kind == 2 and right_kind == 0:
        return 2
    if left_kind == 1 and right_kind == 0:
        return 1
    return 0


def _best_start(tokens: list[str], start: int, length: int, lo: int, hi: int) -> int:
    """Return the tidiest start for an edit of ``length`` tokens now at ``tokens[start:]``.

    The edit may slide within ``tokens[lo:hi]`` (its own tokens plus the unchanged neighbours)
    to any position that leaves the same text around it: one step left is allowed when the
    token before it equals its last token, one step right when the token after it equals its
    first. Ties keep the leftmost position. Each step is O(1).
    """
    first = start
    while first > lo and tokens[first - 1] == tokens[first + length - 1]:
        first -= 1
    best, best_score = start, -1
    pos = first
    while True:
        stop = pos + length
        left = tokens[pos - 1] if pos > 0 else None
        right = tokens[stop] if stop < len(tokens) else None
        score = _boundary_score(left, tokens[pos]) + _boundary_score(tokens[stop - 1], right)
        if score > best_score:
            best, best_score = pos, score
        if stop < hi and tokens[pos] == tokens[stop]:
            pos += 1
        else:
            return best


def _canonical(segments: list[Segment]) -> list[Segment]:
    """Merge segments so that between two equalities there is at most one delete, then insert.

    Empty segments are dropped and adjacent equalities joined, which is what callers rely on.
    """
    out: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(("delete", "".join(deleted)))
            deleted.clear()
        if inserted:
            out.append(("insert", "".join(inserted)))
            inserted.clear()

    for op, text in segments:
        if not text:
            continue
        if op == "delete":
            deleted.append(text)
        elif op == "insert":
            inserted.append(text)
        else:
            flush()
            if out and out[-1][0] == "equal":
                out[-1] = ("equal", out[-1][1] + text)
            else:
                out.append(("equal", text))
    flush()
    return out


def _tidy(ops: list[Op], segments: list[list[str]]) -> list[Segment]:
    """Slide each pure insertion or deletion to its tidiest position (see module docstring).

    ``segments`` holds the tokens of each segment. A pure edit is a delete or insert segment
    whose neighbours are equalities or the edges of the text.
    """
    # Pad with empty equalities so that every edit has an equal neighbour on both sides.
    ops = ["equal", *ops, "equal"]
    segments = [[], *segments, []]
    for i in range(1, len(ops) - 1):
        if ops[i] == "equal" or ops[i - 1] != "equal" or ops[i + 1] != "equal":
            continue
        before, edit, after = segments[i - 1], segments[i], segments[i + 1]
        tokens = before + edit + after
        # Next to another edit, keep at least one unchanged token between the two.
        lo = 0 if i == 1 else 1
        hi = len(tokens) if i == len(ops) - 2 else len(tokens) - 1
        start = _best_start(tokens, len(before), len(edit), lo, hi)
        if start != len(before):
            stop = start + len(edit)
            segments[i - 1], segments[i], segments[i + 1] = (
                tokens[:start],
                tokens[start:stop],
                tokens[stop:],
            )
    return _canonical([(op, "".join(toks)) for op, toks in zip(ops, segments, strict=True)])


def diff_words(old: str, new: str, engine: Engine | None = None) -> list[Segment]:
    """Return the word-level diff of ``old`` and ``new`` as ``(op, text)`` segments.

    ``op`` is "equal", "delete" or "insert"; equal+delete texts concatenate to ``old`` and
    equal+insert texts to ``new``. Adjacent segments never share an op, a replacement is a
    delete followed by an insert, and an empty diff (both texts empty) is ``[]``. ``engine``
    chooses the implementation (default :data:`ENGINE`); both give the same segments.
    """
    if old == new:
        return [("equal", old)] if old else []
    return list(_diff_words(old, new, engine or ENGINE))


def char_edits(engine: Engine, old: str, new: str) -> list[tuple[str, int]]:
    """Diff two strings character by character and clean the diff up semantically.

    Returns diff-match-patch's edits as ``(code, length)`` pairs, code "=", "-" or "+", from
    the implementation named by ``engine``. No time limit: any limit silently degrades to
    "delete all, insert all" on large texts.
    """
    if engine == "fast":
        if fast_diff_match_patch is None:
            raise ModuleNotFoundError("fast-diff-match-patch is not installed")
        return fast_diff_match_patch.diff(
            old, new, timelimit=0, checklines=False, cleanup="Semantic", counts_only=True
        )
    from diff_match_patch import diff_match_patch  # imported only where it is used

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(old, new, False)
    dmp.diff_cleanupSemantic(diffs)
    return [(_PURE_CODES[op], len(text)) for op, text in diffs]


# The tracked .docx and the tracked web page of one application diff the same texts.
@lru_cache(maxsize=16_384)
def _diff_words(old: str, new: str, engine: Engine) -> tuple[Segment, ...]:
    table: dict[str, str] = {}
    decode: dict[str, str] = {}
    enc_old = _encode(tokenize(old), table, decode)
    enc_new = _encode(tokenize(new), table, decode)

    ops: list[Op] = []
    token_lists: list[list[str]] = []
    at_old = at_new = 0
    for code, count in char_edits(engine, enc_old, enc_new):
        if not count:
            continue
        if code == "+":
            chars = enc_new[at_new : at_new + count]
            at_new += count
        else:
            chars = enc_old[at_old : at_old + count]
            at_old += count
            at_new += count if code == "=" else 0
        op = _OPS[code]
        tokens = list(map(decode.__getitem__, chars))
        if ops and ops[-1] == op:
            token_lists[-1].extend(tokens)
        else:
            ops.append(op)
            token_lists.append(tokens)
    return tuple(_tidy(ops, token_lists))
