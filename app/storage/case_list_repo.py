"""One query for case lists: the columns a list shows, without loading whole cases."""

from __future__ import annotations

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


@dataclass(frozen=True)
class ListFilter:
    """SQL-side filters; deadline states are applied after deadlines are derived."""

    user_id: int | None = None  # only cases created by or assigned to this user
    status: str | None = None  # 'open' | 'closed'
    stage: int | None = None
    route: str | None = None
    assigned_to: int | None = None
    contact_from: str | None = None
    contact_to: str | None = None
    text_norm: str | None = None  # normalised name or reference fragment
    phonetic: str | None = None
    limit: int | None = None


_SELECT = """
SELECT c.id, c.reference, c.current_stage, c.status, c.route, c.signoff, c.contact_at,
       c.closed_at, au.username, cu.username,
       COALESCE((SELECT p.surname FROM case_people p
                 WHERE p.case_id = c.id AND p.role = 'applicant' LIMIT 1), ''),
       COALESCE((SELECT p.surname FROM case_people p
                 WHERE p.case_id = c.id AND p.role = 'subject' LIMIT 1), ''),
       EXISTS (SELECT 1 FROM risk_records r WHERE r.case_id = c.id),
       EXISTS (SELECT 1 FROM subject_matches m WHERE m.case_id = c.id),
       EXISTS (SELECT 1 FROM extensions e WHERE e.case_id = c.id),
       (SELECT group_concat(s.stage || '=' || s.completed_at, ';') FROM stage_records s
        WHERE s.case_id = c.id AND s.status = 'complete')
FROM cases c
JOIN users cu ON cu.id = c.created_by
LEFT JOIN users au ON au.id = c.assigned_to
"""


def list_rows(conn: Connection, flt: ListFilter) -> list[CaseListRow]:
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
    if flt.text_norm or flt.phonetic:
        alternatives = []
        if flt.text_norm:
            alternatives.append("c.reference LIKE ? ESCAPE '\\'")
            params.append(f"%{_escape(flt.text_norm)}%")
            alternatives.append("c.id IN (SELECT case_id FROM case_people "
                                "WHERE name_norm LIKE ? ESCAPE '\\')")
            params.append(f"%{_escape(flt.text_norm)}%")
        if flt.phonetic:
            alternatives.append("c.id IN (SELECT case_id FROM case_people WHERE phonetic = ?)")
            params.append(flt.phonetic)
        clauses.append("(" + " OR ".join(alternatives) + ")")
    sql = _SELECT + " WHERE " + " AND ".join(clauses) + " ORDER BY c.contact_at DESC"
    if flt.limit is not None:
        sql += " LIMIT ?"
        params.append(flt.limit)
    return [_row(r) for r in conn.execute(sql, params)]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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
