"""A Yes to an immediate-risk question shows a red, non-blocking prompt (¶2.7, 5.1.11)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QRadioButton
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.domain.forms import answers_immediate_risk
from app.services.session import Session
from tests.unit.case_walk import open_new, walk_to
from tests.unit.form_examples import valid_immediate_risk_values
from ui.wizard.case_window import CaseWindow
from ui.wizard.dialogs import FormDialog


def _window(qtbot: QtBot, session: Session, ref: str) -> CaseWindow:
    window = CaseWindow(session, ref)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _answer(window: CaseWindow, field: str, yes: bool) -> None:
    button = window.findChild(QRadioButton, f"{field}:{'yes' if yes else 'no'}")
    assert button is not None, field
    button.click()


def test_the_rule_reads_both_questions() -> None:
    assert answers_immediate_risk({"immediate_risk": True})
    assert answers_immediate_risk({"urgent_action_required": True})
    assert not answers_immediate_risk({"immediate_risk": False, "urgent_action_required": None})
    assert not answers_immediate_risk({})


@pytest.mark.parametrize("field", ["immediate_risk", "urgent_action_required"])
def test_yes_on_stage_1_shows_the_prompt_without_blocking(
        qtbot: QtBot, officer: Session, field: str) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    assert window.current_page_stage() is Stage.INITIAL_CONTACT
    prompt = window.risk_prompt
    assert not prompt.isVisible()
    _answer(window, field, True)
    assert prompt.isVisible()
    assert "¶2.7, 5.1.11" in prompt.text.text()
    assert prompt.button.text() == "Record immediate risk…"
    # Nothing modal appeared, the answer stayed and the officer can carry on typing.
    assert QApplication.activeModalWidget() is None
    assert window.page is not None and window.page.values()[field] is True
    _answer(window, field, False)
    assert not prompt.isVisible()


def test_the_prompt_opens_the_risk_record_and_keeps_the_page(
        qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    _answer(window, "immediate_risk", True)
    assert window.page is not None
    before = window.page.values()
    window.risk_prompt.button.click()
    dialogs = [d for d in window.findChildren(FormDialog) if d.isVisible()]
    assert len(dialogs) == 1 and dialogs[0].windowTitle().startswith("Immediate risk")
    dialogs[0].page.set_values(valid_immediate_risk_values())
    dialogs[0].revalidate()
    dialogs[0].ok.click()
    assert window.case.immediate_risk
    assert window.page.values() == before  # the page's input is untouched
    assert window.risk_prompt.isVisible()
    assert "already recorded" in window.risk_prompt.text.text()


def test_yes_on_stage_2_shows_the_prompt(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
    window = _window(qtbot, officer, ref)
    assert window.current_page_stage() is Stage.FACE_TO_FACE
    assert not window.risk_prompt.isVisible()
    _answer(window, "urgent_action_required", True)
    assert window.risk_prompt.isVisible()
    window.show_stage(Stage.INITIAL_CONTACT)  # a completed page: viewing only, no prompt
    assert not window.risk_prompt.isVisible()
