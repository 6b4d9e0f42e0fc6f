"""Validation of a form's values against its declaration.

``validate_stage`` is what the service calls before a stage may be completed:
it returns every problem (missing mandatory answers, conditional ones
included, invalid values and cross-field rules) in form order.
``check_draft`` is the lighter check applied to every save of a draft: the
draft may be incomplete but must never hold values of the wrong type or
shape, or text that cannot be stored.  Neither raises on any input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from app.domain.enums import Stage
from app.domain.forms.model import AuxForm, Field, FieldKind, FormRule, StageForm
from app.domain.forms.registry import form_for
from app.domain.forms.requirements import CaseContext, Scope, is_empty
from app.domain.forms.values import TEXT_KINDS, sense_messages, shape_messages

EMPTY_CONTEXT: CaseContext = MappingProxyType({})

_INDEX_RE = re.compile(r"\[[0-9]+\]", re.ASCII)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a form, addressed by field path ("children[1].name").

    Indexes in paths count from 0; ``label`` names the entry for people
    ("Child 2 › Name").
    """

    path: str
    label: str
    message: str
    paragraphs: tuple[str, ...] = ()


FormLike = StageForm | AuxForm | Sequence[Field]


@dataclass
class _Run:
    context: CaseContext
    full: bool
    now: datetime
    out: list[Problem]

    def add(self, path: str, label: str, message: str, field: Field | None) -> None:
        paras = field.paragraphs if field is not None else ()
        self.out.append(Problem(path, label, message, paras))


def _required_message(field: Field, label: str) -> str:
    if field.missing_message:
        return field.missing_message
    if field.kind is FieldKind.TICK:
        return f"This must be ticked to confirm it was done: {label}."
    if label.endswith("?"):
        return f"Please answer: {label}"
    return f"{label} is required."


def _safe_key(key: Any) -> str:
    text = key if isinstance(key, str) else repr(key)
    text = "".join(ch if ch.isprintable() else "?" for ch in text[:40])
    return text


def _check_record(
    fields: Sequence[Field],
    record: Any,
    scope: Mapping[str, Any],
    prefix: str,
    label_prefix: str,
    run: _Run,
    check_required: bool,
    rules: Sequence[FormRule] = (),
) -> None:
    if not isinstance(record, Mapping):
        run.add(prefix.rstrip("."), label_prefix.rstrip(" ›"), "This must be a record.", None)
        return
    known = {f.id for f in fields}
    for key in record:
        if key not in known:
            run.add(
                prefix + _safe_key(key),
                "Unknown field",
                f"This form has no field called {_safe_key(key)!r}; it cannot be stored.",
                None,
            )
    by_id = {f.id: f for f in fields}
    for field in fields:
        # An either-or pair left empty is one missing answer, reported once.
        partner = by_id.get(field.one_of) if field.one_of else None
        said = partner is not None and any(
            p.path == prefix + partner.id
            and p.message == _required_message(partner, partner.label) for p in run.out)
        _check_field(field, record.get(field.id), scope, prefix, label_prefix, run,
                     check_required and not said)
        if run.full:
            for rule in rules:
                if _INDEX_RE.sub("", rule.path).split(".")[0] == field.id and rule.when.applies(
                    scope, run.context
                ):
                    run.out.append(
                        Problem(rule.path, field.label, rule.message, rule.paragraphs)
                    )


def _check_field(
    field: Field,
    value: Any,
    scope: Mapping[str, Any],
    prefix: str,
    label_prefix: str,
    run: _Run,
    check_required: bool,
) -> None:
    path = prefix + field.id
    label = field.label
    full = label_prefix + field.label
    kind = field.kind
    required = bool(run.full and check_required and field.required.applies(scope, run.context))
    shaped_ok = True

    if kind is FieldKind.PERSON:
        started = value is not None and not (isinstance(value, Mapping) and not value)
        if started or required:
            record = value if value is not None else {}
            before = len(run.out)
            _check_record(
                field.subfields,
                record,
                Scope(record, scope) if isinstance(record, Mapping) else scope,
                f"{path}.",
                f"{full} › ",
                run,
                required or not is_empty(record),
            )
            if required and is_empty(record) and len(run.out) == before:
                run.add(path, full, _required_message(field, label), field)
        return

    if kind is FieldKind.GROUP:
        items: list[Any] = []
        if value is not None:
            if not isinstance(value, list):
                run.add(path, full, f"{label} must be a list of entries.", field)
                return
            items = value
        if field.max_items is not None and len(items) > field.max_items:
            run.add(
                path, full, f"{label} can have at most {field.max_items} entries.", field
            )
        for index, item in enumerate(items):
            noun = field.item_label.capitalize() if field.item_label else field.label
            item_scope = Scope(item, scope) if isinstance(item, Mapping) else scope
            _check_record(
                field.subfields,
                item,
                item_scope,
                f"{path}[{index}].",
                f"{label_prefix}{noun} {index + 1} › ",
                run,
                True,
            )
        need = max(1, field.min_items)
        if required and len(items) < need:
            noun = field.item_label or "entry"
            count = "one" if need == 1 else str(need)
            run.add(path, full, f"At least {count} {noun} must be recorded.", field)
        return

    text_kind = kind in TEXT_KINDS
    if value is not None and (text_kind or not is_empty(value)):
        messages = shape_messages(field, value, label)
        if not messages and run.full:
            messages = sense_messages(field, value, label, run.now)
        for message in messages:
            run.add(path, full, message, field)
        shaped_ok = not messages
    if required and shaped_ok:
        missing = value is not True if kind is FieldKind.TICK else is_empty(value)
        if missing:
            run.add(path, full, _required_message(field, label), field)


def _parts(form_or_fields: FormLike) -> tuple[tuple[Field, ...], tuple[FormRule, ...]]:
    if isinstance(form_or_fields, StageForm | AuxForm):
        return form_or_fields.fields(), form_or_fields.rules
    return tuple(form_or_fields), ()


def _run(
    form_or_fields: FormLike,
    values: Any,
    context: CaseContext,
    full: bool,
    now: datetime | None,
) -> list[Problem]:
    fields, rules = _parts(form_or_fields)
    run = _Run(context or EMPTY_CONTEXT, full, now or datetime.now(UTC), [])
    if not isinstance(values, Mapping):
        return [Problem("", "Form", "The form's values must be a record of fields.")]
    _check_record(fields, values, values, "", "", run, True, rules)
    return run.out


def validate_values(
    form_or_fields: FormLike,
    values: Any,
    context: CaseContext = EMPTY_CONTEXT,
    *,
    now: datetime | None = None,
) -> list[Problem]:
    """Every problem with ``values`` for a form (stage or auxiliary) or field list."""
    return _run(form_or_fields, values, context, True, now)


def validate_stage(
    stage: Stage,
    values: Any,
    context: CaseContext = EMPTY_CONTEXT,
    *,
    now: datetime | None = None,
) -> list[Problem]:
    """Every problem that stops ``stage`` being completed, in form order.

    ``context`` holds the values of the case's other stages; ``now`` (aware)
    is the clock used for "not in the future" checks (default: the real clock).
    """
    return _run(form_for(stage), values, context, True, now)


def check_draft_values(form_or_fields: FormLike, values: Any) -> list[Problem]:
    """Type, shape and hostile-text problems only (drafts may be incomplete)."""
    return _run(form_or_fields, values, EMPTY_CONTEXT, False, None)


def check_draft(stage: Stage, values: Any) -> list[Problem]:
    """Type, shape and hostile-text problems of a draft of ``stage``."""
    return check_draft_values(form_for(stage), values)
