"""`csods demo`: a demo unit of synthetic cases, built entirely through the services.

Every case is opened, drafted, completed, signed off, extended, assigned and
closed by the same service calls the application makes, so each row is valid
and audited. A ``FixedClock`` shared by every session replays about six months:
all the steps of all the cases are merged in time order, the clock is set to
each step's instant, and at the end it is set back to the real now. The mix
follows the pilot (guidance ¶1.3): of 12 enquiries about 7 became applications
and about 1 led to a disclosure; recent cases are left open at every stage.
"""

from __future__ import annotations

import random
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from app.clock import FixedClock, SystemClock
from app.domain.enums import Role, Route, Stage
from app.domain.timescales import DeadlineKind, DeadlineState
from app.errors import InvalidInput, UnitExists
from app.security import keyfile as kf
from app.security.crypto import KdfParams
from app.services import case_actions, cases, unit_settings, users
from app.services import demo_forms as forms
from app.services.case_file import load_case
from app.services.case_list import CaseSummary, list_cases
from app.services.demo_plan import CaseRun, Op, Planner, choose_flags
from app.services.session import Session
from app.services.unit import create_unit, login

MIN_CASES = 24
MAX_CASES = 2000
BANNER = "DEMO DATA — synthetic people. Every name, address and event is invented."


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    display_name: str


# Fixed demo passwords (≥ 12 characters, never containing the user name).
DEMO_USERS: tuple[DemoLogin, ...] = (
    DemoLogin("admin", "demo-it-desk-7261", Role.ADMINISTRATOR,  # noqa: S106
              "Rowan Achterberg-Lyle (IT service desk)"),
    DemoLogin("niamh.h", "demo-lantern-harbour-52", Role.SUPERVISOR,  # noqa: S106
              "DS 2093 Niamh Halloran"),
    DemoLogin("kwame.o", "demo-copper-kestrel-18", Role.SUPERVISOR,  # noqa: S106
              "DS 1187 Kwame Ostrander"),
    DemoLogin("idris.p", "demo-willow-signal-63", Role.OFFICER,  # noqa: S106
              "PC 3382 Idris Penhallow"),
    DemoLogin("sofia.m", "demo-meadow-compass-27", Role.OFFICER,  # noqa: S106
              "DC 5120 Sofia Marchetti-Byrne"),
    DemoLogin("seun.h", "demo-granite-falcon-94", Role.OFFICER,  # noqa: S106
              "PC 2764 Oluwaseun Harcastle"),
    DemoLogin("aga.t", "demo-orchard-beacon-35", Role.OFFICER,  # noqa: S106
              "DC 6031 Agnieszka Thorne"),
)

@dataclass
class DemoSummary:
    total: int = 0
    status: Counter[str] = field(default_factory=Counter)
    routes: Counter[str] = field(default_factory=Counter)
    open_stages: Counter[int] = field(default_factory=Counter)
    deadlines: dict[str, Counter[str]] = field(default_factory=dict)
    flags: Counter[str] = field(default_factory=Counter)
    applications: int = 0


@dataclass
class DemoResult:
    db_path: Path
    recovery_code: str
    logins: tuple[DemoLogin, ...]
    seed: int
    seconds: float
    summary: DemoSummary
    cases: list[CaseSummary]


