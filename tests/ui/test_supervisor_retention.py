"""Supervisor view: retention reviews (retain, dispose with the typed reference), the
retention period, and an officer refused the whole view."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from pytestqt.qtbot import QtBot

from app.domain.enums import AuditAction
from app.services import retention, unit_verify
from app.services.session import Session
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.conftest import TestUnit
from tests.ui.conftest import make_view, message_texts, type_over
from tests.ui.task_support import wait_for_task
from tests.unit.raw_db import raw_connection
from tests.unit.test_supervision_services import _closed_case
from ui.supervisor.dialogs import DisposeDialog, RetainDialog
from ui.supervisor.view import AUDIT, CASES, RETENTION


@pytest.fixture
def due(unit: TestUnit) -> Iterator[tuple[Session, str]]:
    """A closed case, with the clock moved past its 10-year review date."""
    ref = _closed_case(unit)
    unit.clock.set(datetime(2036, 3, 3, 10, tzinfo=UTC))
    session = unit.supervisor()
    yield session, ref
    session.close()


def test_dispose_needs_the_typed_reference_and_a_reason(qtbot: QtBot, unit: TestUnit,
                                                        due: tuple[Session, str]) -> None:
    sam, ref = due
    view = make_view(qtbot, sam)
    view.setCurrentIndex(RETENTION)
    tab = view.retention
    assert [tab.model.key(r) for r in range(tab.model.rowCount())] == [ref]
    assert tab.years.value() == 10
    dialog = tab.dispose_selected()
    assert isinstance(dialog, DisposeDialog) and dialog.isVisible()
    assert "cannot be undone" in dialog.intro.text()
    dialog.justification.setPlainText("Review: no further policing purpose.")
    dialog.typed.setText(ref[:-1])  # not quite the reference
    assert not dialog.ok_button.isEnabled()
    dialog.accept()  # Enter with the button disabled does nothing
    assert dialog.isVisible() and retention.reviews_due(sam) != []
    dialog.typed.setText(ref.lower())
    assert not dialog.ok_button.isEnabled()
    dialog.justification.clear()
    dialog.typed.setText(ref)
    assert not dialog.ok_button.isEnabled()  # the reason is required too
    dialog.justification.setPlainText("Review: no further policing purpose.")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    wait_for_task(qtbot)
    assert not dialog.isVisible()
    assert tab.model.rowCount() == 0 and "No closed case" in tab.heading.text()
    assert any("has been erased" in t for t in message_texts(tab))
    erased = audit_repo.search(sam.conn, AuditQuery(action=AuditAction.ERASE))
    assert erased[0].case_ref == ref
    assert erased[0].justification == "Review: no further policing purpose."
    assert unit_verify.verify(sam).ok
    # The case list no longer shows the disposed case.
    assert view.cases.model.rowCount() == 0
    key = sam.db_key
    conn = raw_connection(unit.db, key)
    people = conn.execute("SELECT count(*) FROM case_people").fetchone()[0]
    records = conn.execute("SELECT count(*) FROM stage_records").fetchone()[0]
    conn.close()
    assert (people, records) == (0, 0)


def test_retain_until_a_later_review(qtbot: QtBot, unit: TestUnit,
                                     due: tuple[Session, str]) -> None:
    sam, ref = due
    view = make_view(qtbot, sam)
    view.setCurrentIndex(RETENTION)
    tab = view.retention
    dialog = tab.retain_selected()
    assert isinstance(dialog, RetainDialog)
    assert not dialog.ok_button.isEnabled()  # a note is required
    type_over(qtbot, dialog.until, "3/3/38")
    assert dialog.until.value() == date(2038, 3, 3)
    dialog.note.setPlainText("Subject still of interest to the MAPPA panel.")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert tab.model.rowCount() == 0
    type_over(qtbot, tab.on, "03032038")
    assert tab.load()
    assert tab.model.key(0) == ref and tab.model.text(0, 4) == "1"


def test_retention_period_setting(qtbot: QtBot, unit: TestUnit,
                                  due: tuple[Session, str]) -> None:
    sam, _ref = due
    view = make_view(qtbot, sam)
    view.setCurrentIndex(RETENTION)
    tab = view.retention
    tab.years.setValue(12)
    tab.save_years.click()
    assert retention.retention_years(sam) == 12
    assert tab.model.rowCount() == 0  # 12 years after a 2025 closure is not yet due
    assert any("12 years" in t for t in message_texts(tab))


def test_officer_cannot_use_the_supervisor_view(qtbot: QtBot, unit: TestUnit) -> None:
    with unit.officer() as olive:
        view = make_view(qtbot, olive)
        assert view.refusal == "Your role (officer) may not view every case in the unit."
        assert view.cases.problem.isVisible()
        assert view.cases.model.rowCount() == 0
        assert not any(view.isTabEnabled(i) for i in range(1, view.count()))
        # Each tab's service refuses too, in plain words.
        assert not view.load_tab(AUDIT)
        assert view.audit.problem.text() == "Your role (officer) may not view the audit trail."
        assert not view.load_tab(RETENTION)
        assert "may not carry out retention reviews" in view.retention.problem.text()
        refused = audit_repo.search(olive.conn, AuditQuery(action=AuditAction.REFUSED))
        assert len(refused) >= 3
        assert view.currentIndex() == CASES


def test_early_disposal_says_so_and_needs_the_box_ticked(qtbot: QtBot, unit: TestUnit) -> None:
    """#13 item 9: a case shown by asking for reviews due later is not yet due; the
    dialog says so plainly and refuses until the supervisor confirms it is early."""
    ref = _closed_case(unit)
    with unit.supervisor() as sam:
        view = make_view(qtbot, sam)
        view.setCurrentIndex(RETENTION)
        tab = view.retention
        type_over(qtbot, tab.on, "01/01/2040")
        assert tab.load() and tab.model.key(0) == ref
        dialog = tab.dispose_selected()
        assert isinstance(dialog, DisposeDialog) and dialog.early is not None
        assert "before its review date" in dialog.intro.text()
        assert "not due for review until" in dialog.intro.text()
        dialog.justification.setPlainText("Opened in error: a duplicate of another case.")
        dialog.typed.setText(ref)
        assert not dialog.ok_button.isEnabled()  # not until the early box is ticked
        dialog.early_box.setChecked(True)
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()
        wait_for_task(qtbot)
        assert not dialog.isVisible()
        erased = audit_repo.search(sam.conn, AuditQuery(action=AuditAction.ERASE))
        assert "before its review date" in (erased[0].detail or "")
        assert erased[0].justification == "Opened in error: a duplicate of another case."


def test_a_refused_disposal_is_said_in_the_dialog_and_keeps_what_was_typed(
        qtbot: QtBot, unit: TestUnit, due: tuple[Session, str]) -> None:
    sam, ref = due
    view = make_view(qtbot, sam)
    view.setCurrentIndex(RETENTION)
    dialog = view.retention.dispose_selected()
    assert isinstance(dialog, DisposeDialog)
    reason = "Review: no further policing purpose."
    dialog.justification.setPlainText(reason)
    dialog.typed.setText(ref)
    retention.dispose(sam, ref, "Disposed of meanwhile at another workstation.")
    dialog.ok_button.click()  # the erasure runs off the GUI thread, and is refused
    wait_for_task(qtbot)
    assert dialog.isVisible()
    assert dialog.message.text() == ("Only closed cases that still hold their records can "
                                     "be disposed of.")
    assert dialog.justification.toPlainText() == reason and dialog.typed.text() == ref
    assert message_texts(dialog) == []  # in the dialog's own line, not a message box
