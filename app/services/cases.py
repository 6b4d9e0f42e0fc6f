"""Case services: open, view, save drafts, complete stages.

Each call: authorise → validate → change → audit, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app import settings
from app.clock import to_iso
from app.domain import guardrails, process
from app.domain.case_stamps import CaseState, record_stamp, with_stamps
from app.domain.enums import AuditAction, Role, Route, Stage
from app.domain.forms import FORM_VERSION, Problem, check_draft, validate_stage
from app.domain.forms.values import parse_datetime
from app.domain.summary import closure_summary
from app.domain.timescales import LONDON
from app.errors import InvalidInput, RefusedByGuardrail
from app.services import indexing
from app.services.authz import Permission, authorise
from app.services.case_file import CaseFile, load_case, open_for
from app.services.session import Session
from app.storage import cases_repo, policy_repo, settings_repo
from app.storage.connection import Connection


@dataclass(frozen=True)
class Completion:
    """The result of completing a stage: the case as it now is and what happens next."""

    case: CaseFile
    next_stage: Stage
    route: Route | None
    explanation: str


def open_case(session: Session, contact_at: datetime) -> CaseFile:
    """Open a case at first contact; the stage 1 draft starts with the header filled."""
    authorise(session, Permission.CREATE_CASE)
    now = session.clock.now()
    if contact_at.tzinfo is None:
        raise InvalidInput("The contact time needs a time zone.")
    if contact_at > now:
        raise InvalidInput("The time of first contact cannot be in the future.")
    with session.transaction() as conn:
        prefix = settings_repo.read(conn, settings.CASE_PREFIX)
        reference = cases_repo.next_reference(conn, prefix, contact_at.astimezone(LONDON).year)
        policy = policy_repo.current(conn)  # kept by the case for good (issue 11 item 13)
        case_id = cases_repo.insert_case(conn, reference, contact_at, now, session.user.id,
                                         policy_version=policy.version)
        draft = {"contact_at": to_iso(contact_at), "officer": session.user.display_name}
        cases_repo.upsert_stage(conn, case_id, Stage.INITIAL_CONTACT, FORM_VERSION, draft,
                                "draft", now, session.user.id)
        session.audit(conn, AuditAction.COLLECT, entity=f"case:{case_id}", case_ref=reference,
                      detail=stamped(conn, case_id, "case opened at first contact"))
        indexing.refresh_reference(session, conn, reference)
    return load_case(session, reference)


def get_case(session: Session, reference: str) -> CaseFile:
    """The case for viewing; the consultation is audited."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "view")
    session.record(AuditAction.CONSULT, entity=f"case:{case.id}", case_ref=case.reference)
    return case


def _editable(case: CaseFile, stage: Stage, values: dict[str, Any] | None = None) -> None:
    reason = case.why_not_editable(stage)
    if reason is not None:
        raise InvalidInput(reason)
    if stage is Stage.RISK_ASSESSMENT and values is not None and (
            values.get("right_to_know") is True) != case.right_to_know:
        raise InvalidInput("Whether a case is police-initiated (right to know) is set when it "
                           "is opened and cannot be changed here.")


def _refuse_problems(stage: Stage, problems: list[Problem], what: str) -> None:
    count = len(problems)
    raise InvalidInput(
        f"{stage.title} cannot be {what}: {count} answer{'s' if count != 1 else ''} "
        f"{'are' if count != 1 else 'is'} missing or not right.", problems)


