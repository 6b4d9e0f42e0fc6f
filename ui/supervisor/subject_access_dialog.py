"""Subject access request (DPA 2018 Part 3, s.45): find a named person across all
cases, tick the matches that are really that person, save one PDF for disclosure
review. The service audits the search and the PDF (request reference and counts,
never the name)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.subject_access import PersonMatch, SarQuery, SarSearch
from ui.date_input import DateLine, calendar_button
from ui.messages import Failed, guarded, show_message
from ui.supervisor import common
from ui.supervisor.common import ProblemLabel

if TYPE_CHECKING:
    from app.services.session import Session

INTRO = ("Find everything the unit holds about one person — as applicant, subject, child, "
         "parent or disclosure recipient — in every case. Names that sound alike are found "
         "too, so some matches will be other people: tick only those that are this person. "
         "The search and the PDF are recorded in the audit trail with the request reference "
         "and counts (not the name).")
HEADERS = ("This person", "Case", "Recorded as", "Name as recorded", "Date of birth",
           "Match", "Why it matched")


class SubjectAccessDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("subject_access_dialog")
        self.setWindowTitle("Subject access request")
        self.session = session
        self.search_result: SarSearch | None = None
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.request = self._line("request_reference", "Request reference",
                                  "The force's reference, e.g. SAR/2026/0042 (not a name)")
        self.surname = self._line("surname", "Surname", "Required")
        self.forenames = self._line("forenames", "Forenames", "As many as known")
        self.dob = DateLine()
        self.dob.setObjectName("dob")
        self.dob.setAccessibleName("Date of birth, if known")
        self.dob.returnPressed.connect(self.search)
        self.dob.textChanged.connect(lambda _t: self._forget())
        dob_row = QHBoxLayout()
        dob_row.addWidget(self.dob)
        dob_row.addWidget(calendar_button(self.dob, self))
        dob_row.addStretch(1)
        self.search_button = QPushButton("&Search all cases")
        self.search_button.setObjectName("search")
        self.search_button.setAutoDefault(False)
        self.search_button.clicked.connect(self.search)
        form = QFormLayout()
        form.addRow("Request &reference *:", self.request)
        form.addRow("&Surname *:", self.surname)
        form.addRow("&Forenames:", self.forenames)
        form.addRow("Date of &birth:", dob_row)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_button)
        search_row.addStretch(1)
        form.addRow("", search_row)
        for row, widget in enumerate((self.request, self.surname, self.forenames, self.dob)):
            cell = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = cell.widget() if cell is not None else None
            if isinstance(label, QLabel):
                label.setBuddy(widget)
        self.problem = ProblemLabel()
        self.summary = QLabel("")
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("matches")
        self.tree.setAccessibleName("Possible matches; tick those that are this person")
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.itemChanged.connect(lambda _i, _c: self._count_ticked())
        header = self.tree.header()
        for column, width in enumerate((90, 130, 130, 190, 100, 60)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton("Save review &PDF…",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("save_pdf")
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(1000, 620)

    def _line(self, name: str, accessible: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        edit.setMaxLength(100)
        edit.setMaximumWidth(420)
        edit.returnPressed.connect(self.search)
        edit.textChanged.connect(lambda _t: self._forget())
        return edit

    def _forget(self) -> None:
        """The search changed: the matches shown no longer belong to it."""
        if self.search_result is None:
            return
        self.search_result = None
        self.tree.clear()
        self.summary.setText("The search has changed: search again.")
        self.save_button.setEnabled(False)

    # -- search -----------------------------------------------------------------------
    def query(self) -> SarQuery | None:
        dob = None
        if self.dob.text().strip():
            dob = self.dob.value()
            if dob is None:
                self.problem.say(f"Date of birth: {self.dob.problem() or 'not a date'}")
                self.dob.setFocus()
                return None
        return SarQuery(self.request.text(), self.surname.text(), self.forenames.text(), dob)

    def search(self) -> SarSearch | None:
        from app.services.subject_access import search_people

        query = self.query()
        if query is None:
            return None
        result = guarded(self, lambda: search_people(self.session, query))
        if isinstance(result, Failed):
            return None
        self.problem.say("")
        self.search_result = result
        self._fill(result)
        return result

    def _fill(self, result: SarSearch) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        for match in result.matches:
            item = QTreeWidgetItem(["", match.reference, match.role_label, match.name,
                                    _dob(match.dob), f"{match.score:.0%}",
                                    "; ".join(match.reasons)])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            item.setData(0, Qt.ItemDataRole.UserRole, match)
            item.setToolTip(6, "; ".join(match.reasons))
            self.tree.addTopLevelItem(item)
        self.tree.blockSignals(False)
        found = len(result.matches)
        limit = " The search stopped at its limit: add forenames or a date of birth." \
            if result.truncated else ""
        if found:
            self.summary.setText(f"{found} possible match{'es' if found != 1 else ''} in "
                                 f"{result.cases} case{'s' if result.cases != 1 else ''}. "
                                 "Tick each one that is this person (Space ticks the row "
                                 f"selected); none is ticked for you.{limit}")
            top = self.tree.topLevelItem(0)
            if top is not None:
                self.tree.setCurrentItem(top)
            self.tree.setFocus()
        else:
            self.summary.setText("Nobody of that name is recorded in any case. The PDF "
                                 f"records that the unit holds nothing about them.{limit}")
        self.save_button.setEnabled(True)

    def ticked(self) -> list[PersonMatch]:
        out = []
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None and item.checkState(0) == Qt.CheckState.Checked:
                out.append(item.data(0, Qt.ItemDataRole.UserRole))
        return out

    def _count_ticked(self) -> None:
        result = self.search_result
        if result is None:
            return
        self.save_button.setText(f"Save review &PDF ({len(self.ticked())} of "
                                 f"{len(result.matches)} ticked)…")

    # -- the PDF ----------------------------------------------------------------------
    def save(self) -> Path | None:
        from app.services.subject_access import save_review_pdf

        result = self.search_result
        if result is None:
            return None
        chosen = self.ticked()
        name = re.sub(r"[^A-Za-z0-9-]+", "-", result.query.request_reference.strip())
        path = common.ask_save_path(self, "Save the subject access review",
                                    f"Subject access review {name}.pdf", "PDF files (*.pdf)")
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        saved = guarded(self, lambda: save_review_pdf(self.session, result, chosen, target))
        if isinstance(saved, Failed):
            return None
        show_message(self, f"The review PDF lists {saved.items} items from {saved.cases} "
                     f"cases and was saved to {saved.path}.\n\nIt is not encrypted: keep it "
                     "where your force allows OFFICIAL-SENSITIVE material and delete it when "
                     f"the request is answered. SHA-256: {saved.sha256}",
                     icon=QMessageBox.Icon.Information)
        return saved.path


def _dob(text: str | None) -> str:
    if not text:
        return "—"
    year, month, day = (text.split("-") + ["", ""])[:3]
    return f"{day}/{month}/{year}" if day else text
