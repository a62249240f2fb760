"""Generated plan histories for ``blame``, and an independent replay of who wrote each character.

:func:`generate` makes a random history, version after version: sets of amendments (rephrase,
replace, insert, delete, split, join, move, add, remove; sometimes two amendments on one
element, sometimes several sets in one version, sometimes wording agreed "as orally amended"),
each committed as ``editplan apply`` commits it (the message written by
:mod:`editplan.history.trailers`, the patch file beside the plan), and versions edited by hand
(no trailers). It is written with ``git fast-import``.

While it generates, it keeps for every element the origin of each *character* of its wording,
from what it did (not from git, trailers or the index): the straightforward replay that
``blame``'s answers are checked against. The rules are blame's own (README, History): a
character the word diff from its source keeps keeps its origin; the source is the element's
own wording, the wording it was split from, or the joined wordings one after another (a space
between, the join's); a new word belongs to the amendment that wrote it, and whitespace and
punctuation (and words no amendment wrote) to the word before them in the same new run, else
the word after.
"""

from __future__ import annotations

import json
import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from editplan.core.changeset import AppliedAmendment, ChangeSet, ElementChange
from editplan.core.model import Plan
from editplan.core.textdiff import diff_words, is_word, tokenize
from editplan.history.trailers import SetPart, commit_message, round_commit_message

PLAN = "plans/plan.yaml"
BASE_WORDS = ["build", "national", "capacity", "for", "risk", "assessment", "and", "data"]
Origin = tuple[int, str | None, str | None]  # version number, set, amendment (None: no amendment)
KINDS = ("key_areas", "activities")


@dataclass
class Item:
    id: str
    text: str
    origins: list[Origin]  # one per character


@dataclass
class Amendment:
    set_id: str
    id: str
    op: str
    wording: dict[str, object] = field(default_factory=dict)  # what the patch file says
    touches: list[ElementChange] = field(default_factory=list)
    fresh: set[str] = field(default_factory=set)  # the words it wrote


@dataclass
class History:
    """The generated history: per version its sha (after import), and the final state."""

    repo: Path
    goals: dict[str, dict[str, list[Item]]]
    removed: dict[str, Item]  # elements removed, with their last wording's origins
    shas: list[str] = field(default_factory=list)
    generator: Generator | None = None


class State:
    """The plan as the generator keeps it: goals of key areas and activities, each element
    with its wording and the origin of each character; and the elements removed."""

    def __init__(self) -> None:
        self.version = 0
        self.goals: dict[str, dict[str, list[Item]]] = {}
        self.removed: dict[str, Item] = {}

    def places(self) -> dict[str, tuple[str, str, int]]:
        return {
            item.id: (goal, kind, n)
            for goal, kinds in self.goals.items()
            for kind in KINDS
            for n, item in enumerate(kinds[kind])
        }

    def item(self, element_id: str) -> Item:
        goal, kind, n = self.places()[element_id]
        return self.goals[goal][kind][n]

    def plan(self) -> Plan:
        return Plan.model_validate(self.plan_data())

    def plan_data(self) -> dict[str, object]:
        goals = [
            {"id": goal, "title": f"Goal {goal}",
             **{kind: [{"id": i.id, "text": i.text} for i in kinds[kind]] for kind in KINDS}}
            for goal, kinds in self.goals.items()
        ]  # fmt: skip
        return {"id": "gen", "title": "Generated", "version": f"v{self.version}",
                "areas": [{"id": "A", "title": "Area A", "goals": goals}]}  # fmt: skip

    def _take(self, element_id: str) -> Item:
        goal, kind, n = self.places()[element_id]
        item = self.goals[goal][kind].pop(n)
        self.removed[item.id] = item
        return item

    def _free(self, busy: set[str]) -> list[str]:
        return [e for e in self.places() if e not in busy]


