"""Read an Akoma Ntoso document that editplan wrote back into a plan or an amendment set.

A plan (``doc name="actionPlan"``) is rebuilt from its structure: ids from the ``eId``s, titles
from the headings, wordings from the points; display numbers are not read (they follow from
position). An amendment set (``amendment``) is rebuilt from the exact patch file kept in its
``proprietary`` metadata. Every problem is an :class:`InputError` with the file and line.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from pydantic import ValidationError

from editplan.core.model import KIND_FIELD, KINDS, Plan
from editplan.core.patch import AmendmentSet
from editplan.errors import ConsistencyError, InputError, Location
from editplan.ooxml import package
from editplan.publish import names
from editplan.publish.akn_amendment import read_patch
from editplan.publish.names import AKN_NS, A

Loc = tuple[str | int, ...]
# As for a part of a .docx: the largest file read whole.
MAX_BYTES = package.MAX_MEMBER_BYTES


def parse(data: bytes, name: str) -> etree._Element:
    """Parse XML as :func:`~editplan.ooxml.package.parse_untrusted` does for a .docx part (no
    DTD, no entities, no network; a DOCTYPE is refused), with errors at the file's line."""
    if len(data) > MAX_BYTES:
        raise InputError(
            f"is larger than {MAX_BYTES / 2**20:g} MB, the limit; refusing an XML file this large",
            Location(name),
        )

    def refuse(found: package.Declared) -> InputError:
        if found == "entities":
            return InputError("uses entities; refusing", Location(name))
        return InputError("declares a DOCTYPE; refusing (entities are never read)", Location(name))

    def malformed(exc: etree.XMLSyntaxError) -> InputError:
        line, column = exc.position if exc.position else (None, None)
        return InputError(f"not well-formed XML: {exc.msg}", Location(name, line, column))

    return package.parse_untrusted(data, refuse, malformed)


def read(data: bytes, name: str) -> Plan | AmendmentSet:
    """The plan or amendment set in an Akoma Ntoso document written by editplan."""
    top = parse(data, name)
    if top.tag != A + "akomaNtoso":
        raise InputError(
            f"not an Akoma Ntoso 3.0 document: the root is {top.tag!r}, expected "
            f"akomaNtoso in namespace {AKN_NS}",
            Location(name, top.sourceline),
        )
    doc = top.find(A + "doc")
    if doc is not None and doc.get("name") == names.DOC_NAME:
        return _Reader(name).plan(doc)
    amendment = top.find(A + "amendment")
    if amendment is not None:
        return read_patch(amendment, name)
    first = top[0] if len(top) else top
    raise InputError(
        f"holds no action plan (doc name={names.DOC_NAME!r}) and no amendment set; "
        f"found {etree.QName(first).localname} name={first.get('name')!r}",
        Location(name, first.sourceline),
    )


class _Reader:
    """Builds the plan's data, remembering the line of every value for error messages."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[Loc, int] = {}

    def plan(self, doc: etree._Element) -> Plan:
        expression = self._one(doc, "meta/identification/FRBRExpression")
        work = self._one(doc, "meta/identification/FRBRWork")
        data: dict[str, Any] = {
            "id": self._one(work, "FRBRnumber").get("value"),
            "title": self._text(self._one(doc, "preface/p/docTitle")),
            "version": self._one(expression, "FRBRversionNumber").get("value"),
        }
        self.lines[("id",)] = self._one(work, "FRBRnumber").sourceline
        for p in doc.iterfind(f"{A}preface/{A}p[@class='source']"):
            data["source"] = self._text(p)
            self.lines[("source",)] = p.sourceline
        note = doc.find(f"{A}meta/{A}notes/{A}note[@class='planNote']")
        if note is not None:
            data["note"] = "\n".join(p.text or "" for p in note.iterfind(A + "p"))
            self.lines[("note",)] = note.sourceline
        body = self._one(doc, "mainBody")
        data["areas"] = [
            self._area(box, ("areas", i)) for i, box in enumerate(self._containers(body, "area"))
        ]
        return self._validate(data)

    def _area(self, box: etree._Element, loc: Loc) -> dict[str, Any]:
        units = []
        for child in box.iterfind(A + "hcontainer"):
            kind = child.get("name")
            if kind not in ("goal", "goalBlock"):
                raise self._error(f"unexpected hcontainer name={kind!r} in an area", child)
            units.append(self._unit(child, (*loc, "goals", len(units))))
        return {"id": self._id(box, "area", loc), "title": self._heading(box), "goals": units}

    def _unit(self, box: etree._Element, loc: Loc) -> dict[str, Any]:
        if box.get("name") == "goalBlock":
            heads = [
                {"id": self._id(goal, "goal", (*loc, "goals", g)), "title": self._heading(goal)}
                for g, goal in enumerate(self._containers(box, "goal"))
            ]
            data: dict[str, Any] = {"id": self._id(box, "block", loc), "goals": heads}
        else:
            data = {"id": self._id(box, "goal", loc), "title": self._heading(box)}
        for kind in KINDS:
            field = KIND_FIELD[kind]
            data[field] = []
            for listing in self._containers(box, names.LIST_NAME[kind]):
                for point in listing.iterfind(A + "point"):
                    where = (*loc, field, len(data[field]))
                    text = self._text(self._one(point, "content/p"))
                    data[field].append({"id": self._id(point, kind, where), "text": text})
        return data

    # --- helpers ----------------------------------------------------------------------

    def _containers(self, parent: etree._Element, name: str) -> list[etree._Element]:
        return [c for c in parent.iterfind(A + "hcontainer") if c.get("name") == name]

    def _one(self, parent: etree._Element, path: str) -> etree._Element:
        found = parent.find("/".join(A + part for part in path.split("/")))
        if found is None:
            raise self._error(f"missing {path} in {etree.QName(parent).localname}", parent)
        return found

    def _id(self, element: etree._Element, kind: str, loc: Loc) -> str:
        eid = element.get("eId")
        prefix = names.PREFIX[kind]
        if eid is None or not eid.startswith(prefix) or len(eid) == len(prefix):
            raise self._error(
                f"{etree.QName(element).localname} has eId {eid!r}; a "
                f"{kind.replace('_', ' ')} needs one of the form {prefix}<id>",
                element,
            )
        self.lines[(*loc, "id")] = element.sourceline
        return eid[len(prefix) :]

    def _heading(self, element: etree._Element) -> str:
        return self._text(self._one(element, "heading"))

    def _text(self, element: etree._Element) -> str:
        # a heading or paragraph that editplan writes holds plain text only
        return "".join(element.itertext())

    def _error(self, message: str, element: etree._Element) -> InputError:
        return InputError(message, Location(self.name, element.sourceline))

    def _validate(self, data: dict[str, Any]) -> Plan:
        try:
            return Plan.model_validate(data)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            # the union's tags ("goal", "block") are in pydantic's path, not in the data's
            loc = tuple(p for p in first["loc"] if p not in ("goal", "block"))
            msg = str(first["msg"]).removeprefix("Value error, ")
            field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
            raise InputError(f"{field}: {msg}", self._where(loc)) from None
        except ConsistencyError as exc:
            raise InputError(exc.message, self._where(exc.loc)) from None

    def _where(self, loc: Loc) -> Location:
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return Location(self.name, self.lines[loc[:end]])
        return Location(self.name)
