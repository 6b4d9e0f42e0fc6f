"""What a case file holds besides its header, as the services hand it out.

The records a ``CaseFile`` carries: stage records, immediate-risk records,
extensions and sign-offs. Same fields as the storage rows they are copied from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StageRecord:
    stage: int
    form_version: int
    values: dict[str, Any]
    status: str
    updated_at: str
    updated_by: str
    completed_at: str | None
    completed_by: str | None


@dataclass(frozen=True)
class RiskRecord:
    id: int
    stage: int
    values: dict[str, Any]
    recorded_at: str
    recorded_by: str


@dataclass(frozen=True)
class ExtensionRecord:
    id: int
    kind: str
    new_due: str
    reason: str
    applicant_told_on: str
    recorded_at: str
    recorded_by: str


@dataclass(frozen=True)
class SignoffRecord:
    id: int
    outcome: str
    comment: str
    at: str
    by: str
