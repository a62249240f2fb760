"""Which base element each element of a reviewed document was before the review: by the
bookmark naming its id, else by goal, kind and wording (which differ only where an edit was
made with tracking off)."""

from __future__ import annotations

import difflib
from typing import Any

from editplan.core.model import Plan
from editplan.word.reviews import wording
from editplan.word.reviews.collect import ReviewedDocument


class Alignment:
    """The before-reading's elements (by the importer's positional ids) and the base's ids."""

    def __init__(self, doc: ReviewedDocument, base: Plan) -> None:
        self.doc = doc
        self.base = base
        self.old_to_base: dict[str, str] = {}
        self.base_to_old: dict[str, str] = {}
        self.notes: list[str] = []
        self.by_bookmark = 0
        self.matched = self.total = 0

    def run(self) -> None:
        """Match the elements the document read before the review with the base's elements,
        by unit and kind, then by text (they differ only where edits were not tracked)."""
        before = self.doc.before.plan
        old_units = {tuple(u.goal_ids): u for _, u in before.units()}
        total = matched = 0
        for _, unit in self.base.units():
            old = old_units.get(tuple(unit.goal_ids))
            for kind in ("key_area", "activity"):
                base_items = unit.items(kind)  # type: ignore[arg-type]
                total += len(base_items)
                if old is None:
                    continue
                marked = self._by_bookmark(old.items(kind), base_items)  # type: ignore[arg-type]
                matched += len(marked)
                base_items = [i for i in base_items if i.id not in self.base_to_old]
                old_items = [i for i in old.items(kind) if i.id not in self.old_to_base]  # type: ignore[arg-type]
                a = [i.text for i in base_items]
                b = [i.text for i in old_items]
                matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
                for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                    pairs: list[tuple[int, int]] = []
                    if tag == "equal":
                        pairs = list(zip(range(i1, i2), range(j1, j2), strict=True))
                        matched += len(pairs)
                    elif tag == "replace":
                        for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
                            if wording.similar(a[i], b[j]):
                                pairs.append((i, j))
                                matched += 1
                    for i, j in pairs:
                        self.old_to_base[old_items[j].id] = base_items[i].id
                        self.base_to_old[base_items[i].id] = old_items[j].id
        self.matched, self.total = matched, total
        if total and not self.by_bookmark:
            self.notes.append(
                "the document carries no element ids (it was not written by this version of "
                f"editplan, or its text was pasted into a new file): its elements were matched "
                f"with version {self.base.version!r} by their text"
            )

    def _by_bookmark(self, old_items: list[Any], base_items: list[Any]) -> list[str]:
        """Old items whose paragraph carries the bookmark of one of ``base_items``."""
        ids = {i.id for i in base_items}
        done: list[str] = []
        for item in old_items:
            spot = self.doc.before.items.get(item.id)
            if spot is None:
                continue
            for element in self.doc.before.marks.get(spot.para, []):
                if element in ids and element not in self.base_to_old:
                    self.old_to_base[item.id] = element
                    self.base_to_old[element] = item.id
                    done.append(element)
                    self.by_bookmark += 1
                    break
        return done
