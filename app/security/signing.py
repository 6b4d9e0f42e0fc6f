"""Ed25519 signing keys and canonical JSON for signed records (docs/SECURITY.md).

Every key slot holds an Ed25519 key beside its X25519 key; account records,
audit rows and witnessed audit heads are signed with it. Verification needs
only public keys, so anyone may check what a key holder cannot forge.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SIGN_KEY_BYTES = 32


def generate_signing_key() -> tuple[bytes, bytes]:
    """Return (private_raw, public_raw) Ed25519 key bytes."""
    private = Ed25519PrivateKey.generate()
    private_raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return private_raw, signing_public(private_raw)


def signing_public(private_raw: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_raw).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def sign(private_raw: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_raw).sign(message)


def verify(public_raw: bytes, signature: bytes, message: bytes) -> bool:
    """True when ``signature`` is ``public_raw``'s over ``message``; never raises."""
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def canonical(data: Any) -> bytes:
    """The one byte form that is signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def fingerprint(public_raw: bytes) -> str:
    """A short, printable name for a public key (first 128 bits of SHA-256)."""
    return hashlib.sha256(public_raw).hexdigest()[:32]


class KeySigner:
    """Signs audit rows and witnessed heads as ``name`` (``AuditSigner`` in storage)."""

    def __init__(self, name: str, private: bytes) -> None:
        self._name = name
        self._private = private

    @property
    def name(self) -> str:
        return self._name

    @property
    def public(self) -> bytes:
        return signing_public(self._private)

    @property
    def private(self) -> bytes:
        """For a worker's own session only (a copy it wipes when done)."""
        return self._private

    def sign_hash(self, digest: str) -> str:
        return b64(sign(self._private, digest.encode("ascii")))

    def sign_data(self, data: bytes) -> str:
        return b64(sign(self._private, data))
