"""Benchmark: the supervisor's unit case list through the real Qt model and view.

Run:  .venv/bin/python -m tests.bench.bench_supervisor_model [COUNT] [--db DIR]

Builds a unit of COUNT (default 100,000) synthetic cases with the fast bulk
path in a child process (so the peak memory printed is the application's, not
the loader's), signs in as a supervisor and measures, with the real
``ui.supervisor`` case tab (UnitCaseModel in a QTableView, offscreen, 1366x768):
first rows visible after sign-in (query + model reset + first window + the
view painted), per-keystroke search latency, filter changes, sorting every
column, a jump to the middle, the whole supervisor view, and peak RSS. Prints
one line per figure. Figures, not assertions. ``--db DIR`` keeps (or reuses)
the unit in DIR.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

PASSWORD = "bench-password-0001"
SUP_PASSWORD = "bench-password-0002"
TARGETS = {"first": 0.5, "search": 0.050, "filter": 0.050, "rss": 300.0}


def build(db: Path, count: int) -> None:
    """Child process: create the unit and bulk-load it."""
    from app.domain.enums import Role
    from app.security.crypto import FAST_TEST_KDF
    from app.services import approvals, users
    from app.services.unit import login
    from app.services.unit_create import create_unit
    from tests.bench.bulk_load import bulk_load

    made = create_unit(db, admin_username="admin", admin_password=PASSWORD, kdf=FAST_TEST_KDF)
    with login(db, "admin", PASSWORD) as admin:
        users.add_user(admin, "sup", "DS Bench", Role.SUPERVISOR)
        users.add_user(admin, "off", "PC Bench", Role.OFFICER)
    typed = {"sup": SUP_PASSWORD, "off": "bench-password-0003"}
    for name in ("sup", "off"):  # two-person accounts: the unit root approves
        approvals.approve_with_recovery_code(db, made.recovery_code, name, typed[name])
    with login(db, "sup", SUP_PASSWORD) as sup:
        bulk_load(sup, count)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def _stats(label: str, samples: list[float], target: float | None = None) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    median = statistics.median(samples)
    verdict = "" if target is None else (
        f"  (target ≤ {target * 1000:.0f} ms median: {'met' if median <= target else 'MISSED'})")
    print(f"{label}: median {_ms(median)}, p95 {_ms(p95)}, max {_ms(ordered[-1])} "
          f"[{len(samples)} samples]{verdict}")


def measure(db: Path, count: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from app.domain.enums import Route, Stage
    from app.domain.timescales import DeadlineState
    from app.services.unit import login
    from ui.case_windows import CaseWindows
    from ui.supervisor.case_model import COLUMNS
    from ui.supervisor.cases_tab import CasesTab

    def painted(tab: CasesTab) -> None:
        """Wait until the table has painted its rows (data() for every visible cell)."""
        tab.table.viewport().repaint()
        app.processEvents()

    def timed(action: Callable[[], object], tab: CasesTab) -> float:
        start = time.perf_counter()
        action()
        painted(tab)
        return time.perf_counter() - start

    start = time.perf_counter()
    session = login(db, "sup", SUP_PASSWORD)
    signed_in = time.perf_counter() - start
    tab = CasesTab(session)
    tab.resize(1366, 700)
    tab.show()
    app.processEvents()
    first = timed(tab.load, tab)
    print(f"[{count:,} cases] sign-in {_ms(signed_in)} (key derivation is the fast test "
          "setting); first rows visible after sign-in (count + model reset + first window "
          f"+ painted): {_ms(first)}  (target ≤ 500 ms: "
          f"{'met' if first <= TARGETS['first'] else 'MISSED'})")
    print(f"[{count:,} cases] rows in the model {tab.model.rowCount():,}; windows fetched "
          f"{tab.model.fetches}, cached {len(tab.model.cached_windows())}")

    kinds: dict[str, list[float]] = {"names": [], "reference prefix": [], "digits only": []}
    words = {"names": ("Pemberton", "Whitlock", "O'Rourke", "Zielinski", "Kaur"),
             "reference prefix": ("CSO/2025/0004",), "digits only": ("12345",)}
    for kind, group in words.items():
        for word in group:
            for n in range(1, len(word) + 1):  # the first character does not search
                def type_prefix(text: str = word[:n]) -> None:
                    tab.search.setText(text)
                    tab.apply_filters()
                kinds[kind].append(timed(type_prefix, tab))
            tab.search.clear()
            tab.apply_filters()
    keystrokes = [t for samples in kinds.values() for t in samples]
    _stats(f"[{count:,} cases] search, per keystroke through the model",
           keystrokes, TARGETS["search"])
    for kind, samples in kinds.items():
        _stats(f"[{count:,} cases]   of which {kind}", samples)

    changes: list[tuple[str, Callable[[], None]]] = []
    for state in (DeadlineState.OVERDUE, DeadlineState.DUE_SOON, DeadlineState.OPEN, None):
        changes.append((f"deadline {state}", lambda s=state: tab.deadline.setCurrentIndex(
            tab.deadline.findData(s.value if s else None))))
    for stage in (*Stage, None):
        changes.append((f"stage {stage}", lambda s=stage: tab.stage.setCurrentIndex(
            tab.stage.findData(int(s) if s else None))))
    for route in (Route.DISCLOSED, Route.REDIRECTED, None):
        changes.append((f"route {route}", lambda r=route: tab.route.setCurrentIndex(
            tab.route.findData(r.value if r else None))))
    changes.append(("officer off", lambda: tab.officer.setCurrentIndex(
        tab.officer.findData("off"))))
    changes.append(("officer any", lambda: tab.officer.setCurrentIndex(0)))
    for check in (tab.immediate_risk, tab.awaiting, tab.repeat_subject):
        changes.append((check.text(), lambda c=check: c.setChecked(True)))
        changes.append((check.text(), lambda c=check: c.setChecked(False)))
    filter_times = [timed(change, tab) for _, change in changes]
    _stats(f"[{count:,} cases] filter change through the model", filter_times,
           TARGETS["filter"])

    sort_times: list[float] = []
    for column, spec in enumerate(COLUMNS):
        if spec.sort_key is None:
            continue
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            sort_times.append(timed(lambda c=column, o=order: tab.table.sortByColumn(c, o),
                                    tab))
    _stats(f"[{count:,} cases] sort (every sortable column, both ways)", sort_times)
    tab.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    jumps = [timed(lambda r=row: tab.table.scrollTo(tab.model.index(r, 0)), tab)
             for row in (count // 2, count - 1, count // 3, 10)]
    _stats(f"[{count:,} cases] scroll jump (new window fetched and painted)", jumps)
    print(f"[{count:,} cases] windows fetched in all {tab.model.fetches}, cached now "
          f"{len(tab.model.cached_windows())} (cap 20)")
    references = [tab.model.reference_at(row) for row in (3, 40, 75)]
    tab.clear()
    tab.deleteLater()
    app.processEvents()

    windows = CaseWindows()
    try:
        opened = []
        for reference in references:
            if reference is None:
                continue
            start = time.perf_counter()
            windows.open(session, reference)
            app.processEvents()
            opened.append(time.perf_counter() - start)
        windows.close_now()
        app.processEvents()
        _stats(f"[{count:,} cases] open a case (the wizard's case window shown)", opened)
    except Exception as error:  # noqa: BLE001 - the window belongs to another module
        print(f"[{count:,} cases] open a case: not measured ({type(error).__name__})")

    from ui.supervisor import SupervisorView

    start = time.perf_counter()
    view = SupervisorView(session, CaseWindows())
    view.resize(1366, 740)
    view.show()
    app.processEvents()
    view.cases.table.viewport().repaint()
    whole = time.perf_counter() - start
    print(f"[{count:,} cases] whole supervisor view built and its case list painted: "
          f"{_ms(whole)}")
    start = time.perf_counter()
    view.count_queue()
    print(f"[{count:,} cases] sign-off queue counted (after the first paint): "
          f"{_ms(time.perf_counter() - start)}")
    view.clear()
    session.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[{count:,} cases] peak RSS of the application process: {peak:6.1f} MiB  "
          f"(target ≤ 300 MiB: {'met' if peak <= TARGETS['rss'] else 'MISSED'})")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--build"]:
        build(Path(argv[1]), int(argv[2]))
        return
    count = int(argv[0]) if argv and argv[0].isdigit() else 100_000
    keep = Path(argv[argv.index("--db") + 1]) if "--db" in argv else None
    with tempfile.TemporaryDirectory(prefix="csods-bench-") as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / f"unit-{count}.db"
        if not db.exists():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "tests.bench.bench_supervisor_model",
                            "--build", str(db), str(count)], check=True)
            print(f"[{count:,} cases] bulk load (child process) "
                  f"{time.perf_counter() - start:6.1f} s")
        measure(db, count)


if __name__ == "__main__":
    main(sys.argv[1:])
