"""`csods --self-test`: the core checks, then Qt (offscreen when there is no display).

Prints one line per check and exits 0 only when all pass. Works from source and
in the frozen PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def main() -> int:
    results: list[bool] = []

    def report(name: str, ok: bool, detail: str = "") -> None:
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'}  {name}{f' — {detail}' if detail else ''}", flush=True)

    frozen = getattr(sys, "frozen", False)
    print(f"CSODS Case Manager self-test ({'bundle' if frozen else 'source'}, "
          f"Python {sys.version.split()[0]})", flush=True)
    from app.selftest import run_core_checks

    pdf = run_core_checks(report)
    _qt_checks(report, pdf)
    passed = sum(results)
    failed = len(results) - passed
    print(f"Self-test: {'all ' if not failed else ''}{passed} checks succeeded"
          + (f", {failed} did not" if failed else "") + ".", flush=True)
    return 0 if results and all(results) else 1


def _qt_checks(say: Callable[[str, bool, str], None], pdf: bytes | None) -> None:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
            and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtWidgets import QApplication, QLabel

        existing = QApplication.instance()
        app = existing if isinstance(existing, QApplication) else QApplication([])
        label = QLabel("CSODS self-test")
        label.show()
        app.processEvents()
        say("Qt starts", label.isVisible(), f"platform {app.platformName()}")
        label.close()
    except Exception as exc:  # noqa: BLE001
        say("Qt starts", False, f"{type(exc).__name__}: {exc}")
        return
    try:
        from PySide6.QtPdf import QPdfDocument

        if pdf is None:
            say("PDF preview (QtPdf)", False, "no PDF to load")
            return
        buffer = QBuffer()
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)
        pages = document.pageCount()
        say("PDF preview (QtPdf)", pages > 0, f"{pages} page(s) loaded from memory")
    except Exception as exc:  # noqa: BLE001
        say("PDF preview (QtPdf)", False, f"{type(exc).__name__}: {exc}")
