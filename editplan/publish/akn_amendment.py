"""An amendment set as an Akoma Ntoso 3.0 ``amendment`` document.

The body gives each amendment as the report gives it: its id as a ``ref`` to the report's
paragraph, the element it names, and a ``mod`` quoting the old and new wording. The metadata's
``activeModifications`` hold one ``textualMod`` per amendment, with the standard types, its
``source``s (the ``mod`` here, and the report's paragraph), its ``destination``s (the
``eId``s of the base plan) and its ``old`` and ``new`` wording. AKN 3.0 has no type for a
move: a move is written as ``renumbering`` with two destinations, where the element was and
where it goes (``pos``). Instructions that await wording change no text and have no
``textualMod``. The exact patch file is kept in ``proprietary`` so that it can be read back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lxml import etree

from editplan.core.changeset import AppliedAmendment, ChangeSet
from editplan.core.model import Plan, unit_key
from editplan.core.patch import Add, Amendment, AmendmentSet, Insert, Instruction, Move
from editplan.core.reference import resolve
from editplan.errors import InputError, Location
from editplan.publish import akn, names
from editplan.publish.names import EP_NS

EP = f"{{{EP_NS}}}"
TEXTUAL_TYPE = {
    "rephrase": "substitution",
    "replace": "substitution",
    "instruction": "substitution",
    "delete": "repeal",
    "remove": "repeal",
    "insert": "insertion",
    "add": "insertion",
    "split": "split",
    "join": "join",
    "move": "renumbering",
}


def set_document(aset: AmendmentSet, base: Plan, changes: ChangeSet, plan_date: dt.date) -> bytes:
    """The set as an ``amendment`` document against ``base`` (whose work date is given)."""
    work = names.set_work_iri(aset.id, aset.date)
    plan_expression = names.expression_iri(names.work_iri(base.id, plan_date), base.version)
    report = names.report_iri(aset.source.document)
    top, doc = akn.root("amendment", names.AMENDMENT_NAME)
    meta = akn.sub(doc, "meta")
    akn.identification(
        meta,
        work=work,
        expression=names.expression_iri(work, aset.date.isoformat()),
        dates=akn.Dates(aset.date, aset.date),
        title=aset.title,
        number=aset.id,
        subtype=names.AMENDMENT_NAME,
        version=None,
        author="#author",
    )
    analysis = akn.sub(meta, "analysis", source="#editplan")
    mods = _Mods(base, plan_expression, report, aset)
    active = akn.sub(analysis, "activeModifications")
    refs = akn.references(meta, ("author", aset.author))
    for author, eid in proponents(aset).items():  # a reviewer's own changes, each credited
        akn.sub(refs, "TLCPerson", eId=eid, href=f"/akn/ontology/persons/{names.slug(author)}",
                showAs=author)  # fmt: skip
    akn.sub(refs, "TLCReference", eId="report", href=report, name="report",
            showAs=aset.source.cite())  # fmt: skip
    akn.sub(refs, "TLCReference", eId="basePlan", href=plan_expression, name="plan",
            showAs=f"{base.title}, {base.version}")  # fmt: skip
    proprietary = akn.sub(meta, "proprietary", source="#editplan")
    proprietary.append(_encode(aset.model_dump(mode="json", exclude_none=True), "patch"))
    _preface(akn.sub(doc, "preface"), aset, report)
    body = akn.sub(doc, "amendmentBody")
    heading = akn.sub(body, "amendmentHeading")
    akn.sub(heading, "p", f"Amendments of {base.title}, version {base.version}")
    records = {a.id: a for a in (*changes.applied, *changes.pending)}
    for n, amendment in enumerate(aset.amendments, start=1):
        record = records.get(amendment.id)
        content = akn.sub(body, "amendmentContent", eId=f"amd_{n}")
        mods.write(content, active, amendment, record, n)
    if changes.renumbered:
        content = akn.sub(body, "amendmentContent", eId="renumbering")
        mods.renumbering(content, active, changes)
    if not len(active):
        # activeModifications must hold one modification at least: none of the amendments
        # changed any text (instructions awaiting wording, or amendments left out)
        analysis.remove(active)
    return akn.serialize(top)


def proponents(aset: AmendmentSet) -> dict[str, str]:
    """The amendments' own authors where they differ from the set's (the reviewers of a
    collected copy), each with the eId of its reference."""
    names_ = dict.fromkeys(
        a.author for a in aset.amendments if a.author is not None and a.author != aset.author
    )
    return {author: f"proponent_{n}" for n, author in enumerate(names_, start=1)}


def _preface(preface: etree._Element, aset: AmendmentSet, report: str) -> None:
    akn.sub(akn.sub(preface, "p", class_="title"), "docTitle", aset.title)
    p = akn.sub(preface, "p", class_="source")
    akn.sub(p, "ref", aset.source.cite(), href=report)
    akn.sub(akn.sub(preface, "p", class_="author"), "docProponent", aset.author)
    date = akn.sub(preface, "p", class_="date")
    akn.sub(date, "docDate", aset.date.isoformat(), date=aset.date.isoformat())


class _Mods:
    """Writes each amendment's body paragraphs and its ``textualMod``."""

    def __init__(self, base: Plan, plan_expression: str, report: str, aset: AmendmentSet) -> None:
        self.base = base
        self.index = base.index()
        self.plan = plan_expression
        self.report = report
        self.aset = aset
        self.count = 0

    def cited(self) -> str:
        """The IRI of the report's paragraph that asks for the amendments."""
        paragraph = self.aset.source.paragraph
        return (
            self.report if paragraph is None else f"{self.report}#para_{names.slug(str(paragraph))}"
        )

    def eid_of(self, element_id: str) -> str:
        """The eId of a base element or unit, by its plan id."""
        if element_id in self.index.places:
            return names.eid(self.index.places[element_id].kind, element_id)
        unit = self.index.units.get(element_id) or self.index.by_goal.get(element_id)
        if unit is None:
            raise InputError(f"{element_id!r} is not an element of {self.base.version!r}")
        kind = "goal" if unit_key(unit) in unit.goal_ids else "block"
        return names.eid(kind, unit_key(unit))

    def href(self, element_id: str) -> str:
        return f"{self.plan}/!main#{self.eid_of(element_id)}"

    def write(
        self,
        content: etree._Element,
        active: etree._Element,
        amendment: Amendment,
        record: AppliedAmendment | None,
        n: int,
    ) -> None:
        head = akn.sub(content, "p", class_="amendment")
        akn.sub(head, "ref", amendment.id, href=self.cited())
        akn.sub(head, "span", f" {amendment.op}: ", class_="op")
        akn.sub(head, "span", "; ".join(amendment.target_refs), class_="targets")
        if amendment.author is not None and amendment.author != self.aset.author:
            by = akn.sub(content, "p", class_="author")
            eid = proponents(self.aset)[amendment.author]
            akn.sub(by, "docProponent", amendment.author, refersTo=f"#{eid}")
        if amendment.quote is not None:
            akn.sub(content, "p", amendment.quote, class_="quote")
        if amendment.note is not None:
            akn.sub(content, "p", amendment.note, class_="note")
        if record is None:
            akn.sub(content, "p", f"Not applied ({amendment.status}).", class_="status")
            return
        if isinstance(amendment, Instruction) and amendment.text is None:
            akn.sub(content, "p", "Awaits drafted wording; no text changes.", class_="status")
            return
        old, new = self._texts(amendment, record)
        mod_eid = f"mod_{n}"
        mod = akn.sub(akn.sub(content, "p", class_="modification"), "mod", eId=mod_eid)
        olds = [self._quoted(mod, f"{mod_eid}__old_{i}", "old", t) for i, t in enumerate(old, 1)]
        news = [self._quoted(mod, f"{mod_eid}__new_{i}", "new", t) for i, t in enumerate(new, 1)]
        textual = akn.sub(active, "textualMod", type=TEXTUAL_TYPE[amendment.op], eId=f"tmod_{n}")
        akn.sub(textual, "source", href=f"#{mod_eid}")
        akn.sub(textual, "source", href=self.cited())
        for href, pos in self._destinations(amendment, record):
            if pos is None:
                akn.sub(textual, "destination", href=href)
            else:
                akn.sub(textual, "destination", href=href, pos=pos)
        for eid in olds:
            akn.sub(textual, "old", href=f"#{eid}")
        for eid in news:
            akn.sub(textual, "new", href=f"#{eid}")

    def _quoted(self, mod: etree._Element, eid: str, role: str, text: str) -> str:
        akn.sub(mod, "span", f" {role}: ", class_="role")
        akn.sub(mod, "quotedText", text, eId=eid, startQuote="“", endQuote="”")
        return eid

    def _texts(self, amendment: Amendment, record: AppliedAmendment) -> tuple[list[str], list[str]]:
        """The old and new wording the modification quotes."""
        if amendment.op in ("replace", "delete"):
            return [amendment.phrase], [amendment.by] if amendment.op == "replace" else []  # type: ignore[union-attr]
        if isinstance(amendment, Insert):
            return [], [amendment.text]
        if isinstance(amendment, Add):
            return [], [amendment.text]
        old = [c.before for c in record.changes if c.before is not None]
        new = [c.after for c in record.changes if c.after is not None]
        if amendment.op in ("remove", "move"):
            new = [] if amendment.op == "remove" else new
        if amendment.op == "join":
            new = new[:1]
        return old, new

    def _destinations(
        self, amendment: Amendment, record: AppliedAmendment
    ) -> list[tuple[str, str | None]]:
        """(href, pos) of each place the amendment modifies, in the base plan."""
        if isinstance(amendment, Add):
            position = amendment.position or self.aset.default_position or "end"
            if amendment.sibling is not None:
                return [(self.href(self._resolve(amendment.sibling)), position)]
            return [(self.href(unit), position) for unit in record.target_ids]
        out: list[tuple[str, str | None]] = [(self.href(t), None) for t in record.target_ids]
        if isinstance(amendment, Insert):
            out = [(href, "inside" if amendment.anchor else amendment.position) for href, _ in out]
        if isinstance(amendment, Move):
            # where it goes: next to a sibling, or at the start or end of a goal or block
            if amendment.sibling is not None:
                place = self._resolve(amendment.sibling)
            elif amendment.to is not None:
                place = self._resolve(amendment.to)
            else:
                place = unit_key(self.index.places[record.target_ids[0]].unit)
            out.append((self.href(place), amendment.position))
        return out

    def _resolve(self, ref: str) -> str:
        """The id a sibling or 'to' reference names in the base."""
        target = resolve(self.base, ref, self.index)[0]
        return target.element_id or target.unit_id

    def renumbering(
        self, content: etree._Element, active: etree._Element, changes: ChangeSet
    ) -> None:
        akn.sub(content, "p", "Consequential renumbering (numbers follow from positions):")
        for n, item in enumerate(changes.renumbered, start=1):
            mod = akn.sub(akn.sub(content, "p", class_="renumbering"), "mod", eId=f"renum_{n}")
            old = self._quoted(mod, f"renum_{n}__old_1", "old", item.old_label)
            new = self._quoted(mod, f"renum_{n}__new_1", "new", item.new_label)
            textual = akn.sub(active, "textualMod", type="renumbering", eId=f"tmod_r{n}")
            akn.sub(textual, "source", href=f"#renum_{n}")
            akn.sub(textual, "destination", href=self.href(item.element_id))
            akn.sub(textual, "old", href=f"#{old}")
            akn.sub(textual, "new", href=f"#{new}")


