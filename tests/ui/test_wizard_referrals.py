"""The case window's safeguarding referrals (¶3.6, 5.6.11, 6.3): the log with a passed
chase-by date in red saying "chase overdue", adding one and recording its outcome by
typing, refusals kept on screen, and the chase shown in the header's timescales."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel
from pytestqt.qtbot import QtBot

from app.services import referrals
from app.services.session import Session
from tests.unit.case_walk import open_new
from ui.wizard.case_window import CaseWindow
from ui.wizard.dialogs import FormDialog
from ui.wizard.referrals_panel import OVERDUE_WORDS, ReferralsDialog

SHOTS = "/tmp/hl"
# The test clock says 2 Mar 2026; the case was opened on 3 Mar 2025.
S47 = {"agency": "s47_strategy", "sent_on": "2025-03-04", "reference": "MASH-0042",
       "chase_by": "2025-03-06"}


def _window(qtbot: QtBot, session: Session, ref: str) -> CaseWindow:
    window = CaseWindow(session, ref)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    return window


def _open_panel(qtbot: QtBot, window: CaseWindow) -> ReferralsDialog:
    qtbot.mouseClick(window.referrals_button, Qt.MouseButton.LeftButton)
    panel = window.findChild(ReferralsDialog)
    assert isinstance(panel, ReferralsDialog) and panel.isVisible()
    return panel


def _form(panel: ReferralsDialog) -> FormDialog:
    assert panel.form is not None and panel.form.isVisible()
    return panel.form


def _type(qtbot: QtBot, form: FormDialog, path: str, text: str) -> None:
    widget = form.page.editor(path).input_widget()
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def _choose(qtbot: QtBot, form: FormDialog, path: str, label: str) -> None:
    combo = form.page.editor(path).input_widget()
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    while combo.currentText() != label:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{label!r} is not offered"


def _cells(panel: ReferralsDialog, row: int) -> list[str]:
    item = panel.list.topLevelItem(row)
    assert item is not None
    return [item.text(c) for c in range(panel.list.columnCount())]


def test_add_a_referral_by_typing_it(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    assert window.referrals_button.text() == "Re&ferrals…"
    panel = _open_panel(qtbot, window)
    assert "No referral" in panel.summary.text()
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    form = _form(panel)
    assert not form.ok.isEnabled()  # agency and date sent are required
    _choose(qtbot, form, "agency", "Multi-agency safeguarding hub (MASH)")
    _type(qtbot, form, "sent_on", "04/03/2025")
    _type(qtbot, form, "reference", "MASH/25/118")
    _type(qtbot, form, "chase_by", "11/03/2025")
    form.revalidate()
    assert form.page.values()["sent_on"] == "2025-03-04"
    assert form.page.values()["chase_by"] == "2025-03-11"
    assert form.ok.isEnabled(), [p.message for p in form.missing.problems]
    form.grab().save(f"{SHOTS}/referral_add.png")
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    [made] = referrals.referrals(officer, ref)
    assert made.agency == "mash" and made.reference == "MASH/25/118"
    assert _cells(panel, 0) == ["Multi-agency safeguarding hub (MASH)", "04 Mar 2025",
                                "MASH/25/118", f"11 Mar 2025 — {OVERDUE_WORDS}", "Awaited"]
    assert f"1 {OVERDUE_WORDS}" in panel.summary.text()
    # The window has the new case: the button counts it, the header shows the chase.
    assert window.referrals_button.text() == "Re&ferrals (1)…"
    chase = window.findChild(QLabel, "deadline_referral_chase")
    assert chase is not None and chase.text() == "Chase overdue"
    QApplication.processEvents()
    panel.grab().save(f"{SHOTS}/referrals_panel.png")
    window.grab().save(f"{SHOTS}/referrals_window.png")


def test_overdue_chase_is_red_with_words(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    referrals.add_referral(officer, ref, S47)
    referrals.add_referral(officer, ref, {**S47, "agency": "probation", "reference": "",
                                          "chase_by": "2026-04-01"})  # not yet due
    window = _window(qtbot, officer, ref)
    panel = _open_panel(qtbot, window)
    overdue, waiting = panel.list.topLevelItem(0), panel.list.topLevelItem(1)
    assert overdue is not None and waiting is not None
    assert overdue.text(3).endswith(OVERDUE_WORDS)
    assert overdue.foreground(3).color().name() == "#7a0000"
    assert waiting.text(3) == "01 Apr 2026" and waiting.text(2) == "—"
    assert OVERDUE_WORDS not in waiting.text(3)
    assert panel.summary.text() == "2 referrals; 1 chase overdue"


def test_record_the_outcome_clears_the_chase(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    referrals.add_referral(officer, ref, S47)
    window = _window(qtbot, officer, ref)
    assert window.findChild(QLabel, "deadline_referral_chase") is not None
    panel = _open_panel(qtbot, window)
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # Enter opens the selected referral
    form = _form(panel)
    assert form.page.values()["reference"] == "MASH-0042"  # starts from what was recorded
    _type(qtbot, form, "outcome_on", "05/03/2025")
    form.revalidate()
    assert not form.ok.isEnabled()  # an outcome date needs the outcome
    _type(qtbot, form, "outcome", "Strategy discussion held; section 47 enquiry opened.")
    form.revalidate()
    assert form.ok.isEnabled(), [p.message for p in form.missing.problems]
    form.ok.click()
    [done] = referrals.referrals(officer, ref)
    assert done.outcome_on is not None and done.outcome.startswith("Strategy discussion")
    assert _cells(panel, 0)[3] == "06 Mar 2025"
    assert _cells(panel, 0)[4].startswith("05 Mar 2025: Strategy discussion held")
    assert window.findChild(QLabel, "deadline_referral_chase") is None


def test_refused_referral_keeps_what_was_typed(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    panel = _open_panel(qtbot, window)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    form = _form(panel)
    _choose(qtbot, form, "agency", "Probation")
    _type(qtbot, form, "sent_on", "04/03/2025")
    _type(qtbot, form, "chase_by", "01/03/2025")  # before it was sent
    form.revalidate()
    form.ok.click()
    assert form.isVisible()  # refused: the service's words are shown, nothing lost
    assert "chase-by date cannot be before" in form.missing.note.text()
    assert form.page.values()["chase_by"] == "2025-03-01"
    assert referrals.referrals(officer, ref) == []


def test_a_supervisor_not_assigned_sees_but_cannot_change(qtbot: QtBot, officer: Session,
                                                          sam: Session) -> None:
    ref = open_new(officer).reference
    referrals.add_referral(officer, ref, S47)
    window = _window(qtbot, sam, ref)  # supervisors see every case, change their own
    panel = _open_panel(qtbot, window)
    assert panel.list.topLevelItemCount() == 1
    assert not panel.add_button.isEnabled() and not panel.update_button.isEnabled()
    assert "assigned" in panel.add_button.toolTip()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert panel.form is None  # Enter opens nothing to change
