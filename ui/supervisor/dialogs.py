"""The supervisor's small forms. Each OK runs one service call; when the service
refuses, the dialog stays open with the service's sentence and what was typed.
Disposal runs off the GUI thread (ui/task_runner.py), with the same promise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.date_input import DateLine, calendar_button
from ui.messages import busy, error_text
from ui.supervisor.common import ProblemLabel
from ui.task_runner import TaskRunner

if TYPE_CHECKING:
    from app.services.session import Session
    from app.services.users import Account


def _text_box(name: str, accessible: str, lines: int = 4) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    box.setMaximumHeight(box.fontMetrics().lineSpacing() * (lines + 3) + 12)
    return box


class ServiceDialog(QDialog):
    """A small form: fields, a note, a problem line, OK/Cancel. ``run`` calls the service."""

    def __init__(self, session: Session, title: str, name: str, ok_text: str,
                 parent: QWidget | None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.message = ProblemLabel("message")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def say(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.show()

    def run(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        if not self.ok_button.isEnabled():
            return
        try:
            with busy():
                self.run()
        except Exception as error:  # noqa: BLE001 - shown as a sentence; the dialog stays
            self.message.say(error_text(error))
            return
        super().accept()


class AssignDialog(ServiceDialog):
    def __init__(self, session: Session, reference: str, accounts: list[Account],
                 current: str | None, parent: QWidget | None = None) -> None:
        super().__init__(session, f"Assign {reference}", "assign_dialog", "&Assign", parent)
        self.reference = reference
        self.officer = QComboBox()
        self.officer.setObjectName("officer")
        self.officer.setAccessibleName("Assign to")
        for account in accounts:
            self.officer.addItem(f"{account.display_name} ({account.username}, "
                                 f"{account.role.value})", account.username)
        if current is not None and self.officer.findData(current) >= 0:
            self.officer.setCurrentIndex(self.officer.findData(current))
        self.say(f"Choose who works case {reference} from now on. The change is recorded "
                 "in the audit trail.")
        self.form.addRow("Assign &to:", self.officer)
        self.ok_button.setEnabled(self.officer.count() > 0)
        self.assigned_to = ""

    def run(self) -> None:
        from app.services.case_actions import assign

        username = str(self.officer.currentData())
        assign(self.session, self.reference, username)
        self.assigned_to = username


class ReturnDialog(ServiceDialog):
    """Return a decision to the officer, with the comment they will see."""

    def __init__(self, session: Session, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(session, f"Return the decision on {reference}", "return_dialog",
                         "&Return to officer", parent)
        self.reference = reference
        self.say("Say what needs to change. The officer sees this comment on the case; "
                 "a comment is required.")
        self.comment = _text_box("comment", "Comment for the officer", 5)
        self.form.addRow("&Comment:", self.comment)
        self.ok_button.setEnabled(False)
        self.comment.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.comment.toPlainText().strip())))

    def run(self) -> None:
        from app.services.case_actions import sign_off

        sign_off(self.session, self.reference, approve=False,
                 comment=self.comment.toPlainText())


class RetainDialog(ServiceDialog):
    def __init__(self, session: Session, reference: str, suggested: date, earliest: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, f"Retain {reference}", "retain_dialog", "&Retain", parent)
        self.reference = reference
        self.say(f"Keep case {reference} and set the date of its next review. Record why "
                 "it is kept.")
        self.earliest = earliest
        self.until = DateLine()
        self.until.setObjectName("next_review")
        self.until.set_value(suggested)
        self.until.setAccessibleName("Next review date")
        when = QHBoxLayout()
        when.addWidget(self.until)
        when.addWidget(calendar_button(self.until, self))
        when.addStretch(1)
        self.note = _text_box("note", "Why the case is kept", 4)
        self.form.addRow("Next &review on:", when)
        label = self.form.labelForField(when)
        if isinstance(label, QLabel):
            label.setBuddy(self.until)
        self.form.addRow("&Why it is kept:", self.note)
        self.ok_button.setEnabled(False)
        self.note.textChanged.connect(self._check)
        self.until.edited.connect(self._check)
        self.until.editingFinished.connect(self._check)

    def date_problem(self) -> str | None:
        typed = self.until.problem()
        if typed:
            return typed
        day = self.until.value()
        if day is None:
            return "Give the date of the next review."
        if day < self.earliest:
            return (f"The next review must be on or after {self.earliest:%d/%m/%Y}; "
                    f"{day:%d/%m/%Y} is too early.")
        return None

    def _check(self) -> None:
        problem = self.date_problem()
        if problem is None or not self.until.hasFocus():  # not mid-typing
            self.message.say(problem or "")
        self.ok_button.setEnabled(problem is None and bool(self.note.toPlainText().strip()))

    def run(self) -> None:
        from app.services.retention import retain

        day = self.until.value()
        if self.date_problem() is not None or day is None:  # the button is disabled
            return
        retain(self.session, self.reference, day, self.note.toPlainText())


class DisposeDialog(ServiceDialog):
    """Disposal erases the case's personal data for good: type the reference to confirm.

    Before the case's review date the dialog says so plainly, and the supervisor must
    tick that the case is disposed of early and give the reason (the service refuses
    otherwise; the audit row says "before its review date")."""

    def __init__(self, session: Session, reference: str, parent: QWidget | None = None) -> None:
        from app.errors import CsodsError
        from app.services.retention import disposal_is_early

        super().__init__(session, f"Dispose of {reference}", "dispose_dialog",
                         "&Dispose of personal data", parent)
        self.reference = reference
        try:
            self.early: date | None = disposal_is_early(session, reference)
        except CsodsError:
            self.early = None  # the service refuses (and says why) when OK is pressed
        early_text = "" if self.early is None else (
            f"<br><br><b>This case is not due for review until "
            f"{self.early.strftime('%d %B %Y')}.</b> Disposing of it now is <b>before its "
            "review date</b>: say why it cannot wait, and tick the box to confirm. The "
            "audit trail records that it was disposed of early.")
        self.say(f"<b>This cannot be undone.</b> Disposal erases every piece of personal "
                 f"data held on case {reference}: the stage records, people, risk records, "
                 "comments and attachments. Only the reference, dates, route and the audit "
                 f"trail remain.{early_text}<br><br>To confirm, type the reference "
                 f"<b>{reference}</b> exactly as shown.")
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        label = "Reason for disposal" if self.early is None else "Reason for early disposal"
        self.justification = _text_box("justification", label, 4)
        self.justification.setPlaceholderText(
            "Why the record is no longer needed. Do not write names: the reason stays in "
            "the audit trail after the case is erased.")
        self.early_box = QCheckBox(
            f"Dispose of it before its review date ({self.early.strftime('%d/%m/%Y')})"
            if self.early is not None else "")
        self.early_box.setObjectName("before_review_date")
        self.typed = QLineEdit()
        self.typed.setObjectName("typed_reference")
        self.typed.setAccessibleName("Type the case reference to confirm")
        self.form.addRow(f"&{label}:", self.justification)
        if self.early is not None:
            self.form.addRow("", self.early_box)
        else:
            self.early_box.hide()
        self.form.addRow("&Case reference:", self.typed)
        self.ok_button.setEnabled(False)
        self.ok_button.setDefault(False)
        self.ok_button.setAutoDefault(False)
        self.typed.textChanged.connect(self._check)
        self.justification.textChanged.connect(self._check)
        self.early_box.toggled.connect(self._check)

    def ready(self) -> bool:
        return (self.typed.text().strip() == self.reference
                and bool(self.justification.toPlainText().strip())
                and (self.early is None or self.early_box.isChecked()))

    def _check(self) -> None:
        self.ok_button.setEnabled(self.ready())

    def accept(self) -> None:
        """Erase off the GUI thread (every table of the case, then the log is emptied);
        a refusal is said in the message line and what was typed stays."""
        from app.services.retention import dispose

        if not self.ok_button.isEnabled() or not self.ready():
            return  # never dispose without both the reference and a reason
        reference, reason = self.reference, self.justification.toPlainText()
        early = self.early is not None
        TaskRunner.instance().run(
            self, self.session,
            lambda worker, _progress: dispose(worker, reference, reason,
                                              before_review_date=early),
            title=f"Disposing of the personal data of {reference}…",
            on_done=self._disposed, on_error=self._refused)

    def _disposed(self, _result: object) -> None:
        if self.session.is_open:  # locked meanwhile: the view reloads on unlock
            QDialog.accept(self)

    def _refused(self, error: BaseException) -> None:
        self.message.say(error_text(error))


class ReportDialog(QDialog):
    """A read-only report (e.g. the trail verification) with a Close button."""

    def __init__(self, title: str, name: str, html: str, parent: QWidget | None = None,
                 extra: tuple[str, Callable[[], None]] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.text = QLabel(html)
        self.text.setObjectName("report")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if extra is not None:
            button = buttons.addButton(extra[0], QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(extra[1])
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
