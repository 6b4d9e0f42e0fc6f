"""Benchmark: the unit case list at 1,000 / 10,000 / 100,000 cases.

Run:  .venv/bin/python -m tests.bench.bench_case_list [1000 10000 100000]
Prints one line per figure (service level: the queries behind the supervisor's
table; the Qt model adds only the drawing of the visible rows). Figures, not
assertions.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.domain.enums import Role, Stage
from app.domain.timescales import DeadlineState
from app.security.crypto import FAST_TEST_KDF
from app.services import approvals, cases, users
from app.services.case_list import CaseQuery, count_cases, find_case_ids, summaries_for
from app.services.session import Session
from app.services.unit import login
from app.services.unit_create import create_unit
from tests.bench.bulk_load import bulk_load

PAGE = 100
PASSWORD = "bench-password-0001"
SUP_PASSWORD = "bench-password-0002"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _window(session: Session, query: CaseQuery, sort: str = "deadline",
            descending: bool = False, offset: int = 0) -> int:
    """What the table does for a new query: count, then the first window of rows."""
    total = count_cases(session, query, mine=False)
    ids = find_case_ids(session, query, mine=False, sort=sort, descending=descending,
                        offset=offset, limit=PAGE)
    summaries_for(session, ids)
    return total


def _stats(label: str, count: int, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    print(f"[{count:>7} cases] {label}: median {_ms(statistics.median(samples))}, "
          f"p95 {_ms(p95)}")


def run(count: int, folder: Path) -> None:
    db = folder / f"unit-{count}.db"
    made = create_unit(db, admin_username="admin", admin_password=PASSWORD, kdf=FAST_TEST_KDF)
    with login(db, "admin", PASSWORD) as admin:
        users.add_user(admin, "sup", "DS Bench", Role.SUPERVISOR)
        users.add_user(admin, "off", "PC Bench", Role.OFFICER)
    typed = {"sup": SUP_PASSWORD, "off": "bench-password-0003"}
    for name in ("sup", "off"):  # two-person accounts: the unit root approves
        approvals.approve_with_recovery_code(db, made.recovery_code, name, typed[name])
    with login(db, "sup", SUP_PASSWORD) as sup:
        load_time, _ = _timed(lambda: bulk_load(sup, count))
    size = sum(p.stat().st_size for p in folder.glob(f"unit-{count}.db*"))
    print(f"[{count:>7} cases] bulk load {load_time:6.1f} s, files {size / 2**20:7.1f} MiB")

    t_login, session = _timed(lambda: login(db, "sup", SUP_PASSWORD))
    t_first, total = _timed(lambda: _window(session, CaseQuery()))
    print(f"[{count:>7} cases] sign-in {_ms(t_login)}; first {PAGE} rows of {total} "
          f"visible {_ms(t_first)} after sign-in")

    keystrokes = []
    # The search box starts searching at the second character (ui/cases_view.py).
    for word in ("Pemberton", "Whitlock", "O'Rourke", "Zielinski", "CSO/2025/0004"):
        for n in range(2, len(word) + 1):
            t, _ = _timed(lambda w=word[:n]: _window(session, CaseQuery(text=w)))
            keystrokes.append(t)
    _stats(f"search, per keystroke ({len(keystrokes)} keystrokes)", count, keystrokes)

    filters = [CaseQuery(deadline_state=s) for s in
               (DeadlineState.OVERDUE, DeadlineState.DUE_SOON, DeadlineState.OPEN)]
    filters += [CaseQuery(stage=s) for s in Stage] + [CaseQuery(status="open"),
                                                      CaseQuery(officer="off")]
    _stats(f"filter ({len(filters)} filters)", count,
           [_timed(lambda q=q: _window(session, q))[0] for q in filters])

    sorts = ["reference", "stage", "route", "officer", "applicant", "subject", "contact",
             "deadline", "status"]
    times = [_timed(lambda k=k, d=d: _window(session, CaseQuery(), k, d))[0]
             for k in sorts for d in (False, True)]
    _stats(f"sort ({len(times)} column/direction pairs)", count, times)
    deep = _timed(lambda: _window(session, CaseQuery(), "subject", offset=total // 2))[0]
    print(f"[{count:>7} cases] scroll to the middle (sorted by subject): {_ms(deep)}")

    some = find_case_ids(session, mine=False, sort="reference", offset=total // 3, limit=20)
    refs = [s.reference for s in summaries_for(session, some)]
    opened = [_timed(lambda r=r: cases.get_case(session, r))[0] for r in refs]
    _stats("open a case", count, opened)
    session.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[{count:>7} cases] peak RSS of this process so far: {peak:6.1f} MiB")


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv] or [1000, 10000, 100000]
    with tempfile.TemporaryDirectory(prefix="csods-bench-") as tmp:
        for count in counts:
            run(count, Path(tmp))


if __name__ == "__main__":
    main(sys.argv[1:])
