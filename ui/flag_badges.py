"""Deadline-state colours and flag badges shared by every case table.

Deadline state and flags are always shown as words too; colour only helps the
eye (it is never the only signal).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain.flags import CaseFlag

Index = QModelIndex | QPersistentModelIndex

# deadline state value -> (background, text colour)
STATE_COLOURS = {
    "overdue": ("#f8d7da", "#842029"),
    "due_soon": ("#fff3cd", "#664d03"),
    "open": ("#d1e7dd", "#0f5132"),
}
IMMEDIATE_RISK = CaseFlag.IMMEDIATE_RISK.label
REPEAT_SUBJECT = CaseFlag.REPEAT_SUBJECT.label
EXTENDED = CaseFlag.EXTENDED.label
AWAITING_SIGNOFF = CaseFlag.AWAITING_SIGNOFF.label
REFERRAL_OVERDUE = CaseFlag.REFERRAL_OVERDUE.label
# flag -> (background, text colour); immediate risk is red
FLAG_COLOURS = {
    IMMEDIATE_RISK: ("#b00020", "#ffffff"),
    REPEAT_SUBJECT: ("#5a3d8a", "#ffffff"),
    EXTENDED: ("#e2e3e5", "#2b2f32"),
    AWAITING_SIGNOFF: ("#cfe2ff", "#052c65"),
    REFERRAL_OVERDUE: ("#f8d7da", "#842029"),
}
# a flag with no colour of its own
OTHER_FLAG_COLOURS = ("#e2e3e5", "#2b2f32")
FLAG_SEPARATOR = " · "


def flags_text(flags: Iterable[CaseFlag]) -> str:
    """The flags column's text: the words of each flag (the delegate paints them as badges)."""
    return FLAG_SEPARATOR.join(flag.label for flag in flags)


def badge_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
    font.setBold(True)
    return font


class FlagsDelegate(QStyledItemDelegate):
    """Paints each flag (from the display text) as a small coloured badge with its words."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        flags = [f for f in str(index.data(Qt.ItemDataRole.DisplayRole) or "").split(
            FLAG_SEPARATOR) if f]
        style = option.widget.style() if option.widget else None
        if style is not None:  # selection / alternate background, without the text
            blank = QStyleOptionViewItem(option)
            self.initStyleOption(blank, index)
            blank.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, blank, painter,
                              option.widget)
        if not flags:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = badge_font(option.font)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        rect: QRect = option.rect
        x = rect.left() + 4
        height = min(metrics.height() + 4, rect.height() - 2)
        y = rect.top() + (rect.height() - height) // 2
        for flag in flags:
            width = metrics.horizontalAdvance(flag) + 12
            if x + width > rect.right():
                break
            background, foreground = FLAG_COLOURS.get(flag, OTHER_FLAG_COLOURS)
            badge = QRect(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(background))
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(QColor(foreground))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, flag)
            x += width + 4
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> Any:  # noqa: N802
        hint: QSize = super().sizeHint(option, index)
        flags = [f for f in str(index.data(Qt.ItemDataRole.DisplayRole) or "").split(
            FLAG_SEPARATOR) if f]
        metrics = QFontMetrics(badge_font(option.font))
        hint.setWidth(sum(metrics.horizontalAdvance(f) + 16 for f in flags) + 8)
        return hint
