"""#13 item 8 (F9): `case_list.summaries_for(session, ids)` returns every case's applicant
and subject surnames. Called directly with ids (by any caller, without listing first) it
must leave a consultation row — one per call — read here from the file itself. Rows a
listing of the same sitting already returned add none (the unit table's windows)."""

from __future__ import annotations

from app.services.case_list import CaseQuery, find_case_ids, summaries_for
from tests.conftest import TestUnit
from tests.unit.raw_db import raw_connection
from tests.unit.test_list_consultations import _listing_rows, _plant


def _all_case_ids(unit: TestUnit) -> list[int]:
    with unit.officer() as olive:
        key = olive.db_key
    conn = raw_connection(unit.db, key)
    try:
        return [int(r[0]) for r in conn.execute("SELECT id FROM cases ORDER BY id")]
    finally:
        conn.close()


def test_reading_summaries_by_id_without_listing_is_audited(unit: TestUnit) -> None:
    _plant(unit, 4)
    ids = _all_case_ids(unit)
    with unit.supervisor() as sam:
        summaries = summaries_for(sam, ids)  # no listing first
        assert len(summaries) == 4
        assert _listing_rows(sam) == [
            ("sam", "case-list",
             "read the list rows (surnames) of 4 case(s) by id, without listing them first")]
        summaries_for(sam, ids)  # the same rows again in this sitting: the same consultation
        assert len(_listing_rows(sam)) == 1
    with unit.supervisor() as sam:  # a new sitting
        summaries_for(sam, ids[:2])
        rows = _listing_rows(sam)
        assert len(rows) == 2 and "of 2 case(s)" in rows[-1][2]


def test_only_the_cases_not_yet_listed_are_counted(unit: TestUnit) -> None:
    _plant(unit, 3)
    ids = _all_case_ids(unit)
    with unit.supervisor() as sam:
        listed = find_case_ids(sam, CaseQuery(), mine=False, limit=1)
        summaries_for(sam, listed)  # what was listed: no new row
        assert len(_listing_rows(sam)) == 1
        summaries_for(sam, ids)  # two more than were listed
        rows = _listing_rows(sam)
        assert len(rows) == 2 and "of 2 case(s)" in rows[-1][2]


def test_an_officer_reading_other_officers_ids_gets_nothing_and_no_row(unit: TestUnit) -> None:
    _plant(unit, 2)  # olive's
    ids = _all_case_ids(unit)
    with unit.officer2() as owen:
        assert summaries_for(owen, ids) == []
        assert _listing_rows(owen) == []
