"""The audit tab folds runs of draft saves into one expandable line and can show only
decisions and disclosures (issue 12 item 9); every row stays in the trail."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.services import cases
from app.services.session import Session
from tests.conftest import TestUnit
from tests.ui.conftest import make_view
from tests.unit.case_walk import open_new, walk_to
from ui.supervisor.view import AUDIT


def _click_box(qtbot: QtBot, box: QCheckBox) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_draft_saves_fold_and_decisions_filter(qtbot: QtBot, unit: TestUnit,
                                               sam: Session) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
        for word in ("one", "two", "three", "four"):  # four draft saves in a row
            cases.save_draft(officer, ref, Stage.FACE_TO_FACE,
                             {"applicant": {"surname": f"Okafor-{word}"}})
    view = make_view(qtbot, sam)
    view.setCurrentIndex(AUDIT)
    tab = view.audit
    tab.case.setFocus()
    qtbot.keyClicks(tab.case, ref)
    qtbot.keyClick(tab.case, Qt.Key.Key_Return)
    model, tree = tab.model, tab.table
    details = [model.text(r, 6) for r in range(model.rowCount())]
    assert "4 drafts of Face to face saved (expand to see each)" in details
    row = details.index("4 drafts of Face to face saved (expand to see each)")
    group = model.index(row, 0)
    assert model.rowCount(group) == 4  # every row kept, under its line
    assert "folded" in tab.count.text()
    tree.setFocus()
    tree.setCurrentIndex(group)
    assert not tree.isExpanded(group)
    qtbot.keyClick(tree, Qt.Key.Key_Right)
    assert tree.isExpanded(group)
    # Decisions and disclosures only: no draft saves left (this case has no decision yet).
    _click_box(qtbot, tab.decisions_only)
    assert tab.decisions_only.isChecked()
    assert all("draft" not in model.text(r, 6) for r in range(model.rowCount()))
    assert "decisions and disclosures" in tab.count.text()
    _click_box(qtbot, tab.decisions_only)
    assert model.rowCount() == len(details)


def test_decision_rows_survive_the_filter(qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_new(officer).reference
        walk_to(officer, supervisor, ref, Stage.OUTCOME)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(AUDIT)
    tab = view.audit
    tab.case.setFocus()
    qtbot.keyClicks(tab.case, ref)
    qtbot.keyClick(tab.case, Qt.Key.Key_Return)
    tab.decisions_only.setFocus()
    qtbot.keyClick(tab.decisions_only, Qt.Key.Key_Space)
    actions = {tab.model.text(r, 3) for r in range(tab.model.rowCount())}
    details = " | ".join(tab.model.text(r, 6) for r in range(tab.model.rowCount()))
    assert "Disclose" in actions
    assert "decision approved" in details and "Decision completed" in details
    assert "draft" not in details


def test_machine_stamps_are_left_to_the_tooltip(qtbot: QtBot, unit: TestUnit,
                                                sam: Session) -> None:
    """A case row's detail reads as a sentence; its [state …] / [record …] stamps (kept
    for csods verify) are in the tooltip, with the detail exactly as recorded."""
    from ui.supervisor.audit_model import DETAIL, readable_detail

    assert readable_detail("logout (by admin, recorded in the key file) [event "
                           + "0f" * 16 + "]") == "logout (by admin, recorded in the key file)"
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
    view = make_view(qtbot, sam)
    view.setCurrentIndex(AUDIT)
    tab = view.audit
    tab.case.setFocus()
    qtbot.keyClicks(tab.case, ref)
    qtbot.keyClick(tab.case, Qt.Key.Key_Return)
    model = tab.model
    items = [model.item(r, DETAIL) for r in range(model.rowCount())]
    shown = [item.text() for item in items]
    assert "Initial contact completed" in shown
    assert not any("[state" in text or "[record" in text for text in shown)
    completed = items[shown.index("Initial contact completed")]
    assert "[state status=open stage=2" in completed.toolTip()
    assert "[record stage=1 sha256=" in completed.toolTip()



def test_one_folded_draft_save_reads_as_english(qtbot: QtBot, unit: TestUnit,
                                                sam: Session) -> None:
    """'1 draft saves folded' was seen in a real window: two saves fold one away."""
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
        for word in ("one", "two"):
            cases.save_draft(officer, ref, Stage.FACE_TO_FACE,
                             {"applicant": {"surname": f"Okafor-{word}"}})
    view = make_view(qtbot, sam)
    view.setCurrentIndex(AUDIT)
    tab = view.audit
    tab.case.setFocus()
    qtbot.keyClicks(tab.case, ref)
    qtbot.keyClick(tab.case, Qt.Key.Key_Return)
    assert "1 more draft save folded into the first of each run" in tab.count.text()
