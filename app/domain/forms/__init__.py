"""Declarative form schema: what each stage records and when it is mandatory.

Declared once, the schema drives validation in the services, the wizard
pages (each input's objectName is the field path), the printed forms and
``csods schema --json``.  Pure Python, no Qt.

Stored values are JSON-compatible: TEXT/LONG_TEXT str; DATE "YYYY-MM-DD";
DATETIME ISO 8601 in UTC ("2026-11-28T14:05:00+00:00"); YES_NO and TICK
bool; CHOICE str; MULTI_CHOICE list[str]; PERSON dict; GROUP list[dict].
Missing or empty is: key absent, None, "", whitespace only or [].
"""

from app.domain.forms.auxiliary import (
    AUX_FORMS,
    EXTENSION_FORM,
    IMMEDIATE_RISK_FORM,
    RISK_ANSWERS,
    answers_immediate_risk,
    aux_form,
    risk_answers_given,
)
from app.domain.forms.model import (
    FORM_VERSION,
    AuxForm,
    Choice,
    Field,
    FieldKind,
    FormRule,
    Section,
    StageForm,
)
from app.domain.forms.registry import all_forms, form_for
from app.domain.forms.requirements import (
    ALWAYS,
    OPTIONAL,
    AllOf,
    AnyOf,
    CaseContext,
    Not,
    Requirement,
    When,
    WhenContext,
    is_empty,
)
from app.domain.forms.serialise import schema_as_dict
from app.domain.forms.validate import (
    EMPTY_CONTEXT,
    Problem,
    check_draft,
    check_draft_values,
    validate_stage,
    validate_values,
)
from app.domain.forms.values import to_utc_iso

__all__ = [
    "ALWAYS",
    "AUX_FORMS",
    "EMPTY_CONTEXT",
    "EXTENSION_FORM",
    "FORM_VERSION",
    "IMMEDIATE_RISK_FORM",
    "OPTIONAL",
    "RISK_ANSWERS",
    "AllOf",
    "AnyOf",
    "AuxForm",
    "CaseContext",
    "Choice",
    "Field",
    "FieldKind",
    "FormRule",
    "Not",
    "Problem",
    "Requirement",
    "Section",
    "StageForm",
    "When",
    "WhenContext",
    "all_forms",
    "answers_immediate_risk",
    "risk_answers_given",
    "aux_form",
    "check_draft",
    "check_draft_values",
    "form_for",
    "is_empty",
    "schema_as_dict",
    "to_utc_iso",
    "validate_stage",
    "validate_values",
]
