"""The audit chain head for the unit's paper log: one page, signed by the supervisor.

A later ``csods verify`` whose trail does not contain this row with this digest shows
the trail was cut short or rewritten, even if every copy on disk was rolled back."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.documents.blocks import kv_table, p, signature_block, title_block
from app.documents.model import Letterhead
from app.documents.page import PageInfo, render
from app.documents.parties import organisation
from app.domain.chain_head import ChainHeadSheet, grouped
from app.domain.timescales import LONDON

TITLE = "Audit chain head for the paper log"
EXPLANATION = (
    "The audit trail is a chain: each row's digest covers the row before it. This sheet "
    "records the newest row when it was printed, signed by the supervisor's own key. File "
    "it in the unit's paper log. When the trail is next verified (csods verify, or Verify "
    "trail in the Audit tab), row {row} must still have this digest; if it does not, or the "
    "trail ends before it, rows were removed or rewritten — even if every copy of the files "
    "was rolled back together.")


def build_chain_head(sheet: ChainHeadSheet, letterhead: Letterhead) -> bytes:
    when = sheet.at.astimezone(LONDON)
    rows = [
        ("Unit", sheet.unit_name),
        ("Date and time (UK)", f"{when:%d/%m/%Y %H:%M:%S} ({when:%Z})"),
        ("Head row", f"{sheet.row:,}"),
        ("Digest (SHA-256)", grouped(sheet.digest)),
        ("Signed by", f"{sheet.signer_name} ({sheet.signer})"),
        ("Signing key fingerprint (SHA-256)", grouped(sheet.key_fingerprint)),
        ("Signature fingerprint (SHA-256)", grouped(sheet.signature_fingerprint)),
    ]
    story: list[Flowable] = [
        *title_block(TITLE, "Keep this sheet signed and dated in the unit's paper log."),
        kv_table(rows),
        p(EXPLANATION.format(row=f"{sheet.row:,}"), "small"),
        signature_block("Supervisor's signature", sheet.signer_name),
    ]
    info = PageInfo(title=TITLE, reference=f"Audit row {sheet.row}",
                    organisation=organisation(letterhead), produced_at=sheet.at)
    return render(story, info)
