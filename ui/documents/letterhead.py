"""Unit settings (administrator): the letterhead printed on every document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import unit_settings
from ui.documents import prompts
from ui.messages import busy, error_text

if TYPE_CHECKING:
    from app.documents.model import Letterhead
    from app.services.session import Session

LOGO_BOX = (260, 110)
NOTE = ("These details head every document the unit prints: letters, forms, records and "
        "reports. Changes are recorded in the audit log.")


class LetterheadDialog(QDialog):
    """Edit force and unit name, address, telephone, email and the logo; Save."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("letterheadDialog")
        self.setWindowTitle("Unit letterhead")
        current = unit_settings.letterhead(session)
        self.logo_png: bytes | None = current.logo_png
        self.logo_changed = False
        self.saved: Letterhead | None = None

        self.force_name = self._line("forceName", current.force_name, "Force name", 120)
        self.unit_name = self._line("unitName", current.unit_name, "Unit name", 120)
        self.address = QPlainTextEdit(current.address)
        self.address.setObjectName("address")
        self.address.setAccessibleName("Address")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.address.setPlaceholderText("One line per line of the address")
        self.telephone = self._line("telephone", current.telephone, "Telephone", 40)
        self.email = self._line("email", current.email, "Email (optional)", 120)

        self.logo = QLabel()
        self.logo.setObjectName("logoPreview")
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.setFixedSize(*LOGO_BOX)
        self.logo.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo.setStyleSheet("background: white; color: #4a4a4a;")
        self.logo.setAccessibleName("Logo preview")
        choose = QPushButton("Choose logo…")
        choose.setObjectName("chooseLogo")
        self.remove = QPushButton("Remove logo")
        self.remove.setObjectName("removeLogo")
        choose.clicked.connect(self.choose_logo)
        self.remove.clicked.connect(self.remove_logo)
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(choose)
        logo_buttons.addWidget(self.remove)
        logo_buttons.addWidget(QLabel("PNG, at most 1 MB"))
        logo_buttons.addStretch(1)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo)
        logo_row.addLayout(logo_buttons)
        logo_row.addStretch(1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Force name", self.force_name)
        form.addRow("Unit name", self.unit_name)
        form.addRow("Address", self.address)
        form.addRow("Telephone", self.telephone)
        form.addRow("Email (optional)", self.email)
        form.addRow("Logo", logo_row)

        note = QLabel(NOTE)
        note.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #8a1538; font-weight: bold;")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Room kept for two lines, so a message never squeezes the form.
        self.message.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 4)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        cancel = QPushButton("Cancel")
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self._show_logo()

    def _line(self, name: str, text: str, accessible: str, limit: int) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setMaxLength(limit)
        return edit

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self.logo_png and pixmap.loadFromData(self.logo_png):
            self.logo.setPixmap(pixmap.scaled(LOGO_BOX[0] - 8, LOGO_BOX[1] - 8,
                                              Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo.setPixmap(QPixmap())
            self.logo.setText("No logo")
        self.remove.setEnabled(self.logo_png is not None)

    def tell(self, text: str) -> None:
        self.message.setText(text)

    def choose_logo(self) -> None:
        path = prompts.choose_logo(self)
        if path is None:
            return
        try:
            data = prompts.read_limited(path, unit_settings.MAX_LOGO_BYTES)
        except OSError as error:
            self.tell(error_text(error))
            return
        self.set_logo(data)

    def set_logo(self, data: bytes) -> None:
        """Take a logo for preview; the service checks it when saved."""
        if not QPixmap().loadFromData(data):
            self.tell("That file is not an image that can be shown. Choose a PNG file.")
            return
        self.logo_png = data
        self.logo_changed = True
        self.tell("")
        self._show_logo()

    def remove_logo(self) -> None:
        self.logo_png = None
        self.logo_changed = True
        self._show_logo()

    def save(self) -> bool:
        try:
            with busy():
                self.saved = unit_settings.update_letterhead(
                    self.session, force_name=self.force_name.text(),
                    unit_name=self.unit_name.text(), address=self.address.toPlainText(),
                    telephone=self.telephone.text(), email=self.email.text(),
                    logo_png=self.logo_png if self.logo_changed else None,
                    remove_logo=self.logo_changed and self.logo_png is None)
        except Exception as error:  # noqa: BLE001 - shown as a sentence; dialog stays
            self.tell(error_text(error))
            return False
        self.accept()
        return True
