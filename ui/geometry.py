"""Window sizes that fit the screen they open on (1366x768 laptops included)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room left for the taskbar and the window's own title bar and frame.
FRAME_MARGIN = 60


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` x ``height``, shrunk to fit the available screen.

    A dialog taller than the screen hides its buttons (Print, Close) below the
    bottom edge, where neither the mouse nor the eye finds them.
    """
    parent = window.parentWidget()
    screen = (parent.screen() if parent is not None else None) or \
        QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, area.width() - FRAME_MARGIN // 2)
        height = min(height, area.height() - FRAME_MARGIN)
    window.resize(width, height)
