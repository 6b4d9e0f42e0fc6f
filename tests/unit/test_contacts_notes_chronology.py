"""Contact log, case notes and the chronology through the services (issue 15 items 2-3)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain.chronology import EventKind
from app.domain.contacts import attempts_phrase
from app.domain.enums import Stage
from app.domain.timescales import DeadlineKind
from app.errors import InvalidInput, NotAuthorised
from app.services import case_actions, chronology, contacts, documents, referrals
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, walk_to
from tests.unit.form_examples import valid_extension_values, valid_immediate_risk_values


def attempt(at: str, outcome: str = "no_answer", **more: str) -> dict[str, str]:
    return {"at": at, "method": "phone", "party": "applicant", "outcome": outcome,
            "purpose": "arrange_meeting", **more}


def test_contact_logged_audited_without_names(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        made = contacts.log_contact(officer, ref, attempt(
            "2025-03-04T10:00:00+00:00", "message_left", note="Left a voicemail for Jo Bloggs"))
        assert made.method_label == "Telephone" and made.outcome_label == "Message left"
        assert made.deadline is DeadlineKind.FACE_TO_FACE_10D
        assert [c.id for c in contacts.contacts(officer, ref)] == [made.id]
        rows = [r for r in audit_repo.iter_rows(officer.conn) if "/contact:" in (r.entity or "")]
    assert len(rows) == 1 and rows[0].case_ref == ref
    assert "Bloggs" not in (rows[0].detail or "")
    assert rows[0].detail == "contact attempt logged (phone, applicant, message_left)"


def test_contact_bad_input_and_other_officer_refused(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        with pytest.raises(InvalidInput):
            contacts.log_contact(officer, ref, {"at": "2025-03-04T10:00:00+00:00"})
        with pytest.raises(InvalidInput):  # an agency must be named
            contacts.log_contact(officer, ref, attempt("2025-03-04T10:00:00+00:00",
                                                       party="agency"))
        with pytest.raises(InvalidInput):  # not in the future (clock: 2 Mar 2026)
            contacts.log_contact(officer, ref, attempt("2027-01-01T10:00:00+00:00"))
        with pytest.raises(InvalidInput):
            contacts.add_note(officer, ref, {"noted_at": "2025-03-04T10:00:00+00:00",
                                             "text": "bad\x00text"})
        assert contacts.contacts(officer, ref) == [] and contacts.notes(officer, ref) == []
    with unit.officer2() as other:
        with pytest.raises(NotAuthorised):
            contacts.log_contact(other, ref, attempt("2025-03-04T10:00:00+00:00"))
        with pytest.raises(NotAuthorised):
            contacts.add_note(other, ref, {"noted_at": "2025-03-04T10:00:00+00:00",
                                           "text": "x"})
        with pytest.raises(NotAuthorised):
            chronology.chronology(other, ref)


def test_attempts_phrase_explains_the_face_to_face_window(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        for at in ("2025-03-04T10:00:00+00:00", "2025-03-05T16:00:00+00:00",
                   "2025-03-08T09:00:00+00:00"):
            contacts.log_contact(officer, ref, attempt(at))
        contacts.log_contact(officer, ref, {**attempt("2025-03-06T09:00:00+00:00"),
                                            "purpose": "other"})
        case = walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
        logged = contacts.contacts(officer, ref)
    f2f = next(d for d in case.deadlines if d.kind is DeadlineKind.FACE_TO_FACE_10D)
    assert attempts_phrase(logged, f2f) == ("3 attempts to arrange the interview between "
                                            "04/03 and 08/03")
    first = next(d for d in case.deadlines if d.kind is DeadlineKind.STAGE1_24H)
    assert attempts_phrase(logged, first) == ""


def test_note_added_audited_and_in_chronology(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        note = contacts.add_note(officer, ref, {"noted_at": "2025-03-03T12:00:00+00:00",
                                                "text": "Applicant asked for calls after 5pm."})
        assert note.recorded_by == officer.user.username
        rows = [r for r in audit_repo.iter_rows(officer.conn) if "/note:" in (r.entity or "")]
        assert [r.detail for r in rows] == ["case note added"]
        entries = chronology.chronology(officer, ref)
    assert [e.kind for e in entries] == [EventKind.OPENED, EventKind.NOTE]
    assert entries[1].detail == "Applicant asked for calls after 5pm."


def test_chronology_merges_every_source_in_time_order(unit: TestUnit) -> None:
    with unit.officer() as officer, unit.supervisor() as sup:
        ref = open_new(officer).reference
        contacts.log_contact(officer, ref, attempt("2025-03-03T09:30:00+00:00", "reached",
                                                   purpose="initial_contact"))
        case_actions.record_immediate_risk(officer, ref, valid_immediate_risk_values())
        case_actions.add_extension(officer, ref, valid_extension_values())
        referrals.add_referral(officer, ref, {"agency": "mash", "sent_on": "2025-03-04"})
        contacts.add_note(officer, ref, {"noted_at": "2025-03-05T08:00:00+00:00",
                                         "text": "Spoke to the MASH duty desk."})
        walk_to(officer, sup, ref, Stage.DECISION)
        documents.record_print(officer, ref, "closure-report")
        entries = chronology.chronology(officer, ref)
    kinds = {e.kind for e in entries}
    assert kinds >= {EventKind.OPENED, EventKind.STAGE, EventKind.DECISION, EventKind.SIGNOFF,
                     EventKind.REFERRAL, EventKind.CONTACT, EventKind.NOTE,
                     EventKind.DOCUMENT, EventKind.EXTENSION, EventKind.RISK}
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    assert entries[0].kind is EventKind.OPENED
    referral = next(e for e in entries if e.kind is EventKind.REFERRAL)
    assert referral.date_only and referral.when_text() == "04 Mar 2025"
    decision = next(e for e in entries if e.kind is EventKind.DECISION)
    assert decision.title == "Decision recorded: Disclose"
    assert any("Closure report printed" in e.title for e in entries)


def test_registered_source_joins_the_chronology(unit: TestUnit) -> None:
    from app.domain.chronology import ChronologyEntry

    def tasks(session: object, case: object) -> list[ChronologyEntry]:
        return [ChronologyEntry(datetime(2025, 3, 3, 10, 0, tzinfo=UTC), EventKind.TASK,
                                "Call the applicant back")]

    chronology.register_source(tasks)
    try:
        with unit.officer() as officer:
            ref = open_new(officer).reference
            titles = [e.title for e in chronology.chronology(officer, ref)]
    finally:
        chronology.EVENT_SOURCES.remove(tasks)
    assert titles[-1] == "Call the applicant back"

