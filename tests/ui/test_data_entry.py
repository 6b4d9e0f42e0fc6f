"""Data entry that cannot corrupt a record (issue 12 items 1, 3, 4 and 7), with typed keys.

Every answer here is typed with QTest key events on the real editors, as an officer
would: dates as people type them, pastes, Tab, Enter, Ctrl+Enter, Y/N, Delete.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.domain.forms import EXTENSION_FORM, IMMEDIATE_RISK_FORM, all_forms, form_for
from app.domain.timescales import LONDON
from app.services import cases
from app.services.session import Session
from tests.ui.wizard_support import add_first_items
from tests.unit.case_walk import open_new, walk_to
from tests.unit.form_examples import valid_case_context, valid_stage_values
from ui.account_dialogs import NewCaseDialog
from ui.date_input import CalendarPopup, DateLine, TimeLine
from ui.wizard.case_window import CaseWindow
from ui.wizard.page import PageWidget


def _window(qtbot: QtBot, session: Session, ref: str) -> CaseWindow:
    window = CaseWindow(session, ref, autosave_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _type_over(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    """Click into the box, select what is there and type (as Tab into it would)."""
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, text)


def _tab(qtbot: QtBot, times: int = 1, back: bool = False) -> QWidget:
    for _ in range(times):
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert focus is not None
    return focus


def _problem(window: QWidget, path: str) -> QLabel:
    label = window.findChild(QLabel, f"{path}:problem")
    assert label is not None
    return label


# -- item 1: dates typed as people type them --------------------------------------------

def test_new_case_day_typed_as_30_is_refused_not_moved(qtbot: QtBot, officer: Session) -> None:
    dialog = NewCaseDialog(officer)
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.contact_at()
    assert dialog.date_edit.hasSelectedText()  # what is typed replaces today's date
    qtbot.keyClicks(dialog.date_edit, "30")
    assert dialog.contact_at() is None and not dialog.ok.isEnabled()
    assert dialog.message.isVisibleTo(dialog) and "dd/mm/yyyy" in dialog.message.text()
    assert dialog.date_edit.property("invalid") is True
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Return)  # Enter does not open a case
    assert dialog.reference is None
    assert cases.get_case(officer, open_new(officer).reference)  # (the unit still works)
    # Typing the date in full gives exactly that date; the time is untouched.
    assert before is not None
    day = (before - timedelta(days=3)).date()
    _type_over(qtbot, dialog.date_edit, f"{day:%d/%m/%Y}")
    assert dialog.time_edit.text() == f"{before:%H:%M}"
    assert dialog.contact_at() == before.replace(year=day.year, month=day.month, day=day.day)
    assert dialog.ok.isEnabled() and not dialog.message.isVisibleTo(dialog)


def test_dates_of_birth_hold_exactly_what_is_typed(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    page = window.page
    assert page is not None
    _type_over(qtbot, window.findChild(DateLine, "applicant.dob"), "14/03/1988")
    children = page.editor("children")
    children.add.setFocus()  # type: ignore[union-attr]
    qtbot.keyClick(children.add, Qt.Key.Key_Return)  # type: ignore[union-attr]
    qtbot.keyClicks(QApplication.focusWidget(), "Amy")  # focus went to the new name
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    child_dob = QApplication.focusWidget()
    assert child_dob is window.findChild(DateLine, "children[0].dob")
    qtbot.keyClicks(child_dob, "21/06/2019")
    values = page.values()
    assert values["applicant"]["dob"] == "1988-03-14"
    assert values["children"][0] == {"name": "Amy", "dob": "2019-06-21"}
    # Other ways people type the same date.
    for typed in ("14031988", "14/3/88", "14.03.1988", "1988-03-14"):
        _type_over(qtbot, window.findChild(DateLine, "applicant.dob"), typed)
        assert page.values()["applicant"]["dob"] == "1988-03-14", typed


def test_a_date_that_cannot_be_read_is_red_with_why_and_stops_completion(
        qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.FACE_TO_FACE)
    window = _window(qtbot, officer, ref)
    qtbot.keyClicks(window.findChild(QComboBox, "pack_format"), "P")  # Paper
    date_line = window.findChild(DateLine, "pack_given_on")
    _type_over(qtbot, date_line, "07/03/2025")
    assert window.complete_button.isEnabled()
    _type_over(qtbot, date_line, "31/02/2025")
    assert not window.complete_button.isEnabled()
    problem = _problem(window, "pack_given_on")
    assert problem.isVisibleTo(window) and "not a real calendar date" in problem.text()
    assert date_line.property("invalid") is True
    assert [p.path for p in window.missing.problems] == ["pack_given_on"]
    assert "not a real calendar date" in window.missing.problems[0].message
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_stage() is Stage.INFORMATION_PACK  # not completed
    _type_over(qtbot, date_line, "28/02/2025")
    assert not problem.isVisibleTo(window) and date_line.property("invalid") is False
    assert window.complete_button.isEnabled()


def test_typing_a_date_never_moves_the_time(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    date_line = window.findChild(DateLine, "contact_at:date")
    time_line = window.findChild(TimeLine, "contact_at:time")
    _type_over(qtbot, time_line, "0905")
    _type_over(qtbot, date_line, "01/12/2026")
    assert time_line.text() == "09:05"  # shown in full once left; not moved
    qtbot.keyClick(date_line, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is time_line
    qtbot.keyClick(time_line, Qt.Key.Key_Tab)
    assert time_line.text() == "09:05"
    assert window.page is not None
    stored = window.page.values()["contact_at"]
    assert stored == "2026-12-01T09:05:00+00:00"  # 09:05 GMT
    _type_over(qtbot, time_line, "25:00")
    assert "not a time of day" in _problem(window, "contact_at").text()


def test_a_date_in_the_future_is_marked_on_the_field(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.FACE_TO_FACE)
    window = _window(qtbot, officer, ref)
    future = officer.clock.now().astimezone(LONDON).date() + timedelta(days=10)
    _type_over(qtbot, window.findChild(DateLine, "pack_given_on"), f"{future:%d%m%Y}")
    problem = _problem(window, "pack_given_on")
    assert problem.isVisibleTo(window) and "future" in problem.text()  # no waiting: item 7


def test_calendar_opens_on_f4_and_types_the_chosen_day(qtbot: QtBot) -> None:
    page = PageWidget(form_for(Stage.INFORMATION_PACK))
    qtbot.addWidget(page)
    page.show()
    line = page.findChild(DateLine, "pack_given_on")
    _type_over(qtbot, line, "07/03/2025")
    qtbot.keyClick(line, Qt.Key.Key_F4)
    popup = line.calendar
    assert isinstance(popup, CalendarPopup) and popup.isVisible()
    grid = popup.calendar.findChild(QTableView)
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # the next day
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert page.values() == {"pack_given_on": "2025-03-08"}


# -- item 3: over-long answers ---------------------------------------------------------

def test_a_50000_character_paste_is_cut_at_the_limit_and_says_so(
        qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.RISK_ASSESSMENT)
    window = _window(qtbot, officer, ref)
    rationale = window.findChild(QPlainTextEdit, "decision_rationale")
    rationale.setFocus()
    QApplication.clipboard().setText("x" * 50_000)
    qtbot.keyClick(rationale, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(rationale.toPlainText()) == 20_000
    note = _problem(window, "decision_rationale")
    assert note.isVisibleTo(window) and "20000-character limit" in note.text()
    assert "30000" in note.text()
    # A later answer on the page is saved with it.
    attendees = window.findChild(QPlainTextEdit, "attendees")
    attendees.setFocus()
    qtbot.keyClicks(attendees, "DS Whitlock, PC Ashdown")
    assert window.save_now()
    stored = cases.get_case(officer, ref).values(Stage.DECISION)
    assert len(stored["decision_rationale"]) == 20_000
    assert stored["attendees"] == "DS Whitlock, PC Ashdown"


def test_typing_at_the_limit_of_a_name_says_it_was_cut(qtbot: QtBot) -> None:
    page = PageWidget(form_for(Stage.INITIAL_CONTACT))
    qtbot.addWidget(page)
    name = page.findChild(QLineEdit, "applicant.surname")
    assert name is not None
    editor = page.editor(name.objectName())
    assert editor is not None
    limit = editor.field.effective_max_length
    assert limit is not None
    name.setFocus()
    QApplication.clipboard().setText("N" * (limit + 5))
    qtbot.keyClick(name, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(name.text()) == limit
    page.check([])
    note = page.findChild(QLabel, f"{name.objectName()}:problem")
    assert note is not None and "left out" in note.text() and not note.isHidden()


def test_an_answer_that_cannot_be_stored_does_not_stop_the_others(
        qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    force = window.findChild(QLineEdit, "owning_force")
    _type_over(qtbot, force, "Wessex")
    QApplication.clipboard().setText("\x07Police")  # a control character cannot be stored
    qtbot.keyClick(force, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert force.text() == "Wessex\x07Police"
    _type_over(qtbot, window.findChild(DateLine, "applicant.dob"), "02/01/1990")
    assert window.save_now()
    stored = cases.get_case(officer, ref).values(Stage.INITIAL_CONTACT)
    assert stored["applicant"]["dob"] == "1990-01-02" and "owning_force" not in stored
    assert _problem(window, "owning_force").isVisibleTo(window)


# -- item 4: keyboard without traps ----------------------------------------------------

def test_tab_goes_field_to_field_past_yes_no_and_dates(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    yes = window.findChild(QRadioButton, "immediate_risk:yes")
    yes.setFocus()
    qtbot.keyClick(yes, Qt.Key.Key_N)  # N answers No
    assert window.page is not None and window.page.values()["immediate_risk"] is False
    after = _tab(qtbot)
    assert not after.objectName().endswith(":clear") and not after.objectName().startswith(
        "immediate_risk")
    # Delete clears the answer (the Clear link is for the mouse).
    no = window.findChild(QRadioButton, "immediate_risk:no")
    no.setFocus()
    qtbot.keyClick(no, Qt.Key.Key_Delete)
    assert "immediate_risk" not in window.page.values()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y)
    assert window.page.values()["immediate_risk"] is True
    clears = [w for w in window.findChildren(QAbstractButton) if w.objectName().endswith(":clear")]
    assert clears and all(w.focusPolicy() == Qt.FocusPolicy.NoFocus for w in clears)


def test_remove_child_is_not_a_tab_stop_and_asks_first(qtbot: QtBot, officer: Session,
                                                       monkeypatch: object) -> None:
    from PySide6.QtWidgets import QMessageBox

    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    add = window.findChild(QPushButton, "children:add")
    add.setFocus()
    qtbot.keyClick(add, Qt.Key.Key_Space)
    qtbot.keyClicks(QApplication.focusWidget(), "Amy")
    seen = [_tab(qtbot).objectName() for _ in range(4)]
    assert not any(name.endswith(":remove") for name in seen), seen
    asked: list[str] = []

    def no(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)  # type: ignore[attr-defined]
    name = window.findChild(QLineEdit, "children[0].name")
    qtbot.keyClick(name, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert asked and window.page is not None and len(window.page.values()["children"]) == 1


def test_enter_presses_the_focused_button(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    add = window.findChild(QPushButton, "children:add")
    add.setFocus()
    qtbot.keyClick(add, Qt.Key.Key_Return)
    assert window.findChild(QLineEdit, "children[0].name") is QApplication.focusWidget()
    window.save_button.setFocus()
    window.keeper.mark_dirty()
    qtbot.keyClick(window.save_button, Qt.Key.Key_Return)
    assert "Draft saved" in window.statusBar().currentMessage()


def test_ctrl_enter_completes_the_stage_only_when_nothing_is_missing(
        qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.FACE_TO_FACE)
    window = _window(qtbot, officer, ref)
    assert QApplication.focusWidget() is window.findChild(QComboBox, "pack_format")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_stage() is Stage.INFORMATION_PACK
    qtbot.keyClicks(QApplication.focusWidget(), "P")
    date_line = _tab(qtbot)
    assert date_line is window.findChild(DateLine, "pack_given_on")
    qtbot.keyClicks(date_line, "070325")
    qtbot.keyClick(date_line, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_stage() is Stage.RISK_ASSESSMENT
    assert cases.get_case(officer, ref).values(Stage.INFORMATION_PACK) == {
        "pack_format": "paper", "pack_given_on": "2025-03-07"}


def test_a_section_that_appears_joins_the_tab_order_where_it_is(
        qtbot: QtBot, officer: Session) -> None:
    page = PageWidget(form_for(Stage.DECISION))
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    values = valid_stage_values(Stage.DECISION)
    page.set_values({k: v for k, v in values.items() if k == "decision"} | {
        "decision": "do_not_disclose"})
    page.refresh(valid_case_context())
    plan = next(b for b in page.blocks if b.section.title == "Disclosure plan")
    assert plan.isHidden()
    combo = page.findChild(QComboBox, "decision")
    combo.setFocus()
    qtbot.keyClicks(combo, "Disclose")
    page.refresh(valid_case_context())
    assert not plan.isHidden()
    chain = [w for row in page.rows() for w in row.editor.focus_chain()]
    first_in_plan = next(w for w in chain if plan.isAncestorOf(w))
    focus = combo
    for _ in range(len(chain)):
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is first_in_plan or (focus is not None and plan.isAncestorOf(focus)):
            break
    assert focus is not None and plan.isAncestorOf(focus)
    # Every field before the plan that Tab visited came before it in the form.
    assert chain.index(focus) > chain.index(combo)


def _focusable(page: QWidget) -> list[QWidget]:
    return [w for w in page.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()
            and not isinstance(w, QLabel) and w.objectName() not in ("qt_scrollarea_viewport",)
            and not w.objectName().startswith("qt_")]


def test_every_input_on_every_page_has_an_accessible_name(qtbot: QtBot) -> None:
    nameless: list[str] = []
    for form in (*all_forms(), IMMEDIATE_RISK_FORM, EXTENSION_FORM):
        page = PageWidget(form)
        qtbot.addWidget(page)
        add_first_items(page)
        page.refresh({})
        for widget in _focusable(page):
            if isinstance(widget, QPlainTextEdit | QLineEdit | QComboBox | QCheckBox
                          | QRadioButton | QAbstractButton) and not widget.accessibleName():
                nameless.append(f"{form.title}: {type(widget).__name__} "
                                f"{widget.objectName()!r}")
    assert nameless == [], "\n".join(nameless)


def test_whats_missing_follows_each_keystroke_at_once(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.FACE_TO_FACE)
    window = _window(qtbot, officer, ref)
    assert [p.path for p in window.missing.problems] == ["pack_format", "pack_given_on"]
    qtbot.keyClicks(window.findChild(QComboBox, "pack_format"), "P")
    assert [p.path for p in window.missing.problems] == ["pack_given_on"]  # no wait
    line = window.findChild(DateLine, "pack_given_on")
    qtbot.keyClicks(line, "0703202")
    assert [p.path for p in window.missing.problems] == ["pack_given_on"]
    assert "not a date" in window.missing.problems[0].message
    qtbot.keyClicks(line, "5")
    assert window.missing.problems == [] and window.complete_button.isEnabled()
    tick = window.findChild(QCheckBox, "advice_discussed")
    qtbot.keyClick(tick, Qt.Key.Key_Space)
    assert window.page is not None and window.page.values().get("advice_discussed") is True


def test_todays_date_is_never_filled_in_by_typing(qtbot: QtBot) -> None:
    page = PageWidget(form_for(Stage.INITIAL_CONTACT))
    qtbot.addWidget(page)
    line = page.findChild(DateLine, "applicant.dob")
    qtbot.keyClicks(line, "14")
    assert "applicant" not in page.values()  # not 14/<this month>/<this year>
    assert line.problem() is not None
    qtbot.keyClicks(line, "/03/1988")
    assert page.values()["applicant"]["dob"] == date(1988, 3, 14).isoformat()


def test_f8_goes_to_the_next_missing_answer(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    walk_to(officer, None, ref, Stage.FACE_TO_FACE)
    window = _window(qtbot, officer, ref)
    combo = window.findChild(QComboBox, "pack_format")
    assert QApplication.focusWidget() is combo
    qtbot.keyClick(combo, Qt.Key.Key_F8)
    assert QApplication.focusWidget() is window.findChild(DateLine, "pack_given_on")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)  # wraps round
    assert QApplication.focusWidget() is combo
    assert "F8" in window.missing.note.text()
