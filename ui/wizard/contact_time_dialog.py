"""Supervisor: correct the time of first contact once initial contact is complete
(issue 12 item 2). Before then the officer corrects it on the stage 1 form.

The dialog is the schema's CONTACT_CORRECTION_FORM in a FormDialog, starting from
the time now recorded; ``recorded(case)`` carries the case with every deadline
moved. The service checks the role, the reason and that the time is not in the
future, and records the old and new times in the audit trail.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.clock import from_iso, to_iso
from app.domain.contact_correction import CONTACT_CORRECTION_FORM
from app.domain.timescales import LONDON
from app.services import contact_time
from app.services.case_file import CaseFile
from app.services.session import Session
from ui.wizard.dialogs import FormDialog


def correction_intro(case: CaseFile) -> str:
    now = case.contact_at.astimezone(LONDON)
    return (f"Recorded now: {now:%a %d %b %Y %H:%M} (UK time). Initial contact is complete, "
            "so only a supervisor can correct this time. Every deadline and the unit "
            "figures move with it; the old and new times and your reason are recorded in "
            "the audit trail.")


def corrected_message(case: CaseFile) -> str:
    return (f"Time of first contact corrected to "
            f"{case.contact_at.astimezone(LONDON):%d/%m/%Y %H:%M} (UK time); every deadline "
            "has moved with it.")


def correct_contact_time_dialog(session: Session, case: CaseFile,
                                parent: QWidget | None = None) -> FormDialog:
    ref = case.reference

    def submit(values: dict[str, Any]) -> CaseFile:
        return contact_time.correct_contact_time(session, ref, from_iso(values["contact_at"]),
                                                 str(values.get("reason", "")))

    dialog = FormDialog(CONTACT_CORRECTION_FORM, submit, session.clock.now, parent,
                        intro=correction_intro(case))
    dialog.setObjectName("dialog_contact_correction")
    dialog.ok.setText("&Correct the time")
    dialog.page.set_values({"contact_at": to_iso(case.contact_at)})
    dialog.revalidate()
    dialog.resize(760, 480)
    return dialog
