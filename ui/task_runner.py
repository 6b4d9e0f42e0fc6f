"""One runner for long work, off the GUI thread (after Anki's collection-task runner).

``TaskRunner.instance().run(parent, session, call, ...)`` runs ``call(worker_session,
progress)`` on a pool thread, one task at a time, on the worker's OWN connection:
the thread opens it from a copy of the session's key (``Session.worker_ticket``),
because SQLite connections must not cross threads. Meanwhile a window-modal
QProgressDialog shows ``progress(done, total, label)``; its Cancel button (only for
calls that can stop safely) makes the next ``progress`` call raise ``Cancelled``.
The result or the error comes back to the GUI thread by signal; errors are shown
with the usual message helpers.

``exclusive=True`` (rekey) closes the GUI connection for the duration and reopens
it afterwards with the key the database then has.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.services.progress import Cancelled
from ui.messages import show_error, show_message

if TYPE_CHECKING:
    from app.services.progress import Progress
    from app.services.session import Session, WorkerTicket

Call = Callable[["Session", "Progress"], Any]
BUSY = "Another task is still running. Wait for it to finish, then try again."


class _Signals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object, object)  # result, the database key after the call
    failed = Signal(object, object)  # error, the database key after the call


class _Job(QRunnable):
    def __init__(self, ticket: WorkerTicket, call: Call, signals: _Signals,
                 stop: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.ticket, self.call, self.signals, self.stop = ticket, call, signals, stop
        self._last: tuple[int, int, str] | None = None

    def progress(self, done: int, total: int, label: str) -> None:
        if self.stop.is_set():
            raise Cancelled()
        if (done, total, label) != self._last:
            self._last = (done, total, label)
            self.signals.progressed.emit(done, total, label)

    def run(self) -> None:
        worker: Session | None = None
        key: bytes | None = None
        try:
            worker = self.ticket.open()
            result = self.call(worker, self.progress)
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the GUI
            key = self._close(worker)
            self.signals.failed.emit(error, key)
            return
        key = self._close(worker)
        self.signals.finished.emit(result, key)

    def _close(self, worker: Session | None) -> bytes | None:
        key = None
        if worker is not None:
            try:
                key = None if worker.keyless else worker.db_key
            finally:
                worker.close()
        self.ticket.wipe()
        return key


class TaskRunner(QObject):
    """Runs one service call at a time off the GUI thread."""

    started = Signal()
    done = Signal()  # after the result or error has been handled
    _instance: ClassVar[TaskRunner | None] = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.dialog: QProgressDialog | None = None
        self._stop = threading.Event()
        self._job: _Job | None = None
        self._signals: _Signals | None = None
        self._parent: QWidget | None = None
        self._session: Session | None = None
        self._exclusive = False
        self._on_done: Callable[[Any], None] | None = None
        self._on_error: Callable[[BaseException], None] | None = None

    @classmethod
    def instance(cls) -> TaskRunner:
        """The application's one runner (made on first use, owned by the application)."""
        if cls._instance is None or not shiboken6.isValid(cls._instance):
            cls._instance = TaskRunner(QCoreApplication.instance())
        return cls._instance

    @property
    def busy(self) -> bool:
        return self._job is not None

    def run(self, parent: QWidget, session: Session, call: Call, *, title: str,
            on_done: Callable[[Any], None], on_error: Callable[[BaseException], None] | None
            = None, cancellable: bool = False, exclusive: bool = False) -> bool:
        """Start ``call``; False (and the user told) if a task is already running or
        the session cannot lend a connection."""
        if self.busy:
            show_message(parent, BUSY)
            return False
        try:
            ticket = session.worker_ticket()
            if exclusive:
                session.lend()
        except Exception as error:  # noqa: BLE001 - e.g. the session was locked
            show_error(parent, error)
            return False
        self._stop.clear()
        self._parent, self._session, self._exclusive = parent, session, exclusive
        self._on_done, self._on_error = on_done, on_error
        signals = _Signals()
        signals.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._signals = signals
        self._job = _Job(ticket, call, signals, self._stop)
        self.dialog = self._progress_dialog(parent, title, cancellable)
        self.started.emit()
        self.pool.start(self._job)
        return True

    def _progress_dialog(self, parent: QWidget, title: str, cancellable: bool) -> QProgressDialog:
        dialog = QProgressDialog(title, "&Cancel" if cancellable else "", 0, 0, parent)
        dialog.setObjectName("task_progress")
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self.cancel)
        # Closing the parent window deletes the dialog with it: forget it at once.
        dialog.destroyed.connect(lambda *_: self._dialog_destroyed(dialog))
        dialog.show()
        return dialog

    def _dialog_destroyed(self, dialog: QProgressDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def cancel(self) -> None:
        """Ask the running task to stop at its next safe point (no effect if it cannot)."""
        if self.busy:
            self._stop.set()
            dialog = self._live_dialog()
            if dialog is not None:
                dialog.setLabelText("Stopping…")

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker thread is idle (tests; quitting)."""
        return self.pool.waitForDone(msecs)

    # -- back on the GUI thread -------------------------------------------------------
    def _live_dialog(self) -> QProgressDialog | None:
        """The progress dialog, unless it is gone with its parent window (a window closed
        while its task ran): a dangling dialog must never be touched."""
        dialog = self.dialog
        if dialog is not None and not shiboken6.isValid(dialog):
            self.dialog = dialog = None
        return dialog

    def _progressed(self, done: int, total: int, label: str) -> None:
        dialog = self._live_dialog()
        if dialog is None or self._stop.is_set():
            return
        dialog.setLabelText(label)
        dialog.setMaximum(max(total, 0))
        # Last: a modal progress dialog processes events inside setValue, where the task's
        # end (or its window closing) may delete the dialog; nothing may touch it after.
        dialog.setValue(min(done, total) if total else 0)

    def _finished(self, result: object, key: bytes | None) -> None:
        callback = self._end(key)
        if callback[0] is not None:
            callback[0](result)
        self.done.emit()

    def _failed(self, error: BaseException, key: bytes | None) -> None:
        asked = self._stop.is_set()
        _on_done, on_error, parent = self._end(key)
        if isinstance(error, Cancelled) and asked:
            pass  # the user (or the lock) asked for it: nothing to say
        elif on_error is not None:
            on_error(error)
        else:
            show_error(parent, error)
        self.done.emit()

    def _end(self, key: bytes | None) -> tuple[Callable[[Any], None] | None,
                                               Callable[[BaseException], None] | None,
                                               QWidget | None]:
        session, exclusive = self._session, self._exclusive
        if exclusive and session is not None and key is not None:
            try:
                session.take_back(key)
            except Exception as error:  # noqa: BLE001 - said, and the session stays lent
                show_error(None, error)
        dialog = self._live_dialog()
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            dialog.close()
            dialog.deleteLater()
        self.dialog = None
        parent = self._parent
        alive = parent is not None and shiboken6.isValid(parent)
        callbacks = (self._on_done if alive else None, self._on_error if alive else None,
                     parent if alive else None)
        self._job = self._signals = None
        self._parent = self._session = None
        self._on_done = self._on_error = None
        return callbacks
