"""Search index of people named in cases, and repeat-subject keys and matches."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from app.clock import to_iso
from app.storage.connection import Connection


@dataclass(frozen=True)
class PersonEntry:
    role: str
    surname: str
    forenames: str
    name_norm: str
    phonetic: str
    dob: str | None
    surname_norm: str = ""


def replace_people(conn: Connection, case_id: int, people: Iterable[PersonEntry]) -> None:
    conn.execute("DELETE FROM case_people WHERE case_id = ?", (case_id,))
    conn.executemany(
        "INSERT INTO case_people (case_id, role, surname, forenames, name_norm, phonetic, dob, "
        "surname_norm) VALUES (?,?,?,?,?,?,?,?)",
        [
            (case_id, p.role, p.surname, p.forenames, p.name_norm, p.phonetic, p.dob,
             p.surname_norm)
            for p in people
        ],
    )


def replace_subject_keys(conn: Connection, case_id: int, keys: Iterable[str]) -> None:
    conn.execute("DELETE FROM subject_keys WHERE case_id = ?", (case_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO subject_keys (key, case_id) VALUES (?, ?)",
        [(k, case_id) for k in sorted(set(keys))],
    )


def candidate_cases(
    conn: Connection, keys: Iterable[str], exclude: int, limit: int = 500
) -> list[int]:
    keys = sorted(set(keys))
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT DISTINCT case_id FROM subject_keys WHERE key IN ({marks}) AND case_id != ? "
        "LIMIT ?",
        (*keys, exclude, limit),
    )
    return [int(r[0]) for r in rows]


@dataclass(frozen=True)
class MatchRow:
    other_case_id: int
    other_reference: str
    other_status: str
    score: float
    reasons: tuple[str, ...]
    found_at: str


def replace_matches(
    conn: Connection,
    case_id: int,
    matches: Iterable[tuple[int, float, tuple[str, ...]]],
    at: datetime,
) -> None:
    """Store matches in both directions, so the earlier case is alerted too."""
    conn.execute(
        "DELETE FROM subject_matches WHERE case_id = ? OR other_case_id = ?", (case_id, case_id)
    )
    rows = []
    for other, score, reasons in matches:
        text = json.dumps(list(reasons), ensure_ascii=False)
        rows += [
            (case_id, other, score, text, to_iso(at)),
            (other, case_id, score, text, to_iso(at)),
        ]
    conn.executemany(
        "INSERT OR REPLACE INTO subject_matches (case_id, other_case_id, score, reasons, found_at) "
        "VALUES (?,?,?,?,?)",
        rows,
    )


def matches_for(conn: Connection, case_id: int) -> list[MatchRow]:
    rows = conn.execute(
        "SELECT m.other_case_id, c.reference, c.status, m.score, m.reasons, m.found_at "
        "FROM subject_matches m JOIN cases c ON c.id = m.other_case_id "
        "WHERE m.case_id = ? ORDER BY m.score DESC, c.reference",
        (case_id,),
    )
    return [
        MatchRow(int(r[0]), str(r[1]), str(r[2]), float(r[3]), tuple(json.loads(r[4])), str(r[5]))
        for r in rows
    ]


def match_count(conn: Connection, case_id: int) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM subject_matches WHERE case_id = ?", (case_id,)
        ).fetchone()[0]
    )


def live_match_pairs(conn: Connection) -> list[tuple[int, int, float, str]]:
    """Every repeat-subject link once (lower case id first), from cases not erased:
    (case id, other case id, score, reasons as JSON)."""
    return [(int(a), int(b), float(score), str(reasons)) for a, b, score, reasons in conn.execute(
        "SELECT m.case_id, m.other_case_id, m.score, m.reasons FROM subject_matches m "
        "JOIN cases c ON c.id = m.case_id WHERE m.case_id < m.other_case_id "
        "AND c.erased_at IS NULL")]


@dataclass(frozen=True)
class LinkedCaseRow:
    case_id: int
    reference: str
    status: str
    contact_at: str
    subject_forenames: str
    subject_surname: str


def linked_cases(conn: Connection, case_ids: list[int]) -> list[LinkedCaseRow]:
    """Reference, status, contact time and the subject's name of each case (any order)."""
    found = []
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for cid, ref, status, contact, fore, sur in conn.execute(
                f"SELECT c.id, c.reference, c.status, c.contact_at, "
                f"COALESCE((SELECT p.forenames FROM case_people p WHERE p.case_id = c.id "
                f"AND p.role = 'subject' LIMIT 1), ''), c.subject_surname "
                f"FROM cases c WHERE c.id IN ({marks})", chunk):
            found.append(LinkedCaseRow(int(cid), str(ref), str(status), str(contact), str(fore),
                                       str(sur)))
    return found


def people_for(conn: Connection, case_ids: list[int]) -> dict[int, list[PersonEntry]]:
    """The indexed people of these cases, by case id (in role, surname order)."""
    out: dict[int, list[PersonEntry]] = {}
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT case_id, role, surname, forenames, name_norm, phonetic, dob, surname_norm "
            f"FROM case_people WHERE case_id IN ({marks}) ORDER BY case_id, role, surname",
            chunk,
        )
        for r in rows:
            out.setdefault(int(r[0]), []).append(PersonEntry(
                str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]),
                None if r[6] is None else str(r[6]), str(r[7] or "")))
    return out
