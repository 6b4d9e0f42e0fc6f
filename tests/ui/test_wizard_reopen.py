"""A supervisor can reopen a closed case from its window; an officer cannot."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.domain.enums import AuditAction, Route, Stage
from app.services import case_actions, cases
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new
from ui.wizard.case_window import CaseWindow
from ui.wizard.reopen_dialog import ReopenDialog


def _closed_case(unit: TestUnit) -> str:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        case = case_actions.close_early(officer, ref, Route.WITHDRAWN, "Withdrawn by phone.")
        closure = case.values(Stage.CLOSURE)
        closure.update(intel_report_ref="INT/7", intel_report_date="2025-03-10")
        cases.complete_stage(officer, ref, Stage.CLOSURE, closure)
    return ref


def test_supervisor_reopens_a_closed_case(qtbot: QtBot, unit: TestUnit) -> None:
    ref = _closed_case(unit)
    with unit.supervisor() as sam:
        window = CaseWindow(sam, ref)
        qtbot.addWidget(window)
        window.show()
        assert window.reopen_button.isVisible()
        dialog = window.open_reopen()
        assert isinstance(dialog, ReopenDialog)
        assert not dialog.ok.isEnabled()  # a reason is required
        dialog.reason.setPlainText("Applicant called back with new information.")
        dialog.ok.click()
        assert window.case.is_open and window.case.current_stage is Stage.CLOSURE
        assert not window.reopen_button.isVisible()
        rows = audit_repo.search(sam.conn, AuditQuery(case_ref=ref, action=AuditAction.ALTER))
        assert any("reopened" in (r.detail or "") for r in rows)
        window.close()


def test_officer_sees_no_reopen(qtbot: QtBot, unit: TestUnit) -> None:
    ref = _closed_case(unit)
    with unit.officer() as olive:
        window = CaseWindow(olive, ref)
        qtbot.addWidget(window)
        window.show()
        assert not window.reopen_button.isVisible()
        window.close()


def test_supervisor_views_an_unassigned_case_read_only(qtbot: QtBot, unit: TestUnit) -> None:
    import pytest

    from app.errors import NotAuthorised
    from tests.unit.case_walk import values

    with unit.officer() as officer:
        ref = open_new(officer).reference
    with unit.supervisor() as sam:
        with pytest.raises(NotAuthorised, match="assign it to themselves"):
            cases.save_draft(sam, ref, Stage.INITIAL_CONTACT, {"reason": "x"})
        window = CaseWindow(sam, ref)
        qtbot.addWidget(window)
        window.show()
        assert not window.editable and not window.extend_button.isEnabled()
        assert window.risk_button.isEnabled()  # anyone who sees a risk may record it
        assert "assign it to yourself" in window.statusBar().currentMessage()
        window.close()
        case_actions.assign(sam, ref, "sam")
        cases.save_draft(sam, ref, Stage.INITIAL_CONTACT, values(Stage.INITIAL_CONTACT))
        window = CaseWindow(sam, ref)
        qtbot.addWidget(window)
        window.show()
        assert window.editable
        window.close()
