"""``csods verify``: the case rows compared with the audit trail (issue 13).

A key holder can change case rows with sqlcipher3 (a route from "not disclosed" to
"disclosed", who signed off a decision, a completed stage's answers, a closed case
re-opened). The audit trail is chained and signed by each actor, so it keeps what
really happened; this check replays each case's rows, oldest first, and reports every
case whose row says something else, naming the case and what differs.

What each row says: rows written since the stamps (app/domain/case_stamps.py) carry
the case's status, stage, route and sign-off after the change, and a completed stage's
digest; older rows (release 0.1 and later, before this check) say less, and only what
they say is compared: a closure row closes the case, a reopening row opens it (and
makes the stages from there drafts), an early closure names its route, the schema 7
correction its route, a completion row names who completed the stage, a sign-off row
who signed off and how.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from app.domain import stamp_rules
from app.domain.case_stamps import CaseState, record_in, stage_digest, state_in
from app.domain.enums import Route, Stage
from app.domain.stamp_rules import RowKind
from app.storage import case_check_repo as repo
from app.storage.case_check_repo import AuditFact
from app.storage.connection import Connection

_ENTITY = re.compile(r"case:(\d+)(?:/(.+))?")
_STAGE = re.compile(r"stage:(\d)")
_BY_TITLE = {stage.title: stage for stage in Stage}
_BY_LABEL = {route.label: route for route in Route}
_CORRECTION_7 = "route corrected by software update (schema 7)"
#: An event from the key file, entered by the next key holder at sign-in
#: (app/services/pending_audit.py): never about a case, so never believed about one.
_FROM_KEY_FILE = re.compile(r" \(by [^()]+, recorded in the key file\)\Z")
_UNKNOWN = "?"  # a route the rows do not say


@dataclass
class _StageEvent:
    complete: bool
    actor: str | None
    digest: str | None
    row: int
    what: str


@dataclass
class _Trail:
    """What a case's audit rows say, replayed oldest first."""

    reference: str | None = None
    state: tuple[CaseState, AuditFact, str | None] | None = None  # the latest stamped row
    closed: tuple[bool, int, str] | None = None
    route: tuple[str | None, int, str] | None = None
    stages: dict[int, _StageEvent] = field(default_factory=dict)
    signoffs: list[tuple[str, str | None, int]] = field(default_factory=list)
    impossible: list[str] = field(default_factory=list)


def problems(conn: Connection, supervisors: set[str], limit: int = 50) -> list[str]:
    """Every case whose rows differ from its audit trail (at most ``limit``).

    ``supervisors``: everyone a valid account record ever made a supervisor; a signed
    sign-off or reopening row by anyone else is reported."""
    trails: dict[int, _Trail] = defaultdict(_Trail)
    for row in repo.case_rows(conn):
        found = _ENTITY.fullmatch(row.entity)
        if found is not None and _FROM_KEY_FILE.search(row.detail) is None:
            _replay(trails[int(found.group(1))], row, found.group(2), supervisors)
    stages: dict[int, list[repo.StageState]] = defaultdict(list)
    for record in repo.stages(conn):
        stages[record.case_id].append(record)
    signoffs: dict[int, list[repo.SignoffState]] = defaultdict(list)
    for signoff in repo.signoffs(conn):
        signoffs[signoff.case_id].append(signoff)
    out: list[str] = []
    known: set[int] = set()
    for case in repo.cases(conn):
        known.add(case.id)
        trail = trails.get(case.id)
        if trail is None:
            out.append(f"case {case.reference}: the audit trail has no row about it: it was "
                       "added outside the application")
            continue
        said = [*_state_problems(case, trail, stages[case.id]),
                *_signoff_problems(trail, signoffs[case.id]), *trail.impossible]
        if not case.erased:
            said += _stage_problems(trail, stages[case.id])
        out += [f"case {case.reference}: {problem}" for problem in said]
    for case_id, trail in trails.items():
        if case_id not in known:
            out.append(f"case {trail.reference or case_id}: the audit trail records it but it "
                       "is not in the database: it was deleted outside the application")
    if len(out) > limit:
        out = [*out[:limit], "… further case problems not listed"]
    return out


