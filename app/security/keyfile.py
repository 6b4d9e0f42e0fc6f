"""The key file beside the database: key slots, lockout counters, pending audit.

It holds no secret in the clear: each slot is a password-wrapped pair of
private keys (X25519 to receive the database key, Ed25519 to sign) and the
database key sealed to that slot's public key (none for administrators and
accounts awaiting approval). It also holds the unit root's public key (its
private half sealed to the recovery slot), accounts prepared by an
administrator and awaiting a supervisor, a mirror of the signed account
records (so an administrator's view needs no database key) and the witnessed
audit heads written at every sign-out. FORMAT 1 files still load. It is rewritten
atomically (temp file, fsync, rename) and the previous version is kept as
``<name>.prev`` so a torn write can always be recovered.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import KeyFileError
from app.security import keyfile_check
from app.security.crypto import KdfParams, SealedKey, WrappedKey
from app.storage.file_modes import restrict_fd

FORMAT = 2
READABLE_FORMATS = (1, 2)
WITNESSES_KEPT = 50
HIGHEST_KEPT = 3  # the highest witnessed heads ever, kept apart from the rolling list
RECOVERY_SLOT = "*recovery*"
# Windows refuses to replace a file another process has open (an antivirus scanning the
# key file just written, a backup agent): retry a few times before giving up.
REPLACE_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass
class Slot:
    """One identity able to open the database (a user, or the recovery code)."""

    public: bytes
    wrapped: WrappedKey
    # Newest first. Login tries each; more than one exists only mid-rekey.
    sealed: list[SealedKey]
    # The Ed25519 public key; empty for a slot made by release 0.1 (FORMAT 1) until
    # its owner next signs in. ``aad`` 2 binds the unit root into the wrapping.
    sign_public: bytes = b""
    aad: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "public": _b64(self.public),
            "sign_public": _b64(self.sign_public),
            "aad": self.aad,
            "wrapped": {
                "salt": _b64(self.wrapped.salt),
                "nonce": _b64(self.wrapped.nonce),
                "ciphertext": _b64(self.wrapped.ciphertext),
                "kdf": self.wrapped.kdf.to_dict(),
            },
            "sealed": [
                {
                    "ephemeral_public": _b64(s.ephemeral_public),
                    "nonce": _b64(s.nonce),
                    "ciphertext": _b64(s.ciphertext),
                }
                for s in self.sealed
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Slot:
        w = data["wrapped"]
        return cls(
            public=_unb64(data["public"]),
            wrapped=WrappedKey(
                _unb64(w["salt"]),
                _unb64(w["nonce"]),
                _unb64(w["ciphertext"]),
                KdfParams.from_dict(w["kdf"]),
            ),
            sealed=[
                SealedKey(
                    _unb64(s["ephemeral_public"]), _unb64(s["nonce"]), _unb64(s["ciphertext"])
                )
                for s in data["sealed"]
            ],
            sign_public=_unb64(str(data.get("sign_public", ""))),
            aad=int(data.get("aad", 1)),
        )


def _sealed_to_dict(s: SealedKey) -> dict[str, str]:
    return {"ephemeral_public": _b64(s.ephemeral_public), "nonce": _b64(s.nonce),
            "ciphertext": _b64(s.ciphertext)}


def _sealed_from_dict(d: dict[str, Any]) -> SealedKey:
    return SealedKey(_unb64(d["ephemeral_public"]), _unb64(d["nonce"]), _unb64(d["ciphertext"]))


@dataclass
class Pending:
    """An account change prepared by an administrator, awaiting a supervisor.

    ``slot`` is the new key slot (new account or password reset; it seals no
    database key yet), or None for a change of role. ``record`` is the account
    record (canonical JSON text) and ``signatures`` the preparer's signature."""

    record: str
    signatures: list[dict[str, str]]
    display_name: str
    slot: Slot | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"record": self.record, "signatures": self.signatures,
                "display_name": self.display_name,
                "slot": None if self.slot is None else self.slot.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pending:
        slot = data.get("slot")
        return cls(str(data["record"]), list(data["signatures"]), str(data["display_name"]),
                   None if slot is None else Slot.from_dict(slot))


