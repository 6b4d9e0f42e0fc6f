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
from datetime import timedelta
from pathlib import Path

from app.clock import FixedClock, SystemClock
from app.demo.demo_tasks import add_demo_tasks
from app.demo.extras import add_extras
from app.demo.kinds import (
    AddExtension,
    Assign,
    CaseRun,
    CloseEarly,
    CompleteClosure,
    CompleteStage,
    OpenCase,
    RecordRisk,
    SaveDraft,
    SignOff,
    Step,
)
from app.demo.plan import Planner, choose_twists
from app.demo.report import DemoLogin, DemoResult, summarise
from app.demo.story import local
from app.domain.enums import Role, Stage
from app.errors import InvalidInput, UnitExists
from app.security import keyfile as kf
from app.security.crypto import KdfParams
from app.services import case_actions, cases, unit_settings, users
from app.services.case_file import load_case
from app.services.case_list import list_cases
from app.services.session import Session
from app.services.unit import login
from app.services.unit_create import create_unit

MIN_CASES = 24
MAX_CASES = 2000
EXTRA_CASES = 1  # the right-to-know case made by app.demo.extras


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



def execute(run: CaseRun, step: Step, sessions: dict[str, Session], clock: FixedClock) -> None:
    """Make one step's service call as its user, with the clock at the step's instant."""
    clock.set(max(step.at, clock.now()))
    session = sessions[step.user]
    match step.action:
        case OpenCase():
            run.ref = cases.open_case(session, run.contact).reference
        case SaveDraft(stage, values):
            cases.save_draft(session, run.ref, stage, values)
        case CompleteStage(stage, values):
            cases.complete_stage(session, run.ref, stage, values)
        case CompleteClosure():
            cases.complete_stage(session, run.ref, Stage.CLOSURE, _closure(session, run, clock))
        case CloseEarly(route, reason):
            case_actions.close_early(session, run.ref, route, reason)
        case RecordRisk(values):
            case_actions.record_immediate_risk(session, run.ref, values)
        case AddExtension(values):
            case_actions.add_extension(session, run.ref, values)
        case Assign(to):
            case_actions.assign(session, run.ref, to)
        case SignOff(approve, comment):
            case_actions.sign_off(session, run.ref, approve, comment)


def _closure(session: Session, run: CaseRun, clock: FixedClock) -> dict[str, object]:
    """The closure values the case offers now, dated today, with an intelligence reference."""
    values = load_case(session, run.ref).values(Stage.CLOSURE)
    values.pop("summary", None)
    today = local(clock.now()).isoformat()
    values.update(closed_on=today, intel_report_date=today,
                  intel_report_ref=f"HVC-INT-{today[:4]}-{run.index * 7919 % 900000:06d}")
    return values


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
    approvals.approve_with_recovery_code(db_path, recovery_code, first.username,
                                         first.password, clock)
    with login(db_path, first.username, first.password, clock) as supervisor:
        for user in DEMO_USERS[1:]:
            if user is not first:  # each demo password is "typed" at its approval
                approvals.approve(supervisor, user.username, user.password,
                                  shown=approvals.pending_for(supervisor, user.username))
        unit_settings.update_letterhead(
            supervisor, force_name="Harrowmere Constabulary (DEMO)",
            unit_name="Harrowmere and Vale Public Protection Unit (DEMO)",
            address="Public Protection Unit\nHarrowmere Police Station\n"
                    "2 Quayside Walk, Harrowmere HW4 7QX",
            telephone="01632 960 417", email="ppu.demo@harrowmere.example")


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
    kinds = planner.kinds(cases - EXTRA_CASES)
    twists, shared = choose_twists(planner, kinds)
    runs = [planner.plan(i, k, twists[i], shared.get(i)) for i, k in enumerate(kinds)]
    clock = FixedClock(min(r.contact for r in runs) - timedelta(days=2))
    admin = DEMO_USERS[0]
    made = create_unit(db_path, admin_username=admin.username, admin_password=admin.password,
                       admin_display_name=admin.display_name, case_prefix="DEMO",
                       unit_name="Harrowmere and Vale Public Protection Unit (DEMO)",
                       clock=clock, kdf=kdf)
    with login(db_path, admin.username, admin.password, clock) as session:
        for user in DEMO_USERS[1:]:
            users.add_user(session, user.username, user.display_name, user.role)
    _approve_all(db_path, made.recovery_code, clock)
    sessions = {u.username: login(db_path, u.username, u.password, clock)
                for u in DEMO_USERS[1:]}
    try:
        steps = sorted(((step.at, run.index, n, run, step) for run in runs
                        for n, step in enumerate(run.steps)), key=lambda s: s[:3])
        for _at, _i, _n, run, step in steps:
            execute(run, step, sessions, clock)
        clock.set(max(SystemClock().now(), clock.now()))
        boss = DEMO_USERS[1].username
        add_extras(sessions, boss, DEMO_USERS[3].username,
                   list_cases(sessions[boss], mine=False), clock)
        add_demo_tasks(sessions, list_cases(sessions[boss], mine=False), clock.now())
        listed = list_cases(sessions[boss], mine=False)
    finally:
        for session in sessions.values():
            session.close()
    return DemoResult(db_path, made.recovery_code, DEMO_USERS, seed,
                      time.perf_counter() - started, summarise(listed), listed)
