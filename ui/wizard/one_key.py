"""One key per question (issue 12): on a yes/no pair or a tick box, Y or N answers and
moves on to the next question, as Tab would, so a run of such questions takes one key
each.  Space and the arrow keys still answer without moving on (to change an answer)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

#: What the editors' tooltips and accessible descriptions say about the keys.
YES_NO_KEYS_HINT = "Y or N answers and moves on to the next question."
TICK_KEYS_HINT = "Y ticks, N leaves unticked, and either moves on; Space ticks or unticks."


def plain_key(event: QKeyEvent) -> bool:
    """A key pressed without Ctrl, Alt, Shift or Meta (the keypad is fine)."""
    return not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier


def answer_key(event: QKeyEvent) -> bool | None:
    """True for Y, False for N, None for any other key or a key with a modifier."""
    if not plain_key(event):
        return None
    return {Qt.Key.Key_Y: True, Qt.Key.Key_N: False}.get(Qt.Key(event.key()))


def move_on(widget: QWidget) -> None:
    """Focus the Tab stop after ``widget``, as Tab would.  Called after the answer is
    shown, so a follow-up question that answer has just revealed comes next."""
    widget.focusNextChild()
