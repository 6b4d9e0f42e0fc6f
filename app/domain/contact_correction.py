"""The form a supervisor fills to correct the time of first contact after initial
contact is complete (issue 12 item 2; ¶5.1.13, 5.6.27: every timescale runs from
this instant). The service is ``app.services.contact_time.correct_contact_time``."""

from __future__ import annotations

from app.domain.forms.model import AuxForm, FieldKind, Section, make_field
from app.domain.forms.requirements import ALWAYS

K = FieldKind

CONTACT_CORRECTION_FORM = AuxForm(
    name="contact_correction",
    title="Correct the time of first contact",
    paragraphs=("5.1.13", "5.6.27"),
    sections=(
        Section(
            "Time of first contact",
            (
                make_field("contact_at", "Correct date and time of first contact",
                           K.DATETIME, "5.1.13, 5.6.27",
                           "UK time. Every deadline and the unit figures move with it.",
                           ALWAYS, not_future=True),
                make_field("reason", "Reason for the correction", K.LONG_TEXT, "5.1.13",
                           "E.g. what the call log shows. Recorded in the audit trail with "
                           "the old and new times.", ALWAYS, max_length=2000),
            ),
        ),
    ),
)
