"""The commit message of an application and its ``Editplan-*`` trailers: pure, no git.

The message is written here and read back here: the subject, one line per amendment, the
pending instructions, and the trailers that record the set, its provenance, the content hashes
of base and result, and per amendment the elements it touched. :mod:`editplan.history.git`
runs git and hands the raw fields of each commit to :func:`parse_version`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from editplan.core.changeset import Action, ChangeSet, Touch
from editplan.core.model import Plan, content_hash

TRAILER = "Editplan-"
_REVERTS = re.compile(r"This reverts commit ([0-9a-f]{40})")
# How the Change trailer marks what happened to an element; a bare id is a wording change.
_ACTIONS: dict[str, Action] = {"+": "added", "-": "removed", "~": "moved"}
_PREFIX: dict[str, str] = {action: mark for mark, action in _ACTIONS.items()}


def plan_hash(plan: Plan) -> str:
    """A content hash of a plan (its data, not its file's formatting)."""
    return content_hash(plan)


def commit_message(
    changes: ChangeSet, *, set_path: str, plan_path: str, base: Plan, result: Plan
) -> str:
    """Subject, one line per amendment, pending instructions, then the Editplan-* trailers.

    The ``Editplan-Change`` trailers record, per amendment, the element ids it touched, so
    that ``editplan log`` can follow an element through renumbering and splits without
    re-running anything, and skip the versions that cannot have touched it: a bare id is a
    wording change, ``+id`` an added element (``+new<old`` a part split off ``old``), ``-id``
    a removed one and ``~id`` a moved one.
    """
    lines = [f"Apply {changes.set_id}: {changes.title}", ""]
    for a in changes.applied:
        lines.append(f"- {a.id} {a.op}: {'; '.join(a.targets)}")
    if changes.pending:
        lines.append("")
        lines.append("Pending instructions:")
        lines.extend(f"- {a.id}: {'; '.join(a.targets)}" for a in changes.pending)
    trailers = [
        ("Set", changes.set_id),
        ("Set-File", set_path),
        ("Plan-File", plan_path),
        ("Source", changes.source),
        ("Author", changes.author),
        ("Date", changes.date),
        ("Amendments", ", ".join(a.id for a in changes.applied) or "none"),
    ]
    if changes.pending:
        trailers.append(("Pending", ", ".join(a.id for a in changes.pending)))
    if changes.skipped:
        trailers.append(("Skipped", ", ".join(s.id for s in changes.skipped)))
    trailers += [("Base", plan_hash(base)), ("Result", plan_hash(result))]
    trailers.append(("Version", result.version))
    for a in changes.applied:
        touched = [_token(Touch(c.element_id, c.action, c.split_from)) for c in a.changes]
        trailers.append(("Change", f"{a.id} {' '.join(dict.fromkeys(touched))}"))
    trailers += [("By", f"{key} = {who}") for key, who in _credits(changes)]
    lines.append("")
    lines.extend(f"{TRAILER}{key}: {value}" for key, value in trailers)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class SetPart:
    """One set's share of a version that applies several sets (the text agreed in a round).

    ``same`` pairs an amendment of this set with the "set:amendment" whose identical change
    was applied in its place.
    """

    changes: ChangeSet
    set_path: str
    same: tuple[tuple[str, str], ...] = ()


def round_commit_message(
    parts: Sequence[SetPart], *, plan_path: str, base: Plan, result: Plan
) -> str:
    """The message of a version that applies several sets at once.

    Each per-set trailer (Set, Set-File, Source, Author, Date, Amendments, Pending) is written
    once per set, in set order, so that ``Version.of_set`` can pair them up; Change trailers
    name the amendment as "set:amendment", since amendment ids alone may clash across sets.
    """
    ids = [p.changes.set_id for p in parts]
    names = ", ".join(ids[:-1]) + f" and {ids[-1]}" if len(ids) > 1 else ids[0]
    lines = [f"Apply the agreed amendments of {names}", ""]
    for part in parts:
        c = part.changes
        lines.append(f"{c.set_id}: {c.title}")
        lines.extend(f"- {a.id} {a.op}: {'; '.join(a.targets)}" for a in c.applied)
        lines.extend(f"- {own}: the same change as {other}" for own, other in part.same)
        lines.extend(f"- {a.id} pending: {'; '.join(a.targets)}" for a in c.pending)
        lines.append("")
    trailers: list[tuple[str, str]] = []
    for part in parts:
        c = part.changes
        done = [a.id for a in c.applied] + [own for own, _ in part.same]
        trailers += [
            ("Set", c.set_id),
            ("Set-File", part.set_path),
            ("Source", c.source),
            ("Author", c.author),
            ("Date", c.date),
            ("Amendments", ", ".join(done) or "none"),
            ("Pending", ", ".join(a.id for a in c.pending) or "none"),
        ]
    trailers += [("Plan-File", plan_path), ("Base", plan_hash(base)), ("Result", plan_hash(result))]
    trailers.append(("Version", result.version))
    for part in parts:
        trailers += [("Same", f"{part.changes.set_id}:{own} = {other}") for own, other in part.same]
    for part in parts:
        for a in part.changes.applied:
            touched = [_token(Touch(c.element_id, c.action, c.split_from)) for c in a.changes]
            key = f"{part.changes.set_id}:{a.id}"
            trailers.append(("Change", f"{key} {' '.join(dict.fromkeys(touched))}"))
    for part in parts:
        trailers += [
            ("By", f"{part.changes.set_id}:{key} = {who}") for key, who in _credits(part.changes)
        ]
    lines.extend(f"{TRAILER}{key}: {value}" for key, value in trailers)
    return "\n".join(lines) + "\n"


def _credits(changes: ChangeSet) -> list[tuple[str, str]]:
    """The applied amendments whose words are not the set author's (a reviewer's own change,
    wording drafted or agreed by the meeting), each with whose they are."""
    out = []
    for a in changes.applied:
        who = a.drafted_by or a.author
        if who is not None and who != changes.author:
            out.append((a.id, who))
    return out


def _token(touch: Touch) -> str:
    split = f"<{touch.split_from}" if touch.split_from else ""
    return _PREFIX.get(touch.action, "") + touch.element_id + split


def _touch(token: str) -> Touch:
    new, _, old = token.lstrip("".join(_ACTIONS)).partition("<")
    return Touch(new, _ACTIONS.get(token[0], "text"), old or None)


@dataclass(frozen=True)
class Version:
    """A commit that changed the plan file, with its Editplan-* trailers."""

    sha: str
    date: str
    subject: str
    blob: str | None
    trailers: dict[str, list[str]] = field(default_factory=dict)
    reverts: str | None = None
    parent_blobs: tuple[str | None, ...] = ()  # the plan file in each parent (None: absent)
    merged_in: str | None = None  # the merge that brought it in, when off the first-parent line
    author: str | None = None  # the commit's author (git's), for a version made by hand

    @property
    def is_merge(self) -> bool:
        return len(self.parent_blobs) > 1

    @property
    def short(self) -> str:
        return self.sha[:7]

    def trailer(self, key: str) -> str | None:
        values = self.trailers.get(key)
        return values[0] if values else None

    @property
    def set_id(self) -> str | None:
        return self.trailer("Set")

    @property
    def set_ids(self) -> list[str]:
        """Every set this version applied: one, or several for the text agreed in a round."""
        return list(self.trailers.get("Set", []))

    @property
    def amendments(self) -> list[str]:
        """The ids of the amendments this version applied (of its first set)."""
        return _id_list(self.trailer("Amendments"))

    @property
    def pending(self) -> list[str]:
        """The ids of the instructions this version recorded as pending (of its first set)."""
        return _id_list(self.trailer("Pending"))

    def of_set(self, key: str, set_id: str) -> str | None:
        """A per-set trailer (Amendments, Pending, Author...) of one of this version's sets.

        A version of several sets repeats each per-set trailer once per set, in set order.
        """
        ids = self.set_ids
        if set_id not in ids:
            return None
        values = self.trailers.get(key, [])
        if len(ids) == 1:
            return values[0] if values else None
        at = ids.index(set_id)
        return values[at] if at < len(values) else None

    def amendments_of(self, set_id: str) -> list[str]:
        """The ids of the amendments of set ``set_id`` this version applied."""
        return _id_list(self.of_set("Amendments", set_id))

    def pending_of(self, set_id: str) -> list[str]:
        """The ids of the instructions of set ``set_id`` this version recorded as pending."""
        return _id_list(self.of_set("Pending", set_id))

    def owner(self, amendment: str) -> tuple[str | None, str]:
        """The set and amendment id of a Change trailer's key ("lg14:53(a)" in a version of
        the text agreed in a round, where amendment ids alone could clash; so too when the
        round had one set: then the id after the set's is one the version applied)."""
        ids = self.set_ids
        for set_id in ids:
            if amendment.startswith(f"{set_id}:"):
                own = amendment[len(set_id) + 1 :]
                if len(ids) > 1 or own in self.amendments:
                    return set_id, own
        return self.set_id, amendment

    def amendment_label(self, key: str) -> str:
        """A Change trailer's key as a reader is told it: the amendment's own id where the
        version applied one set ("53(n)"), "set:id" where it applied several."""
        _, own = self.owner(key)
        return own if len(self.set_ids) <= 1 else key

    def credits(self) -> dict[str, str]:
        """Change key -> whose words it applied, where not its set's author (By trailers)."""
        out: dict[str, str] = {}
        for value in self.trailers.get("By", []):
            key, _, who = value.partition(" = ")
            out[key] = who
        return out

    def changes(self) -> dict[str, list[Touch]]:
        """Amendment id -> the elements it touched, from the Change trailers."""
        out: dict[str, list[Touch]] = {}
        for value in self.trailers.get("Change", []):
            amendment, _, rest = value.partition(" ")
            out[amendment] = [_touch(token) for token in rest.split()]
        return out

    def attribution(self) -> dict[str, tuple[str, str | None]]:
        """Element id -> the amendment that touched it first, and its origin if split off."""
        out: dict[str, tuple[str, str | None]] = {}
        for amendment, touches in self.changes().items():
            for touch in touches:
                out.setdefault(touch.element_id, (amendment, touch.split_from))
        return out

    def may_touch(self, element_ids: Iterable[str]) -> bool:
        """False only when the Change trailers prove this version left the elements alone.

        A version without trailers (a hand edit, a revert) or with a structural change (which
        can renumber siblings) may have touched anything.
        """
        if "Change" not in self.trailers:
            return True
        wanted = set(element_ids)
        for touches in self.changes().values():
            for touch in touches:
                if touch.action != "text" or touch.element_id in wanted:
                    return True
        return False


def parse_version(
    sha: str,
    date: str,
    subject: str,
    body: str,
    trailer_text: str,
    blob: str | None,
    parent_blobs: tuple[str | None, ...] = (),
    author: str | None = None,
) -> Version:
    """A version from a commit's fields: its Editplan-* trailers and the commit it reverts."""
    trailers: dict[str, list[str]] = {}
    for line in trailer_text.splitlines():
        key, _, value = line.partition(": ")
        if key.startswith(TRAILER):
            trailers.setdefault(key[len(TRAILER) :], []).append(value.strip())
    reverted = _REVERTS.search(body)
    reverts = reverted.group(1) if reverted else None
    return Version(sha, date, subject, blob, trailers, reverts, parent_blobs, author=author)


def _id_list(value: str | None) -> list[str]:
    return [] if value is None or value == "none" else [v.strip() for v in value.split(",")]
