"""Which amendments of a set to apply: by id, by status, and not those the history applied.

Messages speak of the selection's settings by their names here ("only", "exclude",
"statuses"), in the errors' ``option`` and the skipped amendments' ``option``; a front end
adds its own name for them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from editplan.core.changeset import Skipped
from editplan.core.patch import Amendment, AmendmentSet, Status
from editplan.errors import InputError

DEFAULT_STATUSES: frozenset[str] = frozenset({"proposed", "agreed"})


@dataclass(frozen=True)
class Selection:
    """Which amendments to apply: ids to keep or leave out, statuses to keep."""

    only: frozenset[str] | None = None
    exclude: frozenset[str] = frozenset()
    statuses: frozenset[str] = DEFAULT_STATUSES
    done: tuple[tuple[str, str], ...] = ()  # (amendment id, where it was applied) from history

    def check(self, aset: AmendmentSet) -> None:
        """Refuse ids the set does not have, naming those it has."""
        known = [a.id for a in aset.amendments]
        for option, ids in (("only", self.only or ()), ("exclude", self.exclude)):
            unknown = sorted(set(ids) - set(known))
            if unknown:
                raise InputError(
                    f"no amendment {', '.join(unknown)} in set {aset.id}; "
                    f"it has {', '.join(known)}",
                    option=option,
                )

    def skip(self, amendment: Amendment) -> Skipped | None:
        """Why the amendment is left out (and by which setting), or None if it is applied."""
        for done_id, where in self.done:
            if amendment.id == done_id:
                return Skipped(amendment.id, f"already applied in {where}")
        if self.only is not None and amendment.id not in self.only:
            return Skipped(amendment.id, "not selected", "only")
        if amendment.id in self.exclude:
            return Skipped(amendment.id, "excluded", "exclude")
        if amendment.status not in self.statuses:
            return Skipped(amendment.id, f"status {amendment.status}", "statuses")
        return None

    def choose(self, aset: AmendmentSet) -> tuple[list[Amendment], list[Skipped]]:
        """The amendments to apply, in file order, and those left out.

        Applying nothing would still give the plan the set's version, so that the set could
        never be applied: a selection that leaves out everything is refused instead.
        """
        chosen: list[Amendment] = []
        skipped: list[Skipped] = []
        for amendment in aset.amendments:
            left_out = self.skip(amendment)
            if left_out is None:
                chosen.append(amendment)
            else:
                skipped.append(left_out)
        if not chosen:
            counts = Counter(s.reason for s in skipped)
            options = {s.option for s in skipped}
            raise InputError(
                f"the selection leaves out every amendment of set {aset.id} ("
                + ", ".join(f"{n} {reason}" for reason, n in counts.items())
                + "); nothing to apply",
                option=options.pop() if len(options) == 1 else None,
            )
        return chosen, skipped


def statuses(values: Iterable[str]) -> frozenset[str]:
    """Validate statuses to select against the schema's statuses."""
    allowed = Status.__args__  # type: ignore[attr-defined]
    out = frozenset(values)
    unknown = sorted(out - set(allowed))
    if unknown:
        raise InputError(
            f"unknown status {', '.join(unknown)}; use {', '.join(allowed)}", option="statuses"
        )
    return out
