"""Names shared by the Akoma Ntoso writers and reader: element ids (eId) and IRIs.

An element's eId is its kind and its plan id, ``keyArea_a5.ka1``: flat rather than nested, so
that it survives a move, as the plan id does (DESIGN decision 1), and so that an amendment can
point at it. IRIs follow the Akoma Ntoso naming convention in the AKN4UN manner:
``/akn/un/doc/actionPlan/<date>/<plan id>`` for the work, ``.../eng@<version>`` for the
expression, ``.../eng@<version>/!main.xml`` for this XML manifestation.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from editplan.core.model import ELEMENT_ID
from editplan.errors import InputError

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
EP_NS = "urn:editplan:patch:1"  # the exact patch file, in <proprietary>, for reading back
A = f"{{{AKN_NS}}}"
DOC_NAME = "actionPlan"
AMENDMENT_NAME = "amendmentSet"
LANGUAGE = "eng"

# eId prefixes, by what the element is; the reader strips them to get our ids back
PREFIX = {
    "area": "area_",
    "goal": "goal_",
    "block": "goalBlock_",
    "key_area": "keyArea_",
    "activity": "activity_",
}
LIST_NAME = {"key_area": "keyAreas", "activity": "activities"}
LIST_HEADING = {"key_area": "Key areas", "activity": "Activities"}
_NOT_SAFE = re.compile(r"[^A-Za-z0-9.-]+")


def check_id(value: str, what: str) -> str:
    """Refuse an id that would make an invalid eId or IRI (spaces, slashes, non-ASCII)."""
    if not ELEMENT_ID.match(value):
        raise InputError(
            f"{what} id {value!r} cannot be written as an Akoma Ntoso eId or IRI: ids are "
            "ASCII letters, digits, '.', '-' and '_', starting with a letter or digit"
        )
    return value


def eid(kind: str, identifier: str) -> str:
    """The eId of a plan element (``goal_A.1``, ``keyArea_a1.ka1``)."""
    return PREFIX[kind] + check_id(identifier, kind.replace("_", " "))


def list_eid(unit_eid: str, kind: str) -> str:
    """The eId of a unit's list of key areas or activities (``goal_A.1__keyAreas``)."""
    return f"{unit_eid}__{LIST_NAME[kind]}"


def slug(text: str) -> str:
    """An IRI component for a free label: ASCII letters, digits, '.' and '-'.

    "CBD/CP/LG/2020/1/3 + LG-14" -> "CBD-CP-LG-2020-1-3-LG-14" (slashes become dashes, as
    AKN4UN writes document symbols). The exact label is kept in the metadata beside it.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = _NOT_SAFE.sub("-", ascii_text).strip("-.")
    return out or "v"


def work_iri(plan_id: str, date: dt.date) -> str:
    """The work IRI of a plan: one per plan, whatever its version."""
    return f"/akn/un/doc/{DOC_NAME}/{date.isoformat()}/{check_id(plan_id, 'plan')}"


def expression_iri(work: str, version: str) -> str:
    """The expression IRI: the work in English at a version."""
    return f"{work}/{LANGUAGE}@{slug(version)}"


def set_work_iri(set_id: str, date: dt.date) -> str:
    """The work IRI of an amendment set (a body's input on a plan)."""
    return f"/akn/un/amendment/{AMENDMENT_NAME}/{date.isoformat()}/{check_id(set_id, 'set')}"


def report_iri(document: str) -> str:
    """The work IRI of a report cited as the source of a set, by its document symbol."""
    return f"/akn/un/doc/report/{slug(document)}"
