"""Banners above a page and the closing page that says what happens next."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.clock import from_iso
from app.domain.enums import Route, Stage
from app.domain.timescales import LONDON
from app.services.case_file import CaseFile
from ui.wizard import style

BANNER_KINDS = {
    "info": ("#e8eef7", "#1f3a5f"),
    "done": ("#dff0d8", "#1d4d1d"),
    "waiting": ("#fff1b8", "#5c4400"),
    "returned": ("#fbe3c9", "#6b3500"),
    "closed": ("#eeeeee", "#222222"),
}


class Banner(QLabel):
    """A coloured, word-wrapped note; the colour is never the only signal."""

    def __init__(self, text: str, kind: str = "info", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName(f"banner_{kind}")
        background, colour = BANNER_KINDS[kind]
        self.setStyleSheet(style.banner_style(background, colour))
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


RISK_COLOURS = ("#fde7ea", "#b00020")


class RiskPrompt(QFrame):
    """A red, non-blocking note while the page answers Yes to an immediate-risk question.

    It never takes the focus or stops the officer: it says what to do and offers the
    immediate-risk record (¶2.7, 5.1.11).
    """

    record_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("risk_prompt")
        background, colour = RISK_COLOURS
        self.setStyleSheet(f"QFrame#risk_prompt {{ background:{background}; "
                           f"border:2px solid {colour}; border-radius:4px; }}"
                           f"QLabel {{ color:{colour}; }}")
        self.text = QLabel(self)
        self.text.setObjectName("risk_prompt_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton("Record immediate risk…", self)
        self.button.setObjectName("risk_prompt_record")
        self.button.setStyleSheet("QPushButton { color:#b00020; font-weight:bold; }")
        self.button.clicked.connect(self.record_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(12)
        row.addWidget(self.text, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_for(self, questions: Sequence[str], already_recorded: bool) -> None:
        """Show the note while the page answers Yes to any of ``questions`` (their
        prompts, as asked on the page); hide it otherwise. The note names only the
        questions actually answered Yes."""
        if not questions:
            self.hide()
            return
        asked = " and to ".join(f"“{escape(q)}”" for q in questions)
        text = (f"<b>Immediate risk:</b> you answered Yes to {asked}. Act now under "
                "safeguarding procedures, then record what was seen and done (¶2.7, "
                "5.1.11). You can carry on with this page; nothing you have entered is lost.")
        if already_recorded:
            text += (" An immediate risk is already recorded on this case: record again "
                     "if this is something new.")
        self.text.setText(text)
        self.setAccessibleDescription(self.text.text())
        self.show()


class ClosingPage(QWidget):
    """Shown when a case heads for closure on a route: what it means, what comes next."""

    continue_requested = Signal()

    def __init__(self, route: Route | None, explanation: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closing_page")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(14)
        title = QLabel(f"This case is now closing: {route.label}" if route
                       else "This case is now closing", self)
        title.setObjectName("closing_title")
        title.setWordWrap(True)
        style.larger(title, 1.3)
        what = QLabel(explanation, self)
        what.setObjectName("closing_explanation")
        what.setWordWrap(True)
        style.larger(what, 1.1, weight_bold=False)
        steps = QLabel(
            "What happens next:\n"
            "1. Submit the final intelligence report on the force system, recording the "
            "request, the outcome and everyone involved (¶6.1).\n"
            "2. Complete the closure record: the report's reference and date. A summary for "
            "the report has been written from the case for you to check.\n"
            "3. Completing the closure record closes the case; a supervisor can reopen it.",
            self)
        steps.setObjectName("closing_steps")
        steps.setWordWrap(True)
        self.go = QPushButton("C&ontinue to the closure record", self)
        self.go.setObjectName("closing_continue")
        self.go.setDefault(True)
        self.go.clicked.connect(self.continue_requested)
        row = QHBoxLayout()
        row.addWidget(self.go)
        row.addStretch(1)
        for widget in (title, what, steps):
            widget.setMaximumWidth(760)
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addStretch(1)


def _when(iso: str | None) -> str:
    return f"{from_iso(iso).astimezone(LONDON):%d %b %Y %H:%M}" if iso else ""


def returned_by(case: CaseFile) -> str:
    """"The supervisor (DS 2093 Niamh Halloran)": who returned the decision, by name."""
    last = case.signoffs[-1] if case.signoffs else None
    return f"The supervisor ({case.name_of(last.by)})" if last else "The supervisor"


def returned_tip(case: CaseFile) -> str:
    """The header flag's tooltip: who returned the decision, why, and what to do."""
    return (f"{returned_by(case)} returned the decision: “{case.last_signoff_comment or ''}”."
            " Change what is needed and complete stage 5 again.")


