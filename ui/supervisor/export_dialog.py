"""Export cases for authorised analysis: chosen cases or a first-contact date range, CSV
or JSON, personal fields only when ticked; warned as unencrypted; audited by the service
with its scope and the SHA-256 of the file. The export runs off the GUI thread and can
be cancelled until the file is written."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.case_export import ExportFormat, ExportResult, ExportScope
from ui.date_input import DateLine
from ui.messages import show_message
from ui.supervisor import common
from ui.supervisor.common import ProblemLabel, today, typed_problem
from ui.supervisor.saving import with_suffix
from ui.task_runner import TaskRunner

if TYPE_CHECKING:
    from app.services.session import Session

WARNING = ("The export is written to a file that is NOT encrypted. Save it only where "
           "your force allows OFFICIAL-SENSITIVE data, use it only for the authorised "
           "purpose and delete it when done. The export, its scope and a SHA-256 "
           "fingerprint of the file are recorded in the audit trail.")


class ExportDialog(QDialog):
    def __init__(self, session: Session, selected: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export cases")
        self.session = session
        self.result_: ExportResult | None = None
        self.by_reference = QRadioButton("&Chosen cases (one reference a line):")
        self.by_reference.setObjectName("by_reference")
        self.by_dates = QRadioButton("Cases first contacted &between:")
        self.by_dates.setObjectName("by_dates")
        group = QButtonGroup(self)
        group.addButton(self.by_reference)
        group.addButton(self.by_dates)
        self.references = QPlainTextEdit(selected or "")
        self.references.setObjectName("references")
        self.references.setAccessibleName("Case references, one a line")
        self.references.setTabChangesFocus(True)
        self.references.setMaximumHeight(90)
        now = today(session.clock.now())
        self.date_from = self._date("date_from", "From", now - timedelta(days=90))
        self.date_to = self._date("date_to", "To", now)
        self.format = QComboBox()
        self.format.setObjectName("format")
        self.format.addItem("CSV (spreadsheet)", ExportFormat.CSV)
        self.format.addItem("JSON", ExportFormat.JSON)
        self.personal = QCheckBox("&Include personal fields (names and dates of birth of "
                                  "the people in each case)")
        self.personal.setObjectName("include_personal")
        self.warning = QLabel(WARNING)
        self.warning.setObjectName("warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a1c00; font-weight: bold;")
        self.problem = ProblemLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("&Export…",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("export")
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("From:", self.date_from)
        form.addRow("To:", self.date_to)
        form.addRow("&Format:", self.format)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.by_reference)
        layout.addWidget(self.references)
        layout.addWidget(self.by_dates)
        layout.addLayout(form)
        layout.addWidget(self.personal)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        (self.by_reference if selected else self.by_dates).setChecked(True)
        self.resize(560, self.sizeHint().height())

    @staticmethod
    def _date(name: str, accessible: str, day: date) -> DateLine:
        edit = DateLine()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.set_value(day)
        return edit

    def scope(self) -> ExportScope | None:
        personal = self.personal.isChecked()
        if self.by_reference.isChecked():
            refs = tuple(dict.fromkeys(line.strip().upper() for line in
                                       self.references.toPlainText().splitlines()
                                       if line.strip()))
            if not refs:
                self.problem.say("Type at least one case reference, or choose dates.")
                return None
            return ExportScope(references=refs, include_personal=personal)
        unreadable = typed_problem(("From", self.date_from), ("To", self.date_to))
        start, end = self.date_from.value(), self.date_to.value()
        if unreadable or start is None or end is None:
            self.problem.say(unreadable or "Give both dates, or choose cases by reference.")
            return None
        if end < start:
            self.problem.say("The first date must not be after the last.")
            return None
        return ExportScope(contact_from=start, contact_to=end, include_personal=personal)

    def export(self) -> bool:
        """Ask where, then export off the GUI thread; True once started (the result is
        ``result_`` when done; a failure is shown and the dialog stays as typed)."""
        from app.services.case_export import export_cases

        scope = self.scope()
        if scope is None:
            return False
        fmt = ExportFormat(self.format.currentData())
        suffix = f".{fmt.value}"
        path = common.ask_save_path(self, "Export cases", f"case-export{suffix}",
                                    f"{fmt.value.upper()} files (*{suffix})")
        if not path:
            return False
        target = with_suffix(path, suffix)
        return TaskRunner.instance().run(
            self, self.session,
            lambda worker, progress: export_cases(worker, scope, fmt, target, progress),
            title="Exporting cases…", on_done=self._exported, cancellable=True)

    def _exported(self, result: ExportResult) -> None:
        self.result_ = result
        if not self.session.is_open:  # locked meanwhile: nothing said on the lock screen
            return
        self.problem.say("")
        show_message(self, f"{result.cases} cases exported to {result.path}.\n\nThe file is "
                     f"not encrypted. SHA-256: {result.sha256}",
                     icon=QMessageBox.Icon.Information)
        self.accept()
