"""Unit figures, audit viewer and retention reviews (the supervisor's services)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain.enums import AuditAction, Route, Stage
from app.domain.timescales import DeadlineKind
from app.errors import InvalidInput, NotAuthorised
from app.services import case_actions, cases, retention, unit_verify
from app.services.audit_view import AuditFilter, chain_head_text, search_audit
from app.services.figures import figures_csv, unit_figures
from app.storage import audit_repo
from app.storage.audit_repo import AuditQuery
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, values, walk_to
from tests.unit.raw_db import raw_connection


def _close(officer, ref: str) -> None:  # type: ignore[no-untyped-def]
    closure = cases.load_case(officer, ref).values(Stage.CLOSURE)
    closure.update(intel_report_ref="INT/1", intel_report_date="2025-04-01")
    cases.complete_stage(officer, ref, Stage.CLOSURE, closure)


def _plant(unit: TestUnit) -> None:
    """February: 3 contacts (1 redirect, 1 disclosure, 1 open at stage 2).
    March: 2 contacts (1 no concerns, 1 withdrawn at stage 1)."""
    feb, mar = datetime(2025, 2, 3, 10, tzinfo=UTC), datetime(2025, 3, 3, 9, 15, tzinfo=UTC)
    with unit.officer() as officer, unit.supervisor() as sup:
        r1 = open_new(officer, feb).reference
        s1 = {
            "contact_at": "2025-02-03T10:00:00+00:00",
            "officer": "PC A",
            "contact_method": "telephone",
            "owning_force": "Wessex Police",
            "request_type": "dbs",
            "reason": "Wanted a DBS check.",
        }
        cases.complete_stage(officer, r1, Stage.INITIAL_CONTACT, s1)
        _close(officer, r1)
        r2 = open_new(officer, feb + timedelta(days=1)).reference
        walk_to(officer, sup, r2, Stage.OUTCOME, "disclose")
        _close(officer, r2)
        r3 = open_new(officer, feb + timedelta(days=2)).reference
        walk_to(officer, None, r3, Stage.INITIAL_CONTACT)
        r4 = open_new(officer, mar).reference
        walk_to(officer, sup, r4, Stage.OUTCOME, "no_concerns")
        _close(officer, r4)
        r5 = open_new(officer, mar + timedelta(days=5)).reference
        case_actions.close_early(officer, r5, Route.WITHDRAWN, "Withdrew.")
        _close(officer, r5)


def test_figures_match_hand_counts(unit: TestUnit) -> None:
    _plant(unit)
    with unit.supervisor() as sup:
        figs = {f.month: f for f in unit_figures(sup)}
        text = figures_csv(sup, list(figs.values()))
    feb, mar = figs["2025-02"], figs["2025-03"]
    assert (
        feb.initial_contacts,
        feb.applications,
        feb.disclosures,
        feb.non_disclosures,
        feb.redirects,
        feb.open_cases,
    ) == (3, 1, 1, 0, 1, 1)
    assert (
        mar.initial_contacts,
        mar.applications,
        mar.disclosures,
        mar.non_disclosures,
        mar.redirects,
        mar.open_cases,
    ) == (2, 1, 0, 1, 0, 0)
    assert feb.timeliness(DeadlineKind.STAGE1_24H) is not None
    assert mar.median_days_to_close is not None
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "month" and len(rows) == 3
    for name in ("Okafor", "Smith", "Amara", "Adaeze"):
        assert name not in text


def test_figures_and_audit_are_refused_to_officers(unit: TestUnit) -> None:
    with unit.officer() as officer:
        with pytest.raises(NotAuthorised):
            unit_figures(officer)
        with pytest.raises(NotAuthorised):
            search_audit(officer, AuditFilter())


def test_audit_viewer_filters_and_records_its_own_viewing(unit: TestUnit) -> None:
    _plant(unit)
    with unit.supervisor() as sup:
        rows = search_audit(sup, AuditFilter(actor="olive", action=AuditAction.DISCLOSE))
        assert len(rows) == 1 and rows[0].case_ref
        by_case = search_audit(sup, AuditFilter(case_ref=rows[0].case_ref))
        assert all(r.case_ref == rows[0].case_ref for r in by_case)
        since = search_audit(sup, AuditFilter(since=datetime(2030, 1, 1, tzinfo=UTC)))
        assert since == []
        viewed = audit_repo.search(sup.conn, AuditQuery(action=AuditAction.AUDIT_VIEWED))
        assert len(viewed) == 3 and viewed[0].actor == "sam"
        assert "row" in chain_head_text(sup)
        assert unit_verify.verify(sup).ok


def _closed_case(unit: TestUnit) -> str:
    with unit.officer() as officer, unit.supervisor() as sup:
        ref = open_new(officer).reference
        walk_to(officer, sup, ref, Stage.OUTCOME, "disclose")
        _close(officer, ref)
    return ref


def test_retention_review_dispose_erases_personal_data(unit: TestUnit) -> None:
    from app.services import attachments

    ref = _closed_case(unit)
    with unit.officer() as officer:
        attachments.add_attachment(officer, ref, "signed form Okafor.pdf",
                                   b"%PDF-1.4 signed by Adaeze Okafor", "Signed form")
    with unit.supervisor() as sup:
        assert retention.reviews_due(sup) == []
        unit.clock.set(datetime(2036, 3, 3, tzinfo=UTC))
        due = retention.reviews_due(sup)
        assert [d.reference for d in due] == [ref]
        retention.dispose(sup, ref, "Review: no further policing purpose.")
        key = sup.db_key
        assert retention.reviews_due(sup) == []
        assert unit_verify.verify(sup).ok
        erase = audit_repo.search(sup.conn, AuditQuery(action=AuditAction.ERASE))
        assert len(erase) == 1 and erase[0].case_ref == ref
    conn = raw_connection(unit.db, key)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    dump = "\n".join(f"{t}: {row}" for t in tables for row in conn.execute(f"SELECT * FROM {t}"))
    conn.close()
    stage_values = " ".join(str(v) for s in Stage for v in values(s).values())
    for name in (
        "Okafor",
        "Adaeze",
        "Amara",
        "Smith",
        "Smyth",
        "Elm Road",
        "Bradford",
        "07700 900123",
        "bathing",
    ):
        assert name in stage_values or name in ("Smyth",)
        assert name not in dump, [line[:300] for line in dump.splitlines() if name in line]


def test_retain_sets_the_next_review(unit: TestUnit) -> None:
    ref = _closed_case(unit)
    unit.clock.set(datetime(2036, 3, 3, tzinfo=UTC))
    with unit.supervisor() as sup:
        with pytest.raises(InvalidInput):
            retention.retain(sup, ref, date(2030, 1, 1), "Still relevant.")
        retention.retain(sup, ref, date(2038, 1, 1), "Linked to an ongoing case.")
        assert retention.reviews_due(sup) == []
        assert [d.reference for d in retention.reviews_due(sup, date(2038, 1, 2))] == [ref]


def test_only_supervisors_review_retention(unit: TestUnit) -> None:
    ref = _closed_case(unit)
    with unit.officer() as officer, pytest.raises(NotAuthorised):
        retention.dispose(officer, ref, "x")


def test_figures_summary_pdf_has_no_personal_data(unit: TestUnit) -> None:
    import io as _io

    from pypdf import PdfReader

    from app.services.figures import figures_pdf, record_figures_print

    _plant(unit)
    with unit.supervisor() as sup:
        pdf = figures_pdf(sup, unit_figures(sup))
        record_figures_print(sup)
        prints = audit_repo.search(sup.conn, AuditQuery(action=AuditAction.PRINT))
    text = "\n".join(page.extract_text() for page in PdfReader(_io.BytesIO(pdf)).pages)
    assert "2025-02" in text and "OFFICIAL-SENSITIVE" in text and prints
    for name in ("Okafor", "Smith", "Amara"):
        assert name not in text


def test_repeat_subject_groups(unit: TestUnit) -> None:
    from app.services.repeat_subjects import repeat_subject_groups

    with unit.officer() as officer:
        first = open_new(officer).reference
        walk_to(officer, None, first, Stage.INITIAL_CONTACT)
        second = open_new(officer).reference
        s1 = values(Stage.INITIAL_CONTACT)
        s1["subject"] = {**s1["subject"], "surname": "Smyth", "forenames": "Jon"}
        cases.save_draft(officer, second, Stage.INITIAL_CONTACT, s1)
        third = open_new(officer).reference
    with unit.supervisor() as sup:
        groups = repeat_subject_groups(sup)
        viewed = audit_repo.search(sup.conn, AuditQuery(action=AuditAction.CONSULT))
    assert len(groups) == 1 and {c.reference for c in groups[0].cases} == {first, second}
    assert groups[0].links and groups[0].links[0][3]
    assert third not in {c.reference for c in groups[0].cases}
    assert any("repeat-subject overview" in (r.detail or "") for r in viewed)
    with unit.officer() as officer, pytest.raises(NotAuthorised):
        repeat_subject_groups(officer)


def test_signoff_queue_filter(unit: TestUnit) -> None:
    from app.services.case_list import CaseQuery, list_cases

    with unit.officer() as officer:
        waiting = open_new(officer).reference
        walk_to(officer, None, waiting, Stage.DECISION)
        open_new(officer)
    with unit.supervisor() as sup:
        queue = list_cases(sup, CaseQuery(awaiting_signoff=True), mine=False)
    assert [s.reference for s in queue] == [waiting]


def test_disposal_before_the_review_date_needs_a_reason_and_says_so(unit: TestUnit) -> None:
    """#13 item 9: early disposal is refused unless the supervisor confirms it is early;
    the audit row (read from the file) says "before its review date"."""
    ref = _closed_case(unit)
    with unit.supervisor() as sup:
        due = retention.review_date(sup, ref)
        assert due is not None and retention.disposal_is_early(sup, ref) == due
        with pytest.raises(InvalidInput, match="not due for its retention review until"):
            retention.dispose(sup, ref, "Duplicate of another case.")
        with pytest.raises(InvalidInput, match="reason"):
            retention.dispose(sup, ref, "  ", before_review_date=True)
        assert retention.review_date(sup, ref) == due  # nothing was erased
        retention.dispose(sup, ref, "Duplicate of another case.", before_review_date=True)
        key = sup.db_key
    conn = raw_connection(unit.db, key)
    row = conn.execute("SELECT actor, justification, detail FROM audit WHERE action = 'erase'"
                       ).fetchone()
    conn.close()
    assert row[0] == "sam" and row[1] == "Duplicate of another case."
    assert "before its review date" in row[2] and due.isoformat() in row[2]
    with unit.officer() as officer, pytest.raises(NotAuthorised):
        retention.dispose(officer, ref, "x", before_review_date=True)


def test_disposal_on_or_after_the_review_date_is_not_called_early(unit: TestUnit) -> None:
    ref = _closed_case(unit)
    unit.clock.set(datetime(2036, 3, 3, tzinfo=UTC))
    with unit.supervisor() as sup:
        assert retention.disposal_is_early(sup, ref) is None
        retention.dispose(sup, ref, "Review: no further policing purpose.")
        erase = audit_repo.search(sup.conn, AuditQuery(action=AuditAction.ERASE))
    assert "before its review date" not in (erase[0].detail or "")