def banners_for(case: CaseFile, stage: Stage, notice: tuple[str, str] | None,
                check_again: Callable[[], None]) -> list[QWidget]:
    """The notes shown above the page of ``stage`` (``notice``: text and kind, shown once)."""
    out: list[QWidget] = []
    if notice is not None:
        out.append(Banner(notice[0], notice[1]))
    record = case.records.get(stage)
    if not case.is_open:
        route = case.route.label if case.route else "no route recorded"
        out.append(Banner(f"This case is closed ({route}). Everything can be viewed; a "
                          "supervisor can reopen it.", "closed"))
    elif stage is Stage.DECISION and case.awaiting_signoff:
        out.append(Banner("The decision is waiting for a supervisor's sign-off. It cannot "
                          "be changed meanwhile. Once it is signed off this window shows "
                          "the outcome stage by itself (or press F5 or Check again).",
                          "waiting"))
        again = QPushButton("Check &again")
        again.setObjectName("check_signoff")
        again.clicked.connect(check_again)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(again)
        line.addStretch(1)
        out.append(row)
    elif stage is Stage.DECISION and case.signoff == "returned":
        out.append(Banner(f"{returned_by(case)} returned the decision: "
                          f"“{case.last_signoff_comment or ''}”. Change what is needed "
                          "and complete the stage again.", "returned"))
    elif record is not None and record.status == "complete":
        out.append(Banner(f"{stage.title} was completed on {_when(record.completed_at)}"
                          f" by {case.name_of(record.completed_by)}. It can only be viewed "
                          "here.", "done"))
    elif record is not None and stage is not case.current_stage:
        out.append(Banner(f"{stage.title} was not completed before the case moved on; what "
                          "was recorded can be viewed here.", "closed"))
    elif stage is Stage.CLOSURE and case.route is not None:
        out.append(Banner(f"The case is closing: {case.route.label}. Check the summary, "
                          "add the intelligence report's reference and date, then "
                          "complete the closure.", "info"))
    return out


def page_status(case: CaseFile, editable: bool, may_change: bool) -> str:
    """What the status bar says about the page just shown."""
    if editable:
        return "Drafts are saved automatically."
    if not case.is_open:
        return "This case is closed: it can only be viewed. A supervisor can reopen it."
    if not may_change:
        return "View only: the case is not assigned to you (assign it to yourself to work)."
    return "This page can only be viewed."


def header_status(case: CaseFile, shown: Stage, *, editable: bool, closing: bool) -> str:
    """The few words after the stage in the header (``closing``: the closing page is shown)."""
    if not case.is_open:
        return "Closed"
    if shown is Stage.DECISION and case.awaiting_signoff:
        return "Waiting for supervisor sign-off"
    if editable:
        return "Editing"
    return "Closing" if closing else "View only"


def under_banners(page: QWidget, banners: list[QWidget]) -> QWidget:
    """The page with its banners (notices about the case) above it, as one widget."""
    container = QWidget()
    layout = QVBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    notes = QVBoxLayout()
    notes.setContentsMargins(16, 10, 16, 0)
    for widget in banners:
        notes.addWidget(widget)
    layout.addLayout(notes)
    layout.addWidget(page)
    return container
