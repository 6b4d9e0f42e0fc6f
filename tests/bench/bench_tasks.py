"""Benchmark: the home screen's My tasks at N cases × 20 tasks each.

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.bench_tasks [N]
(N defaults to 5000). Every case and task is made through the services (open_case,
add_task: authorise → validate → change → audit), not a bulk loader, so building is
slow (about 100,000 audited transactions at N=5000). Every case is one officer's, so
their My tasks query is the worst case: it reads only the open tasks due in the next
four weeks, overdue included (at most 500 shown). Prints figures, asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.clock import FixedClock
from app.domain.enums import Role
from app.security.crypto import FAST_TEST_KDF
from app.services import approvals, cases, tasks, users
from app.services.unit import login
from app.services.unit_create import create_unit

TASKS_PER_CASE = 20
PASSWORD = "bench-password-0001"
SUP_PASSWORD = "bench-password-0002"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
NOTES = ("Call the applicant back", "Chase MASH referral", "Book MAPPA slot",
         "Check PNC update", "Send outcome letter")


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(samples) * 1000:7.1f} ms, p95 {p95 * 1000:7.1f} ms"


def build(folder: Path, n_cases: int) -> Path:
    db = folder / "unit.db"
    clock = FixedClock(NOW)
    made = create_unit(db, admin_username="admin", admin_password=PASSWORD,
                       unit_name="Bench unit",
                       case_prefix="BEN", clock=clock, kdf=FAST_TEST_KDF)
    with login(db, "admin", PASSWORD, clock) as admin:
        users.add_user(admin, "olive", "PC Olive Ashdown", Role.OFFICER)
        users.add_user(admin, "sam", "DS Sam Whitlock", Role.SUPERVISOR)
    typed = {"olive": PASSWORD, "sam": SUP_PASSWORD}
    for name in ("olive", "sam"):  # two-person accounts: the unit root approves
        approvals.approve_with_recovery_code(db, made.recovery_code, name, typed[name], clock)
    started = time.perf_counter()
    with login(db, "olive", PASSWORD, clock) as olive:
        for index in range(n_cases):
            ref = cases.open_case(olive, NOW - timedelta(minutes=10 + index % 600)).reference
            for k in range(TASKS_PER_CASE):
                # Spread from 60 days ago to 120 days ahead; a quarter done.
                due = NOW + timedelta(hours=(index * 7 + k * 217) % 4320 - 1440)
                made = tasks.add_task(olive, ref, NOTES[k % len(NOTES)], due, "olive")
                if k % 4 == 0:
                    tasks.complete_task(olive, ref, made.id)
            if (index + 1) % max(1, n_cases // 10) == 0:
                spent = time.perf_counter() - started
                print(f"  built {index + 1} cases ({(index + 1) * TASKS_PER_CASE} tasks) "
                      f"in {spent:6.1f} s", flush=True)
    return db


def measure(db: Path, n_cases: int, repeats: int = 15) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.tasks_view import TasksView

    app = QApplication.instance() or QApplication([])
    clock = FixedClock(NOW)
    with login(db, "olive", PASSWORD, clock) as olive:
        query, panel = [], []
        shown = 0
        for _ in range(repeats):
            start = time.perf_counter()
            shown = len(tasks.my_tasks(olive))
            query.append(time.perf_counter() - start)
        for _ in range(repeats):
            start = time.perf_counter()
            view = TasksView(olive)
            view.resize(1366, 400)
            view.refresh()
            view.show()
            app.processEvents()
            panel.append(time.perf_counter() - start)
            view.close()
            view.deleteLater()
        count = n_cases * TASKS_PER_CASE
        print(f"[{n_cases} cases, {count} tasks] My tasks query ({shown} rows): {_ms(query)}")
        print(f"[{n_cases} cases, {count} tasks] My tasks panel built, loaded and shown: "
              f"{_ms(panel)}")
        start = time.perf_counter()
        overdue = tasks.overdue_count(olive)
        print(f"[{n_cases} cases, {count} tasks] sign-in overdue count ({overdue}): "
              f"{(time.perf_counter() - start) * 1000:7.1f} ms")
    with login(db, "sam", SUP_PASSWORD, clock) as sam:
        unit = []
        for _ in range(repeats):
            start = time.perf_counter()
            tasks.unit_tasks(sam)
            unit.append(time.perf_counter() - start)
        print(f"[{n_cases} cases, {count} tasks] unit Open tasks query: {_ms(unit)}")


def main(argv: list[str]) -> None:
    n_cases = int(argv[0]) if argv else 5000
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        db = build(Path(folder), n_cases)
        print(f"built through the services in {time.perf_counter() - started:.1f} s")
        measure(db, n_cases)


if __name__ == "__main__":
    main(sys.argv[1:])
