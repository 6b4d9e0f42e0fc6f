"""Sections the decision record and the closure report share, printed from the
form schema so every field the scheme rules added shows by its label: the
three-stage test with stage (iii) in its parts (¶5.6.14), MAPPA (¶5.6.12), the
outcome record (disclosure made or not, subject told, self-disclosure; ¶5.6.21,
5.6.23–25), immediate-risk records with any urgent disclosure (¶3.3, 5.2.15), the
supervisor's sign-off and the timescale policy the case was opened under."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.documents.blocks import Cell, fmt_datetime, p, section_heading
from app.documents.model import DocumentCase
from app.documents.schema_render import render_fields, render_form
from app.domain.enums import Stage
from app.domain.forms import form_for
from app.domain.forms.auxiliary import IMMEDIATE_RISK_FORM

_SIGNOFF = {
    "none": "Not yet submitted for sign-off",
    "awaiting": "Awaiting supervisor sign-off",
    "approved": "Signed off by a supervisor",
    "returned": "Returned by the supervisor for changes",
}


def signoff_text(case: DocumentCase) -> str:
    """Who signed the decision off and when, or where sign-off stands."""
    signed = case.signed_off
    if case.facts.signoff == "approved" and signed is not None:
        return f"Signed off by {signed.by}, {fmt_datetime(signed.at)}"
    return _SIGNOFF.get(case.facts.signoff, case.facts.signoff)


def policy_text(case: DocumentCase) -> str:
    """The timescale policy in force for this case (kept from the day it opened)."""
    return case.policy.describe()


def policy_rows(case: DocumentCase) -> list[tuple[Cell, Cell]]:
    return [("Timescale policy in force", policy_text(case))]


def form_values(stage: Stage, case: DocumentCase) -> dict[str, object]:
    return dict(case.facts.values.get(stage, {}))


def stage_sections(case: DocumentCase, stage: Stage, titles: tuple[str, ...],
                   heading: str) -> list[Flowable]:
    """The sections ``titles`` of ``stage``'s form that apply to the case, by label."""
    form = form_for(stage)
    values = form_values(stage, case)
    context = case.facts.values
    out: list[Flowable] = []
    for section in form.sections:
        if section.title not in titles or not section.shown.applies(values, context):
            continue
        out += [p(section.title, "h3"),
                *render_fields(section.fields, values, blank=False, titled=section.title,
                               context=context)]
    return [*section_heading(heading), *out] if out else []


def outcome_record(case: DocumentCase) -> list[Flowable]:
    """The stage 6 record as the schema prints it, sections that apply only."""
    values = form_values(Stage.OUTCOME, case)
    if not values:
        return []
    return [*section_heading("Outcome record (stage 6)"),
            *render_form(form_for(Stage.OUTCOME), values, case.facts.values, blank=False)]


def risk_records(case: DocumentCase) -> list[Flowable]:
    """Immediate-risk records, each with any urgent disclosure (¶2.7, 3.3, 5.2.15)."""
    out = section_heading("Immediate risk and urgent disclosure")
    if not case.risks:
        return [*out, p("No immediate risk was recorded on this case.", "small")]
    for index, note in enumerate(case.risks, start=1):
        values = dict(note.values)
        out.append(p(f"Record {index}, made {fmt_datetime(note.recorded_at)}", "h3"))
        for section in IMMEDIATE_RISK_FORM.sections:
            if section.shown.applies(values, {}):
                if section is not IMMEDIATE_RISK_FORM.sections[0]:
                    out.append(p(section.title, "label"))
                out += render_fields(section.fields, values, blank=False, context={})
    return out
