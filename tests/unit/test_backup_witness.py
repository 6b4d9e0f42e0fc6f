"""#13 item 3: the signed chain head is written into every backup."""

from __future__ import annotations

from pathlib import Path

from app.security import keyfile as kf
from app.services import maintenance, unit_verify
from app.storage import audit_repo
from app.storage.connection import open_connection
from tests.conftest import SUPERVISOR_PW, TestUnit


def test_a_supervisor_backup_carries_its_own_signed_head(unit: TestUnit, tmp_path: Path) -> None:
    with unit.supervisor() as sam:
        dest = maintenance.backup(sam, tmp_path / "b" / "unit.db")
        key = sam.db_key
    top = kf.load(kf.keyfile_path(dest)).witness[-1]
    conn = open_connection(dest, key)
    try:
        assert (top["row"], top["hash"]) == audit_repo.head(conn)  # the copy's own head
    finally:
        conn.close()
    assert top["by"] == "sam"
    report = unit_verify.verify_backup(unit.db, dest, "sam", SUPERVISOR_PW, unit.clock)
    assert report.ok and report.witnessed.startswith(f"row {top['row']}, witnessed by sam")


def test_an_administrators_file_copy_carries_the_witnessed_head(
        unit: TestUnit, tmp_path: Path) -> None:
    with unit.officer():
        pass  # a sign-out witnesses the head in the key file
    live = kf.load(kf.keyfile_path(unit.db)).witness
    assert live
    with unit.admin() as admin:
        dest = maintenance.backup(admin, tmp_path / "c" / "unit.db")
    assert kf.load(kf.keyfile_path(dest)).witness[-len(live):] == live
    report = unit_verify.verify_backup(unit.db, dest, "sam", SUPERVISOR_PW, unit.clock)
    assert report.ok and report.witnessed.startswith(f"row {live[-1]['row']}, witnessed by olive")
