"""Pages generated from the schema: every field has its widget, values round-trip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.domain.forms import (
    EXTENSION_FORM,
    IMMEDIATE_RISK_FORM,
    FieldKind,
    all_forms,
    form_for,
)
from tests.ui.wizard_support import add_first_items, indexed_paths, without_empties
from tests.unit.form_examples import (
    VARIANTS,
    valid_case_context,
    valid_extension_values,
    valid_immediate_risk_values,
    valid_stage_values,
)
from ui.date_input import DateLine
from ui.wizard.offences import OffenceEditor
from ui.wizard.page import PageWidget

WIDGET_TYPES: dict[FieldKind, type[QWidget]] = {
    FieldKind.TEXT: QLineEdit,
    FieldKind.OFFENCE: QLineEdit,
    FieldKind.LONG_TEXT: QPlainTextEdit,
    FieldKind.DATE: DateLine,
    FieldKind.CHOICE: QComboBox,
    FieldKind.TICK: QCheckBox,
    FieldKind.PERSON: QGroupBox,
    FieldKind.GROUP: QGroupBox,
}

FORMS = [*all_forms(), IMMEDIATE_RISK_FORM, EXTENSION_FORM]


def _page(qtbot: QtBot, form: object) -> PageWidget:
    page = PageWidget(form)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    return page


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.title)
def test_every_schema_field_has_one_widget_named_by_its_path(qtbot: QtBot, form: object) -> None:
    page = _page(qtbot, form)
    add_first_items(page)
    missing, doubled, wrong = [], [], []
    for path, field in indexed_paths(page.form):
        found = page.findChildren(QWidget, path)
        if not found:
            missing.append(path)
            continue
        if len(found) > 1:
            doubled.append(path)
        wanted = WIDGET_TYPES.get(field.kind, QWidget)
        if not isinstance(found[0], wanted):
            wrong.append(f"{path}: {type(found[0]).__name__}")
    assert (missing, doubled, wrong) == ([], [], [])
    assert len(indexed_paths(page.form)) == len(page.form.paths())


@pytest.mark.parametrize("stage", list(Stage), ids=lambda s: s.key)
@pytest.mark.parametrize("variant", VARIANTS)
def test_set_values_then_values_round_trips(qtbot: QtBot, stage: Stage, variant: str) -> None:
    page = _page(qtbot, form_for(stage))
    valid = valid_stage_values(stage, variant)  # type: ignore[arg-type]
    page.set_values(valid)
    assert page.values() == without_empties(valid)
    page.set_values({})
    assert page.values() == {}


@pytest.mark.parametrize(("form", "values"), [
    (IMMEDIATE_RISK_FORM, valid_immediate_risk_values()),
    (EXTENSION_FORM, valid_extension_values()),
])
def test_aux_forms_round_trip(qtbot: QtBot, form: object, values: dict[str, object]) -> None:
    page = _page(qtbot, form)
    page.set_values(values)
    assert page.values() == without_empties(values)


def test_datetime_is_shown_in_london_and_stored_in_utc(qtbot: QtBot) -> None:
    page = _page(qtbot, form_for(Stage.INITIAL_CONTACT))
    page.set_values({"contact_at": "2025-07-01T13:05:00+00:00"})  # 14:05 BST
    time_edit = page.findChild(QLineEdit, "contact_at:time")
    assert time_edit.text() == "14:05"
    assert page.findChild(QLineEdit, "contact_at:date").text() == "01/07/2025"
    assert page.values() == {"contact_at": "2025-07-01T13:05:00+00:00"}


def test_unset_states_store_nothing(qtbot: QtBot) -> None:
    page = _page(qtbot, form_for(Stage.INITIAL_CONTACT))
    page.set_values({"applicant": {"dob": "1990-01-02"}, "immediate_risk": True,
                     "contact_method": "telephone"})
    page.editor("applicant.dob").set_value(None)  # type: ignore[union-attr]
    page.editor("immediate_risk").set_value(None)  # type: ignore[union-attr]
    combo = page.findChild(QComboBox, "contact_method")
    combo.setCurrentIndex(0)
    assert combo.currentText() == "— choose —"
    assert page.values() == {}
    date = page.findChild(DateLine, "applicant.dob")
    assert date.text() == "" and date.placeholderText() == "dd/mm/yyyy"


def test_mandatory_marks_follow_the_answers(qtbot: QtBot) -> None:
    page = _page(qtbot, form_for(Stage.INITIAL_CONTACT))
    page.set_values({"request_type": "csods"})
    page.refresh({})
    surname = page.findChild(QLineEdit, "subject.surname")
    assert "required" in surname.accessibleName()
    row = next(r for r in page.editor("subject").rows if r.field.id == "surname")  # type: ignore[union-attr]
    assert row.label is not None and row.label.text().endswith(" *") and row.label.font().bold()
    page.editor("subject.description").set_value("Tall, about 40, red van")  # type: ignore[union-attr]
    page.refresh({})
    assert "required" not in surname.accessibleName()
    assert not row.label.text().endswith(" *")


def test_sections_hide_when_they_do_not_apply(qtbot: QtBot) -> None:
    page = _page(qtbot, form_for(Stage.DECISION))
    page.show()
    plan = next(b for b in page.blocks if b.section.title == "Disclosure plan")
    page.set_values({"decision": "do_not_disclose"})
    page.refresh(valid_case_context())
    assert plan.isHidden()
    page.findChild(QComboBox, "decision").setCurrentIndex(1)  # Disclose
    page.refresh(valid_case_context())
    assert not plan.isHidden()


def test_groups_add_remove_and_renumber(qtbot: QtBot) -> None:
    page = _page(qtbot, form_for(Stage.INITIAL_CONTACT))
    children = page.editor("children")
    for name in ("Ann", "Ben", "Cat"):
        children.add_item({"name": name})  # type: ignore[union-attr]
    children.remove_item(0)  # type: ignore[union-attr]
    assert page.values()["children"] == [{"name": "Ben"}, {"name": "Cat"}]
    assert page.findChild(QLineEdit, "children[1].name").text() == "Cat"
    assert page.findChild(QLineEdit, "children[2].name") is None
    parents = page.editor("parents")
    parents.add_item()  # type: ignore[union-attr]
    parents.add_item()  # type: ignore[union-attr]
    assert not parents.add.isEnabled()  # type: ignore[union-attr]


def test_tab_follows_form_order_into_new_group_entries(qtbot: QtBot) -> None:
    page = _page(qtbot, form_for(Stage.INITIAL_CONTACT))
    page.editor("children").add_item()  # type: ignore[union-attr]
    name = page.findChild(QLineEdit, "children[0].name")
    dob = page.findChild(DateLine, "children[0].dob")
    assert name.nextInFocusChain() is dob
    reason = page.findChild(QPlainTextEdit, "reason")
    assert reason.tabChangesFocus()


def test_read_only_page_refuses_edits(qtbot: QtBot) -> None:
    page = _page(qtbot, form_for(Stage.INFORMATION_PACK))
    page.set_values(valid_stage_values(Stage.INFORMATION_PACK))
    page.set_read_only(True)
    assert page.findChild(QPlainTextEdit, "notes").isReadOnly()
    assert not page.findChild(QComboBox, "pack_format").isEnabled()
    assert not page.findChild(QCheckBox, "advice_discussed").isEnabled()


def test_offence_picker_stores_the_code_and_shows_the_description(qtbot: QtBot) -> None:
    page = _page(qtbot, form_for(Stage.RISK_ASSESSMENT))
    page.editor("convictions").add_item()  # type: ignore[union-attr]
    editor = page.editor("convictions[0].offence_code")
    assert isinstance(editor, OffenceEditor)  # chosen by the field's kind, OFFENCE
    editor.pick("SOA2003-s15")  # type: ignore[union-attr]
    line = page.findChild(QLineEdit, "convictions[0].offence_code")
    assert "grooming" in line.text()
    assert page.values()["convictions"] == [{"offence_code": "SOA2003-s15"}]
    line.setText("something else")
    line.textEdited.emit("something else")
    assert page.values()["convictions"] == [{"offence_code": "something else"}]


def test_typing_into_an_unset_date_and_tab_leaves_it(qtbot: QtBot) -> None:
    page = _page(qtbot, form_for(Stage.INFORMATION_PACK))
    date = page.findChild(DateLine, "pack_given_on")
    assert date.text() == ""
    qtbot.keyClicks(date, "07032025")
    assert page.values() == {"pack_given_on": "2025-03-07"}
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    date.setFocus()
    # Issue 12 item 4: no "Clear" link between a date and the next question any more.
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.findChild(QCheckBox, "advice_discussed")
    assert date.text() == "07/03/2025"  # shown in full once left


def test_offence_dialog_searches_and_picks(qtbot: QtBot) -> None:
    from ui.wizard.offences import OffenceDialog

    dialog = OffenceDialog("grooming")
    qtbot.addWidget(dialog)
    assert dialog.results.count() >= 1
    assert "grooming" in dialog.results.item(0).text().lower()
    dialog.accept()
    assert dialog.chosen == "SOA2003-s15"
