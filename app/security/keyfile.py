"""The key file beside the database: key slots, lockout counters, pending audit.

It holds no secret in the clear: each slot is a password-wrapped private key
and the database key sealed to that slot's public key. It is rewritten
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

FORMAT = 1
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "public": _b64(self.public),
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
        )


@dataclass
class KeyFile:
    unit_id: str
    kdf: KdfParams
    slots: dict[str, Slot] = field(default_factory=dict)
    disabled: dict[str, str] = field(default_factory=dict)  # username -> when (ISO)
    lockout: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending_audit: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
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
        if data.get("format") != FORMAT:
            raise KeyFileError("The key file is of an unknown format.")
        return cls(
            unit_id=str(data["unit_id"]),
            kdf=KdfParams.from_dict(data["kdf"]),
            slots={name: Slot.from_dict(s) for name, s in data["slots"].items()},
            disabled=dict(data.get("disabled", {})),
            lockout=dict(data.get("lockout", {})),
            pending_audit=list(data.get("pending_audit", [])),
        )


def keyfile_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".keys")


def _previous_path(path: Path) -> Path:
    return path.with_name(path.name + ".prev")


def load(path: Path) -> KeyFile:
    """Read the key file, falling back to the previous version if it is torn.

    Never crashes on a damaged file: any malformed field gives one line naming the key
    file, what is wrong, and that its ``.prev`` copy was tried too."""
    errors: list[str] = []
    for candidate in (path, _previous_path(path)):
        try:
            return KeyFile.from_json(candidate.read_text(encoding="utf-8"))
        except FileNotFoundError:
            errors.append(f"{candidate.name} is missing")
        except keyfile_check.KeyFileProblem as exc:
            errors.append(f"{candidate.name} is damaged ({exc})")
        except KeyFileError:
            errors.append(f"{candidate.name} is of an unknown format")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError,
                OverflowError) as exc:
            errors.append(f"{candidate.name} is unreadable ({type(exc).__name__})")
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
    if path.exists():
        _write_atomically(_previous_path(path), path.read_bytes())
    _write_atomically(path, keyfile.to_json().encode("utf-8"))