@dataclass
class KeyFile:
    unit_id: str
    kdf: KdfParams
    slots: dict[str, Slot] = field(default_factory=dict)
    disabled: dict[str, str] = field(default_factory=dict)  # username -> when (ISO)
    lockout: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending_audit: list[dict[str, Any]] = field(default_factory=list)
    root_public: bytes = b""  # the unit root (Ed25519); empty until a FORMAT 1 unit upgrades
    root_sealed: SealedKey | None = None  # its private half, sealed to the recovery slot
    pending: dict[str, Pending] = field(default_factory=dict)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)  # signed record mirror
    witness: list[dict[str, Any]] = field(default_factory=list)  # signed audit heads
    # The highest heads ever witnessed (trimming the rolling list never lowers the mark),
    # and heads found at a sign-in no longer to match the trail: kept for good, so
    # signing in and out many times never forgets rows that were lost (#13 item 3).
    witness_high: list[dict[str, Any]] = field(default_factory=list)
    witness_broken: list[dict[str, Any]] = field(default_factory=list)
    # Not case content and not trusted: shown to an administrator, who has no database.
    unit_name: str = ""
    case_prefix: str = ""

    def add_witness(self, head: dict[str, Any]) -> None:
        self.witness.append(head)
        del self.witness[:-WITNESSES_KEPT]
        self.witness_high = highest_heads([*self.witness_high, head])

    def all_heads(self) -> list[dict[str, Any]]:
        """Every witnessed head the file keeps: rolling, highest and broken."""
        return [*self.witness, *self.witness_high, *self.witness_broken]

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "root_public": _b64(self.root_public),
                "root_sealed": None if self.root_sealed is None
                else _sealed_to_dict(self.root_sealed),
                "pending": {name: p.to_dict() for name, p in sorted(self.pending.items())},
                "accounts": self.accounts,
                "witness": self.witness,
                "witness_high": self.witness_high,
                "witness_broken": self.witness_broken,
                "unit_name": self.unit_name,
                "case_prefix": self.case_prefix,
                "unit_id": self.unit_id,
                "kdf": self.kdf.to_dict(),
                "slots": {name: slot.to_dict() for name, slot in sorted(self.slots.items())},
                "disabled": self.disabled,
                "lockout": self.lockout,
                "pending_audit": self.pending_audit,
            },
            indent=1,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> KeyFile:
        data = json.loads(text)
        keyfile_check.check(data)  # every field, before any is used (KeyFileProblem)
        if not isinstance(data, dict) or data.get("format") not in READABLE_FORMATS:
            raise KeyFileError("The key file is of an unknown format.")
        root_sealed = data.get("root_sealed")
        return remember_base(cls(
            unit_id=str(data["unit_id"]),
            kdf=KdfParams.from_dict(data["kdf"]),
            slots={name: Slot.from_dict(s) for name, s in data["slots"].items()},
            # An optional field given as null is absent (as keyfile_check reads it).
            disabled=dict(data.get("disabled") or {}),
            lockout=dict(data.get("lockout") or {}),
            pending_audit=list(data.get("pending_audit") or []),
            root_public=_unb64(str(data.get("root_public") or "")),
            root_sealed=None if not root_sealed else _sealed_from_dict(root_sealed),
            pending={n: Pending.from_dict(p) for n, p in dict(data.get("pending") or {}).items()},
            accounts=dict(data.get("accounts") or {}),
            witness=list(data.get("witness") or []),
            witness_high=list(data.get("witness_high") or []),
            witness_broken=list(data.get("witness_broken") or []),
            unit_name=str(data.get("unit_name") or ""),
            case_prefix=str(data.get("case_prefix") or ""),
        ))


