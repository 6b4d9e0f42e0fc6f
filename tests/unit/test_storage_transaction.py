"""storage.connection.transaction: the one BEGIN/COMMIT/ROLLBACK; and the services'
read types carry what the storage rows carry."""

from __future__ import annotations

from dataclasses import fields

import pytest

from app.services.attachments import Attachment
from app.services.audit_view import AuditEntry, AuditFilter
from app.services.case_records import ExtensionRecord, RiskRecord, SignoffRecord, StageRecord
from app.storage import attachments_repo, audit_repo, cases_repo, settings_repo
from app.storage.connection import transaction
from tests.conftest import TestUnit


def test_commits_on_success_and_rolls_back_on_error(unit: TestUnit) -> None:
    with unit.supervisor() as sam:
        conn = sam.conn
        with transaction(conn):
            settings_repo.put(conn, "probe", "kept")
        with pytest.raises(RuntimeError, match="boom"), transaction(conn):
            settings_repo.put(conn, "probe", "lost")
            raise RuntimeError("boom")
        assert not conn.in_transaction
        assert settings_repo.get(conn, "probe") == "kept"


def test_an_error_after_sqlite_gave_up_the_transaction_is_not_hidden(unit: TestUnit) -> None:
    with unit.supervisor() as sam:
        conn = sam.conn
        with pytest.raises(RuntimeError, match="the real error"), transaction(conn):
            conn.execute("ROLLBACK")  # as SQLite does itself on e.g. a full disk
            raise RuntimeError("the real error")
        assert not conn.in_transaction


def test_session_transactions_are_the_same_helper(unit: TestUnit) -> None:
    with unit.supervisor() as sam:
        with pytest.raises(ValueError), sam.transaction() as conn:
            settings_repo.put(conn, "probe", "lost")
            raise ValueError
        assert settings_repo.get(sam.conn, "probe", "none") == "none"


@pytest.mark.parametrize(("service_type", "storage_type"), [
    (StageRecord, cases_repo.StageRow), (RiskRecord, cases_repo.RiskRow),
    (ExtensionRecord, cases_repo.ExtensionRow), (SignoffRecord, cases_repo.SignoffRow),
    (Attachment, attachments_repo.AttachmentRow), (AuditEntry, audit_repo.AuditRow),
    (AuditFilter, audit_repo.AuditQuery),
])
def test_service_read_types_mirror_the_storage_rows(service_type: type,
                                                    storage_type: type) -> None:
    assert [f.name for f in fields(service_type)] == [f.name for f in fields(storage_type)]
