"""The demo's scheme-fidelity cases, made after the planned ones (issue 11 "must show").

On top of the planned mix the demo unit shows: an emergency (urgent) disclosure on the
immediate-risk form on a supervisor's authority (¶3.3, 5.2.15); safeguarding referrals,
one chased late (¶3.6, 5.6.11, 6.3); and a police-initiated "right to know" case taken
from its opening to a MAPPA decision, disclosure and closure (¶5, 2.6, 5.6.12; 2023
practice [S]); on a few open cases a contact log (three attempts to arrange the
interview) and a note. Every step is a service call; the choices are fixed (no
randomness), so a seed gives the same unit every time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from app.clock import FixedClock, to_iso
from app.demo.forms import local
from app.domain.enums import Stage
from app.services import case_actions, cases, contacts, referrals
from app.services.case_file import load_case
from app.services.case_list import CaseSummary
from app.services.right_to_know import open_right_to_know
from app.services.session import Session

#: The synthetic people of the right-to-know case (made-up names).
_SUBJECT = {"surname": "Quillfeather", "forenames": "Dorian", "dob": "1979-04-11",
            "address": "7 Lantern Row, Harrowmere HW2 3PL", "gender": "male",
            "visor_marker": True}
_CHILD = {"name": "Elowen Brackwater", "dob": "2016-08-02", "gender": "female",
          "subject_contact": ["lives_with"]}
_MOTHER = "Tamsin Brackwater"


def add_extras(sessions: dict[str, Session], supervisor: str, officer: str,
               listed: list[CaseSummary], clock: FixedClock) -> None:
    """Emergency disclosure, referrals (one chased late), a right-to-know case, and a
    contact log and a note on a few open cases."""
    now = clock.now()
    boss = sessions[supervisor]
    open_cases = [c for c in listed if c.status == "open" and c.current_stage >= Stage.FACE_TO_FACE
                  and c.assigned_to in sessions]
    if open_cases:
        _emergency_disclosure(boss, open_cases[0].reference, now)
    decided = [c for c in listed if c.status == "closed" and c.route is not None
               and c.route.value in ("disclosed", "not_disclosed") and c.assigned_to in sessions]
    for n, summary in enumerate(decided[:2]):
        _referral(sessions[str(summary.assigned_to)], summary.reference, now, late=n == 0)
    _right_to_know(sessions[officer], boss, clock)
    working = [c for c in listed if c.status == "open" and c.assigned_to in sessions]
    for summary in working[:3]:
        _contact_log(sessions[str(summary.assigned_to)], summary.reference,
                     summary.contact_at, now)


_ATTEMPTS = (("phone", "no_answer", "No reply; no voicemail set up."),
             ("phone", "message_left", "Left the unit's number and asked for a call back."),
             ("letter", "reached", "Applicant rang back after the letter; meeting booked."))


def _contact_log(session: Session, reference: str, contact_at: datetime,
                 now: datetime) -> None:
    """Three attempts to arrange the interview and a note, as an officer would log them."""
    for n, (method, outcome, note) in enumerate(_ATTEMPTS):
        at = min(contact_at + timedelta(days=n + 1, hours=2), now - timedelta(hours=1))
        contacts.log_contact(session, reference, {
            "at": to_iso(at), "method": method, "party": "applicant", "outcome": outcome,
            "purpose": "arrange_meeting", "note": note})
    contacts.add_note(session, reference, {
        "noted_at": to_iso(min(contact_at + timedelta(days=1), now - timedelta(hours=1))),
        "text": "Applicant works shifts: calls are best after 6pm on weekdays."})


def _emergency_disclosure(boss: Session, reference: str, now: datetime) -> None:
    at = now - timedelta(hours=3)
    case_actions.record_immediate_risk(boss, reference, {
        "what_seen": "The subject was found to be babysitting the child tonight.",
        "action_taken": ["safeguarding_referral", "duty_supervisor_told", "urgent_disclosure"],
        "action_by": boss.user.display_name, "action_at": to_iso(at),
        "disclosure_authorised_by": boss.user.display_name,
        "disclosure_to": "The child's mother (parent)",
        "disclosure_said": "That the man babysitting has a conviction that means he must not "
                           "be left alone with children, and that officers are on their way.",
        "disclosure_at": to_iso(at)})


def _referral(session: Session, reference: str, now: datetime, *, late: bool) -> None:
    sent = local(now - timedelta(days=30 if late else 12))
    values: dict[str, Any] = {
        "agency": "s47_strategy" if late else "probation", "sent_on": sent.isoformat(),
        "reference": f"HVC-MASH-{sent:%y%m%d}", "chase_by": (sent + timedelta(days=7)).isoformat()}
    if not late:
        values.update(outcome="Offender manager told; licence conditions reviewed.",
                      outcome_on=(sent + timedelta(days=5)).isoformat())
    referrals.add_referral(session, reference, values)


def _right_to_know(officer: Session, boss: Session, clock: FixedClock) -> None:
    now = clock.now()
    started = now - timedelta(days=21)
    case = open_right_to_know(officer, {
        "rtk_started_at": to_iso(started), "rtk_trigger": "mappa_review",
        "rtk_reason": "A MAPPA review found the subject has moved in with a mother of a "
                      "young girl without telling his offender manager.",
        "subject": _SUBJECT, "children": [_CHILD],
        "officer": officer.user.display_name, "check_pnc": True, "check_visor": True,
        "check_local": True, "check_ini": True,
        "convictions": [{"offence_code": "SOA2003-s9", "date": "2009-03-14",
                         "court": "Harrowmere Crown Court", "disposal": "conviction"}],
        "categorisation": "concerns", "concern_grounds": ["i_child_sex_conviction"],
        "rationale": "Convicted of a child sexual offence; now living with a child.",
        "mappa_managed": True, "mappa_category": "1", "mappa_level": "2",
        "offender_manager": "Probation officer, Harrowmere probation team",
        "visor_reference": "VSR-DEMO-0417"})
    ref = case.reference
    meeting = local(started + timedelta(days=6))
    cases.complete_stage(officer, ref, Stage.DECISION, {
        "forum": "mappa_meeting", "forum_date": meeting.isoformat(),
        "mappa_meeting_reference": f"MAPPA-{meeting:%Y%m%d}-RTK",
        "attendees": "Police, probation, children's social care",
        "test_power": True, "test_power_reasons": "Needed to protect the child from abuse.",
        "test_pressing_need": True, "test_pressing_need_reasons": "He lives with her.",
        "test_proportionate": True, "test_proportionate_reasons": "Only the fact of the "
        "conviction is told.", "test_consequences_for_subject": "He may have to move out.",
        "test_risk_underground": "Managed at level 2; he reports as required.",
        "test_extent_needed": "The fact and nature of the conviction only.",
        "data_protection_considered": True, "subject_poses_risk": True,
        "decision": "disclose", "decision_rationale": "All three parts of the test are met.",
        "recipient": {"name": _MOTHER, "relationship": "parent", "is_applicant": False,
                      "identity_checked": True, "relationship_checked": True,
                      "checks_detail": "Driving licence; the child's red book",
                      "safe_contact": "Her mobile, weekdays while he is at work",
                      "why_best_placed": "Mother and main carer of the child."},
        "disclosure_extent": "That he has a conviction for a sexual offence against a child.",
        "subject_to_be_told": False, "subject_told_reasons": "Telling him first could put "
        "the mother at risk.", "self_disclosure": False, "community_risk_assessment": True})
    case_actions.sign_off(boss, ref, approve=True)
    disclosed = started + timedelta(days=9)
    cases.complete_stage(officer, ref, Stage.OUTCOME, {
        "disclosure_made": True, "disclosed_at": to_iso(disclosed),
        "disclosed_place": "Harrowmere police station, family room",
        "disclosed_by": officer.user.display_name, "childrens_services_present": True,
        "recipient_name": _MOTHER,
        "verbatim": "Dorian Quillfeather has a conviction for a sexual offence against a "
                    "child. You must use this only to keep your daughter safe.",
        "warning_use_only_safeguarding": True, "warning_confidential": True,
        "warning_legal_proceedings": True, "undertaking_signed": True,
        "other_children_contact_told": True, "form_retained_by_police": True})
    values = load_case(officer, ref).values(Stage.CLOSURE)
    values.pop("summary", None)
    today = local(clock.now()).isoformat()
    values.update(closed_on=today, intel_report_date=today, intel_report_ref="HVC-INT-RTK-0001")
    cases.complete_stage(officer, ref, Stage.CLOSURE, values)
