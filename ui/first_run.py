"""First run: create the unit, then show the recovery code once.

Page 1 asks where the unit goes, its name, the case reference prefix and the
first administrator. Page 2 shows the recovery code in large type with a
Print… button (printed from memory: no file is written) and an "I have
stored it safely" box that must be ticked before Finish.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.account_dialogs import password_field
from ui.login_dialog import heading, message_label, show_on, styled
from ui.messages import busy, error_text, show_message

if TYPE_CHECKING:
    from app.services.unit_create import NewUnit

DB_NAME = "unit.db"
POLICY = ("At least 12 characters, and not containing the user name. "
          "A short sentence is easy to remember and hard to guess.")
CreateUnit = Callable[..., "NewUnit"]


def ask_folder(parent: QWidget, start: str) -> str:
    """The folder picker (a function so tests can answer for the user)."""
    return QFileDialog.getExistingDirectory(parent, "Where should the unit database live?", start)


def print_recovery_code(parent: QWidget, code: str, unit_name: str, db_path: Path) -> bool:
    """Print the code on a real printer; never to a file (not even "Print to PDF")."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo

    if not QPrinterInfo.availablePrinters():
        show_message(parent, "No printer is set up on this computer. Write the code down "
                             "by hand instead, and keep it in the unit safe.")
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the recovery code")
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or printer.outputFileName():
        show_message(parent, "The recovery code can only be printed on paper, not saved to a "
                             "file. Choose a printer, or write the code down.")
        return False
    document = QTextDocument()
    document.setHtml(recovery_sheet_html(code, unit_name, db_path))
    document.print_(printer)
    return True


def recovery_sheet_html(code: str, unit_name: str, db_path: Path) -> str:
    safe = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
    unit = "".join(safe.get(c, c) for c in unit_name)
    where = "".join(safe.get(c, c) for c in str(db_path))
    return (
        "<p><b>OFFICIAL-SENSITIVE</b></p>"
        f"<h2>CSODS Case Manager — recovery code</h2><p>Unit: {unit}<br>Database: {where}</p>"
        f"<p style='font-family: monospace; font-size: 20pt'><b>{code}</b></p>"
        "<p>This code opens the unit database if every administrator password is "
        "forgotten. Keep this sheet in the unit safe. Anyone holding it and the database "
        "file can read every case.</p>"
    )


def _default_create() -> CreateUnit:
    from app.services.unit_create import create_unit

    return create_unit


