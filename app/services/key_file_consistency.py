"""Saying "the key file was altered" rather than "the password is not right".

A slot's wrapping is bound to the key file's ``unit_id`` and unit root, and to its own
``aad`` version; editing any of them makes the right password fail like a wrong one.
After a failed unwrap (the Argon2 work already spent), :func:`altered` looks
for what can be told without the database: fields that contradict the signed account
records the key file itself carries, a slot that names the newer wrapping without a
signing key, and (one more unwrap, as ``unit._refuse_if_pending`` does) a slot whose
``aad`` field was lowered. Nothing here says whether a password was right unless the
key file was altered, and then only to someone who typed the right one.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.errors import KeyFileError
from app.security import keyfile as kf
from app.security import records, slots
from app.security.crypto import DecryptionFailed
from app.security.signing import b64


def _contradiction(keyfile: kf.KeyFile, slot: kf.Slot) -> str | None:
    mirrored = [r for m in keyfile.accounts.values()
                if (r := records.readable(str(m.get("record", "")))) is not None]
    if mirrored and all(r.unit != keyfile.unit_id for r in mirrored):
        return "its unit_id is not the unit its accounts belong to"
    root_keys = {str(s.get("key", "")) for m in keyfile.accounts.values()
                 for s in m.get("signatures", []) if isinstance(s, dict)
                 and s.get("by") == records.ROOT}
    if keyfile.root_public and root_keys and b64(keyfile.root_public) not in root_keys:
        return "its root_public is not the unit root that signed its accounts"
    if slot.aad == 2 and not slot.sign_public:
        return "a key slot has lost its signing key"
    return None


def altered(keys_path: Path, keyfile: kf.KeyFile, name: str, slot: kf.Slot,
            password: str) -> KeyFileError | None:
    """The KeyFileError (naming the key file) to raise, when the key file can be told to
    be inconsistent; the caller counts the failed attempt first."""
    what = _contradiction(keyfile, slot)
    if what is None and slot.aad != 2 and keyfile.root_public:
        try:
            slots.open_slot(keyfile, name, replace(slot, aad=2), password)
        except DecryptionFailed:
            return None
        what = "a key slot's aad field was changed"
    if what is None:
        return None
    return KeyFileError(f"The key file {keys_path} was altered or damaged ({what}); "
                        "nothing was opened. Restore the key file from a backup, or ask the "
                        "unit's IT support.")
