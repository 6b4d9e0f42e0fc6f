"""Value rules: real dates, UTC instants, types and shapes, drafts, empties."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from app.domain.enums import Stage
from app.domain.forms import (
    EXTENSION_FORM,
    Problem,
    check_draft,
    check_draft_values,
    validate_stage,
)
from tests.unit.form_examples import (
    Variant,
    valid_case_context,
    valid_stage_values,
)

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
S1, S2, S3, S4, S5, S6, S7 = list(Stage)


def paths(problems: list[Problem]) -> list[str]:
    return [p.path for p in problems]


def check(stage: Stage, values: dict[str, Any], variant: Variant = "disclose",
          **context_changes: dict[str, Any]) -> list[str]:
    ctx = valid_case_context(variant)
    for key, change in context_changes.items():
        ctx[Stage[key.upper()]].update(change)
    return paths(validate_stage(stage, values, ctx, now=NOW))


# --- values: dates, types, shapes ----------------------------------------------------


@pytest.mark.parametrize(("dob", "ok"), [
    ("2000-02-29", True), ("1999-02-29", False), ("2025-13-01", False), ("2025-1-01", False),
    ("01/02/2000", False), ("2000-02-30", False), ("0000-01-01", False), ("１９９０-01-01", False),
    ("1905-11-29", True), ("1905-11-28", False), ("2026-11-28", True), ("2026-11-29", False),
])
def test_date_of_birth(dob: str, ok: bool) -> None:
    values = valid_stage_values(S1)
    values["applicant"]["dob"] = dob
    assert check(S1, values) == ([] if ok else ["applicant.dob"])


def test_child_must_be_under_18() -> None:
    values = valid_stage_values(S1)
    values["children"][0]["dob"] = "2008-11-28"
    problems = validate_stage(S1, values, valid_case_context(), now=NOW)
    assert paths(problems) == ["children[0].dob"]
    assert "¶4.6" in problems[0].message
    values["children"][0]["dob"] = "2008-11-29"
    assert check(S1, values) == []


@pytest.mark.parametrize(("value", "ok"), [
    ("2026-11-28T12:05:00+00:00", True), ("2026-11-28T12:05:00Z", True),
    ("2026-11-28T12:05+00:00", True), ("2026-11-28T12:05:00.123456+00:00", True),
    ("2026-11-28T12:05:00", False), ("2026-11-28T12:05:00+01:00", False),
    ("2026-11-28 12:05:00+00:00", False), ("2026-11-28T25:05:00+00:00", False),
    ("2026-11-28T13:00:00+00:00", False), ("20261128T120500Z", False),
])
def test_datetime_values(value: str, ok: bool) -> None:
    values = valid_stage_values(S1)
    values["contact_at"] = value
    assert check(S1, values) == ([] if ok else ["contact_at"])


@pytest.mark.parametrize(("key", "bad"), [
    ("immediate_risk", "no"), ("immediate_risk", 0), ("check_pnc", 1), ("check_pnc", "yes"),
    ("contact_method", "carrier pigeon"), ("contact_method", 3), ("officer", 42),
    ("officer", ["a"]), ("reason", {"a": 1}), ("contact_at", 20260101),
    ("applicant", "Okafor"), ("children", {"name": "A"}), ("children", ["A"]),
])
def test_wrong_types_refused_in_drafts_too(key: str, bad: object) -> None:
    values = valid_stage_values(S1)
    values[key] = bad
    assert paths(check_draft(S1, values))[:1] == [key if key != "children" or
                                                   isinstance(bad, dict) else "children[0]"]
    assert check(S1, values)


def test_multi_choice_shapes() -> None:
    values = valid_stage_values(S2)
    for bad in (["passport", "passport"], ["spaceship"], "passport", [1]):
        values["id_documents"] = bad
        assert paths(check_draft(S2, values)) == ["id_documents"], bad


def test_unknown_keys_refused() -> None:
    values = valid_stage_values(S1)
    values["colour"] = "blue"
    values["applicant"]["shoe_size"] = "9"
    problems = check_draft(S1, values)
    assert paths(problems) == ["colour", "applicant.shoe_size"]
    assert all("no field called" in p.message for p in problems)


def test_draft_allows_incomplete_but_not_junk() -> None:
    assert check_draft(S1, {}) == []
    assert check_draft(S1, {"request_type": "csods", "children": [{}]}) == []
    assert check_draft(S1, {"applicant": {"dob": "2090-01-01"}}) == []  # sense, not shape
    assert paths(check_draft(S1, {"applicant": {"dob": "1999-02-29"}})) == ["applicant.dob"]
    assert paths(check_draft(S1, "not a dict")) == [""]  # type: ignore[arg-type]
    assert check_draft_values(EXTENSION_FORM, {"extra_days": "x"})


def test_empty_values_count_as_missing() -> None:
    values = valid_stage_values(S3)
    for empty in (None, "", "   "):
        values["pack_format"] = empty
        assert paths(validate_stage(S3, values, now=NOW)) == ["pack_format"]
    values = valid_stage_values(S2)
    values["id_documents"] = []
    assert check(S2, values) == ["id_documents"]
    values = valid_stage_values(S1)
    values["officer"] = "   "
    assert check(S1, values) == ["officer"]


def test_validation_does_not_modify_values() -> None:
    values = valid_stage_values(S1)
    snapshot = copy.deepcopy(values)
    validate_stage(S1, values, valid_case_context(), now=NOW)
    check_draft(S1, values)
    assert values == snapshot


def test_default_clock_used_when_now_not_given() -> None:
    values = valid_stage_values(S1)
    values["contact_at"] = "2999-01-01T00:00:00+00:00"
    assert paths(validate_stage(S1, values, valid_case_context())) == ["contact_at"]


def test_to_utc_iso() -> None:
    from datetime import timedelta, timezone

    from app.domain.forms import to_utc_iso

    bst = timezone(timedelta(hours=1))
    assert to_utc_iso(datetime(2026, 6, 1, 15, 5, 7, 999, tzinfo=bst)) == (
        "2026-06-01T14:05:07+00:00")
    with pytest.raises(ValueError, match="naive"):
        to_utc_iso(datetime(2026, 6, 1, 15, 5))


def test_no_module_is_named_after_a_windows_device() -> None:
    from pathlib import Path

    import app.domain.forms as forms

    reserved = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                *(f"lpt{i}" for i in range(10))}
    for module in Path(forms.__file__).parent.iterdir():
        assert module.name.split(".")[0].lower() not in reserved, module.name
