"""A case's chronology: what happened on it, from every record, in time order.

Plain data: each source (stage records, sign-offs, referrals, contacts, notes,
printed documents, extensions, immediate-risk records, later tasks) turns its
records into ``ChronologyEntry`` items; ``merge`` puts them in one time order.
Events known only by their date (a referral's date sent) sort at the start of
that UK day and are shown without a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from app.domain.timescales import LONDON


class EventKind(StrEnum):
    OPENED = "opened"
    STAGE = "stage"
    DECISION = "decision"
    SIGNOFF = "signoff"
    REFERRAL = "referral"
    CONTACT = "contact"
    NOTE = "note"
    DOCUMENT = "document"
    EXTENSION = "extension"
    RISK = "risk"
    TASK = "task"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    EventKind.OPENED: "Case opened",
    EventKind.STAGE: "Stage completed",
    EventKind.DECISION: "Decision",
    EventKind.SIGNOFF: "Sign-off",
    EventKind.REFERRAL: "Referral",
    EventKind.CONTACT: "Contact",
    EventKind.NOTE: "Note",
    EventKind.DOCUMENT: "Document printed",
    EventKind.EXTENSION: "Extension",
    EventKind.RISK: "Immediate risk",
    EventKind.TASK: "Task",
    EventKind.CLOSED: "Case closed",
}


@dataclass(frozen=True)
class ChronologyEntry:
    at: datetime  # timezone-aware
    kind: EventKind
    title: str
    detail: str = ""
    by: str = ""
    date_only: bool = False

    def when_text(self) -> str:
        """"02 Dec 2025 14:05" (UK time), or "02 Dec 2025" for a date-only event."""
        local = self.at.astimezone(LONDON)
        return f"{local:%d %b %Y}" if self.date_only else f"{local:%d %b %Y %H:%M}"


def start_of_day(day: date) -> datetime:
    """The UK start of ``day``, for events known only by their date."""
    return datetime.combine(day, time(0, 0), tzinfo=LONDON)


def merge(entries: Iterable[ChronologyEntry]) -> list[ChronologyEntry]:
    """All entries in time order; entries at the same instant keep their source order."""
    return sorted(entries, key=lambda e: e.at)
