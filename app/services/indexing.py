"""Derived data kept up to date in the same transaction as each change:

* the people index (search by name and sound) and repeat-subject matches (¶6.1);
* the list projection on ``cases`` (next deadline, surnames) that makes case
  lists fast at 100,000 cases. It is derived, never edited by hand, and rebuilt
  in full on sign-in whenever ``PROJECTION_VERSION`` changes.
"""

from __future__ import annotations

import json

from app import settings
from app.clock import to_iso
from app.domain.case_facts import CaseFacts
from app.domain.enums import AuditAction
from app.domain.matching import SubjectIdentity, find_matches, identity_keys, normalise_text
from app.domain.people import named_people, subject_identity
from app.domain.timescales import next_deadline
from app.services.case_file import CaseFile, load_case
from app.services.session import Session
from app.storage import cases_repo, people_repo, settings_repo
from app.storage.connection import Connection

MAX_CANDIDATES = 500
PROJECTION_VERSION = "4"  # 4: milestone event dates (¶5.6.27)


def reindex(session: Session, conn: Connection, case: CaseFile) -> None:
    """Rebuild the case's search entries, repeat-subject matches and list projection."""
    facts = case.facts
    people = list(named_people(facts))
    people_repo.replace_people(conn, case.id, [
        people_repo.PersonEntry(p.role, p.surname, p.forenames, p.name_norm, p.phonetic, p.dob,
                                normalise_text(p.surname))
        for p in people
    ])
    refresh(conn, case)
    identity = subject_identity(case.id, facts, case.contact_at)
    if identity is None:
        people_repo.replace_subject_keys(conn, case.id, [])
        people_repo.replace_matches(conn, case.id, [], session.clock.now())
        return
    keys = identity_keys(identity)
    people_repo.replace_subject_keys(conn, case.id, keys)
    before = {m.other_case_id for m in people_repo.matches_for(conn, case.id)}
    candidates = [c for c in (_identity_of(session, cid)
                              for cid in people_repo.candidate_cases(conn, keys, case.id,
                                                                      MAX_CANDIDATES))
                  if c is not None]
    matches = find_matches(identity, candidates)
    people_repo.replace_matches(conn, case.id,
                                [(m.case_id, m.score, m.reasons) for m in matches],
                                session.clock.now())
    new = {m.case_id for m in matches} - before
    if new:
        session.audit(conn, AuditAction.COMBINE, entity=f"case:{case.id}", case_ref=case.reference,
                      detail=f"repeat-subject check linked {len(new)} other case(s)")


def refresh(conn: Connection, case: CaseFile) -> None:
    """Recompute the list projection of one case (cheap; call after any change)."""
    upcoming = next_deadline(case.deadlines) if case.is_open else None
    applicant = case.facts.latest("applicant") or {}
    subject = case.facts.latest("subject") or {}
    cases_repo.update_case(
        conn, case.id,
        next_due=to_iso(upcoming.due) if upcoming else None,
        next_kind=upcoming.kind.value if upcoming else None,
        applicant_surname=str(applicant.get("surname") or "") if isinstance(applicant, dict)
        else "",
        subject_surname=str(subject.get("surname") or "") if isinstance(subject, dict) else "",
        assigned_username=case.assigned_to or "",
        ref_seq=_sequence(case.reference),
        milestones=json.dumps({d.kind.value: to_iso(d.completed_at) for d in case.deadlines
                               if d.completed_at is not None}, sort_keys=True),
    )


def _sequence(reference: str) -> int | None:
    tail = reference.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


def refresh_reference(session: Session, conn: Connection, reference: str) -> None:
    refresh(conn, load_case(session, reference))


def ensure_projection(session: Session) -> int:
    """Rebuild every case's derived data if the projection is out of date; return count."""
    conn = session.conn
    if settings_repo.read(conn, settings.PROJECTION_VERSION) == PROJECTION_VERSION:
        return 0
    refs = cases_repo.live_references(conn)
    with session.transaction() as tx:
        for reference in refs:
            reindex(session, tx, load_case(session, reference))
        settings_repo.write(tx, settings.PROJECTION_VERSION, PROJECTION_VERSION)
        session.audit(tx, AuditAction.MAINTENANCE, entity="unit",
                      detail=f"case list index rebuilt ({len(refs)} cases)")
    return len(refs)


def _identity_of(session: Session, case_id: int) -> SubjectIdentity | None:
    row = cases_repo.case_by_id(session.conn, case_id)
    if row is None or row.erased_at:
        return None
    case = load_case(session, row.reference)
    facts: CaseFacts = case.facts
    return subject_identity(case.id, facts, case.contact_at)