class Generator(State):
    """A random history, version after version (see the module's docstring)."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.rng = random.Random(seed)
        self.fresh_no = 0
        self.stream: list[bytes] = []
        for g in range(1, 4):
            self.goals[f"A.{g}"] = {
                kind: [self._base(f"g{g}{kind[0]}{n}") for n in range(1, self.rng.randint(3, 5))]
                for kind in KINDS
            }

    # --- texts ------------------------------------------------------------------------------

    def _base(self, element_id: str) -> Item:
        text = " ".join(self.rng.choice(BASE_WORDS) for _ in range(self.rng.randint(3, 7)))
        return Item(element_id, text.capitalize(), [(0, None, None)] * len(text))

    def _fresh(self, amendment: Amendment | None) -> str:
        self.fresh_no += 1
        word = f"w{self.version}x{self.fresh_no}"
        if amendment is not None:
            amendment.fresh.add(word)
        return word

    def _reword(self, text: str, amendment: Amendment | None) -> str:
        """Keep some of the words, drop some, add fresh ones, with a comma now and then."""
        words = text.split()
        out: list[str] = []
        for word in words:
            roll = self.rng.random()
            if roll < 0.2:
                continue
            if roll < 0.4:
                out.append(self._fresh(amendment))
            out.append(word)
        if self.rng.random() < 0.5 or not out:
            out.append(self._fresh(amendment))
        if len(out) > 2 and self.rng.random() < 0.3:
            out[1] += ","
        return " ".join(out)

    def _carry(
        self, source: Item | None, text: str, writers: list[Amendment], own: Origin
    ) -> list[Origin]:
        return replay(source, text, writers, own, self.version)

    # --- one version ------------------------------------------------------------------------

    def step(self) -> None:
        """One more version: by hand (a fifth of them), else one to three sets' amendments."""
        self.version += 1
        base = self.plan()
        if self.rng.random() < 0.2:
            self._by_hand()
            commit(self, f"Edit v{self.version} by hand\n", [])
            return
        sets = [f"s{self.version}", f"t{self.version}"][: 2 if self.rng.random() < 0.2 else 1]
        amendments: list[Amendment] = []
        busy: set[str] = set()  # each element is touched by one amendment (or a double edit)
        for set_id in sets:
            for n in range(self.rng.randint(1, 3)):
                amendments += self._amend(Amendment(set_id, f"{n + 1}({set_id})", ""), busy)
        amendments = [a for a in amendments if a.touches]
        if not amendments:
            self.version -= 1
            return
        commit(self, message(self, sets, amendments, base), set_files(sets, amendments))

    def _by_hand(self) -> None:
        own: Origin = (self.version, None, None)
        ids = list(self.places())
        edited = self.rng.sample(ids, min(2, len(ids)))
        for element_id in edited:
            item = self.item(element_id)
            text = self._reword(item.text, None)
            item.origins = self._carry(item, text, [], own)
            item.text = text
        roll = self.rng.random()
        if roll < 0.3:
            goal = self.rng.choice(list(self.goals))
            new = Item(f"h{self.version}", "", [])
            new.text = self._reword("new words", None)
            new.origins = [own] * len(new.text)
            self.goals[goal]["activities"].insert(0, new)
        elif roll < 0.5 and len(ids) > 6:  # (the wording an element had when removed is kept)
            self._take(self.rng.choice([e for e in ids if e not in edited]))

    # --- amendments -------------------------------------------------------------------------

    def _amend(self, a: Amendment, busy: set[str]) -> list[Amendment]:
        """Apply one random amendment (or two on one element); [] if none could be made."""
        free = self._free(busy)
        if not free:
            return []
        e = self.rng.choice(free)
        item = self.item(e)
        op = self.rng.choice(["rephrase", "replace", "insert", "delete", "double", "split",
                              "join", "move", "add", "remove"])  # fmt: skip
        a.op = op
        done = [a]
        if op in ("rephrase", "replace", "insert", "delete", "double"):
            done = self._edit(a, item, op)
        elif op == "split" and len(item.text.split()) >= 3:
            self._split(a, item)
        elif op == "join":
            if not self._join(a, item, busy):
                return []
        elif op == "move":
            self._move(a, e)
        elif op == "add":
            self._add(a)
        elif op == "remove" and len(self.places()) > 6:
            self._take(e)
            a.touches.append(_change(e, "removed"))
        else:
            return []
        busy.update(t.element_id for x in done for t in x.touches)
        return done

    def _edit(self, a: Amendment, item: Item, op: str) -> list[Amendment]:
        words = item.text.split()
        writers = [a]
        if op == "rephrase":
            text = self._reword(item.text, a)
            a.wording = {"text": text}
            if self.rng.random() < 0.4:  # agreed as orally amended: the meeting's wording
                a.wording = {"text": f"proposed {self.version}", "status": "agreed",
                             "decision": {"text": text, "by": "the meeting"}}  # fmt: skip
        elif op == "delete" and len(words) >= 3:
            gone = words.pop(self.rng.randrange(len(words)))
            a.wording = {"phrase": gone}
            text = " ".join(words)
        elif op in ("replace", "double"):
            at = self.rng.randrange(len(words))
            old, words[at] = words[at], self._fresh(a)
            a.wording = {"phrase": old, "by": words[at]}
            if op == "double":  # a second amendment inserts a word in the same element
                b = Amendment(a.set_id, a.id + "b", "insert")
                word = self._fresh(b)
                words.insert(self.rng.randrange(len(words) + 1), word)
                b.wording = {"text": word, "position": "end"}
                writers.append(b)
            text = " ".join(words)
        else:  # insert (or a delete that would leave too few words)
            op = "insert"
            word = self._fresh(a)
            words.insert(self.rng.randrange(len(words) + 1), word)
            a.wording = {"text": word, "position": "end"}
            text = " ".join(words)
        a.op = "replace" if op == "double" else op
        if text == item.text:
            return []
        item.origins = self._carry(item, text, writers, (0, None, None))
        item.text = text
        for w in writers:
            w.touches.append(_change(item.id, "text"))
        return writers

    def _split(self, a: Amendment, item: Item) -> None:
        words = item.text.split()
        k = self.rng.randint(1, len(words) - 1)
        parts = [" ".join(words[:k]), " ".join(words[k:])]
        if self.rng.random() < 0.5:
            parts[1] = f"{parts[1]} {self._fresh(a)}"
        if self.rng.random() < 0.5:
            parts[0] = f"{self._fresh(a)} {parts[0]}"
        new = Item(f"{item.id}.s{self.version}", parts[1], [])
        new.origins = self._carry(item, parts[1], [a], (0, None, None))
        item.origins = self._carry(item, parts[0], [a], (0, None, None))
        item.text = parts[0]
        goal, kind, n = self.places()[item.id]
        self.goals[goal][kind].insert(n + 1, new)
        a.wording = {"into": parts}
        a.touches += [_change(item.id, "text"), _change(new.id, "added", item.id)]

    def _join(self, a: Amendment, item: Item, busy: set[str]) -> bool:
        goal, kind, n = self.places()[item.id]
        siblings = self.goals[goal][kind]
        if n + 1 >= len(siblings) or siblings[n + 1].id in busy:
            return False
        other = siblings[n + 1]
        text = f"{item.text} {other.text} {self._fresh(a)}"
        joined = Item(item.id, f"{item.text} {other.text}", [])
        joined.origins = [*item.origins, _origin(self.version, a), *other.origins]
        item.origins = self._carry(joined, text, [a], (0, None, None))
        item.text = text
        self._take(other.id)
        a.wording = {"text": text}
        a.touches += [_change(item.id, "text"), _change(other.id, "removed")]
        return True

    def _move(self, a: Amendment, element_id: str) -> None:
        goal, kind, n = self.places()[element_id]
        item = self.goals[goal][kind].pop(n)
        to = self.rng.choice(list(self.goals))
        self.goals[to][kind].insert(self.rng.randint(0, len(self.goals[to][kind])), item)
        a.wording = {"position": "start", "to": to}
        a.touches.append(_change(element_id, "moved"))

    def _add(self, a: Amendment) -> None:
        text = " ".join(self._fresh(a) for _ in range(self.rng.randint(2, 4)))
        new = Item(f"n{self.version}x{self.fresh_no}", text, [_origin(self.version, a)] * len(text))
        goal = self.rng.choice(list(self.goals))
        kind = self.rng.choice(KINDS)
        self.goals[goal][kind].insert(self.rng.randint(0, len(self.goals[goal][kind])), new)
        a.wording = {"text": text, "kind": kind}
        a.touches.append(_change(new.id, "added"))


