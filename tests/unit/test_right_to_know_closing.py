"""Closing a police-initiated (right to know) case early: there is no applicant to
withdraw it, so only "intelligence only" is offered and accepted (¶5, 6.1)."""

from __future__ import annotations

import pytest

from app.domain.enums import Route
from app.domain.process import early_routes_offered
from app.errors import RefusedByGuardrail
from app.services import case_actions
from app.services.right_to_know import open_right_to_know
from tests.conftest import TestUnit
from tests.unit.test_right_to_know import opening


def test_only_intelligence_only_is_offered_for_right_to_know() -> None:
    assert early_routes_offered(right_to_know=True) == (Route.INTELLIGENCE_ONLY,)
    assert early_routes_offered(right_to_know=False) == (Route.WITHDRAWN,
                                                         Route.INTELLIGENCE_ONLY)


def test_withdrawn_is_refused_and_intelligence_only_accepted(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_right_to_know(officer, opening()).reference
        with pytest.raises(RefusedByGuardrail, match="no applicant to withdraw"):
            case_actions.close_early(officer, ref, Route.WITHDRAWN, "Not going ahead")
        for route in (Route.REDIRECTED, Route.IDENTITY_NOT_VERIFIED):
            with pytest.raises(RefusedByGuardrail):
                case_actions.close_early(officer, ref, route, "Not going ahead")
        case = case_actions.close_early(officer, ref, Route.INTELLIGENCE_ONLY,
                                        "The subject has moved out; no disclosure needed.")
    assert case.route is Route.INTELLIGENCE_ONLY


def test_printable_figures_show_right_to_know_like_the_tab(unit: TestUnit) -> None:
    """The PDF has the right-to-know rows of the figures tab: total, still open and
    closed by route, adding up; and says so when there are none."""
    import io

    from pypdf import PdfReader

    from app.documents.figures_report import build_figures_report
    from app.services import figures
    from app.services.unit_settings import letterhead
    from tests.unit.test_right_to_know import STARTED, _closed_right_to_know

    def pdf_text(months: list[figures.MonthFigures], session: object) -> str:
        pdf = build_figures_report(months, letterhead(session),  # type: ignore[arg-type]
                                   STARTED, "DS Sam Whitlock")
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        return " ".join(text.split())

    with unit.supervisor() as supervisor:
        assert "No police-initiated (right to know) cases" in pdf_text([], supervisor)
    with unit.officer() as officer, unit.supervisor() as supervisor:
        _closed_right_to_know(officer, supervisor)
        open_right_to_know(officer, opening())
    with unit.supervisor() as supervisor:
        months = figures.unit_figures(supervisor)
        body = pdf_text(months, supervisor)
    assert "Right to know (police-initiated) cases" in body
    assert "Closed: Disclosed" in body and "Still open" in body
    month = months[0].month
    assert f"{month} 2 1 1" in body  # right to know, still open, closed: disclosed
    assert "Total 2 1 1" in body
