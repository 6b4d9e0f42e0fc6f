"""Printing a PDF held in memory: each page rendered by QtPdf and painted on the printer.

Nothing is spooled to a file by us: the pages go from memory to the paint
device (a ``QPrinter``, or in tests a ``QPdfWriter`` over a ``QBuffer``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from app.errors import CsodsError

#: Pages are rendered at the printer's resolution, but at most this many dots per
#: inch: an A4 page at 300 dpi is already ~35 MB in memory, and text is crisp.
MAX_RENDER_DPI = 300


def prepare_printer(document: QPdfDocument) -> QPrinter:
    """A printer set to the document's paper size, painting on the whole sheet."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    size = document.pagePointSize(0)
    page_size = QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (QPageLayout.Orientation.Landscape if size.width() > size.height()
                   else QPageLayout.Orientation.Portrait)
    printer.setPageLayout(QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)  # the PDF carries its own margins
    printer.setDocName("CSODS document")
    return printer


def pages_chosen(printer: QPrinter, page_count: int) -> range:
    """The pages (0-based) the print dialog asked for: all, or its page range."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(page_count, printer.toPage() or page_count)
        return range(first - 1, max(first - 1, last))
    return range(page_count)


def copies_to_paint(printer: QPrinter) -> int:
    """Copies we must paint ourselves (the print system makes them when it can)."""
    return 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())


def paint_document(document: QPdfDocument, device: QPagedPaintDevice, pages: range,
                   *, copies: int = 1, painter: QPainter | None = None) -> int:
    """Render ``pages`` of ``document`` onto ``device``, ``copies`` times (collated).

    ``painter`` may be one already begun on ``device``. Returns pages painted.
    """
    own = painter is None
    painter = painter or QPainter()
    if own and not painter.begin(device):
        raise CsodsError("The printer could not be started. Check it is switched on and "
                         "connected, then try again.")
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    device_dpi = device.logicalDpiX()
    render_dpi = min(device_dpi, MAX_RENDER_DPI)
    options = QPdfDocumentRenderOptions()
    layout = device.pageLayout()
    full = layout.fullRectPixels(device_dpi)
    paint = layout.paintRectPixels(device_dpi)
    origin_x, origin_y = full.x() - paint.x(), full.y() - paint.y()
    painted = 0
    try:
        for _ in range(copies):
            for index in pages:
                if painted:
                    device.newPage()
                points: QSizeF = document.pagePointSize(index)
                image = document.render(index, QSize(round(points.width() / 72 * render_dpi),
                                                      round(points.height() / 72 * render_dpi)),
                                        options)
                if image.isNull():
                    raise CsodsError(f"Page {index + 1} could not be prepared for printing.")
                target = QRectF(origin_x, origin_y, points.width() / 72 * device_dpi,
                                points.height() / 72 * device_dpi)
                painter.drawImage(target, image)
                painted += 1
    finally:
        if own:
            painter.end()
    return painted


def print_audited(parent: QWidget, document: QPdfDocument,
                  audit: Callable[[int], None], *, doc_name: str | None = None) -> bool:
    """Ask the print dialog, call ``audit(copies)`` (before anything reaches paper; a
    failed audit stops the print), then print. False when cancelled or failed (the
    failure is said to the user)."""
    from ui.documents import prompts
    from ui.messages import busy, show_error

    printer = prepare_printer(document)
    if doc_name:
        printer.setDocName(doc_name)
    if not prompts.ask_printer(parent, printer, document.pageCount()):
        return False
    pages = pages_chosen(printer, document.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        show_error(parent, "The printer could not be started. Check it is switched on and "
                           "connected, then try again.")
        return False
    try:
        with busy():
            audit(max(1, printer.copyCount()))
            paint_document(document, printer, pages, copies=copies_to_paint(printer),
                           painter=painter)
    except Exception as error:  # noqa: BLE001 - every failure becomes a sentence
        printer.abort()
        painter.end()
        show_error(parent, error)
        return False
    painter.end()
    return True
