"""Dates and times typed as people type them: read exactly, or refused (issue 12 item 1)."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.typed_dates import (
    TypedValueError,
    format_date,
    format_time,
    full_year,
    parse_typed_date,
    parse_typed_time,
)

TODAY = date(2026, 11, 29)
FOUR_DIGIT_STYLES = (
    "{d:02d}/{m:02d}/{y:04d}", "{d}/{m}/{y:04d}", "{d:02d}-{m:02d}-{y:04d}",
    "{d:02d}.{m:02d}.{y:04d}", "{d:02d} {m:02d} {y:04d}", "{d:02d}{m:02d}{y:04d}",
    "{y:04d}-{m:02d}-{d:02d}", " {d:02d}/{m:02d}/{y:04d} ",
)
TWO_DIGIT_STYLES = ("{d}/{m}/{yy:02d}", "{d:02d}/{m:02d}/{yy:02d}", "{d:02d}{m:02d}{yy:02d}")


def _typed(style: str, day: date) -> str:
    return style.format(d=day.day, m=day.month, y=day.year, yy=day.year % 100)


@given(st.dates(date(1900, 1, 1), date(2999, 12, 31)), st.sampled_from(FOUR_DIGIT_STYLES))
def test_any_date_typed_with_a_four_digit_year_reads_back_as_itself(day: date,
                                                                    style: str) -> None:
    assert parse_typed_date(_typed(style, day), TODAY) == day


@given(st.dates(date(1947, 1, 1), date(2046, 12, 31)), st.sampled_from(TWO_DIGIT_STYLES))
def test_two_digit_years_read_within_the_hundred_years_ending_20_ahead(day: date,
                                                                       style: str) -> None:
    assert parse_typed_date(_typed(style, day), TODAY) == day


@given(st.dates(date(1900, 1, 1), date(2999, 12, 31)))
def test_the_shown_form_reads_back(day: date) -> None:
    assert parse_typed_date(format_date(day), TODAY) == day


@given(st.times())
def test_times_in_each_style_read_back(moment: time) -> None:
    moment = moment.replace(second=0, microsecond=0)
    for typed in (format_time(moment), f"{moment.hour}:{moment.minute:02d}",
                  f"{moment.hour:02d}{moment.minute:02d}", f"{moment.hour}.{moment.minute:02d}"):
        assert parse_typed_time(typed) == moment


@given(st.text(max_size=14))
def test_junk_is_refused_never_coerced(text: str) -> None:
    try:
        parsed = parse_typed_date(text, TODAY)
    except TypedValueError as error:
        assert "dd/mm/yyyy" in str(error)
        return
    if parsed is None:
        assert not text.strip()
        return
    # Whatever was accepted has every digit group of the typed text in it.
    digits = "".join(ch for ch in text if ch.isdigit())
    assert str(parsed.day) in digits and str(parsed.month) in digits


@pytest.mark.parametrize("typed, expected", [
    ("14/03/1988", date(1988, 3, 14)), ("21/06/2019", date(2019, 6, 21)),
    ("01/12/2026", date(2026, 12, 1)), ("14031988", date(1988, 3, 14)),
    ("4/3/88", date(1988, 3, 4)), ("30/11/26", date(2026, 11, 30)),
    ("1988-03-14", date(1988, 3, 14)), ("", None), ("   ", None),
])
def test_the_issues_examples(typed: str, expected: date | None) -> None:
    assert parse_typed_date(typed, TODAY) == expected


@pytest.mark.parametrize("typed", [
    "30", "3/0/2026", "32/01/2026", "29/02/2025", "14/03", "1403198", "14/13/1988",
    "14/03/198", "today", "14//03/1988", "14/03/1988x", "0/1/2020", "01/01/1899",
    "١٤/٠٣/١٩٨٨", "1988-3-14T",
])
def test_incomplete_or_impossible_dates_are_refused(typed: str) -> None:
    with pytest.raises(TypedValueError):
        parse_typed_date(typed, TODAY)


@pytest.mark.parametrize("typed", ["24:00", "12:60", "1", "12", "12345", "12:5", "noon",
                                   "12:05pm", "-1:00"])
def test_impossible_times_are_refused(typed: str) -> None:
    with pytest.raises(TypedValueError):
        parse_typed_time(typed)


def test_two_digit_year_pivot() -> None:
    assert full_year("46", TODAY) == 2046
    assert full_year("47", TODAY) == 1947
    assert full_year("00", TODAY) == 2000