def highest_heads(heads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The HIGHEST_KEPT heads with the highest row numbers, each once."""
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for head in heads:
        try:
            row = int(head["row"])
        except (KeyError, TypeError, ValueError):
            continue
        found.setdefault(json.dumps(head, sort_keys=True), (row, head))
    ranked = sorted(found.values(), key=lambda item: item[0], reverse=True)
    return [head for _row, head in ranked[:HIGHEST_KEPT]]


MERGE_BASE = "_merge_base"


def remember_base(keyfile: KeyFile) -> KeyFile:
    """Note the key file as loaded, so that a save can merge what others wrote meanwhile
    (app/security/keyfile_merge.py)."""
    setattr(keyfile, MERGE_BASE, json.loads(keyfile.to_json()))
    return keyfile


def keyfile_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".keys")


def _previous_path(path: Path) -> Path:
    return path.with_name(path.name + ".prev")


def read_one(path: Path) -> KeyFile:
    """Read exactly this key file (no fallback to ``.prev``).

    Raises KeyFileError with one line naming the file and what is wrong with it, for
    any damage: bad JSON or UTF-8, a field of the wrong type or out of range, nesting
    too deep to parse (RecursionError) or a number too long to convert (ValueError)."""
    try:
        return KeyFile.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyFileError(f"The key file {path} is missing.") from None
    except OSError as exc:
        raise KeyFileError(f"The key file {path} cannot be opened "
                           f"({exc.strerror or 'error'}).") from None
    except KeyFileError:
        raise KeyFileError(f"The key file {path} is of an unknown format.") from None
    except _DAMAGE as exc:
        raise KeyFileError(f"The key file {path} is {_what_is_wrong(exc)}.") from None


# What a damaged key file can raise while it is parsed and checked (UnicodeDecodeError
# is a ValueError; so is int() of a 5,000-digit number; deep nesting is a RecursionError).
_DAMAGE = (ValueError, KeyError, TypeError, AttributeError, RecursionError, OverflowError)


def _what_is_wrong(exc: BaseException) -> str:
    if isinstance(exc, keyfile_check.KeyFileProblem):
        return f"damaged ({exc})"
    if isinstance(exc, UnicodeDecodeError):
        return "unreadable (not UTF-8 text: binary data or a damaged disk)"
    if isinstance(exc, json.JSONDecodeError):
        return f"unreadable (not complete JSON: {exc.msg} at character {exc.pos})"
    return f"unreadable ({type(exc).__name__})"


def damage(path: Path) -> str | None:
    """Why the key file itself (not its ``.prev``) cannot be used, or None if it can."""
    try:
        read_one(path)
    except KeyFileError as exc:
        return str(exc)
    return None


_RECOVERED_FROM = "_recovered_from"


def recovered_from(keyfile: KeyFile) -> str | None:
    """What was wrong with the key file when ``load`` fell back to its ``.prev``."""
    found = getattr(keyfile, _RECOVERED_FROM, None)
    return str(found) if found else None


def load(path: Path) -> KeyFile:
    """Read the key file, falling back to the previous version if it is torn.

    Never crashes on a damaged file: any malformed field gives one line naming the key
    file, what is wrong, and that its ``.prev`` copy was tried too."""
    errors: list[str] = []
    for candidate in (path, _previous_path(path)):
        try:
            loaded = KeyFile.from_json(candidate.read_text(encoding="utf-8"))
            if errors:
                setattr(loaded, _RECOVERED_FROM, "; ".join(errors))
            return loaded
        except FileNotFoundError:
            errors.append(f"{candidate.name} is missing")
        except KeyFileError:
            errors.append(f"{candidate.name} is of an unknown format")
        except _DAMAGE as exc:
            errors.append(f"{candidate.name} is {_what_is_wrong(exc)}")
        except OSError as exc:
            errors.append(f"{candidate.name} cannot be opened ({exc.strerror or 'error'})")
    raise KeyFileError(f"The key file {path} could not be read, nor its previous copy "
                       f"(.prev): " + "; ".join(errors) + ".")


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        restrict_fd(fd)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _replace_retrying(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _replace_retrying(source: str, target: Path) -> None:
    """os.replace, retried with growing pauses while the target is briefly held open."""
    for delay in REPLACE_DELAYS:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            time.sleep(delay)
    os.replace(source, target)  # the last try: its error, if any, goes to the caller


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save(path: Path, keyfile: KeyFile) -> None:
    """Write atomically, keeping the current version as ``.prev`` first."""
    # The current version becomes ``.prev`` only when it can be read: a damaged key file
    # (one a sign-in just fell back from) must not overwrite the good ``.prev``.
    if path.exists() and damage(path) is None:
        _write_atomically(_previous_path(path), path.read_bytes())
    _write_atomically(path, keyfile.to_json().encode("utf-8"))
