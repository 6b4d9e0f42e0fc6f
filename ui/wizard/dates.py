"""DATE and DATETIME editors with an explicit "not set" state.

Dates are stored "YYYY-MM-DD".  Instants are typed and shown on the
Europe/London wall clock and stored in UTC ISO 8601 (``to_utc_iso``).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTime
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QLabel, QTimeEdit, QToolButton, QWidget

from app.domain.forms import Field, to_utc_iso
from app.domain.timescales import LONDON
from ui.wizard import style
from ui.wizard.editors import FieldEditor

#: The date standing for "not set" (shown as the words "Not set").
UNSET = QDate(1800, 1, 1)
NOT_SET_TEXT = "Not set"
DATE_FORMAT = "dd/MM/yyyy"


class QuietDateEdit(QDateEdit):
    """A date box with a calendar popup, a "Not set" state and no wheel surprises."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.setMinimumDate(UNSET)
        self.setMaximumDate(QDate(2999, 12, 31))
        self.setSpecialValueText(NOT_SET_TEXT)
        self.setDate(UNSET)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 40)
        # An unset date opens its calendar at this month, not in 1800.
        self.calendarWidget().installEventFilter(self)

    def is_set(self) -> bool:
        return self.date() != UNSET

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # "Not set" is text Qt cannot type over: the first digit or arrow starts from
        # today, and the digits typed then fill in day, month and year.
        steps = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        if not self.is_set() and not self.isReadOnly():
            digit = event.text().isdigit()
            if digit or event.key() in steps:
                self.setDate(QDate.currentDate())
                self.setSelectedSection(QDateTimeEdit.Section.DaySection)
                if not digit:
                    return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt override
        # Tab leaves the field (Qt would step through day, month and year, and gets
        # stuck on "Not set"); arrow keys and "/" still move between the parts.
        return QWidget.focusNextPrevChild(self, forward)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if event.type() == QEvent.Type.Show and not self.is_set():
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return False

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class QuietTimeEdit(QTimeEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("HH:mm")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt override
        return QWidget.focusNextPrevChild(self, forward)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


def to_qdate(value: Any) -> QDate | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return QDate(parsed.year, parsed.month, parsed.day)


def _clear_button(parent: QWidget, path: str) -> QToolButton:
    button = QToolButton(parent)
    button.setText("Clear")
    button.setObjectName(f"{path}:clear")
    button.setToolTip("Clear the date (not set)")
    button.setStyleSheet(style.LINK_BUTTON)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class DateEditor(FieldEditor):
    """DATE: dd/mm/yyyy with a calendar, "Not set" until chosen."""

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.edit = QuietDateEdit(self)
        self.edit.setObjectName(path)
        self.clear = _clear_button(self, path)
        self.clear.clicked.connect(lambda: self.set_value(None))
        layout = self._hbox()
        layout.addWidget(self.edit)
        layout.addWidget(self.clear)
        layout.addStretch(1)
        self.edit.dateChanged.connect(self._changed)
        self._sync()

    def _changed(self) -> None:
        self._sync()
        self.changed.emit()

    def _sync(self) -> None:
        self.clear.setVisible(self.edit.is_set() and not self.read_only)

    def value(self) -> Any:
        if not self.edit.is_set():
            return None
        return str(self.edit.date().toString("yyyy-MM-dd"))

    def set_value(self, value: Any) -> None:
        self.edit.setDate(to_qdate(value) or UNSET)
        self._sync()

    def input_widget(self) -> QWidget:
        return self.edit

    def focus_chain(self) -> list[QWidget]:
        return [self.edit, self.clear]

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        self.edit.setReadOnly(on)
        self.edit.setCalendarPopup(not on)
        self._sync()


class DateTimeEditor(FieldEditor):
    """DATETIME: a London date and time, stored as a UTC instant."""

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.setObjectName(path)
        self.date_edit = QuietDateEdit(self)
        self.date_edit.setObjectName(f"{path}:date")
        self.time_edit = QuietTimeEdit(self)
        self.time_edit.setObjectName(f"{path}:time")
        self.time_edit.setEnabled(False)
        zone = QLabel("UK time", self)
        zone.setToolTip("Type the time as shown on a clock in the UK (GMT or BST); "
                        "it is stored in UTC.")
        self.clear = _clear_button(self, path)
        self.clear.clicked.connect(lambda: self.set_value(None))
        layout = self._hbox()
        for widget in (self.date_edit, self.time_edit, zone, self.clear):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFocusProxy(self.date_edit)
        self.date_edit.dateChanged.connect(self._changed)
        self.time_edit.timeChanged.connect(self._changed)
        self._sync()
        self.setMaximumWidth(style.INPUT_MAX_WIDTH)

    def _changed(self) -> None:
        self._sync()
        self.changed.emit()

    def _sync(self) -> None:
        on = self.date_edit.is_set()
        self.time_edit.setEnabled(on)
        self.clear.setVisible(on and not self.read_only)

    def value(self) -> Any:
        if not self.date_edit.is_set():
            return None
        qd, qt = self.date_edit.date(), self.time_edit.time()
        local = datetime.combine(date(qd.year(), qd.month(), qd.day()),
                                 time(qt.hour(), qt.minute()), LONDON)
        return to_utc_iso(local)

    def set_value(self, value: Any) -> None:
        moment = None
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                moment = None
        if moment is None or moment.tzinfo is None:
            self.date_edit.setDate(UNSET)
            self.time_edit.setTime(QTime(0, 0))
        else:
            local = moment.astimezone(LONDON)
            self.time_edit.setTime(QTime(local.hour, local.minute))
            self.date_edit.setDate(QDate(local.year, local.month, local.day))
        self._sync()

    def input_widget(self) -> QWidget:
        return self.date_edit

    def focus_chain(self) -> list[QWidget]:
        return [self.date_edit, self.time_edit, self.clear]

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        self.date_edit.setReadOnly(on)
        self.date_edit.setCalendarPopup(not on)
        self.time_edit.setReadOnly(on)
        self._sync()

    def describe_for_screen_readers(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        self.date_edit.setAccessibleName(f"{name}: date")
        self.date_edit.setAccessibleDescription(description)
        self.time_edit.setAccessibleName(f"{name}: time, UK clock")
        self.time_edit.setAccessibleDescription(description)
