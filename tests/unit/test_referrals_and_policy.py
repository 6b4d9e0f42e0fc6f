"""Safeguarding referrals log (¶3.6, 5.6.11, 6.3) and timescales as a unit policy
(¶5 table, 5.6.27; 2023 practice [S]) through the services."""

from __future__ import annotations

import pytest

from app.domain.timescale_policy import TimescalePolicy
from app.domain.timescales import DeadlineKind
from app.errors import InvalidInput, NotAuthorised
from app.services import case_list, cases, referrals, timescale_policy
from app.storage import audit_repo
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new

S47 = {"agency": "s47_strategy", "sent_on": "2025-03-04", "reference": "MASH-0042",
       "chase_by": "2025-03-06"}


def test_referral_logged_audited_and_chase_overdue_3_6_5_6_11(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        made = referrals.add_referral(officer, ref, S47)
        assert made.agency_label == "Section 47 strategy discussion"
        # The clock (2 Mar 2026) is past the chase-by date: it shows as overdue.
        assert [r.id for r in referrals.overdue_chases(officer, ref)] == [made.id]
        summary = case_list.list_cases(officer)[0]
        assert summary.referral_chase_overdue
        answered = referrals.update_referral(officer, ref, made.id, {
            **S47, "outcome": "Strategy discussion held; s47 enquiry opened.",
            "outcome_on": "2025-03-05"})
        assert answered.answered and not answered.chased_late(unit.clock.now().date())
        assert not referrals.overdue_chases(officer, ref)
        assert not case_list.list_cases(officer)[0].referral_chase_overdue
        rows = [r for r in audit_repo.iter_rows(officer.conn) if "referral" in (r.entity or "")]
    assert [r.detail for r in rows] == ["safeguarding referral recorded",
                                        "safeguarding referral outcome recorded"]
    assert rows[0].recipient == "Section 47 strategy discussion"


def test_referral_bad_input_refused(unit: TestUnit) -> None:
    with unit.officer() as officer:
        ref = open_new(officer).reference
        with pytest.raises(InvalidInput):
            referrals.add_referral(officer, ref, {"sent_on": "2025-03-04"})  # no agency
        with pytest.raises(InvalidInput, match="before the date"):
            referrals.add_referral(officer, ref, {**S47, "chase_by": "2025-03-01"})
        with pytest.raises(InvalidInput):
            referrals.add_referral(officer, ref, {**S47, "outcome_on": "2025-03-05"})
        assert referrals.referrals(officer, ref) == []
    with unit.officer2() as other, pytest.raises(NotAuthorised):
        referrals.add_referral(other, ref, S47)


def test_policy_v1_is_the_2010_default_and_cases_keep_theirs_5_6_27(unit: TestUnit) -> None:
    with unit.officer() as officer:
        old = open_new(officer)
        assert old.policy.version == 1 and old.policy.overall_days == 45
        with pytest.raises(NotAuthorised):
            timescale_policy.adopt_policy(officer, TimescalePolicy(overall_days=28), "x")
    short = TimescalePolicy(overall_days=28, decision_route_days=18, name="Force policy N19")
    with unit.supervisor() as sup:
        with pytest.raises(InvalidInput, match="why"):
            timescale_policy.adopt_policy(sup, short, " ")
        with pytest.raises(InvalidInput, match="already in force"):
            timescale_policy.adopt_policy(sup, TimescalePolicy(), "same again")
        new = timescale_policy.adopt_policy(sup, short, "Force adopted the 28-day target")
        assert new.version == 2
        assert [p.version for p in timescale_policy.policies(sup)] == [1, 2]
        changed = [r for r in audit_repo.iter_rows(sup.conn)
                   if r.entity == "timescale-policy:2"]
        assert changed and changed[0].justification == "Force adopted the 28-day target"
    with unit.officer() as officer:
        kept = cases.get_case(officer, old.reference)
        fresh = open_new(officer)
        assert kept.policy.version == 1
        assert fresh.policy.version == 2
        due = {d.kind: d.due for d in fresh.deadlines}
        assert (due[DeadlineKind.CLOSURE_45D] - fresh.contact_at).days in (27, 28)  # BST
        old_due = {d.kind: d.due for d in kept.deadlines}
        assert (old_due[DeadlineKind.CLOSURE_45D] - kept.contact_at).days in (44, 45)
        listed = {s.reference: s for s in case_list.list_cases(officer)}
        assert listed[fresh.reference].deadlines[-1].due == due[DeadlineKind.CLOSURE_45D]
