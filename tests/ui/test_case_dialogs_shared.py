"""The case window's four log dialogs (contact log, chronology, referrals, tasks) share one
frame: each names the case in its title, opens with the grey help text, and closes from
its Close button at the bottom right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout
from pytestqt.qtbot import QtBot

from app.services import cases
from app.services.session import Session
from tests.unit.case_walk import open_new
from ui.wizard.case_dialog import CaseDialog
from ui.wizard.chronology_panel import ChronologyDialog
from ui.wizard.contacts_panel import ContactsDialog
from ui.wizard.referrals_panel import ReferralsDialog
from ui.wizard.tasks_panel import TasksDialog

DIALOGS = [
    (ContactsDialog, "dialog_contacts", "Contact log", "Every attempt to reach"),
    (ChronologyDialog, "dialog_chronology", "Chronology", "Everything recorded on this case"),
    (ReferralsDialog, "dialog_referrals", "Safeguarding referrals", "Referrals sent to"),
    (TasksDialog, "dialog_tasks", "Tasks", "What needs doing on this case"),
]


@pytest.mark.parametrize(("kind", "name", "title", "help_start"), DIALOGS)
def test_each_log_dialog_has_the_shared_frame(qtbot: QtBot, officer: Session,
                                              kind: type[CaseDialog], name: str, title: str,
                                              help_start: str) -> None:
    ref = open_new(officer).reference
    dialog = kind(officer, cases.get_case(officer, ref))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.objectName() == name
    assert dialog.windowTitle() == f"{title} — case {ref}"
    layout = dialog.layout()
    assert isinstance(layout, QVBoxLayout)
    first = layout.itemAt(0).widget()
    assert isinstance(first, QLabel) and first.text().startswith(help_start)
    [box] = dialog.findChildren(QDialogButtonBox)
    close = box.button(QDialogButtonBox.StandardButton.Close)
    assert close is not None and close.isVisible()
    assert close.mapTo(dialog, close.rect().topLeft()).y() > dialog.height() // 2
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
