"""Subject access (issue 15 item 6): a supervisor finds a named person across all cases
(sounds-alike too), confirms which matches are that person, and saves one review PDF;
the search and the PDF are audited with counts and the request reference, never the
name searched for."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.enums import AuditAction, Stage
from app.errors import InvalidInput, NotAuthorised
from app.services import cases, contacts
from app.services.session import Session
from app.services.subject_access import (
    SarQuery,
    review_report,
    save_review_pdf,
    search_people,
)
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values

REQUEST = "SAR/2026/0042"


def _case(officer: Session, **applicant: str) -> str:
    ref = open_new(officer).reference
    stage1 = values(Stage.INITIAL_CONTACT)
    stage1["applicant"] = {**stage1["applicant"], **applicant}
    cases.complete_stage(officer, ref, Stage.INITIAL_CONTACT, stage1)
    return ref


def _audit_text(session: Session) -> str:
    rows = session.conn.execute("SELECT action, case_ref, justification, detail FROM audit "
                                "WHERE entity = 'subject-access' ORDER BY id").fetchall()
    return "\n".join(" | ".join(str(v) for v in r) for r in rows)


def _plant(unit: TestUnit) -> tuple[str, str, str]:
    with unit.officer() as officer:
        first = _case(officer)  # applicant Adaeze Grace OKAFOR, 29/02/1988
        contacts.add_note(officer, first, {"noted_at": "2025-03-04T10:00:00+00:00",
                                           "text": "Adaeze Okafor rang to ask for news."})
        sounds_alike = _case(officer, surname="Okafer", forenames="Adaeze",
                             dob="1988-02-29")
        other = _case(officer, surname="Okafor", forenames="Chidi", dob="1975-01-01")
    return first, sounds_alike, other


def test_search_finds_the_person_sounds_alike_and_audits_without_the_name(
        unit: TestUnit) -> None:
    first, sounds_alike, other = _plant(unit)
    with unit.supervisor() as sup:
        found = search_people(sup, SarQuery(REQUEST, "Okafor", "Adaeze",
                                            date(1988, 2, 29)))
        audit = _audit_text(sup)
    by_case = {(m.reference, m.role) for m in found.matches}
    assert (first, "applicant") in by_case and (first, "parent") in by_case
    assert (sounds_alike, "applicant") in by_case  # "Okafer" sounds like "Okafor"
    assert (other, "applicant") not in by_case  # same surname only: another person
    assert (other, "parent") in by_case  # the example parent is an Adaeze Okafor too
    assert not any(m.role == "child" for m in found.matches)  # Amara: a different forename
    best = found.matches[0]
    assert best.reference == first and best.role == "applicant"
    assert "same date of birth" in best.reasons
    alike = next(m for m in found.matches if m.reference == sounds_alike)
    assert any("sounds alike" in r for r in alike.reasons)
    assert f"request {REQUEST}" in audit and "5 possible matches in 3 cases" in audit
    assert "okafor" not in audit.lower() and "adaeze" not in audit.lower()


def test_review_pdf_lists_confirmed_items_and_is_audited(unit: TestUnit,
                                                          tmp_path: Path) -> None:
    first, sounds_alike, _other = _plant(unit)
    with unit.supervisor() as sup:
        found = search_people(sup, SarQuery(REQUEST, "Okafor", "Adaeze"))
        mine = [m for m in found.matches if m.reference == first and "Adaeze" in m.name]
        report = review_report(sup, found, mine)
        saved = save_review_pdf(sup, found, mine, tmp_path / "review.pdf")
        audit = _audit_text(sup)
        consulted = audit_repo.search(sup.conn, audit_repo.AuditQuery(case_ref=first))
    assert report.cases == (first,)
    fields = {(i.where, i.field, i.why) for i in report.items}
    assert ("Initial contact", "Applicant › Surname", "as applicant") in fields
    assert ("Initial contact", "Applicant › Date of birth",
            "as applicant") in fields
    assert ("Initial contact", "Parents of the child(ren) 1 › Name",
            "as parent") in fields
    assert ("Case note", "Note", "names them") in fields
    assert not any("Subject ›" in i.field for i in report.items)  # not their block
    assert saved.items == len(report.items) and saved.cases == 1
    data = saved.path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == saved.sha256
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    for number, page in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in page and REQUEST in page
        assert f"Page {number} of {len(pages)}" in page
    body = " ".join(" ".join(pages).split())
    assert "Adaeze Grace OKAFOR" in body and first in body and sounds_alike not in body
    assert "Adaeze Okafor rang to ask for news." in body
    assert "export" in audit and saved.sha256 in audit and f"request {REQUEST}" in audit
    assert "okafor" not in audit.lower()
    assert any(r.action == AuditAction.CONSULT and "subject access review" in (r.detail or "")
               for r in consulted)


def test_nothing_confirmed_gives_a_nothing_held_pdf(unit: TestUnit, tmp_path: Path) -> None:
    _plant(unit)
    with unit.supervisor() as sup:
        found = search_people(sup, SarQuery(REQUEST, "Okafor", "Adaeze"))
        saved = save_review_pdf(sup, found, [], tmp_path / "none.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(saved.path).pages)
    assert saved.items == 0 and "holds no case data about them" in " ".join(text.split())


def test_refusals(unit: TestUnit, tmp_path: Path) -> None:
    first, _alike, _other = _plant(unit)
    with unit.officer() as officer, pytest.raises(NotAuthorised):
        search_people(officer, SarQuery(REQUEST, "Okafor"))
    with unit.supervisor() as sup:
        for bad in (SarQuery("", "Okafor"), SarQuery("Adaeze Okafor", "Okafor"),
                    SarQuery(REQUEST, "  "), SarQuery(REQUEST, "Okafor", dob=date(2099, 1, 1))):
            with pytest.raises(InvalidInput):
                search_people(sup, bad)
        found = search_people(sup, SarQuery(REQUEST, "Okafor", "Adaeze"))
        stray = dataclasses.replace(found.matches[0], reference="CSO/2099/99999")
        with pytest.raises(InvalidInput, match="search again"):
            review_report(sup, found, [stray])
        taken = tmp_path / "taken.pdf"
        taken.write_bytes(b"x")
        with pytest.raises(InvalidInput, match="already exists"):
            save_review_pdf(sup, found, list(found.matches[:1]), taken)
    assert taken.read_bytes() == b"x" and first
