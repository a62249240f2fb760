"""Who wrote every word of an element: its texts replayed from the history index, oldest
first, each word carried by :mod:`editplan.core.blame` from the text it came from.

Only the versions that touched the element are read, and, before a split or a join, those
that touched the element it was split from or the elements joined into it:

- a wording change carries the element's own words from its text before;
- a part split off another element (``+new<old`` in the Change trailers) carries the words of
  the text it was split from; the part that keeps the id carries its own;
- a join (one amendment changes an element's wording and removes others) carries the words of
  the joined texts, one after another;
- a merge that made a wording of its own carries the words of each parent's text, the first
  parent's first;
- the first version's words are its own ("base text"), as are those of an element added.

New words are the version's: of the amendment whose Change trailer names the element; when
several did, each word goes to the amendment whose wording has it (:func:`core.blame.share`,
from the patch files as they were in that version); a version without trailers (an edit made
outside editplan) owns them itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from editplan.core.blame import Assign, Attributed, carry, concatenate, share
from editplan.history.index import Change, HistoryIndex
from editplan.history.trailers import Version

#: Whose the words of the work tree are, where they differ from the last version.
UNCOMMITTED = -1
_JOINED_BY = " "  # between the texts of joined elements, as a join usually words them


@dataclass(frozen=True)
class Origin:
    """What put words there: version ``at`` (a position in the index, or :data:`UNCOMMITTED`)
    and the Change trailer key of its amendment ("53(e)", "lg14:53(a)"); None when the
    version itself did (the first version, or an edit made outside editplan)."""

    at: int
    amendment: str | None = None


@dataclass
class Blamed:
    """An element's words and their origins; ``removed_at``: the version that removed it (its
    words are then those of its last text)."""

    element_id: str
    words: Attributed[Origin]
    removed_at: int | None = None


@dataclass
class _Replay:
    """The texts an element had, oldest first, each with its words' origins."""

    index: HistoryIndex
    wordings: Callable[[int, str], frozenset[str]]
    states: dict[str, list[Attributed[Origin]]] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)

    def find(self, element_id: str, text: str | None) -> Attributed[Origin] | None:
        """The newest state of the element with that text."""
        for state in reversed(self.states.get(element_id, ())):
            if state.text == text:
                return state
        return None

    def latest(self, element_id: str) -> Attributed[Origin] | None:
        found = self.states.get(element_id)
        return found[-1] if found else None


def blame(
    index: HistoryIndex,
    element_id: str,
    text: str | None,
    wordings: Callable[[int, str], frozenset[str]],
) -> Blamed | None:
    """The origin of every word of ``text`` (the element's wording in the work tree; None
    when the element is not there: then its last wording in the history); None when no
    version ever had the element.

    ``wordings(at, amendment)`` gives the words of an amendment's wording in version ``at``,
    asked for only where several amendments of a version changed the element."""
    replay = _Replay(index, wordings)
    limits = _sources(index, element_id)
    steps = sorted({(at, e) for e, limit in limits.items() for at in index.touched.get(e, ())
                    if at < limit})  # fmt: skip
    for at, batch in groupby(steps, key=lambda step: step[0]):
        _replay_version(replay, at, [element for _, element in batch])
    if not replay.states.get(element_id):
        return None
    if text is None:
        removed = replay.removed.get(element_id)
        last = index.change(removed, element_id) if removed is not None else None
        words = replay.find(element_id, last.before) if last is not None else None
        words = words or replay.latest(element_id)
        assert words is not None  # the element had states
        return Blamed(element_id, words, removed)
    words = replay.find(element_id, text)
    if words is None:  # changed in the work tree since the last version
        last = replay.latest(element_id)
        sources = [last] if last is not None else []
        words = carry(text, sources, everything(Origin(UNCOMMITTED)))
    return Blamed(element_id, words)


