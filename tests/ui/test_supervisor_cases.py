"""Supervisor view, unit case list: the windowed model, filters, search, sort, open, assign."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.enums import AuditAction, Stage
from app.domain.timescales import DeadlineState
from app.services import case_list, cases
from app.services.case_list import CaseQuery, count_cases
from app.services.session import Session
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.bench.bulk_load import bulk_load
from tests.conftest import TestUnit
from tests.ui.conftest import FakeCaseWindow, make_view
from tests.unit.case_walk import open_new, values, walk_to
from ui.case_windows import CaseWindows
from ui.supervisor import SupervisorView
from ui.supervisor import case_model as model_module
from ui.supervisor.case_model import DEADLINE, REFERENCE, WINDOW
from ui.supervisor.dialogs import AssignDialog


class Counting:
    """Wraps summaries_for in the model module and counts the calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = case_list.summaries_for

        def counted(session: Session, ids: list[int]) -> Any:
            self.calls += 1
            return real(session, ids)

        monkeypatch.setattr(model_module, "summaries_for", counted)


def _plant(unit: TestUnit) -> dict[str, str]:
    """overdue: contact 3 days ago, stage 1 open; soon: 20 h ago; open: 1 h ago, stage 1
    done; named: Quenby/Pilkington at stage 2 (olive); owen's case awaiting sign-off."""
    now = unit.clock.now()
    refs: dict[str, str] = {}
    with unit.officer() as olive:
        refs["overdue"] = open_new(olive, now - timedelta(days=3)).reference
        refs["soon"] = open_new(olive, now - timedelta(hours=20)).reference
        refs["open"] = open_new(olive, now - timedelta(hours=1)).reference
        s1 = values(Stage.INITIAL_CONTACT)
        s1["contact_at"] = (now - timedelta(hours=1)).isoformat(timespec="seconds")
        s1["initial_checks"] = []
        cases.complete_stage(olive, refs["open"], Stage.INITIAL_CONTACT, s1)
        refs["named"] = open_new(olive).reference
        named = values(Stage.INITIAL_CONTACT)
        named["applicant"] = {**named["applicant"], "surname": "Quenby", "forenames": "Ruth"}
        named["subject"] = {**named["subject"], "surname": "Pilkington", "forenames": "Carl",
                            "aliases": []}
        cases.complete_stage(olive, refs["named"], Stage.INITIAL_CONTACT, named)
    with unit.officer2() as owen:
        refs["waiting"] = open_new(owen).reference
        walk_to(owen, None, refs["waiting"], Stage.DECISION)
    return refs


def _refs(view: SupervisorView) -> list[str]:
    model = view.cases.model
    return [str(model.reference_at(r)) for r in range(model.rowCount())]


