"""The closure report lists the safeguarding referrals sent (¶3.6, 5.6.11, 6.3)."""

from __future__ import annotations

import dataclasses
from datetime import date

from app.documents import DocumentKind, build
from app.domain.enums import Stage
from app.domain.referrals import Referral
from tests.unit.test_documents_support import make_case, text


def test_closure_report_has_a_referrals_section_6_3() -> None:
    case = make_case("disclose", current_stage=Stage.CLOSURE)
    sent = (
        Referral(1, "mash", "", date(2025, 3, 4), "MASH-0042", date(2025, 3, 6),
                 "Strategy discussion held", date(2025, 3, 10)),
        Referral(2, "probation", "", date(2025, 3, 5), "", None, "", None),
    )
    body = text(build(DocumentKind.CLOSURE_REPORT, dataclasses.replace(case, referrals=sent)))
    for expected in ("Safeguarding referrals", "Multi-agency safeguarding hub (MASH)",
                     "MASH-0042", "(late)", "Strategy discussion held", "Probation", "Awaited"):
        assert expected in body, expected
    empty = text(build(DocumentKind.CLOSURE_REPORT, case))
    assert "No safeguarding referrals were recorded" in empty
