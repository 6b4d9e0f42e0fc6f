"""Carrying stored answers forward from one form version to the next (pure functions).

Version 1 → 2 (issue 11, scheme fidelity): every new field is optional for old answers,
which load unchanged and show new questions as unanswered. Only stage 6 gains an answer
derived from the old ones: whether the disclosure was made (¶5.6.21). A record of a
refused undertaking where the police did not go ahead is a disclosure *not* made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.enums import Stage

#: Stage 6 answers that only a disclosure record holds (v1).
_DISCLOSURE_KEYS = ("disclosed_at", "verbatim", "undertaking_signed", "recipient_name")


def upgrade_v1_to_v2(stage: Stage | int, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The version 2 answers for a stage recorded with form version 1 (never mutates)."""
    upgraded = dict(answers)
    if Stage(stage) is not Stage.OUTCOME or "disclosure_made" in upgraded:
        return upgraded
    if not any(key in upgraded for key in _DISCLOSURE_KEYS):
        return upgraded  # a non-disclosure outcome, or nothing recorded yet
    if upgraded.get("undertaking_signed") is False and upgraded.get(
            "proceed_despite_refusal") is False:
        upgraded["disclosure_made"] = False
        upgraded["not_made_reason"] = "undertaking_refused"
        reasons = str(upgraded.get("refusal_decision_reasons") or "").strip()
        upgraded["not_made_details"] = reasons or (
            "The recipient refused to sign the undertaking and the police did not go ahead "
            "(recorded before version 2 of the form).")
    elif upgraded.get("verbatim") not in (None, "") or upgraded.get(
            "proceed_despite_refusal") is True or upgraded.get("undertaking_signed") is True:
        upgraded["disclosure_made"] = True
    return upgraded
