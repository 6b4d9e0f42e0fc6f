"""Work on the database file that needs its key: a supervisor's (issue 13).

Administrators hold no key to the database, so verifying it, re-encrypting it
and the letterhead (a unit setting inside it) are offered in the supervisor's
menu; these functions are what those menu items do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMessageBox, QWidget

from ui.admin_dialogs import VerifyReportDialog
from ui.messages import show_message
from ui.task_runner import TaskRunner

if TYPE_CHECKING:
    from app.services.session import Session
    from app.services.unit_verify import VerifyReport


def verify(parent: QWidget, session: Session) -> bool:
    """Every check off the GUI thread (cancellable), then the report."""
    from app.services.unit_verify import verify as verify_unit

    def show(report: VerifyReport) -> None:
        VerifyReportDialog(report, parent).open()

    return TaskRunner.instance().run(parent, session, verify_unit,
                                     title="Verifying the database…", on_done=show,
                                     cancellable=True)


def rekey(parent: QWidget, session: Session) -> bool:
    """Re-encrypt under a new key; the file is the worker's alone meanwhile."""
    from app.services.maintenance import rekey as rekey_unit

    def done(_result: object) -> None:
        box = show_message(parent, "The database has been re-encrypted under a new key.",
                           icon=QMessageBox.Icon.Information)
        box.setObjectName("rekey_done")

    return TaskRunner.instance().run(parent, session, rekey_unit,
                                     title="Re-encrypting the database…", on_done=done,
                                     exclusive=True)


def letterhead(parent: QWidget, session: Session) -> QDialog:
    from ui.documents import LetterheadDialog

    dialog = LetterheadDialog(session, parent)
    dialog.open()
    return dialog


def add_maintenance_actions(window: QMainWindow, menu: QMenu, session: Session) -> None:
    """Verify, re-encrypt and letterhead, at the end of ``menu``."""
    menu.addSeparator()
    for text, name, call in (
            ("&Verify the database", "verify_database", verify),
            ("Re-&encrypt the database…", "rekey_database", rekey),
            ("&Letterhead…", "letterhead", letterhead)):
        action = QAction(text, window)
        action.setObjectName(name)
        action.triggered.connect(lambda _on=False, c=call: c(window, session))
        menu.addAction(action)
