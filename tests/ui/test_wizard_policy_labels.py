"""A case opened under a shorter unit policy shows its own targets in the window:
the header's timescales and the extension form's choices (issue 11 item 13)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QComboBox, QLabel
from pytestqt.qtbot import QtBot

from app.domain.timescale_policy import TimescalePolicy
from app.services import timescale_policy
from app.services.session import Session
from tests.unit.case_walk import open_new
from ui.wizard.case_window import CaseWindow
from ui.wizard.dialogs import FormDialog


def _labels(window: CaseWindow) -> list[str]:
    return [w.text() for w in window.header.deadline_widgets if isinstance(w, QLabel)]


def test_header_and_extension_use_the_case_policy(qtbot: QtBot, officer: Session,
                                                 sam: Session) -> None:
    old = open_new(officer).reference
    timescale_policy.adopt_policy(sam, TimescalePolicy(
        initial_contact_hours=12, decision_route_days=18, overall_days=28, name="PP/19"),
        "Force adopted the 28-day target")
    new = open_new(officer).reference
    window = CaseWindow(officer, new)
    qtbot.addWidget(window)
    window.show()
    QApplication.processEvents()
    labels = _labels(window)
    assert "Case closed within 28 days" in labels
    assert "Initial contact completed within 12 hours" in labels
    assert not any("45 days" in text or "35 days" in text for text in labels)
    dialog = window.open_extension()
    assert isinstance(dialog, FormDialog)
    combo = dialog.findChild(QComboBox, "deadline")
    assert combo is not None
    offered = [combo.itemText(i) for i in range(1, combo.count())]
    assert any(text.startswith("Whole case (28 days)") for text in offered)
    assert any(text.startswith("Initial contact (12 hours)") for text in offered)
    assert not any("45 days" in text for text in offered)
    dialog.reject()
    kept = CaseWindow(officer, old)  # the older case keeps the 2010 maxima
    qtbot.addWidget(kept)
    assert "Case closed within 45 days" in _labels(kept)
