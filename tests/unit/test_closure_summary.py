"""The closure summary (¶6.1) reads as words, not stored codes."""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.case_facts import CaseFacts
from app.domain.enums import Route, Stage
from app.domain.summary import closure_summary


def _facts(**stage1: object) -> CaseFacts:
    return CaseFacts(current_stage=Stage.CLOSURE, values={Stage.INITIAL_CONTACT: dict(stage1)},
                     completed=frozenset({Stage.INITIAL_CONTACT}))


def test_first_contact_names_the_method_in_words() -> None:
    # Seen on a closure page: "First contact: 15 Nov 2026 03:28 (incident_call)".
    text = closure_summary("DEMO/2026/00110", datetime(2026, 11, 15, 3, 28, tzinfo=UTC),
                           _facts(contact_method="incident_call", request_type="csods"),
                           Route.WITHDRAWN)
    assert "First contact: 15 Nov 2026 03:28 (During a call to an incident)" in text
    assert "incident_call" not in text


def test_first_contact_without_a_method_says_so() -> None:
    text = closure_summary("DEMO/2026/00001", datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
                           _facts(request_type="csods"), Route.WITHDRAWN)
    assert "(method not recorded)" in text


def test_an_early_closure_says_no_decision_rather_than_an_empty_outcome() -> None:
    # Seen in a closure report: the heading "Outcome" with nothing under it.
    text = closure_summary("DEMO/2026/00110", datetime(2026, 11, 15, 3, 28, tzinfo=UTC),
                           _facts(contact_method="telephone", request_type="csods"),
                           Route.WITHDRAWN)
    lines = text.splitlines()
    outcome = lines.index("Outcome")
    assert lines[outcome + 1] == "  No decision recorded."


def test_dates_read_dd_mm_yyyy_like_every_date_box_6_1() -> None:
    # Review shot 48: "Subject: ... (born 2001-11-26; ...)" where the app types dd/mm/yyyy.
    facts = CaseFacts(
        current_stage=Stage.CLOSURE,
        values={
            Stage.INITIAL_CONTACT: {
                "contact_method": "telephone", "request_type": "csods",
                "applicant": {"forenames": "Rhea", "surname": "Example", "dob": "1990-02-03"},
                "subject": {"forenames": "Tobin", "surname": "Sample", "dob": "2001-11-26"},
                "children": [{"name": "Kit Example", "dob": "2019-07-04"}, {"name": "Bo"}],
            },
        },
        completed=frozenset({Stage.INITIAL_CONTACT}))
    text = closure_summary("DEMO/2026/00048", datetime(2026, 11, 15, 3, 28, tzinfo=UTC),
                           facts, Route.WITHDRAWN)
    assert "Tobin Sample (born 26/11/2001)" in text
    assert "Rhea Example (born 03/02/1990)" in text
    assert "Child 1: Kit Example (born 04/07/2019)" in text
    assert "Child 2: Bo (age not recorded)" in text
    assert "2001-11-26" not in text and "2019-07-04" not in text
