"""Work around a reference-counting fault of PySide6 6.12 on Python 3.11.

The abi3 wheels of PySide6 6.12 return ``None`` from every void method (and
some ``bool`` results) without taking a reference, which is harmless from
Python 3.12 on, where ``None``, ``True`` and ``False`` are immortal, but on
3.11 each call drops their count by one until the interpreter aborts with
"none_dealloc: deallocating None" — a wizard page makes thousands of such
calls.  Giving the three singletons a huge extra count makes them as good as
immortal, as on 3.12.  Remove this once the project runs on Python 3.12 or a
PySide6 build without the fault.
"""

from __future__ import annotations

import ctypes
import sys

_EXTRA = 1 << 40
_applied = False


def apply() -> None:
    """Idempotent; does nothing on Python 3.12+ or on other interpreters."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object (a Py_ssize_t).
        ctypes.c_ssize_t.from_address(id(singleton)).value += _EXTRA
    _applied = True


apply()
