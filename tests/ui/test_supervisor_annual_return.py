"""Supervisor view: the annual return tab (issue 15 item 4): explicit period, the Home
Office and FOI figures, reconciled with Unit figures, CSV and PDF outputs (warned as
unencrypted, audited)."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services import figures
from app.services.annual_return import YearBasis, year_period
from app.services.session import Session
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.conftest import TestUnit
from tests.ui.conftest import make_view, type_over
from tests.ui.task_support import wait_for_task
from tests.unit.test_supervision_services import _plant
from ui.supervisor import SupervisorView, common
from ui.supervisor.view import ANNUAL


def _annual(qtbot: QtBot, unit: TestUnit, sam: Session, size: tuple[int, int] = (1366, 740)
            ) -> SupervisorView:
    _plant(unit)  # February and March 2025: in financial year 2024/25
    view = make_view(qtbot, sam, size=size)
    view.setCurrentIndex(ANNUAL)
    wait_for_task(qtbot)  # the first showing loads the default year
    tab = view.annual
    type_over(qtbot, tab.year, "2024/25")
    tab.basis.setCurrentIndex(0)
    assert tab.load()
    wait_for_task(qtbot)
    return view


def test_period_is_explicit_and_follows_the_choice(qtbot: QtBot, unit: TestUnit,
                                                  sam: Session) -> None:
    tab = _annual(qtbot, unit, sam).annual
    assert "financial year (1 April – 31 March)" in tab.period.text()
    assert "1 April 2024 to 31 March 2025" in tab.period.text()
    assert "Showing 2024/25" in tab.period.text()
    tab.basis.setCurrentIndex(1)
    assert "calendar year" in tab.period.text()
    assert "1 January 2024 to 31 December 2024" in tab.period.text()


def test_figures_shown_reconcile_with_unit_figures(qtbot: QtBot, unit: TestUnit,
                                                   sam: Session) -> None:
    tab = _annual(qtbot, unit, sam).annual
    months = figures.unit_figures(sam, *year_period(2024, YearBasis.FINANCIAL))
    assert tab.value_of("Initial contacts (cases opened)") == "5"
    assert tab.value_of("Applications (face-to-face stage completed)") == str(
        sum(m.applications for m in months))
    assert tab.value_of("Applications that led to disclosure") == "1" == str(
        sum(m.disclosures for m in months))
    # Contact 4 February, disclosure meeting 25 March 2025: 49 days, so not within 45.
    assert tab.value_of("Disclosures made within 45 days of first contact") == "0"
    assert tab.value_of("Still open") == "1"
    assert tab.value_of("Home Office annual data requirement") == ""
    type_over(qtbot, tab.year, "2010")
    assert tab.load()
    wait_for_task(qtbot)
    assert tab.value_of("Initial contacts (cases opened)") == "0"
    assert "No cases" in tab.problem.text()


def test_csv_and_pdf_are_warned_and_audited(qtbot: QtBot, unit: TestUnit, sam: Session,
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    tab = _annual(qtbot, unit, sam).annual
    warnings: list[str] = []

    def confirm(_parent: Any, _title: str, text: str, _yes: str) -> bool:
        warnings.append(text)
        return True

    monkeypatch.setattr(common, "confirm", confirm)
    monkeypatch.setattr(common, "ask_save_path", lambda *a: str(tmp_path / "return"))
    monkeypatch.setattr("ui.supervisor.saving.show_message", lambda *a, **k: None)
    path = tab.export_csv()
    wait_for_task(qtbot)
    assert path == tmp_path / "return.csv"
    rows = {r[0]: r[2] for r in csv.reader(path.open(encoding="utf-8"))}
    assert rows["disclosures"] == "1"
    pdf = tab.save_pdf()
    wait_for_task(qtbot)
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    assert len(warnings) == 2 and all("unencrypted" in w for w in warnings)
    exports = [e.detail or "" for e in audit_repo.search(sam.conn, AuditQuery(action="export"))
               if e.entity == "annual-return"]
    assert any("CSV" in d for d in exports) and any("PDF" in d for d in exports)


def test_declining_the_warning_saves_nothing(qtbot: QtBot, unit: TestUnit, sam: Session,
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    tab = _annual(qtbot, unit, sam).annual
    monkeypatch.setattr(common, "confirm", lambda *a: False)
    monkeypatch.setattr(common, "ask_save_path", lambda *a: str(tmp_path / "return"))
    assert tab.export_csv() is None and tab.save_pdf() is None
    assert not list(tmp_path.glob("return*"))


def test_outputs_disabled_until_shown_and_after_clear(qtbot: QtBot, unit: TestUnit,
                                                      sam: Session) -> None:
    view = _annual(qtbot, unit, sam)
    assert view.annual.export_button.isEnabled()
    view.clear()
    assert not view.annual.export_button.isEnabled()
    assert view.annual.table.rowCount() == 0


def test_screenshot_at_1366x768(qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    view = _annual(qtbot, unit, sam, size=(1366, 768))
    QApplication.processEvents()
    shot = os.environ.get("CSODS_SCREENSHOT_DIR")
    image = view.grab()
    assert image.width() == 1366
    if shot:
        image.save(str(Path(shot) / "annual-return.png"))
