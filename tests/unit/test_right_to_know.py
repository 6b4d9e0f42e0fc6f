"""Issue 11 item 14: a police-initiated ("right to know") case, through the services.

The police may disclose without a request from the public (¶5, "not dependent on a
request from the public"; ¶2.6, s327A CJA 2003); 2023 practice calls this "right to
know" (digest §2.0 [S], modelled per §4 item 4 (likely): same decision and recipient
steps, no applicant).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.domain.enums import AuditAction, Route, Stage
from app.domain.timescales import DeadlineKind, DeadlineState
from app.errors import InvalidInput, NotAuthorised, RefusedByGuardrail
from app.services import case_actions, cases, figures
from app.services.case_list import list_cases
from app.services.right_to_know import open_right_to_know
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.unit.form_examples import _CHILDREN, _SUBJECT, STAGE4_CONCERNS, valid_stage_values

STARTED = datetime(2026, 2, 20, 10, 0, tzinfo=UTC)


def opening(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        **{k: v for k, v in STAGE4_CONCERNS.items()
           if k not in ("childrens_social_care_checked", "childrens_social_care_basis",
                        "agency_checks")},
        "rtk_started_at": STARTED.isoformat(),
        "rtk_trigger": "mappa_review",
        "rtk_reason": "The subject, a registered sex offender, has moved in with a mother "
                      "of a young girl.",
        "subject": {k: v for k, v in _SUBJECT.items() if k != "relationship_to_applicant"},
        "children": [{k: v for k, v in _CHILDREN[0].items() if k != "applicant_relationship"}],
    }
    data.update(changes)
    return data


def decision(**recipient: Any) -> dict[str, Any]:
    data = valid_stage_values(Stage.DECISION, "disclose")
    data["recipient"] = {"name": "Adaeze Okafor", "relationship": "parent",
                         "is_applicant": False, "identity_checked": True,
                         "relationship_checked": True, "checks_detail": "Passport; red book",
                         "safe_contact": "Mobile, weekdays after 10am",
                         "why_best_placed": "Mother and main carer.", **recipient}
    return data


def test_an_officer_opens_one_at_the_decision_stage_audited(unit: TestUnit) -> None:
    """¶5, 2.6: no applicant; the case starts at the decision with its basis recorded."""
    with unit.officer() as officer:
        case = open_right_to_know(officer, opening())
        assert case.right_to_know and case.current_stage is Stage.DECISION
        assert case.contact_at == STARTED
        assert case.is_complete(Stage.RISK_ASSESSMENT)
        assert Stage.INITIAL_CONTACT not in case.records  # no applicant, no initial contact
        assert case.facts.latest("subject")["surname"] == "Smith"
        rows = [r for r in audit_repo.iter_rows(officer.conn) if r.case_ref == case.reference]
        assert any(r.action == AuditAction.COLLECT.value and "right to know" in r.detail
                   for r in rows)


def test_no_applicant_timescales_do_not_apply(unit: TestUnit) -> None:
    """¶5.6.27: the decision route runs from the opening; the 24-hour and face-to-face
    timescales belong to an applicant and are not applicable."""
    with unit.officer() as officer:
        case = open_right_to_know(officer, opening())
        states = {d.kind: d.state for d in case.deadlines}
        assert states[DeadlineKind.STAGE1_24H] is DeadlineState.NOT_APPLICABLE
        assert states[DeadlineKind.FACE_TO_FACE_10D] is DeadlineState.NOT_APPLICABLE
        assert states[DeadlineKind.RISK_ASSESSMENT_10D] is DeadlineState.MET
        listed = {c.reference: c for c in list_cases(officer)}[case.reference]
        assert {d.kind: d.state for d in listed.deadlines} == states


def test_opening_needs_concerns_and_the_basis(unit: TestUnit) -> None:
    """¶5.5.3, 5.6.10: disclosure is considered only on concerns; the basis is required."""
    with unit.officer() as officer:
        with pytest.raises(RefusedByGuardrail, match="5.5.3"):
            open_right_to_know(officer, opening(categorisation="no_concerns", concern_grounds=[],
                                                convictions=[]))
        with pytest.raises(InvalidInput) as raised:
            open_right_to_know(officer, opening(rtk_reason="", children=[]))
        assert {p.path for p in raised.value.problems} >= {"rtk_reason", "children"}
        future = (STARTED + timedelta(days=3650)).isoformat()
        with pytest.raises(InvalidInput):
            open_right_to_know(officer, opening(rtk_started_at=future))


def test_an_administrator_cannot_open_one(unit: TestUnit) -> None:
    with unit.admin() as admin, pytest.raises(NotAuthorised):
        open_right_to_know(admin, opening())


def test_recipient_checks_apply_but_not_applicant_identity(unit: TestUnit) -> None:
    """¶4.3, 5.6.19: the recipient is never 'the applicant' and is checked; the applicant's
    identity (¶5.2.8) is not asked of a case that has none."""
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_right_to_know(officer, opening()).reference
        with pytest.raises(RefusedByGuardrail, match="has no applicant"):
            cases.complete_stage(officer, ref, Stage.DECISION, decision(is_applicant=True))
        with pytest.raises((RefusedByGuardrail, InvalidInput)):
            cases.complete_stage(officer, ref, Stage.DECISION,
                                 decision(identity_checked=False, safe_contact=""))
        cases.complete_stage(officer, ref, Stage.DECISION, decision())
        case = case_actions.sign_off(supervisor, ref, approve=True)
        assert case.current_stage is Stage.OUTCOME
        outcome = valid_stage_values(Stage.OUTCOME, "disclose")
        done = cases.complete_stage(officer, ref, Stage.OUTCOME, outcome)
        assert done.route is Route.DISCLOSED and done.next_stage is Stage.CLOSURE


def test_the_tick_cannot_be_set_on_an_ordinary_case(unit: TestUnit) -> None:
    from tests.unit.case_walk import open_new, walk_to

    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.INFORMATION_PACK)
        with pytest.raises(InvalidInput, match="right to know"):
            cases.save_draft(officer, ref, Stage.RISK_ASSESSMENT,
                             {**STAGE4_CONCERNS, "right_to_know": True})


def test_figures_count_right_to_know_on_its_own(unit: TestUnit) -> None:
    """Issue 11 items 14-15: right-to-know cases counted apart; contacts still add up."""
    with unit.officer() as officer:
        open_right_to_know(officer, opening())
    with unit.supervisor() as supervisor:
        months = figures.unit_figures(supervisor)
        assert sum(m.right_to_know for m in months) == 1
        assert all(m.adds_up for m in months)
        assert sum(m.applications for m in months) == 0  # not an application (¶4.2)


def test_the_opening_form_does_not_ask_about_an_applicant() -> None:
    """There is none (¶5, 2.6): no relationship to one, no wording that assumes one."""
    from app.domain.forms.right_to_know import RIGHT_TO_KNOW_FORM

    def words(fields: Any) -> list[str]:
        found = []
        for f in fields:
            found += [f.id, f.label, f.help, *words(f.subfields)]
        return found

    text = [w for s in RIGHT_TO_KNOW_FORM.sections for w in words(s.fields)]
    speaks = [w for w in text if "applica" in w.lower() and "no applicant" not in w]
    assert speaks == []
    subject = next(f for f in RIGHT_TO_KNOW_FORM.sections[0].fields if f.id == "subject")
    assert "relationship_to_applicant" not in [f.id for f in subject.subfields]


def test_the_closure_summary_does_not_speak_of_an_applicant(unit: TestUnit) -> None:
    """¶6.1 summary of a police-initiated case: how it began, no applicant, no request."""
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_right_to_know(officer, opening()).reference
        cases.complete_stage(officer, ref, Stage.DECISION, decision())
        case_actions.sign_off(supervisor, ref, approve=True)
        outcome = {**valid_stage_values(Stage.OUTCOME, "disclose"),
                   "disclosed_place": "Her home, kitchen"}
        cases.complete_stage(officer, ref, Stage.OUTCOME, outcome)
        summary = str(cases.get_case(officer, ref).values(Stage.CLOSURE)["summary"])
    lines = summary.splitlines()
    assert lines[1] == ("Police began considering disclosure: 20 Feb 2026 10:00 "
                        "(MAPPA or offender management review)")
    assert lines[2] == "Request: none — police-initiated disclosure (right to know)"
    assert "Applicant" not in summary and "First contact" not in summary
    assert "  Subject: John Smith" in summary and "  Disclosure recipient: Adaeze" in summary
    assert "Why the police considered disclosure\n  The subject, a registered sex offender" \
        in summary


def _closed_right_to_know(officer: Any, supervisor: Any) -> str:
    from tests.unit.test_supervision_services import _close

    ref = open_right_to_know(officer, opening()).reference
    cases.complete_stage(officer, ref, Stage.DECISION, decision())
    case_actions.sign_off(supervisor, ref, approve=True)
    cases.complete_stage(officer, ref, Stage.OUTCOME,
                         valid_stage_values(Stage.OUTCOME, "disclose"))
    _close(officer, ref)
    return ref


def test_figures_split_right_to_know_by_route_and_still_add_up(unit: TestUnit) -> None:
    """Right-to-know cases: still open + closed by route = their total, in the figures
    and in the CSV, and the unit's contacts still reconcile."""
    import csv
    import io

    from tests.unit.case_walk import open_new

    with unit.officer() as officer, unit.supervisor() as supervisor:
        _closed_right_to_know(officer, supervisor)
        open_right_to_know(officer, opening(rtk_started_at=(STARTED + timedelta(
            days=1)).isoformat()))
        open_new(officer, STARTED)  # an ordinary application, same month
    with unit.supervisor() as supervisor:
        months = figures.unit_figures(supervisor)
        text = figures.figures_csv(supervisor, months)
    (month,) = months
    assert month.right_to_know == 2 and month.right_to_know_open == 1
    assert month.right_to_know_by_route[Route.DISCLOSED] == 1
    assert sum(month.right_to_know_by_route.values()) == 1
    assert month.initial_contacts == 3 and month.open_cases == 2 and month.adds_up
    (row,) = csv.DictReader(io.StringIO(text))
    closed = sum(int(row[f"right_to_know_closed_{r.value}"]) for r in Route)
    assert int(row["right_to_know"]) == int(row["right_to_know_open"]) + closed == 2
    assert int(row["right_to_know_closed_disclosed"]) == 1


def test_figures_that_do_not_reconcile_are_caught() -> None:
    from app.services.figures import MonthFigures

    month = MonthFigures("2026-02", initial_contacts=1, open_cases=1, right_to_know=1)
    assert not month.adds_up  # the right-to-know case is neither open nor closed
    month.right_to_know_open = 1
    assert month.adds_up
