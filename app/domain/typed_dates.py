"""Dates and times as people type them, read exactly or refused (never guessed).

Accepted dates (UK order, day first): ``14/03/1988``, ``14-03-1988``, ``14.03.1988``,
``14 03 1988``, ``4/3/1988``, ``4/3/88``, ``14031988``, ``140388`` and ISO ``1988-03-14``.
A two-digit year is the one in the hundred years ending 20 years from today (in 2026:
00–46 → 2000s, 47–99 → 1900s); the field shows the full date once it is left, so the
reading is always visible.  Accepted times (24-hour clock): ``14:05``, ``14.05``, ``1405``,
``9:05``, ``905``.  Anything else raises ``TypedValueError`` with a sentence saying what
is expected; nothing is ever coerced (no "32" becoming "3", no missing year filled in).

Months (a period chosen by month, e.g. unit figures): ``03/2026``, ``3/26``, ``3-2026``,
``032026``, ISO ``2026-03``, and the month's name ``Mar 2026``, ``March 26``, ``mar-2026``.
Years: ``2024``, ``24`` and a financial year written ``2024/25`` (read as its first year).
"""

from __future__ import annotations

import re
from datetime import date, time

DATE_HINT = "Type the date as dd/mm/yyyy, e.g. 14/03/1988 (or 14031988, 14/3/88)."
MONTH_HINT = "Type the month as mm/yyyy or its name, e.g. 03/2026, 3/26 or Mar 2026."
YEAR_HINT = "Type the year in full, e.g. 2024 (or 24, or 2024/25 for a financial year)."
TIME_HINT = "Type the time as HH:MM on the 24-hour clock, e.g. 14:05 (or 1405)."

#: Two-digit years are read within the hundred years ending this far ahead of today.
PIVOT_YEARS_AHEAD = 20
EARLIEST_YEAR = 1900
LATEST_YEAR = 2999

_SEPARATED = re.compile(r"([0-9]{1,2})[/.\- ]([0-9]{1,2})[/.\- ]([0-9]{2}|[0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DIGITS = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{2}|[0-9]{4})")
_MONTH_SEPARATED = re.compile(r"([0-9]{1,2})[/.\- ]([0-9]{2}|[0-9]{4})")
_MONTH_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_MONTH_DIGITS = re.compile(r"([0-9]{2})([0-9]{4})")
_MONTH_NAMED = re.compile(r"([a-z]+)\.?[ ,/\-]*([0-9]{2}|[0-9]{4})")
_YEAR = re.compile(r"([0-9]{2}|[0-9]{4})")
_FINANCIAL_YEAR = re.compile(r"([0-9]{4})[/\-]([0-9]{2}|[0-9]{4})")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
_TIME_SEPARATED = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")
_TIME_DIGITS = re.compile(r"([0-9]{1,2})([0-9]{2})")


class TypedValueError(ValueError):
    """What was typed is not a date (or time); the message says what is expected."""


