"""Exports for authorised use (issue 15 item 5): chosen cases or a date range, CSV or
JSON, personal fields only when asked, audited with scope and SHA-256."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from app.errors import InvalidInput, NotAuthorised, NotFound
from app.services.audit_view import AuditFilter, search_audit
from app.services.case_export import ExportFormat, ExportScope, export_cases
from app.services.case_list import list_cases
from tests.conftest import TestUnit
from tests.unit.test_supervision_services import _plant


def _export_details(unit: TestUnit) -> list[str]:
    with unit.supervisor() as sam:
        return [e.detail or "" for e in search_audit(sam, AuditFilter())
                if e.entity == "case-export"]


def test_date_range_csv_leaves_personal_fields_out(unit: TestUnit, tmp_path: Path) -> None:
    _plant(unit)
    target = tmp_path / "feb.csv"
    with unit.supervisor() as sam:
        surnames = {s.applicant_surname for s in list_cases(sam, mine=False)} - {""}
        result = export_cases(sam, ExportScope(contact_from=date(2025, 2, 1),
                                               contact_to=date(2025, 2, 28)),
                              ExportFormat.CSV, target)
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert result.cases == len(rows) == 3
    assert {r["first_contact"][:7] for r in rows} == {"2025-02"}
    assert "applicant_surname" not in rows[0] and "people" not in rows[0]
    text = target.read_text(encoding="utf-8")
    assert surnames and not any(name in text for name in surnames)
    assert result.sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    detail = _export_details(unit)[-1]
    assert "3 cases exported as CSV" in detail and "2025-02-01 to 2025-02-28" in detail
    assert "personal fields left out" in detail and result.sha256 in detail


def test_selected_cases_json_with_personal_fields(unit: TestUnit, tmp_path: Path) -> None:
    _plant(unit)
    target = tmp_path / "two.json"
    with unit.supervisor() as sam:
        refs = sorted(s.reference for s in list_cases(sam, mine=False))[:2]
        result = export_cases(sam, ExportScope(references=tuple(refs), include_personal=True),
                              ExportFormat.JSON, target)
    cases = json.loads(target.read_text(encoding="utf-8"))["cases"]
    assert [c["reference"] for c in cases] == refs and result.cases == 2
    assert all("people" in c and "applicant_surname" in c for c in cases)
    assert any(p["role"] == "applicant" for c in cases for p in c["people"])
    detail = _export_details(unit)[-1]
    assert "personal fields INCLUDED" in detail and refs[0] in detail
    assert result.sha256 in detail


def test_bad_scopes_are_refused_and_write_nothing(unit: TestUnit, tmp_path: Path) -> None:
    _plant(unit)
    with unit.supervisor() as sam:
        with pytest.raises(NotFound):
            export_cases(sam, ExportScope(references=("CSO/1999/00001",)), ExportFormat.CSV,
                         tmp_path / "a.csv")
        with pytest.raises(InvalidInput):
            export_cases(sam, ExportScope(contact_from=date(2025, 3, 1),
                                          contact_to=date(2025, 2, 1)),
                         ExportFormat.CSV, tmp_path / "b.csv")
        existing = tmp_path / "c.csv"
        existing.write_text("keep", encoding="utf-8")
        with pytest.raises(InvalidInput):
            export_cases(sam, ExportScope(), ExportFormat.CSV, existing)
    assert existing.read_text(encoding="utf-8") == "keep"
    assert not (tmp_path / "a.csv").exists() and not (tmp_path / "b.csv").exists()
    assert _export_details(unit) == []


def test_officers_may_not_export(unit: TestUnit, tmp_path: Path) -> None:
    with unit.officer() as officer, pytest.raises(NotAuthorised):
        export_cases(officer, ExportScope(), ExportFormat.CSV, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()
