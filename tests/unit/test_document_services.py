"""Documents through the services: guardrails, audit, no file written, attachments, CLI."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main as cli
from app.documents.model import DocumentKind, DocumentRefused
from app.domain.enums import AuditAction, Stage
from app.errors import CsodsError, InvalidInput, NotAuthorised
from app.services import attachments, documents, unit_settings
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.conftest import OFFICER_PW, TestUnit
from tests.unit.case_walk import open_new, walk_to


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _snapshot(*folders: Path) -> set[Path]:
    return {p for folder in folders for p in folder.rglob("*")}


def test_disclosure_form_only_when_the_guardrails_allow(unit: TestUnit, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    # A private temp folder and working directory: anything written during preview or
    # print (by us or by a library through tempfile) would show up here.
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.chdir(tmp_path)
    with unit.officer() as officer, unit.supervisor() as sup:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.DECISION)
        with pytest.raises(DocumentRefused) as refused:
            documents.produce(officer, ref, DocumentKind.DISCLOSURE_FORM)
        assert any("¶" in r for r in refused.value.reasons)
        from app.services import case_actions

        case_actions.sign_off(sup, ref, approve=True)
        before = _snapshot(tmp_path, temp)
        pdf = documents.produce(officer, ref, DocumentKind.DISCLOSURE_FORM)
        documents.record_print(officer, ref, DocumentKind.DISCLOSURE_FORM, copies=1)
        assert _snapshot(tmp_path, temp) - before == set()
        text = _text(pdf)
        assert ref in text and "RETAINED BY POLICE" in text and "OFFICIAL-SENSITIVE" in text
        rows = audit_repo.search(officer.conn, AuditQuery(case_ref=ref))
        actions = [r.action for r in rows]
        assert AuditAction.PRINT in actions and AuditAction.REFUSED in actions
        printed = next(r for r in rows if r.action == AuditAction.PRINT)
        assert "Okafor" not in (printed.recipient or "") and printed.recipient


def test_save_pdf_is_explicit_and_audited(unit: TestUnit, tmp_path: Path) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.FACE_TO_FACE)
        out = documents.save_pdf(officer, ref, DocumentKind.INITIAL_CONTACT_RECORD,
                                 tmp_path / "ic.pdf")
        assert out.read_bytes().startswith(b"%PDF")
        with pytest.raises(CsodsError, match="already exists"):
            documents.save_pdf(officer, ref, DocumentKind.INITIAL_CONTACT_RECORD, out)
        exports = audit_repo.search(officer.conn, AuditQuery(action=AuditAction.EXPORT))
    assert exports and str(out.parent) in (exports[0].detail or "")
    # The file name (which a user may make of people's names) stays out of the trail,
    # which outlives retention disposal; the SHA-256 identifies the file instead.
    import hashlib

    assert out.name not in (exports[0].detail or "")
    assert hashlib.sha256(out.read_bytes()).hexdigest() in (exports[0].detail or "")


def test_blank_forms_need_no_case_and_administrators_cannot_produce(unit: TestUnit) -> None:
    with unit.officer() as officer:
        pdf = documents.produce(officer, None, DocumentKind.FACE_TO_FACE_RECORD, blank=True)
        assert _text(pdf).count("OFFICIAL-SENSITIVE") >= 2
        with pytest.raises(InvalidInput):
            documents.produce(officer, None, DocumentKind.DISCLOSURE_FORM)
    with unit.admin() as admin, pytest.raises(NotAuthorised):
        documents.produce(admin, None, DocumentKind.INFORMATION_PACK, blank=True)


def test_letterhead_is_on_documents(unit: TestUnit) -> None:
    with unit.supervisor() as sam:  # unit settings live in the database: a supervisor's
        unit_settings.update_letterhead(sam, force_name="Wessex Police",
                                        unit_name="Northvale Public Protection Unit",
                                        address="1 Harbour Road\nNorthvale NV1 2AB",
                                        telephone="01632 960000")
        with pytest.raises(InvalidInput):
            unit_settings.update_letterhead(sam, force_name="", unit_name="x", address="",
                                            telephone="1")
    with unit.officer() as officer:
        text = _text(documents.produce(officer, None, DocumentKind.INFORMATION_PACK, blank=True))
    assert "Northvale Public Protection Unit" in text and "01632 960000" in text


def test_attachment_round_trips_byte_for_byte(unit: TestUnit) -> None:
    scan = b"%PDF-1.4\n" + os.urandom(50_000) + b"\n%%EOF"
    with unit.officer() as officer:
        ref = open_new(officer).reference
        row = attachments.add_attachment(officer, ref, "C:\\scans\\signed form.pdf", scan,
                                         "Signed Appendix F")
        assert row.filename == "signed form.pdf" and row.media_type == "application/pdf"
        with pytest.raises(InvalidInput):
            attachments.add_attachment(officer, ref, "evil.exe", b"MZ\x90\x00" * 10)
        listed = attachments.list_attachments(officer, ref)
        _, data = attachments.read_attachment(officer, listed[0].id)
    assert data == scan
    with unit.officer2() as owen, pytest.raises(NotAuthorised):
        attachments.read_attachment(owen, listed[0].id)


def test_cli_document(unit: TestUnit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
    monkeypatch.setenv("CSODS_PASSWORD", OFFICER_PW)
    out = tmp_path / "record.pdf"
    args = ["document", "--db", str(unit.db), "--user", "olive", "--case", ref,
            "--kind", "initial-contact", "--out", str(out)]
    assert cli(args) == 0
    assert out.read_bytes().startswith(b"%PDF") and "audited" in capsys.readouterr().out
    refused = ["document", "--db", str(unit.db), "--user", "olive", "--case", ref,
               "--kind", "disclosure-form", "--out", str(tmp_path / "df.pdf")]
    assert cli(refused) == 1
    assert "¶" in capsys.readouterr().err and not (tmp_path / "df.pdf").exists()
