"""Append-only, hash-chained audit rows (DPA 2018 s.62 logging).

Each row's hash is SHA-256 over the previous row's hash and the row's own
fields (including its id), so a modified, deleted or reordered row breaks
the chain. Rows are appended inside the caller's transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from app.clock import to_iso
from app.storage.connection import Connection

GENESIS = "0" * 64
_COLUMNS = "id, at, actor, action, entity, case_ref, justification, recipient, detail"


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    actor: str | None
    action: str
    entity: str | None
    case_ref: str | None
    justification: str | None
    recipient: str | None
    detail: str | None
    prev_hash: str
    hash: str


def row_hash(prev_hash: str, fields: tuple[object, ...]) -> str:
    payload = json.dumps([prev_hash, *fields], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def head(conn: Connection) -> tuple[int, str]:
    """(id, hash) of the newest row, or (0, GENESIS) for an empty trail."""
    row = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def append(
    conn: Connection,
    *,
    at: datetime,
    actor: str | None,
    action: str,
    entity: str | None = None,
    case_ref: str | None = None,
    justification: str | None = None,
    recipient: str | None = None,
    detail: str | None = None,
) -> AuditRow:
    """Append one row. The caller must hold the write transaction."""
    last_id, prev = head(conn)
    fields = (last_id + 1, to_iso(at), actor, str(action), entity, case_ref, justification,
              recipient, detail)
    digest = row_hash(prev, fields)
    conn.execute(
        f"INSERT INTO audit ({_COLUMNS}, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (*fields, prev, digest),
    )
    return AuditRow(*fields, prev, digest)


def iter_rows(conn: Connection) -> Iterator[AuditRow]:
    cursor = conn.execute(f"SELECT {_COLUMNS}, prev_hash, hash FROM audit ORDER BY id")
    for row in cursor:
        yield AuditRow(*row)


def chain_problems(conn: Connection, limit: int = 50) -> list[str]:
    """Every break in the chain, in plain words (at most ``limit``)."""
    problems: list[str] = []
    expected_id, prev = 1, GENESIS
    for row in iter_rows(conn):
        if row.id != expected_id:
            problems.append(
                f"audit row {expected_id} is missing (next row found is {row.id}): "
                "rows were deleted"
            )
        if row.prev_hash != prev:
            problems.append(
                f"audit row {row.id} does not follow the row before it: "
                "rows were deleted, inserted or reordered"
            )
        fields = (row.id, row.at, row.actor, row.action, row.entity, row.case_ref,
                  row.justification, row.recipient, row.detail)
        if row_hash(row.prev_hash, fields) != row.hash:
            problems.append(f"audit row {row.id} was altered after it was written")
        expected_id, prev = row.id + 1, row.hash
        if len(problems) >= limit:
            problems.append("… further problems not listed")
            break
    return problems


@dataclass(frozen=True)
class AuditQuery:
    actor: str | None = None
    action: str | None = None
    case_ref: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 1000


def search(conn: Connection, query: AuditQuery) -> list[AuditRow]:
    clauses: list[str] = []
    params: list[object] = []
    if query.actor:
        clauses.append("actor = ?")
        params.append(query.actor)
    if query.action:
        clauses.append("action = ?")
        params.append(query.action)
    if query.case_ref:
        clauses.append("case_ref = ?")
        params.append(query.case_ref)
    if query.since:
        clauses.append("at >= ?")
        params.append(to_iso(query.since))
    if query.until:
        clauses.append("at < ?")
        params.append(to_iso(query.until))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"SELECT {_COLUMNS}, prev_hash, hash FROM audit {where} ORDER BY id DESC LIMIT ?"
    return [AuditRow(*row) for row in conn.execute(sql, (*params, query.limit))]


def case_prints(conn: Connection, reference: str) -> list[tuple[str, str, str]]:
    """(at, actor, detail) of the audit rows recording a document of the case printed."""
    rows = conn.execute(
        "SELECT at, COALESCE(actor, ''), COALESCE(detail, '') FROM audit "
        "WHERE case_ref = ? AND action = 'print' ORDER BY id", (reference,))
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]
