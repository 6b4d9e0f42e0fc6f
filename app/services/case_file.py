"""Loading one case with its records, state, deadlines and flags; access checks."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from app.clock import from_iso
from app.domain import prefill as prefill_rules
from app.domain.case_facts import CaseFacts
from app.domain.contacts import Contact
from app.domain.enums import Role, Route, Stage
from app.domain.forms import CaseContext, form_for
from app.domain.forms.upgrades import FormTooNew, current_version, upgrade_answers
from app.domain.milestones import (
    MILESTONE_STAGES,
    RIGHT_TO_KNOW_NOT_APPLICABLE,
    milestone_instants,
    right_to_know_milestones,
)
from app.domain.prefill import FixedAnswer
from app.domain.referrals import Referral
from app.domain.timescale_policy import TimescalePolicy
from app.domain.timescales import (
    LONDON,
    Deadline,
    DeadlineKind,
    Extension,
    Progress,
    compute_deadlines,
)
from app.errors import NotFound, RecordTooNew
from app.services.authz import refuse
from app.services.case_records import ExtensionRecord, RiskRecord, SignoffRecord, StageRecord
from app.services.read_types import copy_row
from app.services.session import Session
from app.storage import cases_repo, contacts_repo, people_repo, policy_repo, referrals_repo
from app.storage.cases_repo import CaseRow, StageRow

#: The blocks of stage 1 that stage 2 repeats with the same structure (¶5.2.13).
PREFILLED_FROM_STAGE1 = prefill_rules.PREFILLED_FROM_STAGE1
# Which completed stage meets which deadline (the closure deadline is met by closing);
# the instant is the recorded event date (app/domain/milestones.py).
MILESTONES = MILESTONE_STAGES


@dataclass(frozen=True)
class CaseFile:
    """Everything about one case that a user with access may see."""

    id: int
    reference: str
    contact_at: datetime
    created_by: str
    assigned_to: str | None
    current_stage: Stage
    status: str
    route: Route | None
    closed_at: datetime | None
    signoff: str
    records: dict[Stage, StageRecord]
    risks: list[RiskRecord]
    extensions: list[ExtensionRecord]
    signoffs: list[SignoffRecord]
    deadlines: list[Deadline]
    repeat_matches: int
    erased: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    policy: TimescalePolicy = field(default_factory=TimescalePolicy)
    case_type: str = "right_to_ask"
    referrals: list[Referral] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)  # the contact log, oldest first

    def overdue_referrals(self, today: date) -> list[Referral]:
        """Referrals with no outcome whose chase-by date has passed (¶3.6)."""
        return [r for r in self.referrals if r.chase_overdue(today)]

    @property
    def right_to_know(self) -> bool:
        """A police-initiated disclosure with no applicant (2023 practice, digest §2.0 [S])."""
        return self.case_type == "right_to_know"

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def facts(self) -> CaseFacts:
        return CaseFacts(
            current_stage=self.current_stage,
            values={stage: row.values for stage, row in self.records.items()},
            completed=frozenset(s for s, r in self.records.items() if r.status == "complete"),
            signoff=self.signoff,
            route=self.route,
            closed=not self.is_open,
        )

    def values(self, stage: Stage) -> dict[str, Any]:
        row = self.records.get(stage)
        return dict(row.values) if row else {}

    def context(self, excluding: Stage | None = None) -> CaseContext:
        return {s: r.values for s, r in self.records.items() if s is not excluding}

    def is_complete(self, stage: Stage) -> bool:
        row = self.records.get(stage)
        return row is not None and row.status == "complete"

    @property
    def immediate_risk(self) -> bool:
        return bool(self.risks)

    @property
    def extended(self) -> bool:
        return bool(self.extensions)

    @property
    def awaiting_signoff(self) -> bool:
        return self.signoff == "awaiting"

    @property
    def last_signoff_comment(self) -> str | None:
        return self.signoffs[-1].comment if self.signoffs else None

    def why_not_editable(self, stage: Stage) -> str | None:
        """Why ``stage``'s record cannot be changed now, or None when it can.

        Only the current stage of an open case is worked on; completed stages are
        read-only until a supervisor reopens them; a decision waiting for sign-off is
        frozen. Who may change the case is a separate check (``may_change``).
        """
        if not self.is_open:
            return f"Case {self.reference} is closed; a supervisor must reopen it first."
        if stage != self.current_stage:
            if self.is_complete(stage):
                return (f"{stage.title} is complete and can only be viewed. "
                        "A supervisor can reopen it.")
            return (f"The case is at {self.current_stage.title}; "
                    f"{stage.title} cannot be worked on now.")
        if stage is Stage.DECISION and self.awaiting_signoff:
            return "The decision is waiting for a supervisor's sign-off."
        return None

    def can_edit(self, stage: Stage) -> bool:
        """Whether ``stage``'s record may be changed now (see ``why_not_editable``)."""
        return self.why_not_editable(stage) is None

    def prefill(self, stage: Stage, user_name: str = "") -> dict[str, Any]:
        """The answers ``stage`` starts with before anything is saved for it.

        Stage 2 repeats the people recorded at stage 1 so the officer only corrects them
        (¶5.2.13); stage 4 names ``user_name`` (the signed-in officer) as the assessor,
        as stage 1 does (¶5.4.3). Applies while ``stage`` is current and has no saved
        record; empty when there is nothing to pre-fill (app/domain/prefill.py).
        """
        if stage != self.current_stage or self.values(stage):
            return {}
        return prefill_rules.starting_answers(stage, self._all_values(), user_name)

    def applicant_as_recipient(self, recipient: dict[str, Any]) -> dict[str, Any]:
        """Stage 5's ``recipient`` record completed from the applicant, when the recipient
        is the applicant (¶5.6.19): the name, and the relationship when it is clear.
        What was typed is kept."""
        return prefill_rules.fill_recipient(recipient, self._all_values())

    def fixed_answers(self, stage: Stage) -> list[FixedAnswer]:
        """Answers of ``stage`` taken from an earlier stage and not changed here
        (``Field.fixed_from``; the stage 6 recipient is stage 5's, ¶5.6.18-19)."""
        return prefill_rules.fixed_answers(form_for(stage), self._all_values())

    def fixed_note(self, answer: FixedAnswer) -> str:
        """Where a fixed answer comes from, and how to change it."""
        approved = [s for s in self.signoffs if s.outcome == "approved"]
        if answer.source is Stage.DECISION and approved:
            when = from_iso(approved[-1].at).astimezone(LONDON)
            return (f"From the decision signed off on {when:%d %b %Y}; to disclose to "
                    "someone else, the decision must be returned.")
        return (f"From {answer.source.title}; to change it, that stage must be reopened "
                "and changed.")

    def _all_values(self) -> dict[Stage, dict[str, Any]]:
        return {stage: row.values for stage, row in self.records.items()}