# --- commits, as apply makes them -----------------------------------------------------------


def message(gen: Generator, sets: list[str], amendments: list[Amendment], base: Plan) -> str:
    result = gen.plan()
    parts = []
    for set_id in sets:
        applied = tuple(
            AppliedAmendment(a.id, a.op, ("#x",), ("x",), None, None, changes=tuple(a.touches))
            for a in amendments
            if a.set_id == set_id
        )
        changes = ChangeSet(set_id, f"Set {set_id}", f"Body {set_id}", "2020-01-01",
                            f"DOC/{set_id}", base.version, result.version, applied,
                            (), (), ())  # fmt: skip
        parts.append(SetPart(changes, f"amendments/{set_id}.yaml"))
    if len(parts) == 1:
        return commit_message(parts[0].changes, set_path=parts[0].set_path, plan_path=PLAN,
                              base=base, result=result)  # fmt: skip
    return round_commit_message(parts, plan_path=PLAN, base=base, result=result)


def set_files(sets: list[str], amendments: list[Amendment]) -> list[tuple[str, str]]:
    files = []
    for set_id in sets:
        listed = []
        for a in amendments:
            if a.set_id == set_id:
                entry: dict[str, object] = {"id": a.id, "op": a.op, "target": "#x", **a.wording}
                if a.id.startswith("2"):  # a reviewer's own change in a collected set
                    entry["author"] = f"Reviewer {a.id}"
                listed.append(entry)
        data = {"id": set_id, "title": f"Set {set_id}", "author": f"Body {set_id}",
                "amendments": listed}  # fmt: skip
        files.append((f"amendments/{set_id}.yaml", json.dumps(data, indent=1)))
    return files


