"""The disclosure form (Appendix F): produced only when every guardrail passes,
retained-by-police line on every page, verbatim and names printed as recorded."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.documents import DocumentKind, DocumentRefused, build
from app.documents.disclosure_form import RETAINED
from app.domain.enums import Stage
from tests.unit.test_documents_support import (
    ACCENTED,
    CHINESE,
    GREEK,
    assert_frame,
    make_case,
    pages,
    text,
)

FORM = DocumentKind.DISCLOSURE_FORM


def _form(*, filed: bool = True, **changes: object) -> bytes:
    """The form for the example disclosure; ``filed``: stage 6 completed (the copy
    filed afterwards), else the copy printed for the meeting."""
    keyed = {(Stage(int(k[1])), k[3:]): v for k, v in changes.items()}
    stage = Stage.CLOSURE if filed else Stage.OUTCOME
    return build(FORM, make_case("disclose", changes=keyed, current_stage=stage))


def test_disclosure_form_has_every_required_element() -> None:
    # The filed copy (stage 6 completed) prints what was recorded at the meeting.
    pdf = _form()
    found = assert_frame(pdf)
    for page in found:
        assert RETAINED in page
    body = text(pdf)
    for expected in (
        "CSODS/2025/0042", "25 March 2025, 10:30", "Applicant's workplace, private room",
        "DS 77 Evans", "Ms Hall, social worker", "Adaeze Okafor", "Parent",
        "Mother and main carer of the child.", "Amara Okafor (born 1 September 2017)",
        "John Smith (also known as Jon Smyth), born 15 June 1980",
        "John Smith has a conviction for a sexual offence against a child.",
        "only to keep children safe", "confidential and must not be passed on",
        "legal proceedings may follow", "Undertaking", "I, Adaeze Okafor, understand",
        "29 February 1988", "12 Elm Road Leeds LS1 1AA", "Identity verified",
        "01924 000 000", "999", "Signature", "Printed name", "Witness",
    ):
        assert expected in body, expected


def test_names_in_any_script_print() -> None:
    name = f"{ACCENTED} {GREEK} {CHINESE}"
    pdf = _form(s5_recipient={"name": name, "relationship": "parent",
                              "why_best_placed": "Mother"}, s6_recipient_name=None)
    body = text(pdf)
    for part in (ACCENTED, GREEK, CHINESE):
        assert part in body


def test_long_verbatim_spans_pages_and_every_page_says_retained() -> None:
    verbatim = "\n\n".join(f"Paragraph {i}: " + "the person was told the facts. " * 30
                           for i in range(20))
    pdf = _form(s6_verbatim=verbatim)
    found = assert_frame(pdf)
    assert len(found) >= 4
    assert all(RETAINED in page for page in found)
    assert "Paragraph 19:" in text(pdf)


def test_markup_in_user_text_prints_literally() -> None:
    pdf = _form(s6_verbatim="He said <b>nothing</b> & left <br/> &amp; <font>x</font>")
    assert "He said <b>nothing</b> & left <br/> &amp; <font>x</font>" in text(pdf)


@pytest.mark.parametrize(
    ("changes", "signoff", "paragraph"),
    [
        ({}, "awaiting", "supervisor"),
        ({(Stage.FACE_TO_FACE, "identity_verified"): False}, "approved", "¶5.2.8"),
        ({(Stage.DECISION, "decision"): "do_not_disclose"}, "approved", "¶5.6"),
        ({(Stage.DECISION, "test_pressing_need"): False}, "approved", "¶5.6.14"),
        ({(Stage.DECISION, "forum"): None}, "approved", "¶5.6.12"),
        ({(Stage.DECISION, "recipient"): None}, "approved", "¶4.3, 5.6.18"),
    ],
)
def test_refused_when_a_guardrail_fails(changes: dict, signoff: str, paragraph: str) -> None:
    case = make_case("disclose", changes=changes, signoff=signoff)
    with pytest.raises(DocumentRefused) as refused:
        build(FORM, case)
    assert refused.value.reasons
    assert any(paragraph in reason for reason in refused.value.reasons)
    assert any("¶" in reason for reason in refused.value.reasons) or signoff != "approved"


def test_refused_before_stage_six() -> None:
    with pytest.raises(DocumentRefused, match="stage 6"):
        build(FORM, make_case("disclose", current_stage=Stage.DECISION))


def test_undertaking_refused_is_recorded() -> None:
    pdf = _form(s6_undertaking_signed=False, s6_proceed_despite_refusal=True,
                s6_refusal_decision_reasons="Risk to the child outweighs the refusal.")
    body = text(pdf)
    assert "☑ The person refused to sign the undertaking" in body or \
        "The person refused to sign the undertaking ☑" in body
    assert "☑ Yes" in body.split("did the disclosure still go ahead?")[1][:20]
    assert "Risk to the child outweighs the refusal." in body


def test_stage_six_not_yet_recorded_leaves_room_to_write() -> None:
    pdf = _form(filed=False, s6_verbatim=None, s6_disclosed_at=None, s6_disclosed_place=None)
    found = assert_frame(pdf)
    assert all(RETAINED in page for page in found)
    assert "Date and time of disclosure" in text(pdf)


def test_blank_disclosure_form_is_refused() -> None:
    with pytest.raises(DocumentRefused):
        build(FORM, make_case("disclose"), blank=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_in_verbatim_never_crashes(verbatim: str) -> None:
    pdf = _form(s6_verbatim=verbatim, s6_recipient_name=verbatim[:60] or "x")
    assert pages(pdf)
