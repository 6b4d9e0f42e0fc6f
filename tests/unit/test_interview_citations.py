"""Face to face is the 2010 rule (¶5.2.2: the applicant must be seen face to face;
¶5.1.7: they are told a face-to-face meeting follows within 10 days). Telephone or
video is 2023 practice known only from secondary sources (digest §2.4, evidence [S]),
so the help cites the digest for the exception and never ¶5.2.2 / ¶5.1.7 for it."""

from __future__ import annotations

import re

import pytest

from app.domain.enums import Stage
from app.domain.forms.model import Field, make_field
from app.domain.forms.registry import form_for
from app.domain.process import after_initial_contact

DIGEST = "digest §2.4, evidence [S]"


def _field(stage: Stage, field_id: str) -> Field:
    form = form_for(stage)
    return next(f for section in form.sections for f in section.fields if f.id == field_id)


def _next_citation(text: str, start: int) -> str:
    """The first citation after ``start``: "digest" or the ¶ reference."""
    found = re.compile(r"digest §[\d.]+|¶[\d.]+\d").search(text, start)
    return found.group(0) if found else ""


@pytest.mark.parametrize(("stage", "field_id", "rule"), [
    (Stage.FACE_TO_FACE, "interview_mode", "¶5.2.2"),
    (Stage.FACE_TO_FACE, "remote_reason", "¶5.2.2"),
    (Stage.FACE_TO_FACE, "meeting_at", "¶5.2.2"),
    (Stage.INITIAL_CONTACT, "info_face_to_face_10d", "¶5.1.7"),
])
def test_exception_cites_the_digest_not_the_2010_paragraph_5_2_2_5_1_7(
        stage: Stage, field_id: str, rule: str) -> None:
    help_text = _field(stage, field_id).help
    assert DIGEST in help_text and rule in help_text
    for mention in re.finditer(r"telephone|video", help_text, re.IGNORECASE):
        # The 2010 ¶ does not allow calls: what cites the exception is the digest.
        assert _next_citation(help_text, mention.end()) == "digest §2.4", help_text
    assert not help_text.endswith(f"({rule})")  # no trailing ref covering the exception


def test_how_the_meeting_was_held_says_face_to_face_is_the_rule_5_2_2() -> None:
    help_text = _field(Stage.FACE_TO_FACE, "interview_mode").help
    assert "Face to face is the rule" in help_text
    assert help_text.index("(¶5.2.2)") < help_text.index("telephone")


def test_next_step_after_stage_1_cites_the_digest_for_calls_5_2_2() -> None:
    values = {"request_type": "csods", "applicant_anonymous": False,
              "children": [{"name": "Pip Example"}]}
    text = after_initial_contact(values).explanation
    rule, exception = text.split(". 2023 practice")
    assert "5.2.2" in rule and "telephone" not in rule
    assert "digest §2.4" in exception and "¶" not in exception


def test_inline_citations_must_name_every_paragraph() -> None:
    with pytest.raises(ValueError, match="5.2.3"):
        make_field("x", "X", _field(Stage.FACE_TO_FACE, "officer").kind, "5.2.2, 5.2.3",
                   "Seen in person (¶5.2.2).", cited_inline=True)
