"""Supervisor view: sign-off queue (approve, return with a comment, own decision refused)
and repeat subjects."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.services import cases
from app.services.session import Session
from tests.conftest import TestUnit
from tests.ui.conftest import FakeCaseWindow, make_view, message_texts
from tests.unit.case_walk import open_new, values, walk_to
from ui.case_windows import CaseWindows
from ui.supervisor import signoff_tab as signoff_module
from ui.supervisor.dialogs import ReturnDialog
from ui.supervisor.view import REPEAT, SIGNOFF


@pytest.fixture
def yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signoff_module.common, "confirm", lambda *args: True)


def _waiting(unit: TestUnit, n: int = 2) -> list[str]:
    refs = []
    with unit.officer() as olive:
        for _ in range(n):
            ref = open_new(olive).reference
            walk_to(olive, None, ref, Stage.DECISION)
            refs.append(ref)
        open_new(olive)  # not waiting
    return refs


def test_queue_lists_waiting_decisions_and_shows_the_decision(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    refs = _waiting(unit)
    view = make_view(qtbot, sam)
    # Counted just after the first rows are painted.
    qtbot.waitUntil(lambda: view.tabText(SIGNOFF) == "Sign-off queue (2)", timeout=2000)
    view.setCurrentIndex(SIGNOFF)
    tab = view.signoff
    assert {tab.model.key(r) for r in range(tab.model.rowCount())} == set(refs)
    text = tab.summary.toPlainText()
    assert "Recorded by olive" in text and "Disclose" in text
    assert "All three parts of the test are met." in text  # the rationale
    assert tab.approve_button.isEnabled() and tab.return_button.isEnabled()


def test_approve_path(qtbot: QtBot, unit: TestUnit, sam: Session, yes: None) -> None:
    refs = _waiting(unit)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(SIGNOFF)
    tab = view.signoff
    tab.select(refs[0])
    tab.approve_button.click()
    assert f"The decision on case {refs[0]} is approved." in message_texts(tab)
    assert [tab.model.key(r) for r in range(tab.model.rowCount())] == [refs[1]]
    assert view.tabText(SIGNOFF) == "Sign-off queue (1)"
    case = cases.load_case(sam, refs[0])
    assert case.signoff == "approved" and case.current_stage is Stage.OUTCOME


def test_return_path_needs_a_comment_the_officer_sees(qtbot: QtBot, unit: TestUnit,
                                                      sam: Session) -> None:
    refs = _waiting(unit, 1)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(SIGNOFF)
    tab = view.signoff
    tab.return_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, ReturnDialog) and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # a comment is mandatory
    qtbot.keyClicks(dialog.comment, "   ")
    assert not dialog.ok_button.isEnabled()
    dialog.comment.setPlainText("Record who attended the strategy meeting.")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    # Confirmed the way an approval is.
    assert (f"The decision on case {refs[0]} is returned to the officer with your comment."
            in message_texts(tab))
    assert tab.model.rowCount() == 0 and view.tabText(SIGNOFF) == "Sign-off queue"
    assert "No decisions" in tab.heading.text()
    with unit.officer() as olive:
        case = cases.load_case(olive, refs[0])
    assert case.signoff == "returned"
    assert case.last_signoff_comment == "Record who attended the strategy meeting."


def test_own_decision_is_refused_in_plain_words(qtbot: QtBot, unit: TestUnit, sam: Session,
                                                yes: None) -> None:
    ref = open_new(sam).reference
    walk_to(sam, None, ref, Stage.DECISION)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(SIGNOFF)
    tab = view.signoff
    tab.approve_button.click()
    assert message_texts(tab) == [
        "Your role (supervisor) may not sign off a decision you recorded yourself."]
    assert tab.model.rowCount() == 1


def test_repeat_subjects_show_groups_reasons_and_open(
        qtbot: QtBot, unit: TestUnit, sam: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    with unit.officer() as olive:
        first = open_new(olive).reference
        walk_to(olive, None, first, Stage.INITIAL_CONTACT)
        second = open_new(olive).reference
        s1 = values(Stage.INITIAL_CONTACT)
        s1["subject"] = {**s1["subject"], "surname": "Smyth", "forenames": "Jon"}
        cases.save_draft(olive, second, Stage.INITIAL_CONTACT, s1)
        open_new(olive)
    windows = CaseWindows(FakeCaseWindow)
    opened: list[str] = []
    monkeypatch.setattr(windows, "open", lambda session, ref, stage=None: opened.append(ref))
    view = make_view(qtbot, sam, windows)
    view.setCurrentIndex(REPEAT)
    tab = view.repeat
    assert tab.tree.topLevelItemCount() == 1
    group = tab.tree.topLevelItem(0)
    assert group is not None and group.childCount() == 2
    assert {group.child(i).text(0) for i in range(2)} == {first, second}
    assert "2 cases" in group.text(0)
    assert tab.links.rowCount() == 1 and tab.links.text(0, 3)  # why they matched
    child = group.child(1)
    tab.tree.setCurrentItem(child)
    tab.tree.itemDoubleClicked.emit(child, 0)
    assert opened == [child.text(0)]
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_Return)
    assert opened[-1] == child.text(0)
