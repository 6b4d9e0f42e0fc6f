"""The annual return (issue 15 item 4): Home Office figures + FOI figures for a chosen
year; they reconcile with the unit figures tab; outputs are audited; CLI for IT scripts."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from app.cli.main import main
from app.demo import DemoResult, create_demo
from app.domain.enums import Route, Stage
from app.domain.timescales import LONDON
from app.errors import NotAuthorised
from app.security.crypto import FAST_TEST_KDF
from app.services import annual_return as ar
from app.services import cases, figures
from app.services.audit_view import AuditFilter, search_audit
from app.services.case_list import list_cases
from app.services.unit import login
from app.settings import PASSWORD
from tests.conftest import TestUnit


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    db = tmp_path_factory.mktemp("demo-return") / "unit.db"
    return create_demo(db, cases=30, seed=2015, kdf=FAST_TEST_KDF)


def _supervisor(demo: DemoResult):  # type: ignore[no-untyped-def]
    user = next(u for u in demo.logins if u.role.value == "supervisor")
    return user, login(demo.db_path, user.username, user.password)


def test_periods_are_explicit() -> None:
    assert ar.year_period(2024, ar.YearBasis.FINANCIAL) == (date(2024, 4, 1), date(2025, 3, 31))
    assert ar.year_period(2024, ar.YearBasis.CALENDAR) == (date(2024, 1, 1), date(2024, 12, 31))
    assert ar.year_label(2024, ar.YearBasis.FINANCIAL) == "2024/25"
    assert ar.year_label(1999, ar.YearBasis.FINANCIAL) == "1999/00"


@pytest.mark.parametrize("basis", list(ar.YearBasis))
def test_return_reconciles_with_unit_figures(demo: DemoResult, basis: ar.YearBasis) -> None:
    _, opened = _supervisor(demo)
    with opened as session:
        months = figures.unit_figures(session)
        years = sorted({int(m.month[:4]) for m in months} | {int(m.month[:4]) - 1
                                                             for m in months})
        total = 0
        for year in years:
            ret = ar.annual_return(session, year, basis)
            start, end = ar.year_period(year, basis)
            same = figures.unit_figures(session, start, end)
            assert ret.initial_contacts == sum(m.initial_contacts for m in same)
            assert ret.applications == sum(m.applications for m in same)
            assert ret.disclosures == sum(m.disclosures for m in same)
            assert ret.open_cases == sum(m.open_cases for m in same)
            assert ret.right_to_know == sum(m.right_to_know for m in same)
            for route in Route:
                assert ret.closed_by_route[route] == sum(m.closed_by_route[route] for m in same)
            assert ret.adds_up
            assert ret.rso_applications <= ret.applications
            assert ret.rso_disclosures <= ret.disclosures
            assert ret.recipient_not_applicant <= ret.disclosures
            within = [ret.disclosed_within[d] for d in ar.WITHIN_DAYS]
            assert within == sorted(within) and within[-1] <= ret.disclosures
            total += ret.initial_contacts
        assert total == 30  # every case falls in exactly one year


def test_flag_figures_match_each_case_file(demo: DemoResult) -> None:
    """RSO, immediate-risk, extension and recipient figures, counted again from each
    case file (stage 4 MAPPA category 1; stage 5 recipient not the applicant)."""
    _, opened = _supervisor(demo)
    with opened as session:
        files = [cases.get_case(session, s.reference)
                 for s in list_cases(session, mine=False)]
        years = sorted({f.contact_at.astimezone(LONDON).year for f in files})
        rets = [ar.annual_return(session, y, ar.YearBasis.CALENDAR) for y in years]
    rso = [f for f in files if f.values(Stage.RISK_ASSESSMENT).get("mappa_category") == "1"
           and f.values(Stage.RISK_ASSESSMENT).get("mappa_managed") is True]
    disclosed = [f for f in files if f.route is Route.DISCLOSED and not f.is_open]
    assert sum(r.rso_applications for r in rets) == sum(f.is_complete(Stage.FACE_TO_FACE)
                                                        for f in rso)
    assert sum(r.rso_disclosures for r in rets) == sum(f in disclosed for f in rso)
    assert sum(r.immediate_risk_cases for r in rets) == sum(f.immediate_risk for f in files)
    assert sum(r.extended_cases for r in rets) == sum(f.extended for f in files)
    assert sum(r.recipient_not_applicant for r in rets) == sum(
        (f.values(Stage.DECISION).get("recipient") or {}).get("is_applicant") is False
        for f in disclosed)
    assert sum(r.disclosures for r in rets) == len(disclosed) > 0


def test_outputs_are_audited_and_hold_no_names(demo: DemoResult) -> None:
    _, opened = _supervisor(demo)
    with opened as session:
        year = session.clock.now().year
        ret = ar.annual_return(session, year, ar.YearBasis.CALENDAR)
        text = ar.return_csv(session, ret)
        data = json.loads(ar.return_json(session, ret))
        pdf = ar.return_pdf(session, ret)
        details = [e.detail or "" for e in search_audit(session, AuditFilter())
                   if e.entity == "annual-return"]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["figure"] == "period" and "calendar year" in rows[0]["label"]
    by_key = {r["figure"]: r["value"] for r in rows}
    assert int(by_key["applications"]) == ret.applications == data["figures"]["applications"]
    assert data["basis"] == "calendar" and data["from"] == f"{year}-01-01"
    assert pdf.startswith(b"%PDF")
    assert any("viewed" in d for d in details)
    assert any("CSV" in d for d in details) and any("JSON" in d for d in details)
    assert any("PDF" in d for d in details)


def test_officer_may_not_see_the_return(unit: TestUnit) -> None:
    with pytest.raises(NotAuthorised):
        ar.annual_return(unit.officer(), 2024)


def test_cli_prints_csv_and_json(demo: DemoResult, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    user, opened = _supervisor(demo)
    opened.close()
    monkeypatch.setenv(PASSWORD.name, user.password)
    year = 2026
    assert main(["figures", "--db", str(demo.db_path), "--user", user.username,
                 "--year", str(year), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == "2026/27" and data["basis"] == "financial"
    assert main(["figures", "--db", str(demo.db_path), "--user", user.username,
                 "--year", str(year), "--calendar", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["figure", "label", "value"] and rows[1][0] == "period"
    assert main(["figures", "--db", str(demo.db_path), "--user", user.username,
                 "--year", "1800", "--format", "csv"]) == 2
