"""The decision record and the closure report show the fields the scheme rules added
(issue 11, "Must show"): the three-stage test with stage (iii) in its parts (¶5.6.14),
the presumption reason (¶2.2, 2.6), MAPPA (¶5.6.12), the subject told (¶5.6.23–25),
the recipient who is not the applicant (¶4.3, 5.6.19), urgent disclosure (¶3.3,
5.2.15), disclosure not made (¶5.6.21), the sign-off and the timescale policy."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest

from app.documents import DocumentKind, build
from app.documents.model import DocumentCase, RiskNote, SignOff
from app.domain.enums import Stage
from app.domain.timescale_policy import TimescalePolicy
from tests.unit.form_examples import Variant, valid_immediate_risk_values
from tests.unit.test_documents_support import assert_frame, make_case, text

S4, S5, S6 = Stage.RISK_ASSESSMENT, Stage.DECISION, Stage.OUTCOME
DECISION, CLOSURE = DocumentKind.DECISION_RECORD, DocumentKind.CLOSURE_REPORT
MAPPA = {(S4, "mappa_managed"): True, (S4, "mappa_category"): "1", (S4, "mappa_level"): "2",
         (S4, "offender_manager"): "Ms R Cole, probation", (S4, "visor_reference"): "VS-000123",
         (S5, "forum"): "mappa_meeting", (S5, "mappa_meeting_reference"): "MAPPA/WY/2025/77"}


def _urgent() -> RiskNote:
    risk = valid_immediate_risk_values()
    risk["action_taken"] = [*risk.get("action_taken", []), "urgent_disclosure",
                            "duty_supervisor_told"]
    risk.update(disclosure_authorised_by="Insp 4 Grant", disclosure_to="Adaeze Okafor",
                disclosure_said="Keep Amara away from him tonight.",
                disclosure_at="2025-03-05T18:20:00+00:00")
    return RiskNote(risk, datetime(2025, 3, 5, 18, 40, tzinfo=UTC))


def _case(variant: Variant = "disclose",
          changes: dict[tuple[Stage, str], Any] | None = None) -> DocumentCase:
    return dataclasses.replace(
        make_case(variant, changes=changes, current_stage=Stage.CLOSURE),
        signed_off=SignOff("DS 12 Priya Patel", datetime(2025, 3, 21, 14, 5, tzinfo=UTC)),
        policy=TimescalePolicy(version=2, name="Force policy 2024", overall_days=28),
        risks=(_urgent(),))


@pytest.mark.parametrize("kind", [DECISION, CLOSURE])
def test_mappa_details_paragraph_5_6_12(kind: DocumentKind) -> None:
    body = text(build(kind, _case(changes=MAPPA)))
    for expected in ("Category 1: registered sexual offender", "Level 2: multi-agency",
                     "Ms R Cole, probation", "VS-000123", "MAPPA/WY/2025/77"):
        assert expected in body, expected
    assert "Why not a MAPPA meeting" not in body  # the exception does not apply


@pytest.mark.parametrize("kind", [DECISION, CLOSURE])
def test_mappa_exception_paragraph_5_6_12(kind: DocumentKind) -> None:
    changes = {**MAPPA, (S5, "forum"): "strategy_meeting",
               (S5, "mappa_meeting_reference"): None,
               (S5, "mappa_exception_reason"): "The next MAPPA meeting was too late."}
    body = text(build(kind, _case(changes=changes)))
    assert "Why not a MAPPA meeting" in body
    assert "The next MAPPA meeting was too late." in body


@pytest.mark.parametrize("kind", [DECISION, CLOSURE])
def test_three_stage_test_with_stage_iii_in_parts_paragraph_5_6_14(kind: DocumentKind) -> None:
    body = text(build(kind, _case()))
    for expected in ("(i) Is there a power to disclose?", "(ii) Is there a pressing need",
                     "(iii) Consequences for the subject", "He may lose his home",
                     "(iii) Risk of driving the subject underground", "He reports as required",
                     "(iii) How much needs to be said", "not its details"):
        assert expected in body, expected


@pytest.mark.parametrize("kind", [DECISION, CLOSURE])
def test_presumption_reason_paragraph_2_2(kind: DocumentKind) -> None:
    body = text(build(kind, _case("not_disclosed")))
    assert "Why the presumption to disclose does not apply" in body
    assert "no longer has any contact with the child" in body
    assert "Why the presumption" not in text(build(kind, _case()))  # disclosed: n/a


@pytest.mark.parametrize("kind", [DECISION, CLOSURE])
def test_sign_off_and_timescale_policy_in_force_paragraph_5_6_27(kind: DocumentKind) -> None:
    body = text(build(kind, _case()))
    assert "Signed off by DS 12 Priya Patel, 21 March 2025, 14:05" in body
    assert "v2 Force policy 2024" in body and "28 d overall" in body


@pytest.mark.parametrize("kind", [DECISION, CLOSURE])
def test_urgent_disclosure_from_immediate_risk_paragraph_5_2_15(kind: DocumentKind) -> None:
    body = text(build(kind, _case()))
    for expected in ("Immediate risk and urgent disclosure", "Record 1, made 5 March 2025",
                     "☑ Urgent disclosure made on a supervisor's authority", "Insp 4 Grant",
                     "Keep Amara away from him tonight.", "5 March 2025, 18:20"):
        assert expected in body, expected


def test_closure_report_disclosure_not_made_with_reason_paragraph_5_6_21() -> None:
    changes = {(S6, "disclosure_made"): False, (S6, "not_made_reason"): "not_reached",
               (S6, "not_made_details"): "Three visits, no answer; phone disconnected."}
    body = text(build(CLOSURE, _case(changes=changes)))
    assert "disclosure not made: the recipient could not be reached" in body
    assert "Was the disclosure made? ¶5.6.21 No" in body
    assert "Three visits, no answer; phone disconnected." in body


def test_closure_report_subject_told_paragraph_5_6_25() -> None:
    body = text(build(CLOSURE, _case()))
    for expected in ("Subject told", "PC 88 Ward, offender manager", "24 March 2025, 16:00",
                     "He said he understood and did not object."):
        assert expected in body, expected


def test_closure_report_self_disclosure_paragraph_5_6_23() -> None:
    changes = {(S5, "self_disclosure"): True, (S6, "self_disclosure_way"): "confirmed_after",
               (S6, "self_disclosure_account"): "He told her at home; she was calm.",
               (S6, "self_disclosure_confirmed"): True}
    body = text(build(CLOSURE, _case(changes=changes)))
    assert "the officer then confirmed it with the recipient" in body
    assert "He told her at home; she was calm." in body


@pytest.mark.parametrize("kind", [DECISION, CLOSURE])
def test_recipient_not_the_applicant_checks_paragraph_5_6_19(kind: DocumentKind) -> None:
    other = {"name": "Grace Mensah", "relationship": "guardian", "is_applicant": False,
             "identity_checked": True, "relationship_checked": True,
             "checks_detail": "Passport and special guardianship order",
             "safe_contact": "Mobile, evenings", "why_best_placed": "The child lives with her."}
    changes = {(S5, "recipient"): other, (S6, "recipient_name"): "Grace Mensah",
               (S6, "applicant_told"): "Told the matter is in hand; nothing disclosed."}
    body = text(build(kind, _case(changes=changes)))
    for expected in ("Recipient's identity checked", "Passport and special guardianship",
                     "Mobile, evenings"):
        assert expected in body, expected
    if kind is CLOSURE:
        assert "Told the matter is in hand; nothing disclosed." in body


def test_identity_checks_not_printed_as_no_when_the_recipient_is_the_applicant() -> None:
    body = text(build(CLOSURE, _case()))
    assert "Recipient's identity checked" not in body
    assert "What the applicant was told" not in body


def test_no_concerns_closure_report_has_no_forum_and_no_raw_values_paragraph_5_6_1() -> None:
    pdf = build(CLOSURE, _case("no_concerns"))
    assert_frame(pdf)
    body = text(pdf)
    assert "No forum: decided by the police with a supervisor's sign-off" in body
    assert "None" not in body
    assert "Three-part test" not in body
