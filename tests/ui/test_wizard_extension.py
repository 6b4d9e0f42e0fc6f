"""The extension dialog: only outstanding timescales, and 'give one of the two'."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from app.domain.enums import Stage
from app.domain.forms import EXTENSION_FORM
from app.domain.forms.serialise import field_as_dict
from app.services import case_actions
from app.services.session import Session
from tests.unit.case_walk import open_new, walk_to
from ui.wizard.case_window import CaseWindow
from ui.wizard.dialogs import FormDialog
from ui.wizard.rows import FieldRow


def _dialog(qtbot: QtBot, session: Session, ref: str) -> FormDialog:
    window = CaseWindow(session, ref)
    qtbot.addWidget(window)
    window.show()
    dialog = window.open_extension()
    assert isinstance(dialog, FormDialog)
    return dialog


def _offered(dialog: FormDialog) -> list[str]:
    combo = dialog.findChild(QComboBox, "deadline")
    assert combo is not None
    return [combo.itemData(i) for i in range(1, combo.count())]


def _row(dialog: FormDialog, path: str) -> FieldRow:
    return next(r for r in dialog.page.rows() if r.path == path)


def test_only_outstanding_timescales_are_offered(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    case = walk_to(officer, None, ref, Stage.FACE_TO_FACE)  # 24 h and face to face are met
    outstanding = [d.kind.value for d in case_actions.extendable_deadlines(case)]
    assert "stage1_24h" not in outstanding and "face_to_face_10d" not in outstanding
    assert outstanding and "closure_45d" in outstanding
    dialog = _dialog(qtbot, officer, ref)
    assert _offered(dialog) == outstanding
    combo = dialog.findChild(QComboBox, "deadline")
    assert combo is not None and "due" in combo.itemText(1)


def test_a_new_case_offers_every_timescale(qtbot: QtBot, officer: Session) -> None:
    dialog = _dialog(qtbot, officer, open_new(officer).reference)
    assert _offered(dialog) == [c.value for c in EXTENSION_FORM.field("deadline").choices]


def test_extra_days_or_new_date_is_one_of_the_two(qtbot: QtBot, officer: Session) -> None:
    dialog = _dialog(qtbot, officer, open_new(officer).reference)
    days, new_date = _row(dialog, "extra_days"), _row(dialog, "new_date")
    for row in (days, new_date):
        assert row.label is not None
        assert row.label.text().endswith("(give one of the two)")
        assert "*" not in row.label.text()
        assert "one of the two" in row.help
    assert _row(dialog, "reason").label.text().endswith(" *")  # type: ignore[union-attr]
    line = dialog.findChild(QLineEdit, "extra_days")
    assert line is not None
    line.setText("14")
    dialog.revalidate()
    assert new_date.label is not None and new_date.label.text() == "New date"
    assert all(isinstance(lab, QLabel) for lab in (days.label, new_date.label))
    assert field_as_dict(EXTENSION_FORM.field("extra_days"))["one_of"] == "new_date"


def test_an_empty_pair_is_one_missing_answer(qtbot: QtBot, officer: Session) -> None:
    dialog = _dialog(qtbot, officer, open_new(officer).reference)
    paths = [p.path for p in dialog.missing.problems]
    assert paths.count("extra_days") + paths.count("new_date") == 1
    messages = [p.message for p in dialog.missing.problems]
    assert "Give the number of extra days or a new date." in messages
