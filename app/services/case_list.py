"""Case lists: "My cases" for officers, the unit list and search for supervisors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import jellyfish

from app.clock import from_iso
from app.domain.enums import AuditAction, Route, Stage
from app.domain.matching import normalise_text
from app.domain.timescales import (
    Deadline,
    DeadlineKind,
    DeadlineState,
    Extension,
    Progress,
    compute_deadlines,
    next_deadline,
    urgency_key,
)
from app.services.authz import Permission, allowed, authorise
from app.services.case_file import MILESTONES
from app.services.session import Session
from app.storage import case_list_repo
from app.storage.case_list_repo import CaseListRow, ListFilter


@dataclass(frozen=True)
class CaseSummary:
    """One row of a case list: what is late, what is flagged, whose it is."""

    reference: str
    current_stage: Stage
    status: str
    route: Route | None
    assigned_to: str | None
    created_by: str
    applicant_surname: str
    subject_surname: str
    contact_at: datetime
    deadlines: tuple[Deadline, ...]
    next_deadline: Deadline | None
    immediate_risk: bool
    repeat_subject: bool
    extended: bool
    signoff: str

    @property
    def awaiting_signoff(self) -> bool:
        return self.signoff == "awaiting"

    @property
    def urgency(self) -> tuple[int, float]:
        return urgency_key(self.deadlines)


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""  # reference, or any person's name (sounds-alike too)
    status: str | None = None
    stage: Stage | None = None
    route: Route | None = None
    officer: str | None = None
    deadline_state: DeadlineState | None = None
    contact_from: date | None = None
    contact_to: date | None = None
    limit: int | None = None


def summarise(row: CaseListRow, extensions: list[tuple[str, str]], now: datetime) -> CaseSummary:
    contact = from_iso(row.contact_at)
    completed = {kind: from_iso(row.completed[int(stage)])
                 for kind, stage in MILESTONES.items() if int(stage) in row.completed}
    closed = from_iso(row.closed_at) if row.closed_at else None
    progress = Progress(contact_at=contact, completed=completed, closed_at=closed)
    exts = [Extension(DeadlineKind(k), from_iso(d), "recorded", contact.date())
            for k, d in extensions]
    deadlines = tuple(compute_deadlines(progress, exts, now))
    return CaseSummary(
        reference=row.reference, current_stage=Stage(row.current_stage), status=row.status,
        route=Route(row.route) if row.route else None, assigned_to=row.assigned_to,
        created_by=row.created_by, applicant_surname=row.applicant_surname,
        subject_surname=row.subject_surname, contact_at=contact, deadlines=deadlines,
        next_deadline=next_deadline(deadlines), immediate_risk=row.immediate_risk,
        repeat_subject=row.repeat_subject, extended=row.extended, signoff=row.signoff,
    )


def _filter(session: Session, query: CaseQuery, mine: bool) -> ListFilter:
    text = query.text.strip()
    norm = normalise_text(text) if text else None
    phonetic = None
    if text and text.replace(" ", "").isalpha() and text.isascii() and " " not in text:
        phonetic = jellyfish.metaphone(norm or text)
    officer_id = None
    if query.officer:
        row = session.conn.execute("SELECT id FROM users WHERE username = ?",
                                   (query.officer,)).fetchone()
        officer_id = int(row[0]) if row else -1
    return ListFilter(
        user_id=session.user.id if mine else None,
        status=query.status, stage=int(query.stage) if query.stage else None,
        route=query.route.value if query.route else None, assigned_to=officer_id,
        contact_from=query.contact_from.isoformat() if query.contact_from else None,
        contact_to=query.contact_to.isoformat() if query.contact_to else None,
        text_norm=(text.upper() if text.upper().startswith(("CSO", "TST", "DEMO")) else norm)
        if text else None,
        phonetic=phonetic or None, limit=None if query.deadline_state else query.limit,
    )


def list_cases(session: Session, query: CaseQuery | None = None,
               mine: bool | None = None) -> list[CaseSummary]:
    """Cases sorted most urgent first. Officers see their own; supervisors may see all."""
    authorise(session, Permission.WORK_CASE)
    query = query or CaseQuery()
    if mine is None:
        mine = not allowed(session.user.role, Permission.VIEW_ALL_CASES)
    if not mine:
        authorise(session, Permission.VIEW_ALL_CASES)
    rows = case_list_repo.list_rows(session.conn, _filter(session, query, mine))
    ext = case_list_repo.extension_rows(session.conn, [r.id for r in rows if r.extended])
    now = session.clock.now()
    summaries = [summarise(r, ext.get(r.id, []), now) for r in rows]
    if query.deadline_state is not None:
        summaries = [s for s in summaries if s.next_deadline is not None
                     and s.next_deadline.state is query.deadline_state]
    summaries.sort(key=lambda s: (s.urgency, s.reference))
    if query.limit is not None:
        summaries = summaries[: query.limit]
    if query.text.strip():
        session.record(AuditAction.CONSULT, entity="case-search",
                       detail=f"searched cases ({len(summaries)} found)")
    return summaries
