"""Case lists at scale: ids in sort order from the indexed projection, then the
columns of just the rows on screen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.storage.connection import Connection


@dataclass(frozen=True)
class CaseListRow:
    id: int
    reference: str
    current_stage: int
    status: str
    route: str | None
    signoff: str
    contact_at: str
    closed_at: str | None
    assigned_to: str | None
    created_by: str
    applicant_surname: str
    subject_surname: str
    immediate_risk: bool
    repeat_subject: bool
    extended: bool
    completed: dict[int, str]  # stage -> completed_at
    milestones: str | None = None  # JSON kind -> event instant (projection)
    policy_version: int = 1
    case_type: str = "right_to_ask"
    referral_chase_by: str | None = None  # earliest chase-by date of an unanswered referral


@dataclass(frozen=True)
class ListFilter:
    user_id: int | None = None  # only cases assigned to (or, unassigned, created by) this user
    status: str | None = None
    stage: int | None = None
    route: str | None = None
    assigned_to: int | None = None
    contact_from: str | None = None
    contact_to: str | None = None
    reference_seq: int | None = None  # digits typed: the reference's sequence number
    reference_prefix: str | None = None  # the start of a reference ("CSO/2025/00")
    name_prefix: str | None = None  # normalised surname or full-name prefix
    phonetic: str | None = None
    due_before: str | None = None  # next_due < this (overdue, or overdue + due soon)
    due_from: str | None = None  # next_due >= this
    soon_until: str | None = None  # with due_from: next_due <= this (24 h kind: soon_until_24h)
    soon_until_24h: str | None = None
    after_soon: bool = False  # next_due beyond the due-soon window ("open")
    signoff: str | None = None  # 'awaiting' | 'returned' | 'approved'
    immediate_risk: bool = False
    repeat_subject: bool = False
    has_deadline: bool = False


SORTS: dict[str, tuple[str, ...]] = {
    "reference": ("c.reference",),
    "stage": ("c.current_stage",),
    "route": ("c.route",),
    "officer": ("c.assigned_username",),
    "applicant": ("c.applicant_surname",),
    "subject": ("c.subject_surname",),
    "contact": ("c.contact_at",),
    "deadline": ("c.next_due IS NULL", "c.next_due"),
    "status": ("c.status",),
}


def _where(flt: ListFilter) -> tuple[str, list[object]]:
    clauses: list[str] = ["c.erased_at IS NULL"]
    params: list[object] = []
    if flt.user_id is not None:
        clauses.append("(c.assigned_to = ? OR (c.assigned_to IS NULL AND c.created_by = ?))")
        params += [flt.user_id, flt.user_id]
    for column, value in (("c.status", flt.status), ("c.current_stage", flt.stage),
                          ("c.route", flt.route), ("c.assigned_to", flt.assigned_to)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if flt.contact_from:
        clauses.append("c.contact_at >= ?")
        params.append(flt.contact_from)
    if flt.contact_to:
        clauses.append("c.contact_at < ?")
        params.append(flt.contact_to)
    if flt.signoff is not None:
        clauses.append("c.signoff = ?")
        params.append(flt.signoff)
    if flt.immediate_risk:
        clauses.append("EXISTS (SELECT 1 FROM risk_records r WHERE r.case_id = c.id)")
    if flt.repeat_subject:
        clauses.append("EXISTS (SELECT 1 FROM subject_matches m WHERE m.case_id = c.id)")
    if flt.has_deadline:
        clauses.append("c.next_due IS NOT NULL")
    if flt.due_before:
        clauses.append("c.next_due < ?")
        params.append(flt.due_before)
    # "Due soon" ends earlier for the 24-hour deadline; written as plain ranges of
    # next_due (plus a kind test) so that the next_due index is used.
    if flt.due_from and flt.soon_until and flt.soon_until_24h:
        clauses.append("c.next_due >= ? AND c.next_due <= ? "
                       "AND (c.next_kind != 'stage1_24h' OR c.next_due <= ?)")
        params += [flt.due_from, flt.soon_until, flt.soon_until_24h]
    if flt.after_soon and flt.soon_until and flt.soon_until_24h:
        clauses.append("c.next_due > ? AND (c.next_kind = 'stage1_24h' OR c.next_due > ?)")
        params += [flt.soon_until_24h, flt.soon_until]
    text: list[str] = []
    if flt.reference_prefix:
        text.append("(c.reference >= ? AND c.reference < ?)")
        params += [flt.reference_prefix, flt.reference_prefix + "\U0010ffff"]
    if flt.reference_seq is not None:
        text.append("c.ref_seq = ?")
        params.append(flt.reference_seq)
    if flt.name_prefix:
        upper = flt.name_prefix + "\U0010ffff"
        text.append("c.id IN (SELECT case_id FROM case_people WHERE surname_norm >= ? "
                    "AND surname_norm < ?)")
        text.append("c.id IN (SELECT case_id FROM case_people WHERE name_norm >= ? "
                    "AND name_norm < ?)")
        params += [flt.name_prefix, upper, flt.name_prefix, upper]
    if flt.phonetic:
        text.append("c.id IN (SELECT case_id FROM case_people WHERE phonetic = ?)")
        params.append(flt.phonetic)
    if text:
        clauses.append("(" + " OR ".join(text) + ")")
    return " AND ".join(clauses), params


def ordered_ids(conn: Connection, flt: ListFilter, sort: str = "deadline",
                descending: bool = False, limit: int | None = None, offset: int = 0
                ) -> list[int]:
    """Ids of matching cases in the order asked for (ties by case id), one window."""
    where, params = _where(flt)
    direction = "DESC" if descending else "ASC"
    order = ", ".join(f"{part} {direction}" for part in SORTS[sort])
    sql = f"SELECT c.id FROM cases c WHERE {where} ORDER BY {order}, c.id {direction}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [int(r[0]) for r in conn.execute(sql, params)]


def count(conn: Connection, flt: ListFilter) -> int:
    where, params = _where(flt)
    return int(conn.execute(f"SELECT count(*) FROM cases c WHERE {where}", params).fetchone()[0])


_ROWS = """
SELECT c.id, c.reference, c.current_stage, c.status, c.route, c.signoff, c.contact_at,
       c.closed_at, au.username, cu.username, c.applicant_surname, c.subject_surname,
       EXISTS (SELECT 1 FROM risk_records r WHERE r.case_id = c.id),
       EXISTS (SELECT 1 FROM subject_matches m WHERE m.case_id = c.id),
       EXISTS (SELECT 1 FROM extensions e WHERE e.case_id = c.id),
       (SELECT group_concat(s.stage || '=' || s.completed_at, ';') FROM stage_records s
        WHERE s.case_id = c.id AND s.status = 'complete'),
       c.milestones, c.policy_version, c.case_type,
       (SELECT min(f.chase_by) FROM referrals f
        WHERE f.case_id = c.id AND f.outcome_on IS NULL)
