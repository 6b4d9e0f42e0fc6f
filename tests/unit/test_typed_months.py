"""Months and years typed as people type them (issue 12 item 1, supervisor side)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.typed_dates import (
    MONTH_NAMES,
    TypedValueError,
    format_month,
    parse_typed_month,
    parse_typed_year,
)

TODAY = date(2026, 11, 29)
MONTH_STYLES = ("{m:02d}/{y:04d}", "{m}/{y:04d}", "{m}-{y:04d}", "{m:02d}.{y:04d}",
                "{m:02d} {y:04d}", "{m:02d}{y:04d}", "{y:04d}-{m:02d}", "{name3} {y:04d}",
                "{name} {y:04d}", "{lower3}-{y:04d}", " {name3}. {y:04d} ", "{upper}, {y:04d}")
SHORT_STYLES = ("{m}/{yy:02d}", "{m:02d}/{yy:02d}", "{name3} {yy:02d}", "{name}{yy:02d}")


def _typed(style: str, month: date) -> str:
    name = MONTH_NAMES[month.month - 1]
    return style.format(m=month.month, y=month.year, yy=month.year % 100, name=name,
                        name3=name[:3], lower3=name[:3].lower(), upper=name.upper())


months = st.builds(lambda d: d.replace(day=1), st.dates(date(1900, 1, 1), date(2999, 12, 31)))


@given(months, st.sampled_from(MONTH_STYLES))
def test_a_month_typed_with_a_four_digit_year_reads_back_as_itself(month: date,
                                                                  style: str) -> None:
    assert parse_typed_month(_typed(style, month), TODAY) == month


@given(st.builds(lambda d: d.replace(day=1), st.dates(date(1947, 1, 1), date(2046, 12, 31))),
       st.sampled_from(SHORT_STYLES))
def test_two_digit_years_read_as_for_dates(month: date, style: str) -> None:
    assert parse_typed_month(_typed(style, month), TODAY) == month


@given(months)
def test_the_shown_form_reads_back(month: date) -> None:
    assert parse_typed_month(format_month(month), TODAY) == month


@pytest.mark.parametrize("typed, month", [
    ("03/2026", date(2026, 3, 1)), ("3/26", date(2026, 3, 1)), ("Mar 2026", date(2026, 3, 1)),
    ("march 2026", date(2026, 3, 1)), ("Sept 2025", date(2025, 9, 1)), ("", None),
    ("   ", None)])
def test_the_examples_from_the_issue(typed: str, month: date | None) -> None:
    assert parse_typed_month(typed, TODAY) == month


@pytest.mark.parametrize("typed", ["13/2026", "0/2026", "Ma 2026", "Marc", "March",
                                   "2026", "Smarch 2026", "03/2026/1", "1/1/2026", "3/226",
                                   "Mar 1899", "03/3000"])
def test_what_is_not_a_month_is_refused_with_a_sentence(typed: str) -> None:
    with pytest.raises(TypedValueError) as refused:
        parse_typed_month(typed, TODAY)
    assert "e.g. 03/2026" in str(refused.value)


@given(st.text(max_size=12))
def test_junk_is_refused_never_coerced(text: str) -> None:
    try:
        got = parse_typed_month(text, TODAY)
    except TypedValueError:
        return
    assert got is None or got.day == 1


@given(st.integers(1900, 2999))
def test_years_typed_in_full_or_as_a_financial_year(year: int) -> None:
    assert parse_typed_year(str(year), TODAY) == year
    if year < 2999:
        assert parse_typed_year(f"{year}/{(year + 1) % 100:02d}", TODAY) == year
        assert parse_typed_year(f"{year}-{year + 1}", TODAY) == year


@pytest.mark.parametrize("typed, year", [("24", 2024), ("99", 1999), ("2024/25", 2024),
                                         ("", None)])
def test_year_examples(typed: str, year: int | None) -> None:
    assert parse_typed_year(typed, TODAY) == year


@pytest.mark.parametrize("typed", ["2024/26", "202", "twenty", "1899", "2024/2024", "24/25"])
def test_what_is_not_a_year_is_refused(typed: str) -> None:
    with pytest.raises(TypedValueError):
        parse_typed_year(typed, TODAY)
