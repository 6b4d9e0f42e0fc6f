"""Stage records printed from the form schema: initial contact (Appendix B), face
to face (Appendix C) and the risk assessment and decision (Appendix D)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.documents.blocks import Cell, kv_table, p, title_block
from app.documents.case_sections import policy_rows, risk_records, signoff_text
from app.documents.model import DocumentCase, DocumentKind
from app.documents.page import PageInfo, produced_text, render
from app.documents.parties import organisation
from app.documents.schema_render import render_form
from app.domain.enums import Stage
from app.domain.forms import form_for

RECORD_STAGES: dict[DocumentKind, tuple[str, tuple[Stage, ...]]] = {
    DocumentKind.INITIAL_CONTACT_RECORD: ("Appendix B", (Stage.INITIAL_CONTACT,)),
    DocumentKind.FACE_TO_FACE_RECORD: ("Appendix C", (Stage.FACE_TO_FACE,)),
    DocumentKind.DECISION_RECORD: ("Appendix D", (Stage.RISK_ASSESSMENT, Stage.DECISION)),
}

def _status(case: DocumentCase, stage: Stage) -> str:
    if case.facts.is_complete(stage):
        return "Completed"
    if case.facts.values.get(stage):
        return "Draft — not yet completed"
    return "Not started"


def _summary(case: DocumentCase, kind: DocumentKind, stages: tuple[Stage, ...]) -> list[Flowable]:
    rows: list[tuple[Cell, Cell]] = [("Case reference", case.reference)]
    for stage in stages:
        rows.append((f"Stage {stage.value} — {stage.title}", _status(case, stage)))
    if kind is DocumentKind.DECISION_RECORD:
        rows.append(("Supervisor sign-off", signoff_text(case)))
        rows += policy_rows(case)
    rows.append(("Printed by", f"{case.produced_by} — {produced_text(case.produced_at)}"))
    return [kv_table(rows), Spacer(1, 3 * mm)]


def build_stage_record(kind: DocumentKind, case: DocumentCase, *, blank: bool = False) -> bytes:
    """A stage record, filled from the case or blank to fill in by hand."""
    appendix, stages = RECORD_STAGES[kind]
    cited = dict.fromkeys(para for s in stages for para in form_for(s).paragraphs)
    paragraphs = ", ".join(f"¶{para}" for para in cited)
    subtitle = f"Child Sex Offender Disclosure Scheme — {appendix}; {paragraphs}"
    if blank:
        subtitle += ". Blank form: write clearly in ink and tick boxes that apply."
    story: list[Flowable] = [*title_block(kind.title, subtitle)]
    if not blank:
        story += _summary(case, kind, stages)
    for index, stage in enumerate(stages):
        form = form_for(stage)
        if index:
            story.append(PageBreak())
        if len(stages) > 1:
            story.append(p(form.title, "title"))
        values = {} if blank else dict(case.facts.values.get(stage, {}))
        story += render_form(form, values, case.facts.values, blank=blank)
    if kind is DocumentKind.DECISION_RECORD and not blank:
        story += risk_records(case)
    info = PageInfo(
        title=kind.title + (" (blank)" if blank else ""),
        reference=case.reference,
        organisation=organisation(case.letterhead),
        produced_at=case.produced_at,
    )
    return render(story, info)
