"""The process state machine: where a case goes when a stage is completed.

1 Initial contact → 2 Face to face → 3 Information pack → 4 Full risk
assessment → 5 Decision (supervisor sign-off) → 6 Outcome → Closure, or to
Closure early on a route (¶3.7, 5.2.5, 5.2.8, 6.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.case_facts import CaseFacts
from app.domain.enums import Route, Stage

REDIRECT_TYPES = {
    "dbs": "a criminal record (DBS) check",
    "subject_access": "a subject access request",
    "foi": "a Freedom of Information request",
    "vetting_barring": "vetting and barring",
}


@dataclass(frozen=True)
class Transition:
    """What completing a stage leads to."""

    next_stage: Stage
    route: Route | None = None  # set when the case heads for closure on a route
    needs_signoff: bool = False
    explanation: str = ""


def _has_child(values: Mapping[str, Any]) -> bool:
    children = values.get("children") or []
    return any(isinstance(c, dict) and any(v not in (None, "", []) for v in c.values())
               for c in children)


def after_initial_contact(values: Mapping[str, Any]) -> Transition:
    request = values.get("request_type")
    if request in REDIRECT_TYPES:
        return Transition(Stage.CLOSURE, Route.REDIRECTED, explanation=(
            f"This is {REDIRECT_TYPES[str(request)]}, not a disclosure application: the applicant "
            "is directed to that route and the case closes with an intelligence report (¶3.7)."))
    if request == "intelligence":
        return Transition(Stage.CLOSURE, Route.INTELLIGENCE_ONLY, explanation=(
            "The contact gives information rather than asking for disclosure: it is recorded as "
            "intelligence and the case closes (¶4.2, 6.1)."))
    if values.get("applicant_anonymous") is True:
        return Transition(Stage.CLOSURE, Route.INTELLIGENCE_ONLY, explanation=(
            "The applicant wishes to stay anonymous, so no application can proceed: the "
            "information is kept as intelligence (¶5.2.5)."))
    if not _has_child(values):
        return Transition(Stage.CLOSURE, Route.INTELLIGENCE_ONLY, explanation=(
            "No child has been identified, so this cannot proceed as an application: the "
            "information is kept as intelligence (¶3.2, 5.2.5)."))
    return Transition(Stage.FACE_TO_FACE, explanation=(
        "Arrange the face-to-face meeting within 10 days of the first contact (¶5.2, "
        "5.2.2). 2023 practice allows a telephone or video interview with a recorded reason "
        "(digest §2.4, evidence [S])."))


def after_face_to_face(values: Mapping[str, Any]) -> Transition:
    if values.get("identity_verified") is False:
        return Transition(Stage.CLOSURE, Route.IDENTITY_NOT_VERIFIED, explanation=(
            "The applicant's identity could not be verified, so no disclosure is possible under "
            "the scheme. Checks on the subject continue as intelligence and safeguarding "
            "(¶5.2.8)."))
    return Transition(Stage.INFORMATION_PACK, explanation=(
        "Give the applicant the information pack on keeping children safe (¶5.3)."))


def after_decision(values: Mapping[str, Any]) -> Transition:
    return Transition(Stage.DECISION, needs_signoff=True, explanation=(
        "The decision now waits for a supervisor's sign-off before the outcome stage."))


def outcome_route(facts: CaseFacts) -> Route:
    """The route a completed stage 6 closes on: a decision to disclose that did not lead to a
    disclosure (undertaking refused and not proceeded with, recipient not reached) has its
    own route (¶5.6.21)."""
    if facts.disclosure_not_made:
        return Route.DISCLOSURE_NOT_MADE
    if facts.disclosing:
        return Route.DISCLOSED
    if facts.categorisation == "no_concerns":
        return Route.NO_CONCERNS
    return Route.NOT_DISCLOSED


def transition(stage: Stage, values: Mapping[str, Any], facts: CaseFacts) -> Transition:
    """Where the case goes once ``stage`` is completed with ``values``."""
    if stage is Stage.INITIAL_CONTACT:
        return after_initial_contact(values)
    if stage is Stage.FACE_TO_FACE:
        return after_face_to_face(values)
    if stage is Stage.INFORMATION_PACK:
        return Transition(Stage.RISK_ASSESSMENT, explanation=(
            "Carry out the full risk assessment; it should be reached within 10 days (¶5.4.8)."))
    if stage is Stage.RISK_ASSESSMENT:
        return Transition(Stage.DECISION, explanation=(
            "Take the case to the decision-making forum (¶5.5, 5.6.12)."))
    if stage is Stage.DECISION:
        return after_decision(values)
    if stage is Stage.OUTCOME:
        return Transition(Stage.CLOSURE, outcome_route(facts), explanation=(
            "Close the case with the final intelligence report (¶6.1)."))
    return Transition(Stage.CLOSURE, explanation="The case is closed (¶6.1).")


#: The routes a case may be sent to closure on before its outcome (¶3.7, 5.2.5, 5.2.8).
EARLY_ROUTES = (Route.WITHDRAWN, Route.INTELLIGENCE_ONLY, Route.IDENTITY_NOT_VERIFIED,
                Route.REDIRECTED)
#: Those an officer chooses in "Close early": the others follow from a stage's answers.
CHOSEN_EARLY_ROUTES = (Route.WITHDRAWN, Route.INTELLIGENCE_ONLY)


def early_routes_offered(right_to_know: bool) -> tuple[Route, ...]:
    """The routes "Close early" offers. A police-initiated (right to know) case has no
    applicant to withdraw and no request to redirect (¶5, 2.6): when the police do not go
    on with it, what was gathered is kept as intelligence (¶6.1)."""
    if right_to_know:
        return (Route.INTELLIGENCE_ONLY,)
    return CHOSEN_EARLY_ROUTES


#: Every move ``transition`` can make, for checking a record of one (the signed case
#: stamps, app/domain/stamp_rules.py): from each stage, the stages it may lead to, and
#: the routes it may send a case to closure on. Kept beside ``transition``; a test
#: (tests/unit/test_process_moves.py) holds the two together.
NEXT_STAGES: dict[Stage, frozenset[Stage]] = {
    Stage.INITIAL_CONTACT: frozenset({Stage.FACE_TO_FACE, Stage.CLOSURE}),
    Stage.FACE_TO_FACE: frozenset({Stage.INFORMATION_PACK, Stage.CLOSURE}),
    Stage.INFORMATION_PACK: frozenset({Stage.RISK_ASSESSMENT}),
    Stage.RISK_ASSESSMENT: frozenset({Stage.DECISION}),
    Stage.DECISION: frozenset({Stage.DECISION}),  # awaiting a supervisor's sign-off
    Stage.OUTCOME: frozenset({Stage.CLOSURE}),
    Stage.CLOSURE: frozenset({Stage.CLOSURE}),
}
CLOSING_ROUTES: dict[Stage, frozenset[Route]] = {
    Stage.INITIAL_CONTACT: frozenset({Route.REDIRECTED, Route.INTELLIGENCE_ONLY}),
    Stage.FACE_TO_FACE: frozenset({Route.IDENTITY_NOT_VERIFIED}),
    Stage.OUTCOME: frozenset({Route.DISCLOSED, Route.NOT_DISCLOSED,
                              Route.DISCLOSURE_NOT_MADE, Route.NO_CONCERNS}),
}
