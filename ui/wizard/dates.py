"""DATE and DATETIME editors: typed boxes that hold exactly the date typed, or say why not.

Dates are stored "YYYY-MM-DD".  Instants are typed and shown on the
Europe/London wall clock and stored in UTC ISO 8601 (``to_utc_iso``).  An empty
box is "not set" (there is no Clear link to tab through); a box that cannot be
read stores nothing and reports ``input_problem()``, which the page shows beside
the field and in What's missing, and which stops the stage being completed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from app.domain.forms import Field, to_utc_iso
from app.domain.timescales import LONDON
from ui.date_input import DateLine, TimeLine, calendar_button
from ui.wizard import style
from ui.wizard.editors import FieldEditor


def stored_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class DateEditor(FieldEditor):
    """DATE: typed dd/mm/yyyy (or 14031988, 14/3/88), with a calendar on F4."""

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.edit = DateLine(self)
        self.edit.setObjectName(path)
        self.calendar = calendar_button(self.edit, self)
        layout = self._hbox()
        layout.addWidget(self.edit)
        layout.addWidget(self.calendar)
        layout.addStretch(1)
        self.edit.edited.connect(self.changed)

    def value(self) -> Any:
        parsed = self.edit.value()
        return None if parsed is None else parsed.isoformat()

    def set_value(self, value: Any) -> None:
        self.edit.set_value(stored_date(value))

    def input_problem(self) -> str | None:
        return self.edit.problem()

    def typed_texts(self) -> tuple[str, ...]:
        return (self.edit.text(),)

    def restore_typed(self, texts: tuple[str, ...]) -> None:
        if texts:
            self.edit.setText(texts[0])
            self.edit.tidy()

    def input_widget(self) -> QWidget:
        return self.edit

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        self.edit.setReadOnly(on)
        self.calendar.setVisible(not on)


class DateTimeEditor(FieldEditor):
    """DATETIME: a London date and time (two boxes), stored as a UTC instant."""

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self.setObjectName(path)
        self.date_edit = DateLine(self)
        self.date_edit.setObjectName(f"{path}:date")
        self.calendar = calendar_button(self.date_edit, self)
        self.time_edit = TimeLine(self)
        self.time_edit.setObjectName(f"{path}:time")
        zone = QLabel("UK time", self)
        zone.setToolTip("Type the time as shown on a clock in the UK (GMT or BST); "
                        "it is stored in UTC.")
        layout = self._hbox()
        for widget in (self.date_edit, self.calendar, self.time_edit, zone):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFocusProxy(self.date_edit)
        self.date_edit.edited.connect(self.changed)
        self.time_edit.edited.connect(self.changed)
        self.setMaximumWidth(style.INPUT_MAX_WIDTH)

    def moment(self) -> datetime | None:
        day, clock = self.date_edit.value(), self.time_edit.value()
        if day is None or clock is None:
            return None
        return datetime.combine(day, clock, LONDON)

    def value(self) -> Any:
        moment = self.moment()
        return None if moment is None else to_utc_iso(moment)

    def input_problem(self) -> str | None:
        problem = self.date_edit.problem() or self.time_edit.problem()
        if problem:
            return problem
        typed_date = bool(self.date_edit.text().strip())
        typed_time = bool(self.time_edit.text().strip())
        if typed_date and not typed_time:
            return "Give the time as well (HH:MM, UK clock)."
        if typed_time and not typed_date:
            return "Give the date as well (dd/mm/yyyy)."
        return None

    def typed_texts(self) -> tuple[str, ...]:
        return (self.date_edit.text(), self.time_edit.text())

    def restore_typed(self, texts: tuple[str, ...]) -> None:
        for box, text in zip((self.date_edit, self.time_edit), texts, strict=False):
            box.setText(text)
            box.tidy()

    def set_value(self, value: Any) -> None:
        moment = None
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                moment = None
        if moment is None or moment.tzinfo is None:
            self.date_edit.set_value(None)
            self.time_edit.set_value(None)
            return
        local = moment.astimezone(LONDON)
        self.time_edit.set_value(local.time().replace(second=0, microsecond=0))
        self.date_edit.set_value(local.date())

    def input_widget(self) -> QWidget:
        return self.date_edit

    def focus_chain(self) -> list[QWidget]:
        return [self.date_edit, self.time_edit]

    def set_read_only(self, on: bool) -> None:
        super().set_read_only(on)
        self.date_edit.setReadOnly(on)
        self.time_edit.setReadOnly(on)
        self.calendar.setVisible(not on)

    def describe_for_screen_readers(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        self.date_edit.setAccessibleName(f"{name}: date")
        self.date_edit.setAccessibleDescription(description)
        self.time_edit.setAccessibleName(f"{name}: time, UK clock")
        self.time_edit.setAccessibleDescription(description)
