"""The chronology of a case: every record merged in time order, a filter by kind,
adding a dated note, and printing it for a reviewing officer.

A dialog over ``app.services.chronology`` (built in the services, Qt-free). Notes are
added here (NOTE_FORM, the time set to now). "Print or save…" opens the case
chronology in the usual document preview, where printing and saving are audited.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.clock import to_iso
from app.documents.model import DocumentKind
from app.domain.chronology import ChronologyEntry, EventKind
from app.domain.contacts import NOTE_FORM, CaseNote
from app.services import chronology, contacts
from app.services.case_file import CaseFile, may_change
from app.services.session import Session
from ui.lists import flat_list
from ui.messages import Failed
from ui.wizard.case_dialog import CaseDialog
from ui.wizard.dialogs import FormDialog
from ui.wizard.submit import submit_or_show

HEADERS = ("When", "What", "Details", "By")
EVERYTHING = "Everything"


def entry_cells(entry: ChronologyEntry) -> list[str]:
    detail = f"{entry.title} — {entry.detail.splitlines()[0]}" if entry.detail else entry.title
    return [entry.when_text(), entry.kind.label, detail, entry.by or "—"]


class ChronologyDialog(CaseDialog):
    """The chronology of one case; ``note_added`` after a note is recorded."""

    note_added = Signal()

    def __init__(self, session: Session, case: CaseFile,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, case, parent=parent, object_name="dialog_chronology",
                         title="Chronology",
                         help_text="Everything recorded on this case in time order: stages "
                         "completed, the decision and its sign-off, referrals, contact "
                         "attempts, notes, documents printed, extensions and immediate-risk "
                         "records. Times are UK time; a date alone is an event recorded by "
                         "its day.")
        self.entries: list[ChronologyEntry] = []
        self.form: FormDialog | None = None
        top = QHBoxLayout()
        self.summary = self.summary_label("chronology_summary")
        top.addWidget(self.summary, 1)
        show = QLabel("&Show:", self)
        self.filter = QComboBox(self)
        self.filter.setObjectName("chronology_filter")
        self.filter.setAccessibleName("Show entries of this kind")
        show.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda _i: self._show())
        top.addWidget(show)
        top.addWidget(self.filter)
        self.body.addLayout(top)
        self.list = flat_list(QTreeWidget(self), "chronology_list", HEADERS,
                              "The case's chronology")
        self.list.setWordWrap(True)
        header = self.list.header()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.body.addWidget(self.list, 1)
        self.note_button = QPushButton("Add a &note…", self)
        self.note_button.setObjectName("chronology_add_note")
        self.note_button.clicked.connect(self.add_note)
        self.print_button = QPushButton("&Print or save…", self)
        self.print_button.setObjectName("chronology_print")
        self.print_button.setToolTip("Open the chronology as a document (OFFICIAL-SENSITIVE, "
                                     "page x of y) to print or save; both are audited.")
        self.print_button.clicked.connect(self.open_document)
        self.add_button_row(self.note_button, self.print_button)
        self.resize(1000, 560)
        self.reload()

    def reload(self) -> None:
        found = submit_or_show(self, lambda: chronology.chronology(self.session,
                                                                   self.case.reference))
        if isinstance(found, Failed):
            return
        self.entries = found
        self._fill_filter()
        self._show()
        changeable = may_change(self.session, self.case) and not self.case.erased
        self.note_button.setEnabled(changeable)
        self.note_button.setToolTip("Add a dated free-text note to the case." if changeable
                                    else "Only the officer or supervisor the case is "
                                         "assigned to (or who opened it) can add notes.")

    def _fill_filter(self) -> None:
        """"Everything" and each kind the case has entries of, keeping the choice."""
        wanted = self.filter.currentData()
        present = {e.kind for e in self.entries}
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(EVERYTHING, "")
        for kind in EventKind:
            if kind in present:
                self.filter.addItem(kind.label, kind.value)
        index = self.filter.findData(wanted) if wanted else 0
        self.filter.setCurrentIndex(max(index, 0))
        self.filter.blockSignals(False)

    def shown_entries(self) -> list[ChronologyEntry]:
        wanted = self.filter.currentData()
        return [e for e in self.entries if not wanted or e.kind.value == wanted]

    def _show(self) -> None:
        self.list.clear()
        shown = self.shown_entries()
        for entry in shown:
            item = QTreeWidgetItem(entry_cells(entry))
            item.setToolTip(2, "\n".join(filter(None, (entry.title, entry.detail))))
            self.list.addTopLevelItem(item)
        total = len(self.entries)
        text = f"{total} entr{'y' if total == 1 else 'ies'}"
        if len(shown) != total:
            text += f"; {len(shown)} shown"
        self.summary.setText(text)

    def add_note(self) -> FormDialog | None:
        if not self.note_button.isEnabled():
            return None
        ref = self.case.reference

        def submit(values: dict[str, Any]) -> CaseNote:
            return contacts.add_note(self.session, ref, values)

        dialog = FormDialog(NOTE_FORM, submit, self.session.clock.now, self,
                            intro="A dated note on this case; it joins the chronology.")
        dialog.page.set_values(
            {"noted_at": to_iso(self.session.clock.now().replace(microsecond=0))})
        dialog.revalidate()
        dialog.recorded.connect(self._noted)
        self.form = dialog
        dialog.open()
        return dialog

    def _noted(self, _note: CaseNote) -> None:
        self.form = None
        self.reload()
        last = self.list.topLevelItem(self.list.topLevelItemCount() - 1)
        if last is not None:
            self.list.scrollToItem(last)
        self.list.setFocus()
        self.note_added.emit()

    def open_document(self) -> QWidget | None:
        from ui.documents.preview import open_document

        return open_document(self, self.session, self.case.reference, DocumentKind.CHRONOLOGY)
