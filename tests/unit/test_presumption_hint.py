"""Stage 5 "Is the subject assessed as posing a risk of harm to the child?": the
presumption to disclose needs all of ¶2.2 — convictions for sexual offences against
children, a risk of harm to the child, AND disclosure necessary to protect the child
(review shot 68 left the last out)."""

from __future__ import annotations

from app.domain.enums import Stage
from app.domain.forms.registry import form_for


def test_risk_hint_names_all_three_conditions_of_2_2() -> None:
    field = form_for(Stage.DECISION).field("subject_poses_risk")
    assert "2.2" in field.paragraphs
    help_text = field.help
    assert "convictions for sexual offences against children" in help_text
    assert "risk of harm to the child" in help_text
    assert "disclosure is necessary to protect the child" in help_text
    assert "all three" in help_text
