"""Count the keystrokes of one scripted case, first contact to closure (issue 12).

    PYTHONPATH=<tree> QT_QPA_PLATFORM=offscreen python tests/bench/keystrokes.py

Runs on any tree from af6d438 on (it only uses what that commit had: the case window,
the New case dialog, tests/unit/form_examples).  An officer opens a case in the New case
dialog (contact at 08:05 today) and answers every stage with the "disclose" example
answers, with the keyboard only: Tab from field to field (Shift+Tab when the field is
nearer behind), the answers typed, the keys each tree offers for ticks, yes/no and lists
(Space and arrows; from issue 12's one-key answers Y/N and a list item's number), the
complete button's shortcut.  KEYSTROKES_TRACE=1 lists the actions field by field.  The supervisor's
sign-off is a service call (not counted); the window then follows it by itself
where it can (F5 where it could not).  Each key press, chord or click is one action;
the free text of the answers is counted apart, since it is the same in any design.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from app.clock import FixedClock
from app.domain.enums import Role, Stage
from app.domain.forms import Field, FieldKind, form_for
from app.security.crypto import FAST_TEST_KDF
from app.services import approvals, case_actions, cases, users
from app.services.unit import login
from app.services.unit_create import create_unit
from tests.unit.form_examples import valid_stage_values

KEY = Qt.Key
MOD = Qt.KeyboardModifier


class Keys:
    """Sends key events to whatever has focus, counting them."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.stage = "New case"
        self.by_stage: Counter[str] = Counter()
        self.trace: list[str] = []
        self.passed: list[str] = []

    def actions(self) -> int:
        return self.count["control"] + self.count["click"]

    def note(self, what: str, before: int) -> None:
        """Keep, for KEYSTROKES_TRACE=1, how many actions ``what`` took."""
        passed = f"  Tab via {' '.join(self.passed[:-1])}" if len(self.passed) > 1 else ""
        self.trace.append(f"{self.stage:>22} {self.actions() - before:3d}  {what}{passed}")
        self.passed = []

    def focus(self) -> QWidget:
        widget = QApplication.focusWidget() or QApplication.activeWindow()
        assert widget is not None, "nothing has focus"
        return widget

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = MOD.NoModifier,
              kind: str = "control") -> None:
        QTest.keyClick(self.focus(), key, modifiers)
        QApplication.processEvents()
        self.count[kind] += 1
        self.count[f"key {key.name}"] += 1
        if kind == "control":
            self.by_stage[self.stage] += 1

    def type(self, text: str, kind: str = "text") -> None:
        for ch in text:
            if ch == "\n":
                QTest.keyClick(self.focus(), KEY.Key_Return)
            else:
                QTest.keyClicks(self.focus(), ch)
            self.count[kind] += 1
            if kind == "control":
                self.by_stage[self.stage] += 1
        QApplication.processEvents()

    def click(self, widget: QWidget) -> None:
        """A mouse click into a field Tab could not reach."""
        widget.setFocus(Qt.FocusReason.MouseFocusReason)
        QApplication.processEvents()
        self.count["click"] += 1
        self.by_stage[self.stage] += 1

    def add(self, kind: str, number: int) -> None:
        """Actions the script does not send itself (e.g. Down, Enter in a completer)."""
        self.count[kind] += number
        self.by_stage[self.stage] += number


def _name(widget: QWidget | None) -> str:
    if widget is None:
        return "-"
    return widget.objectName() or widget.accessibleName() or type(widget).__name__


def targets(editor: Any) -> list[QWidget]:
    return [w for w in editor.focus_chain() if not w.objectName().endswith(
        (":clear", ":remove", ":browse"))]


def next_tab_stop(widget: QWidget, forward: bool = True) -> QWidget:
    """Where Tab (or Shift+Tab) goes from ``widget``."""
    def step_from(at: QWidget) -> QWidget:
        return at.nextInFocusChain() if forward else at.previousInFocusChain()

    step = step_from(widget)
    while step is not widget and not (step.focusPolicy() & Qt.FocusPolicy.TabFocus
                                      and step.isVisible() and step.isEnabled()):
        step = step_from(step)
    return step


def tabs_to(focus: QWidget, wanted: list[QWidget], forward: bool) -> int:
    """How many Tabs (or Shift+Tabs) reach one of ``wanted`` (a large number: never)."""
    at = focus
    for count in range(1, 121):
        at = next_tab_stop(at, forward)
        if at in wanted:
            return count
        if at is focus:
            break
    return 1000


def tab_to(keys: Keys, wanted: list[QWidget], window: Any = None, path: str = "") -> None:
    """Tab to the field (Shift+Tab when it is nearer behind, as the officer sees it on
    the page); F8 instead when it is the next missing answer and not next."""
    focus = QApplication.focusWidget()
    if window is not None and focus not in wanted and hasattr(window, "next_missing_path") \
            and window.next_missing_path() == path \
            and (focus is None or next_tab_stop(focus) not in wanted):
        keys.press(KEY.Key_F8)
    focus = QApplication.focusWidget()
    back = focus is not None and focus not in wanted \
        and tabs_to(focus, wanted, False) < tabs_to(focus, wanted, True)
    for _ in range(120):
        if QApplication.focusWidget() in wanted:
            return
        if QApplication.focusWidget() is None:
            break
        keys.press(KEY.Key_Tab, MOD.ShiftModifier if back else MOD.NoModifier)
        keys.passed.append(_name(QApplication.focusWidget()))
    keys.click(wanted[0])


