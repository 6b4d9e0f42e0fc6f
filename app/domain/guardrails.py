"""The scheme's refusals. Each reason is a plain sentence naming the ¶ it enforces.

These are checked by the services (never only by the UI) before a stage is
completed, a case is closed on a route, or a disclosure form is produced.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.case_facts import CaseFacts
from app.domain.enums import Route, Stage

RECIPIENT_ROLES = ("parent", "guardian", "carer")
_TESTS = (
    ("test_power", "the police have the power to disclose (stage (i) of the test)"),
    ("test_pressing_need", "there is a pressing need for disclosure (stage (ii))"),
    ("test_proportionate", "interfering with the subject's rights is necessary and "
                           "proportionate (stage (iii))"),
)


def _filled(value: object) -> bool:
    return value not in (None, "", [], {}) and not (isinstance(value, str) and not value.strip())


def disclosure_refusals(facts: CaseFacts) -> list[str]:
    """Why a disclosure may not be made (or its form produced) now; [] when it may."""
    reasons: list[str] = []
    if facts.current_stage < Stage.OUTCOME:
        reasons.append("No disclosure may be made before stage 6, after the full risk assessment "
                       "and a recorded decision (¶3.3, 5.2.15). Only where a child is at "
                       "immediate risk may an urgent disclosure be made, on a supervisor's "
                       "authority, recorded on the immediate-risk form.")
    if not facts.right_to_know and facts.get(Stage.FACE_TO_FACE, "identity_verified") is not True:
        # A right-to-know case has no applicant to verify; its recipient is checked instead.
        reasons.append("The applicant's identity has not been verified, so no disclosure can be "
                       "made under the scheme (¶5.2.8).")
    if not _filled(facts.get(Stage.DECISION, "forum")) or not _filled(
            facts.get(Stage.DECISION, "forum_date")):
        reasons.append("The decision must be made and recorded by a multi-agency forum, with its "
                       "date (¶5.6.12).")
    if facts.categorisation != "concerns":
        reasons.append("Disclosure is only for applications categorised as raising concerns "
                       "(¶5.5.3, 5.6.10).")
    for field_id, words in _TESTS:
        if facts.get(Stage.DECISION, field_id) is not True or not _filled(
                facts.get(Stage.DECISION, f"{field_id}_reasons")):
            reasons.append(f"The forum must record, with reasons, that {words} (¶5.6.14).")
    if facts.get(Stage.DECISION, "data_protection_considered") is not True:
        reasons.append("The data protection principles must be considered before disclosure "
                       "(¶3.5, 5.6.14: DPA 1998 in the 2010 guidance; now UK GDPR and DPA "
                       "2018 Part 3, 2023 guidance s1 para 3).")
    if facts.decision is None:
        reasons.append("No decision to disclose has been recorded yet (¶5.6).")
    elif not facts.disclosing:
        reasons.append("The recorded decision is not to disclose (¶5.6).")
    recipient = facts.get(Stage.DECISION, "recipient") or {}
    if not isinstance(recipient, dict) or not _filled(recipient.get("name")):
        reasons.append("A named recipient is required: the parent, guardian or carer best placed "
                       "to protect the child (¶4.3, 5.6.18).")
    elif recipient.get("relationship") not in RECIPIENT_ROLES:
        reasons.append("The recipient must be a parent, guardian or carer of the child "
                       "(¶4.3, 4.8, 5.6.18).")
    elif not _filled(recipient.get("why_best_placed")):
        reasons.append("Record why the recipient is the person best placed to protect the child "
                       "(¶5.5.4, 5.6.19).")
    if facts.signoff != "approved":
        reasons.append("A supervisor must sign off the decision before disclosure.")
    return reasons + decision_refusals(facts)


#: Stage 4 findings that make an application one of concerns (¶5.5.3), with how to name them.
FINDINGS = (
    ("convictions", "a Schedule 34A conviction"),
    ("other_convictions", "another relevant conviction"),
    ("intelligence", "intelligence"),
    ("behaviour_disclosed", "concerning behaviour"),
)


def recorded_findings(stage4: Mapping[str, Any]) -> list[str]:
    """The findings recorded at the full risk assessment, in words ([] when none)."""
    return [words for field_id, words in FINDINGS if _filled(stage4.get(field_id))]


def categorisation_refusals(stage4: Mapping[str, Any], by_supervisor: bool) -> list[str]:
    """'No concerns' with findings recorded is refused, unless a supervisor records an
    override with the reason (¶5.5.3, 5.5.5)."""
    if stage4.get("categorisation") != "no_concerns":
        return []
    found = recorded_findings(stage4)
    if not found:
        return []
    if by_supervisor and _filled(stage4.get("no_concerns_override_reason")):
        return []
    return [f"'No concerns' cannot be recorded when the risk assessment records "
            f"{', '.join(found)} (¶5.5.3, 5.5.5). Categorise it as concerns, or a supervisor "
            "must complete this stage with the reason for overriding."]


def mappa_refusals(facts: CaseFacts) -> list[str]:
    """A MAPPA-managed subject's decision is made at a MAPPA meeting, or the exception is
    recorded with a reason (¶5.6.12)."""
    if facts.categorisation != "concerns" or facts.get(
            Stage.RISK_ASSESSMENT, "mappa_managed") is not True:
        return []
    if facts.get(Stage.DECISION, "forum") == "mappa_meeting" or _filled(
            facts.get(Stage.DECISION, "mappa_exception_reason")):
        return []
    return ["The subject is managed under MAPPA, so the decision is made at a MAPPA meeting; "
            "otherwise record why not (¶5.6.12)."]


def presumption_applies(facts: CaseFacts) -> bool:
    """Convictions for child sexual offences and assessed as a risk to the child (¶2.2)."""
    return (_filled(facts.get(Stage.RISK_ASSESSMENT, "convictions"))
            and facts.get(Stage.DECISION, "subject_poses_risk") is True)


def presumption_refusals(facts: CaseFacts) -> list[str]:
    """Deciding not to disclose against the presumption needs a recorded reason (¶2.2, 5.6.14)."""
    if facts.decision != "do_not_disclose" or not presumption_applies(facts):
        return []
    if _filled(facts.get(Stage.DECISION, "presumption_reason")):
        return []
    return ["The subject has convictions for child sexual offences and is assessed as a risk "
            "to the child, so there is a presumption that this is disclosed: record why the "
            "presumption does not apply before deciding not to disclose (¶2.2, 2.6, 5.6.14)."]


def recipient_refusals(facts: CaseFacts) -> list[str]:
    """The recipient's standing: an applicant's relationship to the child proved (¶5.1.7,
    5.2.5); anyone else's identity and relationship checked and safe contact agreed (¶4.3,
    5.6.19)."""
    recipient = facts.get(Stage.DECISION, "recipient")
    if not isinstance(recipient, dict) or not _filled(recipient.get("name")):
        return []
    if facts.right_to_know and recipient.get("is_applicant") is not False:
        return ["A police-initiated (right to know) case has no applicant: the recipient is "
                "someone else, whose identity and relationship to the child are checked "
                "(¶4.3, 5.6.19)."]
    if recipient.get("is_applicant") is False:
        reasons = []
        if recipient.get("identity_checked") is not True or recipient.get(
                "relationship_checked") is not True:
            reasons.append("The recipient is not the applicant: check their identity and "
                           "their relationship to the child before disclosing (¶4.3, 5.6.19).")
        if not _filled(recipient.get("safe_contact")):
            reasons.append("Record a safe way to contact the recipient, who is not the "
                           "applicant (¶4.3, 5.1.6, 5.6.19).")
        return reasons
    if facts.get(Stage.FACE_TO_FACE, "relationship_proved") is not True:
        return ["The applicant's relationship to the child has not been proved, so nothing can "
                "be disclosed to them (¶5.1.7, 5.2.5)."]
    return []


def decision_refusals(facts: CaseFacts) -> list[str]:
    """Why the stage 5 decision (in ``facts``) may not be recorded as it stands."""
    if facts.categorisation == "no_concerns":
        if _filled(facts.get(Stage.DECISION, "forum")) or _filled(
                facts.get(Stage.DECISION, "forum_date")):
            return ["A 'no concerns' application is decided by the police with a supervisor's "
                    "sign-off and goes straight to the non-disclosure outcome: no forum is "
                    "held, so none may be recorded (Appendix A, ¶5.6.1–5.6.3)."]
        return []
    reasons = mappa_refusals(facts) + presumption_refusals(facts)
    if facts.disclosing:
        if facts.get(Stage.DECISION, "community_risk_assessment") is not True:
            reasons.append("A community risk assessment for the subject must be considered "
                           "in every disclosure (¶5.6.26).")
        reasons += recipient_refusals(facts)
    return reasons


def emergency_disclosure_refusals(values: Mapping[str, Any]) -> list[str]:
    """The one path for a disclosure before stage 6: a child at immediate risk, a
    supervisor's authority, and who was told what and when (¶3.3, 5.2.15)."""
    actions = values.get("action_taken") or []
    if not isinstance(actions, list) or "urgent_disclosure" not in actions:
        return []
    reasons = []
    if "duty_supervisor_told" not in actions or not _filled(
            values.get("disclosure_authorised_by")):
        reasons.append("An urgent disclosure may only be made on a supervisor's authority: "
                       "record who authorised it (¶3.3, 5.2.15).")
    if not all(_filled(values.get(f)) for f in ("disclosure_to", "disclosure_said",
                                                 "disclosure_at")):
        reasons.append("Record to whom the urgent disclosure was made, what was said and when "
                       "(¶3.3, 5.2.15).")
    return reasons