def _replay(trail: _Trail, row: AuditFact, sub: str | None, supervisors: set[str]) -> None:
    trail.reference = trail.reference or row.case_ref
    detail = row.detail
    stage_match = _STAGE.fullmatch(sub or "")
    stamped, record = _entitled_stamps(trail, row, sub, supervisors)
    what = f"audit row {row.id}"
    if stage_match is not None and _is_completion(row):
        stage = int(stage_match.group(1))
        if stage == int(Stage.CLOSURE) and row.signed and _closed(trail):
            trail.impossible.append(
                f"{what} closes the case again with no reopening row since it was closed: a "
                "row the application does not write (a key holder's own row?)")
        elif row.signed and _completed_before(trail, stage):
            earlier = trail.stages[stage]
            trail.impossible.append(
                f"{what} completes {Stage(stage).title} again with no reopening or return "
                f"since {earlier.what}: a row the application does not write (a key "
                "holder's own row?)")
        trail.stages[stage] = _StageEvent(True, row.actor, _digest_for(record, stage), row.id,
                                          f"its completion row ({what})")
        if stage == int(Stage.CLOSURE) and state_in(detail) is None:
            trail.closed = (True, row.id, f"the closure row ({what})")
            trail.route = (_UNKNOWN, row.id, "")
            trail.state = None
    elif stage_match is not None and detail.startswith("time of first contact corrected"):
        stage = int(stage_match.group(1))
        event = trail.stages.get(stage)
        if event is not None and event.complete and record is not None:
            event.digest, event.row = _digest_for(record, stage), row.id
            event.what = f"its correction row ({what})"
    elif sub is None and detail.startswith("police-initiated (right to know) case opened"):
        stage = int(Stage.RISK_ASSESSMENT)
        trail.stages[stage] = _StageEvent(True, row.actor, _digest_for(record, stage), row.id,
                                          f"the row opening the case ({what})")
    elif sub is None and detail.startswith("reopened at "):
        _reopened(trail, row, detail, supervisors)
    elif sub is None and detail.startswith("sent to closure early: "):
        label = detail[len("sent to closure early: "):].split(" [", 1)[0]
        route = _BY_LABEL.get(label)
        trail.closed = (False, row.id, f"the early-closure row ({what})")
        trail.route = (route.value if route else _UNKNOWN, row.id,
                       f"the early-closure row ({what})")
    elif sub == "signoff" and detail.startswith("decision "):
        outcome = "approved" if detail.startswith("decision approved") else "returned"
        trail.signoffs.append((outcome, row.actor, row.id))
        if outcome == "returned":
            trail.stages[int(Stage.DECISION)] = _StageEvent(
                False, row.actor, None, row.id, f"the sign-off row returning it ({what})")
        if row.signed and row.actor not in supervisors:
            trail.impossible.append(
                f"{what} records a sign-off by '{row.actor}', who was never a supervisor")
    elif detail.startswith(_CORRECTION_7):
        trail.route = (Route.DISCLOSURE_NOT_MADE.value, row.id,
                       f"the software update's correction row ({what})")
    if stamped is not None:
        trail.state = (stamped, row, sub)


_KINDS: tuple[tuple[str | None, frozenset[str], str, RowKind], ...] = (
    (None, frozenset({"collect"}), "case opened at first contact", RowKind.OPENING),
    (None, frozenset({"collect"}), "police-initiated (right to know) case opened",
     RowKind.RIGHT_TO_KNOW),
    (None, frozenset({"alter"}), "reopened at ", RowKind.REOPENING),
    (None, frozenset({"alter"}), "sent to closure early: ", RowKind.EARLY_CLOSURE),
    ("signoff", frozenset({"alter"}), "decision ", RowKind.SIGNOFF),
)


def _row_kind(row: AuditFact, sub: str | None) -> tuple[RowKind | None, int | None]:
    """Which change a row records (its action, entity and wording), and of which stage."""
    stage_match = _STAGE.fullmatch(sub or "")
    if stage_match is not None:
        stage = int(stage_match.group(1))
        if _is_completion(row):
            return RowKind.COMPLETION, stage
        if row.action == "alter" and row.detail.startswith("time of first contact corrected"):
            return RowKind.CORRECTION, stage
        return None, stage
    for entity, actions, start, kind in _KINDS:
        if sub == entity and row.action in actions and row.detail.startswith(start):
            return kind, None
    return None, None


