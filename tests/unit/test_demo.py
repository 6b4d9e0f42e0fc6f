"""`csods demo`: a demo unit of synthetic cases, built through the services."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.cli.main import main as cli_main
from app.demo import BANNER, DEMO_USERS, DemoResult, create_demo, report_lines
from app.demo.kinds import EARLY, CaseKind, OpenCase, Step
from app.demo.plan import Planner, choose_twists
from app.domain.enums import Role, Route, Stage
from app.domain.timescales import DeadlineState
from app.errors import InvalidInput, UnitExists
from app.security.crypto import FAST_TEST_KDF
from app.services import unit_verify
from app.services.case_file import load_case
from app.services.case_list import CaseSummary, list_cases
from app.services.session import Session
from app.services.unit import login
from app.storage import audit_repo

N = 36
SEED = 2010

# Real public figures (and the people of the test examples) that must never appear.
DENY = (
    "Sarah Payne", "Sara Payne", "Roy Whiting", "Ian Huntley", "Maxine Carr", "Holly Wells",
    "Jessica Chapman", "Jimmy Savile", "Rolf Harris", "Gary Glitter", "Jacqui Smith",
    "Alan Johnson", "Madeleine McCann", "Keir Starmer", "Boris Johnson", "Theresa May",
    "David Beckham", "Mo Farah", "Adaeze Okafor", "Amara Okafor", "John Smith", "Jane Doe",
    "Payne", "Huntley", "Savile",
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    db = tmp_path_factory.mktemp("demo") / "unit.db"
    return create_demo(db, cases=N, seed=SEED, kdf=FAST_TEST_KDF)


@pytest.fixture(scope="module")
def supervisor(demo: DemoResult) -> Iterator[Session]:
    user = next(u for u in demo.logins if u.role.value == "supervisor")
    with login(demo.db_path, user.username, user.password) as session:
        yield session


@pytest.fixture(scope="module")
def listed(supervisor: Session) -> list[CaseSummary]:
    return list_cases(supervisor, mine=False)


def test_every_printed_login_opens_the_unit(demo: DemoResult) -> None:
    printed = "\n".join(report_lines(demo))
    assert BANNER in printed and demo.recovery_code in printed
    roles = {u.role.value for u in demo.logins}
    assert roles == {"administrator", "supervisor", "officer"} and len(demo.logins) == 7
    for user in demo.logins:
        assert user.username in printed and user.password in printed
        assert len(user.password) >= 12 and user.username not in user.password
        with login(demo.db_path, user.username, user.password) as session:
            assert session.user.role is user.role
            assert session.user.display_name == user.display_name


def test_case_count_and_references(demo: DemoResult, listed: list[CaseSummary]) -> None:
    assert demo.summary.total == N and len(listed) == N
    assert all(c.reference.startswith("DEMO/") for c in listed)


def test_every_route_closed_and_every_stage_open(listed: list[CaseSummary]) -> None:
    routes = {c.route for c in listed if c.status == "closed"}
    assert routes == set(Route)
    stages = {c.current_stage for c in listed if c.status == "open"}
    assert {Stage(n) for n in range(1, 7)} <= stages


def test_every_deadline_state_appears(listed: list[CaseSummary]) -> None:
    states = {d.state for c in listed for d in c.deadlines}
    for state in (DeadlineState.MET, DeadlineState.MISSED, DeadlineState.OVERDUE,
                  DeadlineState.NOT_APPLICABLE):
        assert state in states, state
    assert states & {DeadlineState.OPEN, DeadlineState.DUE_SOON}


def test_flags_appear(supervisor: Session, listed: list[CaseSummary]) -> None:
    assert any(c.awaiting_signoff for c in listed)
    assert any(c.immediate_risk for c in listed)
    assert any(c.extended for c in listed)
    assert any(c.repeat_subject for c in listed)
    returned = [c for c in listed if c.signoff == "returned"]
    assert returned
    assert load_case(supervisor, returned[0].reference).last_signoff_comment


def test_cases_are_spread_across_officers(listed: list[CaseSummary]) -> None:
    assigned = {c.assigned_to for c in listed if c.assigned_to}
    assert len(assigned) >= 3


def test_proportions_follow_the_pilot(demo: DemoResult, listed: list[CaseSummary]) -> None:
    applications = demo.summary.applications
    assert abs(applications / N - 7 / 12) <= 0.1
    early = sum(1 for c in listed if c.route in (Route.REDIRECTED, Route.INTELLIGENCE_ONLY)
                or (c.route is Route.WITHDRAWN and c.deadlines[1].completed_at is None))
    assert abs(early / N - 5 / 12) <= 0.1
    assert 1 <= demo.summary.routes["disclosed"] <= N // 6


def test_verify_passes_on_the_result(demo: DemoResult) -> None:
    supervisor = next(u for u in demo.logins if u.role is Role.SUPERVISOR)
    report = unit_verify.verify_file(demo.db_path, supervisor.username, supervisor.password)
    assert report.ok, report.problems


def test_every_case_is_audited_in_time_order(supervisor: Session,
                                             listed: list[CaseSummary]) -> None:
    rows = list(audit_repo.iter_rows(supervisor.conn))
    times = [r.at for r in rows]
    assert times == sorted(times)
    audited = {r.case_ref for r in rows if r.case_ref}
    assert {c.reference for c in listed} <= audited


def test_no_real_names(supervisor: Session, demo: DemoResult,
                       listed: list[CaseSummary]) -> None:
    texts = [u.display_name for u in demo.logins]
    for summary in listed:
        case = load_case(supervisor, summary.reference)
        texts += [json.dumps(r.values, ensure_ascii=False) for r in case.records.values()]
        texts += [json.dumps(r.values, ensure_ascii=False) for r in case.risks]
    blob = "\n".join(texts).casefold()
    own_script = [ch for ch in blob if "\u0370" <= ch <= "\u03ff"  # Greek
                  or "\u0600" <= ch <= "\u06ff" or "\u4e00" <= ch <= "\u9fff"]  # Arabic, CJK
    assert own_script, "some names are recorded in their own script"
    assert any(ch in blob for ch in "łśęąöüçãéíáőș"), "some names carry accents"
    found = [name for name in DENY if name.casefold() in blob]
    assert found == []


def test_refuses_an_existing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "unit.db"
    db.write_bytes(b"not mine")
    assert cli_main(["demo", "--db", str(db), "--cases", "30"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert db.read_bytes() == b"not mine"
    with pytest.raises(UnitExists):
        create_demo(db, cases=30, kdf=FAST_TEST_KDF)


def test_refuses_too_few_cases(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="between"):
        create_demo(tmp_path / "unit.db", cases=5, kdf=FAST_TEST_KDF)
    assert not (tmp_path / "unit.db").exists()


def test_the_plan_mix_and_its_steps_are_typed_and_repeatable() -> None:
    """The same seed plans the same cases; 120 cases keep the pilot's mix (guidance ¶1.3)."""
    now = datetime(2025, 3, 14, 15, 9, tzinfo=UTC)

    def plan(seed: int) -> list[list[Step]]:
        planner = Planner(random.Random(seed), now,  # noqa: S311 - invented data
                          [u for u in DEMO_USERS if u.role is Role.OFFICER],
                          [u for u in DEMO_USERS if u.role is Role.SUPERVISOR])
        kinds = planner.kinds(120)
        counts = Counter(kinds)
        assert sum(counts[k] for k in EARLY) == 50
        assert sum(n for k, n in counts.items() if k.is_open) == 19
        assert (counts[CaseKind.DISCLOSED], counts[CaseKind.NOT_DISCLOSED],
                counts[CaseKind.NO_CONCERNS]) == (10, 10, 25)
        twists, shared = choose_twists(planner, kinds)
        runs = [planner.plan(i, k, twists[i], shared.get(i)) for i, k in enumerate(kinds)]
        for run in runs:
            assert isinstance(run.steps[0].action, OpenCase)
            assert all(step.at < now for step in run.steps)
        return [run.steps for run in runs]

    assert plan(SEED) == plan(SEED)


