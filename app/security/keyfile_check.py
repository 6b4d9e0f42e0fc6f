"""Every field of a key file checked before it is used: a damaged key file never crashes.

The key file is plain JSON that anyone who can reach the unit folder can edit (or
a disk can tear). :func:`check` walks the parsed document and raises
:class:`KeyFileProblem` (a ``ValueError``) naming the first field that is wrong —
never a secret — for a JSON array or number at the top level, a missing key, a
wrong type, bad base64 or a key of the wrong length, a pending audit entry without
a time, or Argon2 parameters outside the pinned bounds (zero, negative, or large
enough to exhaust the workstation's memory or time). ``keyfile.load`` turns the
problem into one line naming the key file and whether its ``.prev`` copy was tried.

Reads both key file formats: 1 (release 0.1) and 2 (signing keys, pending accounts,
witnessed heads); the fields of format 2 are optional so a format 1 file passes.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

# Argon2id bounds. The floor refuses zero and absurd values (the unit's real cost is
# pinned in the encrypted database, slot_pins.store_kdf; the test suite's low-cost
# parameters use 1 MiB); the ceilings keep an edited key file from asking for more
# memory or time than a workstation has.
MEMORY_KIB = (1024, 4 * 1024 * 1024)  # 1 MiB to 4 GiB
TIME_COST = (1, 20)
PARALLELISM = (1, 16)
KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = (16, 64)


class KeyFileProblem(ValueError):
    """What is wrong with a key file, in a few words (no secret, no key material)."""


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise KeyFileProblem(what)


def _dict(value: Any, where: str) -> dict[str, Any]:
    _need(isinstance(value, dict), f"{where} is not a JSON object")
    _need(all(isinstance(k, str) for k in value), f"{where} has a key that is not text")
    return value  # type: ignore[no-any-return]


def _field(data: dict[str, Any], key: str, where: str) -> Any:
    _need(key in data, f"{where} has no '{key}'")
    return data[key]


def _text(value: Any, where: str, *, empty: bool = True) -> str:
    _need(isinstance(value, str), f"{where} is not text")
    _need(empty or bool(value), f"{where} is empty")
    return value  # type: ignore[no-any-return]


def _b64(value: Any, where: str, size: int | tuple[int, int] | None = None) -> bytes:
    text = _text(value, where)
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise KeyFileProblem(f"{where} is not valid base64") from None
    if isinstance(size, int):
        _need(len(raw) == size, f"{where} is {len(raw)} bytes, not {size}")
    elif size is not None:
        _need(size[0] <= len(raw) <= size[1], f"{where} is {len(raw)} bytes")
    return raw


def _int(value: Any, where: str, bounds: tuple[int, int]) -> int:
    _need(isinstance(value, int) and not isinstance(value, bool), f"{where} is not a whole "
          "number")
    _need(bounds[0] <= value <= bounds[1],
          f"{where} is {value}, outside {bounds[0]} to {bounds[1]}")
    return int(value)


def check_kdf(value: Any, where: str = "kdf") -> None:
    """Argon2id parameters within the pinned bounds (and Argon2's memory >= 8 x lanes)."""
    data = _dict(value, where)
    memory = _int(_field(data, "memory_kib", where), f"{where} memory_kib", MEMORY_KIB)
    _int(_field(data, "time_cost", where), f"{where} time_cost", TIME_COST)
    lanes = _int(_field(data, "parallelism", where), f"{where} parallelism", PARALLELISM)
    _need(memory >= 8 * lanes, f"{where} memory_kib is below 8 x parallelism")


def _instant(value: Any, where: str) -> None:
    text = _text(value, where, empty=False)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise KeyFileProblem(f"{where} is not a date and time") from None
    _need(moment.tzinfo is not None, f"{where} has no time zone")


def _sealed(value: Any, where: str) -> None:
    data = _dict(value, where)
    _b64(_field(data, "ephemeral_public", where), f"{where} ephemeral_public", KEY_BYTES)
    _b64(_field(data, "nonce", where), f"{where} nonce", NONCE_BYTES)
    _b64(_field(data, "ciphertext", where), f"{where} ciphertext", (16, 4096))


def check_slot(value: Any, where: str) -> None:
    data = _dict(value, where)
    _b64(_field(data, "public", where), f"{where} public key", KEY_BYTES)
    wrapped = _dict(_field(data, "wrapped", where), f"{where} wrapped key")
    _b64(_field(wrapped, "salt", where), f"{where} salt", SALT_BYTES)
    _b64(_field(wrapped, "nonce", where), f"{where} nonce", NONCE_BYTES)
    _b64(_field(wrapped, "ciphertext", where), f"{where} wrapped ciphertext", (16, 4096))
    check_kdf(_field(wrapped, "kdf", where), f"{where} kdf")
    sealed = _field(data, "sealed", where)
    _need(isinstance(sealed, list), f"{where} sealed keys are not a list")
    for index, item in enumerate(sealed):
        _sealed(item, f"{where} sealed key {index + 1}")
    if "sign_public" in data:  # format 2
        _b64(data["sign_public"], f"{where} signing key", (0, KEY_BYTES))
    if "aad" in data:
        _int(data["aad"], f"{where} aad", (1, 99))


def _lockout(value: Any) -> None:
    for key, entry in _dict(value, "lockout").items():
        where = f"lockout entry {key[:8]}"
        data = _dict(entry, where)
        if "failures" in data:
            _int(data["failures"], f"{where} failures", (0, 1_000_000))
        for name in ("locked_until", "last"):
            if data.get(name) is not None:
                _instant(data[name], f"{where} {name}")


def _pending_audit(value: Any) -> None:
    _need(isinstance(value, list), "pending_audit is not a list")
    for index, event in enumerate(value):
        where = f"pending audit entry {index + 1}"
        data = _dict(event, where)
        _instant(_field(data, "at", where), f"{where} time")
        _text(_field(data, "action", where), f"{where} action", empty=False)
        for name in ("actor", "detail"):
            if data.get(name) is not None:
                _text(data[name], f"{where} {name}")


def _format_two(data: dict[str, Any]) -> None:
    """The fields key file format 2 adds (all optional: format 1 has none of them)."""
    if data.get("root_public") is not None:
        _b64(data["root_public"], "root_public", (0, KEY_BYTES))
    if data.get("root_sealed") is not None:
        _sealed(data["root_sealed"], "root_sealed")
    for name, pending in _dict(data.get("pending") or {}, "pending").items():
        where = f"pending account {name!r}"
        item = _dict(pending, where)
        _signed_record(item, where)
        _text(_field(item, "display_name", where), f"{where} display name")
        if item.get("slot") is not None:
            check_slot(item["slot"], f"{where} slot")
    for name, mirror in _dict(data.get("accounts") or {}, "accounts").items():
        where = f"account {name!r}"
        item = _dict(mirror, where)
        _signed_record(item, where)
        if "display_name" in item:
            _text(item["display_name"], f"{where} display name")
    for name, label in (("witness", "witnessed head"), ("witness_high", "highest head"),
                        ("witness_broken", "broken head")):
        heads = data.get(name) or []
        _need(isinstance(heads, list), f"{name} is not a list")
        for index, head in enumerate(heads):
            _head(_dict(head, f"{label} {index + 1}"), f"{label} {index + 1}")


ROLES = ("officer", "supervisor", "administrator")
STATUSES = ("active", "disabled")


def _signed_record(item: dict[str, Any], where: str) -> None:
    """A signed account record (records.SignedRecord): its text parses as an account
    record of the right field types, and its signatures are a list of text fields."""
    text = _text(_field(item, "record", where), f"{where} record", empty=False)
    try:
        data = json.loads(text)
    except ValueError:
        raise KeyFileProblem(f"{where} record is not an account record") from None
    record = _dict(data, f"{where} record")
    for key in ("unit", "user", "role", "status", "enc", "sign", "at", "basis"):
        _text(_field(record, key, f"{where} record"), f"{where} record {key}")
    _need(record["role"] in ROLES, f"{where} record has an unknown role")
    _need(record["status"] in STATUSES, f"{where} record has an unknown status")
    _int(_field(record, "version", f"{where} record"), f"{where} record version", (1, 2**31))
    signatures = _field(item, "signatures", where)
    _need(isinstance(signatures, list), f"{where} signatures are not a list")
    for index, entry in enumerate(signatures):
        sig = _dict(entry, f"{where} signature {index + 1}")
        for key in ("by", "key", "sig"):
            if key in sig:
                _text(sig[key], f"{where} signature {index + 1} {key}")


def _head(head: dict[str, Any], where: str) -> None:
    """A witnessed head: the fields ``witness.signed_head`` writes, of their types."""
    for key in ("unit", "hash", "at", "by", "key", "sig"):
        _text(_field(head, key, where), f"{where} {key}")
    _int(_field(head, "row", where), f"{where} row", (0, 2**62))


def check(data: Any) -> None:
    """Raise KeyFileProblem naming the first malformed field of a parsed key file."""
    top = _dict(data, "the key file")
    fmt = _field(top, "format", "the key file")
    _need(isinstance(fmt, int) and not isinstance(fmt, bool), "format is not a number")
    _text(_field(top, "unit_id", "the key file"), "unit_id", empty=False)
    check_kdf(_field(top, "kdf", "the key file"))
    for name, slot in _dict(_field(top, "slots", "the key file"), "slots").items():
        check_slot(slot, f"slot {name!r}")
    for name, when in _dict(top.get("disabled") or {}, "disabled").items():
        _text(when, f"disabled {name!r}")
    _lockout(top.get("lockout") or {})
    _pending_audit(top.get("pending_audit") or [])
    _format_two(top)
