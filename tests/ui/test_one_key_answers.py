"""One key per question (issue 12): Y or N answers a yes/no pair or a tick box and moves
on to the next question; a check list is one Tab stop (arrows move, Space or an item's
number ticks); the subject's forenames follow the surname.  Typed keys on real pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.domain.forms import form_for
from ui.wizard.check_list import MultiChoiceEditor
from ui.wizard.choice_editors import TickEditor, YesNoEditor, _ClickLabel
from ui.wizard.page import PageWidget

KEY = Qt.Key


def _page(qtbot: QtBot, stage: Stage) -> PageWidget:
    page = PageWidget(form_for(stage))
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    QApplication.processEvents()
    return page


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier =
           Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focus(), key, modifier)
    QApplication.processEvents()


def _editor(page: PageWidget, path: str) -> object:
    editor = page.editor(path)
    assert editor is not None, path
    return editor


def test_y_and_n_answer_a_yes_no_and_move_on_to_the_next_question(qtbot: QtBot) -> None:
    page = _page(qtbot, Stage.INITIAL_CONTACT)
    risk, at_risk = _editor(page, "immediate_risk"), _editor(page, "applicant_at_risk")
    assert isinstance(risk, YesNoEditor) and isinstance(at_risk, YesNoEditor)
    risk.yes.setFocus(Qt.FocusReason.TabFocusReason)
    _press(qtbot, KEY.Key_N)
    assert risk.value() is False
    assert _focus() is at_risk.yes  # the next question, as Tab would go
    _press(qtbot, KEY.Key_Y)
    assert at_risk.value() is True
    behaviour = _editor(page, "concerning_behaviour")
    assert isinstance(behaviour, QWidget) and behaviour.isAncestorOf(_focus())
    # Shift+Tab back and an arrow changes the answer without moving on
    _press(qtbot, KEY.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert _focus() in (at_risk.yes, at_risk.no)
    _press(qtbot, KEY.Key_Right)
    assert at_risk.value() is False and _focus() is at_risk.no


def test_y_on_a_run_of_ticks_ticks_each_with_one_key(qtbot: QtBot) -> None:
    page = _page(qtbot, Stage.INITIAL_CONTACT)
    names = ["info_not_replacement", "info_best_placed", "info_24h_checks",
             "info_face_to_face_10d", "info_proof_needed", "info_45_days", "info_asked_at_risk"]
    ticks = [_editor(page, name) for name in names]
    assert all(isinstance(t, TickEditor) for t in ticks)
    first = ticks[0]
    assert isinstance(first, TickEditor)
    first.box.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in names:
        _press(qtbot, KEY.Key_Y)
    assert [t.value() for t in ticks if isinstance(t, TickEditor)] == [True] * len(names)
    consent = _editor(page, "consent_to_share")
    assert isinstance(consent, YesNoEditor) and _focus() is consent.yes


def test_n_leaves_a_tick_unticked_as_an_answer_and_space_stays(qtbot: QtBot) -> None:
    page = _page(qtbot, Stage.INITIAL_CONTACT)
    tick, following = _editor(page, "info_not_replacement"), _editor(page, "info_best_placed")
    assert isinstance(tick, TickEditor) and isinstance(following, TickEditor)
    tick.box.setFocus(Qt.FocusReason.TabFocusReason)
    _press(qtbot, KEY.Key_Space)
    assert tick.value() is True and _focus() is tick.box  # Space ticks and stays
    _press(qtbot, KEY.Key_N)
    assert tick.value() is False and _focus() is following.box
    _press(qtbot, KEY.Key_N)  # an untouched box: N records "not ticked"
    assert following.value() is False
    tick.set_read_only(True)
    tick.box.setEnabled(True)  # even if reached, a page only viewed is not changed
    tick.box.setFocus()
    _press(qtbot, KEY.Key_Y)
    assert tick.value() is False


def test_a_tick_answered_with_y_brings_its_follow_up_next(qtbot: QtBot) -> None:
    page = _page(qtbot, Stage.RISK_ASSESSMENT)
    checked = _editor(page, "childrens_social_care_checked")
    basis = _editor(page, "childrens_social_care_basis")
    assert isinstance(checked, TickEditor) and isinstance(basis, QWidget)
    checked.box.setFocus(Qt.FocusReason.TabFocusReason)
    _press(qtbot, KEY.Key_Y)
    assert basis.isVisible()
    assert isinstance(_focus(), QComboBox) and basis.isAncestorOf(_focus())


def test_a_yes_no_answered_with_y_brings_its_follow_up_next(qtbot: QtBot) -> None:
    page = _page(qtbot, Stage.FACE_TO_FACE)
    proved = _editor(page, "relationship_proved")
    document = _editor(page, "relationship_document")
    assert isinstance(proved, YesNoEditor) and isinstance(document, QWidget)
    proved.set_value(None)
    proved.yes.setFocus(Qt.FocusReason.TabFocusReason)
    _press(qtbot, KEY.Key_Y)
    assert proved.value() is True and document.isVisible()
    assert document.isAncestorOf(_focus())


def test_a_check_list_is_one_tab_stop_with_arrows_space_and_numbers(qtbot: QtBot) -> None:
    page = _page(qtbot, Stage.FACE_TO_FACE)
    documents = _editor(page, "id_documents")
    refs = _editor(page, "id_document_refs")
    assert isinstance(documents, MultiChoiceEditor) and isinstance(refs, QWidget)
    boxes = [box for _, box in documents.boxes]
    # Tab from the question before reaches the list once, on its first item
    before = page.editor("warning_use_and_undertaking")
    assert isinstance(before, TickEditor)
    before.box.setFocus(Qt.FocusReason.TabFocusReason)
    _press(qtbot, KEY.Key_Tab)
    assert _focus() is boxes[0]
    # numbers tick and untick the item shown with that number, the cursor going there
    _press(qtbot, KEY.Key_1)
    _press(qtbot, KEY.Key_4)
    assert documents.value() == ["passport", "birth_certificate"]
    assert _focus() is boxes[3]
    _press(qtbot, KEY.Key_4)
    assert documents.value() == ["passport"]
    # arrows move (the item with the cursor is marked), Space ticks
    _press(qtbot, KEY.Key_Down)
    assert _focus() is boxes[4]
    texts = {label.box: label for label in documents.findChildren(_ClickLabel)}
    assert texts[boxes[4]].styleSheet() == _ClickLabel.FOCUSED
    assert texts[boxes[3]].styleSheet() == ""
    _press(qtbot, KEY.Key_Space)
    assert documents.value() == ["passport", documents.boxes[4][0]]
    _press(qtbot, KEY.Key_Up)
    _press(qtbot, KEY.Key_Up)
    assert _focus() is boxes[2]
    _press(qtbot, KEY.Key_9)  # no ninth item: nothing happens
    assert _focus() is boxes[2] and len(documents.value() or []) == 2
    # one Tab leaves the list; Shift+Tab comes back to the item last used
    _press(qtbot, KEY.Key_Tab)
    assert refs.isAncestorOf(_focus())
    _press(qtbot, KEY.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert _focus() is boxes[2]
    _press(qtbot, KEY.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert _focus() is before.box
    # the numbers are on screen, and screen readers hear where they are in the list
    key_labels = [documents.findChild(QWidget, f"id_documents:key{n}") for n in (1, 8)]
    assert all(label is not None and label.isVisible() for label in key_labels)
    assert "Item 3 of 8" in boxes[2].accessibleDescription()


def test_a_check_list_only_viewed_ignores_numbers(qtbot: QtBot) -> None:
    page = _page(qtbot, Stage.FACE_TO_FACE)
    documents = _editor(page, "id_documents")
    assert isinstance(documents, MultiChoiceEditor)
    documents.set_read_only(True)
    first = documents.boxes[0][1]
    first.setEnabled(True)  # even if reached, a page only viewed is not changed
    first.setFocus()
    _press(qtbot, KEY.Key_2)
    assert documents.value() is None


def test_every_check_box_of_a_list_still_takes_a_click(qtbot: QtBot) -> None:
    page = _page(qtbot, Stage.RISK_ASSESSMENT)
    grounds = _editor(page, "concern_grounds")
    assert isinstance(grounds, MultiChoiceEditor)
    third = grounds.boxes[2][1]
    qtbot.mouseClick(third, Qt.MouseButton.LeftButton)
    assert grounds.value() == [grounds.boxes[2][0]]
    assert all(box.focusPolicy() & Qt.FocusPolicy.ClickFocus for _, box in grounds.boxes)
    tab_stops = [box for _, box in grounds.boxes
                 if box.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert tab_stops == [third]  # the one Tab stop follows the item last used


def test_tab_goes_from_the_subjects_surname_to_the_forenames(qtbot: QtBot) -> None:
    page = _page(qtbot, Stage.INITIAL_CONTACT)
    surname = page.editor("subject.surname")
    forenames = page.editor("subject.forenames")
    assert surname is not None and forenames is not None
    surname.input_widget().setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(_focus(), "Smith")
    _press(qtbot, KEY.Key_Tab)
    assert _focus() is forenames.input_widget()
    qtbot.keyClicks(_focus(), "John")
    assert page.values()["subject"] == {"surname": "Smith", "forenames": "John"}


def test_check_boxes_keep_their_names_for_screen_readers(qtbot: QtBot) -> None:
    page = _page(qtbot, Stage.INITIAL_CONTACT)
    for box in page.findChildren(QCheckBox):
        assert box.accessibleName(), box.objectName()
