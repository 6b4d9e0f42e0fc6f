"""Start the desktop application: first-run set-up if needed, sign in, main window.

Only Qt widgets and the light shell are imported here; the crypto, database
and service modules load when the user first signs in, so the first window
appears about as fast as a bare PySide6 window.

``--db PATH`` opens that unit (a Windows shortcut cannot set CSODS_DB); without it,
$CSODS_DB, then the unit the first-run set-up remembered, then the default file.

``--exit-when-shown`` shows the first window, waits until it is painted and
exits 0: used to measure the cold start against a bare PySide6 window.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ui import prefs
from ui.shell import Shell

APP_NAME = "CSODS Case Manager"
ORGANISATION = "CSODS"
EXIT_WHEN_SHOWN = "--exit-when-shown"
DB_OPTION = "--db"


def make_application(args: list[str]) -> QApplication:
    """The QApplication, native style (Fusion is not forced); Qt 6 scales for high DPI."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QCoreApplication.setOrganizationName(ORGANISATION)
        QCoreApplication.setApplicationName(APP_NAME)
        app = QApplication(["csods", *args])
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_NAME)
    app.setQuitOnLastWindowClosed(False)  # the shell decides when the day ends
    return app


def _quit_when_shown(app: QApplication, window: QWidget) -> None:
    """For --exit-when-shown: quit once the first window has been shown and painted."""

    def check() -> None:
        if window.isVisible():
            window.repaint()
            print(f"shown at {time.time():.6f}", flush=True)  # the wall clock, for the parent
            app.exit(0)
        else:
            QTimer.singleShot(10, check)

    QTimer.singleShot(0, check)


def unit_option(args: list[str]) -> tuple[Path | None, list[str]]:
    """The unit given as ``--db PATH`` or ``--db=PATH``, and the other arguments."""
    rest: list[str] = []
    chosen: Path | None = None
    items = iter(args)
    for arg in items:
        if arg == DB_OPTION:
            value = next(items, "")
            if not value or value.startswith("-"):
                raise ValueError("--db needs the path of the unit database,"
                                 " e.g. csods --db /srv/csods/unit.db")
            chosen = Path(value)
        elif arg.startswith(DB_OPTION + "="):
            chosen = Path(arg.split("=", 1)[1])
        else:
            rest.append(arg)
    return chosen, rest


def start(args: list[str]) -> tuple[Shell, QWidget | None]:
    """Make the application and show its first window: the unit's sign-in, or set-up."""
    chosen, rest = unit_option(args)
    app = make_application([a for a in rest if a != EXIT_WHEN_SHOWN])
    db_path = chosen if chosen is not None else prefs.resolve_unit_path()
    shell = Shell(db_path)
    shell.finished.connect(app.exit)
    if db_path.exists():
        shell.start()
        first: QWidget | None = shell.login_dialog
    else:
        first = _first_run(shell, db_path)
    return shell, first


def run_gui(args: list[str]) -> int:
    try:
        unit_option(args)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    from ui import crash_guard

    crash_guard.install(crash_guard.show_in_dialog)
    _shell, first = start(args)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if EXIT_WHEN_SHOWN in args and first is not None:
        _quit_when_shown(app, first)
    return int(app.exec())


def _first_run(shell: Shell, default_db: Path) -> QWidget:
    from ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(default_db)

    def created() -> None:
        if dialog.db_path is not None:
            prefs.remember_unit_path(dialog.db_path)
            prefs.remember_unit_name(dialog.db_path, dialog.unit_name.text().strip())
            prefs.remember_username(dialog.db_path, dialog.admin_username.text().strip())
            shell.db_path = dialog.db_path
        dialog.deleteLater()
        shell.start()

    dialog.accepted.connect(created)
    dialog.rejected.connect(lambda: shell.finished.emit(0))
    dialog.show()
    return dialog
