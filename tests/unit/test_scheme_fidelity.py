"""Issue 11, scheme fidelity: every rule enforced by the services, each test naming its ¶.

Items 1-6, 8, 9, 11 and 12 of the issue (timescales, referrals, policy and figures are
tested elsewhere).
"""

from __future__ import annotations

from typing import Any

import pytest

from app.documents import DocumentKind
from app.domain import process
from app.domain.case_facts import CaseFacts
from app.domain.enums import AuditAction, Route, Stage
from app.domain.forms import form_for, validate_stage
from app.errors import InvalidInput, RefusedByGuardrail
from app.services import case_actions, cases, documents
from app.services.session import Session
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values, walk_to
from tests.unit.form_examples import valid_case_context, valid_immediate_risk_values
from tests.unit.test_documents_support import text

REFUSED_NOT_PROCEEDED: dict[str, Any] = {
    "disclosure_made": False,
    "not_made_reason": "undertaking_refused",
    "not_made_details": "Would not sign; the duty inspector decided not to go ahead.",
    "disclosed_at": "2025-03-25T10:30:00+00:00",
    "disclosed_place": "Leeds District HQ",
    "disclosed_by": "DS 77 Evans",
    "recipient_name": "Adaeze Okafor",
    "undertaking_signed": False,
    "proceed_despite_refusal": False,
    "refusal_decision_reasons": "Real risk the information would be passed on.",
}


def _problems(err: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [p.path for p in err.value.problems]


def _audit(session: Session, ref: str) -> list[audit_repo.AuditRow]:
    return [r for r in audit_repo.iter_rows(session.conn) if r.case_ref == ref]


def _to_outcome(unit: TestUnit, officer: Session, supervisor: Session,
                variant: str = "disclose", **s5: Any) -> str:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.RISK_ASSESSMENT, variant)  # type: ignore[arg-type]
    cases.complete_stage(officer, ref, Stage.DECISION,
                         values(Stage.DECISION, variant, **s5))  # type: ignore[arg-type]
    case_actions.sign_off(supervisor, ref, approve=True)
    return ref


# --- 1. Disclosure not made (¶5.6.21) ----------------------------------------------------


def test_refused_undertaking_not_proceeded_closes_as_disclosure_not_made_5_6_21(
        unit: TestUnit) -> None:
    """¶5.6.21: a decision to disclose that did not lead to a disclosure has its own route;
    stage 6 asks no verbatim record, warnings or 'form retained'; summary and report say so."""
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = _to_outcome(unit, officer, supervisor)
        done = cases.complete_stage(officer, ref, Stage.OUTCOME, dict(REFUSED_NOT_PROCEEDED))
        assert done.route is Route.DISCLOSURE_NOT_MADE
        assert done.case.route is Route.DISCLOSURE_NOT_MADE
        summary = done.case.values(Stage.CLOSURE)["summary"]
        assert "Route at closure: Disclosure decided but not made" in summary
        assert "Disclosure NOT made: the recipient refused to sign the undertaking" in summary
        assert "Intended disclosure recipient" in summary
        # No disclosure happened, so the audit trail records none.
        assert not any(r.action == AuditAction.DISCLOSE for r in _audit(officer, ref))
        with pytest.raises(RefusedByGuardrail, match="¶5.6, 5.6.21"):
            cases.complete_stage(officer, ref, Stage.CLOSURE,
                                 values(Stage.CLOSURE, route=Route.DISCLOSED.value))
        closed = cases.complete_stage(officer, ref, Stage.CLOSURE, values(
            Stage.CLOSURE, route=Route.DISCLOSURE_NOT_MADE.value, summary=""))
        assert closed.case.status == "closed"
        report = text(documents.produce(officer, ref, DocumentKind.CLOSURE_REPORT))
    assert "Disclosure decided but not made" in report
    assert "disclosure not made" in report


def test_stage6_not_made_asks_no_verbatim_warnings_or_form_retained_5_6_21() -> None:
    """¶5.6.21: when the disclosure was not made, the made-disclosure record is not demanded;
    the 'go ahead despite the refusal?' question is asked only when the undertaking was
    refused."""
    ctx = valid_case_context("disclose")
    not_reached = validate_stage(Stage.OUTCOME, {"disclosure_made": False}, ctx)
    assert [p.path for p in not_reached] == ["not_made_reason", "not_made_details"]
    refused = validate_stage(Stage.OUTCOME, {**REFUSED_NOT_PROCEEDED}, ctx)
    assert refused == []
    signed = {**values(Stage.OUTCOME), "undertaking_signed": True}
    assert "proceed_despite_refusal" not in [p.path for p in validate_stage(
        Stage.OUTCOME, {k: v for k, v in signed.items() if k != "verbatim"}, ctx)]
    refused_made = {**values(Stage.OUTCOME), "undertaking_signed": False}
    assert [p.path for p in validate_stage(Stage.OUTCOME, refused_made, ctx)] == [
        "proceed_despite_refusal", "refusal_decision_reasons"]


