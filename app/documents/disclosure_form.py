"""The disclosure form (Appendix F; ¶5.6.9, 5.6.19–5.6.22).

Produced only when every guardrail for a disclosure passes. It identifies the
recipient as verified, says who authorised the disclosure, records what was said
word for word, the warnings, the recipient's undertaking (or their refusal and
the decision taken) and the signatures, and says on every page that the police
keep it. Every page carries the case reference and a "page x of y" box for the
initials of the recipient and the officer.

Two copies, laid out alike so the signed paper matches the system copy page for
page: the copy for the meeting (stage 6 not yet completed) prints everything that
happens at the meeting — date, place, who was present, the warning and retention
boxes, the refusal box — empty, to be completed by hand, never ticked from the
database; the filed copy (stage 6 completed) prints what was recorded, in boxes
of the same size.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.documents import wording
from app.documents.blocks import (
    TICKED,
    UNTICKED,
    Cell,
    filled,
    fmt_datetime,
    heading,
    kv_table,
    p,
    section_heading,
    signature_block,
    tick,
    tick_line,
    title_block,
)
from app.documents.disclosure_parts import authority_section, recipient_section
from app.documents.model import DocumentCase, DocumentKind, DocumentRefused
from app.documents.page import PageInfo, render
from app.documents.parties import (
    child_line,
    children,
    children_names,
    choice_label,
    organisation,
    recipient_name,
    subject_line,
)
from app.documents.styles import CONTENT_WIDTH, GRID, style
from app.domain.enums import Stage
from app.domain.guardrails import disclosure_refusals

RETAINED = "RETAINED BY POLICE — NOT TO BE LEFT WITH THE RECIPIENT"
WORDING = "disclosure_form"
#: Who initials every page (the page frame draws the boxes).
INITIALS = ("Recipient", "Officer")
FOR_MEETING = ("Copy for the meeting: complete by hand, read through with the person "
               "and sign.")
FILED = "Filed copy: as recorded on the case after the meeting."
#: Ruled lines for the words said (at least): the same on both copies.
VERBATIM_LINES = 8
LINE = 9 * mm
PAD = 6

WARNINGS = (
    ("warning_use_only_safeguarding",
     "the information may be used only to keep children safe, and for no other purpose;"),
    ("warning_confidential",
     "the information is confidential and must not be passed on to anyone else;"),
    ("warning_legal_proceedings",
     "legal proceedings may follow if that confidentiality is broken."),
)


def _yes_no_boxes(value: object) -> str:
    """"☐ Yes  ☐ No", one of them ticked when ``value`` is a recorded True/False."""
    yes = TICKED if value is True else UNTICKED
    no = TICKED if value is False else UNTICKED
    return f"{yes} Yes" + "\u00a0" * 6 + f"{no} No"


def _meeting_rows(case: DocumentCase, s6: dict[str, Any], filed: bool) -> list[Flowable]:
    """When, where, by whom and with whom: written in at the meeting, same box sizes."""
    facts = case.facts

    def recorded(field_id: str, formatter: Any = str) -> Cell:
        value = s6.get(field_id)
        return formatter(value) if filed and filled(value) else ""

    present = s6.get("childrens_services_present") if filed else None
    kids = "\n".join(child_line(c) for c in children(facts)) or "Not recorded"
    rows: list[tuple[Cell, Cell, float | None]] = [
        ("Date and time of disclosure", recorded("disclosed_at", fmt_datetime), 12 * mm),
        ("Place", recorded("disclosed_place"), 12 * mm),
        ("Disclosure made by (name and number)", recorded("disclosed_by"), 12 * mm),
        ("Children's services present", _yes_no_boxes(present), None),
        ("Others present (names and roles)", recorded("others_present"), 16 * mm),
        ("Child(ren) the disclosure is to protect", kids, None),
        ("The disclosure is about", subject_line(facts), None),
    ]
    table = kv_table([(label, value) for label, value, _ in rows],
                     min_heights=[height for _, _, height in rows])
    return [*section_heading("3. The meeting"), table]


def _typed_lines(text: str) -> list[Flowable]:
    """``text`` broken into one-line paragraphs (a blank line between paragraphs)."""
    width = CONTENT_WIDTH - 2 * PAD
    leading = style("ruled").leading
    out: list[Flowable] = []
    for chunk in (c for c in text.split("\n\n") if c.strip()):
        if out:
            out.append(Spacer(1, 0))
        rest: Flowable = p(chunk, "ruled")
        while True:
            rest.wrap(width, 100_000)
            parts = rest.split(width, leading * 1.2)
            if len(parts) < 2:
                out.append(rest)
                break
            out.append(parts[0])
            rest = parts[1]
    return out


def _verbatim(s6: dict[str, Any], filed: bool) -> list[Flowable]:
    """The words said, typed on ruled lines of 9 mm, at least ``VERBATIM_LINES`` of them.

    The copy for the meeting prints any words prepared on stage 6 for reading out.
    Every line is one row of the same height, so a copy with the words and one
    without take the same room and break across pages at the same line.
    """
    out: list[Flowable] = section_heading("4. What was disclosed, word for word")
    out += wording.section(WORDING, "verbatim-filed" if filed else "verbatim-meeting",
                           body_style="small")
    lines: list[Flowable | str] = list(_typed_lines(str(s6.get("verbatim") or "")))
    lines += [""] * max(VERBATIM_LINES - len(lines), 1)
    table = Table([[line] for line in lines], colWidths=[CONTENT_WIDTH],
                  rowHeights=[LINE] * len(lines), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [*out, table]


def _warnings(s6: dict[str, Any], filed: bool) -> list[Flowable]:
    out: list[Flowable] = [heading("5. Warnings given (¶5.6.21)")]
    out += wording.section(WORDING, "warnings-intro")
    out += [tick_line(filed and s6.get(field_id) is True, text) for field_id, text in WARNINGS]
    return [KeepTogether(out)]


def _undertaking(case: DocumentCase) -> list[Flowable]:
    """The undertaking and the recipient's signature, kept on one page."""
    name = recipient_name(case.facts)
    values = {"recipient": name or "the person named above",
              "children": children_names(case.facts)}
    out: list[Flowable] = [heading("6. Undertaking by the person receiving the information")]
    out += wording.section(WORDING, "undertaking", values)
    out.append(signature_block("Signed by the person receiving the information", name))
    return [KeepTogether(out)]


