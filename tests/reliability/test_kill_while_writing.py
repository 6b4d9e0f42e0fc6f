"""A writer killed with SIGKILL at random moments loses no committed row."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.services import unit_verify
from app.storage import settings_repo
from tests.conftest import SUPERVISOR_PW, TestUnit

# 50 rounds in CI. Each round's cost is mostly the child's start (imports, sign-in), so
# the time it writes before being killed is kept short: it commits hundreds of rows a
# second, so even the shortest wait kills it mid-way through a stream of commits.
ROUNDS = 50
WAIT = (0.01, 0.08)  # seconds of writing before SIGKILL
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_during_writes_loses_no_committed_row(unit: TestUnit) -> None:
    rng = random.Random(20261128)
    committed: list[int] = []
    next_id = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.writer_child", str(unit.db), "sam",
             SUPERVISOR_PW, str(next_id)],
            stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(*WAIT))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        ids = [int(line) for line in out.split() if line.isdigit()]
        committed += ids
        next_id = (ids[-1] + 1) if ids else next_id + 10_000
    assert len(committed) > ROUNDS  # the child really was writing when killed
    with unit.supervisor() as session:  # administrators hold no database key
        missing = [i for i in committed if not settings_repo.get(session.conn, f"kill-test-{i}")]
        report = unit_verify.verify(session)
    assert missing == []
    assert report.ok, report.problems
    print(f"\n{ROUNDS} kill rounds survived, {len(committed)} committed rows all present")
