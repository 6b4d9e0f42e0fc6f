"""A supervisor reopens a closed case (or goes back to a completed stage), with a reason."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Stage
from ui.messages import Failed
from ui.wizard import style
from ui.wizard.submit import submit_or_show


class ReopenDialog(QDialog):
    """Which stage to reopen at, and why (the reason is kept in the audit trail).

    ``recorded`` carries what ``submit`` returned (the reopened case) once it has closed.
    """

    recorded = Signal(object)

    def __init__(self, stages: list[Stage], submit: Callable[[Stage, str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog_reopen")
        self.setWindowTitle("Reopen the case")
        self.submit = submit
        self.reopened_at: Stage | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(style.help_label(
            "The chosen stage and every later one become drafts again, so they can be "
            "corrected and completed once more. Reopening at a stage up to the decision "
            "clears its sign-off.", self))
        stage_label = QLabel("Reopen &at", self)
        self.stage = QComboBox(self)
        self.stage.setObjectName("reopen:stage")
        for stage in sorted(stages, reverse=True):
            title = stage.title if stage is Stage.CLOSURE else f"{int(stage)}. {stage.title}"
            self.stage.addItem(title, stage)
        stage_label.setBuddy(self.stage)
        layout.addWidget(stage_label)
        layout.addWidget(self.stage)
        prompt = QLabel("&Reason for reopening *", self)
        style.bold(prompt)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reopen:reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("Why the case is reopened. Do not write names: the "
                                       "reason is kept in the audit trail, which outlives the "
                                       "case record.")
        self.reason.setAccessibleName("Reason for reopening, required")
        prompt.setBuddy(self.reason)
        layout.addWidget(prompt)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("Re&open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("dialog_reopen_ok")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(self._sync)
        self._sync()
        self.resize(520, 320)

    def _sync(self) -> None:
        self.ok.setEnabled(bool(self.reason.toPlainText().strip()))

    def accept(self) -> None:
        stage = self.stage.currentData()
        if not isinstance(stage, Stage) or not self.reason.toPlainText().strip():
            return
        reason = self.reason.toPlainText()
        result = submit_or_show(self, lambda: self.submit(stage, reason))
        if isinstance(result, Failed):
            return
        self.reopened_at = stage
        super().accept()
        self.recorded.emit(result)
