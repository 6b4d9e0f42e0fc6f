"""Form upgraders: a contiguous chain up to FORM_VERSION, run when an older record loads.

Each real upgrader gets its own test here, on answers as the older version stored
them (see the module help of app.domain.forms.upgrades).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from app.domain.enums import Stage
from app.domain.forms import FORM_VERSION, model, upgrades
from app.domain.forms.upgrades import FormTooNew, Upgrader, upgrade_answers
from app.errors import CsodsError, RecordTooNew
from app.services import cases
from app.services.case_file import load_case
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values


def test_the_registry_is_contiguous_up_to_form_version() -> None:
    assert upgrades.missing_upgraders() == []
    assert sorted(upgrades.UPGRADERS) == list(range(1, FORM_VERSION))
    assert upgrades.current_version() == FORM_VERSION


def test_current_answers_pass_unchanged_and_are_copied() -> None:
    stored = {"reason": "worried about a neighbour"}
    out = upgrade_answers(Stage.INITIAL_CONTACT, FORM_VERSION, stored)
    assert out == stored and out is not stored


# --- a test-only form change: version 1 → 2 renames stage 5's "forum" field --------


def _v1_to_v2(stage: Stage, answers: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(answers)
    if stage is Stage.DECISION and "forum" in out:
        out["meeting"] = out.pop("forum")
    return out


@pytest.fixture
def version_two(monkeypatch: pytest.MonkeyPatch) -> Upgrader:
    """Pretend the forms are at version 2, with the test upgrader registered."""
    monkeypatch.setattr(model, "FORM_VERSION", 2)
    monkeypatch.setattr(upgrades, "UPGRADERS", {})
    return upgrades.upgrader(1)(_v1_to_v2)


def test_the_test_upgrader_on_a_stored_example(version_two: Upgrader) -> None:
    stored_v1 = {"decision": "disclose", "forum": "strategy_meeting", "notes": "Agreed."}
    before = dict(stored_v1)
    assert upgrade_answers(Stage.DECISION, 1, stored_v1) == {
        "decision": "disclose", "meeting": "strategy_meeting", "notes": "Agreed."}
    assert stored_v1 == before  # pure: the stored answers are not changed
    assert upgrade_answers(Stage.INITIAL_CONTACT, 1, {"forum": "x"}) == {"forum": "x"}
    assert upgrade_answers(Stage.DECISION, 2, {"forum": "x"}) == {"forum": "x"}


def test_a_gap_in_the_chain_is_reported(version_two: Upgrader,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert upgrades.missing_upgraders() == []
    monkeypatch.setattr(model, "FORM_VERSION", 3)
    assert upgrades.missing_upgraders() == [2]
    with pytest.raises(ValueError, match="no upgrader from form version 2 to 3"):
        upgrade_answers(Stage.DECISION, 1, {})


def test_registering_twice_or_below_one_is_refused(version_two: Upgrader) -> None:
    with pytest.raises(ValueError, match="already exists"):
        upgrades.upgrader(1)(_v1_to_v2)
    with pytest.raises(ValueError, match="start at 1"):
        upgrades.upgrader(0)(_v1_to_v2)
    with pytest.raises(ValueError, match="not valid"):
        upgrade_answers(Stage.DECISION, 0, {})


def test_a_newer_version_than_the_code_is_refused() -> None:
    with pytest.raises(FormTooNew) as raised:
        upgrade_answers(Stage.DECISION, FORM_VERSION + 1, {})
    assert (raised.value.found, raised.value.supported) == (FORM_VERSION + 1, FORM_VERSION)


def test_loading_a_case_upgrades_its_older_records(unit: TestUnit, version_two: Upgrader,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cases, "FORM_VERSION", 2)  # the pretend current version (fixture)
    with unit.officer() as officer:
        ref = open_new(officer).reference
        with monkeypatch.context() as older:  # saved by a version whose forms were at 1
            older.setattr(cases, "FORM_VERSION", 1)
            cases.save_draft(officer, ref, Stage.INITIAL_CONTACT,
                             values(Stage.INITIAL_CONTACT, reason="Worried about a neighbour."))
        calls: list[Stage] = []

        def spy(stage: Stage, answers: Mapping[str, Any]) -> dict[str, Any]:
            calls.append(stage)
            return {**_v1_to_v2(stage, answers), "reason": "upgraded"}

        upgrades.UPGRADERS[1] = spy
        case = load_case(officer, ref)  # stored under version 1
        record = case.records[Stage.INITIAL_CONTACT]
        assert calls == [Stage.INITIAL_CONTACT]
        assert record.form_version == 2 and record.values["reason"] == "upgraded"
        assert case.values(Stage.INITIAL_CONTACT)["reason"] == "upgraded"


def test_a_case_saved_by_a_newer_version_is_refused_clearly(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        with monkeypatch.context() as newer:  # a newer version of the app saves a draft
            newer.setattr(cases, "FORM_VERSION", FORM_VERSION + 1)
            newer.setattr(model, "FORM_VERSION", FORM_VERSION + 1)
            newer.setattr(upgrades, "UPGRADERS", {FORM_VERSION: _v1_to_v2})
            saved = cases.save_draft(officer, ref, Stage.INITIAL_CONTACT,
                                     values(Stage.INITIAL_CONTACT))
            assert saved.records[Stage.INITIAL_CONTACT].form_version == FORM_VERSION + 1
        with pytest.raises(RecordTooNew) as raised:
            load_case(officer, ref)
        message = str(raised.value)
        assert isinstance(raised.value, CsodsError)
        assert ref in message and "newer version of CSODS Case Manager" in message
        assert f"form version {FORM_VERSION + 1}" in message
        assert f"understands up to {FORM_VERSION}" in message


def test_v2_to_v3_reads_an_old_meeting_as_face_to_face() -> None:
    """Issue 11 item 14: a stage 2 record saved under form version 2 (which asked when the
    applicant "was seen in person", ¶5.2.2) reads as a face-to-face interview; every other
    answer, and every other stage, passes through unchanged."""
    stored_v2 = {"meeting_at": "2025-03-07T14:00:00+00:00", "meeting_place": "Rugby station",
                 "identity_verified": True}
    before = dict(stored_v2)
    assert upgrade_answers(Stage.FACE_TO_FACE, 2, stored_v2) == {
        **before, "interview_mode": "face_to_face"}
    assert stored_v2 == before
    assert upgrade_answers(Stage.FACE_TO_FACE, 2, {"officer": "PC 1"}) == {"officer": "PC 1"}
    decision = {"decision": "disclose", "forum": "mappa_meeting"}
    assert upgrade_answers(Stage.DECISION, 2, decision) == decision
    first = {"contact_method": "online", "reason": "Worried."}
    assert upgrade_answers(Stage.INITIAL_CONTACT, 2, first) == first
