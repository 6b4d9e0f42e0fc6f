"""What's missing: every item is shown whole, at any width of the panel (no "..." lines)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QRect, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QStyle  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app.domain.enums import Stage  # noqa: E402
from app.domain.forms import Problem  # noqa: E402
from tests.conftest import TestUnit  # noqa: E402
from tests.unit.case_walk import open_new, walk_to  # noqa: E402
from ui.wizard.case_window import CaseWindow  # noqa: E402
from ui.wizard.missing import MissingPanel  # noqa: E402


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
