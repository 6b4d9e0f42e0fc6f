"""Units made before signed accounts: the unit root and "carried over" records.

A unit made by release 0.1 has no unit root and no account records, so nothing
could vouch for its accounts. At the first sign-in after the upgrade, by any
key holder, this module (docs/SECURITY.md, "Upgrading an older unit"):

1. makes the unit root (Ed25519) and seals its private half to the recovery
   slot's public key, as pinned in the database (sealing needs no secret);
2. in one database transaction: stores the root's public key and its sealed
   private half, signs with the root one "carried over" record per account
   *as the users table has it at that moment* (trust on first use), and
   audits it, signed by the root;
3. wipes the root's private half and brings the key file in line.

The database is written first and holds everything the key file needs, so a
crash between the two is repaired at the next sign-in (``adopt_root``).
Carried-over records name no signing key; each user gets one at their own
next sign-in ("key-added" record, signed by that new key: ``add_signing_key``).
"""

from __future__ import annotations

import json
from datetime import datetime

from app import settings
from app.clock import to_iso
from app.domain.enums import AuditAction
from app.errors import KeyFileError
from app.security import keyfile as kf
from app.security import records
from app.security.crypto import ROOT_SEAL_INFO, SealedKey, seal
from app.security.signing import KeySigner, b64, generate_signing_key, unb64
from app.services import account_trust, slot_pins
from app.storage import audit_repo, settings_repo, users_repo
from app.storage.connection import Connection, transaction

CARRIED_OVER = "carried-over"
KEY_ADDED = "key-added"


def _wipe(secret: bytearray) -> None:
    for index in range(len(secret)):
        secret[index] = 0


def needed(conn: Connection) -> bool:
    """True for a unit whose database has no unit root yet (made by release 0.1)."""
    return not account_trust.root_public(conn)


def create_root(conn: Connection, keyfile: kf.KeyFile, by: str, now: datetime) -> int:
    """Make the root and carry every account over; returns how many. ``by`` is the
    user signing in (named in the audit row). The key file is updated in memory;
    the caller saves it after this returns."""
    recovery = keyfile.slots.get(kf.RECOVERY_SLOT)
    if recovery is None:
        raise KeyFileError("The key file has no recovery slot, so the unit root cannot be made; "
                           "nothing was changed. Restore the key file from a backup.")
    private_raw, public = generate_signing_key()
    private = bytearray(private_raw)
    try:
        signer = KeySigner(records.ROOT, bytes(private))
        with transaction(conn):
            # The recovery slot must be the one the database knows (pinned on first use
            # for the oldest units): never seal the root to a slot swapped into the file.
            slot_pins.require(conn, kf.RECOVERY_SLOT, recovery.public)
            sealed = seal(bytes(private), recovery.public, ROOT_SEAL_INFO)
            account_trust.set_root_public(conn, public)
            settings_repo.write(conn, settings.ROOT_SEALED, _sealed_text(sealed))
            keyfile.root_public, keyfile.root_sealed = public, sealed
            count = 0
            for row in users_repo.all_users(conn):
                enc = users_repo.public_key(conn, row.username)
                if not enc:
                    slot = keyfile.slots.get(row.username)
                    enc = b64(slot.public) if slot is not None else ""
                    if slot is not None:
                        slot_pins.pin(conn, row.username, slot.public)
                rec = records.AccountRecord(
                    keyfile.unit_id, row.username, row.role.value,
                    records.ACTIVE if row.active else records.DISABLED, enc, "", 1,
                    to_iso(now), CARRIED_OVER)
                signed = records.SignedRecord(rec.text(), ()).signed_by(signer)
                account_trust.store(conn, signed, row.display_name, keyfile, to_iso(now))
                count += 1
            audit_repo.append(
                conn, at=now, actor=records.ROOT, action=AuditAction.MAINTENANCE, entity="unit",
                detail=f"unit root created at {by}'s first sign-in after the upgrade; {count} "
                       "account(s) carried over as the users table had them (trust on first "
                       "use); the root's private half is sealed to the recovery slot",
                signer=signer)
    finally:
        _wipe(private)
    return count


def store_sealed_root(conn: Connection, keyfile: kf.KeyFile) -> None:
    """Keep the key file's sealed root in the database too (a new unit, at ``init``)."""
    if keyfile.root_sealed is not None:
        settings_repo.write(conn, settings.ROOT_SEALED, _sealed_text(keyfile.root_sealed))


def adopt_root(conn: Connection, keyfile: kf.KeyFile) -> bool:
    """A key file without the root the database has (a crash after the database was
    written): copy the root and the record mirror into it. True when it changed."""
    if keyfile.root_public:
        return False
    text = settings_repo.read(conn, settings.ROOT_SEALED)
    public = account_trust.root_public(conn)
    if not text or not public:
        return False
    keyfile.root_public, keyfile.root_sealed = public, _sealed_from_text(text)
    accounts = account_trust.load(conn, keyfile.unit_id)
    for username, index in accounts.newest.items():
        keyfile.accounts[username] = accounts.signed[index].to_dict()
    return True


def add_signing_key(conn: Connection, keyfile: kf.KeyFile, username: str, slot: kf.Slot,
                    signer: KeySigner, now: datetime) -> bool:
    """A carried-over account whose slot now has a signing key: enter the "key-added"
    record (the same record with the key, signed by it). True when one was added.
    Must run inside the caller's transaction."""
    accounts = account_trust.load(conn, keyfile.unit_id)
    found = accounts.current(username)
    if found is None or not found[1] or not slot.sign_public:
        return False
    rec = found[0].record
    if rec.sign or rec.enc != b64(slot.public) or signer.public != slot.sign_public:
        return False
    new = records.AccountRecord(rec.unit, rec.user, rec.role, rec.status, rec.enc,
                                b64(slot.sign_public), rec.version + 1, to_iso(now), KEY_ADDED)
    signed = records.SignedRecord(new.text(), ()).signed_by(signer)
    row = users_repo.by_username(conn, username)
    account_trust.store(conn, signed, row.display_name if row else "", keyfile, to_iso(now))
    return True


def _sealed_text(sealed: SealedKey) -> str:
    return json.dumps({"ephemeral_public": b64(sealed.ephemeral_public),
                       "nonce": b64(sealed.nonce), "ciphertext": b64(sealed.ciphertext)})


def _sealed_from_text(text: str) -> SealedKey:
    data = json.loads(text)
    return SealedKey(unb64(data["ephemeral_public"]), unb64(data["nonce"]),
                     unb64(data["ciphertext"]))
