"""Hostile input never breaks validation: accepted unchanged, or refused clearly."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.enums import Stage
from app.domain.forms import (
    EXTENSION_FORM,
    IMMEDIATE_RISK_FORM,
    FieldKind,
    check_draft,
    form_for,
    validate_stage,
    validate_values,
)
from tests.unit.form_examples import valid_case_context, valid_stage_values

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

# (stage, top-level id, sub id or None) for every text field, nested ones included.
TEXT_SLOTS: list[tuple[Stage, str, str | None]] = []
for _form in (form_for(s) for s in Stage):
    for _f in _form.fields():
        if _f.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT) and _f.pattern is None:
            TEXT_SLOTS.append((_form.stage, _f.id, None))
        if _f.kind is FieldKind.PERSON:
            for _sub in _f.subfields:
                if _sub.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
                    TEXT_SLOTS.append((_form.stage, _f.id, _sub.id))

SQL = ["'; DROP TABLE cases;--", "Robert'); DROP TABLE students;--", "1 OR 1=1", "%s %n \\x00"]
SPECIAL = [
    "Zoë Ó Súilleabháin-Nuñez", "محمد عبد الله", "שלום עולם", "\u202egnp.exe", "李小龙",
    "🙂👨‍👩‍👧‍👦🏳️‍🌈", "Ω≈ç√∫", "a\u200db\u200fc\ufeff", "\u2028line\u2029sep", "   padded   ",
    "<script>alert(1)</script>", "${jndi:ldap://x}", "\uffff\ufffe",
]


def _bad_control(text: str, long: bool) -> bool:
    allowed = "\n\t" if long else ""
    return any((ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F) and c not in allowed for c in text)


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def _put(stage: Stage, top: str, sub: str | None, text: str) -> dict[str, Any]:
    values = valid_stage_values(stage)
    if sub is None:
        values[top] = text
    else:
        values.setdefault(top, {})
        values[top][sub] = text
    return values


def _path(top: str, sub: str | None) -> str:
    return top if sub is None else f"{top}.{sub}"


def _assert_accepted_or_clearly_refused(stage: Stage, top: str, sub: str | None,
                                        text: str) -> None:
    form = form_for(stage)
    field = form.field(_path(top, sub))
    values = _put(stage, top, sub, text)
    before = copy.deepcopy(values)
    problems = validate_stage(stage, values, valid_case_context(), now=NOW)
    draft = check_draft(stage, values)
    assert values == before  # never modified
    here = [p for p in problems if p.path == _path(top, sub)]
    long = field.kind is FieldKind.LONG_TEXT
    limit = field.effective_max_length
    assert limit is not None
    should_refuse = _has_surrogate(text) or _bad_control(text, long) or len(text) > limit
    if should_refuse:
        assert here, (field.id, text[:50])
        assert [p.path for p in draft] == [p.path for p in here]
        for p in here:
            assert p.message.endswith(".")
            assert field.label in p.message
            assert re.search(r"control character|invalid character|too long", p.message)
            assert text not in p.message or len(text) < 3
    else:
        # accepted (an all-blank value may still be "required"), and stored exactly
        assert all(p.message.endswith(" is required.") or "Give" in p.message for p in here)
        assert draft == []
        stored = json.dumps(values, ensure_ascii=False).encode("utf-8")
        assert json.loads(stored.decode("utf-8")) == values


hostile_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x9F), max_size=50),
    st.text(alphabet=st.characters(categories=["Cs", "Cc", "Cf", "Zl", "Zp", "So"]),
            max_size=30),
    st.sampled_from(SQL + SPECIAL),
    st.builds(lambda a, n: a * n, st.sampled_from(["x", "é", "🙂", "\n", "ab "]),
              st.integers(min_value=150, max_value=21000)),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(slot=st.sampled_from(TEXT_SLOTS), text=hostile_text)
def test_hostile_text_accepted_unchanged_or_refused(
    slot: tuple[Stage, str, str | None], text: str
) -> None:
    stage, top, sub = slot
    _assert_accepted_or_clearly_refused(stage, top, sub, text)


@pytest.mark.parametrize("text", SQL + SPECIAL)
@pytest.mark.parametrize("slot", [(Stage.INITIAL_CONTACT, "applicant", "surname"),
                                  (Stage.INITIAL_CONTACT, "reason", None),
                                  (Stage.OUTCOME, "verbatim", None)])
def test_known_hostile_strings(slot: tuple[Stage, str, str | None], text: str) -> None:
    _assert_accepted_or_clearly_refused(*slot, text)


@pytest.mark.parametrize("text", ["\ud800", "abc\udfffdef", "\udc80"])
def test_lone_surrogates_refused(text: str) -> None:
    values = _put(Stage.INITIAL_CONTACT, "reason", None, text)
    problems = check_draft(Stage.INITIAL_CONTACT, values)
    assert [p.path for p in problems] == ["reason"]
    assert "cannot be stored" in problems[0].message


def test_control_characters() -> None:
    s1 = Stage.INITIAL_CONTACT
    assert check_draft(s1, _put(s1, "reason", None, "line 1\nline 2\tend")) == []
    for text in ("a\rb", "nul\x00", "bell\x07", "esc\x1b[31m", "c1\x85"):
        problems = check_draft(s1, _put(s1, "reason", None, text))
        assert [p.path for p in problems] == ["reason"], text
        assert "U+" in problems[0].message
    problems = check_draft(s1, _put(s1, "officer", None, "PC\n1234"))
    assert [p.path for p in problems] == ["officer"]
    assert "Line breaks are not allowed" in problems[0].message


def test_length_limits_exact() -> None:
    s1 = Stage.INITIAL_CONTACT
    assert check_draft(s1, _put(s1, "officer", None, "é" * 200)) == []
    problems = check_draft(s1, _put(s1, "officer", None, "é" * 201))
    assert problems[0].message == (
        "Officer or staff member is too long: 201 characters, the most allowed is 200.")
    assert check_draft(s1, _put(s1, "reason", None, "x" * 20000)) == []
    assert check_draft(s1, _put(s1, "reason", None, "x" * 20001))


json_junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(stage=st.sampled_from(list(Stage)), data=st.data())
def test_junk_of_any_shape_never_raises(stage: Stage, data: st.DataObject) -> None:
    form = form_for(stage)
    values: dict[Any, Any] = valid_stage_values(stage)
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        key = data.draw(st.sampled_from([*form.paths(), "unknown_key"]))
        top = key.split(".")[0]
        values[top] = data.draw(json_junk)
    problems = validate_stage(stage, values, valid_case_context(), now=NOW)
    check_draft(stage, values)
    for p in problems:
        assert isinstance(p.path, str) and p.message


@settings(max_examples=100, deadline=None)
@given(values=json_junk, context=json_junk)
def test_junk_top_level_and_context_never_raise(values: Any, context: Any) -> None:
    ctx = {Stage.INITIAL_CONTACT: context} if isinstance(context, dict) else {}
    for stage in Stage:
        validate_stage(stage, values, ctx, now=NOW)
        check_draft(stage, values)
    validate_values(IMMEDIATE_RISK_FORM, values, now=NOW)
    validate_values(EXTENSION_FORM, values, now=NOW)
