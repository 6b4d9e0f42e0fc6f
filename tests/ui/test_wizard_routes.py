"""A whole case worked through the case window, for every route."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from app.domain.enums import Route, Stage
from app.services import case_actions, cases
from app.services.session import Session
from tests.conftest import TestUnit
from tests.ui.wizard_support import complete_page, finish_closure
from tests.unit.case_walk import open_new, values
from ui.wizard.case_window import CaseWindow
from ui.wizard.notices import ClosingPage


def _window(qtbot: QtBot, session: Session, ref: str) -> CaseWindow:
    window = CaseWindow(session, ref)
    qtbot.addWidget(window)
    window.show()
    return window


def _closing_text(window: CaseWindow) -> str:
    page = window.page_scroll.widget()
    assert isinstance(page, ClosingPage)
    return " ".join(label.text() for label in page.findChildren(QLabel))


def _assert_closed(window: CaseWindow, officer: Session, route: Route) -> None:
    case = cases.get_case(officer, window.reference)
    assert case.status == "closed" and case.route is route
    assert window.page is not None and window.page.read_only
    assert not window.complete_button.isEnabled()
    assert window.findChild(QLabel, "flag_closed") is not None


@pytest.mark.parametrize(("request_type", "words"), [
    ("dbs", "criminal record (DBS) check"),
    ("foi", "Freedom of Information"),
])
def test_redirected_route(qtbot: QtBot, officer: Session, request_type: str, words: str) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    complete_page(window, {
        "contact_at": "2025-03-03T09:15:00+00:00", "officer": "PC Olive Ashdown",
        "contact_method": "telephone", "owning_force": "Wessex Police",
        "request_type": request_type, "reason": "Asked for a record check on herself."})
    text = _closing_text(window)
    assert "Redirected to another route" in text and words in text and "¶3.7" in text
    assert window.current_page_stage() is Stage.CLOSURE
    finish_closure(window)
    _assert_closed(window, officer, Route.REDIRECTED)


def test_anonymous_applicant_goes_to_intelligence(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    complete_page(window, values(Stage.INITIAL_CONTACT, applicant_anonymous=True))
    text = _closing_text(window)
    assert "Intelligence only" in text and "anonymous" in text
    finish_closure(window)
    _assert_closed(window, officer, Route.INTELLIGENCE_ONLY)


def test_identity_not_verified_route(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    complete_page(window, values(Stage.INITIAL_CONTACT))
    assert window.current_page_stage() is Stage.FACE_TO_FACE
    complete_page(window, values(Stage.FACE_TO_FACE, identity_verified=False))
    text = _closing_text(window)
    assert "Identity not verified" in text and "¶5.2.8" in text
    finish_closure(window)
    _assert_closed(window, officer, Route.IDENTITY_NOT_VERIFIED)


@pytest.mark.parametrize(("variant", "route"), [
    ("no_concerns", Route.NO_CONCERNS),
    ("disclose", Route.DISCLOSED),
    ("not_disclosed", Route.NOT_DISCLOSED),
])
def test_full_routes_with_supervisor_sign_off(qtbot: QtBot, unit: TestUnit, officer: Session,
                                              variant: str, route: Route) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    for stage in (Stage.INITIAL_CONTACT, Stage.FACE_TO_FACE, Stage.INFORMATION_PACK,
                  Stage.RISK_ASSESSMENT, Stage.DECISION):
        assert window.current_page_stage() is stage and not window.page.read_only  # type: ignore[union-attr]
        complete_page(window, values(stage, variant))  # type: ignore[arg-type]
    # Stage 5 now waits for sign-off: read-only, cannot be completed.
    assert window.current_page_stage() is Stage.DECISION
    assert window.page is not None and window.page.read_only
    assert not window.complete_button.isEnabled()
    assert window.findChild(QLabel, "flag_awaiting_signoff") is not None
    with unit.supervisor() as supervisor:
        case_actions.sign_off(supervisor, ref, approve=True)
    window.reload()
    assert window.current_page_stage() is Stage.OUTCOME
    complete_page(window, values(Stage.OUTCOME, variant))  # type: ignore[arg-type]
    assert route.label in _closing_text(window)
    finish_closure(window)
    _assert_closed(window, officer, route)


def test_stage2_is_prefilled_from_stage1(qtbot: QtBot, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    first = values(Stage.INITIAL_CONTACT)
    complete_page(window, first)
    assert window.page is not None
    shown = window.page.values()
    for block in ("applicant", "safe_contact", "subject", "children"):
        assert shown[block] == first[block]
    assert window.findChild(QLineEdit, "applicant.surname").text() == "Okafor"
    assert window.save_now()
    assert cases.get_case(officer, ref).values(Stage.FACE_TO_FACE)["applicant"] == \
        first["applicant"]


def test_returned_decision_shows_the_comment_and_is_editable(
        qtbot: QtBot, unit: TestUnit, officer: Session) -> None:
    ref = open_new(officer).reference
    window = _window(qtbot, officer, ref)
    for stage in (Stage.INITIAL_CONTACT, Stage.FACE_TO_FACE, Stage.INFORMATION_PACK,
                  Stage.RISK_ASSESSMENT, Stage.DECISION):
        complete_page(window, values(stage))
    with unit.supervisor() as supervisor:
        case_actions.sign_off(supervisor, ref, approve=False,
                              comment="Say why the mother is best placed.")
    window.reload()
    assert window.current_page_stage() is Stage.DECISION
    assert window.page is not None and not window.page.read_only
    flag = window.findChild(QLabel, "flag_signoff_returned")
    assert flag is not None and "mother is best placed" in flag.text()
    banner = window.findChild(QLabel, "banner_returned")
    assert banner is not None and "mother is best placed" in banner.text()
