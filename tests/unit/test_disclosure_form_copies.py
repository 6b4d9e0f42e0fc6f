"""The disclosure form a sergeant accepts (issue 11 item 16; Appendix F, ¶5.6.9,
5.6.21–5.6.22): the copy for the meeting and the filed copy paginate alike; the
meeting's boxes print empty; every page has the reference and a page x of y box
for initials; a refusal box; the recipient identified as verified; who authorised it."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from typing import Any

from app.documents import DocumentKind, build
from app.documents.blocks import TICKED
from app.documents.model import DocumentCase, SignOff
from app.domain.enums import Stage
from tests.unit.test_documents_support import REFERENCE, make_case, pages, text

FORM = DocumentKind.DISCLOSURE_FORM
HEADINGS = re.compile(r"\b(\d{1,2})\. (?=[A-Z])")
LONG_WORDS = "\n\n".join(f"Paragraph {i}: " + "the person was told the facts. " * 30
                         for i in range(8))


def _case(*, filed: bool, changes: dict[tuple[Stage, str], Any] | None = None) -> DocumentCase:
    stage = Stage.CLOSURE if filed else Stage.OUTCOME
    return make_case("disclose", changes=changes, current_stage=stage)


def _headings_per_page(pdf: bytes) -> list[list[str]]:
    """The numbered section headings ("3. The meeting") that start on each page."""
    titles = ("1. The person", "2. Authority", "3. The meeting", "4. What was disclosed",
              "5. Warnings", "6. Undertaking", "7. If the person", "8. If other children",
              "9. Signatures", "10. Retention")
    return [[t for t in titles if t in page] for page in pages(pdf)]


def test_meeting_copy_prints_the_meetings_boxes_empty_paragraph_5_6_21() -> None:
    # Stage 6 is a draft that already holds ticks: they must not be printed (¶5.6.21-22).
    case = _case(filed=False)
    assert case.facts.get(Stage.OUTCOME, "warning_confidential") is True
    body = text(build(FORM, case))
    assert TICKED not in body
    for recorded in ("25 March 2025, 10:30", "Applicant's workplace", "Ms Hall, social worker"):
        assert recorded not in body, recorded
    assert "Copy for the meeting" in body
    assert "☐ the information is confidential" in body
    assert "☐ Form retained by the police" in body


def test_filed_copy_prints_what_was_recorded_paragraph_5_6_9() -> None:
    body = text(build(FORM, _case(filed=True)))
    assert "Filed copy" in body
    assert "☑ the information is confidential" in body
    assert "☑ Form retained by the police" in body
    assert "25 March 2025, 10:30" in body


def test_meeting_and_filed_copies_paginate_the_same_paragraph_5_6_22() -> None:
    for changes in ({}, {(Stage.OUTCOME, "verbatim"): LONG_WORDS},
                    {(Stage.OUTCOME, "verbatim"): None}):
        before = build(FORM, _case(filed=False, changes=changes))
        after = build(FORM, _case(filed=True, changes=changes))
        assert len(pages(before)) == len(pages(after))
        assert _headings_per_page(before) == _headings_per_page(after)
        # The words the officer prepared for reading out are on the same pages too.
        if changes.get((Stage.OUTCOME, "verbatim")):
            for index, (b, a) in enumerate(zip(pages(before), pages(after), strict=True)):
                assert b.count("Paragraph") == a.count("Paragraph"), index


def test_meeting_copy_without_the_words_paginates_as_the_filed_copy_with_them() -> None:
    # Printed before the words were typed in; filed after they were (¶5.6.9, 5.6.22).
    before = build(FORM, _case(filed=False, changes={(Stage.OUTCOME, "verbatim"): None}))
    words = "John Smith has a conviction for a sexual offence against a child. " * 6
    after = build(FORM, _case(filed=True, changes={(Stage.OUTCOME, "verbatim"): words}))
    assert len(pages(before)) == len(pages(after))
    assert _headings_per_page(before) == _headings_per_page(after)


def test_every_page_has_reference_and_page_x_of_y_initials_box_appendix_f() -> None:
    pdf = build(FORM, _case(filed=True, changes={(Stage.OUTCOME, "verbatim"): LONG_WORDS}))
    found = pages(pdf)
    assert len(found) >= 4
    for number, page in enumerate(found, start=1):
        assert f"Page {number} of {len(found)} · Ref {REFERENCE} · Initials:" in page
        assert "Recipient" in page and "Officer" in page


def test_undertaking_is_signed_on_the_same_page_as_it_is_printed_paragraph_5_6_21() -> None:
    for filed in (False, True):
        for page in pages(build(FORM, _case(filed=filed))):
            if "I, Adaeze Okafor, understand" in page:
                assert "Signed by the person receiving the information" in page
                break
        else:
            raise AssertionError("undertaking not printed")


def test_refusal_box_on_both_copies_paragraph_5_6_21() -> None:
    for filed in (False, True):
        body = text(build(FORM, _case(filed=filed)))
        assert "If the person will not sign the undertaking" in body
        assert "The person refused to sign the undertaking ☐" in body
        assert "Decision taken by (name, rank) and why" in body


def test_refusal_and_not_made_recorded_on_the_filed_copy_paragraph_5_6_21() -> None:
    changes = {(Stage.OUTCOME, "undertaking_signed"): False,
               (Stage.OUTCOME, "proceed_despite_refusal"): False,
               (Stage.OUTCOME, "disclosure_made"): False,
               (Stage.OUTCOME, "not_made_reason"): "undertaking_refused",
               (Stage.OUTCOME, "refusal_decision_reasons"): "DI 5 Shah: risk managed otherwise."}
    body = text(build(FORM, _case(filed=True, changes=changes)))
    assert "The person refused to sign the undertaking ☑" in body
    assert "☐ Yes ☐ No" not in body.split("still go ahead?")[1][:30]
    assert "☑ No" in body.split("still go ahead?")[1][:30]
    assert "Disclosure not made: The recipient refused to sign" in body
    assert "DI 5 Shah: risk managed otherwise." in body


def test_applicant_recipient_identified_by_name_dob_address_as_verified_para_5_2_8() -> None:
    body = text(build(FORM, _case(filed=False)))
    assert "Name Adaeze Okafor" in body
    assert "Date of birth 29 February 1988" in body
    assert "12 Elm Road Leeds LS1 1AA" in body
    assert "Identity verified at the face-to-face meeting (Passport" in body
    assert "Relationship proved" in body


def test_other_recipient_identified_from_stage_five_paragraph_5_6_19() -> None:
    other = {"name": "Grace Mensah", "relationship": "guardian", "is_applicant": False,
             "identity_checked": True, "relationship_checked": True,
             "checks_detail": "Passport and special guardianship order",
             "dob": "1975-11-02", "address": "4 Oak Street\nWakefield\nWF1 2AB",
             "safe_contact": "Mobile, evenings", "why_best_placed": "The child lives with her."}
    body = text(build(FORM, _case(filed=False, changes={
        (Stage.DECISION, "recipient"): other, (Stage.OUTCOME, "recipient_name"): None})))
    for expected in ("Grace Mensah", "2 November 1975", "4 Oak Street Wakefield WF1 2AB",
                     "Not the applicant. Identity checked. Relationship to the child checked.",
                     "Passport and special guardianship order", "Guardian"):
        assert expected in body, expected
    assert "29 February 1988" not in body
    # Not captured: said so, with room to write it in after checking.
    del other["dob"], other["address"]
    body = text(build(FORM, _case(filed=False, changes={(Stage.DECISION, "recipient"): other})))
    assert body.count("Not recorded: check and write in") == 2


def test_who_authorised_the_disclosure_paragraph_5_6_12() -> None:
    case = dataclasses.replace(_case(filed=False), signed_off=SignOff(
        by="DS 12 Priya Patel", at=datetime(2025, 3, 21, 14, 5, tzinfo=UTC)))
    body = text(build(FORM, case))
    assert "Safeguarding strategy meeting or discussion, 20 March 2025" in body
    assert "DS 12 Priya Patel, 21 March 2025, 14:05" in body
    assert "What the forum authorised to be disclosed That the subject has a conviction" in body


def test_mappa_meeting_reference_or_exception_paragraph_5_6_12() -> None:
    mappa = {(Stage.RISK_ASSESSMENT, "mappa_managed"): True,
             (Stage.DECISION, "forum"): "mappa_meeting",
             (Stage.DECISION, "mappa_meeting_reference"): "MAPPA/WY/2025/77"}
    assert "MAPPA meeting reference MAPPA/WY/2025/77" in text(build(FORM, _case(
        filed=False, changes=mappa)))
    exception = {(Stage.RISK_ASSESSMENT, "mappa_managed"): True,
                 (Stage.DECISION, "mappa_exception_reason"): "Urgent; next MAPPA too late."}
    body = text(build(FORM, _case(filed=False, changes=exception)))
    assert "Not decided at a MAPPA meeting; the exception recorded: Urgent; next MAPPA" in body
