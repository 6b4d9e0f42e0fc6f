"""Benchmark: the chronology of a large case, built through the services.

One case walked through every stage (with a supervisor's sign-off), then 30 contact
attempts, 20 notes, 4 referrals (two answered), an immediate-risk record, an
extension and 10 printed documents, each recorded through its service (authorise →
validate → change → audit), as a busy officer would. Then the time to build the
chronology (service level, what the panel calls) and to build its PDF.

Run:  .venv/bin/python -m tests.bench.bench_chronology [--runs 30] [--pdf out.pdf]
                                                       [--other-cases 5000]
Prints figures, not assertions. ``--pdf`` keeps the (synthetic) chronology PDF to look at.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.clock import FixedClock, to_iso
from app.documents.model import DocumentKind
from app.domain.enums import Role, Stage
from app.security.crypto import FAST_TEST_KDF
from app.services import approvals, case_actions, chronology, contacts, documents, referrals, users
from app.services.session import Session
from app.services.unit import login
from app.services.unit_create import create_unit
from tests.unit.case_walk import open_new, walk_to
from tests.unit.form_examples import valid_extension_values, valid_immediate_risk_values

PW = {"admin": "bench-password-0001", "sup": "bench-password-0002",
      "off": "bench-password-0003"}
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
METHODS = ("phone", "phone", "visit", "letter", "email", "in_person")
OUTCOMES = ("no_answer", "message_left", "reached", "no_answer", "refused")
PURPOSES = ("initial_contact", "arrange_meeting", "arrange_meeting", "risk_information",
            "decision", "give_outcome")
PARTIES = ("applicant", "applicant", "recipient", "subject", "agency")
AGENCIES = ("mash", "childrens_social_care", "probation", "responding_force")


def build_large_case(officer: Session, sup: Session) -> str:
    ref = open_new(officer).reference
    case_actions.record_immediate_risk(officer, ref, valid_immediate_risk_values())
    case_actions.add_extension(officer, ref, valid_extension_values())
    for i in range(30):
        party = PARTIES[i % len(PARTIES)]
        contacts.log_contact(officer, ref, {
            "at": to_iso(START + timedelta(hours=7 * i + 1)), "method": METHODS[i % 6],
            "party": party, "party_detail": "Duty desk" if party == "agency" else "",
            "outcome": OUTCOMES[i % 5], "purpose": PURPOSES[i % 6],
            "note": f"Attempt {i + 1}: " + "left the unit's number and asked for a call. " * 2})
    for i in range(20):
        contacts.add_note(officer, ref, {
            "noted_at": to_iso(START + timedelta(hours=11 * i + 3)),
            "text": f"Note {i + 1}. " + "Discussed with the supervisor; next step agreed. " * 3})
    for i, agency in enumerate(AGENCIES):
        sent = (START + timedelta(days=i + 1)).date()
        values = {"agency": agency, "sent_on": sent.isoformat(), "reference": f"R-{i:04d}",
                  "chase_by": (sent + timedelta(days=3)).isoformat()}
        if i % 2 == 0:
            values |= {"outcome": "Acknowledged; no further action for now.",
                       "outcome_on": (sent + timedelta(days=2)).isoformat()}
        referrals.add_referral(officer, ref, values)
    walk_to(officer, sup, ref, Stage.CLOSURE)
    for kind in (DocumentKind.INITIAL_CONTACT_RECORD, DocumentKind.DECISION_RECORD) * 5:
        documents.record_print(officer, ref, kind)
    return ref


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pdf", type=Path, default=None)
    parser.add_argument("--other-cases", type=int, default=0,
                        help="first fill the unit with this many other cases, each with "
                             "3 contact attempts and a note (through the services)")
    args = parser.parse_args()
    clock = FixedClock(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "unit.db"
        made = create_unit(db, admin_username="admin", admin_password=PW["admin"],
                    kdf=FAST_TEST_KDF, clock=clock)
        with login(db, "admin", PW["admin"], clock) as admin:
            users.add_user(admin, "sup", "DS Bench", Role.SUPERVISOR)
            users.add_user(admin, "off", "PC Bench", Role.OFFICER)
        for name in ("sup", "off"):  # two-person accounts: the unit root approves
            approvals.approve_with_recovery_code(db, made.recovery_code, name, PW[name], clock)
        with login(db, "off", PW["off"], clock) as officer, \
                login(db, "sup", PW["sup"], clock) as sup:
            t0 = time.perf_counter()
            for n in range(args.other_cases):
                other = open_new(officer, START + timedelta(minutes=n)).reference
                for k in range(3):
                    contacts.log_contact(officer, other, {
                        "at": to_iso(START + timedelta(minutes=n, hours=k + 1)),
                        "method": "phone", "party": "applicant", "outcome": "no_answer",
                        "purpose": "arrange_meeting"})
                contacts.add_note(officer, other, {"noted_at": to_iso(START), "text": "x"})
            if args.other_cases:
                print(f"{args.other_cases} other cases built in "
                      f"{time.perf_counter() - t0:.1f} s")
            t0 = time.perf_counter()
            ref = build_large_case(officer, sup)
            built = time.perf_counter() - t0
            entries = chronology.chronology(officer, ref)
            samples = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                chronology.chronology(officer, ref)
                samples.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            pdf = documents.produce(officer, ref, DocumentKind.CHRONOLOGY)
            t_pdf = time.perf_counter() - t0
        print(f"large case built through the services in {built:.1f} s; "
              f"chronology of {len(entries)} entries")
        print(f"chronology (service): median {_ms(statistics.median(samples))}, "
              f"max {_ms(max(samples))} over {args.runs} runs")
        print(f"chronology PDF: {_ms(t_pdf)}, {len(pdf) // 1024} KiB")
        if args.pdf is not None:
            args.pdf.write_bytes(pdf)
            print(f"PDF kept at {args.pdf}")


if __name__ == "__main__":
    main()
