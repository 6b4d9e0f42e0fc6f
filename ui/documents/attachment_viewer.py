"""Viewing an attached scan from memory: a PDF in QPdfView, images as pixmaps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import CsodsError
from ui.documents.pdf_pane import PdfPane
from ui.geometry import resize_within_screen

if TYPE_CHECKING:
    from app.services.attachments import Attachment

IMAGE_ZOOMS = (("Fit width", 0.0), ("Whole page", -1.0), ("50%", 0.5), ("100%", 1.0),
               ("200%", 2.0))


def read_images(data: bytes) -> list[QImage]:
    """Every page of an image file (a scanned TIFF may hold several), from memory."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    images: list[QImage] = []
    while True:
        image = reader.read()
        if image.isNull() or len(images) >= 200:
            break
        images.append(image)
        if not reader.jumpToNextImage():
            break
    buffer.close()
    if not images:
        raise CsodsError("This image cannot be shown on this computer; the file is kept "
                         "unchanged in the case.")
    return images


class ImagePane(QWidget):
    """The pages of an image, one under the other, with a zoom choice."""

    def __init__(self, images: list[QImage], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pixmaps = [QPixmap.fromImage(image) for image in images]
        self.zoom = QComboBox()
        self.zoom.setObjectName("zoom")
        self.zoom.setAccessibleName("Zoom")
        for text, factor in IMAGE_ZOOMS:
            self.zoom.addItem(text, factor)
        self.labels: list[QLabel] = []
        pages = QWidget()
        column = QVBoxLayout(pages)
        column.setSpacing(12)
        for number, _ in enumerate(self.pixmaps, start=1):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAccessibleName(f"Scanned page {number}")
            label.setStyleSheet("background: white;")
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.labels.append(label)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(pages)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setStyleSheet("QScrollArea { background: #6b6b6b; }")
        pages.setStyleSheet("background: #6b6b6b;")
        bar = QHBoxLayout()
        count = len(self.pixmaps)
        bar.addWidget(QLabel(f"{count} page{'s' if count != 1 else ''}"))
        bar.addStretch(1)
        bar.addWidget(QLabel("Zoom"))
        bar.addWidget(self.zoom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)
        self.zoom.currentIndexChanged.connect(self.apply_zoom)

    def apply_zoom(self) -> None:
        factor = float(self.zoom.currentData())
        viewport = self.scroll_area.viewport()
        room = max(200, viewport.width() - 40)
        tall = max(200, viewport.height() - 24)
        for label, pixmap in zip(self.labels, self.pixmaps, strict=True):
            if factor < 0:  # the whole page in view
                width = min(room, round(pixmap.width() * tall / max(1, pixmap.height())))
            else:
                width = room if factor == 0 else round(pixmap.width() * factor)
            label.setPixmap(pixmap.scaledToWidth(max(1, width),
                                                 Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if float(self.zoom.currentData()) <= 0:
            self.apply_zoom()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.apply_zoom()


class AttachmentViewer(QDialog):
    """One attachment, shown from the bytes read (and audited) by the service."""

    def __init__(self, row: Attachment, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setObjectName("attachmentViewer")
        self.setWindowTitle(f"{row.filename} — scanned form")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.pdf: PdfPane | None = None
        self.images: ImagePane | None = None
        if row.media_type == "application/pdf":
            self.pdf = PdfPane(data, self)
            body: QWidget = self.pdf
        else:
            self.images = ImagePane(read_images(data), self)
            body = self.images
        heading = QLabel(f"<b>{_escape(row.filename)}</b>"
                         + (f" — {_escape(row.description)}" if row.description else ""))
        heading.setWordWrap(True)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body, 1)
        layout.addLayout(buttons)
        resize_within_screen(self, 860, 900)
        if self.pdf is not None:
            pdf = self.pdf
            self.finished.connect(lambda _result: pdf.clear())



def _escape(text: str) -> str:
    from html import escape

    return escape(text)