def test_recipient_not_reached_is_disclosure_not_made_5_6_21(unit: TestUnit) -> None:
    """¶5.6.21: the recipient could not be reached: no meeting, no undertaking question."""
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = _to_outcome(unit, officer, supervisor)
        done = cases.complete_stage(officer, ref, Stage.OUTCOME, {
            "disclosure_made": False, "not_made_reason": "not_reached",
            "not_made_details": "Moved away; three visits and letters to the safe address."})
    assert done.route is Route.DISCLOSURE_NOT_MADE
    assert "could not be reached" in done.case.values(Stage.CLOSURE)["summary"]


def test_outcome_route_returns_disclosure_not_made_5_6_21() -> None:
    """¶5.6.21: process.outcome_route, including records made before the question existed."""
    ctx = valid_case_context("disclose")
    made = CaseFacts(Stage.OUTCOME, ctx)
    assert process.outcome_route(made) is Route.DISCLOSED
    ctx_old = {**ctx, Stage.OUTCOME: {"undertaking_signed": False,
                                      "proceed_despite_refusal": False}}
    assert process.outcome_route(CaseFacts(Stage.OUTCOME, ctx_old)) is Route.DISCLOSURE_NOT_MADE
    contradiction = {**REFUSED_NOT_PROCEEDED, "disclosure_made": True}
    assert "disclosure_made" in [p.path for p in validate_stage(
        Stage.OUTCOME, contradiction, ctx)]


# --- 2. Stage 6 recipient is the one authorised at stage 5 (¶5.6.18-19) ------------------


def test_stage6_recipient_prefilled_and_fixed_5_6_18_19(unit: TestUnit) -> None:
    """¶5.6.18-19: stage 6 starts with the authorised recipient and refuses anyone else; to
    disclose to someone else the decision is returned and re-made."""
    assert form_for(Stage.OUTCOME).field("recipient_name").fixed_from == \
        "decision:recipient.name"
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = _to_outcome(unit, officer, supervisor)
        case = cases.load_case(officer, ref)
        assert case.values(Stage.OUTCOME)["recipient_name"] == "Adaeze Okafor"
        with pytest.raises(RefusedByGuardrail) as refused:
            cases.complete_stage(officer, ref, Stage.OUTCOME,
                                 values(Stage.OUTCOME, recipient_name="Pat Okafor"))
        assert any("¶5.6.18, 5.6.19" in r and "return the decision" in r
                   for r in refused.value.reasons)
        assert not cases.load_case(officer, ref).is_complete(Stage.OUTCOME)


# --- 3. No concerns refused with findings, unless a supervisor overrides (¶5.5.3, 5.5.5) --


def test_no_concerns_with_findings_needs_supervisor_override_5_5_3_5_5_5(
        unit: TestUnit) -> None:
    """¶5.5.3, 5.5.5: 'no concerns' with a Schedule 34A conviction, intelligence or concerning
    behaviour recorded is refused; only a supervisor may complete it, with the reason."""
    s4 = values(Stage.RISK_ASSESSMENT, "no_concerns",
                intelligence="Arrested 2019 for indecent images; no further action.")
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.INFORMATION_PACK, "no_concerns")
        with pytest.raises(InvalidInput) as missing:
            cases.complete_stage(officer, ref, Stage.RISK_ASSESSMENT, s4)
        assert _problems(missing) == ["no_concerns_override_reason"]
        s4["no_concerns_override_reason"] = "Intelligence disproved: wrong man, DOB differs."
        with pytest.raises(RefusedByGuardrail) as refused:
            cases.complete_stage(officer, ref, Stage.RISK_ASSESSMENT, s4)
        assert "intelligence (¶5.5.3, 5.5.5)" in refused.value.reasons[0]
        case_actions.assign(supervisor, ref, supervisor.user.username)
        done = cases.complete_stage(supervisor, ref, Stage.RISK_ASSESSMENT, s4)
        assert done.next_stage is Stage.DECISION
        rows = _audit(supervisor, ref)
    override = [r for r in rows if "'no concerns' by supervisor override" in (r.detail or "")]
    assert len(override) == 1 and "¶5.5.3, 5.5.5" in (override[0].justification or "")