def settle(window: Any) -> None:
    """What the window shows after a moment (af6d438 revalidated on a 250 ms timer)."""
    timer = getattr(window, "_validate_timer", None)
    if timer is not None and timer.isActive():
        window.revalidate()
    QApplication.processEvents()


def type_date(keys: Keys, line: QWidget, day: date) -> None:
    if isinstance(line, QLineEdit):  # a typed box: day, month and two-digit year
        keys.type(f"{day:%d%m%y}" if 1947 <= day.year <= 2046 else f"{day:%d%m%Y}", "control")
    else:  # a QDateEdit from "Not set": every digit of dd/MM/yyyy
        keys.type(f"{day:%d%m%Y}", "control")


def answer(keys: Keys, window: Any, field: Field, path: str, value: Any) -> None:
    before = keys.actions()
    _answer(keys, window, field, path, value)
    if field.kind not in (FieldKind.PERSON, FieldKind.GROUP):
        keys.note(f"{path} ({field.kind.name})", before)


def _answer(keys: Keys, window: Any, field: Field, path: str, value: Any) -> None:
    if value in (None, "", [], {}) or (field.kind is FieldKind.TICK and value is False):
        return  # left empty (an unticked box)
    editor = window.page.editor(path)
    assert editor is not None, (path, window.current_page_stage())
    if field.kind is FieldKind.PERSON:
        for sub in field.subfields:
            if sub.id in value:
                answer(keys, window, sub, f"{path}.{sub.id}", value[sub.id])
        return
    if field.kind is FieldKind.GROUP:
        for index, item in enumerate(value):
            if index >= len(editor.items):  # (stage 2 starts with stage 1's entries)
                tab_to(keys, [editor.add])
                keys.press(KEY.Key_Space)
                settle(window)
            for sub in field.subfields:
                if sub.id in item:
                    answer(keys, window, sub, f"{path}[{index}].{sub.id}", item[sub.id])
        return
    if editor.value() == value or (field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT)
                                   and editor.value()):
        return  # already there (filled in for the officer, e.g. the closure summary)
    if field.kind is FieldKind.MULTI_CHOICE:
        if "ONE Tab stop" in (sys.modules[type(editor).__module__].__doc__ or ""):
            tab_to(keys, targets(editor))  # the list, then each item's number
            for number, (choice, _box) in enumerate(editor.boxes, start=1):
                if choice in value:
                    keys.press(getattr(KEY, f"Key_{number}"))
        else:  # af6d438: one Tab stop per box
            for choice, box in editor.boxes:
                if choice in value:
                    tab_to(keys, [box])
                    keys.press(KEY.Key_Space)
        settle(window)
        return
    tab_to(keys, targets(editor), window, path)
    widget = keys.focus()
    if field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        keys.type(str(value))
    elif field.kind is FieldKind.OFFENCE:
        keys.type("x" * 6)  # a few words of the offence, then pick it from the list
        editor.pick(value)
        keys.add("control", 2)  # Down, Enter
    elif field.kind is FieldKind.DATE:
        day = date.fromisoformat(value)
        type_date(keys, widget, day)
        if editor.value() != value and not isinstance(widget, QLineEdit):
            # af6d438 read the day against the default year (29/02 became 28/02): the
            # officer notices, goes back to the day (Home) and steps it up (typing it
            # again does not take).
            keys.count["wrong date stored as typed"] += 1
            keys.press(KEY.Key_Home)
            stored = date.fromisoformat(editor.value())
            for _ in range((day - stored).days):
                keys.press(KEY.Key_Up)
    elif field.kind is FieldKind.DATETIME:
        moment = datetime.fromisoformat(value).astimezone(UTC)
        type_date(keys, widget, moment.date())
        keys.press(KEY.Key_Tab)
        keys.type(f"{moment:%H%M}", "control")
    elif field.kind is FieldKind.TICK:
        keys.press(KEY.Key_Y if "Y ticks" in (type(editor).__doc__ or "") else KEY.Key_Space)
    elif field.kind is FieldKind.YES_NO:
        assert isinstance(widget, QRadioButton)
        if "Y or N answers" in (type(editor).__doc__ or ""):
            keys.press(KEY.Key_Y if value else KEY.Key_N)
        elif value:
            keys.press(KEY.Key_Space)
        else:  # af6d438: an arrow to No (or Tab to it), then Space if it is not ticked
            keys.press(KEY.Key_Right)
            if editor.value() is not False:
                if QApplication.focusWidget() is not editor.no:
                    keys.press(KEY.Key_Tab)
                keys.press(KEY.Key_Space)
    elif field.kind is FieldKind.CHOICE:
        assert isinstance(widget, QComboBox)
        for _ in range(widget.findData(value) - widget.currentIndex()):
            keys.press(KEY.Key_Down)
    settle(window)
    got = editor.value()
    if got != value:
        raise AssertionError(f"{path}: wanted {value!r}, the editor holds {got!r}")