def save_draft(session: Session, reference: str, stage: Stage, values: dict[str, Any]) -> CaseFile:
    """Save whatever has been typed so far; incomplete is fine, junk is refused."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "save a draft", change=True)
    _editable(case, stage, values)
    problems = check_draft(stage, values)
    if problems:
        _refuse_problems(stage, problems, "saved")
    previous = case.records.get(stage)
    if previous is not None and previous.values == values:
        return case  # nothing changed: no write, no audit row
    with session.transaction() as conn:
        cases_repo.upsert_stage(conn, case.id, stage, FORM_VERSION, values, "draft",
                                session.clock.now(), session.user.id)
        session.audit(conn, AuditAction.COLLECT if previous is None else AuditAction.ALTER,
                      entity=f"case:{case.id}/stage:{int(stage)}", case_ref=case.reference,
                      detail=f"draft of {stage.title} saved")
        if stage is Stage.INITIAL_CONTACT:
            sync_contact_time(conn, case.id, values, session.clock.now())
        if stage in (Stage.INITIAL_CONTACT, Stage.FACE_TO_FACE, Stage.DECISION):
            indexing.reindex(session, conn, load_case(session, reference))
    return load_case(session, reference)


def sync_contact_time(conn: Connection, case_id: int, values: dict[str, Any],
                      now: datetime) -> bool:
    """Stage 1's "Date and time of contact" is the one source of the first-contact instant
    (¶5.1.13): every deadline and figure follows it (issue 12 item 2). True if it moved."""
    moment = parse_datetime(values.get("contact_at"))
    if moment is None or moment > now:
        return False
    cases_repo.update_case(conn, case_id, contact_at=to_iso(moment))
    return True


def complete_stage(session: Session, reference: str, stage: Stage,
                   values: dict[str, Any]) -> Completion:
    """Complete the current stage: refused with every missing or invalid answer."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "complete a stage", change=True)
    _editable(case, stage, values)
    values = dict(values)
    if stage is Stage.CLOSURE and not str(values.get("summary") or "").strip():
        route = Route(values["route"]) if values.get("route") in set(Route) else case.route
        values["summary"] = closure_summary(case.reference, case.contact_at,
                                            _facts_with(case, stage, values), route)
    problems = validate_stage(stage, values, case.context(excluding=stage),
                              now=session.clock.now())
    if problems:
        _refuse_problems(stage, problems, "completed")
    facts = _facts_with(case, stage, values)
    if stage is Stage.RISK_ASSESSMENT:
        by_supervisor = session.user.role is Role.SUPERVISOR
        refusals = guardrails.categorisation_refusals(values, by_supervisor)
        if refusals:
            raise RefusedByGuardrail(refusals)
    if stage is Stage.DECISION:
        refusals = guardrails.decision_refusals(facts)
        if refusals:
            raise RefusedByGuardrail(refusals)
    if stage is Stage.OUTCOME:
        refusals = guardrails.outcome_refusals(facts, values)
        if refusals:
            raise RefusedByGuardrail(refusals)
    if stage is Stage.CLOSURE:
        refusals = guardrails.closure_route_refusals(facts, Route(values["route"]))
        if refusals:
            raise RefusedByGuardrail(refusals)
    move = process.transition(stage, values, facts)
    now = session.clock.now()
    with session.transaction() as conn:
        cases_repo.upsert_stage(conn, case.id, stage, FORM_VERSION, values, "complete", now,
                                session.user.id)
        if stage is Stage.INITIAL_CONTACT:
            sync_contact_time(conn, case.id, values, now)
        _apply_transition(session, conn, case, stage, values, move, now)
        _audit_completion(session, conn, case, stage, facts,
                          stamps=(state_stamp(conn, case.id), record_stamp(stage, values)))
        indexing.reindex(session, conn, load_case(session, reference))
    updated = load_case(session, reference)
    return Completion(updated, move.next_stage, move.route, move.explanation)


def _facts_with(case: CaseFile, stage: Stage, values: dict[str, Any]) -> Any:
    facts = case.facts
    merged = dict(facts.values)
    merged[stage] = values
    from dataclasses import replace

    return replace(facts, values=merged, completed=facts.completed | {stage})