def _execute(run: CaseRun, op: Op, sessions: dict[str, Session], clock: FixedClock) -> None:
    clock.set(max(op.at, clock.now()))
    session = sessions[op.user]
    if op.action == "open":
        run.ref = cases.open_case(session, run.contact).reference
    elif op.action == "draft" and op.stage is not None:
        cases.save_draft(session, run.ref, op.stage, op.values)
    elif op.action == "complete" and op.stage is not None:
        cases.complete_stage(session, run.ref, op.stage, op.values)
    elif op.action == "closure":
        values = load_case(session, run.ref).values(Stage.CLOSURE)
        values.pop("summary", None)
        today = forms.local(clock.now()).isoformat()
        values.update(closed_on=today, intel_report_date=today,
                      intel_report_ref=f"HVC-INT-{today[:4]}-{run.index * 7919 % 900000:06d}")
        cases.complete_stage(session, run.ref, Stage.CLOSURE, values)
    elif op.action == "close_early":
        case_actions.close_early(session, run.ref, Route(op.values["route"]), op.text)
    elif op.action == "risk":
        case_actions.record_immediate_risk(session, run.ref, op.values)
    elif op.action == "extend":
        case_actions.add_extension(session, run.ref, op.values)
    elif op.action == "assign":
        case_actions.assign(session, run.ref, op.values["to"])
    elif op.action == "signoff":
        case_actions.sign_off(session, run.ref, bool(op.values["approve"]), op.text)
    else:  # pragma: no cover - a planning mistake
        raise ValueError(f"unknown demo step {op.action!r}")


def summarise(summaries: list[CaseSummary]) -> DemoSummary:
    out = DemoSummary(total=len(summaries))
    out.deadlines = {kind.value: Counter() for kind in DeadlineKind}
    for s in summaries:
        out.status[s.status] += 1
        if s.status == "closed" and s.route is not None:
            out.routes[s.route.value] += 1
        elif s.status == "open":
            out.open_stages[int(s.current_stage)] += 1
        for d in s.deadlines:
            out.deadlines[d.kind.value][d.state.value] += 1
        f2f = next(d for d in s.deadlines if d.kind is DeadlineKind.FACE_TO_FACE_10D)
        if f2f.completed_at is not None or (s.status == "open" and s.current_stage >= 2):
            out.applications += 1
        for flag in ("immediate_risk", "extended", "repeat_subject", "awaiting_signoff"):
            out.flags[flag] += bool(getattr(s, flag))
        out.flags["returned"] += s.signoff == "returned"
    return out


def refuse_existing(db_path: Path) -> None:
    """The demo never overwrites a unit: refuse when the database or key file exists."""
    for existing in (db_path, kf.keyfile_path(db_path)):
        if existing.exists():
            raise UnitExists(f"{existing} already exists; the demo never overwrites a unit. "
                             "Choose a new path or delete the old demo folder.")


def _approve_all(db_path: Path, recovery_code: str, clock: FixedClock) -> None:
    """The second person: the first supervisor is approved with the recovery code
    (as at a real unit's set-up), then approves everyone else."""
    from app.services import approvals

    first = next(u for u in DEMO_USERS if u.role is Role.SUPERVISOR)
    approvals.approve_with_recovery_code(db_path, recovery_code, first.username, clock)
    with login(db_path, first.username, first.password, clock) as supervisor:
        for user in DEMO_USERS[1:]:
            if user is not first:
                approvals.approve(supervisor, user.username)