def non_disclosure_refusals(facts: CaseFacts) -> list[str]:
    """A non-disclosure outcome needs the no-concerns route or a decision not to disclose."""
    if facts.categorisation == "no_concerns" or facts.decision == "do_not_disclose":
        return []
    return ["A non-disclosure outcome is only for applications with no concerns or where the "
            "forum decided not to disclose (¶5.6.1, 5.6.3, 5.6.13)."]


def undertaking_refusals(values: Mapping[str, object]) -> list[str]:
    """An undertaking refused: the decision whether to go ahead must be recorded."""
    if values.get("undertaking_signed") is False and not isinstance(
            values.get("proceed_despite_refusal"), bool):
        return ["The recipient refused to sign the undertaking: record whether the disclosure "
                "went ahead and why (¶5.2.11, 5.6.21)."]
    return []


def recipient_fixed_refusals(facts: CaseFacts) -> list[str]:
    """Stage 6 discloses to the recipient authorised at stage 5, no one else (¶5.6.18–19)."""
    authorised = facts.get(Stage.DECISION, "recipient")
    name = str(authorised.get("name") or "").strip() if isinstance(authorised, dict) else ""
    given = str(facts.get(Stage.OUTCOME, "recipient_name") or "").strip()
    if not given or given.casefold() == name.casefold():
        return []
    return [f"The disclosure may only be made to {name or 'the recipient'} authorised at the "
            "decision. To disclose to someone else, a supervisor must return the decision so "
            "it can be made again (¶5.6.18, 5.6.19)."]


