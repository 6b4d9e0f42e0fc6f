"""Role × operation matrix, enforced and audited at the service layer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain.enums import AuditAction, Role
from app.errors import NotAuthorised
from app.security import keyfile as kf
from app.services import maintenance, unit_verify, users
from app.services.authz import ROLE_PERMISSIONS, Permission
from app.services.session import Session
from app.storage import audit_repo
from tests.conftest import TestUnit

Operation = Callable[[Session, Path], object]

OPERATIONS: dict[str, tuple[Operation, set[Role]]] = {
    "add user": (lambda s, _: users.add_user(s, "newbie", "PC New", Role.OFFICER),
                 {Role.ADMINISTRATOR}),
    "list users": (lambda s, _: users.list_users(s), {Role.ADMINISTRATOR, Role.SUPERVISOR}),
    # Disabling only removes power: a supervisor may disable an officer (and rekey).
    "disable user": (lambda s, _: users.disable_user(s, "owen"),
                     {Role.ADMINISTRATOR, Role.SUPERVISOR}),
    "reset password": (lambda s, _: users.reset_password(s, "owen"), {Role.ADMINISTRATOR}),
    "set role": (lambda s, _: users.set_role(s, "owen", Role.SUPERVISOR), {Role.ADMINISTRATOR}),
    # Administrators hold no database key (issue 13): verifying, re-encrypting and the
    # chain head are a supervisor's; both may back up (an administrator's backup is a
    # copy of the encrypted files).
    "verify": (lambda s, _: unit_verify.verify(s), {Role.SUPERVISOR}),
    "backup": (lambda s, tmp: maintenance.backup(s, tmp / "b.db"),
               {Role.ADMINISTRATOR, Role.SUPERVISOR}),
    "rekey": (lambda s, _: maintenance.rekey(s), {Role.SUPERVISOR}),
    "chain head": (lambda s, _: unit_verify.chain_head(s), {Role.SUPERVISOR}),
}


def _session_for(unit: TestUnit, role: Role) -> Session:
    return {Role.ADMINISTRATOR: unit.admin, Role.SUPERVISOR: unit.supervisor,
            Role.OFFICER: unit.officer}[role]()


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", list(OPERATIONS))
def test_role_matrix(unit: TestUnit, tmp_path: Path, role: Role, name: str) -> None:
    operation, allowed_roles = OPERATIONS[name]
    with _session_for(unit, role) as session:
        if role in allowed_roles:
            operation(session, tmp_path)
            return
        if session.keyless:  # an administrator: the refusal is kept in the key file
            with pytest.raises(NotAuthorised) as refused:
                operation(session, tmp_path)
            assert role.value in str(refused.value)
            noted = kf.load(kf.keyfile_path(unit.db)).pending_audit[-1]
            assert (noted["action"], noted["actor"]) == (AuditAction.REFUSED, "admin")
            return
        before = audit_repo.head(session.conn)[0]
        with pytest.raises(NotAuthorised) as refused:
            operation(session, tmp_path)
        assert role.value in str(refused.value)
        rows = [r for r in audit_repo.iter_rows(session.conn) if r.id > before]
    assert [(r.action, r.actor) for r in rows] == [(AuditAction.REFUSED, session.user.username)]


def test_administrator_has_no_case_permissions() -> None:
    case_permissions = {Permission.CREATE_CASE, Permission.WORK_CASE, Permission.VIEW_ALL_CASES,
                        Permission.SIGN_OFF, Permission.VIEW_FIGURES, Permission.PRODUCE_DOCUMENTS}
    assert not case_permissions & ROLE_PERMISSIONS[Role.ADMINISTRATOR]


def test_officer_cannot_manage_or_supervise() -> None:
    officer = ROLE_PERMISSIONS[Role.OFFICER]
    assert Permission.SIGN_OFF not in officer
    assert Permission.VIEW_AUDIT not in officer
    assert Permission.MANAGE_USERS not in officer


def test_csods_verify_refuses_an_officer_and_audits_it(unit: TestUnit) -> None:
    from tests.conftest import OFFICER_PW

    with pytest.raises(NotAuthorised):
        unit_verify.verify_file(unit.db, "olive", OFFICER_PW, unit.clock)
    with unit.supervisor() as sam:
        rows = [r for r in audit_repo.iter_rows(sam.conn) if r.action == AuditAction.REFUSED]
    assert rows and rows[-1].actor == "olive" and "verify" in (rows[-1].detail or "")
