"""Subject access (issue 15 item 6; DPA 2018 Part 3, s.45): find everything the unit
holds about a named person across all cases, let the reviewing supervisor confirm which
matches really are that person, and produce one PDF for disclosure review.

Search: the people index (``case_people``) is searched the way the case list searches
(surname prefix and sounds-alike code, ``case_list_repo``), then every person found is
scored against the name asked for with the repeat-subject matcher
(``app.domain.matching``); who is offered: ``MIN_SCORE`` and ``STRONG_NAME``.
Sounds-alike finds other people too, so nothing is taken as confirmed: the supervisor
ticks each match that is the person (a wrong tick would disclose someone else's data
to the requester).

Audit. The search and the PDF are audited with counts and the request reference, never
the name searched for (see ``_audit_words``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from app.clock import from_iso
from app.domain.enums import AuditAction, Stage
from app.domain.forms import form_for
from app.domain.forms.auxiliary import IMMEDIATE_RISK_FORM
from app.domain.matching import SubjectIdentity, name_strength, normalise_text, score_match
from app.domain.people import NamedPerson
from app.domain.subject_access import (
    Answer,
    HeldItem,
    PersonMatch,
    SarQuery,
    SarReport,
    SarSearch,
    mention,
    mentions,
    own_answers,
)
from app.errors import CsodsError, InvalidInput
from app.services.authz import Permission, authorise
from app.services.case_file import CaseFile, load_case
from app.services.saved_files import new_file_target, write_audited
from app.services.session import Session
from app.storage import case_list_repo, contacts_repo, people_repo, tasks_repo
from app.storage.case_list_repo import ListFilter
from app.storage.connection import Connection

#: Offered: a match score of at least MIN_SCORE (app.domain.matching: a name as strong
#: as "same surname and initial" or "forename missing" with no date of birth to compare,
#: or a weaker name with the same date of birth) — "same surname only" is not —, or
#: names at least STRONG_NAME alike (same name, or both names sounding alike) even when
#: the dates of birth differ (a date typed wrong must not hide a record; the reason
#: "but dates of birth differ" is shown to the reviewer).
MIN_SCORE = 0.4
STRONG_NAME = 0.8
MAX_CASES = 5000  # candidate cases read for one search (a surname shared by thousands)
REFERENCE_MAX = 40


@dataclass(frozen=True)
class SavedReport:
    path: Path
    items: int
    cases: int
    sha256: str


def _check(query: SarQuery, today: date) -> None:
    problems = []
    ref = query.request_reference.strip()
    if not ref:
        problems.append("Give the request reference (the force's reference for this "
                        "subject access request).")
    elif len(ref) > REFERENCE_MAX or not any(c.isdigit() for c in ref):
        problems.append("The request reference must be the force's reference with its "
                        f"number (e.g. SAR/2026/0042), at most {REFERENCE_MAX} characters; "
                        "never the person's name.")
    if not any(c.isalpha() for c in query.surname):
        problems.append("Give the person's surname.")
    if query.dob is not None and query.dob > today:
        problems.append("The date of birth cannot be in the future.")
    if problems:
        raise InvalidInput("The search cannot be made: " + " ".join(problems))


def _parse_dob(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _audit_words(query: SarQuery) -> str:
    # The searched name is deliberately NOT written to the audit trail. The trail is
    # append-only and outlives every case's retention disposal, and any supervisor can
    # read it: a name there would be a permanent, unerasable record of who asked for
    # their data, kept longer than the data itself (DPA 2018 s.38(1)(b), s.39: adequate,
    # relevant, not excessive; kept no longer than necessary). Accountability (s.62)
    # is kept by the request reference, which the information-rights file ties to the
    # requester, and by the counts and one row per case read.
    return f"request {query.request_reference.strip()}"


def search_people(session: Session, query: SarQuery) -> SarSearch:
    """Everyone recorded in any case who may be the person asked about, best first."""
    authorise(session, Permission.VIEW_ALL_CASES)
    _check(query, session.clock.now().date())
    asked = NamedPerson("query", query.surname.strip(), query.forenames.strip(),
                        query.dob.isoformat() if query.dob else None)
    surname_norm = normalise_text(asked.surname)
    phonetic = asked.phonetic if asked.phonetic.isascii() and asked.phonetic.isalpha() else None
    ids = case_list_repo.ordered_ids(session.conn, ListFilter(
        name_prefix=surname_norm, phonetic=phonetic), "reference", limit=MAX_CASES + 1)
    truncated = len(ids) > MAX_CASES
    ids = ids[:MAX_CASES]
    rows = {r.id: r for r in case_list_repo.rows_for_ids(session.conn, ids)}
    wanted = SubjectIdentity(0, asked.surname, asked.forenames, query.dob)
    found: list[PersonMatch] = []
    for case_id, people in people_repo.people_for(session.conn, ids).items():
        row = rows.get(case_id)
        if row is None:
            continue
        for person in people:
            other = SubjectIdentity(case_id, person.surname, person.forenames,
                                    _parse_dob(person.dob))
            scored = score_match(wanted, other)
            if scored is None or (scored.score < MIN_SCORE
                                  and name_strength(wanted, other) < STRONG_NAME):
                continue
            found.append(PersonMatch(
                row.reference, row.status, from_iso(row.contact_at), person.role,
                person.forenames, person.surname, person.dob,
                scored.score, scored.reasons,
                person.name_norm, person.surname_norm or normalise_text(person.surname)))
    found.sort(key=lambda m: (-m.score, m.reference, m.role))
    result = SarSearch(query, tuple(dict.fromkeys(found)), truncated)
    session.record(AuditAction.CONSULT, entity="subject-access",
                   justification="Subject access request (DPA 2018 s.45)",
                   detail=f"subject access search ({_audit_words(query)}): "
                   f"{len(result.matches)} possible matches in {result.cases} cases")
    return result


def _text(answer: Answer) -> str:
    from app.documents.schema_render import value_text
    from app.domain.forms.model import FieldKind

    if answer.field.kind is FieldKind.MULTI_CHOICE and isinstance(answer.value, list):
        return ", ".join(answer.field.choice_label(str(v)) for v in answer.value)
    return value_text(answer.field, answer.value)


def _case_items(session: Session, case: CaseFile, who: PersonMatch) -> list[HeldItem]:
    ref = case.reference
    out: list[HeldItem] = []
    own_why = f"as {who.role_label.lower()}"
    for stage, record in sorted(case.records.items()):
        fields = form_for(stage).fields()
        at_text = record.completed_at or record.updated_at
        at = from_iso(at_text) if at_text else None
        own = own_answers(who.role, Stage(stage), fields, record.values, who.name_norm)
        out += [HeldItem(ref, stage.title, a.label, _text(a), at, own_why) for a in own]
        for answer, found in mentions(fields, record.values, {a.label for a in own},
                                      who.name_norm, who.surname_norm):
            out.append(HeldItem(ref, stage.title, answer.label, _text(answer), at,
                                "names them" if found.full_name else "surname mentioned"))
    for risk in case.risks:
        for answer, found in mentions(IMMEDIATE_RISK_FORM.fields(), risk.values, set(),
                                      who.name_norm, who.surname_norm):
            out.append(HeldItem(ref, "Immediate-risk record", answer.label, _text(answer),
                                from_iso(risk.recorded_at),
                                "names them" if found.full_name else "surname mentioned"))
    free: list[tuple[str, str, str, datetime]] = [
        ("Case note", "Note", n.text, n.noted_at)
        for n in contacts_repo.notes(session.conn, case.id)]
    free += [("Contact log", c.summary(), c.note, c.at) for c in case.contacts]
    free += [("Task", "Task note", t.note, t.created_at)
             for t in tasks_repo.for_case(session.conn, case.id)]
    free += [("Referral", f"Outcome from {r.agency_label}", r.outcome,
              datetime.combine(r.outcome_on or r.sent_on, datetime.min.time(),
                               tzinfo=case.contact_at.tzinfo)) for r in case.referrals]
    for where, label, text, at in free:
        hit = mention(text, who.name_norm, who.surname_norm, long_text=True)
        if hit is not None:
            out.append(HeldItem(ref, where, label, text, at,
                                "names them" if hit.full_name else "surname mentioned"))
    return out


def review_report(session: Session, search: SarSearch,
                  confirmed: Sequence[PersonMatch]) -> SarReport:
    """The items held about the matches the supervisor confirmed (no audit: see
    ``save_review_pdf``)."""
    authorise(session, Permission.VIEW_ALL_CASES)
    unknown = [m for m in confirmed if m not in search.matches]
    if unknown:
        raise InvalidInput("Only matches found by this search can be confirmed; search again.")
    chosen = tuple(dict.fromkeys(confirmed))
    items: list[HeldItem] = []
    for match in chosen:
        case = load_case(session, match.reference)
        if case.erased:
            continue
        items += _case_items(session, case, match)
    # One place is listed once, even when two confirmed matches (one person in two
    # roles of a case) both reach it; their own record wins over a mention.
    kept: dict[tuple[object, ...], HeldItem] = {}
    for item in items:
        key = (item.reference, item.where, item.field, item.value, item.recorded)
        if key not in kept or (item.why.startswith("as ")
                               and not kept[key].why.startswith("as ")):
            kept[key] = item
    unique = tuple(kept.values())
    order = {ref: n for n, ref in enumerate(dict.fromkeys(m.reference for m in chosen))}
    return SarReport(search, chosen, tuple(sorted(
        unique, key=lambda i: (order[i.reference], i.recorded or _UNDATED))))


_UNDATED = datetime(1970, 1, 1, tzinfo=UTC)


def review_pdf(session: Session, report: SarReport) -> bytes:
    """The review PDF, built in memory."""
    from app.documents.subject_access import build_subject_access
    from app.services.unit_settings import letterhead

    return build_subject_access(report, letterhead(session), session.clock.now(),
                                session.user.display_name)


def save_review_pdf(session: Session, search: SarSearch, confirmed: Sequence[PersonMatch],
                    path: Path) -> SavedReport:
    """Build the review PDF and write it to ``path`` (must not exist), audited with the
    request reference, the counts and the SHA-256 of the file, and one row per case read;
    the file goes only if the audit rows commit."""
    report = review_report(session, search, confirmed)
    pdf = review_pdf(session, report)
    try:
        path = new_file_target(path)
    except CsodsError as refused:
        raise InvalidInput(str(refused)) from None
    digest = hashlib.sha256(pdf).hexdigest()
    words = _audit_words(search.query)

    def audit(conn: Connection) -> None:
        session.audit(conn, AuditAction.EXPORT, entity="subject-access",
                      justification="Subject access request (DPA 2018 s.45)",
                      detail=f"subject access review PDF ({words}) saved in the folder "
                      f"{path.parent}: {len(report.items)} items from "
                      f"{len(report.cases)} cases; {len(report.confirmed)} of "
                      f"{len(search.matches)} possible matches confirmed as the person; "
                      f"sha256 {digest}")
        for reference in report.cases:
            session.audit(conn, AuditAction.CONSULT, entity="subject-access",
                          case_ref=reference,
                          detail=f"records included in a subject access review ({words})")

    write_audited(session, path, pdf, audit)
    return SavedReport(path, len(report.items), len(report.cases), digest)


__all__ = ["HeldItem", "PersonMatch", "SarQuery", "SarReport", "SarSearch", "SavedReport",
           "review_pdf", "review_report", "save_review_pdf", "search_people"]
