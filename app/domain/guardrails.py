"""The scheme's refusals. Each reason is a plain sentence naming the ¶ it enforces.

These are checked by the services (never only by the UI) before a stage is
completed, a case is closed on a route, or a disclosure form is produced.
"""

from __future__ import annotations

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
                       "and a recorded decision (¶3.3, 5.2.15).")
    if facts.get(Stage.FACE_TO_FACE, "identity_verified") is not True:
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
                       "(¶3.5, 5.6.14).")
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
    return reasons


def non_disclosure_refusals(facts: CaseFacts) -> list[str]:
    """A non-disclosure outcome needs the no-concerns route or a decision not to disclose."""
    if facts.categorisation == "no_concerns" or facts.decision == "do_not_disclose":
        return []
    return ["A non-disclosure outcome is only for applications with no concerns or where the "
            "forum decided not to disclose (¶5.6.1, 5.6.3, 5.6.13)."]


def undertaking_refusals(values: dict[str, object]) -> list[str]:
    """An undertaking refused: the decision whether to go ahead must be recorded."""
    if values.get("undertaking_signed") is False and not isinstance(
            values.get("proceed_despite_refusal"), bool):
        return ["The recipient refused to sign the undertaking: record whether the disclosure "
                "went ahead and why (¶5.2.11, 5.6.21)."]
    return []


def outcome_refusals(facts: CaseFacts, outcome_values: dict[str, object]) -> list[str]:
    """Refusals for completing stage 6 with the values given."""
    if facts.disclosing:
        return disclosure_refusals(facts) + undertaking_refusals(outcome_values)
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
        return [] if facts.disclosing else ["The outcome recorded was not a disclosure (¶5.6)."]
    if route is Route.NO_CONCERNS:
        return [] if facts.categorisation == "no_concerns" else [
            "The risk assessment did not categorise this application as 'no concerns' (¶5.5.5)."]
    if route is Route.NOT_DISCLOSED:
        return [] if facts.decision == "do_not_disclose" else [
            "The forum did not decide against disclosure (¶5.6.13)."]
    return []
