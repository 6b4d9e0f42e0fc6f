"""What's missing: every item is shown whole, at any width of the panel (no "..." lines)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QStyle
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.domain.forms import Problem
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, walk_to
from ui.wizard.case_window import CaseWindow
from ui.wizard.missing import MissingPanel


def _clipped_items(panel: MissingPanel) -> list[str]:
    """Items whose wrapped text needs more height than the list gives them."""
    view = panel.list
    style = view.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    metrics = view.fontMetrics()
    clipped = []
    for row in range(view.count()):
        item = view.item(row)
        rect = view.visualItemRect(item)
        # A list view in list mode paints each item across the viewport, less spacing.
        painted = view.viewport().width() - 2 * view.spacing()
        needed = metrics.boundingRect(
            QRect(0, 0, painted - 2 * margin, 10_000),
            int(Qt.TextFlag.TextWordWrap), item.text()).height()
        if rect.height() < needed:
            clipped.append(f"{item.text()!r}: {rect.height()} < {needed}")
    return clipped


def test_stage2_missing_items_are_not_elided_in_the_case_window(
        qtbot: QtBot, unit: TestUnit) -> None:
    # Seen under Xvfb: "...malicious application may lead to prosecution. ..." and a blank
    # line, because Qt measured the item at one width and painted it at another.
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
        window = CaseWindow(officer, ref)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        QApplication.processEvents()
        assert window.missing.list.count() > 5
        assert _clipped_items(window.missing) == []
        window.close()


@pytest.mark.parametrize("width", range(220, 341, 3))
def test_missing_items_fit_at_every_panel_width(qtbot: QtBot, width: int) -> None:
    texts = [
        "This must be ticked to confirm it was done: Warned that a false or malicious "
        "application may lead to prosecution. (¶5.2.4)",
        "This must be ticked to confirm it was done: Told confidentiality holds only until "
        "the outcome, and the subject may be told of a disclosure. (¶5.2.9)",
        "Date and time of the meeting is required. (¶5.2.2)",
    ] * 6
    panel = MissingPanel()
    qtbot.addWidget(panel)
    panel.resize(width, 400)
    panel.show_problems([Problem(path=f"p{i}", label="", message=t) for i, t in enumerate(texts)])
    panel.show()
    qtbot.waitExposed(panel)
    panel.resize(width + 17, 380)  # as when the window or splitter moves
    QApplication.processEvents()
    assert _clipped_items(panel) == []


def test_enter_still_goes_to_a_question_after_the_list_is_rebuilt(qtbot: QtBot) -> None:
    # Seen by keyboard: Alt+M, then the list revalidated (250 ms after typing) and lost
    # its current item, so Enter did nothing until an arrow key was pressed.
    panel = MissingPanel()
    qtbot.addWidget(panel)
    first = [Problem(path=p, label="", message=f"{p} is required.") for p in ("a", "b", "c")]
    panel.show_problems(first)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.list.setFocus()
    qtbot.waitUntil(panel.list.hasFocus)
    panel.list.setCurrentRow(2)
    panel.show_problems(first[1:])  # "a" was answered
    assert panel.list.currentRow() == 1
    with qtbot.waitSignal(panel.path_chosen) as chosen:
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert chosen.args == ["c"]


def test_dialogs_say_the_record_can_be_made_and_show_the_chosen_question(
        qtbot: QtBot, unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        window = CaseWindow(officer, ref)
        qtbot.addWidget(window)
        window.show()
        dialog = window.open_immediate_risk()
        qtbot.waitExposed(dialog)
        dialog.resize(860, 520)
        QApplication.processEvents()
        last = dialog.missing.problems[-1].path
        dialog.missing.path_chosen.emit(last)
        QApplication.processEvents()
        focused = QApplication.focusWidget()
        assert focused is not None and dialog.page.isAncestorOf(focused)
        viewport = dialog.page_scroll.viewport()
        top_left = focused.mapTo(viewport, focused.rect().topLeft())
        assert viewport.rect().contains(top_left), "the chosen question is scrolled out of sight"
        from tests.unit.form_examples import valid_immediate_risk_values

        dialog.page.set_values(valid_immediate_risk_values())
        dialog.revalidate()
        assert dialog.missing.note.text() == "Nothing is missing: it can be recorded."
        assert "stage" not in dialog.missing.note.text()
        dialog.reject()
        window.close()


def test_action_buttons_of_the_case_window_do_not_touch(qtbot: QtBot, unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        window = CaseWindow(officer, ref)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        row = [window.risk_button, window.extend_button, window.close_early_button,
               window.documents_button]
        for left, right in zip(row, row[1:], strict=False):
            assert right.geometry().left() - left.geometry().right() >= 5
        gap = window.complete_button.geometry().left() - window.save_button.geometry().right()
        assert gap >= 5
        window.close()
