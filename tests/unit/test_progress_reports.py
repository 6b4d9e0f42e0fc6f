"""Long loops over cases report progress and stop cleanly when asked (issue 10 item 6):
the figures, the annual return and case exports (Qt-free; the UI runs them on a
worker with a progress dialog)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.annual_return import YearBasis, annual_return
from app.services.audit_view import AuditFilter, search_audit
from app.services.case_export import ExportFormat, ExportScope, export_cases
from app.services.figures import unit_figures
from app.services.progress import Cancelled, counted
from tests.conftest import TestUnit
from tests.unit.test_supervision_services import _plant

Report = tuple[int, int, str]


def recorder(stop_after: int | None = None) -> tuple[list[Report], Callable[[int, int, str],
                                                                              None]]:
    """A progress callback that keeps every report, and asks to stop at report N."""
    seen: list[Report] = []

    def progress(done: int, total: int, label: str) -> None:
        seen.append((done, total, label))
        if stop_after is not None and len(seen) >= stop_after:
            raise Cancelled()

    return seen, progress


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=25))
def test_counted_yields_every_item_and_ends_on_the_total(size: int, every: int) -> None:
    seen, progress = recorder()
    items = list(range(size))
    assert list(counted(progress, items, "Counting", every)) == items
    assert seen[-1] == (size, size, "Counting")
    assert [done for done, _total, _label in seen[:-1]] == list(range(0, size, every))
    assert all(total == size for _done, total, _label in seen)


def test_figures_and_the_return_count_every_case(unit: TestUnit) -> None:
    _plant(unit)
    with unit.supervisor() as sam:
        seen, progress = recorder()
        months = unit_figures(sam, progress=progress)
        assert seen[-1] == (5, 5, "Counting the unit's cases")
        assert sum(m.initial_contacts for m in months) == 5
        seen, progress = recorder()
        ret = annual_return(sam, 2024, YearBasis.FINANCIAL, progress)
        assert seen[-1] == (5, 5, "Counting the year's cases") and ret.initial_contacts == 5


def test_stopped_figures_record_nothing(unit: TestUnit) -> None:
    _plant(unit)
    with unit.supervisor() as sam:
        with pytest.raises(Cancelled):
            unit_figures(sam, progress=recorder(stop_after=1)[1])
        with pytest.raises(Cancelled):
            annual_return(sam, 2024, YearBasis.FINANCIAL, recorder(stop_after=2)[1])
        viewed = [e for e in search_audit(sam, AuditFilter())
                  if e.entity in ("unit-figures", "annual-return")]
    assert viewed == []


@pytest.mark.parametrize("stop_after", [1, 2, 3])
def test_a_stopped_export_writes_and_records_nothing(unit: TestUnit, tmp_path: Path,
                                                     stop_after: int) -> None:
    _plant(unit)
    target = tmp_path / "stopped.csv"
    scope = ExportScope(contact_from=date(2025, 2, 1), contact_to=date(2025, 3, 31))
    with unit.supervisor() as sam:
        seen, progress = recorder(stop_after)
        with pytest.raises(Cancelled):
            export_cases(sam, scope, ExportFormat.CSV, target, progress)
        assert not target.exists()
        assert not [e for e in search_audit(sam, AuditFilter()) if e.entity == "case-export"]
        seen, progress = recorder()
        result = export_cases(sam, scope, ExportFormat.CSV, target, progress)
    assert result.cases == 5 and target.exists()
    assert [label for _d, _t, label in seen if _d == _t] == ["Choosing the cases",
                                                             "Preparing the case records"]
