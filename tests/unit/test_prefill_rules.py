"""Details nobody types twice (issue 12 item 6): the read model's pre-fill rules,
without Qt. The wizard side is tests/ui/test_wizard_prefill.py."""

from __future__ import annotations

from typing import Any

from app.domain.enums import Stage
from app.domain.forms import form_for
from app.domain.prefill import fill_recipient, fixed_answers, recipient_from_applicant
from app.services import case_actions, cases
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values, walk_to


def _people(relationships: list[str], **applicant: Any) -> dict[Stage, dict[str, Any]]:
    person = {"forenames": "Marigold  Jane", "surname": "Pettifer", **applicant}
    return {Stage.INITIAL_CONTACT: {
        "applicant": person,
        "children": [{"name": f"Child {i}", "applicant_relationship": r}
                     for i, r in enumerate(relationships)]}}


def test_recipient_from_the_applicant_takes_the_name_and_a_clear_relationship() -> None:
    assert recipient_from_applicant(_people(["parent", "parent"])) == {
        "name": "Marigold Jane Pettifer", "relationship": "parent"}
    # Two different relationships, or one a recipient cannot have: left for the officer.
    assert recipient_from_applicant(_people(["parent", "carer"])) == {
        "name": "Marigold Jane Pettifer"}
    assert recipient_from_applicant(_people(["grandparent"])) == {
        "name": "Marigold Jane Pettifer"}
    assert recipient_from_applicant({}) == {}


def test_stage_2_corrections_win_over_stage_1() -> None:
    both = _people(["parent"])
    both[Stage.FACE_TO_FACE] = {"applicant": {"forenames": "Marigold", "surname": "Pettifer-Ross"},
                                "children": [{"name": "C", "applicant_relationship": "guardian"}]}
    assert recipient_from_applicant(both) == {"name": "Marigold Pettifer-Ross",
                                              "relationship": "guardian"}


def test_what_the_officer_typed_is_never_replaced() -> None:
    typed = {"name": "M. Pettifer", "is_applicant": True}
    assert fill_recipient(typed, _people(["parent"])) == {
        "name": "M. Pettifer", "is_applicant": True, "relationship": "parent"}


def test_fixed_answers_follow_field_fixed_from() -> None:
    form = form_for(Stage.OUTCOME)
    found = fixed_answers(form, {Stage.DECISION: {"recipient": {"name": "Adaeze Okafor"}}})
    assert [(a.path, a.value, a.source) for a in found] == [
        ("recipient_name", "Adaeze Okafor", Stage.DECISION)]
    assert fixed_answers(form, {}) == []


def test_stage_4_starts_with_the_signed_in_officer_para_5_4_3(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        case = walk_to(officer, None, ref, Stage.INFORMATION_PACK)
        assert case.current_stage is Stage.RISK_ASSESSMENT
        name = officer.user.display_name
        assert case.prefill(Stage.RISK_ASSESSMENT, name) == {"officer": name}
        assert case.prefill(Stage.RISK_ASSESSMENT) == {}  # nobody named: nothing invented
        saved = cases.save_draft(officer, ref, Stage.RISK_ASSESSMENT, {"officer": "DC Ng"})
        assert saved.prefill(Stage.RISK_ASSESSMENT, name) == {}  # a saved draft wins


def test_stage_6_recipient_is_fixed_with_a_note_naming_the_sign_off(unit: TestUnit) -> None:
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.RISK_ASSESSMENT)
        cases.complete_stage(officer, ref, Stage.DECISION, values(Stage.DECISION))
        case = case_actions.sign_off(supervisor, ref, approve=True)
    [answer] = case.fixed_answers(Stage.OUTCOME)
    assert answer.value == case.values(Stage.DECISION)["recipient"]["name"]
    note = case.fixed_note(answer)
    assert note.startswith("From the decision signed off on ")
    assert note.endswith("to disclose to someone else, the decision must be returned.")
    assert case.applicant_as_recipient({"name": "Kept"})["name"] == "Kept"
