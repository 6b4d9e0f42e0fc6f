"""#13 item 3: a supervisor is warned at sign-in, and in the Audit tab, when audit rows
the unit once witnessed were cut from the trail outside the application."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.domain.enums import AuditAction
from app.security import keyfile as kf
from app.security import slots
from tests.conftest import OFFICER_PW, SUPERVISOR_PW, TestUnit
from tests.ui.conftest import sign_in
from tests.unit.raw_db import raw_connection
from ui.shell import Shell
from ui.supervisor.audit_tab import AuditTab


def _cut_last_rows(unit: TestUnit, count: int) -> None:
    keyfile = kf.load(kf.keyfile_path(unit.db))
    key = slots.open_slot(keyfile, "olive", keyfile.slots["olive"],
                          unit.passwords["olive"]).db_keys[0]
    conn = raw_connection(unit.db, key)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger' "
                                "AND tbl_name='audit'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DELETE FROM audit WHERE id > (SELECT max(id) FROM audit) - ?", (count,))
    conn.close()


def test_a_supervisor_is_warned_and_an_officer_is_not(qtbot: QtBot, unit: TestUnit,
                                                      shell: Shell) -> None:
    with unit.officer() as olive:
        for n in range(20):
            olive.record(AuditAction.CONSULT, entity=f"n:{n}")
    _cut_last_rows(unit, 10)
    sign_in(shell, "olive", OFFICER_PW)  # the officer's sign-in finds the broken heads
    assert shell.main_window is not None and shell.main_window.witness_warning is None


def test_the_audit_tab_shows_the_warning(qtbot: QtBot, unit: TestUnit) -> None:
    with unit.officer() as olive:
        for n in range(20):
            olive.record(AuditAction.CONSULT, entity=f"n:{n}")
    _cut_last_rows(unit, 10)
    with unit.supervisor() as sam:
        tab = AuditTab(sam)
        qtbot.addWidget(tab)
        assert "no longer matches" in tab.witness_warning.text()
        assert not tab.witness_warning.isHidden()


def test_a_supervisors_sign_in_shows_it(qtbot: QtBot, unit: TestUnit, shell: Shell) -> None:
    with unit.officer() as olive:
        for n in range(20):
            olive.record(AuditAction.CONSULT, entity=f"n:{n}")
    _cut_last_rows(unit, 10)
    sign_in(shell, "sam", SUPERVISOR_PW)
    window = shell.main_window
    assert window is not None and window.witness_warning is not None
    assert "no longer matches" in window.witness_warning.toolTip()