def test_demo_shows_the_scheme_fidelity_cases(supervisor: Session, demo: DemoResult,
                                              listed: list[CaseSummary]) -> None:
    """Issue 11 "must show": disclosure not made (¶5.6.21), a MAPPA case with meeting
    details (¶5.6.12), an emergency disclosure (¶3.3, 5.2.15), a right-to-know case
    (¶5, 2.6; 2023 [S]), a referral chased late (¶3.6) and no forum for no concerns."""
    assert any(c.route is Route.DISCLOSURE_NOT_MADE for c in listed)
    rtk = [c for c in listed if c.case_type == "right_to_know"]
    assert rtk and demo.summary.right_to_know_routes["disclosed"] == 1
    full = [load_case(supervisor, c.reference) for c in listed]
    assert any(c.values(Stage.DECISION).get("forum") == "mappa_meeting"
               and c.values(Stage.DECISION).get("mappa_meeting_reference")
               and c.values(Stage.RISK_ASSESSMENT).get("offender_manager") for c in full)
    assert any("urgent_disclosure" in (r.values.get("action_taken") or [])
               and r.values.get("disclosure_authorised_by") for c in full for r in c.risks)
    today = datetime.now(UTC).date()
    assert any(r.chased_late(today) for c in full for r in c.referrals)
    assert any(len(c.contacts) >= 3 and any(x.outcome == "reached" for x in c.contacts)
               for c in full)  # issue 15: a contact log a new user sees filled
    assert all(not c.values(Stage.DECISION).get("forum") for c in full
               if c.values(Stage.RISK_ASSESSMENT).get("categorisation") == "no_concerns")


