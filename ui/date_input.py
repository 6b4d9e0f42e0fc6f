"""Date and time boxes that hold exactly what was typed, or say why they cannot.

A ``DateLine`` is a plain line of text read by ``app.domain.typed_dates``: the
officer types "14/03/1988", "14031988" or "4/3/88" and the box holds that date
(shown as dd/mm/yyyy once left), or it holds nothing and ``problem()`` says what is
wrong.  Nothing is filled in for them (no today's month, no default year), and the
date and the time are separate boxes, so keystrokes never spill from one into the
other.  F4 or Alt+Down (or the calendar button) opens a calendar.
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.timescales import LONDON
from app.domain.typed_dates import (
    TypedValueError,
    format_date,
    format_month,
    format_time,
    parse_typed_date,
    parse_typed_month,
    parse_typed_time,
    parse_typed_year,
)

ERROR_COLOUR = "#b00020"
INVALID_STYLE = "{kind} {{ border: 2px solid #b00020; background: #fff4f4; }}"


def london_today() -> date:
    return datetime.now(LONDON).date()


def mark_invalid(widget: QWidget, on: bool) -> None:
    """A red frame on an input whose content is wrong (the message is shown beside it)."""
    if bool(widget.property("invalid")) == on:
        return
    widget.setProperty("invalid", on)
    for kind in (QLineEdit, QPlainTextEdit, QComboBox):
        if isinstance(widget, kind):
            widget.setStyleSheet(INVALID_STYLE.format(kind=kind.__name__) if on else "")
            return


class _TypedLine(QLineEdit):
    """A line edit whose text is read by a parser; ``edited`` fires on every keystroke."""

    edited = Signal()

    def __init__(self, placeholder: str, width_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setMaxLength(20)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance(width_text) + 24)
        self.textChanged.connect(self._text_changed)
        self.editingFinished.connect(self.tidy)

    def _text_changed(self) -> None:
        mark_invalid(self, self.problem() is not None and not self.hasFocus())
        self.edited.emit()

    def problem(self) -> str | None:
        raise NotImplementedError

    def tidy(self) -> None:
        """Show a readable value in its usual form; mark a wrong one."""
        mark_invalid(self, self.problem() is not None)

    def focusOutEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)  # type: ignore[arg-type]
        self.tidy()


class DateLine(_TypedLine):
    """A date typed day first; ``value()`` is the date or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("dd/mm/yyyy", "00/00/00000", parent)
        self.calendar: CalendarPopup | None = None

    def value(self) -> date | None:
        try:
            return parse_typed_date(self.text(), london_today())
        except TypedValueError:
            return None

    def problem(self) -> str | None:
        try:
            parse_typed_date(self.text(), london_today())
        except TypedValueError as error:
            return str(error)
        return None

    def set_value(self, value: date | None) -> None:
        self.setText("" if value is None else format_date(value))

    def tidy(self) -> None:
        parsed = self.value()
        if parsed is not None and self.text() != format_date(parsed):
            self.set_value(parsed)
        super().tidy()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        down = event.key() == Qt.Key.Key_Down and \
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        if (event.key() == Qt.Key.Key_F4 or down) and not self.isReadOnly():
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> None:
        if self.isReadOnly():
            return
        self.calendar = CalendarPopup(self)
        self.calendar.show_under(self)


class TimeLine(_TypedLine):
    """A time of day on the 24-hour clock; ``value()`` is the time or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("HH:MM", "00:000", parent)

    def value(self) -> time | None:
        try:
            return parse_typed_time(self.text())
        except TypedValueError:
            return None

    def problem(self) -> str | None:
        try:
            parse_typed_time(self.text())
        except TypedValueError as error:
            return str(error)
        return None

    def set_value(self, value: time | None) -> None:
        self.setText("" if value is None else format_time(value))

    def tidy(self) -> None:
        parsed = self.value()
        if parsed is not None and self.text() != format_time(parsed):
            self.set_value(parsed)
        super().tidy()


class MonthLine(_TypedLine):
    """A month ("03/2026", "3/26", "Mar 2026"); ``value()`` is its first day or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("mm/yyyy", "September 00000", parent)

    def value(self) -> date | None:
        try:
            return parse_typed_month(self.text(), london_today())
        except TypedValueError:
            return None

    def problem(self) -> str | None:
        try:
            parse_typed_month(self.text(), london_today())
        except TypedValueError as error:
            return str(error)
        return None

    def set_value(self, value: date | None) -> None:
        self.setText("" if value is None else format_month(value))

    def tidy(self) -> None:
        parsed = self.value()
        if parsed is not None and self.text() != format_month(parsed):
            self.set_value(parsed)
        super().tidy()


class YearLine(_TypedLine):
    """A year ("2024", "24", "2024/25"); ``value()`` is the year or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("yyyy", "0000/000", parent)

    def value(self) -> int | None:
        try:
            return parse_typed_year(self.text(), london_today())
        except TypedValueError:
            return None

    def problem(self) -> str | None:
        try:
            parse_typed_year(self.text(), london_today())
        except TypedValueError as error:
            return str(error)
        return None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else f"{value:04d}")

    def tidy(self) -> None:
        parsed = self.value()
        if parsed is not None and self.text() != f"{parsed:04d}":
            self.set_value(parsed)
        super().tidy()


class CalendarPopup(QWidget):
    """A month calendar under a date box; choosing a day (Enter or click) types it in."""

    chosen = Signal(object)

    def __init__(self, line: DateLine) -> None:
        super().__init__(line, Qt.WindowType.Popup)
        self.line = line
        self.setObjectName("calendar_popup")
        self.calendar = QCalendarWidget(self)
        self.calendar.setAccessibleName("Choose a date")
        self.calendar.setGridVisible(True)
        start = line.value() or london_today()
        self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)

    def show_under(self, anchor: QWidget) -> None:
        self.move(anchor.mapToGlobal(anchor.rect().bottomLeft()))
        self.show()
        self.calendar.setFocus()

    def _pick(self, day: QDate) -> None:
        self.line.set_value(date(day.year(), day.month(), day.day()))
        self.line.setFocus()
        self.close()


def calendar_button(line: DateLine, parent: QWidget) -> QToolButton:
    """A small button opening the calendar; not a Tab stop (F4 in the box does the same)."""
    button = QToolButton(parent)
    button.setText("▾")
    button.setObjectName(f"{line.objectName()}:calendar")
    button.setToolTip("Choose from a calendar (F4 or Alt+Down in the date box)")
    button.setAccessibleName("Open a calendar")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(line.open_calendar)
    return button
