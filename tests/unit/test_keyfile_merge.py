"""Two processes changing the key file at once both keep their change (#13: an
administrator preparing an account while someone signs in used to lose one)."""

from __future__ import annotations

from app.security import keyfile as kf
from app.security import lockout_lock, slots
from tests.conftest import TestUnit


def test_concurrent_changes_to_the_key_file_are_both_kept(unit: TestUnit) -> None:
    path = kf.keyfile_path(unit.db)
    first, second = kf.load(path), kf.load(path)  # two processes, loaded together
    first.disabled["ghost-one"] = "2026-01-01T00:00:00Z"
    first.pending_audit.append({"at": "2026-01-01T00:00:00Z", "action": "x",
                                "actor": None, "entity": None, "detail": "first"})
    # A witnessed head of the shape keyfile_check accepts.
    head = {"unit": first.unit_id, "hash": "0" * 64, "at": "2026-01-01T00:00:00+00:00",
            "by": "second", "key": "", "sig": "", "row": 1}
    second.witness.append(head)
    second.unit_name = "Renamed by second"
    lockout_lock.save_keeping_counts(path, first)
    lockout_lock.save_keeping_counts(path, second)
    saved = kf.load(path)
    assert saved.disabled.get("ghost-one") == "2026-01-01T00:00:00Z"
    assert any(e.get("detail") == "first" for e in saved.pending_audit)
    assert head in saved.witness
    assert saved.unit_name == "Renamed by second"
    # The caller's object now holds what was saved, including the other's change.
    assert second.disabled.get("ghost-one") == "2026-01-01T00:00:00Z"


def test_a_removal_is_kept_and_an_untouched_entry_survives(unit: TestUnit) -> None:
    path = kf.keyfile_path(unit.db)
    first, second = kf.load(path), kf.load(path)
    victim = next(name for name in first.slots if name == "owen")
    del first.slots[victim]
    second.disabled["someone"] = "2026-02-02T00:00:00Z"
    lockout_lock.save_keeping_counts(path, first)
    lockout_lock.save_keeping_counts(path, second)
    saved = kf.load(path)
    assert "owen" not in saved.slots  # the second save did not bring it back
    assert "olive" in saved.slots and "sam" in saved.slots
    assert "someone" in saved.disabled


def test_failed_attempts_counted_meanwhile_are_not_wiped(unit: TestUnit) -> None:
    path = kf.keyfile_path(unit.db)
    loaded = kf.load(path)
    now = unit.clock.now()
    for _ in range(3):
        lockout_lock.begin_attempt(path, "olive", now)
    loaded.unit_name = "Changed meanwhile"
    lockout_lock.save_keeping_counts(path, loaded)
    saved = kf.load(path)
    assert saved.lockout[slots.lockout_id(saved, "olive")]["failures"] == 3  # counts kept
    assert saved.unit_name == "Changed meanwhile"


def test_unmerged_in_memory_key_file_still_saves(unit: TestUnit) -> None:
    path = kf.keyfile_path(unit.db)
    made = kf.KeyFile.from_json(path.read_text(encoding="utf-8"))
    delattr(made, kf.MERGE_BASE)
    made.unit_name = "Whole file"
    lockout_lock.save_keeping_counts(path, made)
    assert kf.load(path).unit_name == "Whole file"
