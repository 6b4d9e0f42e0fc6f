"""Reads of case lists are audited as consultations (DPA 2018 s.62), without flooding.

A list of cases shows the surnames of every case on it, so listing is a
consultation. One audit row is written per *distinct* query in a sitting (from
sign-in or unlock to lock or sign-out): paging through windows of the same query,
re-sorting it, or refreshing it after a change is the same consultation, not a new
one. A new filter, a new search text or a new scope (my cases / the whole unit) is.

The memory of what was listed belongs to the session's connection (a sitting: a
new connection on sign-in, on unlock and in a worker) and holds only a hash of
the query, never the text searched for. The audit row names the filters, never the
search text (which may be a person's name).
"""

from __future__ import annotations

import hashlib
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

from app.domain.enums import AuditAction
from app.services.session import Session

REMEMBERED = 256  # distinct queries remembered per sitting (the oldest are forgotten)


@dataclass
class _Sitting:
    connection: int  # id() of the session's connection when these were recorded
    seen: OrderedDict[str, None] = field(default_factory=OrderedDict)
    # Ids of the cases an audited consultation of this sitting returned: reading their
    # list columns (surnames) again, window by window, is the same consultation.
    listed: set[int] = field(default_factory=set)


_SITTINGS: weakref.WeakKeyDictionary[Session, _Sitting] = weakref.WeakKeyDictionary()


def query_key(*parts: object) -> str:
    """A stable hash of what defines a query (filters, text, scope; not sort or window)."""
    return hashlib.sha256(repr(parts).encode("utf-8", "backslashreplace")).hexdigest()


def already_recorded(session: Session, key: str) -> bool:
    sitting = _SITTINGS.get(session)
    return (sitting is not None and sitting.connection == id(session.conn)
            and key in sitting.seen)


def record_once(session: Session, key: str, *, entity: str, detail: str) -> bool:
    """Write one CONSULT row for this query unless this sitting already has; True if
    a row was written."""
    if already_recorded(session, key):
        return False
    session.record(AuditAction.CONSULT, entity=entity, detail=detail)
    sitting = _sitting(session)
    sitting.seen[key] = None
    while len(sitting.seen) > REMEMBERED:
        sitting.seen.popitem(last=False)
    return True


def _sitting(session: Session) -> _Sitting:
    sitting = _SITTINGS.get(session)
    if sitting is None or sitting.connection != id(session.conn):
        sitting = _Sitting(id(session.conn))
        _SITTINGS[session] = sitting
    return sitting


def remember_listed(session: Session, case_ids: list[int]) -> None:
    """These cases were returned by a consultation already audited in this sitting."""
    _sitting(session).listed.update(case_ids)


def not_yet_listed(session: Session, case_ids: list[int]) -> list[int]:
    """The ids no audited consultation of this sitting returned (in the order given)."""
    sitting = _SITTINGS.get(session)
    if sitting is None or sitting.connection != id(session.conn):
        return list(case_ids)
    return [i for i in case_ids if i not in sitting.listed]
