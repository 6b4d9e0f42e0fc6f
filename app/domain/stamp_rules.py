"""Which audit rows may vouch for a case's state or a stage record (issue 13, second review).

A key holder can append rows signed with their own key. A stamp (app/domain/case_stamps.py)
counts only from a row whose action makes that change, by someone whose role may make
it, as the services write them (app/services/cases.py, case_actions.py, contact_time.py,
right_to_know.py):

- opening a case (``case opened at first contact``; a right-to-know opening, which also
  completes the risk assessment, stage 2): an open case at its first stage, no route,
  no sign-off;
- completing a stage (``… completed``, ``disclosure recorded``): that stage's record;
  the sign-off may become "awaiting" only by completing the decision (stage 5); the case
  may close only by completing the closure (stage 7);
- a sign-off (``decision approved|returned``): a supervisor, never the one who recorded
  the decision; the sign-off becomes what the row says;
- reopening: a supervisor; the only row that may open a closed case;
- closing early (``sent to closure early``): the sign-off becomes "none";
- correcting the time of first contact: a supervisor, after stage 1 is complete, and it
  re-stamps stage 1's record only (it carries no state stamp).

Any other row (a consultation, a draft saved, a task) carries no stamp. A row that
carries one it is not entitled to is reported, and its stamp is not believed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from app.domain import process
from app.domain.case_stamps import CaseState
from app.domain.enums import Stage


class RowKind(Enum):
    OPENING = "opening"
    RIGHT_TO_KNOW = "right-to-know opening"
    COMPLETION = "stage completion"
    SIGNOFF = "sign-off"
    REOPENING = "reopening"
    EARLY_CLOSURE = "early closure"
    CORRECTION = "first-contact correction"


STATE_KINDS = frozenset({RowKind.OPENING, RowKind.RIGHT_TO_KNOW, RowKind.COMPLETION,
                         RowKind.SIGNOFF, RowKind.REOPENING, RowKind.EARLY_CLOSURE})


@dataclass(frozen=True)
class Before:
    """What the trail said of the case before the row (None: it does not say)."""

    status: str | None
    signoff: str | None
    signoff_known: bool  # from a stamp (exact), not worked out from older rows
    stage1_complete: bool
    decided_by: str | None  # who completed the decision (stage 5), if the trail says
    route: str | None = None  # the route the latest stamp said (when ``signoff_known``)


@dataclass(frozen=True)
class Row:
    kind: RowKind | None
    stage: int | None  # the stage a completion or correction row is about
    outcome: str | None  # a sign-off row's: "approved" or "returned"
    actor: str | None
    by_supervisor: bool


def _progress_refusal(row: Row, state: CaseState, before: Before) -> str | None:
    """A completion row may only move the case as completing that stage does."""
    if row.kind is not RowKind.COMPLETION or row.stage is None:
        return None
    stage = row.stage
    if state.stage not in {int(s) for s in process.NEXT_STAGES.get(Stage(stage), ())}:
        return (f"completing stage {stage} cannot take the case to stage {state.stage}")
    if stage == int(Stage.DECISION) and state.signoff != "awaiting":
        return "completing the decision (stage 5) leaves it awaiting a supervisor's sign-off"
    if stage == int(Stage.CLOSURE):
        return None  # the closure records the route the case closes on
    closing = state.stage == int(Stage.CLOSURE)
    if closing and state.route not in {
            r.value for r in process.CLOSING_ROUTES.get(Stage(stage), ())}:
        return (f"completing stage {stage} cannot send the case to closure on the route "
                f"'{state.route}'")
    if not closing and before.signoff_known and state.route != before.route:
        return f"completing stage {stage} does not change the route"
    return None


def state_refusal(row: Row, state: CaseState, before: Before) -> str | None:
    """Why ``row`` may not carry ``state``, or None when it may."""
    why = (_signoff_refusal(row, state.signoff, before) or _status_refusal(row, state, before)
           or _progress_refusal(row, state, before))
    if why is not None:
        return why
    if row.kind not in STATE_KINDS:
        return ("only opening a case, completing a stage, a sign-off, a reopening or "
                "closing early changes the case")
    if row.kind is RowKind.REOPENING and not row.by_supervisor:
        return "only a supervisor can reopen a case"
    return None


def record_refusal(row: Row, stage: int, before: Before) -> str | None:
    """Why ``row`` may not vouch for stage ``stage``'s answers, or None when it may."""
    if row.kind is RowKind.COMPLETION and row.stage == stage:
        return None
    if row.kind is RowKind.RIGHT_TO_KNOW and stage == int(Stage.RISK_ASSESSMENT):
        return None
    if row.kind is RowKind.CORRECTION:
        if stage != int(Stage.INITIAL_CONTACT) or row.stage != int(Stage.INITIAL_CONTACT):
            return "a correction of the time of first contact re-stamps stage 1 only"
        if not row.by_supervisor:
            return ("only a supervisor can correct the time of first contact once initial "
                    "contact is complete")
        if not before.stage1_complete:
            return "initial contact was not complete, so there was nothing to correct"
        return None
    return (f"only completing stage {stage} (or, for stage 1, a supervisor's correction of "
            "the time of first contact) can say what its record holds")


def _signoff_refusal(row: Row, new: str, before: Before) -> str | None:
    old = before.signoff
    if row.kind is RowKind.SIGNOFF and before.signoff_known and old != "awaiting":
        return (f"a sign-off needs a decision awaiting one, and the trail says the sign-off "
                f"was '{old}', so it cannot say signoff={new}")
    if new == old:
        return None
    if not before.signoff_known and new != "approved":
        return None  # older rows do not say it exactly: only an approval is checked
    allowed = _signoff_changes(row)
    if row.kind is RowKind.SIGNOFF and row.actor is not None \
            and row.actor == before.decided_by:
        return (f"a supervisor cannot sign off a decision they recorded themselves, so it "
                f"cannot say signoff={new}")
    if new in allowed:
        return None
    if new in ("approved", "returned"):
        return f"only a sign-off by a supervisor can say signoff={new}"
    if new == "awaiting":
        return "only completing the decision (stage 5) can say signoff=awaiting"
    return f"only opening, a supervisor's reopening or closing early can say signoff={new}"


def _signoff_changes(row: Row) -> set[str | None]:
    """The sign-off values ``row`` may set."""
    if row.kind is RowKind.SIGNOFF:
        return {row.outcome} if row.by_supervisor else set()
    if row.kind is RowKind.COMPLETION:
        return {"awaiting"} if row.stage == int(Stage.DECISION) else set()
    if row.kind is RowKind.REOPENING:
        return {"none"} if row.by_supervisor else set()
    if row.kind in (RowKind.EARLY_CLOSURE, RowKind.OPENING, RowKind.RIGHT_TO_KNOW):
        return {"none"}
    return set()


def _status_refusal(row: Row, state: CaseState, before: Before) -> str | None:
    if state.status == "closed" and before.status != "closed" and not (
            row.kind is RowKind.COMPLETION and row.stage == int(Stage.CLOSURE)):
        return "only completing the closure (stage 7) can say status=closed"
    if state.status == "open" and before.status == "closed" and not (
            row.kind is RowKind.REOPENING and row.by_supervisor):
        return "only a reopening by a supervisor can say a closed case is open"
    return None