class FirstRunDialog(QDialog):
    def __init__(self, default_db: Path, *, create: CreateUnit | None = None,
                 create_options: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_run")
        self.setWindowTitle("Set up CSODS Case Manager")
        self._create = create
        self._options = create_options or {}
        self.db_path: Path | None = None
        self.recovery_code = ""
        self.pages = QStackedWidget()
        self.pages.addWidget(self._setup_page(default_db))
        self.pages.addWidget(self._code_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.setMinimumWidth(720)  # the recovery code fits on one line in large type
        self.unit_name.setFocus()

    # -- page 1: set-up ------------------------------------------------------
    def _setup_page(self, default_db: Path) -> QWidget:
        page = QWidget(self)  # parented now, so the default button belongs to this dialog
        title = heading("Set up a new unit")
        intro = QLabel("No unit database was found on this computer. Create one now; you "
                       "will be its first administrator and can then add officers and "
                       "supervisors. Administrators manage accounts but cannot read cases.")
        intro.setWordWrap(True)

        self.folder = QLineEdit(str(default_db.parent))
        self.folder.setObjectName("folder")
        self.folder.setAccessibleName("Folder for the unit database")
        browse = QPushButton("&Browse…")
        browse.setObjectName("browse")
        browse.setAutoDefault(False)  # Enter in a field creates the unit, never browses
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)

        self.unit_name = QLineEdit("Public Protection Unit")
        self.unit_name.setObjectName("unit_name")
        self.unit_name.setPlaceholderText("e.g. Kent Police Public Protection Unit")
        self.prefix = QLineEdit("CSO")
        self.prefix.setObjectName("prefix")
        self.prefix.setMaxLength(6)
        self.prefix.setValidator(QRegularExpressionValidator(r"[A-Za-z]{0,6}", self.prefix))
        self.prefix.setToolTip("Two to six letters; references look like CSO/2026/00001.")
        self.admin_username = QLineEdit()
        self.admin_username.setObjectName("admin_username")
        self.admin_username.setPlaceholderText("lower-case, e.g. jsmith")
        self.admin_display = QLineEdit()
        self.admin_display.setObjectName("admin_display_name")
        self.admin_display.setPlaceholderText("as it appears on records, e.g. Jo Smith (IT)")
        self.password = password_field("password", "Password")
        self.confirm = password_field("confirm", "Password again")
        policy = QLabel(POLICY)
        policy.setObjectName("policy")
        policy.setWordWrap(True)
        styled(policy, colour=QPalette.ColorRole.PlaceholderText)

        location = QLabel("&Location:")
        location.setBuddy(self.folder)
        form = QFormLayout()
        form.addRow(location, where)
        form.addRow("&Unit / force name:", self.unit_name)
        form.addRow("Case reference &prefix:", self.prefix)
        form.addRow(QLabel("<b>First administrator</b>"))
        form.addRow("&User name:", self.admin_username)
        form.addRow("&Name:", self.admin_display)
        form.addRow("Pass&word:", self.password)
        form.addRow("", policy)
        form.addRow("Password &again:", self.confirm)

        self.setup_message = message_label()
        self.create_button = QPushButton("&Create unit")
        self.create_button.setObjectName("create")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_unit)
        cancel = QPushButton("Cancel")
        cancel.setObjectName("cancel")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(cancel)

        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.setup_message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _browse(self) -> None:
        chosen = ask_folder(self, self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def target(self) -> Path:
        return Path(self.folder.text().strip()).expanduser() / DB_NAME

    def create_unit(self) -> None:
        if self.password.text() != self.confirm.text():
            show_on(self.setup_message, "The two passwords are not the same.")
            self.confirm.setFocus()
            return
        prefix = self.prefix.text().strip().upper()
        if not 2 <= len(prefix) <= 6:
            show_on(self.setup_message, "The case reference prefix is two to six letters.")
            self.prefix.setFocus()
            return
        if not self.folder.text().strip():
            show_on(self.setup_message, "Choose a folder for the unit database.")
            self.folder.setFocus()
            return
        create = self._create or _default_create()
        show_on(self.setup_message, "")
        try:
            with busy():
                made = create(self.target(), admin_username=self.admin_username.text().strip(),
                              admin_password=self.password.text(),
                              admin_display_name=self.admin_display.text().strip(),
                              unit_name=self.unit_name.text().strip() or "Public Protection Unit",
                              case_prefix=prefix, **self._options)
        except Exception as error:  # noqa: BLE001 - shown as a sentence; input kept
            show_on(self.setup_message, error_text(error))
            return
        self.password.clear()
        self.confirm.clear()
        self.db_path = made.db_path
        self.recovery_code = made.recovery_code
        self.code.setText(made.recovery_code)
        self.pages.setCurrentIndex(1)
        self.stored.setFocus()

    # -- page 2: the recovery code -------------------------------------------
    def _code_page(self) -> QWidget:
        page = QWidget(self)
        title = heading("Write down the recovery code")
        explain = QLabel(
            "The unit has been created. This recovery code opens the database if every "
            "administrator password is forgotten. <b>It is shown only this once.</b> Print it "
            "or write it down, and keep it in the unit safe — never on this computer.")
        explain.setWordWrap(True)
        self.code = QLabel()
        self.code.setObjectName("recovery_code")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(max(20, font.pointSize() * 2))
        font.setWeight(QFont.Weight.Bold)
        self.code.setFont(font)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setWordWrap(False)  # a code broken at a hyphen is easy to copy wrongly
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setStyleSheet("padding: 18px; border: 1px solid palette(mid);"
                                "background: palette(base);")
        self.code.setAccessibleName("Recovery code")

        self.print_button = QPushButton("&Print…")
        self.print_button.setObjectName("print")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self._print)
        self.stored = QCheckBox("I have &stored the recovery code safely")
        self.stored.setObjectName("stored")
        self.finish_button = QPushButton("&Finish")
        self.finish_button.setObjectName("finish")
        self.finish_button.setEnabled(False)
        self.finish_button.clicked.connect(self.accept)
        self.stored.toggled.connect(self.finish_button.setEnabled)
        self.stored.toggled.connect(lambda on: self.finish_button.setDefault(on))
        self.code_message = message_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.finish_button)

        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addSpacing(8)
        layout.addWidget(self.code)
        layout.addSpacing(8)
        layout.addWidget(self.stored)
        layout.addWidget(self.code_message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _print(self) -> None:
        if self.db_path is not None:
            print_recovery_code(self, self.recovery_code, self.unit_name.text(), self.db_path)

    # -- finishing -----------------------------------------------------------
    def on_code_page(self) -> bool:
        return self.pages.currentIndex() == 1

    def accept(self) -> None:
        if not self.on_code_page():
            return
        if not self.stored.isChecked():
            show_on(self.code_message, "Tick the box once the recovery code is stored safely.")
            return
        self.recovery_code = ""
        self.code.clear()
        super().accept()

    def reject(self) -> None:
        if self.on_code_page():  # the unit exists: the code must be stored before leaving
            self.accept()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.on_code_page() and not self.stored.isChecked():
            show_on(self.code_message, "Tick the box once the recovery code is stored safely.")
            event.ignore()
            return
        super().closeEvent(event)
