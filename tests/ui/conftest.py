"""UI test fixtures: private QSettings, signed-in sessions, a fake case window, a fake
wall clock, the supervisor view. Qt runs offscreen: tests/conftest.py sets
QT_QPA_PLATFORM before any test creates the application, so no test file sets it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.domain.enums import Stage
from app.services.session import Session
from tests.conftest import TestUnit
from ui.case_windows import CaseWindows
from ui.shell import Shell
from ui.supervisor import SupervisorView


@pytest.fixture(autouse=True)
def private_settings(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """Every test gets its own QSettings file, never the developer's."""
    QCoreApplication.setOrganizationName("CSODS-tests")
    QCoreApplication.setApplicationName("CSODS Case Manager tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    yield
    for widget in QApplication.topLevelWidgets():
        widget.hide()
        widget.deleteLater()
    QApplication.processEvents()


class FakeCaseWindow(QWidget):
    """The contract of ui.wizard.case_window.CaseWindow, and a record of what was asked."""

    closed = Signal(str)
    instances: list[FakeCaseWindow] = []

    def __init__(self, session: Session, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.reference = reference
        self.stage = Stage.INITIAL_CONTACT
        self.saves = 0
        self.save_result = True
        self.setWindowTitle(reference)
        FakeCaseWindow.instances.append(self)

    def save_now(self) -> bool:
        self.saves += 1
        return self.save_result

    def current_page_stage(self) -> Stage:
        return self.stage

    def show_stage(self, stage: Stage) -> None:
        self.stage = stage

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.closed.emit(self.reference)
        super().closeEvent(event)


class WallClock:
    """A wall clock (seconds since the epoch) that moves only when told."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_windows() -> Iterator[type[FakeCaseWindow]]:
    FakeCaseWindow.instances = []
    yield FakeCaseWindow
    FakeCaseWindow.instances = []


#: The size of the big unit long work is tested on (issue 10 item 6).
BIG_UNIT_CASES = 20_000


@pytest.fixture(scope="session")
def big_unit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, FixedClock]]:
    """A unit of 20,000 cases (admin, and sam a supervisor), built once for the whole run
    with the fast bulk loader; tests may add to its audit trail, not change its cases."""
    from datetime import UTC, datetime

    from app.domain.enums import Role
    from app.security.crypto import FAST_TEST_KDF
    from app.services import approvals, users
    from app.services.unit import login
    from app.services.unit_create import create_unit
    from tests.bench.bulk_load import bulk_load
    from tests.conftest import ADMIN_PW, SUPERVISOR_PW

    clock = FixedClock(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    db = tmp_path_factory.mktemp("big") / "unit.db"
    made = create_unit(db, admin_username="admin", admin_password=ADMIN_PW, clock=clock,
                       kdf=FAST_TEST_KDF)
    with login(db, "admin", ADMIN_PW, clock) as admin:  # prepares; a second person approves
        users.add_user(admin, "sam", "DS Sam Whitlock", Role.SUPERVISOR)
    approvals.approve_with_recovery_code(db, made.recovery_code, "sam", SUPERVISOR_PW, clock)
    with login(db, "sam", SUPERVISOR_PW, clock) as sam:
        bulk_load(sam, BIG_UNIT_CASES)
    yield db, clock


@pytest.fixture
def officer(unit: TestUnit) -> Iterator[Session]:
    """PC Olive Ashdown, signed in."""
    with unit.officer() as session:
        yield session


@pytest.fixture
def sam(unit: TestUnit) -> Iterator[Session]:
    """DS Sam Whitlock (supervisor), signed in."""
    session = unit.supervisor()
    yield session
    session.close()


#: What a maximised window leaves of a 1366×768 screen.
MAXIMISED = (1346, 700)


def make_view(qtbot: QtBot, session: Session, windows: CaseWindows | None = None,
              size: tuple[int, int] = (1366, 740)) -> SupervisorView:
    """The supervisor view, shown (case windows are fakes unless ``windows`` is given)."""
    view = SupervisorView(session, windows or CaseWindows(FakeCaseWindow))
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    QApplication.processEvents()
    return view


@pytest.fixture
def wall() -> WallClock:
    return WallClock()


@pytest.fixture
def shell(unit: TestUnit, wall: WallClock, fake_windows: type[FakeCaseWindow]) -> Iterator[Shell]:
    """A shell on the test unit, idle timeout 5 minutes on the fake wall clock."""
    made = Shell(unit.db, clock=unit.clock, idle_seconds=300, wall_clock=wall,
                 check_ms=60_000, case_window_factory=fake_windows)
    made.start()
    yield made
    made.idle.dispose()
    if made.session is not None:
        made.session.close()


def sign_in(shell: Shell, username: str, password: str) -> None:
    dialog = shell.login_dialog
    assert dialog is not None
    dialog.username.setText(username)
    dialog.password.setText(password)
    dialog.sign_in_button.click()


def message_texts(parent: QWidget) -> list[str]:
    """The text of every message box open over ``parent``."""
    from PySide6.QtWidgets import QMessageBox

    return [box.text() for box in parent.findChildren(QMessageBox) if box.isVisible()]


def type_over(qtbot: QtBot, box: QLineEdit, text: str) -> None:
    """Type ``text`` into a typed box as an officer would: select what is there (as Tab
    into it does), key it in, and leave the box (Tab), so it shows its usual form."""
    from PySide6.QtCore import Qt

    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(box, text)
    else:
        qtbot.keyClick(box, Qt.Key.Key_Delete)
    box.editingFinished.emit()


@pytest.fixture(autouse=True)
def close_case_windows_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """A case window left open with a date that cannot be read asks on closing (Go back /
    Close anyway, a modal question); in tests nobody is there to answer it, so unless a
    test answers it itself (tests/ui/test_unreadable_on_close.py) it closes anyway."""
    from ui.wizard import case_window

    monkeypatch.setattr(case_window, "close_despite_unreadable", lambda *_a: True)
