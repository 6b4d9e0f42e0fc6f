"""The disclosure form (Appendix F; ¶5.6.9, 5.6.19–5.6.22).

Produced only when every guardrail for a disclosure passes. It records what
was said word for word, the warnings, the recipient's undertaking and three
signatures, and says on every page that the police keep it. Anything not yet
recorded on stage 6 is left as space to write in by hand at the meeting.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.documents import wording
from app.documents.blocks import (
    Cell,
    filled,
    fmt_datetime,
    heading,
    kv_table,
    p,
    section_heading,
    signature_block,
    tick_line,
    title_block,
    write_in,
    yes_no,
)
from app.documents.model import DocumentCase, DocumentKind, DocumentRefused
from app.documents.page import PageInfo, render
from app.documents.parties import (
    child_line,
    children,
    children_names,
    choice_label,
    organisation,
    recipient,
    recipient_name,
    subject_line,
)
from app.domain.enums import Stage
from app.domain.guardrails import disclosure_refusals

RETAINED = "RETAINED BY POLICE — NOT TO BE LEFT WITH THE RECIPIENT"
WORDING = "disclosure_form"

WARNINGS = (
    ("warning_use_only_safeguarding",
     "the information may be used only to keep children safe, and for no other purpose;"),
    ("warning_confidential",
     "the information is confidential and must not be passed on to anyone else;"),
    ("warning_legal_proceedings",
     "legal proceedings may follow if that confidentiality is broken."),
)


def _or_blank(value: object, formatter: Any = str) -> Cell:
    return formatter(value) if filled(value) else ""


def _details(case: DocumentCase, s6: dict[str, Any]) -> list[Flowable]:
    facts = case.facts
    chosen = recipient(facts)
    present = s6.get("childrens_services_present")
    services = yes_no(present) if isinstance(present, bool) else "Yes / No (circle one)"
    others = str(s6.get("others_present") or "").strip()
    kids = "\n".join(child_line(c) for c in children(facts)) or "Not recorded"
    rows: list[tuple[Cell, Cell]] = [
        ("Case reference", case.reference),
        ("Date and time of disclosure", _or_blank(s6.get("disclosed_at"), fmt_datetime)),
        ("Place", _or_blank(s6.get("disclosed_place"))),
        ("Disclosure made by", _or_blank(s6.get("disclosed_by"))),
        ("Children's services present", services),
        ("Others present (names and roles)", others),
        ("Person receiving the information", recipient_name(facts)),
        ("Relationship to the child(ren)",
         choice_label(Stage.DECISION, "recipient.relationship", chosen.get("relationship"))),
        ("Why this person is best placed to protect the child(ren)",
         str(chosen.get("why_best_placed") or "")),
        ("Child(ren) the disclosure is to protect", kids),
        ("The disclosure is about", subject_line(facts)),
    ]
    heights: list[float | None] = [None] * len(rows)
    for index, (_, value) in enumerate(rows):
        if value == "":
            heights[index] = 12 * mm
    return [*section_heading("1. The disclosure"), kv_table(rows, min_heights=heights)]


def _verbatim(s6: dict[str, Any]) -> list[Flowable]:
    out: list[Flowable] = section_heading("2. What was disclosed")
    out += wording.section(WORDING, "verbatim-note", body_style="small")
    text = str(s6.get("verbatim") or "")
    if text.strip():
        out += [p(chunk, "quote") for chunk in text.split("\n\n") if chunk.strip()]
    else:
        out.append(write_in(12))
    return out


def _warnings(s6: dict[str, Any]) -> list[Flowable]:
    out: list[Flowable] = [heading("3. Warnings given")]
    out += wording.section(WORDING, "warnings-intro")
    out += [tick_line(s6.get(field_id) is True, text) for field_id, text in WARNINGS]
    return [KeepTogether(out)]


def _undertaking(case: DocumentCase, s6: dict[str, Any]) -> list[Flowable]:
    values = {"recipient": recipient_name(case.facts) or "the person named above",
              "children": children_names(case.facts)}
    out = section_heading("4. Undertaking by the person receiving the information")
    out += wording.section(WORDING, "undertaking", values)
    if s6.get("undertaking_signed") is False:
        out += wording.section(WORDING, "refused")
        proceeded = s6.get("proceed_despite_refusal")
        went_ahead = yes_no(proceeded) if isinstance(proceeded, bool) else ""
        out.append(kv_table([
            ("Did the disclosure still go ahead?", went_ahead),
            ("Reasons for that decision", str(s6.get("refusal_decision_reasons") or "")),
        ]))
    return out


def _contact(case: DocumentCase, s6: dict[str, Any]) -> list[Flowable]:
    letterhead = case.letterhead
    values = {"unit": organisation(letterhead), "telephone": letterhead.telephone,
              "reference": case.reference}
    out: list[Flowable] = [heading("5. If other children may be at risk")]
    out += wording.section(WORDING, "contact", values)
    out.append(tick_line(s6.get("other_children_contact_told") is True,
                         "The person receiving the information was told whom to contact."))
    return [KeepTogether(out)]


def _signatures(case: DocumentCase, s6: dict[str, Any]) -> list[Flowable]:
    officer = str(s6.get("disclosed_by") or "").strip() or case.produced_by
    witness_note = ("For example the member of children's services present."
                    if s6.get("childrens_services_present") is True else "")
    return [
        *section_heading("6. Signatures"),
        signature_block("Person receiving the information", recipient_name(case.facts)),
        signature_block("Officer or staff member making the disclosure", officer),
        signature_block("Witness", "", witness_note),
    ]


def _retention(s6: dict[str, Any]) -> list[Flowable]:
    out: list[Flowable] = [heading("7. Retention")]
    out += wording.section(WORDING, "retention")
    out.append(tick_line(s6.get("form_retained_by_police") is True,
                         "Form retained by the police; nothing left with the recipient."))
    return [KeepTogether(out)]


def build_disclosure_form(case: DocumentCase) -> bytes:
    """The Appendix F form; refused unless every disclosure guardrail passes."""
    reasons = disclosure_refusals(case.facts)
    if reasons:
        raise DocumentRefused(reasons)
    s6 = dict(case.facts.values.get(Stage.OUTCOME, {}))
    story: list[Flowable] = [
        *title_block(DocumentKind.DISCLOSURE_FORM.title,
                     "Child Sex Offender Disclosure Scheme — record of a disclosure made in "
                     "person (Appendix F; ¶5.6.9, 5.6.19–5.6.22)"),
        *wording.section(WORDING, "intro"),
        *_details(case, s6),
        *_verbatim(s6),
        *_warnings(s6),
        *_undertaking(case, s6),
        *_contact(case, s6),
        *_signatures(case, s6),
        Spacer(1, 2 * mm),
        *_retention(s6),
    ]
    info = PageInfo(
        title=DocumentKind.DISCLOSURE_FORM.title,
        reference=case.reference,
        organisation=organisation(case.letterhead),
        produced_at=case.produced_at,
        banner=RETAINED,
    )
    return render(story, info)
