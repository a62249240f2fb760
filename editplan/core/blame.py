"""Who wrote every word: an element's words, each with the origin that put it there, carried
from version to version by word diffs. Pure: the history layer reads the versions and says
what each origin is.

Words are the tokens of :mod:`editplan.core.textdiff` (words, whitespace runs, punctuation
marks). When an element takes a new text, :func:`carry` diffs each source text (the element's
own text before, the text of the element a part was split from, the joined elements' texts
one after another, each parent of a merge) with the new one: a token that a diff keeps keeps
its origin, the first source's first; every other token is new in that version and takes the
origin that :func:`share` (or the caller) gives it. The origin is any hashable key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from editplan.core.textdiff import diff_words, is_word, tokenize

K = TypeVar("K", bound=Hashable)

#: Given the new text's tokens and the positions of those no source kept, their origins.
Assign = Callable[[Sequence[str], Sequence[int]], list[K]]


@dataclass(frozen=True)
class Attributed(Generic[K]):
    """A text as tokens, each with its origin."""

    tokens: tuple[str, ...]
    origins: tuple[K, ...]

    @property
    def text(self) -> str:
        return "".join(self.tokens)

    def runs(self) -> list[tuple[str, K]]:
        """The text as runs of consecutive tokens of one origin, in order."""
        out: list[tuple[str, K]] = []
        start = 0
        for at in range(1, len(self.tokens) + 1):
            if at == len(self.tokens) or self.origins[at] != self.origins[start]:
                out.append(("".join(self.tokens[start:at]), self.origins[start]))
                start = at
        return out


def fresh(text: str, origin: K) -> Attributed[K]:
    """A text whose every token is new, all of ``origin``."""
    tokens = tuple(tokenize(text))
    return Attributed(tokens, (origin,) * len(tokens))


def concatenate(parts: Sequence[Attributed[K]], separator: str, origin: K) -> Attributed[K]:
    """Texts one after another (the elements a join makes one), ``separator`` between them
    of ``origin`` (the join's: it made them neighbours)."""
    tokens: list[str] = []
    origins: list[K] = []
    between = tuple(tokenize(separator))
    for n, part in enumerate(parts):
        if n:
            tokens += between
            origins += [origin] * len(between)
        tokens += part.tokens
        origins += part.origins
    return Attributed(tuple(tokens), tuple(origins))


def carry(text: str, sources: Sequence[Attributed[K]], assign: Assign[K]) -> Attributed[K]:
    """``text`` with the origins its sources give the tokens their word diffs keep (the first
    source that keeps a token gives it), and ``assign``'s origins for the rest."""
    tokens = tokenize(text)
    found: list[K | None] = [None] * len(tokens)
    for source in sources:
        _keep(source, tokens, found)
    new = [at for at, origin in enumerate(found) if origin is None]
    if new:
        for at, origin in zip(new, assign(tokens, new), strict=True):
            found[at] = origin
    return Attributed(tuple(tokens), tuple(found))  # type: ignore[arg-type]  # all set now


def _keep(source: Attributed[K], tokens: Sequence[str], found: list[K | None]) -> None:
    """Give each token of the new text that the diff from ``source`` keeps its origin there,
    where no earlier source gave one. Diff segments start and end between tokens."""
    old_at = new_at = 0  # token positions in the source and in the new text
    for op, segment in diff_words(source.text, "".join(tokens)):
        size = len(segment)
        if op in ("equal", "delete"):
            start = old_at
            while size > 0:
                size -= len(source.tokens[old_at])
                old_at += 1
            if op == "equal":
                for k in range(start, old_at):
                    if found[new_at] is None:
                        found[new_at] = source.origins[k]
                    new_at += 1
        else:
            while size > 0:
                size -= len(tokens[new_at])
                new_at += 1


def share(
    candidates: Sequence[tuple[K, frozenset[str]]], default: K
) -> Callable[[Sequence[str], Sequence[int]], list[K]]:
    """An :data:`Assign` for a version in which several amendments changed one element:
    each new word goes to the first candidate whose wording has that word (its words as
    ``frozenset``), whitespace, punctuation and words no wording has go with the word before
    them in the same run of new tokens (else the word after), and a run with no word placed
    goes to ``default``."""

    def assign(tokens: Sequence[str], new: Sequence[int]) -> list[K]:
        out: list[K] = []
        for run in _runs(new):
            placed: list[K | None] = [
                next((key for key, words in candidates if tokens[at] in words), None)
                if is_word(tokens[at])
                else None
                for at in run
            ]
            out += _spread(placed, default)
        return out

    return assign


def _runs(positions: Sequence[int]) -> list[list[int]]:
    """Consecutive positions grouped."""
    out: list[list[int]] = []
    for at in positions:
        if out and out[-1][-1] == at - 1:
            out[-1].append(at)
        else:
            out.append([at])
    return out


def _spread(placed: list[K | None], default: K) -> list[K]:
    """Fill each gap with the origin before it, a leading gap with the first one after."""
    first = next((p for p in placed if p is not None), default)
    out: list[K] = []
    last = first
    for p in placed:
        last = p if p is not None else last
        out.append(last)
    return out
