"""A plan as an Akoma Ntoso 3.0 document: ``doc name="actionPlan"``.

Areas, goals, combined goal blocks and the lists of key areas and activities are ``hcontainer``
elements (their ``name`` says which); each key area and activity is a ``point`` with its
display number in ``num`` and its wording in ``content/p``. Every element's ``eId`` is derived
from its plan id (see :mod:`editplan.publish.names`), so :mod:`editplan.publish.akn_reader`
gives back the same plan, ids included. The output is byte-identical for the same inputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lxml import etree

from editplan.core.model import KINDS, Goal, GoalBlock, Plan, Unit, display_number
from editplan.publish import names
from editplan.publish.names import AKN_NS, A


@dataclass(frozen=True)
class Dates:
    """The dates of a document: of the work (the plan), and of this version of it."""

    work: dt.date
    version: dt.date


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A child element in the AKN namespace, with attributes in the order given."""
    child = etree.SubElement(parent, A + tag)
    for key, value in attrs.items():
        child.set(key.rstrip("_"), value)
    if text is not None:
        child.text = text
    return child


def root(kind: str, name: str) -> tuple[etree._Element, etree._Element]:
    """``<akomaNtoso><kind name=...>``: the root and the document element."""
    top = etree.Element(A + "akomaNtoso", nsmap={None: AKN_NS})
    return top, sub(top, kind, name=name)


def identification(
    meta: etree._Element,
    *,
    work: str,
    expression: str,
    dates: Dates,
    title: str,
    number: str,
    subtype: str,
    version: str | None,
    author: str,
) -> None:
    """FRBR work, expression and manifestation: IRIs, dates, authors, number, version."""
    ident = sub(meta, "identification", source="#editplan")
    frbr = sub(ident, "FRBRWork")
    sub(frbr, "FRBRthis", value=f"{work}/!main")
    sub(frbr, "FRBRuri", value=work)
    sub(frbr, "FRBRalias", value=title, name="title")
    sub(frbr, "FRBRdate", date=dates.work.isoformat(), name="work")
    sub(frbr, "FRBRauthor", href=author)
    sub(frbr, "FRBRcountry", value="un")
    sub(frbr, "FRBRsubtype", value=subtype)
    sub(frbr, "FRBRnumber", value=number)
    sub(frbr, "FRBRname", value=subtype)
    expr = sub(ident, "FRBRExpression")
    sub(expr, "FRBRthis", value=f"{expression}/!main")
    sub(expr, "FRBRuri", value=expression)
    sub(expr, "FRBRdate", date=dates.version.isoformat(), name="version")
    sub(expr, "FRBRauthor", href=author)
    if version is not None:
        sub(expr, "FRBRversionNumber", value=version)
    sub(expr, "FRBRlanguage", language=names.LANGUAGE)
    manif = sub(ident, "FRBRManifestation")
    sub(manif, "FRBRthis", value=f"{expression}/!main.xml")
    sub(manif, "FRBRuri", value=f"{expression}.akn")
    sub(manif, "FRBRdate", date=dates.version.isoformat(), name="generation")
    sub(manif, "FRBRauthor", href="#editplan")


def references(meta: etree._Element, *organizations: tuple[str, str]) -> etree._Element:
    """``<references>`` with editplan and the given (eId, name) organizations."""
    refs = sub(meta, "references", source="#editplan")
    for eid, show_as in (("editplan", "editplan"), *organizations):
        sub(
            refs,
            "TLCOrganization",
            eId=eid,
            href=f"/akn/ontology/organizations/un/{names.slug(eid)}",
            showAs=show_as,
        )
    return refs


def serialize(top: etree._Element) -> bytes:
    """UTF-8 XML with a declaration, indented, the same bytes for the same tree."""
    etree.indent(top, space="  ")
    return etree.tostring(top, xml_declaration=True, encoding="UTF-8") + b"\n"


def plan_document(plan: Plan, dates: Dates) -> bytes:
    """The plan as an Akoma Ntoso ``doc``; ids that cannot be eIds are refused."""
    work = names.work_iri(plan.id, dates.work)
    top, doc = root("doc", names.DOC_NAME)
    meta = sub(doc, "meta")
    identification(
        meta,
        work=work,
        expression=names.expression_iri(work, plan.version),
        dates=dates,
        title=plan.title,
        number=plan.id,
        subtype=names.DOC_NAME,
        version=plan.version,
        author="#planAuthor",
    )
    references(meta, ("planAuthor", "Secretariat keeping the plan"))
    if plan.note is not None:
        notes = sub(meta, "notes", source="#editplan")
        note = sub(notes, "note", eId="note_plan", class_="planNote")
        for line in plan.note.split("\n"):
            sub(note, "p", line)
    preface = sub(doc, "preface")
    sub(sub(preface, "p", class_="title"), "docTitle", plan.title)
    sub(sub(preface, "p", class_="version"), "docNumber", plan.version)
    if plan.source is not None:
        sub(preface, "p", plan.source, class_="source")
    body = sub(doc, "mainBody")
    for area in plan.areas:
        box = sub(body, "hcontainer", name="area", eId=names.eid("area", area.id))
        sub(box, "num", area.id)
        sub(box, "heading", area.title)
        for unit in area.goals:
            unit_container(box, unit)
    return serialize(top)


def unit_container(parent: etree._Element, unit: Unit) -> etree._Element:
    """A goal, or a block of goals with their heads, and its lists of items."""
    if isinstance(unit, GoalBlock):
        box = sub(parent, "hcontainer", name="goalBlock", eId=names.eid("block", unit.id))
        sub(box, "num", unit.label)
        for head in unit.goals:
            goal = sub(box, "hcontainer", name="goal", eId=names.eid("goal", head.id))
            sub(goal, "num", f"Goal {head.id}")
            sub(goal, "heading", head.title)
    else:
        assert isinstance(unit, Goal)
        box = sub(parent, "hcontainer", name="goal", eId=names.eid("goal", unit.id))
        sub(box, "num", unit.label)
        sub(box, "heading", unit.title)
    for kind in KINDS:
        items = unit.items(kind)
        if not items:
            continue
        listing = sub(
            box, "hcontainer", name=names.LIST_NAME[kind], eId=names.list_eid(box.get("eId"), kind)
        )
        sub(listing, "heading", names.LIST_HEADING[kind])
        for n, item in enumerate(items, start=1):
            point = sub(listing, "point", eId=names.eid(kind, item.id))
            sub(point, "num", display_number(kind, n))
            sub(sub(point, "content"), "p", item.text)
    return box
