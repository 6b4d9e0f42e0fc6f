"""SQL for the safeguarding referrals log of a case (¶3.6, 5.6.11, 6.3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from app.clock import to_iso
from app.domain.referrals import Referral
from app.storage.connection import Connection

_COLUMNS = ("agency", "agency_name", "sent_on", "reference", "chase_by", "outcome",
            "outcome_on")


def _clean(values: dict[str, Any]) -> list[Any]:
    return [values.get(c) or ("" if c in ("agency_name", "reference", "outcome") else None)
            for c in _COLUMNS]


def insert(conn: Connection, case_id: int, values: dict[str, Any], at: datetime,
           user_id: int) -> int:
    cursor = conn.execute(
        "INSERT INTO referrals (case_id, agency, agency_name, sent_on, reference, chase_by, "
        "outcome, outcome_on, recorded_at, recorded_by, updated_at, updated_by) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (case_id, *_clean(values), to_iso(at), user_id, to_iso(at), user_id))
    return int(cursor.lastrowid)


def update(conn: Connection, case_id: int, referral_id: int, values: dict[str, Any],
           at: datetime, user_id: int) -> bool:
    cursor = conn.execute(
        "UPDATE referrals SET agency = ?, agency_name = ?, sent_on = ?, reference = ?, "
        "chase_by = ?, outcome = ?, outcome_on = ?, updated_at = ?, updated_by = ? "
        "WHERE id = ? AND case_id = ?",
        (*_clean(values), to_iso(at), user_id, referral_id, case_id))
    return int(cursor.rowcount) == 1


def _referral(r: Sequence[Any]) -> Referral:
    return Referral(int(r[0]), str(r[1]), str(r[2]), date.fromisoformat(str(r[3])), str(r[4]),
                    date.fromisoformat(str(r[5])) if r[5] else None, str(r[6]),
                    date.fromisoformat(str(r[7])) if r[7] else None)


def for_case(conn: Connection, case_id: int) -> list[Referral]:
    rows = conn.execute(
        "SELECT id, agency, agency_name, sent_on, reference, chase_by, outcome, outcome_on "
        "FROM referrals WHERE case_id = ? ORDER BY sent_on, id", (case_id,))
    return [_referral(r) for r in rows]


def for_cases(conn: Connection, case_ids: Sequence[int]) -> dict[int, list[Referral]]:
    """Referrals per case, for the cases given (figures)."""
    out: dict[int, list[Referral]] = {}
    ids = list(case_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
                "SELECT id, agency, agency_name, sent_on, reference, chase_by, outcome, "
                f"outcome_on, case_id FROM referrals WHERE case_id IN ({marks})", chunk):
            out.setdefault(int(r[8]), []).append(_referral(r))
    return out


def delete_for_case(conn: Connection, case_id: int) -> None:
    """Retention disposal: the referrals go with the rest of the case record."""
    conn.execute("DELETE FROM referrals WHERE case_id = ?", (case_id,))