def test_demo_figures_reconcile(supervisor: Session, demo: DemoResult) -> None:
    """Issue 11 item 15: contacts = open + closed by route, in the report and by month."""
    from app.services.figures import unit_figures

    assert demo.summary.reconciles
    printed = "\n".join(report_lines(demo))
    assert "adds up: open + closed by route" in printed and "right to know" in printed
    months = unit_figures(supervisor)
    assert all(m.adds_up for m in months)
    assert sum(m.initial_contacts for m in months) == N
    assert sum(m.right_to_know for m in months) == 1


def test_printed_route_table_equals_unit_figures_over_the_whole_period(
        supervisor: Session, demo: DemoResult) -> None:
    """Review shots 59/62: the printout said Redirected 25, Intelligence only 16, Withdrawn
    12 and 67 applications where the figures said 27, 12, 14 and 63. Both now count the
    recorded route of each closed case and, as applications, the cases whose face-to-face
    stage was completed (¶5.2; the annual data requirement, digest §1 [S])."""
    from app.services.figures import unit_figures

    lines = report_lines(demo)
    start = lines.index("Closed cases by route (of which police-initiated, right to know):")
    printed = {line[2:34].strip(): int(line[34:39]) for line in
               lines[start + 1:start + 1 + len(Route)]}
    months = unit_figures(supervisor)  # no period: every month of first contact
    for route in Route:
        assert printed[route.label] == sum(m.closed_by_route[route] for m in months), route
    assert printed[Route.REDIRECTED.label] == sum(m.redirects for m in months)
    assert printed[Route.INTELLIGENCE_ONLY.label] == sum(m.intelligence_only for m in months)
    applications = sum(m.applications for m in months)
    assert f"applications that reached face to face: {applications} " in "\n".join(lines)
    assert demo.summary.applications == applications
    opened = next(line for line in lines if line.startswith("  Still open"))
    assert int(opened[34:39]) == sum(m.open_cases for m in months)


def test_deadline_table_columns_line_up(demo: DemoResult) -> None:
    """Every deadline row, the long "Decision route completed within 35 days of the risk
    assessment" included, has its counts under the state headings."""
    from app.domain.timescales import DeadlineKind

    lines = report_lines(demo)
    start = lines.index("Deadline states:") + 1
    header, rows = lines[start], lines[start + 1:start + 1 + len(DeadlineKind)]
    assert [r.split("  ")[1].strip() for r in rows] == [k.label for k in DeadlineKind]
    for row in rows:
        assert len(row) == len(header), row
        # each 9-character count column ends where its heading ends
        tail = len(DeadlineState) * 9
        assert row[:-tail].rstrip() and row[-tail - 1] == " ", row
        base = len(row) - tail
        assert all(row[base + i * 9:base + (i + 1) * 9].strip().isdigit()
                   for i in range(len(DeadlineState))), row


def test_demo_has_tasks_some_overdue(supervisor: Session) -> None:
    from app.services import tasks

    open_tasks = tasks.unit_tasks(supervisor)
    now = supervisor.clock.now()
    assert any(t.overdue(now) for t in open_tasks)
    assert any(not t.overdue(now) for t in open_tasks)
    assert any(t.source for t in open_tasks)  # a reminder taken from the process
    done = supervisor.conn.execute("SELECT count(*) FROM tasks WHERE status = 'done'")
    assert done.fetchone()[0] >= 1


def test_undertaking_refused_keeps_what_the_applicant_was_told_4_3_5_6_19() -> None:
    """A disclosure to someone other than the applicant that was not made still records
    what the applicant was told (¶4.3, 5.6.19); the demo lost it on that twist and
    failed to build on some dates."""
    from app.demo.forms import stage6_not_made

    made = {"disclosed_at": "2026-01-01T10:00:00+00:00", "recipient_name": "Yara Example",
            "applicant_told": "That the police acted on the application."}
    not_made = stage6_not_made(made)
    assert not_made["disclosure_made"] is False and not_made["applicant_told"]
    assert "applicant_told" not in stage6_not_made({"recipient_name": "The applicant"})
