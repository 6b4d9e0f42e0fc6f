"""One entry point for every printed document: ``build(kind, case, blank=...)``.

Builders are pure: they read the ``DocumentCase`` given and return PDF bytes,
built in memory. Nothing is written to disk; saving or printing is the
caller's (audited) business.
"""

from __future__ import annotations

from app.documents.chronology import build_chronology
from app.documents.closure_report import build_closure_report
from app.documents.disclosure_form import build_disclosure_form
from app.documents.info_pack import build_information_pack
from app.documents.letter import build_non_disclosure_letter
from app.documents.model import DocumentCase, DocumentKind, DocumentRefused
from app.documents.records import RECORD_STAGES, build_stage_record


def build(kind: DocumentKind | str, case: DocumentCase, *, blank: bool = False) -> bytes:
    """The PDF of ``kind`` for ``case``; ``DocumentRefused`` when it may not be produced."""
    kind = DocumentKind(kind)
    if blank and not kind.blank_allowed:
        raise DocumentRefused([f"A blank {kind.title.lower()} cannot be printed: it is "
                               "produced only from the case record."])
    if kind in RECORD_STAGES:
        return build_stage_record(kind, case, blank=blank)
    if kind is DocumentKind.INFORMATION_PACK:
        return build_information_pack(case, blank=blank)
    if kind is DocumentKind.DISCLOSURE_FORM:
        return build_disclosure_form(case)
    if kind is DocumentKind.CHRONOLOGY:
        return build_chronology(case)
    if kind is DocumentKind.NON_DISCLOSURE_LETTER:
        return build_non_disclosure_letter(case)
    return build_closure_report(case)
