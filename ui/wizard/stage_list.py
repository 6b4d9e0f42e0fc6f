"""The list of stages on the left: done ones viewable, the current one editable."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.domain.enums import Stage
from app.services.case_file import CaseFile

# a stage's state -> its text colour on the list's white (each at least 4.5:1, WCAG AA;
# "not reached yet" was #777777, 4.48:1)
STATE_TEXT_COLOURS = {
    "completed, view only": "#1d4d1d",
    "current stage": "#000000",
    "not completed, view only": "#444444",
    "not reached yet": "#6b6b6b",
}

def stage_name(stage: Stage) -> str:
    return "Closure" if stage is Stage.CLOSURE else f"{int(stage)}. {stage.title}"


class StageList(QListWidget):
    """One row per stage; future stages are greyed and cannot be chosen."""

    stage_chosen = Signal(Stage)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stage_list")
        self.setAccessibleName("Stages of the case")
        self.setMinimumWidth(190)
        self.setMaximumWidth(240)
        self.setSpacing(3)
        self._updating = False
        for stage in Stage:
            item = QListWidgetItem(stage_name(stage), self)
            item.setData(Qt.ItemDataRole.UserRole, int(stage))
        self.currentItemChanged.connect(self._changed)

    def _changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None and not self._updating:
            self.stage_chosen.emit(Stage(int(item.data(Qt.ItemDataRole.UserRole))))

    def update_case(self, case: CaseFile, shown: Stage) -> None:
        self._updating = True
        try:
            current = case.current_stage if case.is_open else None
            for row, stage in enumerate(Stage):
                item = self.item(row)
                done = case.is_complete(stage)
                if done and stage is not current:
                    state, mark = "completed, view only", "✓ "
                elif stage is current:
                    state, mark = "current stage", "▶ "
                elif stage in case.records:
                    state, mark = "not completed, view only", "– "
                else:
                    state, mark = "not reached yet", "   "
                colour = STATE_TEXT_COLOURS[state]
                item.setText(mark + stage_name(stage))
                item.setForeground(QColor(colour))
                item.setData(Qt.ItemDataRole.AccessibleTextRole,
                             f"{stage_name(stage)}, {state}")
                item.setToolTip(state.capitalize())
                flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                viewable = done or stage is current or stage in case.records
                item.setFlags(flags if viewable else Qt.ItemFlag.NoItemFlags)
                font = item.font()
                font.setBold(stage is shown)
                item.setFont(font)
            self.setCurrentRow(list(Stage).index(shown))
        finally:
            self._updating = False
