"""The signed audit chain head as printed for the unit's paper log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


def grouped(hex_text: str, size: int = 8) -> str:
    """``a1b2c3d4e5…`` as ``a1b2c3d4 e5…``: easier to compare by eye, and it wraps."""
    return " ".join(hex_text[i:i + size] for i in range(0, len(hex_text), size))


@dataclass(frozen=True)
class ChainHeadSheet:
    unit_name: str
    row: int
    digest: str  # SHA-256 of the head row, hex
    at: datetime  # when it was read and signed (UTC)
    signer: str  # user name
    signer_name: str  # display name
    key_fingerprint: str  # SHA-256 of the signer's public signing key, hex
    signature_fingerprint: str  # SHA-256 of the Ed25519 signature, hex
