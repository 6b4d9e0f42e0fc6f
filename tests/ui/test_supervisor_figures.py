"""Supervisor view: unit figures (table, chart, CSV export, printing) and the audit tab."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCharts import QBarSeries
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from app.domain.enums import AuditAction
from app.services.session import Session
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.conftest import TestUnit
from tests.ui.conftest import make_view, message_texts, type_over
from tests.ui.task_support import wait_for_task
from tests.unit.test_supervision_services import _plant
from ui.documents import prompts
from ui.supervisor import SupervisorView, common
from ui.supervisor.chain_head_preview import ChainHeadPreview
from ui.supervisor.dialogs import ReportDialog
from ui.supervisor.figures_tab import MEASURES
from ui.supervisor.view import AUDIT, FIGURES


def _figures(qtbot: QtBot, unit: TestUnit, sam: Session) -> SupervisorView:
    _plant(unit)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(FIGURES)
    wait_for_task(qtbot)  # the first showing loads the default months
    tab = view.figures
    type_over(qtbot, tab.start, "2/25")
    type_over(qtbot, tab.end, "March 2025")
    assert tab.load()
    wait_for_task(qtbot)
    return view


def _row(table: QTableWidget, label: str) -> int:
    """The row of ``label`` as the table shows it (right-to-know rows vary by period)."""
    labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    return labels.index(label)


def _audit(session: Session, action: AuditAction) -> list[Any]:
    return audit_repo.search(session.conn, AuditQuery(action=action))


def test_figures_table_and_chart_show_the_planted_counts(qtbot: QtBot, unit: TestUnit,
                                                         sam: Session) -> None:
    view = _figures(qtbot, unit, sam)
    table = view.figures.table
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == [
        "Feb 2025", "Mar 2025"]

    def cells(label: str) -> list[str]:
        return [table.item(_row(table, label), c).text() for c in range(2)]

    assert cells("Initial contacts") == ["3", "2"]
    assert cells("Applications") == ["1", "1"]
    assert cells("Disclosures") == ["1", "0"]
    assert cells("Non-disclosures") == ["0", "1"]
    assert cells("Redirects") == ["1", "0"]
    assert cells("Still open") == ["1", "0"]
    timeliness = [m[0] for m in MEASURES if m[0].startswith("% met: ")]
    assert len(timeliness) == 5
    assert all(t.endswith("%") or t == "—" for label in timeliness for t in cells(label))
    assert cells("Median days to close")[0] != ""
    series = view.figures.chart.series()
    assert len(series) == 1 and isinstance(series[0], QBarSeries)
    bars = {s.label(): [s.at(i) for i in range(s.count())] for s in series[0].barSets()}
    assert bars["Initial contacts"] == [3.0, 2.0] and bars["Disclosures"] == [1.0, 0.0]


def test_csv_export_warns_writes_the_file_and_holds_no_personal_data(
        qtbot: QtBot, unit: TestUnit, sam: Session, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    view = _figures(qtbot, unit, sam)
    asked: list[str] = []

    def confirm(_parent: Any, _title: str, text: str, _yes: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(common, "confirm", confirm)
    monkeypatch.setattr(common, "ask_save_path", lambda *a: str(tmp_path / "figures"))
    target = view.figures.export_csv()
    wait_for_task(qtbot)
    assert target == tmp_path / "figures.csv" and target.exists()
    assert "outside the encrypted" in asked[0] and "no names" in asked[0]
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("month,initial_contacts")
    assert "2025-02,3,1,1,0,1" in text
    for personal in ("Okafor", "Adaeze", "Amara", "Smith", "TST/", "olive", "Leeds"):
        assert personal not in text
    assert _audit(sam, AuditAction.EXPORT)[0].detail.startswith("unit figures exported")
    assert any("saved to" in t for t in message_texts(view.figures))


def test_csv_export_cancelled_writes_nothing(qtbot: QtBot, unit: TestUnit, sam: Session,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    view = _figures(qtbot, unit, sam)
    monkeypatch.setattr(common, "confirm", lambda *a: False)
    assert view.figures.export_csv() is None
    assert _audit(sam, AuditAction.EXPORT) == []


def test_print_renders_the_summary_pages_and_records_the_print(
        qtbot: QtBot, unit: TestUnit, sam: Session, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    view = _figures(qtbot, unit, sam)
    out = tmp_path / "printer-output.pdf"  # the test's stand-in for paper

    def dialog(printer: QPrinter, _parent: Any, _title: str) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(150)
        return True

    monkeypatch.setattr(common, "run_print_dialog", dialog)
    assert view.figures.print_summary()
    wait_for_task(qtbot)
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    printed = _audit(sam, AuditAction.PRINT)
    assert printed[0].detail == "unit figures summary printed, 1 copy"


def test_audit_tab_filters_and_records_its_own_viewing(qtbot: QtBot, unit: TestUnit,
                                                       sam: Session,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _plant(unit)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(AUDIT)
    tab = view.audit
    assert tab.model.rowCount() > 0
    assert tab.model.text(0, 3) == "Audit viewed" and tab.model.text(0, 2) == "sam"
    tab.user.setCurrentIndex(tab.user.findData("olive"))
    tab.action.setCurrentIndex(tab.action.findData(AuditAction.DISCLOSE.value))
    assert tab.load()
    assert tab.model.rowCount() == 1
    case_ref = tab.model.text(0, 5)
    assert case_ref
    tab.user.setCurrentIndex(0)
    tab.action.setCurrentIndex(0)
    tab.case.setText(case_ref.lower())
    assert tab.load()
    assert {tab.model.text(r, 5) for r in range(tab.model.rowCount())} == {case_ref}
    tab.case.clear()
    tab.since.set_value(date(2030, 1, 1))
    assert tab.load() and tab.model.rowCount() == 0
    tab.since.set_value(None)
    tab.until.set_value(date(2020, 1, 1))
    assert tab.load() and tab.model.rowCount() == 0
    tab.until.set_value(None)
    tab.action.setCurrentIndex(tab.action.findData(AuditAction.AUDIT_VIEWED.value))
    assert tab.load()
    viewed = [tab.model.text(r, 6) for r in range(tab.model.rowCount())]
    assert len(viewed) == 6 and "action=audit_viewed" in viewed[0]
    # Verify: the same checks as csods verify, each PASS/FAIL.
    tab.verify_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, ReportDialog)
    report = dialog.text.text()
    assert "All checks passed." in report and "PASS" in report and "FAIL" not in report
    dialog.close()
    # Print the chain head: the sheet opens in the preview; a stand-in printer writes a
    # PDF for the test only.
    monkeypatch.setattr(prompts, "ask_printer",
                        lambda _parent, printer, _pages: printer.setOutputFileName(
                            str(unit.db.parent / "head.pdf")) or True)
    assert tab.print_chain_head()
    preview = tab.head_preview
    assert isinstance(preview, ChainHeadPreview) and preview.isVisible()
    assert preview.print_sheet()
    assert (unit.db.parent / "head.pdf").exists()
    assert _audit(sam, AuditAction.PRINT)[0].detail.startswith("chain head")
    preview.close()


def test_save_dialog_opens_in_documents_not_the_program_folder(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Seen under Xvfb: "Export CSV…" offered the folder the program was started from.
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog, QWidget

    started: list[str] = []

    def dialog(_parent: Any, _title: str, start: str, _filters: str) -> tuple[str, str]:
        started.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    monkeypatch.chdir(tmp_path)
    parent = QWidget()
    qtbot.addWidget(parent)
    assert common.ask_save_path(parent, "Export", "figures.csv", "CSV files (*.csv)") == ""
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    assert started == [str(Path(documents) / "figures.csv")]
    common.ask_save_path(parent, "Export", str(tmp_path / "x.csv"), "CSV files (*.csv)")
    assert started[-1] == str(tmp_path / "x.csv")


def test_right_to_know_cases_are_split_by_route_and_add_up(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    from datetime import timedelta

    from app.services.right_to_know import open_right_to_know
    from tests.unit.test_right_to_know import STARTED, _closed_right_to_know, opening

    with unit.officer() as officer:
        _closed_right_to_know(officer, sam)
        open_right_to_know(officer, opening(
            rtk_started_at=(STARTED + timedelta(days=1)).isoformat()))
    view = make_view(qtbot, sam)
    view.setCurrentIndex(FIGURES)
    wait_for_task(qtbot)
    tab = view.figures
    type_over(qtbot, tab.start, "02/2026")
    type_over(qtbot, tab.end, "Feb 2026")
    assert tab.load()
    wait_for_task(qtbot)
    table = tab.table

    def cell(label: str) -> int:
        return int(table.item(_row(table, label), 0).text())

    assert cell("Right to know (police-initiated)") == 2
    assert cell("Right to know — still open") == 1
    assert cell("Right to know — closed: Disclosed") == 1
    labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert "Right to know — closed: Withdrawn" not in labels  # no row for what never happened
    split = [label for label in labels if label.startswith("Right to know — ")]
    assert sum(cell(label) for label in split) == cell("Right to know (police-initiated)")
    assert cell("Initial contacts") == cell("Still open") + sum(
        cell(label) for label in labels if label.startswith("Closed: "))
