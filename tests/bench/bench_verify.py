"""Benchmark: ``csods verify`` on a unit of N demo cases, with and without the
comparison of the cases with their signed audit rows (issue 13).

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.bench_verify [N]
(N defaults to 2000; at most the demo's maximum). The unit is built by the demo
builder through the services (every case audited, stamped and signed as in use), so
building takes minutes. Prints the time of the whole check before (the case
comparison left out) and after, and of the comparison alone; asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.demo import create_demo
from app.security.crypto import FAST_TEST_KDF
from app.services import case_integrity, unit_verify
from app.services.session import Session
from app.services.unit import login

RUNS = 3


def _median(run: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _whole_check(session: Session) -> None:
    report = unit_verify._check(session.conn, session.db_path, session.db_key)
    assert report.ok, report.problems[:5]


def main(count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="csods-bench-verify-"))
    started = time.perf_counter()
    made = create_demo(folder / "unit.db", cases=count, seed=2026, kdf=FAST_TEST_KDF)
    print(f"built {count} demo cases in {time.perf_counter() - started:.0f} s")
    boss = next(u for u in made.logins if u.role.value == "supervisor")
    with login(made.db_path, boss.username, boss.password) as session:
        rows = session.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
        stages = session.conn.execute("SELECT count(*) FROM stage_records").fetchone()[0]
        print(f"{rows} audit rows, {stages} stage records")
        after = _median(lambda: _whole_check(session))
        real = case_integrity.problems
        case_integrity.problems = lambda *_a, **_k: []  # type: ignore[assignment]
        try:
            before = _median(lambda: _whole_check(session))
        finally:
            case_integrity.problems = real  # type: ignore[assignment]
        alone = _median(lambda: case_integrity.problems(session.conn, set()))
    print(f"verify, before (no case comparison): {before:.2f} s (median of {RUNS})")
    print(f"verify, after (cases compared):      {after:.2f} s")
    print(f"the case comparison alone:           {alone:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
