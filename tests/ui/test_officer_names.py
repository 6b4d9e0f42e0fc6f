"""Officers are shown by name (rank, number, name), the log-in name in the tooltip
(review shots 57, 58): unit cases, sign-off queue, the decision summary, returned banner."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.services import case_actions
from app.services.case_list import list_cases
from app.services.session import Session
from tests.conftest import TestUnit
from tests.ui.conftest import make_view
from tests.unit.case_walk import open_new, walk_to
from ui.supervisor.case_model import OFFICER
from ui.supervisor.view import SIGNOFF
from ui.wizard.case_window import CaseWindow
from ui.wizard.notices import Banner


def _waiting(unit: TestUnit) -> str:
    with unit.officer() as olive:
        ref = open_new(olive).reference
        walk_to(olive, None, ref, Stage.DECISION)
    return ref


def test_the_services_give_the_officer_s_name(unit: TestUnit, sam: Session) -> None:
    ref = _waiting(unit)
    case = next(c for c in list_cases(sam, mine=False) if c.reference == ref)
    assert case.officer == "olive" and case.officer_name == "PC Olive Ashdown"


def test_unit_cases_and_sign_off_queue_show_names(qtbot: QtBot, unit: TestUnit,
                                                  sam: Session) -> None:
    ref = _waiting(unit)
    view = make_view(qtbot, sam)
    model = view.cases.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=2000)
    cell = model.index(0, OFFICER)
    assert model.data(cell) == "PC Olive Ashdown"
    assert "olive" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    view.setCurrentIndex(SIGNOFF)
    tab = view.signoff
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=2000)
    assert tab.model.key(0) == ref
    assert tab.model.text(0, 1) == "PC Olive Ashdown"
    assert "olive" in tab.model.data(tab.model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    text = tab.summary.toPlainText()
    assert "Recorded by PC Olive Ashdown" in text
    assert "Officer on the case: PC Olive Ashdown" in text
    assert "olive." not in text


def test_the_returned_banner_names_the_supervisor(qtbot: QtBot, unit: TestUnit,
                                                  sam: Session) -> None:
    ref = _waiting(unit)
    case_actions.sign_off(sam, ref, False, "Say why the risk is not immediate.")
    with unit.officer() as olive:
        window = CaseWindow(olive, ref)
        qtbot.addWidget(window)
        window.show()
        banner = window.page_scroll.widget().findChild(Banner, "banner_returned")
        assert banner is not None
        assert "DS Sam Whitlock" in banner.text() and "(sam)" not in banner.text()
        window.keeper.stop()