def _entitled_stamps(trail: _Trail, row: AuditFact, sub: str | None, supervisors: set[str]
                     ) -> tuple[CaseState | None, tuple[int, str] | None]:
    """The row's state and record stamps that count (app/domain/stamp_rules.py); a stamp
    the row is not entitled to is reported and not believed."""
    stamped, record = state_in(row.detail), record_in(row.detail)
    if stamped is None and record is None:
        return None, None
    kind, stage = _row_kind(row, sub)
    outcome = None
    if kind is RowKind.SIGNOFF:
        outcome = "approved" if row.detail.startswith("decision approved") else "returned"
    facts = stamp_rules.Row(kind, stage, outcome, row.actor, row.actor in supervisors)
    decision = trail.stages.get(int(Stage.DECISION))
    first = trail.stages.get(int(Stage.INITIAL_CONTACT))
    before = stamp_rules.Before(
        status=_status_before(trail),
        signoff=trail.state[0].signoff if trail.state is not None
        else (trail.signoffs[-1][0] if trail.signoffs else None),
        signoff_known=trail.state is not None,
        stage1_complete=first is not None and first.complete,
        decided_by=decision.actor if decision is not None and decision.complete else None,
        route=trail.state[0].route if trail.state is not None else None)
    who = f"audit row {row.id} ({row.action} by {row.actor or 'no one'})"
    if stamped is not None:
        why = stamp_rules.state_refusal(facts, stamped, before)
        if why is not None:
            trail.impossible.append(f"{who} carries a case state stamp: {why}")
            stamped = None
    if record is not None:
        why = stamp_rules.record_refusal(facts, record[0], before)
        if why is not None:
            trail.impossible.append(f"{who} carries a stage record stamp: {why}")
            record = None
    return stamped, record


def _status_before(trail: _Trail) -> str | None:
    if trail.state is not None:
        return trail.state[0].status
    if trail.closed is not None:
        return "closed" if trail.closed[0] else "open"
    return None


def _kind(sub: str | None, detail: str) -> str:
    """What a stamped row is, in words."""
    stage_match = _STAGE.fullmatch(sub or "")
    if stage_match is not None:
        stage = Stage(int(stage_match.group(1)))
        return "closure row" if stage is Stage.CLOSURE else f"{stage.title} completion row"
    if sub == "signoff":
        return "sign-off row"
    for start, kind in (("reopened at ", "reopening row"),
                        ("sent to closure early", "early-closure row")):
        if detail.startswith(start):
            return kind
    return "row opening the case"


def _closed(trail: _Trail) -> bool:
    if trail.state is not None:
        return trail.state[0].status == "closed"
    return trail.closed is not None and trail.closed[0]


def _reopened(trail: _Trail, row: AuditFact, detail: str, supervisors: set[str]) -> None:
    title = detail[len("reopened at "):].split(" [", 1)[0]
    to_stage = _BY_TITLE.get(title, Stage.CLOSURE)
    what = f"the reopening row (audit row {row.id})"
    for stage in list(trail.stages):
        if stage >= to_stage:
            trail.stages[stage] = _StageEvent(False, row.actor, None, row.id, what)
    trail.closed = (False, row.id, what)
    if to_stage < Stage.CLOSURE:
        trail.route = (None, row.id, what)
    if row.signed and row.actor not in supervisors:
        trail.impossible.append(f"audit row {row.id} records a reopening by "
                                       f"'{row.actor}', who was never a supervisor")


def _completed_before(trail: _Trail, stage: int) -> bool:
    """The stage is already complete by a completion row (not reopened or returned)."""
    event = trail.stages.get(stage)
    return event is not None and event.complete and event.what.startswith(
        ("its completion", "its correction"))


def _is_completion(row: AuditFact) -> bool:
    return row.action in ("alter", "disclose") and (
        " completed" in row.detail or row.detail.startswith("disclosure recorded"))


def _digest_for(record: tuple[int, str] | None, stage: int) -> str | None:
    return record[1] if record is not None and record[0] == stage else None


