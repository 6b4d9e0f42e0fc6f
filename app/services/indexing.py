"""Keeping the people index and repeat-subject matches up to date (¶6.1)."""

from __future__ import annotations

from app.domain.case_facts import CaseFacts
from app.domain.enums import AuditAction
from app.domain.matching import SubjectIdentity, find_matches, identity_keys
from app.domain.people import named_people, subject_identity
from app.services.case_file import CaseFile, load_case
from app.services.session import Session
from app.storage import cases_repo, people_repo
from app.storage.connection import Connection

MAX_CANDIDATES = 500


def reindex(session: Session, conn: Connection, case: CaseFile) -> None:
    """Rebuild the case's search entries and its repeat-subject matches."""
    facts = case.facts
    people_repo.replace_people(conn, case.id, [
        people_repo.PersonEntry(p.role, p.surname, p.forenames, p.name_norm, p.phonetic, p.dob)
        for p in named_people(facts)
    ])
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


def _identity_of(session: Session, case_id: int) -> SubjectIdentity | None:
    row = cases_repo.case_by_id(session.conn, case_id)
    if row is None or row.erased_at:
        return None
    case = load_case(session, row.reference)
    facts: CaseFacts = case.facts
    return subject_identity(case.id, facts, case.contact_at)
