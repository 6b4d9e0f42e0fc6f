"""The whole schema as JSON-compatible data (``csods schema --json``)."""

from __future__ import annotations

from typing import Any

from app.domain.forms.auxiliary import AUX_FORMS
from app.domain.forms.model import (
    FORM_VERSION,
    AuxForm,
    Field,
    FieldKind,
    FormRule,
    Section,
    StageForm,
)
from app.domain.forms.registry import all_forms


def field_as_dict(field: Field, prefix: str = "") -> dict[str, Any]:
    path = f"{prefix}{field.id}"
    out: dict[str, Any] = {
        "id": field.id,
        "path": path,
        "label": field.label,
        "kind": field.kind.value,
        "required": field.required.to_dict(),
        "requirement": field.required.describe(),
        "help": field.help,
        "paragraphs": list(field.paragraphs),
    }
    if field.choices:
        out["choices"] = [{"value": c.value, "label": c.label} for c in field.choices]
    if field.subfields:
        out["subfields"] = [field_as_dict(sub, f"{path}.") for sub in field.subfields]
    if field.kind is FieldKind.GROUP:
        out["min_items"] = field.min_items
        out["max_items"] = field.max_items
        out["item_label"] = field.item_label
    if field.effective_max_length is not None:
        out["max_length"] = field.effective_max_length
    if field.not_future:
        out["not_future"] = True
    if field.max_age_years is not None:
        out["max_age_years"] = field.max_age_years
    if field.pattern:
        out["pattern"] = field.pattern
        out["pattern_hint"] = field.pattern_hint
    if field.one_of:
        out["one_of"] = field.one_of
    if field.fixed_from:
        out["fixed_from"] = field.fixed_from
    return out


def _section(section: Section) -> dict[str, Any]:
    return {
        "title": section.title,
        "help": section.help,
        "shown": section.shown.to_dict(),
        "fields": [field_as_dict(f) for f in section.fields],
    }


def _rule(rule: FormRule) -> dict[str, Any]:
    return {
        "path": rule.path,
        "when": rule.when.to_dict(),
        "description": rule.describe(),
        "message": rule.message,
        "paragraphs": list(rule.paragraphs),
    }


def form_as_dict(form: StageForm | AuxForm) -> dict[str, Any]:
    out: dict[str, Any] = {"name": form.name, "title": form.title}
    if isinstance(form, StageForm):
        out["stage"] = int(form.stage)
    out["paragraphs"] = list(form.paragraphs)
    out["sections"] = [_section(s) for s in form.sections]
    out["rules"] = [_rule(r) for r in form.rules]
    return out


def schema_as_dict() -> dict[str, Any]:
    """Version, every stage form and every auxiliary form, fully described."""
    return {
        "form_version": FORM_VERSION,
        "kinds": [kind.value for kind in FieldKind],
        "stages": [form_as_dict(form) for form in all_forms()],
        "aux_forms": [form_as_dict(form) for form in AUX_FORMS.values()],
    }
