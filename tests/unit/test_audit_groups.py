"""The audit viewer's grouping of draft saves and its decisions-only filter (issue 12
item 9), without Qt: rows are grouped, never dropped or changed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.domain.enums import Stage
from app.services import cases
from app.services.audit_groups import (
    decisions_and_disclosures,
    group_draft_saves,
    is_draft_save,
)
from app.services.audit_view import AuditEntry, AuditFilter, search_audit
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values, walk_to


def _row(id_: int, actor: str = "olive", entity: str = "case:1/stage:2",
         detail: str = "draft of Face to face saved", action: str = "alter") -> AuditEntry:
    return AuditEntry(id=id_, at="2026-11-01T10:00:00+00:00", actor=actor, action=action,
                      entity=entity, case_ref="CSO/2026/000001", justification=None,
                      recipient=None, detail=detail, prev_hash="", hash="")


def test_consecutive_draft_saves_of_one_stage_by_one_user_are_one_line() -> None:
    first = _row(3, entity="case:1/stage:1", detail="draft of Initial contact saved")
    rows = [_row(10), _row(9), _row(8), _row(7, actor="sam"), _row(6),
            _row(5, detail="Face to face completed"), _row(4), first]
    lines = group_draft_saves(rows)
    assert [[e.id for e in line.entries] for line in lines] == [
        [10, 9, 8], [7], [6], [5], [4], [3]]
    assert lines[0].is_group and lines[0].ids == "8–10"
    assert lines[0].summary() == "3 drafts of Face to face saved (expand to see each)"
    assert lines[3].summary() == "Face to face completed"


@given(st.lists(st.tuples(st.sampled_from(["olive", "sam"]), st.sampled_from([1, 2]),
                          st.booleans()), max_size=40))
def test_grouping_keeps_every_row_in_order(spec: list[tuple[str, int, bool]]) -> None:
    rows = [_row(i, actor=a, entity=f"case:1/stage:{s}",
                 detail=f"draft of Stage {s} saved" if draft else "viewed")
            for i, (a, s, draft) in enumerate(spec)]
    lines = group_draft_saves(rows)
    assert [e for line in lines for e in line.entries] == rows
    for line in lines:
        assert len({(e.actor, e.entity) for e in line.entries}) == 1
        assert not line.is_group or all(is_draft_save(e) for e in line.entries)


def test_decisions_and_disclosures_only_on_a_real_trail(unit: TestUnit) -> None:
    with unit.officer() as officer, unit.supervisor() as supervisor:
        ref = open_new(officer).reference
        walk_to(officer, supervisor, ref, Stage.OUTCOME)
        cases.save_draft(officer, ref, Stage.CLOSURE, values(Stage.CLOSURE))
        rows = search_audit(supervisor, AuditFilter(case_ref=ref))
    kept = decisions_and_disclosures(rows)
    details = [e.detail or "" for e in kept]
    assert any(e.action == "disclose" for e in kept)
    assert any("approved" in d for d in details)
    assert any(d.startswith("Decision completed") for d in details)
    assert not any(is_draft_save(e) for e in kept)
    assert len(kept) < len(rows)
