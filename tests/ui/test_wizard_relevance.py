"""Follow-up questions appear and disappear with the answers they depend on (issue 12
item 5). The sweep is generated from the schema (tests/unit/relevance_cases.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.domain.forms import form_for
from tests.unit.relevance_cases import FollowUp, follow_ups, showing_and_hiding
from ui.wizard.page import PageWidget

CASES = follow_ups()


def _row(page: PageWidget, path: str) -> QWidget:
    editor = page.editor(path)
    assert editor is not None, path
    row = editor.parentWidget()
    assert row is not None
    return row


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_follow_up_flips_on_the_page(qtbot: QtBot, case: FollowUp) -> None:
    page = PageWidget(case.form)
    qtbot.addWidget(page)
    (shown, shown_context), (hidden, hidden_context) = showing_and_hiding(case)
    page.set_values(shown)
    page.refresh(shown_context)
    assert not _row(page, case.path).isHidden(), f"{case} should be shown for {shown}"
    page.set_values(hidden)
    page.refresh(hidden_context)
    assert _row(page, case.path).isHidden(), f"{case} should be hidden for {hidden}"


def _choose(qtbot: QtBot, combo: QComboBox, value: str) -> None:
    """Pick ``value`` with the keyboard: Home, then Down until it is current."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentData() != value:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{value} not reachable"


def test_relationship_other_hidden_for_boyfriend_shown_for_other(qtbot: QtBot) -> None:
    page = PageWidget(form_for(Stage.INITIAL_CONTACT))
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show()
    combo = page.findChild(QComboBox, "subject.relationship_to_applicant")
    assert combo is not None
    other = _row(page, "subject.relationship_other")
    assert not other.isVisible()  # an optional question: its follow-up waits for "Other"
    _choose(qtbot, combo, "other")
    assert other.isVisible()
    _choose(qtbot, combo, "boyfriend_girlfriend")
    assert not other.isVisible()
    _choose(qtbot, combo, "other")
    assert other.isVisible()
    line = page.editor("subject.relationship_other")
    assert line is not None
    line.input_widget().setFocus()
    qtbot.keyClicks(line.input_widget(), "Lodger")
    _choose(qtbot, combo, "friend")
    assert not other.isVisible()
    # Hidden, not lost: the answer is still there if "Other" is chosen again.
    assert page.values()["subject"]["relationship_other"] == "Lodger"


def test_ticking_a_check_shows_its_follow_up(qtbot: QtBot) -> None:
    page = PageWidget(form_for(Stage.RISK_ASSESSMENT))
    qtbot.addWidget(page)
    page.show()
    basis = _row(page, "childrens_social_care_basis")
    assert not basis.isVisible()
    box = page.editor("childrens_social_care_checked")
    assert box is not None
    box.input_widget().setFocus()
    qtbot.keyClick(box.input_widget(), Qt.Key.Key_Space)
    assert basis.isVisible()