def _refusal(s6: dict[str, Any], filed: bool) -> list[Flowable]:
    """A box to record a refusal to sign and the decision taken (¶5.6.21)."""
    refused = filed and s6.get("undertaking_signed") is False
    went_ahead = s6.get("proceed_despite_refusal") if refused else None
    reasons = ""
    if filed:
        parts = [str(s6.get(k) or "").strip()
                 for k in ("refusal_decision_reasons", "not_made_details")]
        reason = s6.get("not_made_reason")
        if s6.get("disclosure_made") is False and reason:
            parts.insert(0, "Disclosure not made: "
                         + choice_label(Stage.OUTCOME, "not_made_reason", reason) + ".")
        reasons = "\n".join(part for part in parts if part)
    rows: list[tuple[Cell, Cell]] = [
        ("The person refused to sign the undertaking", tick(refused)),
        ("Decision: did the disclosure still go ahead?", _yes_no_boxes(went_ahead)),
        ("Decision taken by (name, rank) and why", reasons),
    ]
    out: list[Flowable] = [heading("7. If the person will not sign the undertaking")]
    out += wording.section(WORDING, "refusal", body_style="small")
    out.append(kv_table(rows, min_heights=[None, None, 26 * mm]))
    return [KeepTogether(out)]


def _contact(case: DocumentCase, s6: dict[str, Any], filed: bool) -> list[Flowable]:
    letterhead = case.letterhead
    values = {"unit": organisation(letterhead), "telephone": letterhead.telephone,
              "reference": case.reference}
    out: list[Flowable] = [heading("8. If other children may be at risk")]
    out += wording.section(WORDING, "contact", values)
    out.append(tick_line(filed and s6.get("other_children_contact_told") is True,
                         "The person receiving the information was told whom to contact."))
    return [KeepTogether(out)]


def _signatures(s6: dict[str, Any], filed: bool) -> list[Flowable]:
    officer = str(s6.get("disclosed_by") or "").strip() if filed else ""
    return [
        *section_heading("9. Signatures of the police and the witness"),
        signature_block("Officer or staff member making the disclosure", officer),
        signature_block("Witness", "", "For example the member of children's services "
                        "present."),
    ]


def _retention(s6: dict[str, Any], filed: bool) -> list[Flowable]:
    out: list[Flowable] = [heading("10. Retention (¶5.6.9, 5.6.22)")]
    out += wording.section(WORDING, "retention")
    out.append(tick_line(filed and s6.get("form_retained_by_police") is True,
                         "Form retained by the police; nothing left with the recipient."))
    return [KeepTogether(out)]


def is_filed_copy(case: DocumentCase) -> bool:
    """The filed copy once stage 6 is completed; before that, the copy for the meeting."""
    return case.facts.is_complete(Stage.OUTCOME)


def build_disclosure_form(case: DocumentCase) -> bytes:
    """The Appendix F form; refused unless every disclosure guardrail passes."""
    reasons = disclosure_refusals(case.facts)
    if reasons:
        raise DocumentRefused(reasons)
    s6 = dict(case.facts.values.get(Stage.OUTCOME, {}))
    filed = is_filed_copy(case)
    story: list[Flowable] = [
        *title_block(DocumentKind.DISCLOSURE_FORM.title,
                     "Child Sex Offender Disclosure Scheme — record of a disclosure made in "
                     "person (Appendix F; ¶5.6.9, 5.6.19–5.6.22)"),
        p(FILED if filed else FOR_MEETING, "notice"),
        Spacer(1, 2 * mm),
        *wording.section(WORDING, "intro"),
        *recipient_section(case, 1),
        *authority_section(case, 2),
        *_meeting_rows(case, s6, filed),
        *_verbatim(s6, filed),
        *_warnings(s6, filed),
        *_undertaking(case),
        *_refusal(s6, filed),
        *_contact(case, s6, filed),
        *_signatures(s6, filed),
        Spacer(1, 2 * mm),
        *_retention(s6, filed),
    ]
    info = PageInfo(
        title=DocumentKind.DISCLOSURE_FORM.title,
        reference=case.reference,
        organisation=organisation(case.letterhead),
        produced_at=case.produced_at,
        banner=RETAINED,
        initials=INITIALS,
    )
    return render(story, info)
