"""The information pack for parents and carers (stage 3, ¶5.3; referred back to at
the outcome, ¶5.6.7): what happens next and how to keep children safe.

It carries the unit's contact details from the letterhead. The case reference
is printed only when the pack is produced for a case (``blank=False``).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.documents import wording
from app.documents.blocks import p, title_block
from app.documents.model import DocumentCase, DocumentKind
from app.documents.page import PageInfo, render
from app.documents.parties import organisation
from app.documents.styles import CONTENT_WIDTH, INK, SHADE

WORDING = "information_pack"
SECTIONS = ("next-steps", "grooming", "online", "trusted-adults", "talking")


def _contact_box(case: DocumentCase, blank: bool) -> Flowable:
    head = case.letterhead
    lines = [organisation(head), head.address, f"Telephone: {head.telephone}"]
    if head.email:
        lines.append(f"Email: {head.email}")
    if case.reference and not blank:
        lines.append(f"Your reference: {case.reference}")
    else:
        lines.append("Your reference: ______________________")
    box = Table([[p("\n".join(lines), "cell")]], colWidths=[CONTENT_WIDTH])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1, INK),
                             ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                             ("LEFTPADDING", (0, 0), (-1, -1), 8),
                             ("TOPPADDING", (0, 0), (-1, -1), 6),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return box


def build_information_pack(case: DocumentCase, *, blank: bool = False) -> bytes:
    head = case.letterhead
    reference = "" if blank else case.reference
    values = {
        "unit": organisation(head),
        "telephone": head.telephone,
        "email_line": f" Email: {head.email}." if head.email else "",
        "reference_line": f" Please quote reference {reference}." if reference else "",
    }
    story: list[Flowable] = [
        *title_block(DocumentKind.INFORMATION_PACK.title,
                     "Child Sex Offender Disclosure Scheme — keeping children safe (¶5.3)"),
        *wording.section(WORDING, "intro"),
        Spacer(1, 2 * mm),
        p("How to contact us", "h3"),
        _contact_box(case, blank),
        Spacer(1, 2 * mm),
    ]
    for key in SECTIONS:
        blocks = wording.section(WORDING, key, values)
        story += [KeepTogether(blocks[:3]), *blocks[3:]]
    story.append(KeepTogether(wording.section(WORDING, "worried", values)))
    info = PageInfo(
        title=DocumentKind.INFORMATION_PACK.title,
        reference=reference,
        organisation=organisation(head),
        produced_at=case.produced_at,
    )
    return render(story, info)
