"""Child process for the kill test: open a case window, type, wait for autosave, hang.

Usage: python -m tests.ui.wizard_kill_child DB USER PASSWORD REFERENCE NOW_ISO TEXT
Prints "saved" once the draft holding TEXT has been saved, then waits to be killed.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from app.clock import FixedClock
from app.services.unit import login
from ui.wizard.case_window import CaseWindow


def main(argv: list[str]) -> int:
    db, user, password, reference, now, text = argv
    app = QApplication([])
    session = login(Path(db), user, password, FixedClock(datetime.fromisoformat(now)))
    window = CaseWindow(session, reference, autosave_ms=200)
    window.show()
    box = window.findChild(QPlainTextEdit, "reason")
    box.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClicks(box, text)

    def saved(_stage: str) -> None:
        print("saved", flush=True)

    window.draft_saved.connect(saved)
    return app.exec()  # until killed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
