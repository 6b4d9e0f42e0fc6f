"""Shared look of the wizard: colours (always paired with text), sizes, fonts."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QLayout, QWidget

from app.domain.timescales import DeadlineState

#: Width of the label column of every form row (pixels, before DPI scaling).
LABEL_WIDTH = 230
#: Widest an input gets; wider lines are hard to read.
INPUT_MAX_WIDTH = 560
#: Widest a person or group box gets (room for the label column, input and margins).
ROW_MAX_WIDTH = LABEL_WIDTH + 12 + INPUT_MAX_WIDTH + 48
#: Height of a multi-line text box in lines of text.
LONG_TEXT_LINES = 4

HELP_COLOUR = "#4a4a4a"

# (background, text) per deadline state; the state's words are always shown too.
DEADLINE_COLOURS: dict[DeadlineState, tuple[str, str]] = {
    DeadlineState.MET: ("#dff0d8", "#1d4d1d"),
    DeadlineState.MISSED: ("#fbe3c9", "#6b3500"),
    DeadlineState.OPEN: ("#e8eef7", "#1f3a5f"),
    DeadlineState.DUE_SOON: ("#fff1b8", "#5c4400"),
    DeadlineState.OVERDUE: ("#f8d0d0", "#7a0000"),
    DeadlineState.NOT_APPLICABLE: ("#eeeeee", "#444444"),
}

FLAG_COLOURS = {
    "risk": ("#b00020", "#ffffff"),
    "repeat": ("#fff1b8", "#5c4400"),
    "extended": ("#e8eef7", "#1f3a5f"),
    "returned": ("#fbe3c9", "#6b3500"),
    "waiting": ("#e8eef7", "#1f3a5f"),
    "closed": ("#eeeeee", "#222222"),
}


def chip_style(background: str, text: str) -> str:
    return (f"background:{background}; color:{text}; border-radius:3px; "
            "padding:1px 6px;")


def banner_style(background: str, text: str) -> str:
    return (f"background:{background}; color:{text}; border:1px solid {text}; "
            "border-radius:4px; padding:6px 10px;")


class WrappingLabel(QLabel):
    """A word-wrapped label whose height is worked out at the width it really gets.

    Grid layouts ask for the height at the column's width even when the label's
    maximum width is narrower, which cut off the last line of help text.
    """

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return super().heightForWidth(min(width, self.maximumWidth()))


def clear_layout(layout: QLayout) -> None:
    """Remove and delete everything in ``layout`` (widgets hidden at once)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


LINK_BUTTON = ("QToolButton { color:#1f3a5f; text-decoration:underline; border:none; "
               "padding:0 4px; }")


def help_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A small grey explanatory line under an input."""
    label = WrappingLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color:{HELP_COLOUR};")
    font = label.font()
    font.setPointSizeF(max(7.5, font.pointSizeF() * 0.9))
    label.setFont(font)
    return label


def bold(widget: QWidget, on: bool = True) -> None:
    font: QFont = widget.font()
    font.setBold(on)
    widget.setFont(font)


def larger(widget: QWidget, factor: float = 1.25, weight_bold: bool = True) -> None:
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(weight_bold)
    widget.setFont(font)
