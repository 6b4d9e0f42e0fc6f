"""Actions on a case beside stage work: immediate risk, extensions, early closure,
supervisor sign-off, reopening, assignment and repeat-subject alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain import guardrails, process, text_policy
from app.domain.enums import AuditAction, Role, Route, Stage
from app.domain.forms import FORM_VERSION, check_draft_values, validate_values
from app.domain.forms.auxiliary import EXTENSION_FORM, IMMEDIATE_RISK_FORM
from app.domain.timescales import LONDON, Deadline, DeadlineKind, add_local_days
from app.errors import InvalidInput, NotFound, RefusedByGuardrail
from app.services.authz import Permission, authorise, refuse
from app.services.case_file import CaseFile, load_case, open_for
from app.services.cases import stamped, start_closure
from app.services.indexing import refresh_reference
from app.services.session import Session
from app.storage import cases_repo, people_repo, users_repo

EARLY_ROUTES = process.EARLY_ROUTES


def _check_form(form: Any, values: dict[str, Any], now: datetime, what: str) -> None:
    problems = check_draft_values(form, values) + validate_values(form, values, now=now)
    if problems:
        raise InvalidInput(f"The {what} cannot be recorded: some answers are missing or not "
                           "right.", problems)
    text_policy.check_form(form, values, what)


def record_immediate_risk(session: Session, reference: str, values: dict[str, Any]) -> CaseFile:
    """Immediate or imminent risk, recorded at any stage; flags the case (¶2.7, 5.1.11)."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "record immediate risk")
    _check_form(IMMEDIATE_RISK_FORM, values, session.clock.now(), "immediate-risk record")
    refusals = guardrails.emergency_disclosure_refusals(values)
    if refusals:
        raise RefusedByGuardrail(refusals)
    with session.transaction() as conn:
        cases_repo.insert_risk(conn, case.id, int(case.current_stage), values,
                               session.clock.now(), session.user.id)
        session.audit(conn, AuditAction.COLLECT, entity=f"case:{case.id}/risk",
                      case_ref=case.reference, detail="immediate risk recorded")
        if "urgent_disclosure" in (values.get("action_taken") or []):
            # Named in the erasable case record; the audit trail says only that it happened.
            session.audit(conn, AuditAction.DISCLOSE, entity=f"case:{case.id}/risk",
                          case_ref=case.reference, recipient="person named in the "
                          "immediate-risk record", justification="Urgent disclosure: child at "
                          "immediate risk, on a supervisor's authority (¶3.3, 5.2.15)",
                          detail="urgent disclosure recorded")
        refresh_reference(session, conn, case.reference)
    return load_case(session, reference)


def extendable_deadlines(case: CaseFile) -> list[Deadline]:
    """The timescales an extension may still apply to: those outstanding, in due order."""
    if not case.is_open:
        return []
    return [d for d in case.deadlines if d.state.outstanding]


def add_extension(session: Session, reference: str, values: dict[str, Any]) -> CaseFile:
    """Extend one timescale, with a reason and the date the applicant was told (¶5.1.7)."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "extend a timescale", change=True)
    if not case.is_open:
        raise InvalidInput("A closed case's timescales cannot be extended.")
    _check_form(EXTENSION_FORM, values, session.clock.now(), "extension")
    kind = DeadlineKind(values["deadline"])
    current = next(d for d in case.deadlines if d.kind is kind)
    if not current.state.outstanding:
        raise InvalidInput(f"The {kind.label} deadline is no longer open, so it cannot be "
                           "extended.")
    if values.get("extra_days"):
        new_due = add_local_days(current.due, int(str(values["extra_days"]).strip()))
    else:
        wall = current.due.astimezone(LONDON).time()
        local = datetime.combine(date.fromisoformat(values["new_date"]), wall, LONDON)
        new_due = local.astimezone(current.due.tzinfo)
    if new_due <= current.due:
        raise InvalidInput("The new date must be later than the current deadline "
                           f"({current.due.astimezone(LONDON):%d %b %Y %H:%M}).")
    with session.transaction() as conn:
        cases_repo.insert_extension(conn, case.id, kind.value, new_due, values["reason"],
                                    values["applicant_informed_on"], session.clock.now(),
                                    session.user.id)
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case.id}/extension",
                      case_ref=case.reference, detail=f"{kind.label} extended")
        refresh_reference(session, conn, case.reference)
    return load_case(session, reference)


def close_early(session: Session, reference: str, route: Route, reason: str) -> CaseFile:
    """Send the case to closure on an early route (withdrawn, intelligence only, …)."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "close early", change=True)
    if route not in EARLY_ROUTES:
        raise InvalidInput(f"'{route.label}' is not a route for closing early.")
    if not case.is_open or case.current_stage is Stage.CLOSURE:
        raise InvalidInput("The case is already closed or being closed.")
    if not reason.strip():
        raise InvalidInput("Give the reason for closing the case early.")
    text_policy.require(reason, "The reason for closing early", multiline=True)
    refusals = guardrails.closure_route_refusals(case.facts, route)
    if refusals:
        raise RefusedByGuardrail(refusals)
    now = session.clock.now()
    with session.transaction() as conn:
        cases_repo.update_case(conn, case.id, current_stage=int(Stage.CLOSURE),
                               route=route.value, signoff="none")
        start_closure(session, conn, case.reference, route, now)
        closure = load_case(session, reference).values(Stage.CLOSURE)
        closure["closure_notes"] = reason.strip()
        cases_repo.upsert_stage(conn, case.id, Stage.CLOSURE, 1, closure, "draft", now,
                                session.user.id)
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case.id}", case_ref=case.reference,
                      detail=stamped(conn, case.id, f"sent to closure early: {route.label}"))
        refresh_reference(session, conn, case.reference)
    return load_case(session, reference)


