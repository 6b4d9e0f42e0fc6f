"""The Qt binding must not leak or drop references on the hot path of every widget.

PySide6 6.12.0 (abi3 wheels) under Python 3.11 dropped a reference to None on
every call of a method returning nothing; after a few thousand calls the
interpreter aborted ("deallocating None"). pyproject.toml excludes it; this
test fails loudly if such a build comes back.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel
app = QApplication([])
label, box = QLabel(), QCheckBox()
counts = [sys.getrefcount(x) for x in (None, True, False)]
for _ in range(30000):
    label.setText("x")
    box.setChecked(True)
    box.isChecked()
after = [sys.getrefcount(x) for x in (None, True, False)]
print([a - b for a, b in zip(after, counts)])
"""


def test_void_calls_keep_none_alive() -> None:
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert run.returncode == 0, f"the Qt binding crashed the interpreter: {run.stderr[-500:]}"
    drift = [int(x) for x in run.stdout.strip().strip("[]").split(",")]
    assert all(abs(d) < 1000 for d in drift), drift
