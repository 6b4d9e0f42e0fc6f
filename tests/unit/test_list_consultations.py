"""#13 item 8: listing cases (the surnames of every case) is an audited consultation —
one row per distinct query in a sitting; paging and re-sorting add none."""

from __future__ import annotations

from app.domain.enums import AuditAction, Stage
from app.services.case_list import CaseQuery, count_cases, find_case_ids, list_cases, summaries_for
from app.services.session import Session
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, walk_to
from tests.unit.raw_db import raw_connection


def _listing_rows(session: Session) -> list[tuple[str, str, str]]:
    """The consultation rows of case lists, read from the file itself (not the service)."""
    conn = raw_connection(session.db_path, session.db_key)
    try:
        return [(r[0], r[1], r[2]) for r in conn.execute(
            "SELECT actor, entity, detail FROM audit WHERE action = ? AND entity IN "
            "('case-list', 'case-search') ORDER BY id", (AuditAction.CONSULT.value,))]
    finally:
        conn.close()


def _plant(unit: TestUnit, n: int = 3) -> list[str]:
    refs = []
    with unit.officer() as olive:
        for _ in range(n):
            ref = open_new(olive).reference
            walk_to(olive, None, ref, Stage.INITIAL_CONTACT)
            refs.append(ref)
    return refs


def test_my_cases_is_audited_once_per_sitting(unit: TestUnit) -> None:
    _plant(unit)
    with unit.officer() as olive:
        assert len(list_cases(olive)) == 3
        list_cases(olive)  # refreshed: the same consultation
        rows = _listing_rows(olive)
        assert rows == [("olive", "case-list", "listed own cases (3 found)")]
        list_cases(olive, CaseQuery(status="open"))  # another filter: another row
        assert len(_listing_rows(olive)) == 2
    with unit.officer() as olive:  # a new sitting consults again
        list_cases(olive)
        assert [r[0] for r in _listing_rows(olive)] == ["olive"] * 3


def test_unit_list_windows_of_one_query_are_one_row(unit: TestUnit) -> None:
    _plant(unit, 5)
    with unit.supervisor() as sam:
        total = count_cases(sam, CaseQuery(), mine=False)
        assert total == 5
        seen: list[str] = []
        for offset in range(0, total, 2):  # paging, as the unit table's windows do
            ids = find_case_ids(sam, CaseQuery(), mine=False, offset=offset, limit=2)
            seen += [s.reference for s in summaries_for(sam, ids)]
        find_case_ids(sam, CaseQuery(), mine=False, sort="reference", descending=True)
        assert len(seen) == 5
        assert _listing_rows(sam) == [("sam", "case-list", "listed unit cases (5 found)")]
        # Filtering, then searching: one row each, naming the filter but never the text.
        find_case_ids(sam, CaseQuery(stage=Stage.FACE_TO_FACE, officer="olive"), mine=False)
        count_cases(sam, CaseQuery(text="Okafor"), mine=False)
        list_cases(sam, CaseQuery(text="okafor "), mine=False)  # the same search
        rows = _listing_rows(sam)
    assert rows[1] == ("sam", "case-list", "listed unit cases where stage 2, officer olive "
                       "(5 found)")
    assert rows[2][1] == "case-search" and rows[2][2].startswith("searched cases")
    assert len(rows) == 3
    assert all("Okafor" not in r[2] and "okafor" not in r[2] for r in rows)


def test_listing_without_counting_first_is_audited(unit: TestUnit) -> None:
    """A client that asks straight for ids (no count) still leaves its row."""
    _plant(unit, 2)
    with unit.supervisor() as sam:
        ids = find_case_ids(sam, CaseQuery(), mine=False, limit=1)
        assert len(summaries_for(sam, ids)) == 1
        assert _listing_rows(sam) == [("sam", "case-list", "listed unit cases (2 found)")]
