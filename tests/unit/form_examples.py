"""Reusable, fully valid example values for every form (used by service tests too).

``valid_stage_values(stage, variant)`` returns a fresh dict that passes
``validate_stage(stage, values, valid_case_context(variant))``.  Variants:

* ``"disclose"``      — concerns found, decision to disclose, disclosure made;
* ``"no_concerns"``   — no concerns, no disclosure (outcome by personal visit);
* ``"not_disclosed"`` — concerns found but no disclosure (outcome by letter).

All dates are in 2025 so they are never "in the future".
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from app.domain.enums import Route, Stage

Variant = Literal["disclose", "no_concerns", "not_disclosed"]
VARIANTS: tuple[Variant, ...] = ("disclose", "no_concerns", "not_disclosed")

_APPLICANT = {
    "surname": "Okafor",
    "forenames": "Adaeze Grace",
    "other_names": "Adaeze Brown",
    "dob": "1988-02-29",
    "place_of_birth": "Leeds",
    "address": "12 Elm Road\nLeeds\nLS1 1AA",
    "gender": "female",
    "ethnicity": "black",
    "language": "English",
}

_SAFE_CONTACT = {
    "method": "mobile",
    "where": "At work",
    "when": "Weekdays 9am to 5pm",
    "details": "07700 900123",
    "issues": "The subject lives at the home address; do not write to it.",
}

_SUBJECT = {
    "surname": "Smith",
    "forenames": "John",
    "aliases": [{"name": "Jon Smyth"}],
    "dob": "1980-06-15",
    "place_of_birth": "Bradford",
    "address": "12 Elm Road\nLeeds\nLS1 1AA",
    "previous_addresses": [
        {"address": "3 Mill Lane, Bradford", "from_date": "2010-01-01", "to_date": "2019-12-31"}
    ],
    "ethnicity": "white",
    "gender": "male",
    "occupation": "Delivery driver; volunteer football coach",
    "relationship_to_applicant": "partner_living_together",
    "visor_marker": True,
}

_CHILDREN = [
    {
        "name": "Amara Okafor",
        "dob": "2017-09-01",
        "gender": "female",
        "place_of_birth": "Leeds",
        "ethnicity": "mixed",
        "applicant_relationship": "parent",
        "subject_contact": ["lives_with", "unsupervised_access"],
    }
]

STAGE1: dict[str, Any] = {
    "contact_at": "2025-03-03T09:15:00+00:00",
    "officer": "PC 1234 Jane Doe",
    "contact_method": "attended_station",
    "owning_force": "West Yorkshire Police",
    "responding_force": "",
    "request_type": "csods",
    "applicant_anonymous": False,
    "applicant": _APPLICANT,
    "safe_contact": _SAFE_CONTACT,
    "parents": [
        {
            "name": "Adaeze Okafor",
            "living_with": "Amara Okafor and the subject",
            "knows_of_application": True,
        }
    ],
    "subject": _SUBJECT,
    "children": _CHILDREN,
    "reason": "My new partner has moved in and I have heard he was in prison for something "
    "involving children.",
    "immediate_risk": False,
    "applicant_at_risk": False,
    "concerning_behaviour": "He insists on bathing my daughter alone.",
    "info_not_replacement": True,
    "info_best_placed": True,
    "info_24h_checks": True,
    "info_face_to_face_10d": True,
    "info_proof_needed": True,
    "info_45_days": True,
    "info_asked_at_risk": True,
    "consent_to_share": True,
    "consent_exceptions_explained": True,
    "check_pnc": True,
    "check_visor": True,
    "check_local": True,
    "initial_checks": [
        {
            "system": "pnc",
            "on_whom": "subject",
            "at": "2025-03-03T11:00:00+00:00",
            "by": "DC 555 Patel",
            "result": "Trace found; see full risk assessment.",
        }
    ],
    "urgent_action_required": False,
}

STAGE2: dict[str, Any] = {
    "meeting_at": "2025-03-07T14:00:00+00:00",
    "interview_mode": "face_to_face",
    "meeting_place": "Leeds District HQ, interview room 2",
    "officer": "DC 555 Patel",
    "held_in_private": True,
    "warning_false_application": True,
    "warning_confidentiality": True,
    "warning_offence_evidence": True,
    "warning_use_and_undertaking": True,
    "id_documents": ["passport", "utility_bill"],
    "id_document_refs": "Passport 123456789",
    "identity_verified": True,
    "relationship_proved": True,
    "relationship_document": "Birth certificate of Amara Okafor",
    "applicant": _APPLICANT,
    "safe_contact": _SAFE_CONTACT,
    "subject": _SUBJECT,
    "children": _CHILDREN,
    "check_pnc": True,
    "check_visor": True,
    "check_local": True,
    "check_ini": True,
    "check_ceop": False,
    "immediate_risk": False,
    "applicant_at_risk": False,
    "urgent_action_required": False,
    "no_disclosure_confirmed": True,
}

STAGE3: dict[str, Any] = {
    "pack_format": "both",
    "pack_given_on": "2025-03-07",
    "advice_discussed": True,
    "notes": "Applicant took the paper copy.",
}

_STAGE4_BASE: dict[str, Any] = {
    "officer": "DS 77 Evans",
    "check_pnc": True,
    "check_visor": True,
    "check_local": True,
    "check_ini": True,
    "childrens_social_care_checked": True,
    "childrens_social_care_basis": "consent_given",
    "agency_checks": [
        {
            "agency": "Leeds Children's Social Care",
            "consent_basis": "consent_given",
            "date": "2025-03-10",
            "response": "Not known to services.",
        }
    ],
    "mappa_managed": False,
}

STAGE4_CONCERNS: dict[str, Any] = {
    **_STAGE4_BASE,
    "convictions": [
        {
            "offence_code": "SOA2003-s9",
            "date": "2008-05-20",
            "court": "Bradford Crown Court",
            "disposal": "conviction",
        }
    ],
    "categorisation": "concerns",
    "concern_grounds": ["i_child_sex_conviction", "iv_behaviour"],
    "rationale": "Conviction for a child sexual offence and current worrying behaviour.",
}

STAGE4_NO_CONCERNS: dict[str, Any] = {
    **_STAGE4_BASE,
    "categorisation": "no_concerns",
    "rationale": "No convictions or intelligence; nothing worrying disclosed.",
}

_STAGE5_BASE: dict[str, Any] = {
    "forum": "strategy_meeting",
    "forum_date": "2025-03-20",
    "attendees": "DS Evans (police), Ms Hall (children's social care)",
    "data_protection_considered": True,
    "test_consequences_for_subject": "He may lose his home with the applicant; weighed "
    "against the risk to Amara.",
    "test_risk_underground": "He reports as required; telling the parent is unlikely to "
    "make him stop cooperating.",
    "test_extent_needed": "Only the fact and nature of the conviction, not its details.",
    "subject_poses_risk": True,
}

STAGE5_DISCLOSE: dict[str, Any] = {
    **_STAGE5_BASE,
    "test_power": True,
    "test_power_reasons": "Needed to protect Amara from sexual abuse.",
    "test_pressing_need": True,
    "test_pressing_need_reasons": "The subject lives with the child.",
    "test_proportionate": True,
    "test_proportionate_reasons": "Only the fact and nature of the conviction is disclosed.",
    "decision": "disclose",
    "decision_rationale": "All three parts of the test are met.",
    "recipient": {
        "name": "Adaeze Okafor",
        "relationship": "parent",
        "is_applicant": True,
        "why_best_placed": "Mother and main carer of the child.",
    },
    "disclosure_extent": "That the subject has a conviction for a sexual offence against a "
    "child.",
    "subject_to_be_told": True,
    "subject_told_reasons": "Low risk to the applicant; he will be told in person.",
    "self_disclosure": False,
    "community_risk_assessment": True,
}

STAGE5_NOT_DISCLOSED: dict[str, Any] = {
    **_STAGE5_BASE,
    "test_power": True,
    "test_power_reasons": "Common law power to protect a child from crime.",
    "test_pressing_need": False,
    "test_pressing_need_reasons": "The subject has moved out and has no contact now.",
    "test_proportionate": False,
    "test_proportionate_reasons": "Without contact, disclosure would not be proportionate.",
    "decision": "do_not_disclose",
    "decision_rationale": "The test is not met; the concerns are addressed by advice.",
    "presumption_reason": "The subject no longer has any contact with the child, so "
    "disclosure is not necessary to protect her.",
}

# No concerns (Appendix A, ¶5.6.1-5.6.3): decided by the police with a supervisor's
# sign-off; no forum, no three-stage test.
STAGE5_NO_CONCERNS: dict[str, Any] = {
    "decision": "do_not_disclose",
    "decision_rationale": "No concerns found: nothing to disclose; safeguarding advice.",
}

STAGE6_DISCLOSURE: dict[str, Any] = {
    "disclosure_made": True,
    "disclosed_at": "2025-03-25T10:30:00+00:00",
    "disclosed_place": "Applicant's workplace, private room",
    "disclosed_by": "DS 77 Evans",
    "childrens_services_present": True,
    "others_present": "Ms Hall, social worker",
    "recipient_name": "Adaeze Okafor",
    "verbatim": "John Smith has a conviction for a sexual offence against a child.",
    "warning_use_only_safeguarding": True,
    "warning_confidential": True,
    "warning_legal_proceedings": True,
    "undertaking_signed": True,
    "other_children_contact_told": True,
    "form_retained_by_police": True,
    "subject_told_by": "PC 88 Ward, offender manager",
    "subject_told_at": "2025-03-24T16:00:00+00:00",
    "subject_told_in_person": True,
    "subject_given_scheme_info": True,
    "subject_response": "He said he understood and did not object.",
}

STAGE6_VISIT: dict[str, Any] = {
    "conveyed_by": "visit",
    "conveyed_on": "2025-03-25",
    "told_no_info_not_no_risk": True,
    "safeguarding_advice_given": True,
}

STAGE6_LETTER_CONCERNS: dict[str, Any] = {
    "conveyed_by": "letter",
    "conveyed_on": "2025-03-25",
    "address_safe": True,
    "told_no_info_not_no_risk": True,
    "safeguarding_advice_given": True,
    "behaviour_contact": "Phoned the applicant at work on 24 March to discuss the bathing.",
    "behaviour_advice": "Do not leave the child alone with him; call us if worried.",
}

_ROUTE = {
    "disclose": Route.DISCLOSED,
    "no_concerns": Route.NO_CONCERNS,
    "not_disclosed": Route.NOT_DISCLOSED,
}


def _closure(variant: Variant) -> dict[str, Any]:
    return {
        "closed_on": "2025-04-01",
        "route": _ROUTE[variant].value,
        "intel_report_ref": "WY-INT-2025-000123",
        "intel_report_date": "2025-04-01",
        "summary": "CSODS application about John Smith by Adaeze Okafor.",
        "closure_notes": "",
    }


def valid_stage_values(stage: Stage, variant: Variant = "disclose") -> dict[str, Any]:
    """A fresh, complete and valid value set for ``stage`` in the given variant."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    concerns = variant != "no_concerns"
    table: dict[Stage, dict[str, Any]] = {
        Stage.INITIAL_CONTACT: STAGE1,
        Stage.FACE_TO_FACE: STAGE2,
        Stage.INFORMATION_PACK: STAGE3,
        Stage.RISK_ASSESSMENT: STAGE4_CONCERNS if concerns else STAGE4_NO_CONCERNS,
        Stage.DECISION: {"disclose": STAGE5_DISCLOSE, "no_concerns": STAGE5_NO_CONCERNS,
                         "not_disclosed": STAGE5_NOT_DISCLOSED}[variant],
        Stage.OUTCOME: {
            "disclose": STAGE6_DISCLOSURE,
            "no_concerns": STAGE6_VISIT,
            "not_disclosed": STAGE6_LETTER_CONCERNS,
        }[variant],
        Stage.CLOSURE: _closure(variant),
    }
    return copy.deepcopy(table[Stage(stage)])


def valid_case_context(variant: Variant = "disclose") -> dict[Stage, dict[str, Any]]:
    """Values of every stage of one consistent case, keyed by stage."""
    return {stage: valid_stage_values(stage, variant) for stage in Stage}


def valid_immediate_risk_values() -> dict[str, Any]:
    return {
        "what_seen": "Child seen with bruising; says the subject hurt her.",
        "action_taken": ["safeguarding_referral", "duty_supervisor_told"],
        "action_details": "Referral to MASH by phone.",
        "action_by": "PC 1234 Jane Doe",
        "action_at": "2025-03-03T10:00:00+00:00",
    }


def valid_extension_values() -> dict[str, Any]:
    return {
        "deadline": "closure_45d",
        "extra_days": "14",
        "reason": "Awaiting an overseas enquiry.",
        "applicant_informed_on": "2025-04-10",
    }
