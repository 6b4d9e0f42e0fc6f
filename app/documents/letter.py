"""The non-disclosure letter (Appendix E; ¶5.6.1–5.6.7), also used as the wording
for a personal visit.

It goes to the applicant and never names the subject. It is refused unless the
case is on a non-disclosure route and, when it is to be posted, the officer has
confirmed the address is safe: the subject does not live there (¶5.6.5). When
the applicant's safe-contact method is "letter", the safe-contact address is
used rather than the home address.
"""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.documents import wording
from app.documents.blocks import fmt_date, p, person_name
from app.documents.fonts import para
from app.documents.model import DocumentCase, DocumentKind, DocumentRefused
from app.documents.page import PageInfo, render
from app.documents.parties import applicant, children_names, organisation, subject
from app.documents.styles import CONTENT_WIDTH, GRID, style
from app.domain.enums import Stage
from app.domain.guardrails import non_disclosure_refusals

WORDING = "non_disclosure_letter"
ADDRESS_NOT_SAFE = (
    "Before a non-disclosure letter is posted, the officer must confirm that the address "
    "is safe — that the subject does not live there (¶5.6.5)."
)


SUBJECT_ADDRESS = (
    "The letter would go to the address recorded for the subject. Send it to a safe "
    "address, or give the outcome at a personal visit (¶5.6.4, 5.6.5)."
)


def _same_place(a: str, b: str) -> bool:
    def key(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    return bool(key(a)) and key(a) == key(b)


def letter_refusals(case: DocumentCase) -> list[str]:
    """Why the letter may not be produced; [] when it may.

    "Conveyed by" not yet recorded counts as a letter: the safe-address check
    is then needed before anything is printed for posting.
    """
    facts = case.facts
    reasons = list(non_disclosure_refusals(facts))
    by_letter = facts.get(Stage.OUTCOME, "conveyed_by") != "visit"
    if by_letter and facts.get(Stage.OUTCOME, "address_safe") is not True:
        reasons.append(ADDRESS_NOT_SAFE)
    elif by_letter and _same_place(_postal_address(case), str(subject(facts).get("address") or "")):
        reasons.append(SUBJECT_ADDRESS)
    return reasons


def _postal_address(case: DocumentCase) -> str:
    """The safe-contact address when letters are the safe method, else the home address."""
    safe = case.facts.latest("safe_contact")
    safe = safe if isinstance(safe, dict) else {}
    if safe.get("method") == "letter" and str(safe.get("details") or "").strip():
        return str(safe["details"])
    return str(applicant(case.facts).get("address") or "")


def _letterhead(case: DocumentCase) -> Flowable:
    head = case.letterhead
    lines = [f"<b>{para(head.force_name)}</b>", para(head.unit_name), para(head.address)]
    if head.telephone:
        lines.append("Telephone " + para(head.telephone))
    if head.email:
        lines.append(para(head.email))
    sender = Paragraph("<br/>".join(line for line in lines if line), style("small"))
    logo: Flowable | str = ""
    if head.logo_png:
        try:
            ImageReader(BytesIO(head.logo_png)).getSize()  # decodes: fails now, not later
            logo = Image(BytesIO(head.logo_png), width=30 * mm, height=30 * mm,
                         kind="proportional")
        except Exception:  # a damaged logo must not stop the letter
            logo = ""
    table = Table([[logo, sender]], colWidths=[CONTENT_WIDTH - 75 * mm, 75 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _addressee(case: DocumentCase, visit: bool) -> list[Flowable]:
    facts = case.facts
    person = applicant(facts)
    name = person_name(person) or "The applicant"
    sent_on = facts.get(Stage.OUTCOME, "conveyed_on")
    when = fmt_date(sent_on) if sent_on else fmt_date(case.produced_at.date())
    out: list[Flowable] = []
    if visit:
        box = Table([[p(wording.load(WORDING)["visit-note"][0].text, "small")]],
                    colWidths=[CONTENT_WIDTH])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, GRID)]))
        out.append(box)
    else:
        address = _postal_address(case)
        out.append(p(f"{name}\n{address}".strip(), "cell"))
    out += [
        Spacer(1, 4 * mm),
        p(when, "cell"),
        p(f"Our reference: {case.reference}", "cell"),
        Spacer(1, 4 * mm),
        p(f"Dear {name},", "letter"),
    ]
    return out


def build_non_disclosure_letter(case: DocumentCase) -> bytes:
    reasons = letter_refusals(case)
    if reasons:
        raise DocumentRefused(reasons)
    facts = case.facts
    visit = facts.get(Stage.OUTCOME, "conveyed_by") == "visit"
    values = {
        "children": children_names(facts),
        "unit": organisation(case.letterhead),
        "telephone": case.letterhead.telephone,
        "reference": case.reference,
    }
    officer = case.produced_by
    story: list[Flowable] = [
        _letterhead(case),
        Spacer(1, 5 * mm),
        *_addressee(case, visit),
        *wording.section(WORDING, "subject-line", body_style="letter"),
        *wording.section(WORDING, "body", values, body_style="letter",
                         bullet_style="letter-bullet"),
        Spacer(1, 2 * mm),
        KeepTogether([
            *wording.section(WORDING, "closing", body_style="letter"),
            p("Yours sincerely,", "letter"),
            Spacer(1, 12 * mm),
            p(f"{officer}\n{organisation(case.letterhead)}", "cell"),
        ]),
    ]
    info = PageInfo(
        title=DocumentKind.NON_DISCLOSURE_LETTER.title,
        reference=case.reference,
        organisation=organisation(case.letterhead),
        produced_at=case.produced_at,
    )
    return render(story, info)
