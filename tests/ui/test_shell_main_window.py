"""Main window: what each role sees, search, new and open case, account menu."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.domain.timescales import LONDON
from app.services import cases
from app.services.case_file import load_case
from tests.conftest import ADMIN_PW, OFFICER2_PW, OFFICER_PW, SUPERVISOR_PW, TestUnit
from tests.ui.conftest import FakeCaseWindow, message_texts, sign_in
from tests.unit.case_walk import open_new, values
from ui.account_dialogs import ChangePasswordDialog, NewCaseDialog
from ui.case_table_model import APPLICANT, FLAGS, STATE
from ui.main_window import MainWindow
from ui.shell import Shell


def _main(shell: Shell) -> MainWindow:
    assert shell.main_window is not None
    return shell.main_window


def test_administrator_sees_administration_not_cases(qtbot: QtBot, shell: Shell) -> None:
    sign_in(shell, "admin", ADMIN_PW)
    window = _main(shell)
    assert window.cases_view is None and window.admin_view is not None
    assert window.admin_view.isVisible()
    names = [a.username for a in window.admin_view.accounts]
    assert sorted(names) == ["admin", "olive", "owen", "sam"]
    assert "Administration" in window.windowTitle()
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Cases" not in menus


def test_officer_cannot_see_administration(qtbot: QtBot, shell: Shell) -> None:
    sign_in(shell, "olive", OFFICER_PW)
    window = _main(shell)
    assert window.admin_view is None and window.cases_view is not None
    assert not window.cases_view.all_cases.isVisibleTo(window)  # no unit-wide toggle either


def test_search_filters_the_table(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    with unit.officer() as olive:
        named = open_new(olive).reference
        cases.save_draft(olive, named, Stage.INITIAL_CONTACT, values(Stage.INITIAL_CONTACT))
        other = open_new(olive).reference
    sign_in(shell, "olive", OFFICER_PW)
    view = _main(shell).cases_view
    assert view is not None
    assert set(view.model.references()) == {named, other}
    qtbot.keyClicks(view.search, "okafor")
    qtbot.waitUntil(lambda: view.model.references() == [named], timeout=2000)
    assert view.model.index(0, APPLICANT).data() == "Okafor"
    assert view.count.text() == "1 case found"
    view.search.clear()
    qtbot.waitUntil(lambda: len(view.model.references()) == 2, timeout=2000)
    view.search.setText(other)
    qtbot.keyClick(view.search, Qt.Key.Key_Return)  # Enter searches at once
    assert view.model.references() == [other]


def test_deadline_state_is_text_and_colour_and_flags_are_words(
        qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    from app.services import case_actions
    from tests.unit.form_examples import valid_immediate_risk_values

    with unit.officer() as olive:
        ref = open_new(olive).reference
        case_actions.record_immediate_risk(olive, ref, valid_immediate_risk_values())
    sign_in(shell, "olive", OFFICER_PW)
    view = _main(shell).cases_view
    assert view is not None
    state = view.model.index(0, STATE)
    assert state.data() == "Overdue"  # contact in 2025, clock in 2026
    assert state.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "Immediate risk" in view.model.index(0, FLAGS).data()


def test_supervisor_has_my_cases_and_the_unit_view(
        qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    with unit.officer2() as owen:
        theirs = open_new(owen).reference
    sign_in(shell, "sam", SUPERVISOR_PW)
    window = _main(shell)
    view = window.cases_view
    assert view is not None and not view.all_cases.isVisibleTo(window)
    assert view.model.references() == []  # nothing of sam's own
    assert window.workspace is not None and window.supervisor_view is not None
    assert window.workspace.currentWidget() is window.supervisor_view  # starts on the unit
    unit_cases = window.supervisor_view.widget(0)
    qtbot.waitUntil(lambda: unit_cases.model.rowCount() == 1)  # type: ignore[attr-defined]
    menus = [a.text() for a in window.menuBar().actions()]
    assert "Super&visor" in menus
    window.workspace.setCurrentWidget(view)
    assert window.selected_reference() is None
    assert theirs

def test_supervisor_sign_off_in_the_main_window_refreshes_without_a_fault(
        qtbot: QtBot, unit: TestUnit, shell: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    # Seen in the demo: approving a decision showed "Something went wrong" (a TypeError:
    # the unit view's case_list_changed() has no argument, the main window's slot wanted one).
    from tests.unit.case_walk import walk_to
    from ui.supervisor import common

    with unit.officer() as olive:
        ref = open_new(olive).reference
        walk_to(olive, None, ref, Stage.DECISION)
    sign_in(shell, "sam", SUPERVISOR_PW)
    window = _main(shell)
    assert window.supervisor_view is not None
    refreshed: list[bool] = []
    monkeypatch.setattr(window, "refresh", lambda: refreshed.append(True))
    monkeypatch.setattr(common, "confirm", lambda *args: True)
    queue = window.supervisor_view.signoff
    window.supervisor_view.setCurrentWidget(queue)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1)
    queue.select(ref)
    queue.approve()  # pytest-qt fails the test on an exception raised in a slot
    assert refreshed
    with unit.officer() as olive:
        assert load_case(olive, ref).signoff == "approved"


def test_new_case_flow_opens_a_case_window(
        qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    sign_in(shell, "olive", OFFICER_PW)
    window = _main(shell)
    window.new_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, NewCaseDialog) and dialog.isVisible()
    # Defaults to now (UK time); the officer types over the time.
    now = unit.clock.now().astimezone(LONDON)
    assert dialog.contact_at() == now.replace(second=0, microsecond=0)
    earlier = unit.clock.now() - timedelta(hours=3)
    typed = earlier.astimezone(LONDON)
    dialog.date_edit.selectAll()
    qtbot.keyClicks(dialog.date_edit, f"{typed:%d/%m/%Y}")
    dialog.time_edit.selectAll()
    qtbot.keyClicks(dialog.time_edit, f"{typed:%H%M}")
    dialog.accept()
    assert dialog.reference is not None and not dialog.isVisible()
    opened = FakeCaseWindow.instances[-1]
    assert opened.reference == dialog.reference and opened.isVisible()
    assert window.cases_view is not None
    assert window.cases_view.model.references() == [dialog.reference]
    with unit.officer() as olive:
        case = load_case(olive, dialog.reference)
    assert case.contact_at == earlier.replace(second=0, microsecond=0)


def test_open_by_enter_and_double_click(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    with unit.officer() as olive:
        ref = open_new(olive).reference
    sign_in(shell, "olive", OFFICER_PW)
    view = _main(shell).cases_view
    assert view is not None
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert shell.case_windows.references() == [ref]
    FakeCaseWindow.instances[-1].close()
    assert shell.case_windows.references() == []
    view.open_button.click()
    assert shell.case_windows.references() == [ref]
    assert len(FakeCaseWindow.instances) == 2


def test_open_refused_by_the_service_is_a_sentence(
        qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    with unit.officer2() as owen:
        ref = open_new(owen).reference
    sign_in(shell, "olive", OFFICER_PW)
    window = _main(shell)

    def refuse(session: object, reference: str) -> FakeCaseWindow:
        from app.errors import NotAuthorised

        raise NotAuthorised("officer", "work on this case")

    shell.case_windows.factory = refuse
    assert not window.open_case(ref)
    assert message_texts(window) == ["Your role (officer) may not work on this case."]


def test_change_password(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    sign_in(shell, "owen", OFFICER2_PW)
    window = _main(shell)
    window.change_password()
    dialog = window.dialog
    assert isinstance(dialog, ChangePasswordDialog)
    dialog.current.setText("this-is-not-it-at-all")
    dialog.new.setText("a brand new passphrase")
    dialog.confirm.setText("a brand new passphrase")
    dialog.accept()
    assert dialog.isVisible() and "current password is not right" in dialog.message.text()
    assert dialog.new.text() == "a brand new passphrase"  # input kept
    dialog.current.setText(OFFICER2_PW)
    dialog.confirm.setText("something else entirely")
    dialog.accept()
    assert dialog.message.text() == "The two new passwords are not the same."
    dialog.confirm.setText("a brand new passphrase")
    dialog.accept()
    assert not dialog.isVisible()
    unit.login("owen", "a brand new passphrase").close()


def test_about_shows_version_path_and_unit(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    sign_in(shell, "olive", OFFICER_PW)
    window = _main(shell)
    window.about()
    text = message_texts(window)[0]
    assert "Version" in text and str(unit.db) in text and "Test Public Protection Unit" in text


def _mnemonics(window: MainWindow) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    texts = [a.text() for a in window.menuBar().actions()]
    texts += [w.text() for w in window.findChildren(QAbstractButton) + window.findChildren(QLabel)
              if "&" in w.text() and w.isVisibleTo(window)]
    return [t[t.index("&") + 1].lower() for t in texts if "&" in t]


@pytest.mark.parametrize(("user", "password"), [("sam", SUPERVISOR_PW), ("admin", ADMIN_PW)])
def test_menu_has_mnemonics_and_lock_shortcut(qtbot: QtBot, shell: Shell, user: str,
                                              password: str) -> None:
    sign_in(shell, user, password)
    window = _main(shell)
    keys = _mnemonics(window)
    assert len(keys) >= 5 and len(keys) == len(set(keys)), sorted(keys)  # one Alt+letter, one thing
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    # ... from every window, case windows included.
    assert window.lock_action.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut


def test_quit_logs_out_and_finishes(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    sign_in(shell, "olive", OFFICER_PW)
    window = _main(shell)
    with qtbot.waitSignal(shell.finished, timeout=1000):
        window.close()  # the window's close button
    assert shell.session is None and shell.main_window is None