def test_no_concerns_without_findings_needs_no_override_5_5_5(unit: TestUnit) -> None:
    """¶5.5.5: nothing recorded, so an officer categorises 'no concerns' alone."""
    with unit.officer() as officer:
        ref = open_new(officer).reference
        done = walk_to(officer, None, ref, Stage.RISK_ASSESSMENT, "no_concerns")
    assert done.is_complete(Stage.RISK_ASSESSMENT)


# --- 4. Community risk assessment and proven relationship (¶5.6.26, 5.1.7, 5.2.5) --------


def test_disclosure_refused_when_community_risk_assessment_no_5_6_26(unit: TestUnit) -> None:
    """¶5.6.26: a community risk assessment must be considered in every disclosure."""
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.RISK_ASSESSMENT)
        with pytest.raises(RefusedByGuardrail) as refused:
            cases.complete_stage(officer, ref, Stage.DECISION, values(
                Stage.DECISION, community_risk_assessment=False))
    assert any("¶5.6.26" in r for r in refused.value.reasons)


def test_disclosure_refused_when_relationship_not_proved_5_1_7_5_2_5(unit: TestUnit) -> None:
    """¶5.1.7, 5.2.5: nothing is disclosed to an applicant whose relationship to the child
    has not been proved."""
    with unit.officer() as officer:
        ref = open_new(officer).reference
        cases.complete_stage(officer, ref, Stage.INITIAL_CONTACT, values(Stage.INITIAL_CONTACT))
        s2 = values(Stage.FACE_TO_FACE, relationship_proved=False)
        s2.pop("relationship_document")
        cases.complete_stage(officer, ref, Stage.FACE_TO_FACE, s2)
        for stage in (Stage.INFORMATION_PACK, Stage.RISK_ASSESSMENT):
            cases.complete_stage(officer, ref, stage, values(stage))
        with pytest.raises(RefusedByGuardrail) as refused:
            cases.complete_stage(officer, ref, Stage.DECISION, values(Stage.DECISION))
    assert any("¶5.1.7, 5.2.5" in r for r in refused.value.reasons)


# --- 5. MAPPA subjects go to MAPPA (¶5.6.12) ---------------------------------------------


def test_mappa_subject_goes_to_mappa_or_exception_recorded_5_6_12(unit: TestUnit) -> None:
    """¶5.6.12: category, level, offender manager and ViSOR reference recorded; the decision
    is made at a MAPPA meeting (with its reference) or the exception is given a reason."""
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.INFORMATION_PACK)
        s4 = values(Stage.RISK_ASSESSMENT, mappa_managed=True)
        with pytest.raises(InvalidInput) as missing:
            cases.complete_stage(officer, ref, Stage.RISK_ASSESSMENT, s4)
        assert _problems(missing) == ["mappa_category", "mappa_level", "offender_manager"]
        s4.update(mappa_category="1", mappa_level="2", offender_manager="PC 44 Dunmore",
                  visor_reference="VR-123456")
        cases.complete_stage(officer, ref, Stage.RISK_ASSESSMENT, s4)
        with pytest.raises(InvalidInput) as exception:
            cases.complete_stage(officer, ref, Stage.DECISION, values(Stage.DECISION))
        assert _problems(exception) == ["mappa_exception_reason"]
        with pytest.raises(InvalidInput) as reference:
            cases.complete_stage(officer, ref, Stage.DECISION, values(
                Stage.DECISION, forum="mappa_meeting"))
        assert _problems(reference) == ["mappa_meeting_reference"]
        done = cases.complete_stage(officer, ref, Stage.DECISION, values(
            Stage.DECISION, forum="mappa_meeting", mappa_meeting_reference="MAPPA-2025-031"))
    assert done.case.awaiting_signoff
    assert done.case.values(Stage.RISK_ASSESSMENT)["visor_reference"] == "VR-123456"


def test_mappa_exception_with_reason_is_accepted_5_6_12(unit: TestUnit) -> None:
    """¶5.6.12: another forum is the exception, allowed with the reason recorded."""
    from app.domain import guardrails

    ctx = valid_case_context("disclose")
    ctx[Stage.RISK_ASSESSMENT]["mappa_managed"] = True
    facts = CaseFacts(Stage.DECISION, ctx)
    assert "¶5.6.12" in guardrails.mappa_refusals(facts)[0]
    ctx[Stage.DECISION]["mappa_exception_reason"] = "Urgent: no MAPPA meeting for 3 weeks."
    assert guardrails.mappa_refusals(CaseFacts(Stage.DECISION, ctx)) == []


