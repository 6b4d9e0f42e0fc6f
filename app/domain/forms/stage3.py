"""Stage 3 — Empowerment and information pack (¶5.3)."""

from __future__ import annotations

from app.domain.enums import Stage
from app.domain.forms.model import FieldKind, Section, StageForm, choices, make_field
from app.domain.forms.requirements import ALWAYS

K = FieldKind

PACK_FORMAT = choices(
    ("paper", "Paper"),
    ("online", "Online"),
    ("both", "Paper and online"),
)

PACK = Section(
    "Information pack",
    (
        make_field("pack_format", "How the pack was given", K.CHOICE, "5.3",
                   "The pack explains the scheme and what the applicant can do meanwhile "
                   "to keep children safe.", ALWAYS, choices=PACK_FORMAT),
        make_field("pack_given_on", "Date given", K.DATE, "5.3",
                   "The day the applicant received the pack.", ALWAYS, not_future=True),
        make_field("advice_discussed", "Safeguarding advice discussed", K.TICK, "5.3",
                   "Tick if you talked the applicant through the advice in the pack."),
        make_field("notes", "Notes", K.LONG_TEXT, "5.3",
                   "Anything else said or agreed when the pack was given."),
    ),
)

FORM = StageForm(
    stage=Stage.INFORMATION_PACK,
    title="Stage 3 — Information pack",
    paragraphs=("5.3",),
    sections=(PACK,),
)
