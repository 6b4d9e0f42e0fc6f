"""The audit trail viewer: filter by user, action, case and dates (the viewing is
itself recorded by the service), verify the trail, print the chain head."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import AuditAction
from ui.messages import Failed, error_text, guarded
from ui.supervisor.audit_model import COLUMNS, AuditModel, AuditTree
from ui.supervisor.common import (
    OptionalDate,
    ProblemLabel,
    local_text,
    london_midnight,
    next_day,
    typed_problem,
)
from ui.supervisor.dialogs import ReportDialog

if TYPE_CHECKING:
    from app.services.audit_view import AuditEntry, AuditFilter
    from app.services.session import Session
    from app.services.unit_verify import VerifyReport
    from app.services.users import Account

MAX_WIDTH = 380  # a long detail or justification is shown whole in its tooltip
LIMIT = 1000


def action_label(action: str) -> str:
    return action.replace("_", " ").capitalize()


def verify_html(report: VerifyReport) -> str:
    rows = "".join(
        f"<tr><td><b style='color:{'#0f5132' if ok else '#842029'}'>"
        f"{'PASS' if ok else 'FAIL'}</b></td><td>{escape(name)}</td></tr>"
        for name, ok in report.checks)
    problems = ("<p>No problems found.</p>" if not report.problems else
                "<p><b>Problems:</b></p><ul>" + "".join(
                    f"<li>{escape(p)}</li>" for p in report.problems) + "</ul>")
    verdict = ("All checks passed." if report.ok else
               "The trail or the database failed a check. Tell your administrator.")
    return (f"<p><b>{verdict}</b></p><table cellpadding='4'>{rows}</table>{problems}"
            f"<p>{report.audit_rows:,} audit rows; chain head "
            f"<tt>{escape(report.chain_head[:16])}…</tt></p>")


def witness_notice(session: Session) -> str:
    from app.services.witness_watch import notice

    try:
        return notice(session)
    except Exception:  # noqa: BLE001 - a warning that cannot be read must not stop the tab
        return ""


class AuditTab(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_trail")
        self.session = session
        self.rows: list[AuditEntry] = []
        self.dialog: ReportDialog | None = None
        self.user = QComboBox()
        self.user.setObjectName("user")
        self.user.setAccessibleName("User")
        self.user.addItem("Any", None)
        self.action = QComboBox()
        self.action.setObjectName("action")
        self.action.setAccessibleName("Action")
        self.action.addItem("Any", None)
        for action in AuditAction:
            self.action.addItem(action_label(action.value), action.value)
        self.case = QLineEdit()
        self.case.setObjectName("case")
        self.case.setAccessibleName("Case reference")
        self.case.setPlaceholderText("Reference")
        self.case.setMinimumWidth(self.case.fontMetrics().horizontalAdvance("CSO/2026/000000")
                                  + 40)
        self.case.setClearButtonEnabled(True)
        self.case.returnPressed.connect(self.load)
        self.since = OptionalDate("since")
        self.since.setAccessibleName("From date")
        self.until = OptionalDate("until")
        self.until.setAccessibleName("To date")
        self.search_button = QPushButton("&Search")
        self.search_button.setObjectName("search")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.load)
        self.verify_button = QPushButton("&Verify trail")
        self.verify_button.setObjectName("verify")
        self.verify_button.clicked.connect(self.verify)
        self.head_preview: QWidget | None = None
        self.print_button = QPushButton("Print c&hain head for the paper log…")
        self.print_button.setToolTip("A one-page sheet with the newest audit row, its digest "
                                     "and your signature on it, to sign and file in the "
                                     "unit's paper log.")
        self.print_button.setObjectName("print_chain_head")
        self.print_button.clicked.connect(self.print_chain_head)

        grid = QGridLayout()
        for column, (text, widget) in enumerate((("&User:", self.user),
                                                 ("Ac&tion:", self.action),
                                                 ("Cas&e:", self.case),
                                                 ("&From:", self.since),
                                                 ("T&o:", self.until))):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, 0, 2 * column)
            grid.addWidget(widget, 0, 2 * column + 1)
        grid.addWidget(self.search_button, 0, 10)
        self.decisions_only = QCheckBox("&Decisions and disclosures only")
        self.decisions_only.setObjectName("decisions_only")
        self.decisions_only.setToolTip("Disclosures, sign-offs, overrides and the completion "
                                       "of the decision and outcome stages.")
        self.decisions_only.toggled.connect(lambda _on: self.show_rows())
        grid.addWidget(self.decisions_only, 1, 0, 1, 6)
        grid.setColumnStretch(11, 1)
        grid.addWidget(self.verify_button, 0, 12)
        grid.addWidget(self.print_button, 0, 13)

        self.model = AuditModel(self)
        self.table = AuditTree()
        self.table.setModel(self.model)
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.count = QLabel()
        self.count.setObjectName("count")
        self.problem = ProblemLabel()
        # Witnessed heads the trail no longer matches (rows cut or rewritten outside the
        # application): shown while the key file keeps them (app/services/witness_watch).
        self.witness_warning = ProblemLabel("witness_warning")
        self.witness_warning.say(witness_notice(session))
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.witness_warning)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def set_users(self, accounts: list[Account]) -> None:
        current = self.user.currentData()
        self.user.clear()
        self.user.addItem("Any", None)
        for account in accounts:
            self.user.addItem(f"{account.username} ({account.role.value})", account.username)
        self.user.setCurrentIndex(max(self.user.findData(current), 0) if current else 0)

    def query(self) -> AuditFilter:
        from app.services.audit_view import AuditFilter

        since, until = self.since.value(), self.until.value()
        return AuditFilter(
            actor=self.user.currentData(), action=self.action.currentData(),
            case_ref=self.case.text().strip().upper() or None,
            since=london_midnight(since) if since else None,
            until=london_midnight(next_day(until)) if until else None, limit=LIMIT)

    def load(self) -> bool:
        from app.services.audit_view import search_audit

        unreadable = typed_problem(("From", self.since), ("To", self.until))
        if unreadable:
            self.problem.say(unreadable)
            return False
        since, until = self.since.value(), self.until.value()
        if since and until and until < since:
            self.problem.say("The 'to' date must not be before the 'from' date.")
            return False
        try:
            rows = search_audit(self.session, self.query())
        except Exception as error:  # noqa: BLE001
            self.problem.say(error_text(error))
            return False
        self.problem.say("")
        self.rows = rows
        self.show_rows()
        return True

    def show_rows(self) -> None:
        """The loaded rows, draft saves grouped, filtered to decisions if asked."""
        from app.services.audit_groups import decisions_and_disclosures, group_draft_saves

        rows = self.rows
        if self.decisions_only.isChecked():
            rows = decisions_and_disclosures(rows)
        lines = group_draft_saves(rows)
        self.model.set_lines(lines, action_label, local_text)
        header = self.table.header()
        for column in range(len(COLUMNS)):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column) + 8, MAX_WIDTH))
        more = " (the newest; narrow the filters to see older rows)" \
            if len(self.rows) >= LIMIT else ""
        shown = (f"{len(rows):,} of {len(self.rows):,} rows (decisions and disclosures)"
                 if self.decisions_only.isChecked() else
                 f"{len(rows):,} row{'s' if len(rows) != 1 else ''}")
        grouped = len(rows) - len(lines)
        folded = (f", {grouped:,} more draft save{'s' if grouped != 1 else ''} folded into "
                  "the first of each run" if grouped else "")
        self.count.setText(f"{shown}{folded}{more}. Viewing the trail is itself recorded.")

    def clear(self) -> None:
        self.rows = []
        self.model.clear_lines()
        self.count.clear()
        self.problem.say("")
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None
        if self.head_preview is not None:
            self.head_preview.close()

    def verify(self) -> None:
        from app.services.audit_view import verify_trail

        report = guarded(self, lambda: verify_trail(self.session))
        if isinstance(report, Failed):
            return
        self.dialog = ReportDialog("Verify the audit trail", "verify_report",
                                   verify_html(report), self)
        self.dialog.open()

    def print_chain_head(self) -> bool:
        """Open the one-page chain head sheet in the preview (printing it is audited)."""
        from ui.supervisor.chain_head_preview import ChainHeadPreview

        preview = guarded(self, lambda: ChainHeadPreview(self.session, self))
        if isinstance(preview, Failed):
            return False
        self.head_preview = preview
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.destroyed.connect(lambda *_: setattr(self, "head_preview", None))
        preview.show()
        preview.raise_()
        return True
