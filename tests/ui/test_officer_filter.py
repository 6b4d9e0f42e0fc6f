"""The unit case list's Officer filter names officers as the list does ("PC Olive
Ashdown"), the log-in name in the tooltip, and still filters by the account; two people
with one name are told apart by log-in name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from app.domain.enums import Role
from app.services.session import Session
from tests.conftest import TestUnit
from tests.ui.conftest import make_view
from tests.unit.case_walk import open_new
from ui.supervisor import SupervisorView
from ui.supervisor.case_model import OFFICER

OFFICER3_PW = "officer-password-0005"


def _items(box: QComboBox) -> list[str]:
    return [box.itemText(i) for i in range(box.count())]


def _refs(view: SupervisorView) -> list[str]:
    model = view.cases.model
    return [str(model.reference_at(r)) for r in range(model.rowCount())]


def _choose_by_keyboard(qtbot: QtBot, box: QComboBox, text: str) -> None:
    box.setFocus()
    while box.currentText() != text:
        before = box.currentIndex()
        qtbot.keyClick(box, Qt.Key.Key_Down)
        assert box.currentIndex() != before, f"{text!r} is not offered"


def test_officers_are_listed_by_name_and_filter_by_account(qtbot: QtBot, unit: TestUnit,
                                                           sam: Session) -> None:
    with unit.officer() as olive:
        olives = open_new(olive).reference
    with unit.officer2() as owen:
        owens = open_new(owen).reference
    view = make_view(qtbot, sam)
    box = view.cases.officer
    assert _items(box) == ["Any", "PC Olive Ashdown", "PC Owen Pryce", "DS Sam Whitlock"]
    assert not any(name in _items(box) for name in ("olive", "owen", "sam"))
    owen_at = box.findText("PC Owen Pryce")
    assert box.itemData(owen_at) == "owen"
    assert box.itemData(owen_at, Qt.ItemDataRole.ToolTipRole) == "Log-in name owen"
    _choose_by_keyboard(qtbot, box, "PC Owen Pryce")
    assert _refs(view) == [owens]
    assert view.cases.current_query().officer == "owen"
    _choose_by_keyboard(qtbot, box, "DS Sam Whitlock")
    assert _refs(view) == []
    box.setCurrentIndex(box.findText("PC Olive Ashdown"))
    assert _refs(view) == [olives]
    view.load_people()  # reloading the people keeps the officer chosen
    assert box.currentText() == "PC Olive Ashdown" and _refs(view) == [olives]
    # The list's Officer column has room for the name the filter offers.
    table = view.cases.table
    needed = table.fontMetrics().horizontalAdvance("PC Olive Ashdown")
    assert table.horizontalHeader().sectionSize(OFFICER) > needed


def test_two_officers_of_one_name_are_told_apart(qtbot: QtBot, unit: TestUnit,
                                                 sam: Session) -> None:
    unit.add_account("oashdown", "PC Olive Ashdown", Role.OFFICER, OFFICER3_PW)
    with unit.officer() as olive:
        olives = open_new(olive).reference
    view = make_view(qtbot, sam)
    box = view.cases.officer
    assert "PC Olive Ashdown (olive)" in _items(box)
    assert "PC Olive Ashdown (oashdown)" in _items(box)
    assert "PC Olive Ashdown" not in _items(box)
    box.setCurrentIndex(box.findText("PC Olive Ashdown (olive)"))
    assert _refs(view) == [olives]
    box.setCurrentIndex(box.findText("PC Olive Ashdown (oashdown)"))
    assert _refs(view) == []
