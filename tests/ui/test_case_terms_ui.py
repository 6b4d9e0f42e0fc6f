""""Right to ask" / "right to know" are 2023 terms known from secondary sources only
(2023 police guidance digest §2.0, evidence [S]); the 2010 circular speaks of a
disclosure application (¶5.1) and of police-initiated disclosure (¶2.6, 5). Review
shots 07, 60, 62: the New case dialog, the unit figures and the annual return showed
the terms without saying where they come from."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.domain.case_terms import RIGHT_TO_ASK_NOTE, RIGHT_TO_KNOW_NOTE
from app.services.session import Session
from tests.conftest import TestUnit
from tests.ui.conftest import make_view, type_over
from tests.ui.task_support import wait_for_task
from ui.account_dialogs import NewCaseDialog
from ui.supervisor.view import ANNUAL, FIGURES

DIGEST = "2023 police guidance digest §2.0, evidence [S]"


def test_notes_cite_the_digest_and_keep_the_2010_wording_2_6_5_1() -> None:
    assert DIGEST in RIGHT_TO_ASK_NOTE and "disclosure application" in RIGHT_TO_ASK_NOTE
    assert "¶5.1" in RIGHT_TO_ASK_NOTE
    assert DIGEST in RIGHT_TO_KNOW_NOTE and "police-initiated disclosure" in RIGHT_TO_KNOW_NOTE
    assert "¶2.6" in RIGHT_TO_KNOW_NOTE


def test_new_case_dialog_says_where_the_terms_come_from(qtbot: QtBot,
                                                        officer: Session) -> None:
    dialog = NewCaseDialog(officer)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Disclosure" in dialog.application.text()
    assert "right to ask" in dialog.application.text()
    assert "Police-initiated disclosure" in dialog.right_to_know.text()
    assert "right to" in dialog.right_to_know.text()
    assert DIGEST in dialog.explain.text() and "Right to ask" in dialog.explain.text()
    radio = dialog.right_to_know
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()
    assert DIGEST in dialog.explain.text() and "Right to know" in dialog.explain.text()
    assert "no applicant" in dialog.explain.text()


def test_figures_and_annual_return_rows_cite_the_digest(qtbot: QtBot, unit: TestUnit,
                                                        sam: Session) -> None:
    from app.services.right_to_know import open_right_to_know
    from tests.unit.test_right_to_know import STARTED, opening

    with unit.officer() as officer:
        open_right_to_know(officer, opening(
            rtk_started_at=(STARTED + timedelta(days=1)).isoformat()))
    view = make_view(qtbot, sam)
    view.setCurrentIndex(FIGURES)
    wait_for_task(qtbot)  # showing the tab loads it, off the GUI thread
    tab = view.figures
    assert tab.load()
    wait_for_task(qtbot)
    table = tab.table
    tips = {table.verticalHeaderItem(r).text(): table.verticalHeaderItem(r).toolTip()
            for r in range(table.rowCount())}
    rtk_rows = [label for label in tips if label.lower().startswith("right to know")]
    assert rtk_rows and all(tips[label] == RIGHT_TO_KNOW_NOTE for label in rtk_rows)
    assert tips["Initial contacts"] == ""  # only the 2023 terms carry the note
    view.setCurrentIndex(ANNUAL)
    wait_for_task(qtbot)
    annual = view.annual
    type_over(qtbot, annual.year, "2025/26")  # financial year 2025/26 holds February 2026
    assert annual.load()
    wait_for_task(qtbot)
    rows = {annual.table.item(r, 0).text(): annual.table.item(r, 0).toolTip()
            for r in range(annual.table.rowCount()) if annual.table.item(r, 0)}
    assert rows["Right to know (police-initiated) cases"] == RIGHT_TO_KNOW_NOTE
