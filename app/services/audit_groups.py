"""Reading the audit trail without drowning in draft saves (issue 12 item 9).

Every draft save is its own audit row (the DPA 2018 s.62 record keeps them all); the
viewer shows consecutive draft saves of one stage by one user as one expandable line,
and can show only decisions and disclosures. Qt-free; the rows are never changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.enums import AuditAction, Stage
from app.services.audit_view import AuditEntry

DRAFT_ACTIONS = (AuditAction.COLLECT.value, AuditAction.ALTER.value)
#: Stages whose completion is a decision about the case (stage 5) or its outcome (6).
DECISION_STAGES = (Stage.DECISION, Stage.OUTCOME)


def is_draft_save(entry: AuditEntry) -> bool:
    """A "draft of <stage> saved" row."""
    detail = entry.detail or ""
    return entry.action in DRAFT_ACTIONS and detail.startswith("draft of ") \
        and detail.endswith(" saved")


def is_decision_or_disclosure(entry: AuditEntry) -> bool:
    """Disclosures, sign-offs and returns, supervisor overrides, and the completion of the
    decision and outcome stages (what a reviewer of the scheme looks for first)."""
    if entry.action == AuditAction.DISCLOSE.value:
        return True
    entity = entry.entity or ""
    if entity.endswith("/signoff"):
        return True
    if is_draft_save(entry):
        return False
    if "override" in (entry.detail or "") + (entry.justification or ""):
        return True
    return any(entity.endswith(f"/stage:{int(stage)}") for stage in DECISION_STAGES)


@dataclass(frozen=True)
class AuditLine:
    """One line of the viewer: a single row, or a run of draft saves (newest first)."""

    entries: tuple[AuditEntry, ...]

    @property
    def first(self) -> AuditEntry:
        """The newest row of the line."""
        return self.entries[0]

    @property
    def is_group(self) -> bool:
        return len(self.entries) > 1

    @property
    def ids(self) -> str:
        """"#1240" or "#1201–1240"."""
        if not self.is_group:
            return str(self.first.id)
        low, high = sorted((self.entries[-1].id, self.entries[0].id))
        return f"{low}–{high}"

    def summary(self) -> str:
        """What the line says in the Detail column."""
        if not self.is_group:
            return self.first.detail or ""
        what = (self.first.detail or "")[len("draft of "):-len(" saved")]
        return f"{len(self.entries)} drafts of {what} saved (expand to see each)"


def group_draft_saves(entries: Iterable[AuditEntry]) -> list[AuditLine]:
    """Consecutive draft saves of the same stage (entity) by the same user become one line;
    every other row is a line of its own. Order is kept."""
    lines: list[list[AuditEntry]] = []
    for entry in entries:
        last = lines[-1][-1] if lines else None
        if last is not None and is_draft_save(entry) and is_draft_save(last) \
                and (entry.actor, entry.entity) == (last.actor, last.entity):
            lines[-1].append(entry)
        else:
            lines.append([entry])
    return [AuditLine(tuple(line)) for line in lines]


def decisions_and_disclosures(entries: Sequence[AuditEntry]) -> list[AuditEntry]:
    return [e for e in entries if is_decision_or_disclosure(e)]
