"""Scanned forms attached to a case: list, attach (bytes read in memory), view."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import attachments
from ui.documents import prompts
from ui.documents.attachment_viewer import AttachmentViewer
from ui.messages import busy, show_error

if TYPE_CHECKING:
    from app.services.attachments import Attachment
    from app.services.session import Session

COLUMNS = ("File", "Type", "Description", "Size", "Added", "Added by")
KIND_LABELS = {"application/pdf": "PDF", "image/png": "PNG image", "image/jpeg": "JPEG image",
               "image/tiff": "TIFF image"}
INTRO = ("Scanned copies (PDF or image) of signed forms are kept inside the encrypted case "
         "database. Attaching and viewing are recorded in the audit log.")


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def when_text(iso: str) -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    try:
        at = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return at.astimezone(ZoneInfo("Europe/London")).strftime("%d %b %Y %H:%M")


class AttachmentsDialog(QDialog):
    """The case's attachments in a table, with "Attach scanned form…" and "View"."""

    def __init__(self, session: Session, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.reference = reference
        self.rows: list[Attachment] = []
        self.viewers: list[AttachmentViewer] = []
        self.setObjectName("attachmentsDialog")
        self.setWindowTitle(f"Scanned forms — {reference}")

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("attachments")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Attached files")
        self.table.setStyleSheet(
            "QTableWidget::item { padding: 4px 10px; }"
            "QHeaderView::section { padding: 4px 10px; background: #f3f3f3; border: none;"
            " border-bottom: 1px solid #c8c8c8; border-right: 1px solid #dddddd;"
            " font-weight: bold; }")
        self.table.verticalHeader().setDefaultSectionSize(
            self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(70)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("No scanned forms are attached to this case yet.\n\n"
                            "Use “Attach scanned form…” to add the signed disclosure form "
                            "or another scanned page.")
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #4a4a4a; background: white; border: 1px solid #c8c8c8;"
                                 " padding: 24px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.attach_button = QPushButton("Attach scanned form…")
        self.attach_button.setObjectName("attach")
        self.view_button = QPushButton("View")
        self.view_button.setObjectName("view")
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        self.attach_button.clicked.connect(self.attach)
        self.view_button.clicked.connect(self.view_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.view_selected())

        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.view_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.resize(960, 440)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        """Reload the list through the service (raises if the case may not be opened)."""
        self.rows = attachments.list_attachments(self.session, self.reference)
        self.table.setRowCount(len(self.rows))
        for row_number, row in enumerate(self.rows):
            cells = (row.filename, KIND_LABELS.get(row.media_type, row.media_type),
                     row.description, size_text(row.size), when_text(row.added_at),
                     row.added_by)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row_number, column, item)
            if row.id == select_id or (select_id is None and row_number == 0):
                self.table.selectRow(row_number)
        self.stack.setCurrentWidget(self.table if self.rows else self.empty)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.view_button.setEnabled(self.selected() is not None)

    def selected(self) -> Attachment | None:
        index = self.table.currentRow()
        chosen = self.table.selectionModel().selectedRows()
        if not chosen or not 0 <= index < len(self.rows):
            return None
        return self.rows[chosen[0].row()]

    def attach(self) -> Attachment | None:
        """Choose a file, describe it, and store its bytes in the database."""
        path = prompts.choose_scanned_file(self)
        if path is None:
            return None
        return self.attach_file(path)

    def attach_file(self, path: Path) -> Attachment | None:
        try:
            data = prompts.read_limited(path, attachments.MAX_BYTES)
        except OSError as error:
            show_error(self, error)
            return None
        description = prompts.ask_description(self, path.name)
        if description is None:
            return None
        try:
            with busy():
                row = attachments.add_attachment(self.session, self.reference, path.name, data,
                                                 description)
        except Exception as error:  # noqa: BLE001 - shown as a sentence
            show_error(self, error)
            return None
        finally:
            del data
        self.refresh(select_id=row.id)
        return row

    def view_selected(self) -> AttachmentViewer | None:
        row = self.selected()
        return None if row is None else self.view(row.id)

    def view(self, attachment_id: int) -> AttachmentViewer | None:
        try:
            with busy():
                row, data = attachments.read_attachment(self.session, attachment_id)
            viewer = AttachmentViewer(row, data, self)
        except Exception as error:  # noqa: BLE001 - shown as a sentence
            show_error(self, error)
            return None
        self.viewers = [v for v in self.viewers if v.isVisible()] + [viewer]
        viewer.show()
        return viewer
