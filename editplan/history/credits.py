"""Whom words are owed to: a version of the plan, and the amendment of it that put words in an
element, told as a reader needs it (the set, the body whose words they are, the report, the
meeting's decision), from the commit's Editplan-* trailers and the patch file as it was in that
commit (what an amendment said and what the meeting decided may have changed since).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from editplan.core.decisions import DECIDED_BY
from editplan.core.textdiff import is_word, tokenize
from editplan.errors import EditplanError
from editplan.history.repo import Repository
from editplan.history.trailers import Version

Kind = Literal["base", "amendment", "edit", "uncommitted"]
# The fields of an amendment whose values are words it puts in the plan.
_WORDING = ("text", "by", "into")
_SECRETARIAT = "Secretariat"  # who drafts an instruction's wording unless it says


@dataclass(frozen=True)
class Credit:
    """What put words in the plan. ``kind``: ``base`` (the first version's text),
    ``amendment`` (an amendment of a set), ``edit`` (a version made outside editplan, or a
    change its trailers do not name), ``uncommitted`` (the work tree, not committed yet).

    ``author`` is the body or person whose words they are: the amendment's proposer, or, for
    wording a meeting agreed "as orally amended" (``agreed_text``) or a drafted instruction,
    who drafted it (then ``proposed_by`` names the proposer). ``committer`` is git's author
    of the commit, who recorded the version."""

    kind: Kind
    commit: str | None = None
    date: str | None = None
    version: str | None = None
    set_id: str | None = None
    amendment: str | None = None
    author: str | None = None
    proposed_by: str | None = None
    source: str | None = None
    proposed_on: str | None = None
    quote: str | None = None
    status: str | None = None
    note: str | None = None
    agreed_text: str | None = None
    decided_by: str | None = None
    also: tuple[str, ...] = ()
    committer: str | None = None
    subject: str | None = None

    @property
    def short(self) -> str | None:
        return self.commit[:7] if self.commit else None


class Credits:
    """The credits of a history's versions, each patch file read once per commit.

    ``after(at, element_id)`` is an element's wording as version ``at`` left it: wording a
    meeting agreed is credited to it only where the version applied that wording (a set
    applied on its own applies the proposals as written); ``label(at)`` the plan's version
    label in it."""

    def __init__(
        self,
        repo: Repository,
        versions: list[Version],
        after: Callable[[int, str], str | None],
        label: Callable[[int], str | None],
    ) -> None:
        self.repo = repo
        self.versions = versions
        self.after = after
        self.label = label
        self._sets: dict[tuple[str, str], dict[str, Any]] = {}

    def uncommitted(self) -> Credit:
        return Credit("uncommitted")

    def of(self, at: int, amendment: str | None) -> Credit:
        """The credit of version ``at``'s amendment (a Change trailer key), or of the version
        itself (None: the first version's text, or an edit made outside editplan)."""
        v = self.versions[at]
        common: dict[str, Any] = {
            "commit": v.sha,
            "date": v.date,
            "version": self.label(at),
            "committer": v.author,
            "subject": v.subject,
        }
        if amendment is None:
            first = not any(v.parent_blobs) and at == 0
            kind: Kind = "base" if first else "edit"
            return Credit(kind, set_id=v.set_id if len(v.set_ids) == 1 else None, **common)
        set_id, own = v.owner(amendment)
        found = self.amendment(at, set_id, own)
        proposer = found.get("author") or self._set_field(at, set_id, "author")
        proposer = str(proposer) if proposer else v.of_set("Author", set_id or "")
        decision = _decision(found)
        agreed = self._agreed(at, amendment, found)
        drafter = None
        if agreed is not None:
            drafter = _str(decision.get("by")) or DECIDED_BY
        elif found.get("op") == "instruction" and found.get("text"):
            drafter = _str(found.get("drafted_by")) or _SECRETARIAT
        return Credit(
            "amendment",
            set_id=set_id,
            amendment=own,
            author=drafter or proposer,
            proposed_by=proposer if drafter else None,
            source=v.of_set("Source", set_id or ""),
            proposed_on=_str(found.get("date")) or v.of_set("Date", set_id or ""),
            quote=_str(found.get("quote")),
            status=_str(found.get("status")) or ("proposed" if found else None),
            note=_str(decision.get("note")),
            agreed_text=agreed,
            decided_by=(_str(decision.get("by")) or DECIDED_BY) if agreed else None,
            also=tuple(_same(v).get(amendment, ())),
            **common,
        )

    def wording(self, at: int, amendment: str) -> frozenset[str]:
        """The words an amendment of version ``at`` puts in the plan (its agreed wording,
        where the meeting agreed one), as the patch file said then."""
        set_id, own = self.versions[at].owner(amendment)
        found = self.amendment(at, set_id, own)
        agreed = self._agreed(at, amendment, found)
        texts: list[Any] = [agreed] if agreed else [found.get(key) for key in _WORDING]
        words: set[str] = set()
        for text in texts:
            for one in text if isinstance(text, list) else [text]:
                if isinstance(one, str):
                    words.update(t for t in tokenize(one) if is_word(t))
        return frozenset(words)

    def _agreed(self, at: int, amendment: str, found: dict[str, Any]) -> str | None:
        """The wording the meeting agreed for the amendment, if version ``at`` applied it."""
        agreed = _str(_decision(found).get("text"))
        if agreed is None:
            return None
        touched = self.versions[at].changes().get(amendment, [])
        return agreed if any(self.after(at, t.element_id) == agreed for t in touched) else None

    def amendment(self, at: int, set_id: str | None, amendment: str) -> dict[str, Any]:
        """The amendment as the set's patch file held it in version ``at``; {} if unreadable
        (the file moved, or is no patch file then)."""
        data = self._set(at, set_id)
        for found in data.get("amendments", []) if isinstance(data.get("amendments"), list) else []:
            if isinstance(found, dict) and str(found.get("id")) == amendment:
                return found
        return {}

    def _set_field(self, at: int, set_id: str | None, key: str) -> Any:
        return self._set(at, set_id).get(key)

    def _set(self, at: int, set_id: str | None) -> dict[str, Any]:
        v = self.versions[at]
        path = v.of_set("Set-File", set_id) if set_id else v.trailer("Set-File")
        if not path:
            return {}
        key = (v.sha, path)
        if key not in self._sets:
            self._sets[key] = _read_set(self.repo, v.sha, path)
        return self._sets[key]


def _read_set(repo: Repository, sha: str, path: str) -> dict[str, Any]:
    from editplan.store import yamlio

    try:
        data = repo.read_file(sha, path)
        loaded = yamlio.load_plain(data, path) if data is not None else None
    except EditplanError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _same(version: Version) -> dict[str, list[str]]:
    """ "set:amendment" -> the other sets' amendments applied as the same change."""
    same: dict[str, list[str]] = {}
    for value in version.trailers.get("Same", []):
        own, _, other = (part.strip() for part in value.partition(" = "))
        same.setdefault(other, []).append(own)
    return same


def _decision(amendment: dict[str, Any]) -> dict[str, Any]:
    found = amendment.get("decision")
    return found if isinstance(found, dict) else {}


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)
