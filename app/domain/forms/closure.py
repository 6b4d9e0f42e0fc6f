"""Closure (¶6): at any stage, whatever the outcome."""

from __future__ import annotations

from app.domain.enums import Route, Stage
from app.domain.forms.model import Choice, FieldKind, Section, StageForm, make_field
from app.domain.forms.requirements import ALWAYS

K = FieldKind

ROUTES = tuple(Choice(route.value, route.label) for route in Route)

CLOSURE = Section(
    "Closure",
    (
        make_field("closed_on", "Date closed", K.DATE, "6.1", "The day the case was closed.",
                   ALWAYS, not_future=True),
        make_field("route", "How the case ended", K.CHOICE, "3.7, 5.2.5, 5.2.8, 5.6, 6.1",
                   "The route the case took to closure.", ALWAYS, choices=ROUTES),
        make_field("intel_report_ref", "Final intelligence report reference", K.TEXT, "6.1",
                   "Every case, whatever the outcome, ends with an intelligence report on "
                   "the force system recording the request, outcome and all parties.",
                   ALWAYS),
        make_field("intel_report_date", "Date the report was submitted", K.DATE, "6.1",
                   "When the report went onto the force intelligence system.", ALWAYS,
                   not_future=True),
        make_field("summary", "Summary of request, outcome and parties", K.LONG_TEXT, "6.1",
                   "Generated from the case for the intelligence report; check it before "
                   "closing.", max_length=50000),
        make_field("closure_notes", "Closure notes", K.LONG_TEXT, "6.2",
                   "Anything a later review should know about the decisions made."),
    ),
)

FORM = StageForm(
    stage=Stage.CLOSURE,
    title="Closure",
    paragraphs=("6",),
    sections=(CLOSURE,),
)
