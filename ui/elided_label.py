"""A one-line label that shrinks with its window: the text is cut with "…" when there is
no room, and the whole text is always in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

#: Characters kept, at least, before the "…" when the label is at its narrowest.
MIN_CHARS = 6


class ElidedLabel(QLabel):
    """``full_text()`` is what was set; the label shows as much of it as fits.

    It asks for the room of the whole text (``sizeHint``) but can be squeezed to a few
    characters (``minimumSizeHint``), so it never forces its window wider than the
    screen. The tooltip is the whole text, or ``tip`` when one is given (it must then
    say all the text does).
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, *,
                 tip: str = "", mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
        super().__init__(parent)
        self._mode = mode
        self._full = ""
        self._tip = tip
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setWordWrap(False)
        self.setText(text)

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._full = text
        self._sync_tip()
        self._elide()
        self.updateGeometry()

    def set_tip(self, tip: str) -> None:
        """The tooltip instead of the whole text: it must say all the text does."""
        self._tip = tip
        self._sync_tip()

    def is_elided(self) -> bool:
        return super().text() != self._full

    def _sync_tip(self) -> None:
        self.setToolTip(self._tip or self._full)

    def _extra(self) -> int:
        """Padding, margins and frame around the text, from Qt's own hint."""
        return max(0, super().sizeHint().width()
                   - self.fontMetrics().horizontalAdvance(super().text()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        width = self.fontMetrics().horizontalAdvance(self._full) + self._extra() + 1
        return QSize(width, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        shortest = self._full[:MIN_CHARS] + "…" if len(self._full) > MIN_CHARS else self._full
        if self._mode is Qt.TextElideMode.ElideMiddle and len(self._full) > 2 * MIN_CHARS:
            shortest = self._full[:MIN_CHARS] + "…" + self._full[-MIN_CHARS:]
        width = self.fontMetrics().horizontalAdvance(shortest) + self._extra() + 1
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.width() - self._extra()
        shown = self._full
        if self.fontMetrics().horizontalAdvance(self._full) > room:
            shown = self.fontMetrics().elidedText(self._full, self._mode,
                                                  max(room, 0))
        if shown != super().text():
            super().setText(shown)
