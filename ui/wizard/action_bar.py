"""The buttons along the bottom of a case window: side actions, documents, save, complete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

if TYPE_CHECKING:
    from ui.wizard.case_window import CaseWindow


class ActionBar(QWidget):
    """Built for one case window; its buttons call the window's own slots."""

    def __init__(self, window: CaseWindow) -> None:
        super().__init__(window)
        self.risk_button = self._button("Record immediate &risk…", "record_risk",
                                        window.open_immediate_risk)
        self.risk_button.setStyleSheet(
            "QPushButton:enabled { color:#b00020; font-weight:bold; }")
        self.extend_button = self._button("E&xtend a timescale…", "extend",
                                          window.open_extension)
        self.close_early_button = self._button("Close &early…", "close_early",
                                               window.open_close_early)
        self.save_button = self._button("&Save", "save", window.save_clicked)
        self.save_button.setToolTip("Save the draft now (Ctrl+S). Drafts are also saved "
                                    "automatically.")
        self.complete_button = self._button("&Complete stage", "complete",
                                            window.complete_stage)
        self.reopen_button = self._button("Re&open…", "reopen", window.open_reopen)
        self.reopen_button.setToolTip("Supervisors: reopen this closed case, with the reason.")
        self.reopen_button.setVisible(False)
        from ui.documents import build_documents_menu

        self.documents_button = self._button("&Documents", "documents", None)
        self.documents_button.setToolTip("Preview, print or save this case's documents, "
                                         "and attach scanned signed forms.")
        self.documents_button.setMenu(build_documents_menu(
            window, window.session, lambda: window.reference))
        bar = QHBoxLayout(self)
        bar.setContentsMargins(12, 6, 12, 6)
        bar.setSpacing(6)
        for widget in (self.risk_button, self.extend_button, self.close_early_button,
                       self.documents_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.reopen_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.complete_button)

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        made = QPushButton(text, self)
        made.setObjectName(name)
        if slot is not None:
            made.clicked.connect(slot)
        return made
