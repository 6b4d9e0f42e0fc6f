"""Through the services: the printed documents name the supervisor who signed the
decision off, and when (¶5.6.1, 5.6.12), and the timescale policy in force."""

from __future__ import annotations

import io

from pypdf import PdfReader

from app.documents.model import DocumentKind
from app.domain.enums import Stage
from app.services import case_actions, documents
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, walk_to


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(pdf)).pages)


def test_documents_name_the_supervisor_who_signed_off_paragraph_5_6_12(unit: TestUnit) -> None:
    with unit.officer() as officer, unit.supervisor() as sup:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.DECISION)
        case_actions.sign_off(sup, ref, approve=True)
        supervisor = sup.user.display_name
        form = _text(documents.produce(officer, ref, DocumentKind.DISCLOSURE_FORM))
        assert f"Decision signed off by (supervisor) {supervisor}," in form
        assert "Copy for the meeting" in form and "☑" not in form
        record = _text(documents.produce(officer, ref, DocumentKind.DECISION_RECORD))
        assert f"Signed off by {supervisor}," in record
        assert "Timescale policy in force v1" in record
