"""Qt-free half of `csods --self-test`: can this installation do its job?

Works the same from source and from the frozen bundle. Uses a throw-away unit
in a temporary folder (encrypted like any unit, synthetic data only) that is
deleted at the end.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

Report = Callable[[str, bool, str], None]
_PASSWORD = "self-test-password-0001"  # noqa: S105 - throw-away synthetic unit


def run_core_checks(report: Report) -> bytes | None:
    """Run every Qt-free check, reporting each; return a PDF for the Qt half to load."""
    pdf: bytes | None = None
    with tempfile.TemporaryDirectory(prefix="csods-selftest-") as tmp:
        db = Path(tmp) / "selftest.db"
        try:
            _checks(db, report)
            pdf = _pdf(report)
        except Exception as exc:  # noqa: BLE001 - a self-test reports, never crashes
            report("unexpected failure", False, f"{type(exc).__name__}: {exc}")
    return pdf


def _checks(db: Path, report: Report) -> None:
    from app.domain.enums import Role, Stage
    from app.services import approvals, cases, unit_verify, users
    from app.services.case_file import load_case
    from app.services.unit import login
    from app.services.unit_create import create_unit
    from app.storage.connection import cipher_version

    start = time.perf_counter()
    version = cipher_version()
    report("SQLCipher available", bool(version), f"cipher_version {version or 'missing'}")
    made = create_unit(db, admin_username="selftest", admin_password=_PASSWORD,
                       unit_name="Self-test")
    report("encrypted unit created", not db.read_bytes()[:16].startswith(b"SQLite format 3"),
           f"{time.perf_counter() - start:.2f} s")
    with login(db, "selftest", _PASSWORD) as admin:  # prepares; a second person approves
        users.add_user(admin, "sergeant", "Self-test supervisor", Role.SUPERVISOR)
        users.add_user(admin, "constable", "Self-test officer", Role.OFFICER)
    # The unit root (recovery code) approves; each password is typed at approval.
    for name, typed in (("sergeant", "self-test-duty-pass-02"),
                        ("constable", "self-test-officer-pass")):
        approvals.approve_with_recovery_code(db, made.recovery_code, name, typed)
    with login(db, "constable", "self-test-officer-pass") as officer:
        case = cases.open_case(officer, datetime.now(UTC) - timedelta(minutes=5))
        draft = {"reason": "Self-test marker ✓ Zoë Łukasiewicz 王秀英"}
        cases.save_draft(officer, case.reference, Stage.INITIAL_CONTACT, draft)
        back = load_case(officer, case.reference).values(Stage.INITIAL_CONTACT)
    report("case written and read back", back == draft, case.reference)
    marker = b"Self-test marker"
    on_disk = b"".join(p.read_bytes() for p in db.parent.glob("selftest.db*") if p.is_file())
    report("case data encrypted at rest", marker not in on_disk, "marker absent from the files")
    report_ = unit_verify.verify_file(db, "sergeant", "self-test-duty-pass-02")
    report("audit chain and file integrity", report_.ok,
           f"{report_.audit_rows} audit rows; " + ("all checks passed" if report_.ok
                                                   else "; ".join(report_.problems[:3])))
    from zoneinfo import ZoneInfo

    london = datetime(2026, 7, 1, 12, tzinfo=UTC).astimezone(ZoneInfo("Europe/London"))
    report("time zone data (Europe/London)", london.utcoffset() == timedelta(hours=1),
           "BST offset +01:00")
    from app.domain.offences import load_offences

    offences = load_offences()
    report("Schedule 34A offence list", len(offences) > 20, f"{len(offences)} offences")


def _pdf(report: Report) -> bytes | None:
    from app.documents.build import build
    from app.documents.model import DocumentCase, DocumentKind, Letterhead
    from app.domain.case_facts import CaseFacts
    from app.domain.enums import Stage

    now = datetime.now(UTC)
    case = DocumentCase(
        reference="SELF-TEST", contact_at=now, facts=CaseFacts(current_stage=Stage.INITIAL_CONTACT),
        produced_at=now, produced_by="Self-test",
        letterhead=Letterhead("Self-test Police", "Self-test Unit", "1 Test Street", "0000"))
    start = time.perf_counter()
    pdf = build(DocumentKind.INFORMATION_PACK, case, blank=True)
    ok = pdf.startswith(b"%PDF") and len(pdf) > 1000
    took = time.perf_counter() - start
    report("PDF built in memory", ok, f"{len(pdf) // 1024} KiB in {took:.2f} s")
    return pdf if ok else None
