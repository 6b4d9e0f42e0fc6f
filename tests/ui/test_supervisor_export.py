"""Supervisor view: the export dialog (issue 15 item 5) from the Unit cases tab."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services.session import Session
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.conftest import TestUnit
from tests.ui.conftest import make_view, type_over
from tests.ui.task_support import wait_for_task
from tests.unit.test_supervision_services import _plant
from ui.supervisor import common
from ui.supervisor.export_dialog import ExportDialog


def view_reference(dialog: ExportDialog) -> str:
    """The reference of the case selected in the Unit cases tab that opened ``dialog``."""
    tab = dialog.parent()
    return str(tab.selected_reference())  # type: ignore[attr-defined]


@pytest.fixture
def dialog(qtbot: QtBot, unit: TestUnit, sam: Session,
           monkeypatch: pytest.MonkeyPatch) -> ExportDialog:
    _plant(unit)
    monkeypatch.setattr("ui.supervisor.export_dialog.show_message", lambda *a, **k: None)
    view = make_view(qtbot, sam)
    view.cases.table.selectRow(0)
    opened = view.cases.open_export()
    assert isinstance(opened, ExportDialog)
    return opened


def test_opens_from_unit_cases_with_the_selected_case_and_warns(
        dialog: ExportDialog, sam: Session) -> None:
    assert dialog.isVisible()
    assert "NOT encrypted" in dialog.warning.text()
    assert dialog.by_reference.isChecked()
    assert dialog.references.toPlainText() == view_reference(dialog)
    assert not dialog.personal.isChecked()  # personal fields only when asked


def test_date_range_export_without_names(qtbot: QtBot, dialog: ExportDialog, sam: Session,
                                         tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    monkeypatch.setattr(common, "ask_save_path", lambda *a: str(tmp_path / "march"))
    dialog.by_dates.setChecked(True)
    type_over(qtbot, dialog.date_from, "1/3/25")
    type_over(qtbot, dialog.date_to, "31032025")
    assert (dialog.date_from.value(), dialog.date_to.value()) == (date(2025, 3, 1),
                                                                  date(2025, 3, 31))
    assert dialog.export()
    wait_for_task(qtbot)
    result = dialog.result_
    assert result is not None and result.path == tmp_path / "march.csv"
    rows = list(csv.DictReader(result.path.open(encoding="utf-8")))
    assert len(rows) == 2 and "people" not in rows[0]
    audits = audit_repo.search(sam.conn, AuditQuery(action="export"))
    assert any(result.sha256 in (e.detail or "") for e in audits)
    assert not dialog.isVisible()


def test_chosen_cases_as_json_with_personal_fields(qtbot: QtBot, dialog: ExportDialog,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "ask_save_path", lambda *a: str(tmp_path / "one.json"))
    dialog.format.setCurrentIndex(1)
    dialog.personal.setChecked(True)
    assert dialog.export()
    wait_for_task(qtbot)
    result = dialog.result_
    assert result is not None
    cases = json.loads(result.path.read_text(encoding="utf-8"))["cases"]
    assert len(cases) == 1 and "people" in cases[0]


def test_bad_input_is_said_and_nothing_written(qtbot: QtBot, dialog: ExportDialog, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "ask_save_path", lambda *a: str(tmp_path / "x.csv"))
    dialog.references.setPlainText("")
    assert not dialog.export()
    assert "at least one case reference" in dialog.problem.text()
    dialog.by_dates.setChecked(True)
    to = dialog.date_to.value()
    assert to is not None
    type_over(qtbot, dialog.date_from, f"{to.replace(year=2030):%d/%m/%Y}")
    assert not dialog.export() and "must not be after" in dialog.problem.text()
    assert not (tmp_path / "x.csv").exists()
    assert dialog.isVisible()
