"""Checks on single values: right type, right shape, no hostile text.

Values are JSON-compatible (see the package docstring).  Each check returns
plain-English messages; an empty list means the value is acceptable.  None
of these functions raise on any input.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.domain.forms.model import Field, FieldKind

LONDON = ZoneInfo("Europe/London")

#: Clock skew tolerated before an instant counts as "in the future".
FUTURE_TOLERANCE = timedelta(minutes=10)

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})"
)
# C0 and C1 control characters (Unicode category Cc).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_LONG = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Lone surrogates cannot be encoded as UTF-8, so they can never be stored.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


#: Kinds stored as text and checked by ``text_messages``.
TEXT_KINDS = frozenset({FieldKind.TEXT, FieldKind.LONG_TEXT, FieldKind.OFFENCE})


def text_messages(field: Field, value: Any, label: str) -> list[str]:
    """TEXT / LONG_TEXT / OFFENCE: a str, no control characters, within the length limit."""
    if not isinstance(value, str):
        return [f"{label} must be text."]
    out: list[str] = []
    bad = _SURROGATE.search(value)
    if bad:
        out.append(
            f"{label} contains an invalid character ({_code(bad.group())}) that cannot be "
            "stored. Please retype the text."
        )
    control = _CONTROL_LONG if field.kind is FieldKind.LONG_TEXT else _CONTROL
    bad = control.search(value)
    if bad:
        allowed = (
            " Only line breaks and tabs are allowed."
            if field.kind is FieldKind.LONG_TEXT
            else " Line breaks are not allowed here."
        )
        out.append(
            f"{label} contains a control character ({_code(bad.group())}) that cannot be "
            f"stored.{allowed}"
        )
    limit = field.effective_max_length
    if limit is not None and len(value) > limit:
        out.append(
            f"{label} is too long: {len(value)} characters, the most allowed is {limit}."
        )
    if field.pattern and not out and value.strip() and not re.fullmatch(field.pattern, value):
        out.append(f"{label} must be {field.pattern_hint or 'in the expected format'}.")
    return out


def parse_date(value: Any) -> date | None:
    """A real calendar date written YYYY-MM-DD, or None."""
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 instant with an explicit UTC offset, or None."""
    if not isinstance(value, str) or not _DATETIME_RE.fullmatch(value):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def date_messages(value: Any, label: str) -> list[str]:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        return [f"{label} must be a date written as YYYY-MM-DD."]
    if parse_date(value) is None:
        return [f"{label} is not a real calendar date."]
    return []


def datetime_messages(value: Any, label: str) -> list[str]:
    if not isinstance(value, str) or not _DATETIME_RE.fullmatch(value):
        return [
            f"{label} must be a date and time written as YYYY-MM-DDTHH:MM:SS with a UTC "
            "offset, e.g. 2026-11-28T14:05:00+00:00."
        ]
    parsed = parse_datetime(value)
    if parsed is None:
        return [f"{label} is not a real date and time."]
    if parsed.utcoffset() != timedelta(0):
        return [f"{label} must be stored in UTC (offset +00:00)."]
    return []


def to_utc_iso(moment: datetime) -> str:
    """The stored form of an aware datetime: UTC, ISO 8601, seconds precision."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: give a timezone")
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def shape_messages(field: Field, value: Any, label: str) -> list[str]:
    """Type/shape problems of a non-empty scalar value (PERSON/GROUP excluded)."""
    kind = field.kind
    if kind in TEXT_KINDS:
        return text_messages(field, value, label)
    if kind is FieldKind.DATE:
        return date_messages(value, label)
    if kind is FieldKind.DATETIME:
        return datetime_messages(value, label)
    if kind in (FieldKind.YES_NO, FieldKind.TICK):
        if not isinstance(value, bool):
            return [f"{label} must be answered yes or no."]
        return []
    if kind is FieldKind.CHOICE:
        if not isinstance(value, str) or value not in field.choice_values():
            return [f"{label} must be one of the listed options."]
        return []
    if kind is FieldKind.MULTI_CHOICE:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [f"{label} must be a list of the listed options."]
        if any(v not in field.choice_values() for v in value):
            return [f"{label} contains an option that is not on the list."]
        if len(set(value)) != len(value):
            return [f"{label} lists the same option twice."]
        return []
    return []


def _age_on(born: date, today: date) -> int:
    years = today.year - born.year
    if (today.month, today.day) < (born.month, born.day):
        years -= 1
    return years


def sense_messages(field: Field, value: Any, label: str, now: datetime) -> list[str]:
    """Problems of a well-shaped value that make no sense (future dates, ages)."""
    out: list[str] = []
    if field.kind is FieldKind.DATE:
        parsed = parse_date(value)
        if parsed is None:
            return out
        today = now.astimezone(LONDON).date()
        if field.not_future and parsed > today:
            out.append(f"{label} cannot be in the future.")
        elif field.max_age_years is not None and _age_on(parsed, today) > field.max_age_years:
            if field.max_age_years < 18:
                out.append(
                    f"{label} gives an age of 18 or over; the scheme is about children "
                    "under 18 (¶4.6)."
                )
            else:
                out.append(
                    f"{label} gives an age over {field.max_age_years} years. "
                    "Please check the date."
                )
    elif field.kind is FieldKind.DATETIME and field.not_future:
        moment = parse_datetime(value)
        if moment is not None and moment > now + FUTURE_TOLERANCE:
            out.append(f"{label} cannot be in the future.")
    return out
