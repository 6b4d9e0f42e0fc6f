"""Case windows fit a 1366×768 screen (review shots 03, 04, 68): nothing in the header,
the flags or the buttons forces the window wider; long texts are cut with "…" and kept
whole in the tooltip; the returned-decision flag is one line and names the supervisor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.demo import DEMO_USERS, create_demo
from app.domain.enums import Role
from app.security.crypto import FAST_TEST_KDF
from app.services.case_list import CaseSummary, list_cases
from app.services.session import Session
from app.services.unit import login
from ui.elided_label import ElidedLabel
from ui.wizard.case_window import CaseWindow

SCREEN = (1366, 768)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo-small") / "unit.db"
    create_demo(db, cases=24, seed=2024, kdf=FAST_TEST_KDF)
    return db


@pytest.fixture
def sergeant(demo_db: Path) -> Iterator[Session]:
    """A supervisor: every button (reopen, correct contact time) is offered."""
    user = next(u for u in DEMO_USERS if u.role is Role.SUPERVISOR)
    with login(demo_db, user.username, user.password) as session:
        yield session


def one_case_per_stage(session: Session) -> list[CaseSummary]:
    seen: dict[tuple[str, int], CaseSummary] = {}
    for case in list_cases(session, mine=False):
        seen.setdefault((case.status, int(case.current_stage)), case)
    return list(seen.values())


def _open(qtbot: QtBot, session: Session, reference: str) -> CaseWindow:
    window = CaseWindow(session, reference)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window


def _inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    bottom_right = widget.mapTo(window, widget.rect().bottomRight())
    return window.rect().contains(top_left) and window.rect().contains(bottom_right)


def test_every_stage_of_the_demo_fits_the_screen(qtbot: QtBot, sergeant: Session) -> None:
    cases = one_case_per_stage(sergeant)
    assert {c.status for c in cases} == {"open", "closed"}
    assert len({int(c.current_stage) for c in cases if c.status == "open"}) >= 5
    for case in cases:
        window = _open(qtbot, sergeant, case.reference)
        where = f"{case.reference} at stage {int(case.current_stage)} ({case.status})"
        assert window.minimumSizeHint().width() <= SCREEN[0], where
        assert window.width() == SCREEN[0], where
        for button in (window.complete_button, window.save_button):
            assert _inside(button, window), where
        window.close()


def test_a_narrow_window_cuts_the_deadline_with_the_whole_text_in_the_tooltip(
        qtbot: QtBot, sergeant: Session) -> None:
    case = next(c for c in one_case_per_stage(sergeant) if c.status == "open")
    window = _open(qtbot, sergeant, case.reference)
    chip = window.header.next_deadline
    assert isinstance(chip, ElidedLabel) and not chip.is_elided()
    window.resize(900, 700)
    QApplication.processEvents()
    assert window.width() == 900
    assert chip.is_elided()
    shown = QLabel.text(chip)
    assert "…" in shown and shown != chip.full_text()
    assert chip.full_text() in chip.toolTip()
    assert _inside(window.complete_button, window)
    assert _inside(window.header.toggle, window)


def test_the_returned_decision_flag_is_one_line_and_not_repeated(
        qtbot: QtBot, sergeant: Session) -> None:
    returned = [c for c in list_cases(sergeant, mine=False) if c.signoff == "returned"]
    if not returned:
        pytest.skip("this demo seed has no returned decision")
    window = _open(qtbot, sergeant, returned[0].reference)
    chip = window.header.findChild(ElidedLabel, "flag_signoff_returned")
    assert chip is not None
    comment = window.case.last_signoff_comment or ""
    assert comment and comment not in chip.full_text()  # the banner below says it
    assert comment in chip.toolTip()
    assert not chip.wordWrap()
    assert chip.height() < 2 * chip.fontMetrics().height() + 8
    supervisor = window.case.signoffs[-1].by
    name = window.case.name_of(supervisor)
    assert name != supervisor and name in chip.toolTip()
    banner = window.page_scroll.widget().findChild(QLabel, "banner_returned")
    assert banner is not None  # on the decision page: the comment and who, by name
    assert comment in banner.text() and name in banner.text()
    assert f"({supervisor})" not in banner.text()
