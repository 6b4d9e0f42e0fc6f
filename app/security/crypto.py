"""Cryptographic primitives for key slots (DESIGN.md, "The unit database").

* A user's X25519 private key is wrapped with a key derived by Argon2id from
  their password, then encrypted with AES-256-GCM.
* The 256-bit database key is *sealed* to each public key: an ephemeral
  X25519 exchange, HKDF-SHA256, AES-256-GCM. Sealing needs no password, so an
  administrator can re-seal a new key to every remaining user.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DB_KEY_BYTES = 32
_SEAL_INFO = b"csods/seal-db-key/v1"
ROOT_SEAL_INFO = b"csods/seal-unit-root/v1"


class DecryptionFailed(Exception):
    """A password, recovery code or sealed key did not open (GCM tag mismatch)."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters, stored beside each wrapped key."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 2

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> KdfParams:
        return cls(int(data["time_cost"]), int(data["memory_kib"]), int(data["parallelism"]))


# Low-cost parameters for tests only; never used by the application itself.
FAST_TEST_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)


def new_database_key() -> bytes:
    return os.urandom(DB_KEY_BYTES)


def derive_key(secret: str, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id(secret, salt) → 32 bytes. The secret is UTF-8 encoded as typed."""
    return hash_secret_raw(
        secret=secret.encode("utf-8", "surrogatepass"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


@dataclass(frozen=True)
class WrappedKey:
    """A private key encrypted under a password-derived key."""

    salt: bytes
    nonce: bytes
    ciphertext: bytes
    kdf: KdfParams


def generate_keypair() -> tuple[bytes, bytes]:
    """Return (private_raw, public_raw) X25519 key bytes."""
    private = X25519PrivateKey.generate()
    private_raw = private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    public_raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return private_raw, public_raw


def wrap_private_key(private_raw: bytes, secret: str, params: KdfParams, aad: bytes) -> WrappedKey:
    salt = os.urandom(16)
    nonce = os.urandom(12)
    kek = derive_key(secret, salt, params)
    return WrappedKey(salt, nonce, AESGCM(kek).encrypt(nonce, private_raw, aad), params)


def unwrap_private_key(wrapped: WrappedKey, secret: str, aad: bytes) -> bytes:
    kek = derive_key(secret, wrapped.salt, wrapped.kdf)
    try:
        return AESGCM(kek).decrypt(wrapped.nonce, wrapped.ciphertext, aad)
    except InvalidTag as exc:
        raise DecryptionFailed("wrong password") from exc


@dataclass(frozen=True)
class SealedKey:
    """The database key sealed to one public key."""

    ephemeral_public: bytes
    nonce: bytes
    ciphertext: bytes


def _seal_kek(shared: bytes, ephemeral_public: bytes, recipient_public: bytes,
              info: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + recipient_public,
        info=info,
    ).derive(shared)


def seal(db_key: bytes, recipient_public: bytes, info: bytes = _SEAL_INFO) -> SealedKey:
    """Seal a 32-byte secret to ``recipient_public``; ``info`` names what it is."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    kek = _seal_kek(shared, ephemeral_public, recipient_public, info)
    nonce = os.urandom(12)
    return SealedKey(ephemeral_public, nonce, AESGCM(kek).encrypt(nonce, db_key, info))


def unseal(sealed: SealedKey, private_raw: bytes, info: bytes = _SEAL_INFO) -> bytes:
    private = X25519PrivateKey.from_private_bytes(private_raw)
    recipient_public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    shared = private.exchange(X25519PublicKey.from_public_bytes(sealed.ephemeral_public))
    kek = _seal_kek(shared, sealed.ephemeral_public, recipient_public, info)
    try:
        return AESGCM(kek).decrypt(sealed.nonce, sealed.ciphertext, info)
    except InvalidTag as exc:
        raise DecryptionFailed("sealed key does not open") from exc
