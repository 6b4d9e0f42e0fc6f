"""A PDF shown from memory: QPdfDocument over a QBuffer, never a file.

Used by the document preview and by the attachment viewer. The toolbar has
page navigation ("Page 2 of 5") and zoom; the bytes are dropped on ``clear``.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import CsodsError

#: Zoom choices: label → factor (0 = fit the width, -1 = whole page).
ZOOMS: tuple[tuple[str, float], ...] = (
    ("Fit width", 0.0), ("Whole page", -1.0), ("50%", 0.5), ("75%", 0.75), ("100%", 1.0),
    ("125%", 1.25), ("150%", 1.5), ("200%", 2.0), ("300%", 3.0),
)
_STEPS = tuple(factor for _, factor in ZOOMS if factor > 0)


def load_pdf(data: bytes, parent: QWidget) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument reading ``data`` from memory; keep the buffer alive with it."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        document.close()
        buffer.close()
        raise CsodsError("The PDF could not be opened: it may be damaged.")
    return document, buffer


class PdfPane(QWidget):
    """Page navigation and zoom above a continuous view of the pages."""

    def __init__(self, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document, self._buffer = load_pdf(data, self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("QPdfView { background: #6b6b6b; }")
        self.view.setAccessibleName("Document pages")

        self.page = QSpinBox()
        self.page.setObjectName("pageNumber")
        self.page.setRange(1, self.document.pageCount())
        self.page.setAccessibleName("Page number")
        self.page.setKeyboardTracking(False)
        self.page_of = QLabel(f"of {self.document.pageCount()}")
        self.previous = QPushButton("◀ Previous page")
        self.next = QPushButton("Next page ▶")
        self.zoom = QComboBox()
        self.zoom.setObjectName("zoom")
        self.zoom.setAccessibleName("Zoom")
        for label, factor in ZOOMS:
            self.zoom.addItem(label, factor)
        zoom_out = QPushButton("−")
        zoom_out.setToolTip("Zoom out (Ctrl+−)")
        zoom_out.setAccessibleName("Zoom out")
        zoom_in = QPushButton("+")
        zoom_in.setToolTip("Zoom in (Ctrl++)")
        zoom_in.setAccessibleName("Zoom in")
        for small in (zoom_out, zoom_in):
            small.setFixedWidth(small.sizeHint().height() + 8)

        bar = QHBoxLayout()
        bar.addWidget(self.previous)
        bar.addWidget(QLabel("Page"))
        bar.addWidget(self.page)
        bar.addWidget(self.page_of)
        bar.addWidget(self.next)
        bar.addStretch(1)
        bar.addWidget(QLabel("Zoom"))
        bar.addWidget(zoom_out)
        bar.addWidget(self.zoom)
        bar.addWidget(zoom_in)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        navigator = self.view.pageNavigator()
        navigator.currentPageChanged.connect(self._page_shown)
        self.page.valueChanged.connect(lambda number: self.go_to(number - 1))
        self.previous.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.zoom.currentIndexChanged.connect(self._zoom_chosen)
        zoom_in.clicked.connect(lambda: self.step_zoom(+1))
        zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        for keys, step in ((QKeySequence.StandardKey.ZoomIn, +1),
                           (QKeySequence.StandardKey.ZoomOut, -1)):
            QShortcut(keys, self, lambda s=step: self.step_zoom(s))
        self._zoom_chosen()
        self._page_shown(0)

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, index: int) -> None:
        index = max(0, min(index, self.page_count() - 1))
        if index != self.current_page():
            self.view.pageNavigator().jump(index, QPointF(), 0)
        self._page_shown(index)

    def _page_shown(self, index: int) -> None:
        self.page.blockSignals(True)
        self.page.setValue(index + 1)
        self.page.blockSignals(False)
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index < self.page_count() - 1)

    def _zoom_chosen(self) -> None:
        factor = float(self.zoom.currentData())
        if factor == 0:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif factor < 0:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(factor)

    def step_zoom(self, direction: int) -> None:
        """The next fixed zoom above (+1) or below (-1) what is shown now."""
        now = self.view.zoomFactor()
        if direction > 0:
            bigger = [f for f in _STEPS if f > now + 0.01]
            factor = bigger[0] if bigger else _STEPS[-1]
        else:
            smaller = [f for f in _STEPS if f < now - 0.01]
            factor = smaller[-1] if smaller else _STEPS[0]
        self.zoom.setCurrentIndex(self.zoom.findData(factor))

    def clear(self) -> None:
        """Forget the document (and the bytes in memory)."""
        self.document.close()
        self._buffer.close()
        self._buffer.setData(QByteArray())

