"""The case window's header: reference, stage, the most urgent deadline (every deadline
one click away), flags."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.contacts import attempts_phrase
from app.domain.enums import Stage
from app.domain.timescales import LONDON, DeadlineState, policy_label, urgency_key
from app.services.case_file import CaseFile
from ui.wizard import style

DUE_FORMAT = "%a %d %b %Y %H:%M"
DUE_SHORT = "%d %b %Y %H:%M"


def _chip(text: str, kind: str, parent: QWidget) -> QLabel:
    background, colour = style.FLAG_COLOURS[kind]
    label = QLabel(text, parent)
    label.setStyleSheet(style.chip_style(background, colour) + "font-weight:bold;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseHeader(QWidget):
    """Shows the case at a glance; ``alerts_requested`` when the repeat flag is clicked.

    Compact so the page keeps the screen (issue 12 item 8): one line with the reference,
    the stage, the contact time and the most urgent timescale; every timescale opens
    under it with the "Timescales" button; flags take a second line only when there are
    any.
    """

    alerts_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_header")
        rows = QVBoxLayout(self)
        rows.setContentsMargins(12, 4, 12, 4)
        rows.setSpacing(3)
        line = QHBoxLayout()
        line.setSpacing(14)
        self.reference = QLabel(self)
        self.reference.setObjectName("header_reference")
        style.larger(self.reference, 1.2)
        style.bold(self.reference)
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stage = QLabel(self)
        self.stage.setObjectName("header_stage")
        style.bold(self.stage)
        self.contact = QLabel(self)
        self.contact.setObjectName("header_contact")
        self.next_deadline = QLabel(self)
        self.next_deadline.setObjectName("header_next_deadline")
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("toggle_timescales")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setText("&Timescales")
        self.toggle.setAccessibleName("Show every timescale")
        self.toggle.toggled.connect(self.show_all_timescales)
        for widget in (self.reference, self.stage, self.contact):
            line.addWidget(widget)
        line.addStretch(1)
        line.addWidget(self.next_deadline)
        line.addWidget(self.toggle)
        rows.addLayout(line)
        self.timescales = QWidget(self)
        self.timescales.setObjectName("header_timescales")
        self.deadline_grid = QGridLayout(self.timescales)
        self.deadline_grid.setContentsMargins(0, 0, 0, 0)
        self.deadline_grid.setHorizontalSpacing(10)
        self.deadline_grid.setVerticalSpacing(2)
        self.timescales.hide()
        rows.addWidget(self.timescales, 0, Qt.AlignmentFlag.AlignRight)
        self.flag_row = QWidget(self)
        self.flags = QHBoxLayout(self.flag_row)
        self.flags.setContentsMargins(0, 0, 0, 0)
        self.flags.setSpacing(6)
        rows.addWidget(self.flag_row)
        self.flag_widgets: list[QWidget] = []
        self.deadline_widgets: list[QWidget] = []
        self.repeat_button: QPushButton | None = None

    def show_all_timescales(self, on: bool) -> None:
        """Open (or fold) the list of every timescale under the header line."""
        self.toggle.setChecked(on)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.toggle.setAccessibleName("Hide the timescales" if on else "Show every timescale")
        self.timescales.setVisible(on)

    def update_case(self, case: CaseFile, shown: Stage | None, status: str,
                    *, today: date | None = None) -> None:
        """Show ``case``; ``shown`` is the stage on the page, ``status`` a short state;
        ``today`` (UK date) shows referrals whose chase-by date has passed."""
        self.reference.setText(f"Case {case.reference}")
        stage_text = f"Stage {int(shown)} — {shown.title}" if shown else ""
        if shown is Stage.CLOSURE:
            stage_text = "Closure"
        self.stage.setText(f"{stage_text}  ·  {status}" if status else stage_text)
        contact = case.contact_at.astimezone(LONDON)
        # A police-initiated case has no applicant, so no "first contact" (¶5, 2.6).
        began = ("Police began considering disclosure" if case.right_to_know
                 else "First contact")
        self.contact.setText(f"{began} {contact:{DUE_SHORT}}")
        self.contact.setToolTip(f"{began} {contact:{DUE_FORMAT}} (UK time); "
                                "timescales run from this moment.")
        self._show_flags(case)
        self._show_deadlines(case)
        if today is not None:
            self._show_overdue_chases(case, today)
        self._show_most_urgent(case)

    def _show_flags(self, case: CaseFile) -> None:
        style.clear_layout(self.flags)
        self.flag_widgets = []
        self.repeat_button = None
        if case.immediate_risk:
            count = len(case.risks)
            chip = _chip(f"IMMEDIATE RISK recorded ({count})", "risk", self)
            chip.setObjectName("flag_immediate_risk")
            chip.setToolTip("An immediate or imminent risk to a child has been recorded "
                            "(¶2.7, 5.1.11). The case carries on.")
            self.flag_widgets.append(chip)
        if case.repeat_matches:
            many = case.repeat_matches != 1
            button = QPushButton(
                f"Repeat subject: {case.repeat_matches} possible match{'es' if many else ''}…",
                self)
            button.setObjectName("flag_repeat_subject")
            background, colour = style.FLAG_COLOURS["repeat"]
            button.setStyleSheet(f"QPushButton {{{style.chip_style(background, colour)}"
                                 f" font-weight:bold; border:1px solid {colour};}}")
            button.setToolTip("Other cases may be about the same subject. Opening the list "
                              "is recorded in the audit log.")
            button.clicked.connect(self.alerts_requested)
            self.repeat_button = button
            self.flag_widgets.append(button)
        if case.extended:
            chip = _chip("Timescale extended", "extended", self)
            chip.setObjectName("flag_extended")
            self.flag_widgets.append(chip)
        if case.awaiting_signoff:
            chip = _chip("Waiting for supervisor sign-off", "waiting", self)
            chip.setObjectName("flag_awaiting_signoff")
            self.flag_widgets.append(chip)
        elif case.signoff == "returned":
            comment = case.last_signoff_comment or ""
            chip = _chip(f"Decision returned by supervisor: {comment}", "returned", self)
            chip.setObjectName("flag_signoff_returned")
            chip.setWordWrap(True)
            self.flag_widgets.append(chip)
        if not case.is_open:
            route = case.route.label if case.route else ""
            chip = _chip(f"Closed — {route}" if route else "Closed", "closed", self)
            chip.setObjectName("flag_closed")
            self.flag_widgets.append(chip)
        for widget in self.flag_widgets:
            self.flags.addWidget(widget)
        self.flags.addStretch(1)
        self.flag_row.setVisible(bool(self.flag_widgets))

    def _show_deadlines(self, case: CaseFile) -> None:
        style.clear_layout(self.deadline_grid)
        self.deadline_widgets = []
        row = -1
        for deadline in case.deadlines:
            row += 1
            label = policy_label(deadline.kind, case.policy)
            name = QLabel(label, self)
            background, colour = style.DEADLINE_COLOURS[deadline.state]
            state = QLabel(deadline.state.label, self)
            state.setObjectName(f"deadline_{deadline.kind.value}")
            state.setStyleSheet(style.chip_style(background, colour) + "font-weight:bold;")
            state.setAlignment(Qt.AlignmentFlag.AlignCenter)
            due_text = f"due {deadline.due_local():{DUE_SHORT}}"
            if deadline.extended:
                due_text += " (extended)"
            due = QLabel(due_text, self)
            tip = f"{label} ({deadline.kind.paragraph}): {deadline.state.label}, " \
                  f"{due_text}."
            late = deadline.state in (DeadlineState.OVERDUE, DeadlineState.MISSED)
            phrase = attempts_phrase(case.contacts, deadline) if late else ""
            if phrase:
                tip += f" {phrase} (contact log)."
            for column, widget in enumerate((name, state, due)):
                widget.setToolTip(tip)
                self.deadline_grid.addWidget(widget, row, column)
                self.deadline_widgets.append(widget)
            state.setAccessibleName(tip)
            if phrase:  # on its own line below, so the header keeps its width
                row += 1
                attempts = QLabel(f"↳ {phrase}", self)
                attempts.setObjectName(f"attempts_{deadline.kind.value}")
                attempts.setStyleSheet("color:#444; font-style:italic;")
                attempts.setToolTip(tip)
                self.deadline_grid.addWidget(attempts, row, 0, 1, 3)
                self.deadline_widgets.append(attempts)

    def _show_overdue_chases(self, case: CaseFile, today: date) -> None:
        """One more timescale row when a referral's chase-by date has passed (¶3.6)."""
        overdue = case.overdue_referrals(today)
        if not overdue:
            return
        row = self.deadline_grid.rowCount()
        many = len(overdue) != 1
        name = QLabel(f"Safeguarding referral{'s' if many else ''} to chase", self)
        background, colour = style.DEADLINE_COLOURS[DeadlineState.OVERDUE]
        state = QLabel("Chase overdue", self)
        state.setObjectName("deadline_referral_chase")
        state.setStyleSheet(style.chip_style(background, colour) + "font-weight:bold;")
        state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        first = min(overdue, key=lambda r: r.chase_by or today)
        due = QLabel(f"chase by {first.chase_by:%d %b %Y}" + (f" (+{len(overdue) - 1})"
                                                               if many else ""), self)
        agencies = ", ".join(r.agency_label for r in overdue)
        tip = (f"Chase overdue (¶3.6): no outcome yet from {agencies}, past the chase-by "
               "date. Open Referrals to record the outcome.")
        for column, widget in enumerate((name, state, due)):
            widget.setToolTip(tip)
            self.deadline_grid.addWidget(widget, row, column)
            self.deadline_widgets.append(widget)
        state.setAccessibleName(tip)

    def _show_most_urgent(self, case: CaseFile) -> None:
        """The one timescale to watch: overdue first, then due soon, then the next due."""
        pending = [d for d in case.deadlines if d.state.outstanding]
        if not pending:
            self.next_deadline.setText("No timescale outstanding")
            self.next_deadline.setStyleSheet("")
            self.next_deadline.setAccessibleName("No timescale outstanding")
            return
        deadline = min(pending, key=lambda d: urgency_key([d]))
        background, colour = style.DEADLINE_COLOURS[deadline.state]
        text = (f"{policy_label(deadline.kind, case.policy)}: {deadline.state.label}, due "
                f"{deadline.due_local():{DUE_SHORT}}")
        self.next_deadline.setText(text)
        self.next_deadline.setStyleSheet(style.chip_style(background, colour)
                                         + "font-weight:bold;")
        more = len(case.deadlines) - 1
        self.next_deadline.setToolTip(f"The most urgent timescale ({deadline.kind.paragraph}). "
                                      f"{more} more under Timescales.")
        self.next_deadline.setAccessibleName(f"Most urgent timescale: {text}")
