"""Entering the events the key file holds into the audit trail, at a key holder's sign-in.

The key file is writable by anyone who can reach the unit folder, so its events are
checked before they are entered (#13 item 3, app/security/pending_events.py): only an
action a session without the database key can cause, never about a case (an
administrator has no case access); text the text policy allows, capped; a time not in
the future and not before the unit was created; an administrator's event signed by
that administrator's own key (checked against the signed account records in the
database); a failed sign-in unsigned only as a plain failed sign-in (no entity, one of
the fixed sentences); a signed event only of this unit and only once (its signed
one-time number is recorded in the row that enters it, ``[event <nonce>]``, and an
event whose number is already there is a replay). Whatever fails is not entered: one
audit row says how many events were refused, and why.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from app import settings
from app.clock import from_iso
from app.domain import text_policy
from app.domain.enums import AuditAction
from app.errors import CsodsError
from app.security import keyfile as kf
from app.security import pending_events, records
from app.security.signing import KeySigner, unb64
from app.services import account_trust
from app.storage import audit_repo, settings_repo
from app.storage.connection import Connection

#: Clocks of two workstations sharing a unit folder may differ a little.
CLOCK_SKEW = timedelta(minutes=10)
DETAIL_LIMIT = 1000
ENTITY_LIMIT = text_policy.Limit.LINE
ACTOR_LIMIT = 64


class _Refused(Exception):
    """Why one event is not entered (a few words)."""


def flush(conn: Connection, keyfile: kf.KeyFile, signer: KeySigner, now: datetime) -> int:
    """Enter the key file's events, signed by the user signing in; clear the list.
    Returns how many were refused. The caller holds the write transaction.

    A row is signed by its actor; so an event another person caused (an
    administrator's, who holds no database key) is entered in the signer's name and
    says whose it was. Plain failed sign-ins keep the name that failed."""
    keys = account_trust.load(conn, keyfile.unit_id).signing_keys()
    created = settings_repo.read(conn, settings.CREATED_AT)
    earliest = _instant(created) if created else None
    refused: Counter[str] = Counter()
    waiting: list[dict[str, Any]] = []
    entered: set[str] = set()
    for event in keyfile.pending_audit:
        try:
            _once(conn, event, keyfile.unit_id, entered)
            at = _check(event, keys, now, earliest)
        except _Refused as why:
            if _awaits_its_record(event, keyfile):
                waiting.append(event)
            else:
                refused[str(why)] += 1
            continue
        _enter(conn, event, at, signer)
        entered.add(str(pending_events.nonce(event)))
    keyfile.pending_audit[:] = waiting
    total = sum(refused.values())
    if total:
        reasons = "; ".join(f"{count} {why}" for why, count in sorted(refused.items()))
        audit_repo.append(conn, at=now, actor=signer.name, action=AuditAction.MAINTENANCE,
                          entity="key-file",
                          detail=f"{total} event(s) in the key file were refused and not "
                                 f"entered in the audit trail: {reasons}", signer=signer)
    return total


def _awaits_its_record(event: dict[str, Any], keyfile: kf.KeyFile) -> bool:
    """Signed with a key that an administrator's record awaiting entry names (a unit
    carried over from release 0.1: the signing key is added at the administrator's first
    sign-in and entered by the next key holder, just after the events): kept for the
    next sign-in rather than refused."""
    pending = keyfile.pending.get(str(event.get("actor")))
    if pending is None:
        return False
    try:
        key = records.SignedRecord(pending.record, tuple(pending.signatures)).record.sign
        return pending_events.signature_holds(event, {unb64(key)})
    except (CsodsError, ValueError, KeyError, TypeError):
        return False


def _instant(text: str) -> datetime | None:
    try:
        return from_iso(text)
    except (ValueError, TypeError):
        return None


def _once(conn: Connection, event: dict[str, Any], unit_id: str, entered: set[str]) -> None:
    """A signed event must be of this unit and not entered before (by its one-time
    number, signed with it); else _Refused. Unsigned events are left to :func:`_check`."""
    if "sig" not in event:
        return
    number = pending_events.nonce(event)
    if number is None:
        raise _Refused("signed without a one-time number (written by an earlier build)")
    if event.get("unit") != unit_id:
        raise _Refused("of another unit")
    if number in entered or audit_repo.has_entered(
            conn, str(event.get("action")), _entity(event), _entered_details(event, number)):
        raise _Refused("already entered (a replayed copy)")


def _entity(event: dict[str, Any]) -> str | None:
    entity = event.get("entity")
    return entity if isinstance(entity, str) else None


def _entered_details(event: dict[str, Any], number: str) -> tuple[str, ...]:
    """The details a row entering this signed event has, whoever signed in to enter it:
    its own words when its actor entered it, else saying whose it was; each ending with
    its one-time number (:func:`_enter` writes them; a replay is found by these exact
    details, with the event's action and entity, never by text merely containing it)."""
    words = f"{event.get('detail') or event.get('action')}"
    mark = pending_events.entered_mark(number)
    return (f"{words} {mark}",
            f"{words} (by {event.get('actor')}, recorded in the key file) {mark}")


def _check(event: dict[str, Any], keys: dict[str, set[bytes]], now: datetime,
           earliest: datetime | None) -> datetime:
    """The event's time when it may be entered; else _Refused with the reason."""
    action, actor = event.get("action"), event.get("actor")
    entity, detail = event.get("entity"), event.get("detail")
    if action not in pending_events.KEYLESS_ACTIONS:
        raise _Refused("not an action a sign-in without the database key can cause")
    if isinstance(entity, str) and entity.strip().lower().startswith("case:"):
        raise _Refused("about a case, which no one without the database key can touch")
    for value, limit in ((actor, ACTOR_LIMIT), (entity, ENTITY_LIMIT),
                         (detail, DETAIL_LIMIT)):
        if value is not None and text_policy.problem(value, "text", limit) is not None:
            raise _Refused("with text the text policy refuses, or too long")
    at = _instant(str(event.get("at")))
    if at is None or at.tzinfo is None:
        raise _Refused("without a readable time")
    if at > now + CLOCK_SKEW or (earliest is not None and at < earliest - CLOCK_SKEW):
        raise _Refused("dated in the future or before the unit was created")
    if "sig" not in event and pending_events.is_plain_failed_sign_in(action, entity, detail):
        return at
    if not isinstance(actor, str) or not pending_events.signature_holds(
            event, keys.get(actor, set())):
        raise _Refused("not signed by the account they name")
    return at


def _enter(conn: Connection, event: dict[str, Any], at: datetime, signer: KeySigner) -> None:
    actor = event.get("actor")
    action = str(event["action"])
    entity, detail = event.get("entity"), event.get("detail")
    number = pending_events.nonce(event)
    if "sig" in event:
        theirs = actor not in (None, signer.name)
        if number is not None:
            detail = _entered_details(event, number)[1 if theirs else 0]
        elif theirs:
            detail = f"{detail or action} (by {actor}, recorded in the key file)"
        if theirs:
            actor = signer.name
    audit_repo.append(conn, at=at, actor=actor, action=action, entity=entity, detail=detail,
                      signer=signer)
