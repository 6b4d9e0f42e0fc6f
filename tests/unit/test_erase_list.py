"""Disposal's erase list covers the schema as it is, not as someone remembered it.

Reads the tables of a freshly created (fully migrated) unit: every table that
refers to a case (a ``case_id``/``case_ref`` column or a foreign key to
``cases``) must be erased by ``retention_repo.ERASE`` or kept on purpose in
``KEPT_TABLES``; every column of ``cases`` must be blanked or be part of the
non-personal skeleton. A new table or column fails here until someone decides.
"""

from __future__ import annotations

import re
from typing import Any

from app.storage.retention_repo import CASE_SCRUBBED, CASE_SKELETON, ERASE, KEPT_TABLES
from tests.conftest import TestUnit

CASE_COLUMNS = {"case_id", "other_case_id", "case_ref"}


def _schema(conn: Any) -> dict[str, tuple[set[str], set[str]]]:
    """table -> (its columns, the tables its foreign keys refer to)."""
    tables = [str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    schema = {}
    for table in tables:
        columns = {str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")}
        targets = {str(r[2]) for r in conn.execute(f"PRAGMA foreign_key_list({table})")}
        schema[table] = (columns, targets)
    return schema


def test_every_table_about_a_case_is_erased_or_kept_on_purpose(unit: TestUnit) -> None:
    with unit.supervisor() as sam:
        schema = _schema(sam.conn)
    linked = {table for table, (columns, targets) in schema.items()
              if table != "cases" and (columns & CASE_COLUMNS or "cases" in targets)}
    erased = {e.table for e in ERASE}
    assert linked - erased - set(KEPT_TABLES) == set(), "add it to ERASE or KEPT_TABLES"
    assert erased & set(KEPT_TABLES) == set()
    assert (erased | set(KEPT_TABLES)) - linked == set(), "an entry names no such table"
    assert "stage_records" in linked and "attachments" in linked  # the walk finds them


def test_each_erasure_touches_its_own_table_for_the_case() -> None:
    for erasure in ERASE:
        target = re.match(r"(?:DELETE FROM|UPDATE) (\w+) ", erasure.sql)
        assert target is not None and target.group(1) == erasure.table, erasure
        assert "case_id = :case" in erasure.sql, erasure


def test_every_column_of_a_case_row_is_blanked_or_skeleton(unit: TestUnit) -> None:
    with unit.supervisor() as sam:
        columns, _ = _schema(sam.conn)["cases"]
    assert columns - CASE_SKELETON - set(CASE_SCRUBBED) == set(), "blank it or keep it"
    assert CASE_SKELETON & set(CASE_SCRUBBED) == set()
    assert (CASE_SKELETON | set(CASE_SCRUBBED)) - columns == set()