# --- 6. No concerns: police decision with sign-off, no forum (Appendix A, ¶5.6.1-3) ------


def test_no_concerns_decided_by_police_without_a_forum_appendix_a_5_6_1(
        unit: TestUnit) -> None:
    """Appendix A, ¶5.6.1-5.6.3: no forum is asked or accepted; a supervisor signs off and
    the case goes straight to the non-disclosure outcome."""
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.RISK_ASSESSMENT, "no_concerns")
        with pytest.raises(RefusedByGuardrail) as invented:
            cases.complete_stage(officer, ref, Stage.DECISION, values(
                Stage.DECISION, "no_concerns", forum="strategy_meeting",
                forum_date="2025-03-20"))
        assert "Appendix A, ¶5.6.1–5.6.3" in invented.value.reasons[0]
        done = cases.complete_stage(officer, ref, Stage.DECISION,
                                    values(Stage.DECISION, "no_concerns"))
        assert done.case.awaiting_signoff
        case_actions.sign_off(supervisor, ref, approve=True)
        outcome = cases.complete_stage(officer, ref, Stage.OUTCOME,
                                       values(Stage.OUTCOME, "no_concerns"))
    assert outcome.route is Route.NO_CONCERNS


# --- 8. Presumption to disclose; the three-stage test for both outcomes (¶2.2, 5.6.14) ---


def test_not_disclosing_against_presumption_needs_reason_2_2_2_6_5_6_14(
        unit: TestUnit) -> None:
    """¶2.2, 2.6, 5.6.14: child sexual offence convictions + assessed as a risk + decision
    not to disclose ⇒ the reason the presumption does not apply is recorded."""
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.RISK_ASSESSMENT, "not_disclosed")
        s5 = values(Stage.DECISION, "not_disclosed")
        s5.pop("presumption_reason")
        with pytest.raises(InvalidInput) as missing:
            cases.complete_stage(officer, ref, Stage.DECISION, s5)
        assert _problems(missing) == ["presumption_reason"]
        assert missing.value.problems[0].paragraphs == ("2.2", "2.6", "5.6.14")
        s5["subject_poses_risk"] = False  # not a risk: no presumption
        assert cases.complete_stage(officer, ref, Stage.DECISION, s5).case.awaiting_signoff


def test_three_stage_test_recorded_for_both_outcomes_with_stage_iii_split_5_6_14_3_8() -> None:
    """¶5.6.14, 3.8: the test is recorded whatever the decision; stage (iii) in its parts:
    consequences for the subject, risk of driving them underground, how much to say."""
    ctx = valid_case_context("not_disclosed")
    s5 = values(Stage.DECISION, "not_disclosed")
    for part in ("test_power", "test_consequences_for_subject", "test_risk_underground",
                 "test_extent_needed"):
        s5.pop(part)
    problems = validate_stage(Stage.DECISION, s5, ctx)
    assert [p.path for p in problems] == ["test_power", "test_consequences_for_subject",
                                          "test_risk_underground", "test_extent_needed"]
    assert "3.8" in form_for(Stage.DECISION).field("test_risk_underground").paragraphs


# --- 9. Emergency disclosure on a supervisor's authority (¶3.3, 5.2.15) -----------------


def test_urgent_disclosure_recorded_on_supervisor_authority_3_3_5_2_15(
        unit: TestUnit) -> None:
    """¶3.3, 5.2.15: the immediate-risk form records an urgent disclosure (who authorised,
    what was said, to whom, when); that is the one path before stage 6, and it is audited."""
    urgent = {**valid_immediate_risk_values(),
              "action_taken": ["safeguarding_referral", "duty_supervisor_told",
                               "urgent_disclosure"]}
    with unit.officer() as officer:
        ref = open_new(officer).reference
        with pytest.raises(InvalidInput) as missing:
            case_actions.record_immediate_risk(officer, ref, dict(urgent))
        assert _problems(missing) == ["disclosure_authorised_by", "disclosure_to",
                                      "disclosure_said", "disclosure_at"]
        urgent.update(disclosure_authorised_by="Insp 12 Rowe (duty inspector)",
                      disclosure_to="Adaeze Okafor, mother",
                      disclosure_said="Do not let John Smith look after Amara tonight.",
                      disclosure_at="2025-03-03T10:30:00+00:00")
        no_supervisor = {**urgent, "action_taken": ["urgent_disclosure"]}
        with pytest.raises(InvalidInput) as unauthorised:
            case_actions.record_immediate_risk(officer, ref, no_supervisor)
        assert "supervisor" in unauthorised.value.problems[0].message
        case = case_actions.record_immediate_risk(officer, ref, urgent)
        assert case.immediate_risk
        disclosed = [r for r in _audit(officer, ref) if r.action == AuditAction.DISCLOSE]
    assert len(disclosed) == 1 and "¶3.3, 5.2.15" in (disclosed[0].justification or "")


