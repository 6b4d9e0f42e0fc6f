"""Append-only, hash-chained audit rows (DPA 2018 s.62 logging).

Each row's hash is SHA-256 over the previous row's hash and the row's own
fields (including its id), so a modified, deleted or reordered row breaks
the chain. Each row is also signed (Ed25519 over its hash) by the user who
caused it, so re-chaining after an edit needs every later signer's key.
Rows are appended inside the caller's transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from app.clock import to_iso
from app.storage.connection import Connection

GENESIS = "0" * 64
_COLUMNS = "id, at, actor, action, entity, case_ref, justification, recipient, detail"
_ALL = f"{_COLUMNS}, prev_hash, hash, signer, signature"


class AuditSigner(Protocol):
    """Who signs the rows a call appends: their user name and their signing key."""

    @property
    def name(self) -> str: ...

    def sign_hash(self, digest: str) -> str:
        """A signature (base64) over the row hash (hex text)."""
        ...


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
    signer: str | None = None
    signature: str | None = None

    @property
    def fields(self) -> tuple[object, ...]:
        return (self.id, self.at, self.actor, self.action, self.entity, self.case_ref,
                self.justification, self.recipient, self.detail)


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
    signer: AuditSigner | None = None,
) -> AuditRow:
    """Append one row, signed by ``signer``. The caller must hold the write transaction."""
    last_id, prev = head(conn)
    fields = (last_id + 1, to_iso(at), actor, str(action), entity, case_ref, justification,
              recipient, detail)
    digest = row_hash(prev, fields)
    name = signer.name if signer is not None else None
    sig = signer.sign_hash(digest) if signer is not None else None
    conn.execute(
        f"INSERT INTO audit ({_ALL}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (*fields, prev, digest, name, sig),
    )
    return AuditRow(*fields, prev, digest, name, sig)


def _all_columns(conn: Connection) -> str:
    """Every column; a copy made before signed rows (read only, never migrated: a
    backup being verified) has no signer or signature, read as none."""
    names = {row[1] for row in conn.execute("PRAGMA table_info(audit)")}
    return _ALL if "signer" in names else f"{_COLUMNS}, prev_hash, hash, NULL, NULL"


def iter_rows(conn: Connection) -> Iterator[AuditRow]:
    cursor = conn.execute(f"SELECT {_all_columns(conn)} FROM audit ORDER BY id")
    for row in cursor:
        yield AuditRow(*row)


def row_at(conn: Connection, row_id: int) -> AuditRow | None:
    row = conn.execute(f"SELECT {_ALL} FROM audit WHERE id = ?", (row_id,)).fetchone()
    return None if row is None else AuditRow(*row)


def has_entered(conn: Connection, action: str, entity: str | None,
                details: tuple[str, ...]) -> bool:
    """True when some audit row has this action and entity and one of these exact
    details (compared whole: text a user typed that merely contains or ends with the
    same words, e.g. inside an audit filter "(user=…)", does not match)."""
    if not details:
        return False
    marks = ",".join("?" * len(details))
    row = conn.execute(
        f"SELECT 1 FROM audit WHERE action = ? AND entity IS ? AND detail IN ({marks}) "
        "LIMIT 1", (action, entity, *details)).fetchone()
    return row is not None


def chain_problems(conn: Connection, limit: int = 50) -> list[str]:
    """Every break in the chain, in plain words (at most ``limit``)."""
    problems: list[str] = []
    for _row, problem in chain_breaks(conn):
        problems.append(problem)
        if len(problems) >= limit:
            problems.append("… further problems not listed")
            break
    return problems


def first_break(conn: Connection) -> int | None:
    """The number of the first row at which the chain is broken (a row missing, not
    following the one before it, or whose hash is not recomputed from its own fields
    and the previous hash), or None when the whole chain holds."""
    return next((row for row, _problem in chain_breaks(conn)), None)


def chain_breaks(conn: Connection) -> Iterator[tuple[int, str]]:
    """(row number, plain words) for each break, in order; every row's hash is
    recomputed from its fields and the previous row's hash."""
    expected_id, prev = 1, GENESIS
    for row in iter_rows(conn):
        if row.id != expected_id:
            yield expected_id, (f"audit row {expected_id} is missing (next row found is "
                                f"{row.id}): rows were deleted")
        if row.prev_hash != prev:
            yield row.id, (f"audit row {row.id} does not follow the row before it: "
                           "rows were deleted, inserted or reordered")
        if row_hash(row.prev_hash, row.fields) != row.hash:
            yield row.id, f"audit row {row.id} was altered after it was written"
        expected_id, prev = row.id + 1, row.hash


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
    sql = f"SELECT {_ALL} FROM audit {where} ORDER BY id DESC LIMIT ?"
    return [AuditRow(*row) for row in conn.execute(sql, (*params, query.limit))]


def case_prints(conn: Connection, reference: str) -> list[tuple[str, str, str]]:
    """(at, actor, detail) of the audit rows recording a document of the case printed."""
    rows = conn.execute(
        "SELECT at, COALESCE(actor, ''), COALESCE(detail, '') FROM audit "
        "WHERE case_ref = ? AND action = 'print' ORDER BY id", (reference,))
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]
