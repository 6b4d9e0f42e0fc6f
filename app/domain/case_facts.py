"""A read-only picture of one case, as the domain rules need it (no storage)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.domain.enums import Route, Stage


@dataclass(frozen=True)
class CaseFacts:
    """Stage values and state of a case; ``values`` holds drafts and completed stages."""

    current_stage: Stage
    values: Mapping[Stage, Mapping[str, Any]] = field(default_factory=dict)
    completed: frozenset[Stage] = frozenset()
    signoff: str = "none"  # none | awaiting | approved | returned
    route: Route | None = None
    closed: bool = False

    def get(self, stage: Stage, field_id: str, default: Any = None) -> Any:
        return self.values.get(stage, {}).get(field_id, default)

    def latest(self, block: str) -> Any:
        """People details as last recorded: stage 2 updates stage 1 (¶5.2.13); a
        right-to-know case records its subject and children at its opening (stage 4)."""
        for stage in (Stage.FACE_TO_FACE, Stage.INITIAL_CONTACT):
            found = self.values.get(stage, {}).get(block)
            if found not in (None, "", [], {}):
                return found
        if self.right_to_know:
            return self.values.get(Stage.RISK_ASSESSMENT, {}).get(block)
        return None

    @property
    def right_to_know(self) -> bool:
        """A police-initiated case with no applicant (¶5, 2.6; 2023 "right to know" [S])."""
        return self.get(Stage.RISK_ASSESSMENT, "right_to_know") is True

    def is_complete(self, stage: Stage) -> bool:
        return stage in self.completed

    @property
    def decision(self) -> str | None:
        value = self.get(Stage.DECISION, "decision")
        return str(value) if value else None

    @property
    def categorisation(self) -> str | None:
        value = self.get(Stage.RISK_ASSESSMENT, "categorisation")
        return str(value) if value else None

    @property
    def disclosing(self) -> bool:
        return self.decision == "disclose"

    @property
    def disclosure_not_made(self) -> bool:
        """The decision was to disclose but stage 6 records that no disclosure happened
        (¶5.6.21): said outright, or (records made before that question) the undertaking
        was refused and the police did not proceed."""
        if not self.disclosing:
            return False
        if self.get(Stage.OUTCOME, "disclosure_made") is False:
            return True
        return (self.get(Stage.OUTCOME, "undertaking_signed") is False
                and self.get(Stage.OUTCOME, "proceed_despite_refusal") is False)

    @property
    def disclosure_made(self) -> bool:
        """A disclosure was decided and stage 6 records it as made."""
        return self.disclosing and not self.disclosure_not_made
