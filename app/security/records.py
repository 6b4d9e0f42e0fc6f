"""Signed account records: who holds which role and which keys (docs/SECURITY.md).

An account record is canonical JSON of (unit, user, role, status, public keys,
version, time, basis). It is valid when it carries the signatures its kind
needs, by keys that are themselves vouched for by valid records, back to the
unit root (whose private half only the recovery code opens):

* any record signed by the unit root;
* an officer's or supervisor's record: an administrator's signature (who
  prepared it) and a supervisor's (who approved it), two different people,
  neither of them the account itself. The administrator signs the *request
  view* (the record with both public keys empty: unit, user, role, status,
  version, time, basis); the supervisor signs the full record, keys included;
* an administrator's record: another administrator's signature; but when the
  account's previous record held an officer's or supervisor's role, a supervisor's
  too (giving up a case role is a role change a second person approves);
* a record that disables an account: one administrator or supervisor;
* "key-added": the next version of a record carried over from release 0.1
  with no signing key, identical but for the signing key, signed by that key.

The database key alone forges none of these: editing a role, a status or a
key in the database leaves a record whose signatures no longer match.

Why the administrator signs no keys (issue 13 item 1). The keys of an officer's
or supervisor's slot are made at approval, from a password the person types at
the supervisor's side, so no administrator ever knows a password whose slot holds
the database key. The administrator's signature over the request view says who
may have which role; only the approver's signature, over the full text, says
which keys. That opens no forgery: (1) an administrator cannot choose the keys,
because without a supervisor's (or the root's) signature over the exact keys the
record is not valid, and the supervisor's application makes fresh keys itself
and refuses a prepared record that names keys an administrator chose
(app/services/approvals.py); (2) an officer holding the database key can sign
neither part; (3) the approver, who can fill in any keys, already holds the
database key and is the one who approves. What remains: an approver holding an
administrator's request signature could sign a second record of the *same*
version naming other keys; the (user, version) pair is unique in the database,
so it must replace the approved one with sqlcipher3, and the account's owner is
then refused at sign-in (their slot is not the one the record names).
Backward compatibility: records signed before this change carry the
administrator's signature over the full text; it is accepted too (every unit
made by an earlier release and its fixtures).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from app.security.signing import KeySigner, b64, canonical, sign, signing_public, unb64, verify

ROOT = "*root*"
ACTIVE = "active"
DISABLED = "disabled"
CASE_ROLES = ("officer", "supervisor")


@dataclass(frozen=True)
class AccountRecord:
    unit: str
    user: str
    role: str
    status: str
    enc: str  # X25519 public key (base64): the slot that receives the database key
    sign: str  # Ed25519 public key (base64); "" for an account carried over from 0.1
    version: int
    at: str
    basis: str  # prepared | carried-over | key-added | disabled | created

    def text(self) -> str:
        return canonical(asdict(self)).decode("utf-8")

    @classmethod
    def parse(cls, text: str) -> AccountRecord:
        data = json.loads(text)
        return cls(str(data["unit"]), str(data["user"]), str(data["role"]),
                   str(data["status"]), str(data["enc"]), str(data["sign"]),
                   int(data["version"]), str(data["at"]), str(data["basis"]))


def readable(text: str) -> AccountRecord | None:
    """The account record in ``text``, or None when it cannot be read (an altered key
    file: the caller skips it and says so rather than failing every sign-in)."""
    try:
        return AccountRecord.parse(text)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


@dataclass(frozen=True)
class SignedRecord:
    text: str
    signatures: tuple[dict[str, str], ...]

    @property
    def record(self) -> AccountRecord:
        return AccountRecord.parse(self.text)

    def with_signature(self, by: str, private: bytes) -> SignedRecord:
        return replace(self, signatures=(*self.signatures, signature(self.text, by, private)))

    def signed_by(self, signer: KeySigner) -> SignedRecord:
        entry = {"by": signer.name, "key": b64(signer.public),
                 "sig": signer.sign_data(self.text.encode("utf-8"))}
        return replace(self, signatures=(*self.signatures, entry))

    def to_dict(self) -> dict[str, Any]:
        return {"record": self.text, "signatures": list(self.signatures)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignedRecord:
        return cls(str(data["record"]), tuple(dict(s) for s in data["signatures"]))


def signature(text: str, by: str, private: bytes) -> dict[str, str]:
    return {"by": by, "key": b64(signing_public(private)),
            "sig": b64(sign(private, text.encode("utf-8")))}


def request_text(rec: AccountRecord) -> str:
    """What an administrator signs for an officer's or supervisor's record: the record
    with no keys (the approver makes them, from the person's own password)."""
    return replace(rec, enc="", sign="").text()


def is_request(rec: AccountRecord) -> bool:
    """A prepared record whose keys the approval makes (a new account or password)."""
    return rec.status == ACTIVE and rec.enc == "" and rec.sign == ""


def good_signers(signed: SignedRecord, text: str | None = None) -> list[tuple[str, str]]:
    """(by, key) of every signature that verifies over the record text (or ``text``)."""
    data = (signed.text if text is None else text).encode("utf-8")
    good = []
    for entry in signed.signatures:
        try:
            key, sig = unb64(entry["key"]), unb64(entry["sig"])
        except (KeyError, ValueError, TypeError):
            continue
        if verify(key, sig, data):
            good.append((str(entry.get("by", "")), entry["key"]))
    return good


class _Trust:
    """Which keys are vouched for, and for whom. A key's roles are those of every valid
    active record naming it (an officer promoted to supervisor keeps their keys, so the
    key holds both roles). A key whose account was later demoted or disabled keeps
    counting for record validity: the application checks the signer's *current* role
    when they act (sign-in, ``authorise``), and a unit re-encrypts after demoting or
    disabling a supervisor (docs/SECURITY.md)."""

    def __init__(self, root_public: bytes) -> None:
        self.root = b64(root_public) if root_public else ""
        self.keys: dict[str, tuple[str, set[str]]] = {}  # signing key -> (user, roles)

    def vouch(self, key: str, user: str, role: str) -> None:
        holder = self.keys.setdefault(key, (user, set()))
        if holder[0] == user:  # a key is one person's: the first record naming it says whose
            holder[1].add(role)

    def roles_of(self, by: str, key: str) -> set[str]:
        if by == ROOT:
            return {ROOT} if self.root and key == self.root else set()
        holder = self.keys.get(key)
        return set(holder[1]) if holder is not None and holder[0] == by else set()


def _satisfied(rec: AccountRecord, signers: list[tuple[str, str]], trust: _Trust,
               earlier: dict[tuple[str, int], AccountRecord],
               requesters: list[tuple[str, str]] | None = None,
               prior_role: str | None = None) -> bool:
    """``signers`` signed the full text; ``requesters`` the request view (counted only
    as an administrator's signature on an officer's or supervisor's record).
    ``prior_role``: the role of the account's previous record, if any; an account that
    held a case role is given another role only with a supervisor's approval too."""
    roles = {(by, role) for by, key in signers if by != rec.user
             for role in trust.roles_of(by, key)}
    if any(role == ROOT for _by, role in roles):
        return True
    if rec.status == DISABLED:
        return any(role in ("administrator", "supervisor") for _by, role in roles)
    if rec.basis == "key-added":
        before = earlier.get((rec.user, rec.version - 1))
        return (before is not None and not before.sign and rec.sign != ""
                and replace(before, sign=rec.sign, version=rec.version, at=rec.at,
                            basis=rec.basis) == rec
                and (rec.user, rec.sign) in signers)
    admins = {by for by, role in roles if role == "administrator"}
    if rec.role == "administrator" and prior_role not in CASE_ROLES:
        return bool(admins)
    admins |= {by for by, key in requesters or () if by != rec.user
               and "administrator" in trust.roles_of(by, key)}
    supervisors = {by for by, role in roles if role == "supervisor"}
    return bool(admins) and bool(supervisors) and len(admins | supervisors) >= 2


def valid_indexes(records: Iterable[SignedRecord], unit_id: str, root_public: bytes) -> set[int]:
    """Which records (by position) are valid, trust growing from the root to a fixed point."""
    items: list[tuple[SignedRecord, AccountRecord | None]] = []
    for signed in records:
        try:
            items.append((signed, signed.record))
        except (ValueError, KeyError, TypeError):
            items.append((signed, None))
    signers = [good_signers(s) for s, _ in items]
    requesters = [good_signers(s, request_text(rec))
                  if rec is not None and rec.role in CASE_ROLES and rec.status == ACTIVE
                  and (rec.enc or rec.sign) else [] for s, rec in items]
    prior = {(rec.user, rec.version + 1): rec.role for _s, rec in items
             if rec is not None and rec.unit == unit_id}
    trust = _Trust(root_public)
    valid: set[int] = set()
    earlier: dict[tuple[str, int], AccountRecord] = {}
    changed = True
    while changed:
        changed = False
        for i, (_signed, rec) in enumerate(items):
            if i in valid or rec is None or rec.unit != unit_id:
                continue
            if _satisfied(rec, signers[i], trust, earlier, requesters[i],
                          prior.get((rec.user, rec.version))):
                valid.add(i)
                changed = True
                earlier[(rec.user, rec.version)] = rec
                if rec.status == ACTIVE and rec.sign:
                    trust.vouch(rec.sign, rec.user, rec.role)
    return valid
