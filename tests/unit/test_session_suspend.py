"""One session per sign-in: lock suspends it, the same password resumes the same object."""

from __future__ import annotations

import pytest

from app.errors import AuthenticationFailed, CsodsError
from app.services.case_list import CaseQuery, list_cases
from app.services.session import SessionClosed, SessionSuspended
from app.services.unit import AccountChanged, resume
from app.services.users import set_role
from app.storage import audit_repo
from tests.conftest import OFFICER2_PW, OFFICER_PW, TestUnit


def test_lock_then_unlock_resumes_the_same_session(unit: TestUnit) -> None:
    olive = unit.officer()
    olive.suspend()
    assert olive.is_suspended and not olive.is_open
    assert resume(olive, OFFICER_PW) is olive
    assert olive.is_open and not olive.is_suspended
    list_cases(olive, CaseQuery())  # works again
    with unit.supervisor() as sam:
        actions = [(r.actor, r.action) for r in audit_repo.iter_rows(sam.conn)]
    # Listing the cases again after unlocking is a consultation of its own (#13 item 8).
    assert actions[-4:] == [("olive", "lock"), ("olive", "unlock"), ("olive", "consult"),
                            ("sam", "login")]
    olive.close()


def test_a_suspended_session_refuses_every_call_with_a_clear_sentence(unit: TestUnit) -> None:
    olive = unit.officer()
    olive.suspend()
    with pytest.raises(SessionSuspended, match="screen is locked"):
        list_cases(olive, CaseQuery())
    with pytest.raises(SessionSuspended):
        _ = olive.db_key  # the key is gone, not merely hidden
    with pytest.raises(SessionSuspended):
        olive.worker_ticket()
    assert olive._key == bytearray()  # noqa: SLF001 - wiped, as far as Python allows
    olive.close()
    with pytest.raises(SessionClosed):
        _ = olive.conn


def test_a_wrong_password_or_another_user_keeps_it_suspended(unit: TestUnit) -> None:
    olive = unit.officer()
    olive.suspend()
    with pytest.raises(AuthenticationFailed):
        resume(olive, "not-my-password-sorry")
    with pytest.raises(AuthenticationFailed):
        resume(olive, OFFICER2_PW)  # Owen's password cannot open Olive's session
    assert olive.is_suspended
    with pytest.raises(SessionSuspended):
        list_cases(olive, CaseQuery())
    resume(olive, OFFICER_PW)
    olive.close()


def test_an_open_or_ended_session_cannot_be_resumed(unit: TestUnit) -> None:
    olive = unit.officer()
    with pytest.raises(CsodsError, match="not locked"):
        resume(olive, OFFICER_PW)
    olive.close()
    with pytest.raises(CsodsError):
        resume(olive, OFFICER_PW)


def test_a_role_changed_while_locked_must_sign_in_again(unit: TestUnit) -> None:
    from app.domain.enums import Role

    owen = unit.officer2()
    owen.suspend()
    with unit.admin() as admin:
        set_role(admin, "owen", Role.SUPERVISOR)
    unit.approve("owen")  # two people: the administrator prepares, the supervisor approves
    with pytest.raises(AccountChanged):
        resume(owen, OFFICER2_PW)
    assert owen.is_suspended


def test_a_worker_ticket_opens_its_own_connection(unit: TestUnit) -> None:
    olive = unit.officer()
    ticket = olive.worker_ticket()
    worker = ticket.open()
    assert worker.conn is not olive.conn and worker.user == olive.user
    worker.close()  # no logout: the sign-in is still open
    ticket.wipe()
    assert olive.is_open
    with unit.supervisor() as sam:
        assert ("olive", "logout") not in [(r.actor, r.action)
                                           for r in audit_repo.iter_rows(sam.conn)]
    olive.close()
