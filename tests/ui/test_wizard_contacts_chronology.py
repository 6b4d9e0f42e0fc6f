"""The case window's contact log and chronology (issue 15 items 2-3): logging an attempt by
typing, an agency needing a name, the attempts shown beside a late timescale, the
chronology merged and filtered, a note added by typing, printing through the preview,
and a supervisor who does not hold the case seeing but not adding."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.services import contacts, referrals
from app.services.session import Session
from tests.unit.case_walk import open_new, walk_to
from ui.documents.preview import DocumentPreview
from ui.wizard.case_window import CaseWindow
from ui.wizard.chronology_panel import ChronologyDialog
from ui.wizard.contacts_panel import ContactsDialog
from ui.wizard.dialogs import FormDialog

SHOTS = "/tmp/hr"
ATTEMPT = {"method": "phone", "party": "applicant", "outcome": "no_answer",
           "purpose": "arrange_meeting"}


def _window(qtbot: QtBot, session: Session, ref: str) -> CaseWindow:
    window = CaseWindow(session, ref)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    return window


def _choose(qtbot: QtBot, form: FormDialog, path: str, label: str) -> None:
    editor = form.page.editor(path)
    assert editor is not None
    combo = editor.input_widget()
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    while combo.currentText() != label:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{label!r} is not offered"


def _type(qtbot: QtBot, form: FormDialog, path: str, text: str) -> None:
    editor = form.page.editor(path)
    assert editor is not None
    widget = editor.input_widget()
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_log_an_attempt_by_typing_it(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    assert window.contacts_button.text() == "Contact &log…"
    qtbot.mouseClick(window.contacts_button, Qt.MouseButton.LeftButton)
    panel = window.findChild(ContactsDialog)
    assert isinstance(panel, ContactsDialog) and panel.isVisible()
    assert "No contact attempt" in panel.summary.text()
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    form = panel.form
    assert form is not None and form.isVisible()
    assert form.page.values()["at"] == "2026-03-02T09:30:00+00:00"  # starts at now
    assert not form.ok.isEnabled()
    _choose(qtbot, form, "method", "Visit")
    _choose(qtbot, form, "party", "Agency")
    _choose(qtbot, form, "outcome", "Message left")
    _choose(qtbot, form, "purpose", "To arrange the interview")
    form.revalidate()
    assert not form.ok.isEnabled()  # an agency must be named
    _type(qtbot, form, "party_detail", "MASH duty desk")
    _type(qtbot, form, "note", "Card left at the office.")
    form.revalidate()
    assert form.ok.isEnabled(), [p.message for p in form.missing.problems]
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    [made] = contacts.contacts(officer, ref)
    assert made.party_detail == "MASH duty desk" and made.note == "Card left at the office."
    item = panel.list.topLevelItem(0)
    assert item is not None
    assert [item.text(c) for c in range(6)] == [
        "02 Mar 2026 09:30", "Visit", "Agency: MASH duty desk", "Message left",
        "To arrange the interview", "Card left at the office."]
    assert panel.summary.text() == "1 attempt, 0 reached"
    assert window.contacts_button.text() == "Contact &log (1)…"
    panel.grab().save(f"{SHOTS}/contacts_panel.png")


def test_attempts_shown_beside_a_late_timescale(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    for at in ("2025-03-04T10:00:00+00:00", "2025-03-06T10:00:00+00:00",
               "2025-03-08T10:00:00+00:00"):
        contacts.log_contact(officer, ref, {**ATTEMPT, "at": at})
    walk_to(officer, None, ref, Stage.INITIAL_CONTACT)  # face-to-face now long overdue
    window = _window(qtbot, officer, ref)
    qtbot.mouseClick(window.header.toggle, Qt.MouseButton.LeftButton)  # open Timescales
    label = window.findChild(QLabel, "attempts_face_to_face_10d")
    assert label is not None and label.isVisible()
    assert label.text() == "↳ 3 attempts to arrange the interview between 04/03 and 08/03"
    assert window.width() == 1366  # the phrase goes on its own line, not wider
    assert window.findChild(QLabel, "attempts_stage1_24h") is None  # none for that one
    window.grab().save(f"{SHOTS}/window_attempts.png")


def test_chronology_merged_filtered_note_added_and_printed(qtbot: QtBot,
                                                            officer: Session) -> None:
    ref = open_new(officer).reference
    contacts.log_contact(officer, ref, {**ATTEMPT, "at": "2025-03-04T10:00:00+00:00",
                                        "note": "Voicemail full."})
    referrals.add_referral(officer, ref, {"agency": "mash", "sent_on": "2025-03-05"})
    window = _window(qtbot, officer, ref)
    qtbot.mouseClick(window.chronology_button, Qt.MouseButton.LeftButton)
    panel = window.findChild(ChronologyDialog)
    assert isinstance(panel, ChronologyDialog) and panel.isVisible()
    rows = [panel.list.topLevelItem(i) for i in range(panel.list.topLevelItemCount())]
    assert [r.text(1) for r in rows if r] == ["Case opened", "Contact", "Referral"]
    assert rows[1] is not None and rows[1].text(2).endswith("— Voicemail full.")
    assert panel.summary.text() == "3 entries"
    # Add a note by typing; it joins in time order.
    qtbot.mouseClick(panel.note_button, Qt.MouseButton.LeftButton)
    form = panel.form
    assert form is not None and not form.ok.isEnabled()  # the text is required
    _type(qtbot, form, "text", "Reviewed with DS Whitlock; chase the MASH on Monday.")
    form.revalidate()
    assert form.ok.isEnabled(), [p.message for p in form.missing.problems]
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    assert panel.summary.text() == "4 entries"
    last = panel.list.topLevelItem(3)
    assert last is not None and last.text(1) == "Note"
    assert "chase the MASH on Monday" in last.text(2)
    # Filter to one kind: only the kinds the case has are offered.
    offered = [panel.filter.itemText(i) for i in range(panel.filter.count())]
    assert offered == ["Everything", "Case opened", "Referral", "Contact", "Note"]
    panel.filter.setCurrentIndex(panel.filter.findText("Note"))
    assert panel.list.topLevelItemCount() == 1 and panel.summary.text() == "4 entries; 1 shown"
    panel.filter.setCurrentIndex(0)
    panel.resize(1000, 560)
    QApplication.processEvents()
    panel.grab().save(f"{SHOTS}/chronology_panel.png")
    window.grab().save(f"{SHOTS}/chronology_window.png")
    # Print or save: the usual preview, with the chronology document.
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    preview = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, DocumentPreview) and w.isVisible())
    assert "Case chronology" in preview.windowTitle()
    preview.close()


def test_supervisor_not_holding_the_case_sees_but_cannot_add(qtbot: QtBot, officer: Session,
                                                              sam: Session) -> None:
    ref = open_new(officer).reference
    contacts.add_note(officer, ref, {"noted_at": "2025-03-04T10:00:00+00:00",
                                     "text": "Seen by the duty sergeant."})
    window = _window(qtbot, sam, ref)
    qtbot.mouseClick(window.chronology_button, Qt.MouseButton.LeftButton)
    panel = window.findChild(ChronologyDialog)
    assert isinstance(panel, ChronologyDialog)
    assert panel.summary.text() == "2 entries"
    assert not panel.note_button.isEnabled() and "assigned" in panel.note_button.toolTip()
    assert panel.add_note() is None
    qtbot.mouseClick(window.contacts_button, Qt.MouseButton.LeftButton)
    log = window.findChild(ContactsDialog)
    assert isinstance(log, ContactsDialog) and not log.add_button.isEnabled()
