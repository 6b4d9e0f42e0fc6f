"""#13 item 3: a dated, signed chain head printed for the unit's paper log."""

from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader

from app.errors import NotAuthorised
from app.services import audit_view
from app.storage import audit_repo
from tests.conftest import TestUnit


def test_the_sheet_names_the_head_and_its_signature(unit: TestUnit) -> None:
    with unit.supervisor() as sam:
        sheet = audit_view.chain_head_sheet(sam)
        row, digest = audit_repo.head(sam.conn)
        public = sam.signer.public
        pdf = audit_view.chain_head_pdf(sam, sheet)
        audit_view.record_chain_head_print(sam, sheet, copies=2)
        last = list(audit_repo.iter_rows(sam.conn))[-1]
    assert (sheet.row, sheet.digest, sheet.signer) == (row, digest, "sam")
    assert sheet.key_fingerprint == hashlib.sha256(public).hexdigest()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for expected in ("OFFICIAL-SENSITIVE", "Test Public Protection Unit", "02/03/2026 09:30",
                     f"{row:,}", digest[:8], "DS Sam Whitlock (sam)",
                     sheet.key_fingerprint[:8], sheet.signature_fingerprint[:8], "Signature"):
        assert expected in text, expected
    assert last.detail is not None and last.actor == "sam"
    assert f"chain head row {row}" in last.detail and "2 copies" in last.detail


def test_an_officer_cannot_print_the_head(unit: TestUnit) -> None:
    with unit.officer() as olive, pytest.raises(NotAuthorised):
        audit_view.chain_head_sheet(olive)
