"""UI test fixtures: offscreen Qt, private QSettings, a fake case window, a fake wall clock."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings, Signal  # noqa: E402
from PySide6.QtGui import QCloseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.domain.enums import Stage  # noqa: E402
from app.services.session import Session  # noqa: E402
from tests.conftest import TestUnit  # noqa: E402
from ui.shell import Shell  # noqa: E402


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