def progress_of(contact_at: datetime, records: dict[Stage, StageRecord],
                closed_at: datetime | None, *, right_to_know: bool = False) -> Progress:
    """Milestones from the event dates recorded in the completed stages (¶5.6.27)."""
    done = {stage: from_iso(row.completed_at) for stage, row in records.items()
            if row.status == "complete" and row.completed_at}
    answers = {s: r.values for s, r in records.items()}
    if right_to_know:
        return Progress(contact_at=contact_at, completed=right_to_know_milestones(answers, done),
                        closed_at=closed_at, not_applicable=RIGHT_TO_KNOW_NOT_APPLICABLE,
                        closed_early=closed_at is not None and Stage.OUTCOME not in records)
    completed = milestone_instants(answers, done)
    return Progress(contact_at=contact_at, completed=completed, closed_at=closed_at,
                    closed_early=closed_at is not None and Stage.OUTCOME not in records)


def policy_for(session: Session, version: int) -> TimescalePolicy:
    """The policy version a case was opened under (cached per session)."""
    cache: dict[int, TimescalePolicy] = session.__dict__.setdefault("_policies", {})
    if version not in cache:
        for policy in policy_repo.all_policies(session.conn):
            cache[policy.version] = policy
    return cache.get(version, TimescalePolicy())


