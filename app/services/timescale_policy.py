"""The unit's timescale policy: view the versions, adopt a new one (supervisors).

authorise → validate → change → audit, in one transaction. Old versions are
never edited (a trigger refuses it); each case keeps the version in force when
it was opened, so its deadlines and the unit figures stay comparable. The 2010
maxima are version 1 and the default (¶5 table, 5.1.13, 5.4.8, 5.6.27).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from app.clock import from_iso
from app.domain.enums import AuditAction
from app.domain.timescale_policy import TimescalePolicy
from app.errors import InvalidInput
from app.services.authz import Permission, authorise
from app.services.session import Session
from app.storage import policy_repo


@dataclass(frozen=True)
class PolicyVersion:
    """One version of the unit's policy with why, when and by whom it was adopted
    (``adopted_by`` is None for the built-in 2010 maxima)."""

    policy: TimescalePolicy
    reason: str
    adopted_at: datetime
    adopted_by: str | None


def policy_history(session: Session) -> list[PolicyVersion]:
    """Every version with its reason, when and by whom, oldest first (the last is in
    force for cases opened from now on)."""
    authorise(session, Permission.WORK_CASE)
    return [PolicyVersion(policy, reason, from_iso(at), by)
            for policy, reason, at, by in policy_repo.history(session.conn)]


def policies(session: Session) -> list[TimescalePolicy]:
    """Every version, oldest first (the last is in force for new cases)."""
    authorise(session, Permission.WORK_CASE)
    return policy_repo.all_policies(session.conn)


def current_policy(session: Session) -> TimescalePolicy:
    return policy_repo.current(session.conn)


def adopt_policy(session: Session, targets: TimescalePolicy, reason: str) -> TimescalePolicy:
    """Record ``targets`` as the next version, in force for cases opened from now on."""
    authorise(session, Permission.SET_TIMESCALE_POLICY)
    problems = targets.problems()
    if not reason.strip():
        problems.append("Say why the unit's targets change (e.g. the force policy adopted).")
    if problems:
        raise InvalidInput("The timescale policy cannot be changed: " + " ".join(problems))
    with session.transaction() as conn:
        latest = policy_repo.current(conn)
        new = replace(targets, version=latest.version + 1, name=targets.name.strip())
        if replace(new, version=latest.version, name=latest.name) == latest:
            raise InvalidInput("These are the targets already in force.")
        policy_repo.insert(conn, new, reason.strip(), session.clock.now(), session.user.id)
        session.audit(conn, AuditAction.ALTER, entity=f"timescale-policy:{new.version}",
                      justification=reason.strip(),
                      detail=f"timescale policy changed to {new.describe()}")
    return new
