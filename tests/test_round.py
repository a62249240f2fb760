"""The review round's pure core: proposals, identical groups, collisions, the synoptic model."""

from __future__ import annotations

import pytest
from round_support import DATA

from editplan import api
from editplan.core import compilation as synopsis
from editplan.core import decisions
from editplan.core import round as rounds
from editplan.core.patch import Decision
from editplan.errors import ConflictError, InputError


@pytest.fixture
def three(lg14_plan, lg14_set):
    others = [api.load_set(DATA / name) for name in ("party-a.yaml", "ngo-b.yaml")]
    return lg14_plan, [rounds.Submission(s) for s in (lg14_set, *others)]


def test_every_amendment_is_a_proposal_in_set_order(three):
    plan, subs = three
    found = rounds.gather(plan, subs)
    assert [p.key for p in found.proposals][:2] == ["lg14 53(a)", "lg14 53(b)"]
    assert len(found.proposals) == 15 + 3 + 2
    assert all(p.problem is None for p in found.proposals)


def test_the_same_change_in_other_words_is_grouped_not_a_collision(three):
    plan, subs = three
    found = rounds.gather(plan, subs)
    assert [[p.key for p in g] for g in found.same] == [["lg14 53(n)", "ngo-b B1"]]
    assert not any("ngo-b B1" in (c.first.key, c.second.key) for c in found.collisions)


def test_the_collision_is_named_with_the_element_and_the_appliers_reason(three):
    plan, subs = three
    found = rounds.gather(plan, subs)
    assert len(found.collisions) == 1
    c = found.collisions[0]
    assert (c.first.key, c.second.key, c.element_id) == ("lg14 53(a)", "party-a 1", "a1.ka2")
    assert "edits Goal A.1, key area (2) (id a1.ka2), which lg14 53(a) already changes" in c.reason


def test_edits_of_different_words_of_one_element_compose(lg14_plan, lg14_set):
    # 53(n) replaces "predictable"; another body's insertion at the end of the same activity
    data = lg14_set.model_dump(exclude_none=True)
    data["id"] = "other"
    data["amendments"] = [
        {"id": "x", "target": "Goal B.2, activity (i)", "op": "insert",
         "position": "end", "text": "by 2030"},
    ]  # fmt: skip
    other = type(lg14_set).model_validate(data)
    found = rounds.gather(lg14_plan, [rounds.Submission(lg14_set), rounds.Submission(other)])
    assert found.collisions == ()


def test_statuses_choose_the_proposals(three):
    plan, subs = three
    found = rounds.gather(plan, subs, statuses=["agreed"])
    assert found.proposals == ()


def test_a_set_against_an_unknown_version_is_refused(three):
    plan, subs = three
    odd = subs[1].aset.model_copy(update={"base": "some other draft"})
    with pytest.raises(ConflictError, match="'some other draft'"):
        rounds.gather(plan, [subs[0], rounds.Submission(odd)])


def test_a_set_given_twice_is_refused(three):
    plan, subs = three
    with pytest.raises(InputError, match="given twice"):
        rounds.gather(plan, [subs[0], subs[0]])


def test_a_proposal_that_cannot_apply_is_shown_with_its_problem(three):
    plan, subs = three
    bad = subs[2].aset.amendments[1].model_copy(update={"phrase": "and global"})
    aset = subs[2].aset.model_copy(update={"amendments": [subs[2].aset.amendments[0], bad]})
    found = rounds.gather(plan, [subs[0], rounds.Submission(aset)])
    problem = found.proposal("ngo-b", "B2").problem
    assert problem is not None and "'and global' does not occur" in problem


def test_compilation_groups_by_element_in_plan_order(three):
    plan, subs = three
    laid = synopsis.compilation(rounds.gather(plan, subs))
    headings = [s.heading.split(":")[0] for s in laid.sections]
    assert headings[:3] == ["Goal A.1", "Goal A.2", "Goal A.3"]
    first = laid.sections[0].rows[0]
    assert (first.anchor, first.label) == ("a1.ka2", "Goal A.1, key area (2)")
    assert [e.first.key for e in first.entries] == ["lg14 53(a)", "party-a 1"]
    assert all(e.collides for e in first.entries)
    b2 = next(s for s in laid.sections if s.unit_id == "B.2").rows[0]
    assert [[p.key for p in e.sources] for e in b2.entries] == [["lg14 53(n)", "ngo-b B1"]]
    spot = b2.entries[0].spots[0]
    assert (
        spot.after
        == "Mobilize adequate and sustainable financial resources for biosafety capacity-building"
    )


def test_compilation_shows_additions_and_splits_in_their_goal(three):
    plan, subs = three
    laid = synopsis.compilation(rounds.gather(plan, subs))
    block = next(s for s in laid.sections if s.unit_id.startswith("A.6") or "A.6" in s.heading)
    added = block.rows[-1]
    assert added.current is None and added.label.endswith("proposed additions")
    assert added.entries[0].spots[0].before is None
    a5 = next(s for s in laid.sections if s.unit_id == "A.5").rows[0]
    assert [s.after for s in a5.entries[0].spots] == [
        "Conducting and reviewing scientifically sound risk assessments",
        "Monitoring, regulating, managing and controlling identified risks",
    ]


def test_compilation_leaves_out_untouched_elements_unless_asked(three):
    plan, subs = three
    found = rounds.gather(plan, subs)
    some = sum(len(s.rows) for s in synopsis.compilation(found).sections)
    every = sum(len(s.rows) for s in synopsis.compilation(found, everything=True).sections)
    assert every >= plan.element_count() > some


def test_agreed_text_replaces_the_proposed_wording(lg14_set):
    a = lg14_set.amendments[13]  # 53(n), a replace
    agreed = a.model_copy(update={"decision": Decision(text="Mobilize enough resources")})
    form = decisions.agreed_form(agreed)
    assert (form.op, form.text, form.id) == ("rephrase", "Mobilize enough resources", "53(n)")
    assert decisions.drafted_by(agreed) == "the meeting"
    assert decisions.agreed_form(a) is a


def test_agreed_text_is_refused_for_a_split(lg14_set):
    with pytest.raises(InputError, match="no single wording"):
        decisions.check_agreed_text(lg14_set.amendments[4])  # 53(e), a split


def test_sets_written_against_different_versions_collide_as_applied_in_turn(three):
    plan, subs = three
    from editplan.core.applier import Selection, apply_set

    later = apply_set(subs[0].aset, plan, selection=Selection(only=frozenset({"53(c)"}))).plan
    data = subs[2].aset.model_dump(exclude_none=True)
    data |= {"id": "late", "base": later.version}
    data["amendments"] = [
        {"id": "L1", "target": "Goal A.1, activity (v)", "op": "replace",
         "phrase": "national and regional levels", "by": "all levels"},
    ]  # fmt: skip
    late = type(subs[2].aset).model_validate(data)
    found = rounds.gather(
        later, [rounds.Submission(subs[2].aset, base=plan), rounds.Submission(late)]
    )
    assert [(c.first.key, c.second.key) for c in found.collisions] == [("ngo-b B2", "late L1")]
    assert "has changed since the set's base version" in found.collisions[0].reason
