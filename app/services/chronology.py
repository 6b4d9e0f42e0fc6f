"""The chronology of one case: every record merged in time order (issue 15 item 3).

``EVENT_SOURCES`` is the list of sources; each takes the session and the loaded
case and yields ``ChronologyEntry`` items. It is the extension point for records
kept elsewhere: the tasks of a case join by ``register_source(tasks_source)``
(a function returning the case's tasks as ``EventKind.TASK`` entries). Reading
the chronology is a read of the case (same access as the case itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from app.clock import from_iso
from app.domain.chronology import ChronologyEntry, EventKind, merge, start_of_day
from app.domain.enums import Stage
from app.domain.forms import form_for
from app.domain.timescales import DeadlineKind
from app.services.authz import Permission, authorise
from app.services.case_file import CaseFile, open_for
from app.services.session import Session
from app.storage import audit_repo, contacts_repo

EventSource = Callable[[Session, CaseFile], Iterable[ChronologyEntry]]
E = EventKind


def _opened(session: Session, case: CaseFile) -> Iterator[ChronologyEntry]:
    yield ChronologyEntry(case.contact_at, E.OPENED, "First contact; case opened",
                          by=case.created_by)
    if case.closed_at is not None:
        route = case.route.label if case.route else ""
        yield ChronologyEntry(case.closed_at, E.CLOSED, "Case closed",
                              f"Route: {route}" if route else "")


def _decision_text(case: CaseFile) -> str:
    value = case.values(Stage.DECISION).get("decision")
    labels = {c.value: c.label for c in form_for(Stage.DECISION).field("decision").choices}
    return labels.get(str(value), "") if value else ""


def _stages(session: Session, case: CaseFile) -> Iterator[ChronologyEntry]:
    for stage, record in sorted(case.records.items()):
        if record.status != "complete" or not record.completed_at:
            continue
        at = from_iso(record.completed_at)
        by = record.completed_by or ""
        if stage is Stage.DECISION:
            decision = _decision_text(case)
            yield ChronologyEntry(at, E.DECISION, f"Decision recorded: {decision}"
                                  if decision else "Decision recorded", by=by)
        else:
            yield ChronologyEntry(at, E.STAGE, f"{stage.title} completed", by=by)


def _signoffs(session: Session, case: CaseFile) -> Iterator[ChronologyEntry]:
    for s in case.signoffs:
        title = ("Decision signed off by a supervisor" if s.outcome == "approved"
                 else "Decision returned by a supervisor")
        yield ChronologyEntry(from_iso(s.at), E.SIGNOFF, title, s.comment, by=s.by)


def _referrals(session: Session, case: CaseFile) -> Iterator[ChronologyEntry]:
    for r in case.referrals:
        ref = f" (their reference {r.reference})" if r.reference else ""
        yield ChronologyEntry(start_of_day(r.sent_on), E.REFERRAL,
                              f"Referral sent to {r.agency_label}{ref}", date_only=True)
        if r.outcome_on is not None:
            yield ChronologyEntry(start_of_day(r.outcome_on), E.REFERRAL,
                                  f"Referral outcome from {r.agency_label}", r.outcome,
                                  date_only=True)


def _contacts(session: Session, case: CaseFile) -> Iterator[ChronologyEntry]:
    for c in contacts_repo.contacts(session.conn, case.id):
        yield ChronologyEntry(c.at, E.CONTACT, c.summary(), c.note, by=c.recorded_by)


def _notes(session: Session, case: CaseFile) -> Iterator[ChronologyEntry]:
    for n in contacts_repo.notes(session.conn, case.id):
        yield ChronologyEntry(n.noted_at, E.NOTE, "Case note", n.text, by=n.recorded_by)


def _printed(session: Session, case: CaseFile) -> Iterator[ChronologyEntry]:
    for at, actor, detail in audit_repo.case_prints(session.conn, case.reference):
        yield ChronologyEntry(from_iso(at), E.DOCUMENT, detail or "Document printed", by=actor)


def _extensions(session: Session, case: CaseFile) -> Iterator[ChronologyEntry]:
    for x in case.extensions:
        label = DeadlineKind(x.kind).label
        due = f"{from_iso(x.new_due):%d %b %Y}"
        yield ChronologyEntry(from_iso(x.recorded_at), E.EXTENSION,
                              f"Timescale extended: {label}, now due {due}", x.reason,
                              by=x.recorded_by)


def _risks(session: Session, case: CaseFile) -> Iterator[ChronologyEntry]:
    for r in case.risks:
        seen = str(r.values.get("what_seen") or "")
        yield ChronologyEntry(from_iso(r.recorded_at), E.RISK,
                              f"Immediate risk recorded at {Stage(r.stage).title}", seen,
                              by=r.recorded_by)


#: Every source of chronology entries, in the order entries at the same instant show.
EVENT_SOURCES: list[EventSource] = [_opened, _stages, _signoffs, _referrals, _contacts,
                                    _notes, _printed, _extensions, _risks]


def register_source(source: EventSource) -> None:
    """Add a source of entries (e.g. the case's tasks); idempotent."""
    if source not in EVENT_SOURCES:
        EVENT_SOURCES.append(source)


def chronology_of(session: Session, case: CaseFile) -> list[ChronologyEntry]:
    """The chronology of a case already loaded with access checked (documents)."""
    if case.erased:
        return []
    return merge(entry for source in EVENT_SOURCES for entry in source(session, case))


def chronology(session: Session, reference: str) -> list[ChronologyEntry]:
    """The case's chronology, oldest first."""
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "view the chronology")
    return chronology_of(session, case)
