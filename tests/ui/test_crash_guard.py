"""Unexpected errors are noted for IT without any message or value, and shown calmly."""

from __future__ import annotations

import sys
from pathlib import Path

from ui import crash_guard


def test_note_has_no_message_or_values(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    log = tmp_path / "logs" / "errors.log"
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    crash_guard.install(shown.append, log)
    secret = "Zoë Quenby-Marchetti, 14 Larkspur Close"
    try:
        raise ValueError(f"bad value {secret}")
    except ValueError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    text = log.read_text(encoding="utf-8")
    assert "builtins.ValueError" in text and "test_crash_guard.py" in text
    assert secret not in text and "Larkspur" not in text
    assert shown and "Drafts are saved" in shown[0] and str(log) in shown[0]
