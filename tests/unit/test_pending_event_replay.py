"""#13 item 3, second attack review: an administrator's signed key-file event is entered
once, in its own unit only.

Attacked as an insider would: the signed event (made with the administrator's own slot,
as the application makes it) placed in the key file's JSON twice, again after it was
entered, and in another unit's key file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.security import keyfile as kf
from app.security import pending_events, slots
from app.security.signing import KeySigner, b64, canonical
from app.services import audit_view, unit_verify
from app.storage import audit_repo
from tests.conftest import SUPERVISOR_PW, TestUnit, make_test_unit


def _admin(unit: TestUnit) -> KeySigner:
    keyfile = kf.load(kf.keyfile_path(unit.db))
    opened = slots.open_slot(keyfile, "admin", keyfile.slots["admin"],
                             unit.passwords["admin"])
    return KeySigner("admin", opened.signing or b"")


def _unit_id(unit: TestUnit) -> str:
    return kf.load(kf.keyfile_path(unit.db)).unit_id


def _put(unit: TestUnit, *events: dict[str, Any]) -> None:
    keys = kf.keyfile_path(unit.db)
    data = json.loads(keys.read_text(encoding="utf-8"))
    data["pending_audit"] = [*(data.get("pending_audit") or []), *events]
    keys.write_text(json.dumps(data), encoding="utf-8")


def _rows(unit: TestUnit, text: str) -> list[audit_repo.AuditRow]:
    with unit.supervisor() as sam:
        return [r for r in audit_repo.iter_rows(sam.conn) if text in (r.detail or "")]


def test_a_signed_event_placed_twice_and_replayed_later_is_entered_once(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    event = pending_events.signed_event(_admin(unit), unit.clock.now(), "user_admin",
                                        "user:olive", "REPLAY lockout cleared",
                                        unit_id=_unit_id(unit))
    _put(unit, event, dict(event))
    unit.officer().close()
    entered = _rows(unit, "REPLAY lockout cleared (by admin")
    assert len(entered) == 1
    assert f"[event {event['nonce']}]" in (entered[0].detail or "")
    _put(unit, dict(event))
    unit.officer().close()
    assert len(_rows(unit, "REPLAY lockout cleared (by admin")) == 1
    refusals = _rows(unit, "already entered (a replayed copy)")
    assert len(refusals) == 2  # the second copy at once, the later replay
    assert unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"],
                                   unit.clock).problems == []
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    assert main(["verify", "--db", str(unit.db), "--user", "sam"]) == 0
    capsys.readouterr()


def test_another_units_signed_event_is_refused(unit: TestUnit, tmp_path: Path) -> None:
    other = make_test_unit(tmp_path / "other", unit.clock)
    event = pending_events.signed_event(_admin(other), unit.clock.now(), "user_admin",
                                        "user:olive", "OTHER UNIT", unit_id=_unit_id(other))
    _put(unit, event)
    unit.officer().close()
    assert _rows(unit, "OTHER UNIT") == []
    assert len(_rows(unit, "1 of another unit")) == 1


def test_an_event_signed_by_an_earlier_build_without_a_nonce_is_refused_once(
        unit: TestUnit) -> None:
    signer = _admin(unit)
    event: dict[str, Any] = {"at": "2026-03-02T09:30:00+00:00", "action": "user_admin",
                             "actor": "admin", "entity": "user:olive", "detail": "OLD BUILD"}
    event["key"] = b64(signer.public)
    event["sig"] = signer.sign_data(canonical(event))
    _put(unit, event)
    unit.officer().close()
    unit.officer().close()
    assert _rows(unit, "OLD BUILD") == []
    assert len(_rows(unit, "without a one-time number")) == 1


def test_many_administrator_sign_ins_are_each_entered_and_verify_clean(
        unit: TestUnit) -> None:
    for _n in range(5):
        unit.admin().close()
        unit.officer().close()
    entered = _rows(unit, "signed in without the database key (by admin")
    assert len(entered) >= 5
    assert len({r.detail for r in entered}) == len(entered)  # each its own number
    assert _rows(unit, "were refused") == []
    assert unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"],
                                   unit.clock).problems == []


def test_a_supervisor_typing_an_events_mark_in_the_audit_filter_does_not_refuse_it(
        unit: TestUnit) -> None:
    """Round 3 N1: the key file is plain JSON, so its events' one-time numbers can be read;
    a supervisor typed one (and the whole entered wording) into the audit viewer's user
    filter. The "audit trail viewed (user=…)" rows must not make the administrator's real
    event look already entered: it is entered at the next sign-in, and only once."""
    event = pending_events.signed_event(_admin(unit), unit.clock.now(), "user_admin",
                                        "user:olive", "REAL-EVENT lockout of olive cleared",
                                        unit_id=_unit_id(unit))
    mark = pending_events.entered_mark(event["nonce"])
    with unit.supervisor() as sam:
        _put(unit, event)
        for typed in (mark, f"REAL-EVENT lockout of olive cleared (by admin, recorded in "
                            f"the key file) {mark}",
                      f"REAL-EVENT lockout of olive cleared {mark}"):
            audit_view.search_audit(sam, audit_view.AuditFilter(actor=typed))
    unit.officer().close()
    entered = _rows(unit, "REAL-EVENT lockout of olive cleared (by admin")
    assert [r.action for r in entered if r.action != "audit_viewed"] == ["user_admin"]
    assert _rows(unit, "already entered (a replayed copy)") == []
    _put(unit, dict(event))  # the real one, replayed after it was entered, is still refused
    unit.officer().close()
    assert len(_rows(unit, "already entered (a replayed copy)")) == 1
