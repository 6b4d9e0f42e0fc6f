"""Audit events kept in the key file until a key holder enters them in the trail.

The key file is plain JSON that anyone who can reach the unit folder can edit, so an
event in it is believed only as far as it can be checked (#13 item 3):

* an event of a signed-in person without the database key (an administrator) is
  signed with that person's own signing key when it is written
  (:func:`signed_event`); it is entered only if the signature is theirs;
* a signed event names the unit and carries a one-time number (``nonce``), both inside
  the signature: it is entered once, in this unit only (app/services/pending_audit.py
  records ``[event <nonce>]`` in the row it enters and refuses a nonce already there);
* a failed sign-in comes from someone not signed in and cannot be signed: it is
  entered only as what it is, a failed sign-in, with no entity and one of the fixed
  sentences the sign-in gate writes (:data:`FAILED_SIGN_IN_DETAILS`).
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from typing import Any

from app.clock import to_iso
from app.domain.enums import AuditAction
from app.security.signing import KeySigner, b64, canonical, unb64, verify

#: Every detail an unsigned failed sign-in may carry (app/security/lockout_lock.py and
#: the recovery-code check); an audit row of a failed sign-in signed by someone else
#: than its actor may say nothing more (app/services/audit_signatures.py).
FAILED_SIGN_IN_DETAILS = frozenset({
    "attempt while locked",
    "disabled account",
    "wrong password",
    "unknown user name",
    "wrong recovery code",
})

#: What a session without the database key can cause (an administrator's sign-in, lock,
#: file-copy backup, account preparation, cleared lockout, refusal, failed password
#: change). Nothing that touches a case.
KEYLESS_ACTIONS = frozenset(a.value for a in (
    AuditAction.LOGIN, AuditAction.LOGOUT, AuditAction.LOCK, AuditAction.UNLOCK,
    AuditAction.USER_ADMIN, AuditAction.EXPORT, AuditAction.REFUSED,
    AuditAction.FAILED_LOGIN, AuditAction.MAINTENANCE,
))

_BODY = ("at", "action", "actor", "entity", "detail", "unit", "nonce")
_NONCE = re.compile(r"[0-9a-f]{32}")


def body(event: dict[str, Any]) -> dict[str, Any]:
    """The signed part of an event."""
    return {name: event.get(name) for name in _BODY}


def signed_event(signer: KeySigner, at: datetime, action: str, entity: str | None,
                 detail: str | None, *, unit_id: str) -> dict[str, Any]:
    """An event of ``signer`` (the actor) in unit ``unit_id``, signed with their own key,
    with a fresh one-time number."""
    event: dict[str, Any] = {"at": to_iso(at), "action": str(action), "actor": signer.name,
                             "entity": entity, "detail": detail, "unit": unit_id,
                             "nonce": secrets.token_hex(16)}
    event["key"] = b64(signer.public)
    event["sig"] = signer.sign_data(canonical(body(event)))
    return event


def nonce(event: dict[str, Any]) -> str | None:
    """The event's one-time number when it is one (32 lower-case hex digits)."""
    value = event.get("nonce")
    return value if isinstance(value, str) and _NONCE.fullmatch(value) else None


def entered_mark(value: str) -> str:
    """What the audit row entering the event with one-time number ``value`` says."""
    return f"[event {value}]"


def failed_sign_in(at: datetime, actor: str | None, detail: str) -> dict[str, Any]:
    """An unsigned failed sign-in (nobody is signed in to sign it)."""
    return {"at": to_iso(at), "action": AuditAction.FAILED_LOGIN.value, "actor": actor,
            "detail": detail}


def signature_holds(event: dict[str, Any], keys: set[bytes]) -> bool:
    """True when the event carries a signature, over its body, by one of ``keys``."""
    try:
        key, sig = unb64(str(event["key"])), unb64(str(event["sig"]))
    except (KeyError, ValueError, TypeError):
        return False
    try:
        message = canonical(body(event))
    except (UnicodeEncodeError, TypeError, ValueError):
        return False
    return key in keys and verify(key, sig, message)


def is_plain_failed_sign_in(action: str, entity: str | None, detail: str | None) -> bool:
    """A failed sign-in that says no more than a failed sign-in."""
    return (action == AuditAction.FAILED_LOGIN.value and entity is None
            and detail in FAILED_SIGN_IN_DETAILS)
