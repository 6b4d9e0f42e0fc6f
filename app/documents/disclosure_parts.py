"""What the disclosure form says before anyone meets: who receives the information,
identified as verified, and who authorised the disclosure (Appendix F; ¶5.6.12,
5.6.18–5.6.19). Both come from the case record, so they print the same on the copy
taken to the meeting and on the copy filed afterwards.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.documents.blocks import (
    Cell,
    filled,
    fmt_date,
    fmt_datetime,
    kv_table,
    person_name,
    section_heading,
)
from app.documents.model import DocumentCase
from app.documents.parties import applicant, choice_label, recipient, recipient_name
from app.domain.case_facts import CaseFacts
from app.domain.enums import Stage

S2, S4, S5 = Stage.FACE_TO_FACE, Stage.RISK_ASSESSMENT, Stage.DECISION
NOT_RECORDED = "Not recorded: check and write in"
#: Rows that may be written in by hand when the record is silent.
WRITE_IN_HEIGHT = 12 * mm


def recipient_is_applicant(facts: CaseFacts) -> bool:
    """Whether the stage 5 recipient is the applicant (said so, or the same name)."""
    chosen = recipient(facts)
    if chosen.get("is_applicant") is True:
        return True
    if chosen.get("is_applicant") is False:
        return False
    name = recipient_name(facts).casefold()
    return bool(name) and name == person_name(applicant(facts)).casefold()


def _labels(stage: Stage, path: str, values: object) -> str:
    chosen = values if isinstance(values, list) else []
    return ", ".join(choice_label(stage, path, v) for v in chosen)


def _applicant_checks(facts: CaseFacts) -> str:
    """How the applicant's identity and relationship were verified (¶5.2.5–5.2.8)."""
    parts: list[str] = []
    if facts.get(S2, "identity_verified") is True:
        seen = _labels(S2, "id_documents", facts.get(S2, "id_documents"))
        parts.append("Identity verified at the face-to-face meeting"
                     + (f" ({seen})" if seen else "") + ".")
    else:
        parts.append("Identity not recorded as verified.")
    if facts.get(S2, "relationship_proved") is True:
        document = str(facts.get(S2, "relationship_document") or "").strip()
        parts.append("Relationship proved" + (f" ({document})" if document else "") + ".")
    return " ".join(parts)


def _recipient_checks(chosen: dict[str, Any]) -> str:
    """How a recipient who is not the applicant was checked (¶4.3, 5.6.19)."""
    parts = [
        "Identity checked." if chosen.get("identity_checked") is True
        else "Identity not recorded as checked.",
        "Relationship to the child checked." if chosen.get("relationship_checked") is True
        else "Relationship not recorded as checked.",
    ]
    seen = str(chosen.get("checks_detail") or "").strip()
    if seen:
        parts.append(f"Documents seen: {seen}.")
    return " ".join(parts)


def recipient_rows(facts: CaseFacts) -> list[tuple[Cell, Cell]]:
    """Name, date of birth, address and how they were verified."""
    chosen = recipient(facts)
    if recipient_is_applicant(facts):
        person = applicant(facts)
        dob, address = person.get("dob"), person.get("address")
        checks = "The applicant. " + _applicant_checks(facts)
    else:
        dob, address = chosen.get("dob"), chosen.get("address")
        checks = "Not the applicant. " + _recipient_checks(chosen)
    return [
        ("Name", recipient_name(facts) or NOT_RECORDED),
        ("Date of birth", fmt_date(dob) if filled(dob) else NOT_RECORDED),
        ("Address", str(address).strip() if filled(address) else NOT_RECORDED),
        ("Relationship to the child(ren)",
         choice_label(S5, "recipient.relationship", chosen.get("relationship"))
         or NOT_RECORDED),
        ("Identity and relationship, as verified", checks),
        ("Why this person is best placed to protect the child(ren)",
         str(chosen.get("why_best_placed") or "").strip() or NOT_RECORDED),
    ]


def recipient_section(case: DocumentCase, number: int) -> list[Flowable]:
    rows = recipient_rows(case.facts)
    heights: list[float | None] = [WRITE_IN_HEIGHT if value == NOT_RECORDED else None
                                   for _, value in rows]
    return [*section_heading(f"{number}. The person receiving the information"),
            kv_table(rows, min_heights=heights)]


def _forum(facts: CaseFacts) -> str:
    forum = choice_label(S5, "forum", facts.get(S5, "forum")) or "Not recorded"
    date = facts.get(S5, "forum_date")
    return forum + (f", {fmt_date(date)}" if filled(date) else "")


def _mappa(facts: CaseFacts) -> str:
    """MAPPA meeting reference, or why a MAPPA subject's case went elsewhere (¶5.6.12)."""
    if facts.get(S4, "mappa_managed") is not True:
        return ""
    if facts.get(S5, "forum") == "mappa_meeting":
        ref = str(facts.get(S5, "mappa_meeting_reference") or "").strip()
        return f"MAPPA meeting reference {ref}" if ref else "MAPPA meeting (reference not recorded)"
    reason = str(facts.get(S5, "mappa_exception_reason") or "").strip() or "not recorded"
    return f"Not decided at a MAPPA meeting; the exception recorded: {reason}"


def authority_rows(case: DocumentCase) -> list[tuple[Cell, Cell]]:
    """Who authorised the disclosure: the forum, its date, the supervisor's sign-off."""
    facts = case.facts
    signed = case.signed_off
    sign_off = (f"{signed.by}, {fmt_datetime(signed.at)}" if signed is not None
                else "Signed off by a supervisor" if facts.signoff == "approved"
                else "Not signed off")
    rows: list[tuple[Cell, Cell]] = [
        ("Decision", choice_label(S5, "decision", facts.decision) or "Not recorded"),
        ("Decided by (forum and date)", _forum(facts)),
    ]
    mappa = _mappa(facts)
    if mappa:
        rows.append(("MAPPA", mappa))
    rows += [
        ("Decision signed off by (supervisor)", sign_off),
        ("What the forum authorised to be disclosed",
         str(facts.get(S5, "disclosure_extent") or "").strip() or "Not recorded"),
    ]
    return rows


def authority_section(case: DocumentCase, number: int) -> list[Flowable]:
    return [*section_heading(f"{number}. Authority for this disclosure (¶5.6.12–5.6.14)"),
            kv_table(authority_rows(case))]