def sign_off(session: Session, reference: str, approve: bool, comment: str = "") -> CaseFile:
    """Supervisor approves the stage 5 decision, or returns it with a comment."""
    authorise(session, Permission.SIGN_OFF, case_ref=reference)
    case = load_case(session, reference)
    if not case.awaiting_signoff:
        raise InvalidInput("This case has no decision waiting for sign-off.")
    decided_by = case.records[Stage.DECISION].completed_by
    if decided_by == session.user.username:
        refuse(session, "sign off a decision you recorded yourself", case_ref=case.reference)
    if not approve and not comment.strip():
        raise InvalidInput("Say why the decision is returned, so the officer can act on it.")
    text_policy.require(comment, "The sign-off comment", multiline=True)
    now = session.clock.now()
    with session.transaction() as conn:
        cases_repo.insert_signoff(conn, case.id, "approved" if approve else "returned",
                                  comment.strip(), now, session.user.id)
        if approve:
            cases_repo.update_case(conn, case.id, signoff="approved",
                                   current_stage=int(Stage.OUTCOME))
            _prefill_recipient(session, conn, case, now)
        else:
            cases_repo.update_case(conn, case.id, signoff="returned")
            cases_repo.set_stage_status(conn, case.id, int(Stage.DECISION), "draft")
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case.id}/signoff",
                      case_ref=case.reference,
                      detail=stamped(conn, case.id, "decision approved" if approve
                                     else "decision returned with comment"))
        refresh_reference(session, conn, case.reference)
    return load_case(session, reference)


def signoff_state(session: Session, reference: str) -> str:
    """Where the case's decision stands: "awaiting" a supervisor, "approved", "returned"
    or "" (none yet).  The open case window asks this while it waits for a sign-off, to
    show the outcome stage by itself; it reveals no case content and is not audited as a
    consultation (showing the case again is, through ``cases.get_case``)."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    return open_for(session, reference, "check the sign-off of").signoff


def _prefill_recipient(session: Session, conn: Any, case: CaseFile, now: datetime) -> None:
    """Stage 6 starts with the recipient authorised at stage 5, fixed (¶5.6.18–19)."""
    facts = case.facts
    named = facts.get(Stage.DECISION, "recipient")
    if not facts.disclosing or not isinstance(named, dict) or not named.get("name"):
        return
    draft = case.values(Stage.OUTCOME)
    draft["recipient_name"] = str(named["name"])
    cases_repo.upsert_stage(conn, case.id, Stage.OUTCOME, FORM_VERSION, draft, "draft", now,
                            session.user.id)


def reopen(session: Session, reference: str, reason: str,
           to_stage: Stage = Stage.CLOSURE) -> CaseFile:
    """Supervisor reopens a closed case (or a completed stage) with a reason."""
    authorise(session, Permission.REOPEN_CASE, case_ref=reference)
    case = load_case(session, reference)
    if case.erased:
        raise InvalidInput("This case's personal data has been disposed of; it cannot reopen.")
    if not reason.strip():
        raise InvalidInput("Give the reason for reopening.")
    text_policy.require(reason, "The reason for reopening", multiline=True)
    if to_stage not in case.records:
        raise InvalidInput(f"{to_stage.title} has not been started on this case.")
    with session.transaction() as conn:
        for stage in case.records:
            if stage >= to_stage:
                cases_repo.set_stage_status(conn, case.id, int(stage), "draft")
        changes: dict[str, Any] = {"status": "open", "closed_at": None,
                                   "current_stage": int(to_stage)}
        if to_stage <= Stage.DECISION:
            changes["signoff"] = "none"
        if to_stage < Stage.CLOSURE:
            changes["route"] = None
        cases_repo.update_case(conn, case.id, **changes)
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case.id}", case_ref=case.reference,
                      justification=reason.strip(),
                      detail=stamped(conn, case.id, f"reopened at {to_stage.title}"))
        refresh_reference(session, conn, case.reference)
    return load_case(session, reference)


def assign(session: Session, reference: str, username: str) -> CaseFile:
    """Supervisor assigns the case to an officer or supervisor."""
    authorise(session, Permission.ASSIGN_CASE, case_ref=reference)
    case = load_case(session, reference)
    user = users_repo.by_username(session.conn, username)
    if user is None or not user.active or user.role is Role.ADMINISTRATOR:
        raise NotFound(f"'{username}' is not an active officer or supervisor.")
    with session.transaction() as conn:
        cases_repo.update_case(conn, case.id, assigned_to=user.id)
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case.id}", case_ref=case.reference,
                      detail=f"assigned to {username}")
        refresh_reference(session, conn, case.reference)
    return load_case(session, reference)


@dataclass(frozen=True)
class RepeatAlert:
    other_reference: str
    other_status: str
    score: float
    reasons: tuple[str, ...]


def repeat_subject_alerts(session: Session, reference: str) -> list[RepeatAlert]:
    """Other cases about the same subject, with why they matched; viewing is audited."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "view repeat-subject alerts")
    rows = people_repo.matches_for(session.conn, case.id)
    session.record(AuditAction.CONSULT, entity=f"case:{case.id}/repeat-subjects",
                   case_ref=case.reference, detail=f"viewed {len(rows)} repeat-subject alert(s)")
    return [RepeatAlert(r.other_reference, r.other_status, r.score, r.reasons) for r in rows]


