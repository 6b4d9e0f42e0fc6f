"""The chronology prints as a PDF on the standard frame; the closure report carries the
contact log and the attempts that explain a late timescale (issue 15 items 2-3)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from app.documents import DocumentKind, build
from app.domain.chronology import ChronologyEntry, EventKind
from app.domain.contacts import Contact
from app.domain.enums import Stage
from app.domain.timescales import Deadline, DeadlineKind, DeadlineState
from app.services import contacts, documents
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new
from tests.unit.test_documents_support import make_case, pages, text

AT = datetime(2025, 12, 2, 10, 0, tzinfo=UTC)


def _attempt(n: int, day: int) -> Contact:
    return Contact(n, AT.replace(day=day), "phone", "applicant", "", "no_answer",
                   "arrange_meeting", f"Attempt {n}, voicemail full", "officer")


def test_closure_report_lists_contacts_and_explains_a_late_timescale() -> None:
    case = make_case("disclose", current_stage=Stage.CLOSURE)
    late = Deadline(DeadlineKind.FACE_TO_FACE_10D, AT, AT, DeadlineState.MISSED, False,
                    AT + timedelta(days=5))
    logged = (_attempt(1, 2), _attempt(2, 4), _attempt(3, 6))
    body = text(build(DocumentKind.CLOSURE_REPORT,
                      dataclasses.replace(case, contacts=logged, deadlines=(late,))))
    for expected in ("Contact log", "Telephone", "No answer", "Attempt 2, voicemail full",
                     "To arrange the interview", "Attempts toward late timescales",
                     "3 attempts to arrange the interview between 02/12 and 06/12"):
        assert expected in body, expected
    empty = text(build(DocumentKind.CLOSURE_REPORT, case))
    assert "No contact attempts were logged" in empty


def test_chronology_pdf_has_frame_and_page_x_of_y_on_every_page() -> None:
    entries = tuple(ChronologyEntry(AT + timedelta(hours=i), EventKind.CONTACT,
                                    f"Telephone, Applicant: no answer #{i}", "Left word")
                    for i in range(80))
    case = dataclasses.replace(make_case("disclose"), chronology=entries)
    found = pages(build(DocumentKind.CHRONOLOGY, case))
    assert len(found) > 1
    for number, page in enumerate(found, start=1):
        assert "OFFICIAL-SENSITIVE" in page and case.reference in page
        assert f"Page {number} of {len(found)}" in page
    assert "no answer #79" in "".join(found)


def test_chronology_document_from_the_service_is_audited(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        contacts.add_note(officer, ref, {"noted_at": "2025-03-03T12:00:00+00:00",
                                         "text": "Applicant prefers letters."})
        pdf = documents.produce(officer, ref, DocumentKind.CHRONOLOGY)
        documents.record_print(officer, ref, DocumentKind.CHRONOLOGY)
        again = text(documents.produce(officer, ref, DocumentKind.CHRONOLOGY))
    body = text(pdf)
    assert "Case chronology" in body and "Applicant prefers letters." in body
    assert "Case chronology printed, 1 copy" in again  # the print itself joins it
