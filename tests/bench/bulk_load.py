"""Fast bulk path for benchmarks: N synthetic cases written straight into a unit's
tables (same schema, same derived projection) in one transaction per 5,000 cases.

Not for production: real cases are created only through the services. Each case gets
the audit rows ``csods verify`` compares it with (app/services/case_integrity.py) as the
services write them: an opening row, one completion row per completed stage stamped
with the case's state after it and its answers' digest, and for a closed case a
closure row closing it (app/domain/stamp_rules.py), all in the loading user's name,
so a unit where that user loaded every case verifies clean (the big unit of the UI
tests). A case whose owner is someone else records that user as completing its
stages: verify names those.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import jellyfish

from app.clock import to_iso
from app.domain.case_stamps import CaseState, record_stamp
from app.domain.enums import AuditAction, Route, Stage
from app.domain.matching import normalise_text
from app.domain.timescales import Progress, compute_deadlines, next_deadline
from app.services.case_file import MILESTONES
from app.services.session import Session
from tests.unit.form_examples import valid_stage_values

FORENAMES = ["Aisha", "Bethany", "Callum", "Darius", "Eleri", "Farah", "Gareth", "Hana",
             "Imogen", "Jasper", "Kezia", "Lorcan", "Maja", "Nadia", "Oskar", "Priya", "Rhys",
             "Saoirse", "Tomasz", "Una", "Verity", "Wiktor", "Yasmin", "Zain", "Zoë", "Łucja"]
SURNAMES = ["Ashworth", "Brennan", "Castellano", "Dunmore", "Evans", "Fairclough", "Garside",
            "Hussain", "Ivanova", "Jankowski", "Kaur", "Lindqvist", "Nwosu", "O'Rourke",
            "Pemberton", "Rahman", "Stanczyk", "Underwood", "Varga", "Whitlock", "Yilmaz",
            "Zielinski", "Quenby", "Marchetti", "Tregothnan", "Papadopoulou", "Okonjo"]


def bulk_load(session: Session, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    now = session.clock.now()
    user_ids = [int(r[0]) for r in session.conn.execute(
        "SELECT id FROM users WHERE role IN ('officer', 'supervisor')")]
    template = {s: valid_stage_values(s, "no_concerns") for s in Stage}
    conn = session.conn
    done = 0
    while done < count:
        batch = min(5000, count - done)
        conn.execute("BEGIN IMMEDIATE")
        for i in range(done, done + batch):
            _one(conn, rng, i, now, user_ids, template, session)
        conn.execute("COMMIT")
        done += batch


_ONSETS = ["b", "br", "c", "ch", "d", "f", "g", "gr", "h", "k", "l", "m", "n", "p", "pr",
           "r", "s", "st", "t", "th", "v", "w", "y", "z"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
_CODAS = ["", "n", "r", "s", "th", "ck", "ll", "ng", "rd", "sk"]
_ENDINGS = ["", "son", "ton", "ley", "well", "worth", "ski", "ova", "ez", "ini", "er", "by"]


def _surname_pool(rng: random.Random, size: int = 12000) -> list[str]:
    """Invented surnames with a realistic long tail (plus the fixed list, commonest)."""
    pool = set(SURNAMES)
    while len(pool) < size:
        parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                 for _ in range(rng.choice([1, 2]))]
        pool.add(("".join(parts) + rng.choice(_ENDINGS)).capitalize())
    return sorted(pool)


_POOL: list[str] = []


def _person(rng: random.Random) -> tuple[str, str]:
    if not _POOL:
        _POOL.extend(_surname_pool(random.Random(7)))
    # Zipf-like: a few names are common, most are rare.
    index = min(int(rng.paretovariate(1.1)) - 1, len(_POOL) - 1)
    surname = SURNAMES[index] if index < len(SURNAMES) else rng.choice(_POOL)
    return surname, rng.choice(FORENAMES)


def _one(conn, rng, i, now, user_ids, template, session) -> None:  # type: ignore[no-untyped-def]
    contact = now - timedelta(minutes=rng.randint(30, 60 * 24 * 365 * 3))
    reached = rng.choices([1, 2, 3, 4, 5, 6, 7], weights=[5, 1, 1, 1, 1, 1, 6])[0]
    closed = reached == 7
    # Only paths the application itself makes (csods verify replays them): an open case
    # up to the decision, not yet decided; a closed one sent to closure early after a
    # few stages. (A decision needs another person's sign-off, which this loader, in one
    # user's name, cannot give.)
    route = rng.choice([Route.WITHDRAWN, Route.INTELLIGENCE_ONLY]) if closed else None
    last_done = rng.randint(1, 4) if closed else min(reached, 5) - 1
    reached = 7 if closed else last_done + 1
    owner = rng.choice(user_ids)
    ref = f"CSO/{contact.year}/{i + 1:06d}"
    a_surname, a_fore = _person(rng)
    s_surname, s_fore = _person(rng)
    cur = conn.execute(
        "INSERT INTO cases (reference, contact_at, created_at, created_by, assigned_to, "
        "current_stage, status, route, closed_at, signoff, applicant_surname, subject_surname, "
        "assigned_username, ref_seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,"
        "(SELECT username FROM users WHERE id = ?), ?)",
        (ref, to_iso(contact), to_iso(contact), owner, owner, reached,
         "closed" if closed else "open",
         route.value if route is not None else None, None, "none",
         a_surname, s_surname, owner, i + 1))
    case_id = int(cur.lastrowid)
    completed: dict[int, datetime] = {}
    at = contact
    session.audit(conn, AuditAction.COLLECT, entity=f"case:{case_id}", case_ref=ref,
                  detail="case opened at first contact (bulk-loaded for a benchmark) "
                  f"{CaseState('open', 1, None, 'none').stamp()}")
    for stage in range(1, last_done + 1):
        at = at + timedelta(hours=rng.randint(2, 24 * 6))
        values = dict(template[Stage(stage)])
        if stage in (1, 2):
            values["applicant"] = {**values["applicant"], "surname": a_surname,
                                   "forenames": a_fore}
            values["subject"] = {**values["subject"], "surname": s_surname, "forenames": s_fore,
                                 "dob": f"{rng.randint(1950, 2000)}-0{rng.randint(1, 9)}-1"
                                        f"{rng.randint(0, 9)}"}
        conn.execute(
            "INSERT INTO stage_records (case_id, stage, form_version, data, status, updated_at, "
            "updated_by, completed_at, completed_by) VALUES (?,?,1,?,'complete',?,?,?,?)",
            (case_id, stage, json.dumps(values, ensure_ascii=False), to_iso(at), owner,
             to_iso(at), owner))
        completed[stage] = at
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case_id}/stage:{stage}",
                      case_ref=ref, detail=f"{Stage(stage).title} completed "
                      f"{CaseState('open', stage + 1, None, 'none').stamp()} "
                      f"{record_stamp(stage, values)}")
    closed_at = at if closed else None
    if route is not None:
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case_id}", case_ref=ref,
                      detail=f"sent to closure early: {route.label} "
                      f"{CaseState('open', 7, route.value, 'none').stamp()}")
        conn.execute("UPDATE cases SET closed_at = ? WHERE id = ?", (to_iso(at), case_id))
        row = conn.execute("SELECT status, current_stage, route, signoff FROM cases "
                           "WHERE id = ?", (case_id,)).fetchone()
        session.audit(conn, AuditAction.ALTER, entity=f"case:{case_id}/stage:7",
                      case_ref=ref, detail=f"Closure completed {CaseState(*row).stamp()}")
    progress = Progress(contact_at=contact, closed_at=closed_at, completed={
        kind: completed[int(stage)] for kind, stage in MILESTONES.items()
        if int(stage) in completed})
    upcoming = next_deadline(compute_deadlines(progress, [], now)) if not closed else None
    if upcoming is not None:
        conn.execute("UPDATE cases SET next_due = ?, next_kind = ? WHERE id = ?",
                     (to_iso(upcoming.due), upcoming.kind.value, case_id))
    for role, surname, fore in (("applicant", a_surname, a_fore), ("subject", s_surname, s_fore)):
        norm = normalise_text(surname)
        conn.execute(
            "INSERT INTO case_people (case_id, role, surname, forenames, name_norm, phonetic, "
            "surname_norm) VALUES (?,?,?,?,?,?,?)",
            (case_id, role, surname, fore, normalise_text(f"{fore} {surname}"),
             jellyfish.metaphone(norm) if norm.isascii() else norm, norm))
    if rng.random() < 0.03:
        conn.execute("INSERT INTO risk_records (case_id, stage, data, recorded_at, recorded_by) "
                     "VALUES (?, 1, '{}', ?, ?)", (case_id, to_iso(contact), owner))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]
