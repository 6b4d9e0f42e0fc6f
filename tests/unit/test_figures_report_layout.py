"""The printed unit figures: no header word is broken across lines ("Applicati-ons" was,
in the volumes table), in the volumes, right-to-know and timeliness tables, even when
every route has a right-to-know column; and the columns share the page width."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from app.documents.figures_report import (
    TIMELINESS_HEADER,
    VOLUMES_HEADER,
    build_figures_report,
)
from app.documents.fitted_table import fitted_grid_table
from app.documents.model import Letterhead
from app.documents.styles import CONTENT_WIDTH
from app.domain.enums import Route
from app.domain.timescales import DeadlineKind
from app.services.figures import MonthFigures

LETTERHEAD = Letterhead("Northshire Police", "Public Protection Unit", "1 High Street\nTown",
                        "01234 567890")
PRODUCED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _months(routes: list[Route]) -> list[MonthFigures]:
    months = []
    for number in range(1, 13):
        month = MonthFigures(month=f"2025-{number:02d}", initial_contacts=1200 + number,
                             applications=1026, disclosures=360, non_disclosures=480,
                             redirects=60, intelligence_only=36, open_cases=240,
                             right_to_know=1 + len(routes), right_to_know_open=1)
        for route in routes:
            month.right_to_know_by_route[route] = 1
        for kind in DeadlineKind:
            month.due[kind], month.met[kind] = 10, 9
        month.days_to_close.append(35.0)
        months.append(month)
    return months


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _header_words(text: str, title: str) -> list[str]:
    """The words of the table under ``title``, from its title to its first month, as
    the text extracted from the PDF splits them (a broken word comes out in two)."""
    after = text.split(title, 1)[1]
    return after.split("2025-01", 1)[0].split()


@pytest.mark.parametrize("routes", [[Route.REDIRECTED, Route.WITHDRAWN, Route.DISCLOSED],
                                    list(Route)], ids=["three routes", "every route"])
def test_no_header_word_is_broken(routes: list[Route]) -> None:
    text = _text(build_figures_report(_months(routes), LETTERHEAD, PRODUCED,
                                      "DS Sam Whitlock"))
    right_to_know = ("Month", "Right to know", "Still open",
                     *(f"Closed: {route.short_label}" for route in routes))
    for title, header in (
            ("Volumes and outcomes", VOLUMES_HEADER),
            ("Right to know (police-initiated) cases", right_to_know),
            ("Timeliness — % of deadlines met (of those due or completed)",
             TIMELINESS_HEADER)):
        expected = [word for cell in header for word in cell.split()]
        assert _header_words(text, title) == expected, title
    assert "Applications" in _header_words(text, "Volumes and outcomes")


def test_the_columns_fill_the_width_and_hold_their_longest_word() -> None:
    rows = [["2025-01", "1206", "1026"], ["Total", "14472", "12312"]]
    table = fitted_grid_table(("Month", "Applications", "Non-disclosures"), rows)
    widths = table._colWidths  # noqa: SLF001 - the layout is what is tested
    assert sum(widths) == pytest.approx(CONTENT_WIDTH)
    assert len({round(w, 3) for w in widths}) == 3  # from the text, not equal shares


def test_a_table_too_wide_for_its_words_still_fits_the_page() -> None:
    header = [f"Column{n:02d}withalongname" for n in range(12)]
    table = fitted_grid_table(header, [["1"] * 12])
    assert sum(table._colWidths) == pytest.approx(CONTENT_WIDTH)  # noqa: SLF001
