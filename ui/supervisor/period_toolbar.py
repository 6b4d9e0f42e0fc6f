"""The toolbar of the supervisor's figure tabs (Unit figures, Annual return): the period
typed at the left with Show, and at the right the outputs (Export CSV… and one more),
which are enabled only while figures of the period shown can be exported."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


def _button(text: str, name: str, action: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(action)
    return button


class PeriodToolbar(QHBoxLayout):
    """``inputs``: (label with its mnemonic, input) pairs; ``second``: (text, object name,
    action) of the output beside Export CSV…."""

    def __init__(self, inputs: Sequence[tuple[str, QWidget]], *, show: Callable[[], object],
                 export_csv: Callable[[], object],
                 second: tuple[str, str, Callable[[], object]]) -> None:
        super().__init__()
        self.show_button = _button("&Show", "show", show)
        self.export_button = _button("E&xport CSV…", "export_csv", export_csv)
        self.second_button = _button(*second)
        for text, widget in inputs:
            label = QLabel(text)
            label.setBuddy(widget)
            self.addWidget(label)
            self.addWidget(widget)
        self.addWidget(self.show_button)
        self.addStretch(1)
        self.addWidget(self.export_button)
        self.addWidget(self.second_button)

    def enable_outputs(self, enabled: bool) -> None:
        for button in (self.export_button, self.second_button):
            button.setEnabled(enabled)
