"""Nothing typed is lost: drafts saved on leaving a field, on a timer, on closing, and
even when the process is killed; reopening resumes where the officer was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.services import cases
from app.services.session import Session
from tests.conftest import OFFICER_PW, TestUnit
from tests.unit.case_walk import open_new, walk_to
from ui.wizard.case_window import CaseWindow

ROOT = Path(__file__).resolve().parents[2]


def _window(qtbot: QtBot, session: Session, ref: str, **kwargs: int) -> CaseWindow:
    window = CaseWindow(session, ref, **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_draft_survives_closing_the_window_mid_stage(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
    window = _window(qtbot, officer, ref)
    place = window.findChild(QLineEdit, "meeting_place")
    qtbot.keyClicks(place, "Leeds District HQ")
    with qtbot.waitSignal(window.closed) as closed:
        window.close()
    assert closed.args == [ref]
    assert cases.get_case(officer, ref).values(Stage.FACE_TO_FACE)["meeting_place"] == \
        "Leeds District HQ"
    again = _window(qtbot, officer, ref)
    assert again.current_page_stage() is Stage.FACE_TO_FACE
    assert again.findChild(QLineEdit, "meeting_place").text() == "Leeds District HQ"


def test_autosave_when_focus_leaves_a_field(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    force = window.findChild(QLineEdit, "owning_force")
    force.setFocus()
    qtbot.keyClicks(force, "Wessex Police")
    assert window.keeper.dirty
    with qtbot.waitSignal(window.draft_saved, timeout=2000):
        window.findChild(QLineEdit, "responding_force").setFocus()
    assert cases.get_case(officer, ref).values(Stage.INITIAL_CONTACT)["owning_force"] == \
        "Wessex Police"


def test_autosave_on_the_timer(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref, autosave_ms=100)
    assert window.keeper.timer.interval() == 100
    window.findChild(QPlainTextEdit, "reason").setPlainText("Worried about a neighbour.")
    with qtbot.waitSignal(window.draft_saved, timeout=2000):
        pass
    assert not window.keeper.dirty
    assert cases.get_case(officer, ref).values(Stage.INITIAL_CONTACT)["reason"] == \
        "Worried about a neighbour."


def test_default_autosave_is_at_least_every_30_seconds(qtbot: QtBot, officer: Session) -> None:
    window = _window(qtbot, officer, open_new(officer).reference)
    assert 0 < window.keeper.timer.interval() <= 30_000 and window.keeper.timer.isActive()


def test_save_refused_keeps_the_input_on_screen(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    force = window.findChild(QLineEdit, "owning_force")
    force.setText("Wessex\x07Police")  # a control character cannot be stored
    # Issue 12 item 3: the answer in error stays on screen, marked, and the rest is saved.
    assert window.save_now() is True
    assert force.text() == "Wessex\x07Police"
    assert "cannot be stored" in window.statusBar().currentMessage()
    problem = window.findChild(QLabel, "owning_force:problem")
    assert problem is not None and problem.isVisibleTo(window) and "control" in problem.text()
    assert window.keeper.dirty
    stored = cases.get_case(officer, ref).values(Stage.INITIAL_CONTACT)
    assert "owning_force" not in stored and stored.get("officer")  # the others are kept
    force.setText("Wessex Police")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.keeper.dirty
    assert cases.get_case(officer, ref).values(Stage.INITIAL_CONTACT)["owning_force"] == \
        "Wessex Police"


def test_changing_page_saves_the_draft(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
    window = _window(qtbot, officer, ref)
    window.findChild(QLineEdit, "meeting_place").setText("Room 2")
    window.show_stage(Stage.INITIAL_CONTACT)
    assert window.current_page_stage() is Stage.INITIAL_CONTACT
    assert cases.get_case(officer, ref).values(Stage.FACE_TO_FACE)["meeting_place"] == "Room 2"


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_draft_survives_the_process_being_killed(unit: TestUnit, officer: Session) -> None:
    ref = open_new(officer).reference
    officer.close()
    text = "Typed just before the crash"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.wizard_kill_child", str(unit.db), "olive",
         OFFICER_PW, ref, unit.clock.now().isoformat(), text],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "saved"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with unit.officer() as again:
        assert cases.get_case(again, ref).values(Stage.INITIAL_CONTACT)["reason"] == text
