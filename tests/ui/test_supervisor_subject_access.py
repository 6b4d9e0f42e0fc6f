"""Supervisor view: the subject access dialog (issue 15 item 6), driven by typed keys and
clicks: search, tick the matches that are the person, save the review PDF."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.services.session import Session
from tests.conftest import TestUnit
from tests.ui.conftest import make_view
from tests.unit.test_subject_access import REQUEST, _audit_text, _plant
from ui.supervisor import common
from ui.supervisor.subject_access_dialog import SubjectAccessDialog


@pytest.fixture
def dialog(qtbot: QtBot, unit: TestUnit, sam: Session,
           monkeypatch: pytest.MonkeyPatch) -> SubjectAccessDialog:
    _plant(unit)
    monkeypatch.setattr("ui.supervisor.subject_access_dialog.show_message",
                        lambda *a, **k: None)
    view = make_view(qtbot, sam)
    qtbot.mouseClick(view.cases.subject_access_button, Qt.MouseButton.LeftButton)
    opened = view.cases.findChild(SubjectAccessDialog, "subject_access_dialog")
    assert isinstance(opened, SubjectAccessDialog) and opened.isVisible()
    return opened


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def _search(qtbot: QtBot, dialog: SubjectAccessDialog) -> None:
    _type(qtbot, dialog.request, REQUEST)
    _type(qtbot, dialog.surname, "Okafor")
    _type(qtbot, dialog.forenames, "Adaeze")
    _type(qtbot, dialog.dob, "29/02/1988")
    qtbot.keyClick(dialog.dob, Qt.Key.Key_Return)


def _tick_row(qtbot: QtBot, dialog: SubjectAccessDialog, row: int) -> None:
    item = dialog.tree.topLevelItem(row)
    rect = dialog.tree.visualItemRect(item)
    qtbot.mouseClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.left() + 12, rect.center().y()))


def test_search_tick_and_save_the_review_pdf(qtbot: QtBot, dialog: SubjectAccessDialog,
                                             sam: Session, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    assert not dialog.save_button.isEnabled()
    _search(qtbot, dialog)
    assert dialog.tree.topLevelItemCount() == 5
    assert "5 possible matches in 3 cases" in dialog.summary.text()
    assert dialog.ticked() == []  # nothing is confirmed for the supervisor
    first = dialog.tree.topLevelItem(0)
    assert first.text(2) == "Applicant" and "same date of birth" in first.text(6)
    _tick_row(qtbot, dialog, 0)
    assert [m.role for m in dialog.ticked()] == ["applicant"]
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Down)  # Space ticks the selected row
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Space)
    assert len(dialog.ticked()) == 2
    assert "2 of 5 ticked" in dialog.save_button.text()
    shots = os.environ.get("CSODS_SHOTS")
    if shots:
        dialog.setFixedSize(1366, 768)
        qtbot.wait(50)
        dialog.grab().save(str(Path(shots) / "subject-access-dialog.png"))
    monkeypatch.setattr(common, "ask_save_path", lambda *a: str(tmp_path / "review"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "review.pdf"
    assert saved.exists()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(saved).pages).split())
    assert "Confirmed as this person 2 in" in text and REQUEST in text
    audit = _audit_text(sam)
    assert "export" in audit and "2 of 5 possible matches confirmed" in audit
    assert "okafor" not in audit.lower()


def test_a_bad_search_says_why_and_changing_it_forgets_the_matches(
        qtbot: QtBot, dialog: SubjectAccessDialog) -> None:
    _type(qtbot, dialog.surname, "Okafor")
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    boxes = dialog.findChildren(QMessageBox)
    assert any("request reference" in b.text() for b in boxes)
    for b in boxes:
        b.close()
    assert dialog.tree.topLevelItemCount() == 0 and not dialog.save_button.isEnabled()
    _type(qtbot, dialog.request, REQUEST)
    qtbot.keyClick(dialog.request, Qt.Key.Key_Return)
    assert dialog.tree.topLevelItemCount() > 0 and dialog.save_button.isEnabled()
    _type(qtbot, dialog.forenames, "A")  # a different search now
    assert dialog.tree.topLevelItemCount() == 0 and not dialog.save_button.isEnabled()
    assert "search again" in dialog.summary.text()
