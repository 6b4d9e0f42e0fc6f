"""Printing from memory: a PDF built by a service (QtPdf renders each page onto the
printer) or a short HTML sheet (QTextDocument). No file is ever written here."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from app.errors import CsodsError

MAX_DPI = 300  # page images beyond this add memory, not legibility


class PrintFailed(CsodsError):
    pass


def new_printer() -> QPrinter:
    return QPrinter(QPrinter.PrinterMode.HighResolution)


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Render every page of ``pdf`` onto ``printer``; returns the number of pages."""
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    pages = document.pageCount()
    if pages <= 0:
        raise PrintFailed("The summary could not be prepared for printing.")
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed("The printer could not be started. Check it is switched on and "
                          "try again.")
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for page in range(pages):
            if page:
                printer.newPage()
            area: QRect = painter.viewport()
            points = document.pagePointSize(page)
            scale = min(area.width() / points.width(), area.height() / points.height())
            target = QRect(area.left(), area.top(), int(points.width() * scale),
                           int(points.height() * scale))
            image = document.render(page, QSize(int(points.width() * dpi / 72),
                                                int(points.height() * dpi / 72)))
            painter.drawImage(target, image)
    finally:
        painter.end()
        document.close()
        buffer.close()
    return pages


def print_html(html: str, printer: QPrinter) -> None:
    document = QTextDocument()
    document.setHtml(html)
    document.print_(printer)
