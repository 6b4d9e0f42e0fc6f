"""Which form belongs to which stage."""

from __future__ import annotations

from app.domain.enums import Stage
from app.domain.forms import closure, stage1, stage2, stage3, stage4, stage5, stage6
from app.domain.forms.model import StageForm

_FORMS: dict[Stage, StageForm] = {
    form.stage: form
    for form in (
        stage1.FORM,
        stage2.FORM,
        stage3.FORM,
        stage4.FORM,
        stage5.FORM,
        stage6.FORM,
        closure.FORM,
    )
}


def form_for(stage: Stage) -> StageForm:
    """The form of ``stage`` (every Stage has one, closure included)."""
    return _FORMS[Stage(stage)]


def all_forms() -> tuple[StageForm, ...]:
    """Every stage form, in stage order."""
    return tuple(_FORMS[stage] for stage in sorted(_FORMS))