def to_extension(row: ExtensionRecord) -> Extension:
    return Extension(DeadlineKind(row.kind), from_iso(row.new_due), row.reason,
                     date.fromisoformat(row.applicant_told_on))


def load_case(session: Session, reference: str) -> CaseFile:
    """Load without auditing or access checks (services call ``open_for``)."""
    conn = session.conn
    row = cases_repo.case_by_reference(conn, reference.strip())
    if row is None:
        raise NotFound(f"There is no case {reference}.")
    return _assemble(session, row)


def _current_form(reference: str, record: StageRow) -> StageRow:
    """``record`` with its answers upgraded to today's form version (see forms.upgrades)."""
    current = current_version()
    if record.form_version == current:
        return record
    try:
        values = upgrade_answers(Stage(record.stage), record.form_version, record.values)
    except FormTooNew as too_new:
        raise RecordTooNew(reference, Stage(record.stage).title.lower(), too_new.found,
                           too_new.supported) from None
    return replace(record, values=values, form_version=current)


def _assemble(session: Session, row: CaseRow) -> CaseFile:
    conn = session.conn
    records = {Stage(r.stage): copy_row(StageRecord, _current_form(row.reference, r))
               for r in cases_repo.stage_rows(conn, row.id)}
    extensions = [copy_row(ExtensionRecord, e) for e in cases_repo.extensions(conn, row.id)]
    contact_at = from_iso(row.contact_at)
    closed_at = from_iso(row.closed_at) if row.closed_at else None
    policy = policy_for(session, row.policy_version)
    progress = progress_of(contact_at, records, closed_at,
                           right_to_know=row.case_type == "right_to_know")
    deadlines = compute_deadlines(progress,
                                  [to_extension(e) for e in extensions], session.clock.now(),
                                  policy=policy)
    return CaseFile(
        id=row.id, reference=row.reference, contact_at=contact_at, created_by=row.created_by,
        assigned_to=row.assigned_to, current_stage=Stage(row.current_stage), status=row.status,
        route=Route(row.route) if row.route else None, closed_at=closed_at, signoff=row.signoff,
        records=records, risks=[copy_row(RiskRecord, r) for r in cases_repo.risks(conn, row.id)],
        extensions=extensions,
        signoffs=[copy_row(SignoffRecord, s) for s in cases_repo.signoffs(conn, row.id)],
        deadlines=deadlines,
        repeat_matches=people_repo.match_count(conn, row.id), erased=row.erased_at is not None,
        policy=policy, case_type=row.case_type,
        referrals=referrals_repo.for_case(conn, row.id),
        contacts=contacts_repo.contacts(conn, row.id),
    )


def may_work(session: Session, case: CaseFile) -> bool:
    """Who may see a case: officers their own or assigned cases; supervisors any case."""
    role = session.user.role
    if role is Role.SUPERVISOR:
        return True
    if role is Role.OFFICER:
        return session.user.username in (case.assigned_to, case.created_by)
    return False


def may_change(session: Session, case: CaseFile) -> bool:
    """Who may change a case's record: the officer or supervisor it is assigned to (or who
    opened it). A supervisor sees every case but works one only once it is theirs, so
    every change has an accountable owner (they can assign it to themselves)."""
    if session.user.role not in (Role.SUPERVISOR, Role.OFFICER):
        return False
    return session.user.username in (case.assigned_to, case.created_by)


def open_for(session: Session, reference: str, what: str, *, change: bool = False) -> CaseFile:
    """Load a case the user may see (``change``: may change), or audit the refusal and raise."""
    case = load_case(session, reference)
    if not may_work(session, case) or (change and not may_change(session, case)):
        hint = (" (a supervisor can assign it to themselves)"
                if session.user.role is Role.SUPERVISOR else "")
        refuse(session, f"{what} on case {case.reference}, which is not assigned to you{hint}",
               case_ref=case.reference)
    return case