def _apply_transition(session: Session, conn: Connection, case: CaseFile, stage: Stage,
                      values: dict[str, Any], move: process.Transition, now: datetime) -> None:
    if stage is Stage.CLOSURE:
        cases_repo.update_case(conn, case.id, status="closed", closed_at=to_iso(now),
                               route=str(values["route"]))
        return
    if move.needs_signoff:
        cases_repo.update_case(conn, case.id, signoff="awaiting")
        return
    changes: dict[str, Any] = {"current_stage": int(move.next_stage)}
    if move.route is not None:
        changes["route"] = move.route.value
    cases_repo.update_case(conn, case.id, **changes)
    if move.next_stage is Stage.CLOSURE:
        start_closure(session, conn, case.reference, move.route, now)


def start_closure(session: Session, conn: Connection, reference: str, route: Route | None,
                  now: datetime) -> None:
    """Begin the closure record with the route and the generated summary filled in."""
    case = load_case(session, reference)
    draft: dict[str, Any] = {"closed_on": now.astimezone(LONDON).date().isoformat()}
    if route is not None:
        draft["route"] = route.value
    draft["summary"] = closure_summary(case.reference, case.contact_at, case.facts, route)
    existing = case.values(Stage.CLOSURE)
    draft.update({k: v for k, v in existing.items() if v not in (None, "", [])})
    cases_repo.upsert_stage(conn, case.id, Stage.CLOSURE, FORM_VERSION, draft, "draft", now,
                            session.user.id)


def state_stamp(conn: Connection, case_id: int) -> str:
    """The case's status, stage, route and sign-off as they now are, for its audit row."""
    row = cases_repo.case_by_id(conn, case_id)
    assert row is not None
    return CaseState(row.status, row.current_stage, row.route, row.signoff).stamp()


def stamped(conn: Connection, case_id: int, detail: str,
            record: tuple[int, dict[str, Any]] | None = None) -> str:
    """``detail`` with the case's state (and a stage record's digest) that verify compares
    with the case rows (app/domain/case_stamps.py)."""
    stamps = [state_stamp(conn, case_id)]
    if record is not None:
        stamps.append(record_stamp(*record))
    return with_stamps(detail, *stamps)


def _audit_completion(session: Session, conn: Connection, case: CaseFile, stage: Stage,
                      facts: Any, stamps: tuple[str, ...]) -> None:
    entity = f"case:{case.id}/stage:{int(stage)}"
    if stage is Stage.RISK_ASSESSMENT and guardrails.recorded_findings(facts.values.get(
            stage, {})) and facts.categorisation == "no_concerns":
        session.audit(conn, AuditAction.ALTER, entity=entity, case_ref=case.reference,
                      justification="Supervisor's override of the findings recorded "
                      "(¶5.5.3, 5.5.5); reason in the case record",
                      detail=with_stamps(f"{stage.title} completed: 'no concerns' by "
                                         "supervisor override", *stamps))
        return
    if stage is Stage.OUTCOME and facts.disclosure_not_made:
        session.audit(conn, AuditAction.ALTER, entity=entity, case_ref=case.reference,
                      detail=with_stamps(f"{stage.title} completed: disclosure decided but "
                                         "not made (¶5.6.21)", *stamps))
        return
    if stage is Stage.OUTCOME and facts.disclosing:
        # The audit trail outlives the case record (retention disposal erases names), so it
        # identifies the recipient by role; the name stays in the erasable case record.
        named = facts.get(Stage.DECISION, "recipient") or {}
        relationship = named.get("relationship", "recipient") if isinstance(named, dict) else ""
        recipient = f"{relationship or 'recipient'} named in the case record"
        session.audit(conn, AuditAction.DISCLOSE, entity=entity, case_ref=case.reference,
                      recipient=recipient, justification="Disclosure under the CSO disclosure "
                      "scheme after forum decision and supervisor sign-off (¶5.6.14)",
                      detail=with_stamps("disclosure recorded", *stamps))
        return
    session.audit(conn, AuditAction.ALTER, entity=entity, case_ref=case.reference,
                  detail=with_stamps(f"{stage.title} completed", *stamps))