def create_demo(db_path: Path, *, cases: int = 120, seed: int | None = None,
                kdf: KdfParams | None = None) -> DemoResult:
    """Create a demo unit at ``db_path`` with ``cases`` synthetic cases; refuse if it exists."""
    started = time.perf_counter()
    if not MIN_CASES <= cases <= MAX_CASES:
        raise InvalidInput(f"The demo needs between {MIN_CASES} and {MAX_CASES} cases, so "
                           "that every stage, route and deadline state can appear.")
    refuse_existing(db_path)
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    rng = random.Random(seed)  # noqa: S311 - invented data, not security
    now = SystemClock().now().replace(microsecond=0)
    planner = Planner(rng, now, [u for u in DEMO_USERS if u.role is Role.OFFICER],
                      [u for u in DEMO_USERS if u.role is Role.SUPERVISOR])
    kinds = planner.kinds(cases)
    flags, repeats = choose_flags(planner, kinds)
    runs = [planner.plan(i, k, flags[i], repeats.get(i)) for i, k in enumerate(kinds)]
    clock = FixedClock(min(r.contact for r in runs) - timedelta(days=2))
    admin = DEMO_USERS[0]
    made = create_unit(db_path, admin_username=admin.username, admin_password=admin.password,
                       admin_display_name=admin.display_name, case_prefix="DEMO",
                       unit_name="Harrowmere and Vale Public Protection Unit (DEMO)",
                       clock=clock, kdf=kdf)
    with login(db_path, admin.username, admin.password, clock) as session:
        for user in DEMO_USERS[1:]:
            users.add_user(session, user.username, user.display_name, user.role, user.password)
    _approve_all(db_path, made.recovery_code, clock)
    with login(db_path, admin.username, admin.password, clock) as session:
        unit_settings.update_letterhead(
            session, force_name="Harrowmere Constabulary (DEMO)",
            unit_name="Harrowmere and Vale Public Protection Unit (DEMO)",
            address="Public Protection Unit\nHarrowmere Police Station\n"
                    "2 Quayside Walk, Harrowmere HW4 7QX",
            telephone="01632 960 417", email="ppu.demo@harrowmere.example")
    sessions = {u.username: login(db_path, u.username, u.password, clock)
                for u in DEMO_USERS[1:]}
    try:
        steps = sorted(((op.at, run.index, n, run, op) for run in runs
                        for n, op in enumerate(run.ops)), key=lambda s: s[:3])
        for _at, _i, _n, run, op in steps:
            _execute(run, op, sessions, clock)
        clock.set(max(SystemClock().now(), clock.now()))
        listed = list_cases(sessions[DEMO_USERS[1].username], mine=False)
    finally:
        for session in sessions.values():
            session.close()
    return DemoResult(db_path, made.recovery_code, DEMO_USERS, seed,
                      time.perf_counter() - started, summarise(listed), listed)


def report_lines(result: DemoResult) -> list[str]:
    """What `csods demo` prints: banner, logins, recovery code, figures, timing."""
    s = result.summary
    rule = "=" * 72
    lines = [rule, BANNER, rule, f"Demo unit: {result.db_path}", "", "Demo logins:",
             f"  {'user name':<10} {'password':<25} {'role':<14} display name"]
    lines += [f"  {u.username:<10} {u.password:<25} {u.role.value:<14} {u.display_name}"
              for u in result.logins]
    lines += ["", f"Recovery code (demo only): {result.recovery_code}", "",
              f"Cases: {s.total} ({s.status['open']} open, {s.status['closed']} closed); "
              f"applications that reached face to face: {s.applications} "
              f"({s.applications / max(1, s.total):.0%}); disclosures: {s.routes['disclosed']}",
              "Closed cases by route:"]
    lines += [f"  {Route(r).label:<28} {s.routes[r]:>4}" for r in Route]
    lines += ["Open cases by current stage:"]
    lines += [f"  {Stage(n).title:<28} {s.open_stages[n]:>4}" for n in range(1, 8)
              if s.open_stages[n] or n < 7]
    states = list(DeadlineState)
    short = {DeadlineState.MISSED: "Late", DeadlineState.NOT_APPLICABLE: "N/A"}
    lines += ["Deadline states:", "  " + f"{'':<44}" + "".join(
        f"{short.get(st, st.label):>9}" for st in states)]
    for kind in DeadlineKind:
        row = s.deadlines[kind.value]
        lines.append(f"  {kind.label:<44}" + "".join(f"{row[st.value]:>9}" for st in states))
    lines += [f"Flags: immediate risk {s.flags['immediate_risk']}, extended "
              f"{s.flags['extended']}, repeat subject {s.flags['repeat_subject']}, awaiting "
              f"sign-off {s.flags['awaiting_signoff']}, returned {s.flags['returned']}",
              f"Seed {result.seed}; built in {result.seconds:.1f} s.", rule]
    return lines