def _sources(index: HistoryIndex, element_id: str) -> dict[str, int]:
    """The elements whose texts the element's words may come from, each with the position
    before which its versions matter (a split or a join made it part of the element)."""
    limits = {element_id: len(index.versions)}
    queue = [element_id]
    while queue:
        current = queue.pop()
        for at in index.touched.get(current, ()):
            if at >= limits[current]:
                continue
            for other in _fed_by(index.versions[at], current):
                if at > limits.get(other, -1):
                    limits[other] = at
                    queue.append(other)
    return limits


def _fed_by(version: Version, element_id: str) -> list[str]:
    """The other elements whose texts version made part of the element's: the one it was
    split from, or those joined into it."""
    out: list[str] = []
    for touches in version.changes().values():
        mine = [t for t in touches if t.element_id == element_id]
        if not mine:
            continue
        if mine[0].action == "added" and mine[0].split_from:
            out.append(mine[0].split_from)
        elif mine[0].action == "text":
            out += [t.element_id for t in touches if t.action == "removed"]
    return out


def _replay_version(replay: _Replay, at: int, element_ids: Sequence[str]) -> None:
    """Each element's new state in version ``at``, from the states before it (all computed
    before any is recorded: a part split off reads its origin's text before the split)."""
    index = replay.index
    version = index.versions[at]
    new: list[tuple[str, Attributed[Origin] | None]] = []
    for element_id in element_ids:
        change = index.change(at, element_id)
        if change is None or change.action == "renumbered":
            continue
        if change.action == "removed":
            new.append((element_id, None))
            continue
        assert change.after is not None
        sources = _texts_before(replay, at, version, element_id, change)
        new.append((element_id, carry(change.after, sources, _assign(replay, at, element_id))))
    for element_id, state in new:
        if state is None:
            replay.removed[element_id] = at
        else:
            replay.removed.pop(element_id, None)
            replay.states.setdefault(element_id, []).append(state)


def _texts_before(
    replay: _Replay, at: int, version: Version, element_id: str, change: Change
) -> list[Attributed[Origin]]:
    """The attributed texts the element's new words in version ``at`` may come from."""
    index = replay.index
    own = replay.find(element_id, change.before) if change.before is not None else None
    fed = _fed_by(version, element_id)
    sources: list[Attributed[Origin]] = []
    if fed and change.action == "added":  # a part split off: the origin's text before
        origin = index.change(at, fed[0])
        text = origin.before if origin is not None else None
        found = replay.find(fed[0], text) if text is not None else replay.latest(fed[0])
        sources += [found] if found is not None else []
    elif fed:  # a join: the joined texts one after another
        parts = [own] if own is not None else []
        for other in fed:
            gone = index.change(at, other)
            found = replay.find(other, gone.before) if gone is not None else None
            parts += [found] if found is not None else []
        writers = _writers(version, element_id)
        origin_of_join = Origin(at, writers[0] if writers else None)
        return [concatenate(parts, _JOINED_BY, origin_of_join)]
    if own is not None:
        sources.insert(0, own)
    for text in change.others:  # a merge: each other parent's text
        found = replay.find(element_id, text) if text is not None else None
        sources += [found] if found is not None else []
    return sources


def _writers(version: Version, element_id: str) -> list[str]:
    """The Change trailer keys of the amendments that wrote in the element, in their order."""
    return [
        key
        for key, touches in version.changes().items()
        if any(t.element_id == element_id and t.action in ("text", "added") for t in touches)
    ]


def _assign(replay: _Replay, at: int, element_id: str) -> Assign[Origin]:
    """Who owns the new words of the element in version ``at``."""
    keys = _writers(replay.index.versions[at], element_id)
    if len(keys) <= 1:
        return everything(Origin(at, keys[0] if keys else None))
    candidates = [(Origin(at, key), replay.wordings(at, key)) for key in keys]
    return share(candidates, Origin(at, keys[0]))


def everything(origin: Origin) -> Assign[Origin]:
    """An assignment of every new word to ``origin``."""

    def assign(tokens: Sequence[str], new: Sequence[int]) -> list[Origin]:
        return [origin] * len(new)

    return assign