def complete(keys: Keys, window: Any) -> None:
    before = keys.actions()
    settle(window)
    assert window.complete_button.isEnabled(), [p.path for p in window.missing.problems]
    if hasattr(window, "complete_by_keyboard"):
        keys.press(KEY.Key_Return, MOD.ControlModifier)
    else:  # af6d438: Alt+C is ambiguous on some pages; one click on the button
        keys.add("click", 1)
        window.complete_button.click()
    settle(window)
    keys.note("complete", before)


def fill_stage(keys: Keys, window: Any, stage: Stage) -> None:
    values = valid_stage_values(stage, "disclose")
    values.pop("contact_at", None)  # stage 1: kept from the New case dialog
    form = form_for(stage)
    keys.stage = stage.name
    if window.page is None or QApplication.focusWidget() is None:
        keys.click(window.stage_list)
    for field in form.fields():
        if field.id in values:
            answer(keys, window, field, field.id, values[field.id])
    complete(keys, window)


def open_case(keys: Keys, session: Any) -> str:
    from ui.account_dialogs import NewCaseDialog

    dialog = NewCaseDialog(session)
    dialog.show()
    dialog.activateWindow()
    QApplication.processEvents()
    keys.add("control", 1)  # Ctrl+N opens the dialog
    if hasattr(dialog, "time_edit"):  # typed boxes: Tab to the time and type it
        dialog.date_edit.setFocus()
        keys.press(KEY.Key_Tab)
        keys.type("0805", "control")
    else:  # a QDateTimeEdit: Tab section by section to the hour
        dialog.when.setFocus()
        dialog.when.setSelectedSection(dialog.when.Section.DaySection)
        for _ in range(3):
            keys.press(KEY.Key_Tab)
        keys.type("0805", "control")
    keys.press(KEY.Key_Return)
    assert dialog.reference is not None, "the case did not open"
    return dialog.reference


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    clock = FixedClock(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "unit.db"
        made = create_unit(db, admin_username="admin", admin_password="it-manager-pass-0001",
                           unit_name="Bench unit", case_prefix="KEY", clock=clock,
                           kdf=FAST_TEST_KDF)
        with login(db, "admin", "it-manager-pass-0001", clock) as admin:
            users.add_user(admin, "sam", "DS Sam Whitlock", Role.SUPERVISOR)
            users.add_user(admin, "olive", "PC Olive Ashdown", Role.OFFICER)
        for name, typed in (("sam", "supervisor-pass-0002"), ("olive", "officer-password-0003")):
            approvals.approve_with_recovery_code(db, made.recovery_code, name, typed, clock)
        from ui.wizard.case_window import CaseWindow

        keys = Keys()
        with login(db, "olive", "officer-password-0003", clock) as officer:
            ref = open_case(keys, officer)
            opened = cases.get_case(officer, ref).contact_at.astimezone(UTC)
            assert (opened.hour, opened.minute) == (8, 5), opened
            window = CaseWindow(officer, ref, autosave_ms=3_600_000)
            window.resize(1346, 700)
            window.show()
            window.activateWindow()
            QApplication.processEvents()
            for stage in Stage:
                if stage is Stage.CLOSURE:
                    break
                fill_stage(keys, window, stage)
                if stage is Stage.DECISION:
                    with login(db, "sam", "supervisor-pass-0002", clock) as sam:
                        case_actions.sign_off(sam, ref, approve=True)
                    watch = getattr(window, "signoff_watch", None)
                    if watch is not None:  # the window looks again a moment later
                        watch.check()
                        QApplication.processEvents()
                    if window.current_page_stage() is Stage.DECISION:
                        keys.press(KEY.Key_F5)  # Reload (af6d438: by hand)
            keys.stage = Stage.CLOSURE.name
            go = window.findChild(QAbstractButton, "closing_continue")
            if go is not None and go.isVisible():
                go.setFocus()
                keys.press(KEY.Key_Space)
            fill_stage(keys, window, Stage.CLOSURE)
            case = cases.get_case(officer, ref)
            assert not case.is_open, "the case did not close"
            window.close()
    del app
    count = keys.count
    actions = count["control"] + count["click"]
    print(f"answer text typed: {count['text']} characters")
    print(f"other keystrokes: {count['control']} (Tab, arrows, Space, Enter, dates, times, "
          f"shortcuts); mouse clicks needed: {count['click']}")
    print(f"actions other than the answers' text: {actions}")
    print(f"all keystrokes and clicks: {actions + count['text']}")
    print("  of which: " + ", ".join(f"{k[4:]} {v}" for k, v in sorted(count.items())
                                      if k.startswith("key ")))
    print(f"dates typed in full that were stored wrong (then corrected): "
          f"{count['wrong date stored as typed']}")
    print("by stage: " + ", ".join(f"{stage} {n}" for stage, n in keys.by_stage.items()))
    if os.environ.get("KEYSTROKES_TRACE"):
        print("\n".join(keys.trace))


if __name__ == "__main__":
    main()


