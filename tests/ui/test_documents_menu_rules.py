"""The Documents menu greys out what the case's outcome rules out, saying why (review 52),
with the rule the documents service applies when producing; the unit tasks tab has
margins like every other tab (review 67)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.documents.model import DocumentKind, DocumentRefused
from app.domain.enums import AuditAction, Stage
from app.services import documents
from app.services.session import Session
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.conftest import TestUnit
from tests.ui.conftest import make_view
from tests.unit.case_walk import open_new, walk_to
from ui.documents.menu import build_documents_menu

LETTER = DocumentKind.NON_DISCLOSURE_LETTER


def _letter_item(qtbot: QtBot, session: Session, ref: str):  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    menu = build_documents_menu(parent, session, lambda: ref)
    menu.aboutToShow.emit()
    assert menu.toolTipsVisible()
    return next(a for a in menu.actions() if a.data() == LETTER.value)


def test_the_letter_is_greyed_on_a_disclosure_case_with_the_reason(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    with unit.officer() as olive:
        ref = open_new(olive).reference
        walk_to(olive, sam, ref, Stage.DECISION)  # decided: disclose, signed off
        before = len(audit_repo.search(olive.conn, AuditQuery(case_ref=ref)))
        item = _letter_item(qtbot, olive, ref)
        assert not item.isEnabled()
        assert "¶5.6.1" in item.toolTip() and item.toolTip().startswith("Not for this case")
        # The same rule refuses producing it; looking at the menu audits nothing.
        assert len(audit_repo.search(olive.conn, AuditQuery(case_ref=ref))) == before
        try:
            documents.produce(olive, ref, LETTER)
        except DocumentRefused as refused:
            assert documents.not_for_this_case(olive, ref)[LETTER] in str(refused)
        else:
            raise AssertionError("the letter was produced on a disclosure case")
        assert audit_repo.search(olive.conn, AuditQuery(case_ref=ref,
                                                        action=AuditAction.REFUSED))


def test_the_letter_is_offered_when_the_decision_is_not_to_disclose(
        qtbot: QtBot, unit: TestUnit, sam: Session) -> None:
    with unit.officer() as olive:
        ref = open_new(olive).reference
        walk_to(olive, sam, ref, Stage.DECISION, variant="not_disclosed")
        assert documents.not_for_this_case(olive, ref) == {}
        item = _letter_item(qtbot, olive, ref)
        assert item.isEnabled() and "Not for this case" not in item.toolTip()


def test_the_unit_tasks_tab_has_margins(qtbot: QtBot, sam: Session) -> None:
    view = make_view(qtbot, sam)
    view.setCurrentWidget(view.unit_tasks)
    QApplication.processEvents()
    margins = view.unit_tasks.layout().contentsMargins()
    assert min(margins.left(), margins.right(), margins.top()) >= 6
    assert view.unit_tasks.tree.x() >= 6
