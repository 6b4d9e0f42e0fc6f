"""Dialogs of the case window: auxiliary forms, closing early, repeat-subject alerts.

A dialog that records something emits ``recorded`` with what the service returned
(the case as it now is) once it has closed; never when it is cancelled or refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Route
from app.domain.forms import AuxForm, validate_values
from app.services.case_actions import RepeatAlert
from ui.messages import Failed
from ui.wizard import style
from ui.wizard.missing import MissingPanel
from ui.wizard.page import PageWidget
from ui.wizard.submit import submit_or_show


class FormDialog(QDialog):
    """An auxiliary form (immediate risk, extension) generated from the schema.

    ``submit`` records the values through a service; refusals are shown in the
    dialog and the typed values stay until the officer fixes them or cancels.
    """

    recorded = Signal(object)  # what ``submit`` returned, after the dialog has closed

    def __init__(self, form: AuxForm, submit: Callable[[dict[str, Any]], object],
                 now: Callable[[], datetime], parent: QWidget | None = None,
                 *, intro: str = "") -> None:
        super().__init__(parent)
        self.setObjectName(f"dialog_{form.name}")
        self.setWindowTitle(form.title)
        self.form = form
        self.submit = submit
        self.now = now
        self.result_value: object = None
        self.page = PageWidget(form, self, intro=intro)
        self.page_scroll = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.page)
        self.missing = MissingPanel(self, done_note="Nothing is missing: it can be recorded.")
        self.missing.setMaximumWidth(16777215)
        self.missing.setMaximumHeight(150)
        self.missing.path_chosen.connect(self._go_to)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("&Record", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("dialog_record")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.missing)
        layout.addWidget(self.buttons)
        # What's missing follows every keystroke and tick at once (issue 12 item 7).
        self.page.changed.connect(self.revalidate)
        self.page.structure_changed.connect(self.revalidate)
        self.resize(860, 620)
        self.revalidate()

    def revalidate(self) -> None:
        values = self.page.values()
        self.page.refresh({})
        problems = self.page.check(validate_values(self.form, values, now=self.now()))
        self.missing.show_problems(problems)
        self.ok.setEnabled(not problems)

    def _go_to(self, path: str) -> None:
        widget = self.page.focus_path(path)
        if widget is not None:
            self.page_scroll.ensureWidgetVisible(widget, 40, 80)

    def accept(self) -> None:
        self.revalidate()
        if not self.ok.isEnabled():
            return
        values = self.page.values()
        result = submit_or_show(self, lambda: self.submit(values), self.missing)
        if isinstance(result, Failed):
            return
        self.result_value = result
        super().accept()
        self.recorded.emit(result)


EARLY_CHOICES = (
    (Route.WITHDRAWN, "Withdrawn — the applicant no longer wants to go ahead"),
    (Route.INTELLIGENCE_ONLY, "Intelligence only — keep the information as intelligence"),
)


class CloseEarlyDialog(QDialog):
    """Choose withdrawn or intelligence only, and say why."""

    recorded = Signal(object)  # what ``submit`` returned, after the dialog has closed

    def __init__(self, submit: Callable[[Route, str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog_close_early")
        self.setWindowTitle("Close the case early")
        self.submit = submit
        self.route: Route | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(style.help_label(
            "The case goes to closure now. You then complete the closure record with the "
            "final intelligence report (¶6.1). Whatever has been recorded is kept.", self))
        self.group = QButtonGroup(self)
        self.radios: dict[Route, QRadioButton] = {}
        for route, text in EARLY_CHOICES:
            radio = QRadioButton(text, self)
            radio.setObjectName(f"close_early:{route.value}")
            self.group.addButton(radio)
            self.radios[route] = radio
            layout.addWidget(radio)
        prompt = QLabel("&Reason for closing early *", self)
        style.bold(prompt)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("close_early:reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName("Reason for closing early, required")
        prompt.setBuddy(self.reason)
        layout.addWidget(prompt)
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("&Close case early",
                                         QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("dialog_close_early_ok")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.group.buttonToggled.connect(self._sync)
        self.reason.textChanged.connect(self._sync)
        self._sync()
        self.resize(560, 340)

    def chosen_route(self) -> Route | None:
        return next((r for r, radio in self.radios.items() if radio.isChecked()), None)

    def _sync(self) -> None:
        self.ok.setEnabled(self.chosen_route() is not None
                           and bool(self.reason.toPlainText().strip()))

    def accept(self) -> None:
        route = self.chosen_route()
        if route is None or not self.reason.toPlainText().strip():
            return
        reason = self.reason.toPlainText()
        result = submit_or_show(self, lambda: self.submit(route, reason))
        if isinstance(result, Failed):
            return
        self.route = route
        super().accept()
        self.recorded.emit(result)


class AlertsDialog(QDialog):
    """Other cases that may be about the same subject, with why they matched."""

    def __init__(self, alerts: Sequence[RepeatAlert], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog_repeat_alerts")
        self.setWindowTitle("Repeat-subject alerts")
        layout = QVBoxLayout(self)
        layout.addWidget(style.help_label(
            "These cases may be about the same subject. Check before relying on a match; "
            "viewing this list has been recorded in the audit log.", self))
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("alerts_list")
        self.tree.setHeaderLabels(["Case", "Status", "Match", "Why it matched"])
        self.tree.setWordWrap(True)
        self.tree.setRootIsDecorated(False)
        for alert in alerts:
            item = QTreeWidgetItem([alert.other_reference, alert.other_status,
                                    f"{alert.score:.0%}" if alert.score <= 1 else
                                    f"{alert.score:.0f}", "; ".join(alert.reasons)])
            self.tree.addTopLevelItem(item)
        if not alerts:
            layout.addWidget(QLabel("No other case matches this subject now.", self))
        for column, width in enumerate((130, 80, 60)):
            self.tree.setColumnWidth(column, width)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 360)
