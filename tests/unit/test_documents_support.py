"""Shared helpers for the document tests (no tests here): example cases and PDF text."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from pypdf import PdfReader

from app.documents.model import DocumentCase, Letterhead
from app.domain.case_facts import CaseFacts
from app.domain.enums import Stage
from tests.unit.form_examples import Variant, valid_case_context

REFERENCE = "CSODS/2025/0042"
ACCENTED = "Zoë Ðurić-Łukasiewicz"
GREEK = "Σοφία Παπαδοπούλου"
CHINESE = "王秀英"

LETTERHEAD = Letterhead(
    force_name="West Yorkshire Police",
    unit_name="Safeguarding Central Governance Unit",
    address="Carr Gate\nWakefield\nWF2 0QQ",
    telephone="01924 000 000",
    email="csods@example.police.uk",
)


def make_case(
    variant: Variant = "disclose",
    *,
    changes: dict[tuple[Stage, str], Any] | None = None,
    signoff: str = "approved",
    current_stage: Stage = Stage.OUTCOME,
    reference: str = REFERENCE,
) -> DocumentCase:
    """A complete example case, with ``changes`` applied to its stage values."""
    values = valid_case_context(variant)
    for (stage, field_id), value in (changes or {}).items():
        if value is None:
            values[stage].pop(field_id, None)
        else:
            values[stage][field_id] = value
    facts = CaseFacts(
        current_stage=current_stage,
        values=values,
        completed=frozenset(s for s in Stage if s < current_stage),
        signoff=signoff,
    )
    return DocumentCase(
        reference=reference,
        contact_at=datetime(2025, 3, 3, 9, 15, tzinfo=UTC),
        facts=facts,
        produced_at=datetime(2025, 3, 25, 9, 0, tzinfo=UTC),
        produced_by="DS 77 Evans",
        letterhead=LETTERHEAD,
    )


def pages(pdf: bytes) -> list[str]:
    """The extracted text of each page, whitespace collapsed."""
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def text(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def assert_frame(pdf: bytes, reference: str = REFERENCE) -> list[str]:
    """Every page: marking top and bottom, reference, "Page x of y" with the right y."""
    found = pages(pdf)
    total = len(found)
    for number, page in enumerate(found, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2, f"page {number}: marking"
        if reference:
            assert reference in page, f"page {number}: reference"
        assert f"Page {number} of {total}" in page, f"page {number}: page x of y"
        assert "Produced 25 March 2025" in page, f"page {number}: date produced"
        assert "West Yorkshire Police" in page, f"page {number}: force"
    return found