def test_row_count_is_the_service_count_and_windows_load_lazily(
        qtbot: QtBot, unit: TestUnit, sam: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    bulk_load(sam, 2500)
    counting = Counting(monkeypatch)
    view = make_view(qtbot, sam)
    model, table = view.cases.model, view.cases.table
    assert model.rowCount() == count_cases(sam, CaseQuery(), mine=False) == 2500
    assert view.cases.count.text() == "2,500 cases"
    # Only the first window is read to paint the first screen.
    assert counting.calls == 1 and model.cached_windows() == [0]
    table.scrollTo(model.index(1234, 0))
    QApplication.processEvents()
    assert 1234 // WINDOW in model.cached_windows()
    assert counting.calls <= 3 and len(model.cached_windows()) <= 3
    # A long walk keeps at most MAX_WINDOWS windows.
    for row in range(0, 2500, WINDOW):
        assert model.case_at(row) is not None
    assert len(model.cached_windows()) == model_module.MAX_WINDOWS
    assert model.index(5, REFERENCE).data(model_module.SortRole) == model.reference_at(5)


def test_filters_and_search_narrow_to_the_planted_cases(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    refs = _plant(unit)
    view = make_view(qtbot, sam)
    tab = view.cases
    assert tab.model.rowCount() == 5
    tab.officer.setCurrentIndex(tab.officer.findData("owen"))
    assert _refs(view) == [refs["waiting"]]
    tab.officer.setCurrentIndex(0)
    tab.awaiting.setChecked(True)
    assert _refs(view) == [refs["waiting"]]
    assert "Awaiting sign-off" in tab.model.index(0, model_module.FLAGS).data()
    tab.awaiting.setChecked(False)
    tab.stage.setCurrentIndex(tab.stage.findData(int(Stage.FACE_TO_FACE)))
    assert set(_refs(view)) == {refs["open"], refs["named"]}
    tab.stage.setCurrentIndex(0)
    tab.deadline.setCurrentIndex(tab.deadline.findData(DeadlineState.DUE_SOON.value))
    assert _refs(view) == [refs["soon"]]
    tab.deadline.setCurrentIndex(tab.deadline.findData(DeadlineState.OVERDUE.value))
    assert refs["overdue"] in _refs(view) and refs["soon"] not in _refs(view)
    tab.clear_filters()
    assert tab.model.rowCount() == 5

    def searches() -> int:
        return sum("searched cases" in (r.detail or "") for r in audit_repo.search(
            sam.conn, AuditQuery(action=AuditAction.CONSULT)))

    before = searches()
    qtbot.keyClicks(tab.search, "Q")  # one character: nothing is searched
    qtbot.wait(400)
    assert tab.model.rowCount() == 5 and searches() == before
    qtbot.keyClicks(tab.search, "uen")  # debounced: one search for "Quen"
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=2000)
    assert _refs(view) == [refs["named"]] and searches() == before + 1
    assert tab.count.text() == "1 case"
    tab.search.setText("Pilkingtun")  # sounds like the subject's surname
    tab.apply_filters()
    assert _refs(view) == [refs["named"]]
    tab.search.setText(refs["waiting"])
    tab.apply_filters()
    assert _refs(view) == [refs["waiting"]]


def test_sorting_by_deadline_puts_overdue_first(qtbot: QtBot, unit: TestUnit,
                                                sam: Session) -> None:
    refs = _plant(unit)
    view = make_view(qtbot, sam)
    table, model = view.cases.table, view.cases.model
    table.sortByColumn(REFERENCE, Qt.SortOrder.DescendingOrder)
    assert model.sort_key == "reference" and model.descending
    assert _refs(view) == sorted(refs.values(), reverse=True)
    table.sortByColumn(DEADLINE, Qt.SortOrder.AscendingOrder)
    assert model.sort_key == "deadline"
    states = [model.case_at(r).next_deadline.state for r in range(model.rowCount())]  # type: ignore[union-attr]
    overdue = [s is DeadlineState.OVERDUE for s in states]
    assert overdue[0] and overdue == sorted(overdue, reverse=True)
    assert refs["soon"] in _refs(view)[-2:] or refs["open"] in _refs(view)[-2:]
    assert "Overdue" in model.index(0, DEADLINE).data()
    assert model.index(0, DEADLINE).data(Qt.ItemDataRole.BackgroundRole) is not None
    # The flags column is not sortable: the order in force stays.
    table.sortByColumn(model_module.FLAGS, Qt.SortOrder.AscendingOrder)
    assert model.sort_key == "deadline"
    assert table.horizontalHeader().sortIndicatorSection() == DEADLINE


def test_double_click_and_enter_open_the_case(qtbot: QtBot, unit: TestUnit, sam: Session,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    refs = _plant(unit)
    windows = CaseWindows(FakeCaseWindow)
    opened: list[str] = []
    monkeypatch.setattr(windows, "open", lambda session, ref, stage=None: opened.append(ref))
    view = make_view(qtbot, sam, windows)
    table = view.cases.table
    rect = table.visualRect(view.cases.model.index(1, REFERENCE))
    # Qt 6: the item view opens on a double click that follows a press on the same row.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [view.cases.model.reference_at(1)]
    table.setCurrentIndex(view.cases.model.index(0, 0))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened[-1] == view.cases.model.reference_at(0)
    assert set(opened) <= set(refs.values())


def test_assign_to_another_officer(qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    refs = _plant(unit)
    view = make_view(qtbot, sam)
    tab = view.cases
    row = _refs(view).index(refs["named"])
    tab.table.setCurrentIndex(tab.model.index(row, 0))
    tab.assign_button.click()
    dialog = view.dialog
    assert isinstance(dialog, AssignDialog)
    people = [dialog.officer.itemData(i) for i in range(dialog.officer.count())]
    assert "admin" not in people and {"olive", "owen", "sam"} <= set(people)
    dialog.officer.setCurrentIndex(dialog.officer.findData("owen"))
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert tab.model.case_at(row).assigned_to == "owen"  # type: ignore[union-attr]
    rows = audit_repo.search(sam.conn, AuditQuery(case_ref=refs["named"],
                                                  action=AuditAction.ALTER))
    assert rows[0].detail == "assigned to owen"


def test_clear_and_reload_for_the_idle_lock(qtbot: QtBot, unit: TestUnit,
                                            sam: Session) -> None:
    from app.services.unit import resume
    from tests.conftest import SUPERVISOR_PW

    _plant(unit)
    view = make_view(qtbot, sam)
    view.clear()
    assert view.cases.model.rowCount() == 0 and view.cases.model.cached_windows() == []
    sam.suspend()
    resume(sam, SUPERVISOR_PW)  # the same session object, resumed: the view keeps it
    assert view.reload()
    assert view.cases.model.rowCount() == 5


@pytest.mark.slow
def test_responsive_at_ten_thousand_cases(qtbot: QtBot, unit: TestUnit, sam: Session,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    bulk_load(sam, 10_000)
    start = time.perf_counter()
    view = make_view(qtbot, sam)
    first = time.perf_counter() - start
    assert view.cases.model.rowCount() == 10_000
    start = time.perf_counter()
    view.cases.deadline.setCurrentIndex(view.cases.deadline.findData(DeadlineState.OVERDUE.value))
    QApplication.processEvents()
    filtered = time.perf_counter() - start
    start = time.perf_counter()
    view.cases.table.sortByColumn(model_module.SUBJECT, Qt.SortOrder.AscendingOrder)
    QApplication.processEvents()
    sorted_in = time.perf_counter() - start
    print(f"\n10,000 cases: view built, first window painted {first * 1000:.0f} ms; "
          f"filter change {filtered * 1000:.0f} ms; sort {sorted_in * 1000:.0f} ms")
    assert view.cases.model.fetches <= 3 + 2
    assert first < 10 and filtered < 10  # generous: a hang, not a number, would fail


def test_deadline_tooltip_names_the_timescale(qtbot: QtBot, unit: TestUnit,
                                              sam: Session) -> None:
    _plant(unit)
    view = make_view(qtbot, sam)
    tip = view.cases.model.index(0, DEADLINE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip and "¶" in tip and "Overdue" in tip