# --- the exact patch file, for reading back ----------------------------------------------


def _encode(value: Any, key: str | None = None) -> etree._Element:
    """Plain data (maps, lists, strings, numbers, booleans) as editplan-namespace XML."""
    if isinstance(value, dict):
        node = etree.Element(EP + "map", nsmap={"ep": EP_NS})
        for k, v in value.items():
            entry = etree.SubElement(node, EP + "entry", key=str(k))
            entry.append(_encode(v))
    elif isinstance(value, list):
        node = etree.Element(EP + "list", nsmap={"ep": EP_NS})
        for v in value:
            node.append(_encode(v))
    elif isinstance(value, bool):
        node = etree.Element(EP + "bool", nsmap={"ep": EP_NS})
        node.text = "true" if value else "false"
    elif isinstance(value, int):
        node = etree.Element(EP + "int", nsmap={"ep": EP_NS})
        node.text = str(value)
    else:
        node = etree.Element(EP + "str", nsmap={"ep": EP_NS})
        node.text = str(value)
    if key is not None:
        node.set("role", key)
    return node


def _decode(node: etree._Element) -> Any:
    tag = etree.QName(node).localname
    if tag == "map":
        return {e.get("key"): _decode(e[0]) for e in node.iterfind(EP + "entry") if len(e)}
    if tag == "list":
        return [_decode(c) for c in node if isinstance(c.tag, str)]
    if tag == "bool":
        return node.text == "true"
    if tag == "int":
        return int(node.text or "0")
    return node.text or ""


def read_patch(amendment: etree._Element, name: str) -> AmendmentSet:
    """The patch file kept in an amendment document's ``proprietary`` metadata."""
    from pydantic import ValidationError

    from editplan.errors import ConsistencyError

    found = amendment.find(f"{akn.A}meta/{akn.A}proprietary/{EP}map[@role='patch']")
    if found is None:
        raise InputError(
            "this amendment document was not written by editplan (it has no patch file in "
            "its proprietary metadata), so its amendments cannot be read back exactly",
            Location(name, amendment.sourceline),
        )
    try:
        return AmendmentSet.model_validate(_decode(found))
    except (ValidationError, ConsistencyError) as exc:
        raise InputError(f"the patch file it holds is not valid: {exc}", Location(name)) from None
