"""Supervisor view: the timescale policy tab (¶5 table, 5.1.13, 5.4.8, 5.6.27; 2023
practice [S]): versions in force with who, when and why; adopting a new version by
typing it; refusals shown and what was typed kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSpinBox
from pytestqt.qtbot import QtBot

from app.services import timescale_policy
from app.services.session import Session
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.ui.conftest import make_view
from ui.supervisor.policy_tab import PolicyTab
from ui.supervisor.view import POLICY

SHOTS = "/tmp/hl"


def _tab(qtbot: QtBot, sam: Session) -> PolicyTab:
    view = make_view(qtbot, sam)
    view.setCurrentIndex(POLICY)
    QApplication.processEvents()
    return view.policy


def _type_into(qtbot: QtBot, spin: QSpinBox, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)


def _rows(tab: PolicyTab) -> list[list[str]]:
    return [[tab.tree.topLevelItem(i).text(c) for c in range(tab.tree.columnCount())]
            for i in range(tab.tree.topLevelItemCount())]


def test_version_1_is_the_2010_maxima_shown_in_force(qtbot: QtBot, sam: Session) -> None:
    tab = _tab(qtbot, sam)
    rows = _rows(tab)
    assert len(rows) == 1
    assert rows[0][:7] == ["v1", "Home Office circular 007/2010 maxima", "24 h", "10 d",
                           "10 d", "35 d", "45 d"]
    assert rows[0][8] == "Built in" and "5.6.27" in rows[0][9]
    assert "In force for new cases: v1" in tab.in_force.text()
    assert tab.spins["overall_days"].value() == 45  # the form starts from what is in force


def test_adopt_a_28_day_policy_by_typing_it(qtbot: QtBot, sam: Session) -> None:
    tab = _tab(qtbot, sam)
    tab.window().resize(1366, 768)
    qtbot.keyClicks(tab.name, "Force policy PP/19")
    _type_into(qtbot, tab.spins["decision_route_days"], "18")
    _type_into(qtbot, tab.spins["overall_days"], "28")
    tab.reason.setFocus()
    qtbot.keyClicks(tab.reason, "Force adopted the 28-day target (PP/19).")
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    assert not tab.refusal.isVisible(), tab.refusal.text()
    rows = _rows(tab)
    assert [r[0] for r in rows] == ["v1", "v2"]
    assert rows[1][1:7] == ["Force policy PP/19", "24 h", "10 d", "10 d", "18 d", "28 d"]
    assert rows[1][8] == sam.user.display_name
    assert rows[1][9] == "Force adopted the 28-day target (PP/19)."
    assert "In force for new cases: v2 Force policy PP/19" in tab.in_force.text()
    assert "Version 2 adopted" in tab.result.text()
    assert tab.name.text() == "" and tab.reason.toPlainText() == ""
    assert timescale_policy.current_policy(sam).overall_days == 28
    changed = [r for r in audit_repo.iter_rows(sam.conn) if r.entity == "timescale-policy:2"]
    assert changed and changed[0].justification == "Force adopted the 28-day target (PP/19)."
    tab.window().grab().save(f"{SHOTS}/policy_tab.png")


def test_refusals_are_shown_and_input_kept(qtbot: QtBot, sam: Session) -> None:
    tab = _tab(qtbot, sam)
    qtbot.keyClicks(tab.name, "Force policy PP/19")
    _type_into(qtbot, tab.spins["overall_days"], "28")
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)  # no reason
    assert tab.refusal.isVisible() and "Say why" in tab.refusal.text()
    assert tab.name.text() == "Force policy PP/19"
    assert tab.spins["overall_days"].value() == 28
    assert len(_rows(tab)) == 1
    # Overall shorter than face to face: refused with the service's words.
    _type_into(qtbot, tab.spins["overall_days"], "5")
    tab.reason.setFocus()
    qtbot.keyClicks(tab.reason, "Trying a very short target.")
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    assert "cannot be shorter" in tab.refusal.text()
    # The same targets as in force.
    _type_into(qtbot, tab.spins["overall_days"], "45")
    tab.name.clear()
    qtbot.keyClicks(tab.name, "Home Office circular 007/2010 maxima")
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    assert "already in force" in tab.refusal.text()
    assert [p.version for p in timescale_policy.policies(sam)] == [1]
    tab.window().grab().save(f"{SHOTS}/policy_refused.png")


def test_officer_cannot_adopt(qtbot: QtBot, unit: TestUnit, officer: Session) -> None:
    tab = PolicyTab(officer)
    qtbot.addWidget(tab)
    assert tab.load()
    assert not tab.findChild(QSpinBox, "policy_overall_days").isEnabled()  # type: ignore[union-attr]
    assert not tab.adopt_button.isEnabled()