def outcome_refusals(facts: CaseFacts, outcome_values: Mapping[str, object]) -> list[str]:
    """Refusals for completing stage 6 with the values given (``facts`` include them)."""
    if facts.disclosing:
        fixed = recipient_fixed_refusals(facts)
        if facts.disclosure_not_made:  # nothing disclosed: no disclosure conditions apply
            return fixed + undertaking_refusals(outcome_values)
        return disclosure_refusals(facts) + fixed + undertaking_refusals(outcome_values)
    return non_disclosure_refusals(facts)


def closure_route_refusals(facts: CaseFacts, route: Route) -> list[str]:
    """A case may be closed only on a route its record supports (¶6.1)."""
    s1 = facts.values.get(Stage.INITIAL_CONTACT, {})
    if route is Route.WITHDRAWN:
        return []
    if route is Route.REDIRECTED:
        if s1.get("request_type") in (None, "csods", "intelligence"):
            return ["Only a request that is not a disclosure application (DBS check, subject "
                    "access, FOI, vetting and barring) is redirected (¶3.7)."]
        return []
    if route is Route.INTELLIGENCE_ONLY:
        return []  # open to any case: the information is kept as intelligence (¶5.2.5, 6.1)
    if route is Route.IDENTITY_NOT_VERIFIED:
        if facts.get(Stage.FACE_TO_FACE, "identity_verified") is not False:
            return ["Close as 'identity not verified' only when the face-to-face stage recorded "
                    "that identity could not be verified (¶5.2.8)."]
        return []
    if not facts.is_complete(Stage.OUTCOME):
        return [f"The '{route.label}' route needs the outcome (stage 6) completed first (¶5.6)."]
    if route is Route.DISCLOSED:
        return [] if facts.disclosure_made else [
            "The outcome recorded was not a disclosure (¶5.6, 5.6.21)."]
    if route is Route.DISCLOSURE_NOT_MADE:
        return [] if facts.disclosure_not_made else [
            "'Disclosure not made' is only for a decision to disclose that stage 6 records "
            "as not carried out (¶5.6.21)."]
    if route is Route.NO_CONCERNS:
        return [] if facts.categorisation == "no_concerns" else [
            "The risk assessment did not categorise this application as 'no concerns' (¶5.5.5)."]
    if route is Route.NOT_DISCLOSED:
        return [] if facts.decision == "do_not_disclose" else [
            "The forum did not decide against disclosure (¶5.6.13)."]
    return []
