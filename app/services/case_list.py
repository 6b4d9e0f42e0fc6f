"""Case lists: "My cases" for officers, the unit list and search for supervisors."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import jellyfish

from app.clock import from_iso, to_iso
from app.domain.enums import Role, Route, Stage
from app.domain.flags import CaseFlag, case_flags
from app.domain.matching import normalise_text
from app.domain.milestones import RIGHT_TO_KNOW_NOT_APPLICABLE
from app.domain.timescale_policy import DEFAULT_POLICY, TimescalePolicy
from app.domain.timescales import (
    DEFAULT_DUE_SOON,
    DEFAULT_DUE_SOON_24H,
    LONDON,
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
from app.services.consultations import (
    already_recorded,
    not_yet_listed,
    query_key,
    record_once,
    remember_listed,
)
from app.services.session import Session
from app.storage import case_list_repo, policy_repo, users_repo
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
    referral_chase_overdue: bool = False  # a referral's chase-by date passed, no outcome (¶3.6)
    case_type: str = "right_to_ask"
    assigned_name: str | None = None  # display names (rank, number, name) of those users
    created_by_name: str = ""

    #: The face-to-face stage was completed: what the unit figures and the annual return
    #: count as an application (¶5.2; Home Office annual data requirement).
    face_to_face_completed: bool = False

    @property
    def officer(self) -> str:
        """The log-in name of the officer on the case (assigned, else who opened it)."""
        return self.assigned_to or self.created_by

    @property
    def officer_name(self) -> str:
        """The officer on the case by display name (the log-in name if it has none)."""
        if self.assigned_to:
            return (self.assigned_name or "").strip() or self.assigned_to
        return self.created_by_name.strip() or self.created_by

    @property
    def awaiting_signoff(self) -> bool:
        return self.signoff == "awaiting"

    @property
    def urgency(self) -> tuple[int, float]:
        return urgency_key(self.deadlines)

    @property
    def flags(self) -> tuple[CaseFlag, ...]:
        """What every case list shows in its flags column, in one order."""
        return case_flags(immediate_risk=self.immediate_risk,
                          repeat_subject=self.repeat_subject, extended=self.extended,
                          awaiting_signoff=self.awaiting_signoff,
                          referral_overdue=self.referral_chase_overdue)


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
    awaiting_signoff: bool = False
    immediate_risk: bool = False
    repeat_subject: bool = False
    limit: int | None = None


def summarise(row: CaseListRow, extensions: list[tuple[str, str]], now: datetime,
              policies: Mapping[int, TimescalePolicy] | None = None) -> CaseSummary:
    contact = from_iso(row.contact_at)
    completed = {kind: from_iso(row.completed[int(stage)])
                 for kind, stage in MILESTONES.items() if int(stage) in row.completed}
    right_to_know = row.case_type == "right_to_know"
    if row.milestones:  # the event dates, projected by indexing.refresh (¶5.6.27)
        events = json.loads(row.milestones)
        completed.update({DeadlineKind(k): from_iso(v) for k, v in events.items()
                          if DeadlineKind(k) in completed or right_to_know})
    closed = from_iso(row.closed_at) if row.closed_at else None
    progress = Progress(contact_at=contact, completed=completed, closed_at=closed,
                        not_applicable=RIGHT_TO_KNOW_NOT_APPLICABLE if right_to_know
                        else frozenset())
    exts = [Extension(DeadlineKind(k), from_iso(d), "recorded", contact.date())
            for k, d in extensions]
    policy = (policies or {}).get(row.policy_version, DEFAULT_POLICY)
    deadlines = tuple(compute_deadlines(progress, exts, now, policy=policy))
    return CaseSummary(
        reference=row.reference, current_stage=Stage(row.current_stage), status=row.status,
        route=Route(row.route) if row.route else None, assigned_to=row.assigned_to,
        created_by=row.created_by, applicant_surname=row.applicant_surname,
        subject_surname=row.subject_surname, contact_at=contact, deadlines=deadlines,
        next_deadline=next_deadline(deadlines), immediate_risk=row.immediate_risk,
        repeat_subject=row.repeat_subject, extended=row.extended, signoff=row.signoff,
        referral_chase_overdue=row.referral_chase_by is not None
        and now.astimezone(LONDON).date().isoformat() > row.referral_chase_by,
        case_type=row.case_type, assigned_name=row.assigned_name,
        created_by_name=row.created_by_name,
        face_to_face_completed=int(Stage.FACE_TO_FACE) in row.completed,
    )


def _filter(session: Session, query: CaseQuery, mine: bool) -> ListFilter:
    text = query.text.strip()
    norm = normalise_text(text) if text else ""
    has_letters = any(ch.isalpha() for ch in text)
    phonetic = None
    if norm and " " not in norm and norm.isascii() and norm.isalpha():
        phonetic = jellyfish.metaphone(norm) or None
    officer_id = None
    if query.officer:
        officer = users_repo.by_username(session.conn, query.officer)
        officer_id = officer.id if officer else -1
    now = session.clock.now()
    state = query.deadline_state
    return ListFilter(
        user_id=session.user.id if mine else None,
        status=query.status, stage=int(query.stage) if query.stage else None,
        route=query.route.value if query.route else None, assigned_to=officer_id,
        contact_from=query.contact_from.isoformat() if query.contact_from else None,
        contact_to=(query.contact_to + timedelta(days=1)).isoformat()
        if query.contact_to else None,
        reference_prefix=text.upper() if "/" in text and text[:1].isalpha() else None,
        reference_seq=int(text) if text.isdigit() and len(text) <= 9 else None,
        # A "/" means a reference is being typed: names never contain one.
        name_prefix=norm if has_letters and "/" not in text else None,
        phonetic=phonetic if "/" not in text else None,
        has_deadline=state is not None,
        due_before=to_iso(now) if state is DeadlineState.OVERDUE else None,
        due_from=to_iso(now) if state is DeadlineState.DUE_SOON else None,
        soon_until=to_iso(now + DEFAULT_DUE_SOON),
        soon_until_24h=to_iso(now + DEFAULT_DUE_SOON_24H),
        after_soon=state is DeadlineState.OPEN,
        signoff="awaiting" if query.awaiting_signoff else None,
        immediate_risk=query.immediate_risk,
        repeat_subject=query.repeat_subject,
    )


def _authorise_scope(session: Session, mine: bool | None) -> bool:
    authorise(session, Permission.WORK_CASE)
    if mine is None:
        mine = not allowed(session.user.role, Permission.VIEW_ALL_CASES)
    if not mine:
        authorise(session, Permission.VIEW_ALL_CASES)
    return mine


def find_case_ids(session: Session, query: CaseQuery | None = None, mine: bool | None = None,
                  sort: str = "deadline", descending: bool = False, *, offset: int = 0,
                  limit: int | None = None) -> list[int]:
    """Ids of the matching cases in the order asked for; pass offset/limit for one window.

    Officers see their own cases; supervisors may ask for the whole unit. Windows
    walk an index, so the first rows come back at once even at 100,000 cases."""
    mine = _authorise_scope(session, mine)
    query = query or CaseQuery()
    if sort not in case_list_repo.SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    if limit is None:
        limit = query.limit
    _consulted(session, query, mine)
    ids = case_list_repo.ordered_ids(session.conn, _filter(session, query, mine), sort,
                                     descending, limit, offset)
    remember_listed(session, ids)  # their rows (surnames) are this consultation's
    return ids


def count_cases(session: Session, query: CaseQuery | None = None,
                mine: bool | None = None) -> int:
    """How many cases match; the first time in a sitting, the query is audited."""
    mine = _authorise_scope(session, mine)
    query = query or CaseQuery()
    total = case_list_repo.count(session.conn, _filter(session, query, mine))
    _consulted(session, query, mine, total)
    return total


def _describe(query: CaseQuery, mine: bool) -> str:
    """The query in words for the audit trail: filters, never the text searched for."""
    parts = [name for name, on in (("awaiting sign-off", query.awaiting_signoff),
                                   ("immediate risk", query.immediate_risk),
                                   ("repeat subject", query.repeat_subject)) if on]
    for name, value in (("status", query.status),
                        ("stage", int(query.stage) if query.stage else None),
                        ("route", query.route.value if query.route else None),
                        ("officer", query.officer),
                        ("deadline", query.deadline_state.value if query.deadline_state
                         else None),
                        ("contact from", query.contact_from), ("contact to", query.contact_to)):
        if value is not None:
            parts.append(f"{name} {value}")
    scope = "own cases" if mine else "unit cases"
    return scope + (f" where {', '.join(parts)}" if parts else "")


def _consulted(session: Session, query: CaseQuery, mine: bool,
               total: int | None = None) -> None:
    """DPA 2018 s.62: listing cases (their surnames) is a consultation. One audit row per
    distinct query in a sitting; paging, sorting and refreshing it add none."""
    text = normalise_text(query.text.strip()) if query.text.strip() else ""
    key = query_key("case-list", session.user.id, mine, text, query.status, query.stage,
                    query.route, query.officer, query.deadline_state, query.contact_from,
                    query.contact_to, query.awaiting_signoff, query.immediate_risk,
                    query.repeat_subject)
    if already_recorded(session, key):
        return
    if total is None:
        total = case_list_repo.count(session.conn, _filter(session, query, mine))
    described = _describe(query, mine)
    if text:
        record_once(session, key, entity="case-search",
                    detail=f"searched cases: {described} ({total} found)")
    else:
        record_once(session, key, entity="case-list",
                    detail=f"listed {described} ({total} found)")


def summaries_for(session: Session, ids: list[int]) -> list[CaseSummary]:
    """The list columns of these cases (e.g. the rows now on screen), in order.

    They include every case's applicant and subject surnames: reading them is a
    consultation (DPA 2018 s.62). Cases a listing of this sitting returned
    (``find_case_ids``, audited) add no row; any others are audited here, one row
    per call, whoever calls it."""
    authorise(session, Permission.WORK_CASE)
    rows = case_list_repo.rows_for_ids(session.conn, ids)
    if session.user.role is not Role.SUPERVISOR:
        me = session.user.username
        rows = [r for r in rows if me in (r.assigned_to, r.created_by)]
    _consulted_by_id(session, [r.id for r in rows])
    ext = case_list_repo.extension_rows(session.conn, [r.id for r in rows if r.extended])
    now = session.clock.now()
    policies = unit_policies(session)
    return [summarise(r, ext.get(r.id, []), now, policies) for r in rows]


def _consulted_by_id(session: Session, case_ids: list[int]) -> None:
    unlisted = not_yet_listed(session, case_ids)
    if not unlisted:
        return
    record_once(session, query_key("case-rows", session.user.id, tuple(sorted(unlisted))),
                entity="case-list",
                detail=f"read the list rows (surnames) of {len(unlisted)} case(s) by id, "
                "without listing them first")
    remember_listed(session, unlisted)


def unit_policies(session: Session) -> dict[int, TimescalePolicy]:
    """Every timescale policy version of the unit, by version."""
    return {p.version: p for p in policy_repo.all_policies(session.conn)}


def list_cases(session: Session, query: CaseQuery | None = None,
               mine: bool | None = None) -> list[CaseSummary]:
    """A whole (small) list, most urgent first — e.g. an officer's "My cases"."""
    ids = find_case_ids(session, query, mine)  # audited: the first listing of this query
    summaries = summaries_for(session, ids)
    summaries.sort(key=lambda s: (s.urgency, s.reference))
    return summaries
