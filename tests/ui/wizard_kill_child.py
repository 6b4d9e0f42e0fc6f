"""Child process for the kill test: open a case window, type, wait for autosave, hang.

Usage: python -m tests.ui.wizard_kill_child DB USER PASSWORD REFERENCE NOW_ISO TEXT
Prints "saved" once the draft holding TEXT has been saved, then waits to be killed.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from app.clock import FixedClock  # noqa: E402
from app.services.unit import login  # noqa: E402
from ui.wizard.case_window import CaseWindow  # noqa: E402


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
