"""Progress and cancellation for long service calls, without Qt.

A long call takes ``progress: Progress`` and calls ``progress(done, total, label)``
as it goes (``total`` 0 means "no count, just busy"). The caller's callback may
raise :class:`Cancelled` to stop the work; a call only checks for it where stopping
is safe, and then leaves nothing half-done behind.
"""

from __future__ import annotations

from collections.abc import Callable

from app.errors import CsodsError

Progress = Callable[[int, int, str], None]


class Cancelled(CsodsError):
    def __init__(self, text: str = "Stopped before it finished; nothing was changed.") -> None:
        super().__init__(text)


def no_progress(_done: int, _total: int, _label: str) -> None:
    """The default: nobody is watching and nothing asks to stop."""


class Steps:
    """Step ``n`` of ``total`` with a label; ``stop()`` polls for cancellation inside a
    step (e.g. from SQLite's progress handler, which cannot raise)."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0
        self.label = ""
        self.cancelled = False

    def start(self, label: str) -> None:
        """Report the next step; raises Cancelled if the caller asked to stop."""
        self.check()
        self.label = label
        self.progress(self.done, self.total, label)

    def finish(self) -> None:
        self.done += 1
        self.check()
        self.progress(self.done, self.total, self.label)

    def stop(self) -> bool:
        if not self.cancelled:
            try:
                self.progress(self.done, self.total, self.label)
            except Cancelled:
                self.cancelled = True
        return self.cancelled

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()
