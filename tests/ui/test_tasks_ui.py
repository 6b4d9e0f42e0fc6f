"""Tasks and reminders on screen (issue 15 item 1): My tasks under the case list with
the overdue notice at sign-in, the case window's Tasks dialog (add by typing, change,
complete, take a reminder with one click, refusals kept on screen), and the
supervisors' Open tasks tab."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTreeWidget
from pytestqt.qtbot import QtBot

from app.services import referrals, tasks
from app.services.session import Session
from tests.conftest import OFFICER_PW, SUPERVISOR_PW, TestUnit
from tests.ui.case_window_support import shown_case_window
from tests.ui.conftest import FakeCaseWindow, message_texts, sign_in
from tests.unit.case_walk import open_new
from ui.shell import Shell
from ui.supervisor.view import TASKS
from ui.wizard.case_window import CaseWindow
from ui.wizard.tasks_panel import TaskEditor, TasksDialog

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # the test clock (09:30 in London)


def _heads(tree: QTreeWidget) -> list[str]:
    return [item.text(0) for item in
            (tree.topLevelItem(i) for i in range(tree.topLevelItemCount())) if item]


def _rows(tree: QTreeWidget) -> list[list[str]]:
    out = []
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        assert item is not None
        out.append([item.text(c) for c in range(tree.columnCount())])
    return out


def _olive_tasks(unit: TestUnit) -> str:
    with unit.officer() as olive:
        ref = open_new(olive, NOW - timedelta(hours=3)).reference
        tasks.add_task(olive, ref, "Call the applicant back", NOW - timedelta(hours=1), "olive")
        tasks.add_task(olive, ref, "Chase MASH referral", NOW + timedelta(hours=5), "olive")
        tasks.add_task(olive, ref, "Book MAPPA slot", NOW + timedelta(days=3), "olive")
        tasks.add_task(olive, ref, "Ask supervisor", NOW + timedelta(days=3), "sam")
    return ref


def test_my_tasks_at_sign_in(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    ref = _olive_tasks(unit)
    sign_in(shell, "olive", OFFICER_PW)
    window = shell.main_window
    assert window is not None and window.tasks_view is not None
    view = window.tasks_view
    assert view.isVisibleTo(window)  # under the case list, on the home screen
    assert _heads(view.tree) == ["Overdue (1)", "Today (1)", "This week (1)"]
    overdue = view.tree.topLevelItem(0)
    assert overdue is not None and overdue.child(0) is not None
    first = overdue.child(0)
    assert first.text(1) == ref and first.text(2) == "Call the applicant back"
    assert first.text(0).endswith("— overdue")
    assert first.foreground(0).color().name() == "#7a0000"
    # The sign-in notice: a banner over the list and the status bar.
    assert view.banner.isVisibleTo(window)
    assert view.banner.text() == "You have 1 overdue task."
    assert window.statusBar().currentMessage() == "You have 1 overdue task. See My tasks."
    window.resize(1366, 768)
    QApplication.processEvents()
    window.grab().save("/tmp/q-tasks.png")
    assert "1 overdue" in view.count.text()
    # Enter on the selected task opens its case.
    view.tree.setFocus()
    assert view.current_task() is not None
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert [w.reference for w in FakeCaseWindow.instances] == [ref]
    # Mark done completes it (audited) and the notice goes.
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    assert _heads(view.tree) == ["Overdue (0)", "Today (1)", "This week (1)"]
    assert not view.banner.isVisibleTo(window)
    assert window.statusBar().currentMessage() == ""
    with unit.officer() as olive:
        done = [t for t in tasks.case_tasks(olive, ref).tasks if t.done]
        assert [t.note for t in done] == ["Call the applicant back"]


def test_no_notice_when_nothing_is_overdue(qtbot: QtBot, unit: TestUnit,
                                           shell: Shell) -> None:
    sign_in(shell, "olive", OFFICER_PW)
    window = shell.main_window
    assert window is not None and window.tasks_view is not None
    assert not window.tasks_view.banner.isVisibleTo(window)
    assert "0 open tasks" in window.tasks_view.count.text()
    assert not window.tasks_view.open_button.isEnabled()


def test_unit_tasks_tab_for_supervisors(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    ref = _olive_tasks(unit)
    sign_in(shell, "sam", SUPERVISOR_PW)
    window = shell.main_window
    assert window is not None and window.supervisor_view is not None
    view = window.supervisor_view
    view.setCurrentIndex(TASKS)
    tab = view.unit_tasks
    assert view.tabText(TASKS) == "Open tasks"
    assert _heads(tab.tree) == ["Overdue (1)", "Today (1)", "This week (2)"]
    week = tab.tree.topLevelItem(2)
    assert week is not None
    owners = sorted(week.child(i).text(3) for i in range(week.childCount()))
    assert owners == ["DS Sam Whitlock", "PC Olive Ashdown"]
    assert not tab.done_button.isVisibleTo(view)  # the unit list is for looking
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_Return)
    assert [w.reference for w in FakeCaseWindow.instances] == [ref]
    # Sam's own task is in Sam's My tasks too.
    assert window.tasks_view is not None
    assert [t.note for t in window.tasks_view.tasks] == ["Ask supervisor"]


def _panel(qtbot: QtBot, window: CaseWindow) -> TasksDialog:
    qtbot.mouseClick(window.tasks_button, Qt.MouseButton.LeftButton)
    panel = window.findChild(TasksDialog)
    assert isinstance(panel, TasksDialog) and panel.isVisible()
    return panel


def _save(qtbot: QtBot, editor: TaskEditor) -> None:
    box = editor.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Save)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_add_change_and_complete_in_the_case_window(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer, NOW - timedelta(hours=3)).reference
    window = shown_case_window(qtbot, officer, ref)
    changes: list[str] = []
    window.case_changed.connect(changes.append)
    panel = _panel(qtbot, window)
    assert _rows(panel.list) == []
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    editor = panel.editor
    assert editor is not None and editor.isVisible()
    _save(qtbot, editor)  # nothing typed: refused, the dialog stays with a reason
    assert editor.isVisible()
    assert any("Say what the task is" in t for t in message_texts(editor))
    qtbot.keyClicks(editor.note, "Call the applicant back")
    editor.due.setFocus()
    editor.due.selectAll()
    qtbot.keyClicks(editor.due, "03/03/2026")  # typed date and time, each in its box
    qtbot.keyClick(editor.due, Qt.Key.Key_Tab)
    assert editor.focusWidget() is editor.due_time
    editor.due_time.selectAll()
    qtbot.keyClicks(editor.due_time, "1400")
    assert editor.owner.currentData() == "olive"
    _save(qtbot, editor)
    assert not editor.isVisible()
    [row] = _rows(panel.list)
    assert row == ["Tue 03 Mar 2026 14:00", "Call the applicant back", "PC Olive Ashdown",
                   "Open"]
    assert changes == [ref]
    # Change it: Enter… double-click opens the editor with what was recorded.
    editor2 = panel.edit_current()
    assert editor2 is not None and editor2.note.text() == "Call the applicant back"
    editor2.note.selectAll()
    qtbot.keyClicks(editor2.note, "Call back after 4pm")
    _save(qtbot, editor2)
    assert _rows(panel.list)[0][1] == "Call back after 4pm"
    # Complete it.
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    [done] = _rows(panel.list)
    assert done[3] == "Done 02 Mar 2026 09:30 by olive"
    assert not panel.done_button.isEnabled() and not panel.edit_button.isEnabled()
    audit = [str(r[0]) for r in officer.conn.execute(
        "SELECT detail FROM audit WHERE case_ref = ? AND detail LIKE 'task%'", (ref,))]
    assert audit == ["task added", "task changed", "task completed"]


def test_take_a_reminder_with_one_click(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer, NOW - timedelta(hours=3)).reference
    referrals.add_referral(officer, ref, {"agency": "mash", "sent_on": "2026-03-01",
                                          "chase_by": "2026-03-05"})
    window = shown_case_window(qtbot, officer, ref)
    panel = _panel(qtbot, window)
    offered = [r[1] for r in _rows(panel.suggestions)]
    assert any("scheme deadline" in n for n in offered)
    chase = next(i for i, n in enumerate(offered) if n.startswith("Chase referral"))
    panel.suggestions.setCurrentItem(panel.suggestions.topLevelItem(chase))
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    [row] = _rows(panel.list)
    assert row[0] == "Thu 05 Mar 2026 09:00" and row[1].startswith("Chase referral")
    assert len(_rows(panel.suggestions)) == len(offered) - 1
    panel.grab().save("/tmp/q-case-tasks.png")


def test_a_case_not_yours_cannot_be_changed(qtbot: QtBot, unit: TestUnit,
                                            officer: Session) -> None:
    ref = open_new(officer, NOW - timedelta(hours=3)).reference
    tasks.add_task(officer, ref, "Call back", NOW, "olive")
    with unit.supervisor() as sam:
        window = shown_case_window(qtbot, sam, ref)
        panel = _panel(qtbot, window)
        assert len(_rows(panel.list)) == 1
        assert not panel.add_button.isEnabled()
        assert not panel.done_button.isEnabled()
        assert not panel.accept_button.isEnabled()
        window.close()
