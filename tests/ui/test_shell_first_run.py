"""First run: the set-up dialog creates a unit; the recovery code must be stored."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.security.crypto import FAST_TEST_KDF
from app.services.unit import login
from tests.conftest import TestUnit
from ui import first_run
from ui.first_run import FirstRunDialog

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a sentence that is long"


def _filled(qtbot: QtBot, tmp_path: Path) -> FirstRunDialog:
    dialog = FirstRunDialog(tmp_path / "default" / "unit.db",
                            create_options={"kdf": FAST_TEST_KDF})
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder.setText(str(tmp_path / "chosen"))
    dialog.unit_name.setText("Kent Police PPU")
    dialog.prefix.setText("kpp")
    dialog.admin_username.setText("itadmin")
    dialog.admin_display.setText("Jo Smith (IT)")
    dialog.password.setText(PASSWORD)
    dialog.confirm.setText(PASSWORD)
    return dialog


def test_first_run_creates_the_unit_and_needs_the_tick(
        qtbot: QtBot, tmp_path: Path, clock: FixedClock) -> None:
    dialog = _filled(qtbot, tmp_path)
    assert dialog.folder.text() == str(tmp_path / "chosen")
    dialog.create_button.click()
    db = tmp_path / "chosen" / "unit.db"
    assert dialog.db_path == db and db.exists()
    assert dialog.on_code_page()
    code = dialog.code.text()
    assert len(code) >= 20 and dialog.code.font().pointSize() >= 20
    assert not dialog.finish_button.isEnabled()
    dialog.accept()  # Enter without the tick
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and dialog.result() == 0
    assert "Tick the box" in dialog.code_message.text()
    dialog.stored.setChecked(True)
    assert dialog.finish_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.finish_button.click()
    assert dialog.code.text() == ""  # shown once: gone from the window
    with login(db, "itadmin", PASSWORD, clock) as session:
        assert session.user.display_name == "Jo Smith (IT)"
        from app.services.unit_info import unit_info

        info = unit_info(session)
        assert (info.name, info.case_prefix) == ("Kent Police PPU", "KPP")


def test_mismatch_and_policy_are_explained_and_input_kept(
        qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _filled(qtbot, tmp_path)
    dialog.confirm.setText("something different here")
    dialog.create_button.click()
    assert dialog.setup_message.text() == "The two passwords are not the same."
    dialog.password.setText("short")
    dialog.confirm.setText("short")
    dialog.create_button.click()
    assert "at least 12 characters" in dialog.setup_message.text()
    assert not dialog.on_code_page() and not (tmp_path / "chosen" / "unit.db").exists()
    assert dialog.admin_username.text() == "itadmin" and dialog.unit_name.text()


def test_existing_unit_is_not_overwritten(qtbot: QtBot, unit: TestUnit) -> None:
    dialog = FirstRunDialog(unit.db, create_options={"kdf": FAST_TEST_KDF})
    qtbot.addWidget(dialog)
    dialog.admin_username.setText("another")
    dialog.password.setText(PASSWORD)
    dialog.confirm.setText(PASSWORD)
    dialog.create_button.click()
    assert "already exists" in dialog.setup_message.text()


def test_browse_fills_the_folder(qtbot: QtBot, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = _filled(qtbot, tmp_path)
    monkeypatch.setattr(first_run, "ask_folder", lambda parent, start: "/srv/ppu")
    browse = dialog.findChild(type(dialog.create_button), "browse")
    assert browse is not None
    browse.click()
    assert dialog.folder.text() == "/srv/ppu"
    assert dialog.target() == Path("/srv/ppu/unit.db")


def test_recovery_sheet_is_marked_and_escaped() -> None:
    html = first_run.recovery_sheet_html("ABCD-EFGH", "A & B <Unit>", Path("/x/unit.db"))
    assert "OFFICIAL-SENSITIVE" in html and "ABCD-EFGH" in html and "A &amp; B &lt;Unit&gt;" in html


@pytest.mark.parametrize("exists", [True, False])
def test_csods_starts_to_its_first_window(tmp_path: Path, unit: TestUnit, exists: bool) -> None:
    """`csods --exit-when-shown` shows the first window (login, or set-up) and exits 0."""
    db = unit.db if exists else tmp_path / "none" / "unit.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CSODS_DB": str(db),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", "import sys; from ui.entry import main; "
                           "sys.exit(main(['--exit-when-shown']))"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "none").exists()


def test_enter_in_a_field_creates_the_unit(qtbot: QtBot, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = _filled(qtbot, tmp_path)
    monkeypatch.setattr(first_run, "ask_folder", lambda parent, start: pytest.fail("browsed"))
    browse = dialog.findChild(type(dialog.create_button), "browse")
    assert browse is not None
    browse.setFocus()  # focus passing over Browse must not make it the Enter button
    dialog.confirm.setFocus()
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert dialog.on_code_page()


def test_no_printer_means_write_it_down(qtbot: QtBot, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPrintSupport import QPrinterInfo

    from tests.ui.conftest import message_texts

    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: []))
    dialog = _filled(qtbot, tmp_path)
    dialog.create_button.click()
    dialog.print_button.click()  # no print dialog, so no "print to file" either
    assert any("No printer is set up" in t for t in message_texts(dialog))


def test_start_up_path_loads_no_crypto_database_or_case_code() -> None:
    """The login window comes up before the heavy modules load (start-up time)."""
    code = ("import sys; import ui.app_main, ui.login_dialog; "
            "heavy = [m for m in sys.modules if m.split('.')[0] in "
            "('sqlcipher3', 'cryptography', 'argon2', 'reportlab', 'jellyfish', 'rapidfuzz') "
            "or m.startswith(('app.services', 'app.storage', 'app.domain', 'ui.main_window', "
            "'ui.wizard', 'ui.case_windows', 'ui.idle_lock'))]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]"
