"""Exports of cases for authorised analysis (issue 15 item 5).

A supervisor exports chosen cases, or every case first contacted in a date range, as
CSV or JSON. Personal fields (the names of the people in a case, their dates of
birth) are left out unless asked for explicitly. The file is written unencrypted, so
the UI and CLI warn; every export is audited with its scope, whether personal fields
were included, the number of cases and the SHA-256 of the file written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.domain.enums import AuditAction
from app.domain.timescales import LONDON, DeadlineKind
from app.errors import InvalidInput, NotFound
from app.services.authz import Permission, authorise
from app.services.case_list import summarise, unit_policies
from app.services.session import Session
from app.storage import case_list_repo, cases_repo, people_repo
from app.storage.case_list_repo import CaseListRow, ListFilter


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


@dataclass(frozen=True)
class ExportScope:
    """Either ``references`` (chosen cases) or a first-contact date range (inclusive)."""

    references: tuple[str, ...] = ()
    contact_from: date | None = None
    contact_to: date | None = None
    include_personal: bool = False

    def describe(self) -> str:
        if self.references:
            return f"selected cases {', '.join(self.references)}"
        return (f"cases first contacted {self.contact_from or 'any date'} to "
                f"{self.contact_to or 'any date'}")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    cases: int
    sha256: str


CASE_COLUMNS = ["reference", "case_type", "status", "current_stage", "route",
                "first_contact", "closed", "assigned_to", "immediate_risk", "extended",
                "repeat_subject", "signoff", *[f"deadline_{k.value}" for k in DeadlineKind]]
PERSONAL_COLUMNS = ["applicant_surname", "subject_surname", "people"]


def _rows(session: Session, scope: ExportScope) -> list[CaseListRow]:
    if scope.references:
        rows = []
        for reference in scope.references:
            case = cases_repo.case_by_reference(session.conn, reference)
            if case is None or case.erased_at:
                raise NotFound(f"There is no case {reference}.")
            rows += case_list_repo.rows_for_ids(session.conn, [case.id])
        return rows
    if scope.contact_from and scope.contact_to and scope.contact_to < scope.contact_from:
        raise InvalidInput("The first date must not be after the last.")
    rows = case_list_repo.list_rows(session.conn, ListFilter())
    out = []
    for row in reversed(rows):  # oldest first
        day = summarise(row, [], session.clock.now()).contact_at.astimezone(LONDON).date()
        if (scope.contact_from and day < scope.contact_from) or \
                (scope.contact_to and day > scope.contact_to):
            continue
        out.append(row)
    return out


def _records(session: Session, rows: list[CaseListRow],
             personal: bool) -> list[dict[str, Any]]:
    ext = case_list_repo.extension_rows(session.conn, [r.id for r in rows if r.extended])
    people = people_repo.people_for(session.conn, [r.id for r in rows]) if personal else {}
    policies = unit_policies(session)
    now = session.clock.now()
    records = []
    for row in rows:
        summary = summarise(row, ext.get(row.id, []), now, policies)
        states = {d.kind: d.state.value for d in summary.deadlines}
        record: dict[str, Any] = {
            "reference": row.reference, "case_type": row.case_type, "status": row.status,
            "current_stage": row.current_stage, "route": row.route or "",
            "first_contact": summary.contact_at.astimezone(LONDON).date().isoformat(),
            "closed": row.closed_at[:10] if row.closed_at else "",
            "assigned_to": row.assigned_to or "", "immediate_risk": row.immediate_risk,
            "extended": row.extended, "repeat_subject": row.repeat_subject,
            "signoff": row.signoff,
            **{f"deadline_{k.value}": states.get(k, "") for k in DeadlineKind},
        }
        if personal:
            record["applicant_surname"] = row.applicant_surname
            record["subject_surname"] = row.subject_surname
            record["people"] = [{"role": p.role, "forenames": p.forenames,
                                 "surname": p.surname, "dob": p.dob or ""}
                                for p in people.get(row.id, [])]
        records.append(record)
    return records


def _render(records: list[dict[str, Any]], fmt: ExportFormat, personal: bool) -> bytes:
    if fmt is ExportFormat.JSON:
        return json.dumps({"cases": records}, indent=2, ensure_ascii=False).encode("utf-8")
    out = io.StringIO()
    columns = CASE_COLUMNS + (PERSONAL_COLUMNS if personal else [])
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        flat = dict(record)
        if personal:
            flat["people"] = "; ".join(f"{p['role']}: {p['forenames']} {p['surname']}".strip()
                                       for p in record["people"])
        writer.writerow(flat)
    return out.getvalue().encode("utf-8")


def export_cases(session: Session, scope: ExportScope, fmt: ExportFormat,
                 path: Path) -> ExportResult:
    """Write the export to ``path`` (must not exist); audited with scope and SHA-256."""
    authorise(session, Permission.VIEW_ALL_CASES)
    if path.exists():
        raise InvalidInput(f"{path} already exists; choose a new file name.")
    rows = _rows(session, scope)
    data = _render(_records(session, rows, scope.include_personal), fmt,
                   scope.include_personal)
    digest = hashlib.sha256(data).hexdigest()
    personal = "personal fields INCLUDED" if scope.include_personal \
        else "personal fields left out"
    path.write_bytes(data)
    try:
        session.record(AuditAction.EXPORT, entity="case-export",
                       detail=f"{len(rows)} cases exported as {fmt.value.upper()} to an "
                       f"unencrypted file; scope: {scope.describe()}; {personal}; "
                       f"sha256 {digest}")
    except BaseException:
        path.unlink(missing_ok=True)  # never an export the audit trail does not show
        raise
    return ExportResult(path, len(rows), digest)