def commit(gen: Generator, message: str, files: list[tuple[str, str]]) -> None:
    plan = json.dumps(gen.plan_data(), indent=1, ensure_ascii=False) + "\n"
    by_hand = not files and gen.version
    who = "Hand Editor <hand@localhost>" if by_hand else "Gen <gen@localhost>"
    raw = message.encode()
    gen.stream += [b"commit refs/heads/main\n",
                    f"author {who} {1_600_000_000 + gen.version * 60} +0000\n".encode(),
                    f"committer {who} {1_600_000_000 + gen.version * 60} +0000\n".encode(),
                    b"data %d\n" % len(raw), raw]  # fmt: skip
    for path, text in [(PLAN, plan), *files]:
        data = text.encode()
        gen.stream += [f"M 100644 inline {path}\n".encode(), b"data %d\n" % len(data), data]
    gen.stream.append(b"\n")


def _change(element_id: str, action: str, split_from: str | None = None) -> ElementChange:
    return ElementChange(element_id, "key_area", action, None, None, None, None,  # type: ignore[arg-type]
                         split_from)  # fmt: skip


def _origin(version: int, amendment: Amendment) -> Origin:
    return (version, amendment.set_id, amendment.id)


# --- the element replay (the oracle) --------------------------------------------------------


def replay(
    source: Item | None, text: str, writers: list[Amendment], own: Origin, version: int
) -> list[Origin]:
    """The origins of ``text``'s characters, from ``source``'s by the word diff; the new ones
    are the ``writers``' of ``version`` (``own`` when none wrote: an edit by hand)."""
    old_text = source.text if source else ""
    old = source.origins if source else []
    out: list[Origin] = []
    at = 0
    for op, segment in diff_words(old_text, text):
        if op == "equal":
            out += old[at : at + len(segment)]
        if op == "insert":
            out += _new_run(segment, writers, own, version)
        if op != "insert":
            at += len(segment)
    assert len(out) == len(text)
    return out


def _new_run(segment: str, writers: list[Amendment], own: Origin, version: int) -> list[Origin]:
    tokens = tokenize(segment)
    placed: list[Origin | None] = []
    for token in tokens:
        writer = None
        if len(writers) == 1:
            writer = writers[0]
        elif is_word(token):
            writer = next((w for w in writers if token in w.fresh), None)
        placed.append(_origin(version, writer) if writer else None)
    default = _origin(version, writers[0]) if writers else own
    first = next((p for p in placed if p is not None), default)
    out: list[Origin] = []
    last = first
    for token, p in zip(tokens, placed, strict=True):
        last = p if p is not None else last
        out += [last] * len(token)
    return out


def generate(folder: Path, seed: int, versions: int) -> History:
    """A repository in ``folder`` whose plan file has about ``versions`` versions."""
    gen = Generator(seed)
    commit(gen, "Start the plan\n", [])
    while gen.version < versions:
        gen.step()
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=b"".join(gen.stream),
                   check=True)  # fmt: skip
    subprocess.run(["git", "checkout", "-q", "main"], cwd=folder, check=True)
    shas = subprocess.run(["git", "rev-list", "--reverse", "main"], cwd=folder, check=True,
                          capture_output=True, text=True).stdout.split()  # fmt: skip
    history = History(folder, gen.goals, gen.removed, shas, gen)
    assert len(shas) == gen.version + 1
    return history


def expected(item: Item) -> list[Origin]:
    """The oracle's origin of each character of the element's wording."""
    return item.origins


def blamed(element: object, shas: list[str]) -> list[Origin]:
    """The origin ``blame`` gives each character, in the oracle's terms ((-1, None, None):
    not committed)."""
    number = {sha: n for n, sha in enumerate(shas)}
    out: list[Origin] = []
    for run in element.runs:  # type: ignore[attr-defined]
        source = element.sources[run.source]  # type: ignore[attr-defined]
        if source.kind == "uncommitted":
            origin: Origin = (-1, None, None)
        else:
            origin = (number[source.commit], source.set_id if source.amendment else None,
                      source.amendment)  # fmt: skip
        out += [origin] * len(run.text)
    return out


__all__ = ["PLAN", "Generator", "History", "blamed", "expected", "generate"]