FROM cases c
JOIN users cu ON cu.id = c.created_by
LEFT JOIN users au ON au.id = c.assigned_to
"""


def rows_for_ids(conn: Connection, ids: Sequence[int]) -> list[CaseListRow]:
    """The list columns of these cases, in the order of ``ids``."""
    found: dict[int, CaseListRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"{_ROWS} WHERE c.id IN ({marks})", chunk):
            row = _row(r)
            found[row.id] = row
    return [found[i] for i in ids if i in found]


def list_rows(conn: Connection, flt: ListFilter) -> list[CaseListRow]:
    return rows_for_ids(conn, ordered_ids(conn, flt, "contact", descending=True))


def _row(r: tuple[object, ...]) -> CaseListRow:
    completed: dict[int, str] = {}
    if r[15]:
        for part in str(r[15]).split(";"):
            stage, _, at = part.partition("=")
            completed[int(stage)] = at
    return CaseListRow(
        id=int(r[0]), reference=str(r[1]), current_stage=int(r[2]), status=str(r[3]),  # type: ignore[call-overload]
        route=None if r[4] is None else str(r[4]), signoff=str(r[5]), contact_at=str(r[6]),
        closed_at=None if r[7] is None else str(r[7]),
        assigned_to=None if r[8] is None else str(r[8]), created_by=str(r[9]),
        applicant_surname=str(r[10]), subject_surname=str(r[11]), immediate_risk=bool(r[12]),
        repeat_subject=bool(r[13]), extended=bool(r[14]), completed=completed,
        milestones=None if r[16] is None else str(r[16]), policy_version=int(r[17]),  # type: ignore[call-overload]
        case_type=str(r[18]), referral_chase_by=None if r[19] is None else str(r[19]),
    )


def extension_rows(conn: Connection, case_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """(kind, new_due) per case, for the cases that have extensions."""
    out: dict[int, list[tuple[str, str]]] = {}
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for case_id, kind, due in conn.execute(
                f"SELECT case_id, kind, new_due FROM extensions WHERE case_id IN ({marks})", chunk):
            out.setdefault(int(case_id), []).append((str(kind), str(due)))
    return out