def test_emergency_disclosure_guardrail_allows_exactly_that_path_3_3() -> None:
    """¶3.3, 5.2.15: the stage 6 guardrail points to the one earlier path."""
    from app.domain import guardrails

    early = CaseFacts(Stage.FACE_TO_FACE, valid_case_context("disclose"))
    assert any("immediate-risk form" in r and "¶3.3" in r
               for r in guardrails.disclosure_refusals(early))
    assert guardrails.emergency_disclosure_refusals({"action_taken": ["urgent_disclosure"]})
    assert guardrails.emergency_disclosure_refusals({"action_taken": ["s47_enquiry"]}) == []


# --- 11. The subject told / self-disclosure (¶5.6.17, 5.6.23-25) -------------------------


def test_subject_told_in_person_with_scheme_information_5_6_17_5_6_25(unit: TestUnit) -> None:
    """¶5.6.17, 5.6.23-25: the forum decided to tell the subject, so who told them, when,
    in person with the scheme information, and what they said are recorded."""
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = _to_outcome(unit, officer, supervisor)
        s6 = values(Stage.OUTCOME, subject_told_in_person=False)
        for key in ("subject_told_by", "subject_response"):
            s6.pop(key)
        with pytest.raises(InvalidInput) as missing:
            cases.complete_stage(officer, ref, Stage.OUTCOME, s6)
    assert _problems(missing) == ["subject_told_by", "subject_told_in_person",
                                  "subject_response"]


def test_self_disclosure_recorded_and_confirmed_with_recipient_5_6_23(unit: TestUnit) -> None:
    """¶5.6.23: for self-disclosure, how it went and the officer's confirmation with the
    recipient."""
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = _to_outcome(unit, officer, supervisor, self_disclosure=True)
        with pytest.raises(InvalidInput) as missing:
            cases.complete_stage(officer, ref, Stage.OUTCOME, values(Stage.OUTCOME))
        assert _problems(missing) == ["self_disclosure_way", "self_disclosure_account",
                                      "self_disclosure_confirmed",
                                      "self_disclosure_confirmed_on"]
        done = cases.complete_stage(officer, ref, Stage.OUTCOME, values(
            Stage.OUTCOME, self_disclosure_way="confirmed_after",
            self_disclosure_account="He told her himself the same evening.",
            self_disclosure_confirmed=True, self_disclosure_confirmed_on="2025-03-26"))
    assert done.route is Route.DISCLOSED


# --- 12. A recipient who is not the applicant (¶4.3, 5.6.19) ------------------------------


def test_recipient_not_applicant_checked_and_applicant_told_4_3_5_6_19(unit: TestUnit) -> None:
    """¶4.3, 5.6.19: another recipient's identity and relationship are checked, safe contact
    recorded, and what the applicant was told is recorded at stage 6."""
    other = {"name": "Pat Okafor", "relationship": "parent", "is_applicant": False,
             "why_best_placed": "Father; the child lives with him."}
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.RISK_ASSESSMENT)
        with pytest.raises(InvalidInput) as missing:
            cases.complete_stage(officer, ref, Stage.DECISION,
                                 values(Stage.DECISION, recipient=dict(other)))
        assert _problems(missing) == ["recipient.identity_checked",
                                      "recipient.relationship_checked",
                                      "recipient.checks_detail", "recipient.safe_contact"]
        other.update(identity_checked=True, relationship_checked=True,
                     checks_detail="Passport; child's birth certificate",
                     safe_contact="Mobile 07700 900456, evenings")
        cases.complete_stage(officer, ref, Stage.DECISION,
                             values(Stage.DECISION, recipient=other))
        case_actions.sign_off(supervisor, ref, approve=True)
        s6 = values(Stage.OUTCOME, recipient_name="Pat Okafor")
        with pytest.raises(InvalidInput) as told:
            cases.complete_stage(officer, ref, Stage.OUTCOME, s6)
        assert _problems(told) == ["applicant_told"]
        s6["applicant_told"] = "That the police have acted to protect Amara; nothing more."
        done = cases.complete_stage(officer, ref, Stage.OUTCOME, s6)
    assert done.route is Route.DISCLOSED
