"""Who may do what. Enforced here, in the services; the UI only hides.

A refusal is written to the audit trail (in its own transaction, since the
refused change never happens) and raised as NotAuthorised.
"""

from __future__ import annotations

from enum import StrEnum

from app.domain.enums import AuditAction, Role
from app.errors import NotAuthorised
from app.services.session import Session


class Permission(StrEnum):
    CREATE_CASE = "create cases"
    WORK_CASE = "work on cases"
    VIEW_ALL_CASES = "view every case in the unit"
    ASSIGN_CASE = "assign cases"
    SIGN_OFF = "sign off decisions"
    REOPEN_CASE = "reopen closed cases"
    VIEW_FIGURES = "view unit figures"
    VIEW_AUDIT = "view the audit trail"
    VERIFY = "verify the database"
    RETENTION = "carry out retention reviews"
    MANAGE_USERS = "manage user accounts"
    # Disabling only removes power: a supervisor may do it (and re-encrypt at once).
    DISABLE_ACCOUNTS = "disable user accounts"
    LIST_USERS = "list user accounts"
    MAINTAIN = "back up the unit's encrypted files"
    REKEY = "re-encrypt the database or restore it from a backup"
    UNIT_SETTINGS = "change unit settings"
    PRODUCE_DOCUMENTS = "produce case documents"
    APPROVE_ACCOUNTS = "approve accounts an administrator prepared"
    SET_TIMESCALE_POLICY = "change the unit's timescale policy"
    CORRECT_CONTACT_TIME = "correct the first-contact time of a completed initial contact"


_OFFICER = {
    Permission.CREATE_CASE,
    Permission.WORK_CASE,
    Permission.PRODUCE_DOCUMENTS,
}
_SUPERVISOR = _OFFICER | {
    Permission.VIEW_ALL_CASES,
    Permission.ASSIGN_CASE,
    Permission.SIGN_OFF,
    Permission.REOPEN_CASE,
    Permission.VIEW_FIGURES,
    Permission.VIEW_AUDIT,
    Permission.VERIFY,
    Permission.RETENTION,
    Permission.LIST_USERS,
    Permission.DISABLE_ACCOUNTS,
    Permission.APPROVE_ACCOUNTS,
    Permission.UNIT_SETTINGS,
    Permission.MAINTAIN,
    Permission.REKEY,
    Permission.SET_TIMESCALE_POLICY,
    Permission.CORRECT_CONTACT_TIME,
}
# The administrator looks after accounts and copies of the encrypted files; they hold
# no key to the database, so verifying, re-encrypting, restoring and unit settings
# (which live in the database) are a supervisor's (docs/SECURITY.md).
_ADMINISTRATOR = {
    Permission.MANAGE_USERS,
    Permission.DISABLE_ACCOUNTS,
    Permission.LIST_USERS,
    Permission.MAINTAIN,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset(_OFFICER),
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMINISTRATOR: frozenset(_ADMINISTRATOR),
}


def allowed(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def authorise(session: Session, permission: Permission, *, case_ref: str | None = None) -> None:
    """Return quietly if allowed; otherwise audit the refusal and raise."""
    if allowed(session.user.role, permission):
        return
    refuse(session, permission.value, case_ref=case_ref)


def refuse(session: Session, what: str, *, case_ref: str | None = None) -> None:
    """Audit a refused action and raise NotAuthorised."""
    if session.keyless:
        session.record(AuditAction.REFUSED, detail=f"refused: {what}")
    else:
        with session.transaction() as conn:
            session.audit(conn, AuditAction.REFUSED, case_ref=case_ref,
                          detail=f"refused: {what}")
    raise NotAuthorised(session.user.role.value, what)