def _route_words(value: str | None) -> str:
    if value is None:
        return "none"
    try:
        return f"'{Route(value).label}'"
    except ValueError:
        return f"'{value}'"


def _state_problems(case: repo.CaseState, trail: _Trail,
                    records: list[repo.StageState]) -> list[str]:
    out: list[str] = []
    if trail.state is not None:
        state, row, sub = trail.state
        what = f"the signed {_kind(sub, row.detail)} (audit row {row.id})"
        if case.status != state.status:
            out.append(f"it is {case.status} but {what} says {state.status}")
        if case.route != state.route:
            out.append(f"route is {_route_words(case.route)} but {what} says "
                       f"{_route_words(state.route)}")
        if case.stage != state.stage:
            out.append(f"its current stage is {case.stage} but {what} says {state.stage}")
        if case.signoff != state.signoff:
            out.append(f"its sign-off is '{case.signoff}' but {what} says '{state.signoff}'")
    else:
        closed = case.status == "closed"
        if trail.closed is None:
            if closed:
                out.append("it is closed but the audit trail has no closure row for it")
        elif trail.closed[0] != closed:
            out.append(f"it is {case.status} but {trail.closed[2]} left it "
                       f"{'closed' if trail.closed[0] else 'open'}")
        if trail.route is not None and trail.route[0] != _UNKNOWN \
                and trail.route[0] != case.route:
            out.append(f"route is {_route_words(case.route)} but {trail.route[2]} says "
                       f"{_route_words(trail.route[0])}")
    closure = next((r for r in records if r.stage == int(Stage.CLOSURE)
                    and r.status == "complete"), None)
    if case.status == "closed" and closure is not None:
        recorded = _loads(closure.data).get("route")
        if isinstance(recorded, str) and recorded != case.route:
            out.append(f"route is {_route_words(case.route)} but its closure record says "
                       f"{_route_words(recorded)}")
    return out


def _stage_problems(trail: _Trail, records: list[repo.StageState]) -> list[str]:
    out: list[str] = []
    for record in records:
        stage = Stage(record.stage)
        event = trail.stages.get(record.stage)
        if record.status != "complete":
            if event is not None and event.complete:
                out.append(f"{stage.title} is a draft but {event.what} completed it and no "
                           "reopening follows")
            continue
        if event is None:
            out.append(f"{stage.title} is complete but the audit trail has no row "
                       "completing it")
        elif not event.complete:
            out.append(f"{stage.title} is complete but {event.what} made it a draft again "
                       "and no completion row follows")
        elif event.actor != record.completed_by:
            out.append(f"{stage.title} is recorded as completed by '{record.completed_by}' "
                       f"but {event.what} is {event.actor}'s")
        elif event.digest is not None and not _same_answers(event.digest, record.data):
            out.append(f"the answers of the completed {stage.title} are not those "
                       f"{event.what} recorded: they were changed outside the application")
    return out


def _signoff_problems(trail: _Trail, rows: list[repo.SignoffState]) -> list[str]:
    out: list[str] = []
    for index, signoff in enumerate(rows):
        if index >= len(trail.signoffs):
            out.append(f"sign-off {index + 1} ({signoff.outcome} by '{signoff.by}') has no "
                       "sign-off row in the audit trail")
            continue
        outcome, actor, row = trail.signoffs[index]
        if (signoff.outcome, signoff.by) != (outcome, actor):
            out.append(f"sign-off {index + 1} is recorded as {signoff.outcome} by "
                       f"'{signoff.by}' but the sign-off row (audit row {row}) says "
                       f"{outcome} by '{actor}'")
    for outcome, actor, row in trail.signoffs[len(rows):]:
        out.append(f"the sign-off row (audit row {row}: {outcome} by '{actor}') has no "
                   "sign-off in the case record: it was deleted")
    return out


def _same_answers(digest: str, data: str) -> bool:
    """Whether the stored answers are those ``digest`` was made of (stored canonically by
    the application, so the text itself usually matches without parsing it)."""
    if hashlib.sha256(data.encode("utf-8")).hexdigest() == digest:
        return True
    return stage_digest(_loads(data)) == digest


def _loads(data: str) -> dict[str, object]:
    try:
        value = json.loads(data)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
