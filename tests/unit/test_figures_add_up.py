"""Unit figures add up (issue 11 item 15): every route has a row and, month by month,
contacts = still open + closed by route; on a demo unit."""

from __future__ import annotations

import csv
import io

import pytest

from app.demo import DemoResult, create_demo
from app.domain.enums import Route
from app.security.crypto import FAST_TEST_KDF
from app.services import figures
from app.services.unit import login


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    db = tmp_path_factory.mktemp("demo-figures") / "unit.db"
    return create_demo(db, cases=24, seed=2011, kdf=FAST_TEST_KDF)


def test_contacts_are_open_plus_closed_by_route_each_month(demo: DemoResult) -> None:
    user = next(u for u in demo.logins if u.role.value == "supervisor")
    with login(demo.db_path, user.username, user.password) as session:
        months = figures.unit_figures(session)
        text = figures.figures_csv(session, months)
    assert months and sum(m.initial_contacts for m in months) == 24
    for month in months:
        assert set(month.closed_by_route) == set(Route)  # a row for every route
        assert month.adds_up, month.month
        assert month.disclosures == month.closed_by_route[Route.DISCLOSED]
    assert sum(m.closed_cases for m in months) > 0
    for row in csv.DictReader(io.StringIO(text)):
        closed = sum(int(row[f"closed_{r.value}"]) for r in Route)
        assert int(row["initial_contacts"]) == int(row["open_cases"]) + closed
        rtk_closed = sum(int(row[f"right_to_know_closed_{r.value}"]) for r in Route)
        assert int(row["right_to_know"]) == int(row["right_to_know_open"]) + rtk_closed
    assert sum(m.right_to_know for m in months) == 1  # the demo's right-to-know case


def test_a_month_with_no_contact_is_shown_as_zeros(demo: DemoResult) -> None:
    """Seen in a real window: months with no first contact were left out of the table,
    so a quiet month could not be told from a missing one."""
    from datetime import date

    user = next(u for u in demo.logins if u.role.value == "supervisor")
    with login(demo.db_path, user.username, user.password) as session:
        months = figures.unit_figures(session, date(2001, 1, 1), date(2001, 3, 31))
    assert [m.month for m in months] == ["2001-01", "2001-02", "2001-03"]
    assert all(m.initial_contacts == 0 and m.adds_up for m in months)
