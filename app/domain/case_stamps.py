"""What a case's audit rows record of it, so ``csods verify`` can compare the case rows
with the (signed) audit trail (issue 13: case rows changed directly in SQL).

Every row that changes a case's status, stage, route or sign-off ends its detail with
the case's state after the change, ``[state status=closed stage=7 route=disclosed
signoff=approved]``; every row that completes (or corrects) a stage record ends it with
``[record stage=5 sha256=…]``, the SHA-256 of the record's answers as stored
(``stage_digest``). The detail is part of the row's hash, which its actor signs, so a
key holder who edits the case rows cannot make the trail agree without writing rows in
their own name. Rows written before these stamps existed carry none; verify compares
what they do say (see app/services/case_integrity.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

_STATE = re.compile(r"\[state status=(\w+) stage=(\d) route=([\w-]+) signoff=(\w+)\]")
_RECORD = re.compile(r"\[record stage=(\d) sha256=([0-9a-f]{64})\]")
NO_ROUTE = "-"


@dataclass(frozen=True)
class CaseState:
    """The columns of a case row an audit row vouches for."""

    status: str
    stage: int
    route: str | None
    signoff: str

    def stamp(self) -> str:
        return (f"[state status={self.status} stage={self.stage} "
                f"route={self.route or NO_ROUTE} signoff={self.signoff}]")


def stage_text(values: dict[str, Any]) -> str:
    """A stage record's answers as the database stores them (cases_repo.upsert_stage)."""
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def stage_digest(values: dict[str, Any]) -> str:
    return hashlib.sha256(stage_text(values).encode("utf-8")).hexdigest()


def record_stamp(stage: int, values: dict[str, Any]) -> str:
    return f"[record stage={int(stage)} sha256={stage_digest(values)}]"


def with_stamps(detail: str, *stamps: str) -> str:
    return " ".join([detail, *stamps])


def state_in(detail: str | None) -> CaseState | None:
    found = _STATE.search(detail or "")
    if found is None:
        return None
    status, stage, route, signoff = found.groups()
    return CaseState(status, int(stage), None if route == NO_ROUTE else route, signoff)


def record_in(detail: str | None) -> tuple[int, str] | None:
    """(stage, sha256) of the record stamp in ``detail``, or None."""
    found = _RECORD.search(detail or "")
    return None if found is None else (int(found.group(1)), found.group(2))

