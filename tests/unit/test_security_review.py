"""Regression tests for findings of the security review (one test per finding)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.enums import AuditAction
from app.errors import DatabaseError
from app.security import keyfile as kf
from app.security import slots
from app.services import maintenance, users
from app.storage import audit_repo
from app.storage.connection import open_connection
from tests.conftest import OFFICER2_PW, TestUnit


def test_rekey_does_not_seal_the_new_key_to_a_planted_slot(unit: TestUnit) -> None:
    """An officer with write access to the key file adds a slot of their own before
    being disabled; the rekey meant to shut them out must not seal the new key to it."""
    keys_path = kf.keyfile_path(unit.db)
    keyfile = kf.load(keys_path)
    old_keys = slots.open_slot(keyfile, "owen", keyfile.slots["owen"], OFFICER2_PW).db_keys
    keyfile.slots["zz-spare"] = slots.new_slot(keyfile, "zz-spare", "owen-keeps-access!",
                                               old_keys[0])
    kf.save(keys_path, keyfile)
    with unit.admin() as admin:
        users.disable_user(admin, "owen")
    with unit.supervisor() as sam:  # re-encrypting needs the key: a supervisor's task
        maintenance.rekey(sam)
        new_key = sam.db_key
    after = kf.load(keys_path)
    assert "zz-spare" not in after.slots
    assert set(after.slots) == {"admin", "sam", "olive", kf.RECOVERY_SLOT}
    # Even a copy of the planted slot, kept elsewhere, does not open the new key.
    planted = keyfile.slots["zz-spare"]
    keys = slots.open_slot(keyfile, "zz-spare", planted, "owen-keeps-access!").db_keys
    assert new_key not in keys
    with pytest.raises(DatabaseError):
        open_connection(unit.db, keys[0])
    with unit.supervisor() as sam:
        rows = audit_repo.search(sam.conn, audit_repo.AuditQuery(
            action=AuditAction.MAINTENANCE.value))
        assert any("1 key slot(s) without an active account removed" in (r.detail or "")
                   for r in rows)


@pytest.mark.parametrize("verb", ["INSERT OR REPLACE INTO", "REPLACE INTO"])
def test_audit_rows_cannot_be_overwritten_with_replace(unit: TestUnit, verb: str) -> None:
    """REPLACE deletes the old row without firing the no-delete trigger; refuse it."""
    from app.storage.connection import sqlite_errors

    with unit.supervisor() as sam:
        conn = sam.conn
        before = audit_repo.iter_rows(conn).__next__()
        with pytest.raises(sqlite_errors(), match="append-only"):
            conn.execute(f"{verb} audit (id, at, actor, action, prev_hash, hash) "
                         "VALUES (1, 'x', 'forged', 'login', 'p', 'h')")
        assert next(audit_repo.iter_rows(conn)) == before
        assert audit_repo.chain_problems(conn) == []


def test_restore_refuses_a_backup_of_another_unit(unit: TestUnit, tmp_path: Path) -> None:
    """Anyone can `csods init` a unit of their own; its backup must not replace this one."""
    from app.security.crypto import FAST_TEST_KDF
    from app.services.unit_create import create_unit
    from tests.conftest import ADMIN_PW

    other = tmp_path / "other" / "unit.db"
    create_unit(other, admin_username="admin", admin_password=ADMIN_PW, clock=unit.clock,
                kdf=FAST_TEST_KDF)
    before = unit.db.read_bytes()
    with pytest.raises(DatabaseError, match="another unit"):
        maintenance.restore(unit.db, other, "admin", ADMIN_PW, unit.clock)
    assert unit.db.read_bytes() == before
    assert not list(unit.db.parent.glob("unit.db.replaced-*"))
    unit.officer().close()


def test_saved_pdf_file_name_stays_out_of_the_audit_trail(unit: TestUnit,
                                                          tmp_path: Path) -> None:
    from app.documents.model import DocumentKind
    from app.domain.enums import Stage
    from app.services import documents
    from tests.unit.case_walk import open_new, walk_to

    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.FACE_TO_FACE)
        out = documents.save_pdf(officer, ref, DocumentKind.INITIAL_CONTACT_RECORD,
                                 tmp_path / "Contact with Jane Okafor about John Doe.pdf")
        rows = list(audit_repo.iter_rows(officer.conn))
    assert out.exists()
    assert not any("Okafor" in str(r) or "John Doe" in str(r) for r in rows)


def test_unaudited_pdf_is_not_left_on_disk(unit: TestUnit, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """If the export cannot be recorded, the file must not stay behind."""
    from app.documents.model import DocumentKind
    from app.domain.enums import Stage
    from app.services import documents, saved_files
    from tests.unit.case_walk import open_new, walk_to

    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.FACE_TO_FACE)
        real_fsync = saved_files.os.fsync

        def failing_fsync(fd: int) -> None:
            real_fsync(fd)
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(saved_files.os, "fsync", failing_fsync)
        target = tmp_path / "ic.pdf"
        with pytest.raises(OSError):
            documents.save_pdf(officer, ref, DocumentKind.INITIAL_CONTACT_RECORD, target)
        monkeypatch.undo()
        assert not target.exists()
        exports = audit_repo.search(officer.conn, audit_repo.AuditQuery(
            action=AuditAction.EXPORT.value))
        assert exports == []


def test_guessing_the_current_password_in_a_session_counts_towards_lockout(
        unit: TestUnit) -> None:
    from app.errors import AccountLocked, InvalidInput
    from tests.conftest import OFFICER_PW

    with unit.officer() as officer:
        for _ in range(4):
            with pytest.raises(InvalidInput, match="not right"):
                users.change_own_password(officer, "a-wrong-guess-000", "new-password-0001")
        with pytest.raises(AccountLocked):
            users.change_own_password(officer, "a-wrong-guess-000", "new-password-0001")
        with pytest.raises(AccountLocked):  # even the right one, until the lock ends
            users.change_own_password(officer, OFFICER_PW, "new-password-0001")
        failed = audit_repo.search(officer.conn, audit_repo.AuditQuery(
            actor="olive", action=AuditAction.FAILED_LOGIN.value))
        assert len(failed) == 5
    with pytest.raises(AccountLocked):
        unit.officer()


def test_wrong_recovery_codes_reach_the_audit_trail(unit: TestUnit) -> None:
    from app.errors import AuthenticationFailed
    from app.services.recovery import recover_password

    wrong = "AAAA-" * 7 + "AAAA"
    with pytest.raises(AuthenticationFailed):
        recover_password(unit.db, wrong, "olive", "recovered-password-01", unit.clock)
    with unit.supervisor() as sam:
        failed = audit_repo.search(sam.conn, audit_repo.AuditQuery(
            action=AuditAction.FAILED_LOGIN.value))
    assert [r.detail for r in failed] == ["wrong recovery code"]
    assert failed[0].actor is None


@pytest.mark.parametrize("name", ["scan\u202efdp.exe", "form\x7f.pdf", "a\u200bb.pdf"])
def test_attachment_names_with_hidden_characters_are_refused(unit: TestUnit,
                                                            name: str) -> None:
    from app.errors import InvalidInput
    from app.services import attachments
    from tests.unit.case_walk import open_new

    with unit.officer() as officer:
        ref = open_new(officer).reference
        with pytest.raises(InvalidInput, match="control characters"):
            attachments.add_attachment(officer, ref, name, b"%PDF-1.4 scan")
        with pytest.raises(InvalidInput, match="description"):
            attachments.add_attachment(officer, ref, "scan.pdf", b"%PDF-1.4 scan",
                                       description="x" * 501)
        assert attachments.list_attachments(officer, ref) == []


def test_connection_refuses_attaching_a_plaintext_database(unit: TestUnit,
                                                          tmp_path: Path) -> None:
    """ATTACH … KEY '' would let one statement copy case data into a plaintext file."""
    from app.storage.connection import sqlite_errors

    with unit.supervisor() as sam, pytest.raises(sqlite_errors(), match="not authorized"):
        sam.conn.execute(f"ATTACH DATABASE '{tmp_path / 'plain.db'}' AS p KEY ''")
    assert not (tmp_path / "plain.db").exists()
