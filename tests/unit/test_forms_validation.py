"""Mandatory, conditional and value rules of every stage form."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.domain.enums import Stage
from app.domain.forms import (
    EXTENSION_FORM,
    IMMEDIATE_RISK_FORM,
    Problem,
    check_draft,
    validate_stage,
    validate_values,
)
from tests.unit.form_examples import (
    VARIANTS,
    Variant,
    valid_case_context,
    valid_extension_values,
    valid_immediate_risk_values,
    valid_stage_values,
)

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
S1, S2, S3, S4, S5, S6, S7 = list(Stage)


def paths(problems: list[Problem]) -> list[str]:
    return [p.path for p in problems]


def check(stage: Stage, values: dict[str, Any], variant: Variant = "disclose",
          **context_changes: dict[str, Any]) -> list[str]:
    ctx = valid_case_context(variant)
    for key, change in context_changes.items():
        ctx[Stage[key.upper()]].update(change)
    return paths(validate_stage(stage, values, ctx, now=NOW))


# --- valid examples ------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("stage", list(Stage), ids=lambda s: s.key)
def test_valid_examples_pass(stage: Stage, variant: Variant) -> None:
    values = valid_stage_values(stage, variant)
    assert validate_stage(stage, values, valid_case_context(variant), now=NOW) == []
    assert check_draft(stage, values) == []


def test_examples_are_fresh_copies() -> None:
    a = valid_stage_values(S1)
    a["applicant"]["surname"] = "Changed"
    assert valid_stage_values(S1)["applicant"]["surname"] != "Changed"


def test_valid_aux_examples_pass() -> None:
    assert validate_values(IMMEDIATE_RISK_FORM, valid_immediate_risk_values(), now=NOW) == []
    assert validate_values(EXTENSION_FORM, valid_extension_values(), now=NOW) == []


# --- stage 1 -------------------------------------------------------------------------

EMPTY_CSODS_PROBLEMS = [
    "contact_at", "officer", "contact_method", "owning_force",
    "applicant.surname", "applicant.forenames", "applicant.dob", "applicant.address",
    "safe_contact.method", "safe_contact.details",
    "subject.surname", "subject.description",
    "children",
    "reason", "immediate_risk", "applicant_at_risk",
    "info_not_replacement", "info_best_placed", "info_24h_checks", "info_face_to_face_10d",
    "info_proof_needed", "info_45_days", "info_asked_at_risk",
    "consent_to_share", "consent_exceptions_explained",
    "check_pnc", "check_local",
    "urgent_action_required",
]


def test_empty_csods_application_reports_every_mandatory_field_in_order() -> None:
    problems = validate_stage(S1, {"request_type": "csods"}, now=NOW)
    assert paths(problems) == EMPTY_CSODS_PROBLEMS
    dob = next(p for p in problems if p.path == "applicant.dob")
    assert dob.message == "Date of birth is required."
    assert dob.label == "Applicant › Date of birth"
    assert dob.paragraphs == ("5.2.5",)
    assert all(p.message.endswith((".", "?")) for p in problems)


def test_completely_empty_stage1_also_wants_request_type() -> None:
    got = paths(validate_stage(S1, {}, now=NOW))
    assert got[:5] == ["contact_at", "officer", "contact_method", "owning_force",
                       "request_type"]
    assert "reason" in got and "applicant.surname" not in got


@pytest.mark.parametrize("request_type", ["dbs", "subject_access", "foi", "vetting_barring",
                                          "intelligence"])
def test_redirected_request_needs_only_header_and_reason(request_type: str) -> None:
    values = {"request_type": request_type}
    assert paths(validate_stage(S1, values, now=NOW)) == [
        "contact_at", "officer", "contact_method", "owning_force", "reason"]
    full = {k: valid_stage_values(S1)[k] for k in
            ("contact_at", "officer", "contact_method", "owning_force", "reason")}
    assert validate_stage(S1, {**full, "request_type": request_type}, now=NOW) == []


def test_anonymous_applicant_needs_no_particulars_or_children() -> None:
    values = valid_stage_values(S1)
    values["applicant_anonymous"] = True
    for key in ("applicant", "safe_contact", "children"):
        del values[key]
    assert check(S1, values) == []
    values["applicant_anonymous"] = False
    assert check(S1, values) == [
        "applicant.surname", "applicant.forenames", "applicant.dob", "applicant.address",
        "safe_contact.method", "safe_contact.details", "children"]


def test_children_at_least_one_and_each_named() -> None:
    values = valid_stage_values(S1)
    values["children"] = []
    assert check(S1, values) == ["children"]
    values["children"] = [{"name": "A"}, {"dob": "2019-01-01"}]
    problems = validate_stage(S1, values, valid_case_context(), now=NOW)
    assert paths(problems) == ["children[1].name"]
    assert problems[0].label == "Child 2 › Name"


def test_visor_check_required_only_with_marker() -> None:
    values = valid_stage_values(S1)
    del values["check_visor"]
    assert check(S1, values) == ["check_visor"]
    values["subject"]["visor_marker"] = False
    assert check(S1, values) == []
    del values["subject"]["visor_marker"]
    assert check(S1, values) == []


def test_subject_surname_or_description() -> None:
    values = valid_stage_values(S1)
    del values["subject"]["surname"]
    assert check(S1, values) == ["subject.surname", "subject.description"]
    values["subject"]["description"] = "Tall, about 40, red van"
    assert check(S1, values) == []


def test_subject_relationship_other_needs_text() -> None:
    values = valid_stage_values(S1)
    values["subject"]["relationship_to_applicant"] = "other"
    assert check(S1, values) == ["subject.relationship_other"]
    values["subject"]["relationship_other"] = "Lodger"
    assert check(S1, values) == []


def test_ticks_must_be_true_and_yes_no_false_is_an_answer() -> None:
    values = valid_stage_values(S1)
    values["check_pnc"] = False
    values["immediate_risk"] = False
    assert check(S1, values) == ["check_pnc"]


def test_parents_at_most_two() -> None:
    values = valid_stage_values(S1)
    values["parents"] = [{"name": "A"}, {"name": "B"}, {"name": "C"}]
    assert check(S1, values) == ["parents"]
    assert paths(check_draft(S1, values)) == ["parents"]


def test_nested_group_paths() -> None:
    values = valid_stage_values(S1)
    values["subject"]["aliases"] = [{"name": "X"}, {}]
    values["subject"]["previous_addresses"] = [{"from_date": "2020-02-30"}]
    assert check(S1, values) == [
        "subject.aliases[1].name",
        "subject.previous_addresses[0].address",
        "subject.previous_addresses[0].from_date",
    ]


# --- stage 2 -------------------------------------------------------------------------


def test_relationship_proved_needed_for_parent_carer_guardian() -> None:
    values = valid_stage_values(S2)
    del values["relationship_proved"]
    del values["relationship_document"]
    assert check(S2, values) == ["relationship_proved"]
    values["children"][0]["applicant_relationship"] = "neighbour"
    ctx_children = [{"name": "A", "applicant_relationship": "grandparent"}]
    assert check(S2, values, initial_contact={"children": ctx_children}) == []
    ctx_children[0]["applicant_relationship"] = "guardian"
    assert check(S2, values, initial_contact={"children": ctx_children}) == [
        "relationship_proved"]
    values["relationship_proved"] = True
    assert check(S2, values) == ["relationship_document"]


def test_other_agency_needs_its_name() -> None:
    values = valid_stage_values(S2)
    values["id_documents"] = ["other_agency"]
    assert check(S2, values) == ["other_agency_name"]
    values["other_agency_name"] = "Health visitor, Leeds Community Health"
    assert check(S2, values) == []


def test_stage2_visor_from_stage1_context() -> None:
    values = valid_stage_values(S2)
    del values["check_visor"]
    del values["subject"]
    assert check(S2, values) == ["check_visor"]
    ctx_subject = {"surname": "Smith", "visor_marker": False}
    assert check(S2, values, initial_contact={"subject": ctx_subject}) == []


def test_stage2_people_optional_but_checked_when_started() -> None:
    values = valid_stage_values(S2)
    for key in ("applicant", "safe_contact", "subject", "children"):
        del values[key]
    assert check(S2, values) == []
    values["applicant"] = {"surname": "Okafor"}
    assert check(S2, values) == ["applicant.forenames", "applicant.dob", "applicant.address"]


def test_empty_stage2() -> None:
    assert paths(validate_stage(S2, {}, now=NOW)) == [
        "meeting_at", "interview_mode", "meeting_place", "officer",
        "warning_false_application", "warning_confidentiality", "warning_offence_evidence",
        "warning_use_and_undertaking",
        "id_documents", "identity_verified", "check_pnc", "check_local", "check_ini",
        "immediate_risk", "applicant_at_risk", "urgent_action_required",
        "no_disclosure_confirmed"]


# --- stages 3 and 4 ------------------------------------------------------------------


def test_empty_stage3_and_4() -> None:
    assert paths(validate_stage(S3, {}, now=NOW)) == ["pack_format", "pack_given_on"]
    assert paths(validate_stage(S4, {}, now=NOW)) == [
        "officer", "check_pnc", "check_visor", "check_local", "check_ini", "categorisation",
        "rationale", "mappa_managed"]


def test_concern_grounds_rules() -> None:
    values = valid_stage_values(S4)
    del values["concern_grounds"]
    assert check(S4, values) == ["concern_grounds"]
    values = valid_stage_values(S4, "no_concerns")
    values["concern_grounds"] = ["iii_intelligence"]
    assert check(S4, values, "no_concerns") == ["concern_grounds"]
    values = valid_stage_values(S4)
    values["convictions"] = []
    assert check(S4, values) == ["convictions"]


def test_childrens_social_care_when_consented() -> None:
    values = valid_stage_values(S4)
    del values["childrens_social_care_checked"]
    del values["childrens_social_care_basis"]
    assert check(S4, values) == ["childrens_social_care_checked"]
    assert check(S4, values, initial_contact={"consent_to_share": False}) == []
    values["childrens_social_care_checked"] = True
    assert check(S4, values) == ["childrens_social_care_basis"]


def test_conviction_needs_code_date_and_type() -> None:
    values = valid_stage_values(S4)
    values["convictions"] = [{"court": "Leeds Magistrates"}]
    assert check(S4, values) == [
        "convictions[0].offence_code", "convictions[0].date", "convictions[0].disposal"]


def test_offence_is_checked_as_one_line_of_text() -> None:
    """An OFFENCE holds a code; text matching no listed offence is kept as typed, but it
    must be text, on one line, and within 200 characters."""
    values = valid_stage_values(S4)
    good = dict(values["convictions"][0])
    values["convictions"] = [{**good, "offence_code": "something else"}]
    assert check(S4, values) == []
    for bad, message in ((9, "must be text"), ("a\nb", "control character"),
                         ("x" * 201, "too long")):
        values["convictions"] = [{**good, "offence_code": bad}]
        problems = validate_stage(S4, values, valid_case_context("disclose"), now=NOW)
        assert [p.path for p in problems] == ["convictions[0].offence_code"], bad
        assert message in problems[0].message
        assert [p.path for p in check_draft(S4, values)] == ["convictions[0].offence_code"]


# --- stage 5 -------------------------------------------------------------------------


def test_forum_other_reason() -> None:
    values = valid_stage_values(S5)
    values["forum"] = "professionals_meeting"
    assert check(S5, values) == ["forum_other_reason"]
    values["forum_other_reason"] = "Subject not MAPPA; urgent decision needed."
    assert check(S5, values) == []


def test_disclose_requires_tests_reasons_and_plan() -> None:
    """¶5.6.14: the three-stage test, stage (iii) in its three parts, and the plan."""
    values = {**valid_stage_values(S5, "not_disclosed"), "decision": "disclose"}
    for key in list(values):
        if key.startswith("test_") or key in ("subject_poses_risk", "presumption_reason"):
            del values[key]
    assert check(S5, values) == [
        "test_power", "test_power_reasons", "test_pressing_need",
        "test_pressing_need_reasons", "test_proportionate", "test_proportionate_reasons",
        "test_consequences_for_subject", "test_risk_underground", "test_extent_needed",
        "subject_poses_risk",
        "recipient.name", "recipient.relationship", "recipient.is_applicant",
        "recipient.why_best_placed",
        "disclosure_extent", "subject_to_be_told", "subject_told_reasons", "self_disclosure",
        "community_risk_assessment"]


def test_not_disclosing_needs_no_tests() -> None:
    assert check(S5, valid_stage_values(S5, "not_disclosed"), "not_disclosed") == []


def test_disclose_with_a_failed_test_is_refused() -> None:
    values = valid_stage_values(S5)
    values["test_pressing_need"] = False
    problems = validate_stage(S5, values, valid_case_context(), now=NOW)
    assert paths(problems) == ["test_pressing_need"]
    assert problems[0].paragraphs == ("5.6.14",)


def test_disclose_only_when_concerns() -> None:
    values = valid_stage_values(S5)
    assert check(S5, values, risk_assessment={"categorisation": "no_concerns"}) == ["decision"]
    assert paths(validate_stage(S5, values, {}, now=NOW)) == ["decision"]


def test_empty_stage5() -> None:
    """Concerns: forum, the three-stage test (for either outcome, ¶5.6.14) and the decision.
    No concerns (Appendix A, ¶5.6.1-5.6.3): the police decide; no forum and no test."""
    assert paths(validate_stage(S5, {}, valid_case_context("not_disclosed"), now=NOW)) == [
        "forum", "forum_date", "test_power", "test_power_reasons", "test_pressing_need",
        "test_pressing_need_reasons", "test_proportionate", "test_proportionate_reasons",
        "test_consequences_for_subject", "test_risk_underground", "test_extent_needed",
        "data_protection_considered", "decision", "decision_rationale", "subject_poses_risk"]
    assert paths(validate_stage(S5, {}, valid_case_context("no_concerns"), now=NOW)) == [
        "decision", "decision_rationale"]


# --- stage 6 -------------------------------------------------------------------------


def test_outcome_blocks_follow_the_decision() -> None:
    disclose = paths(validate_stage(S6, {}, valid_case_context("disclose"), now=NOW))
    assert disclose == [
        "disclosure_made",
        "disclosed_at", "disclosed_place", "disclosed_by", "recipient_name", "verbatim",
        "warning_use_only_safeguarding", "warning_confidential", "warning_legal_proceedings",
        "undertaking_signed", "other_children_contact_told", "form_retained_by_police",
        # the forum decided the subject is told (¶5.6.17, 5.6.25)
        "subject_told_by", "subject_told_at", "subject_told_in_person",
        "subject_given_scheme_info", "subject_response"]
    none = paths(validate_stage(S6, {}, valid_case_context("no_concerns"), now=NOW))
    assert none == ["conveyed_by", "conveyed_on", "told_no_info_not_no_risk",
                    "safeguarding_advice_given"]
    concerns = paths(validate_stage(S6, {}, valid_case_context("not_disclosed"), now=NOW))
    assert concerns == [*none, "behaviour_contact"]


def test_letter_needs_safe_address() -> None:
    values = valid_stage_values(S6, "no_concerns")
    values["conveyed_by"] = "letter"
    assert check(S6, values, "no_concerns") == ["address_safe"]
    values["address_safe"] = True
    assert check(S6, values, "no_concerns") == []


def test_undertaking_refused_needs_decision() -> None:
    values = valid_stage_values(S6)
    values["undertaking_signed"] = False
    assert check(S6, values) == ["proceed_despite_refusal", "refusal_decision_reasons"]
    values["proceed_despite_refusal"] = True
    values["refusal_decision_reasons"] = "Risk to the child outweighs the refusal."
    assert check(S6, values) == []


# --- closure and auxiliary forms -----------------------------------------------------


def test_empty_closure() -> None:
    assert paths(validate_stage(S7, {}, now=NOW)) == [
        "closed_on", "route", "intel_report_ref", "intel_report_date"]
    values = valid_stage_values(S7)
    values["route"] = "lost"
    assert check(S7, values) == ["route"]


def test_extension_needs_days_or_date_not_both() -> None:
    values = valid_extension_values()
    del values["extra_days"]
    # The empty pair is one missing answer (Field.one_of), reported once.
    assert paths(validate_values(EXTENSION_FORM, values, now=NOW)) == ["extra_days"]
    values["new_date"] = "2025-05-01"
    assert validate_values(EXTENSION_FORM, values, now=NOW) == []
    values["extra_days"] = "7"
    assert paths(validate_values(EXTENSION_FORM, values, now=NOW)) == ["new_date"]
    values = valid_extension_values()
    for bad in ("0", "seven", "1000", "-3", "٣"):
        values["extra_days"] = bad
        assert paths(validate_values(EXTENSION_FORM, values, now=NOW)) == ["extra_days"], bad


def test_immediate_risk_form() -> None:
    assert paths(validate_values(IMMEDIATE_RISK_FORM, {}, now=NOW)) == [
        "what_seen", "action_taken", "action_by", "action_at"]
    values = valid_immediate_risk_values()
    values["action_taken"] = ["other"]
    del values["action_details"]
    assert paths(validate_values(IMMEDIATE_RISK_FORM, values, now=NOW)) == ["action_details"]
    assert paths(validate_values(IMMEDIATE_RISK_FORM.fields(), values, now=NOW)) == [
        "action_details"]