def full_year(typed: str, today: date) -> int:
    """The year meant by ``typed`` (two or four digits)."""
    year = int(typed)
    if len(typed) == 4:
        return year
    latest = today.year + PIVOT_YEARS_AHEAD
    year += (latest // 100) * 100
    return year - 100 if year > latest else year


def parse_typed_date(text: str, today: date) -> date | None:
    """The date typed, None when nothing is typed; ``TypedValueError`` otherwise."""
    typed = text.strip()
    if not typed:
        return None
    iso = _ISO.fullmatch(typed)
    if iso is not None:
        year, month, day = iso.group(1), iso.group(2), iso.group(3)
    else:
        match = _SEPARATED.fullmatch(typed) or _DIGITS.fullmatch(typed)
        if match is None:
            raise TypedValueError(f"“{_short(typed)}” is not a date. {DATE_HINT}")
        day, month, year = match.group(1), match.group(2), match.group(3)
    number = full_year(year, today)
    if not EARLIEST_YEAR <= number <= LATEST_YEAR:
        raise TypedValueError(f"{number} is not a year this form can hold. {DATE_HINT}")
    try:
        return date(number, int(month), int(day))
    except ValueError:
        raise TypedValueError(
            f"“{_short(typed)}” is not a real calendar date (day {int(day)}, month "
            f"{int(month)}, year {number}). {DATE_HINT}") from None


def parse_typed_time(text: str) -> time | None:
    """The time typed, None when nothing is typed; ``TypedValueError`` otherwise."""
    typed = text.strip()
    if not typed:
        return None
    match = _TIME_SEPARATED.fullmatch(typed) or _TIME_DIGITS.fullmatch(typed)
    if match is None:
        raise TypedValueError(f"“{_short(typed)}” is not a time. {TIME_HINT}")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise TypedValueError(f"“{_short(typed)}” is not a time of day. {TIME_HINT}")
    return time(hour, minute)


def _month_number(name: str) -> int | None:
    """1-12 for a month's name or its start ("mar", "sept", "march"); None otherwise."""
    if len(name) < 3:
        return None
    for number, full in enumerate(MONTH_NAMES, start=1):
        if full.lower().startswith(name):
            return number
    return None


def parse_typed_month(text: str, today: date) -> date | None:
    """The first day of the month typed, None when nothing is typed;
    ``TypedValueError`` otherwise (a month 13, a name that is no month, no year)."""
    typed = text.strip().lower()
    if not typed:
        return None
    iso = _MONTH_ISO.fullmatch(typed)
    named = _MONTH_NAMED.fullmatch(typed)
    if iso is not None:
        year, month = iso.group(1), int(iso.group(2))
    elif named is not None:
        found = _month_number(named.group(1))
        if found is None:
            raise TypedValueError(f"“{_short(text.strip())}” is not a month. {MONTH_HINT}")
        month, year = found, named.group(2)
    else:
        match = _MONTH_SEPARATED.fullmatch(typed) or _MONTH_DIGITS.fullmatch(typed)
        if match is None:
            raise TypedValueError(f"“{_short(text.strip())}” is not a month. {MONTH_HINT}")
        month, year = int(match.group(1)), match.group(2)
    number = full_year(year, today)
    if not 1 <= month <= 12:
        raise TypedValueError(f"There is no month {month}. {MONTH_HINT}")
    if not EARLIEST_YEAR <= number <= LATEST_YEAR:
        raise TypedValueError(f"{number} is not a year this form can hold. {MONTH_HINT}")
    return date(number, month, 1)


def parse_typed_year(text: str, today: date) -> int | None:
    """The year typed (a financial year "2024/25" gives 2024), None when nothing is typed;
    ``TypedValueError`` otherwise."""
    typed = text.strip()
    if not typed:
        return None
    plain = _YEAR.fullmatch(typed)
    span = _FINANCIAL_YEAR.fullmatch(typed)
    if plain is not None:
        number = full_year(plain.group(1), today)
    elif span is not None:
        number = int(span.group(1))
        second = span.group(2)
        following = int(second) if len(second) == 4 else (number + 1) // 100 * 100 + int(second)
        if following != number + 1:
            raise TypedValueError(f"“{_short(typed)}” is not one year and the next. "
                                  f"{YEAR_HINT}")
    else:
        raise TypedValueError(f"“{_short(typed)}” is not a year. {YEAR_HINT}")
    if not EARLIEST_YEAR <= number <= LATEST_YEAR:
        raise TypedValueError(f"{number} is not a year this form can hold. {YEAR_HINT}")
    return number


def format_month(value: date) -> str:
    """The form a month is shown in: "Mar 2026" (English, whatever the locale)."""
    return f"{MONTH_NAMES[value.month - 1][:3]} {value.year:04d}"


def format_date(value: date) -> str:
    """The form a date is shown in: dd/mm/yyyy."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def format_time(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"
