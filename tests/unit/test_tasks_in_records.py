"""Tasks join the chronology (added, fell due undone, completed) and the closure report
lists the tasks still open (issue 15 items 1 and 3)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from app.documents import DocumentKind, build
from app.domain.chronology import EventKind
from app.domain.tasks import Task, TaskStatus
from app.services import chronology, documents, tasks
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new
from tests.unit.test_documents_support import make_case, text

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # the test clock


def test_tasks_are_a_chronology_source(unit: TestUnit) -> None:
    with unit.officer() as olive:
        ref = open_new(olive, NOW - timedelta(days=3)).reference
        on_time = tasks.add_task(olive, ref, "Call the applicant back",
                                 NOW + timedelta(days=1), "olive")
        tasks.complete_task(olive, ref, on_time.id)
        missed = tasks.add_task(olive, ref, "Chase MASH referral",
                                NOW - timedelta(hours=1), "olive")
        entries = chronology.chronology(olive, ref)
    task_entries = [e for e in entries if e.kind is EventKind.TASK]
    titles = [e.title for e in task_entries]
    assert "Task added: Call the applicant back" in titles
    assert "Task completed: Call the applicant back" in titles
    # Done before it was due: no "fell due" entry for it.
    assert "Task fell due, not done: Call the applicant back" not in titles
    assert "Task added: Chase MASH referral" in titles
    fell_due = next(e for e in task_entries if e.title == "Task fell due, not done: "
                    "Chase MASH referral")
    assert fell_due.at == missed.due and "still open" in fell_due.detail
    added = next(e for e in task_entries if e.title == "Task added: Call the applicant back")
    assert added.by == "olive" and "owner PC Olive Ashdown" in added.detail
    assert [e.at for e in entries] == sorted(e.at for e in entries)


def _task(n: int, note: str, done: bool) -> Task:
    at = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
    return Task(n, "CSO/2025/00001", note, at + timedelta(days=n), "olive", "PC Olive Ashdown",
                TaskStatus.DONE if done else TaskStatus.OPEN, "", "olive", at,
                "olive" if done else None, at if done else None)


def test_closure_report_lists_open_tasks() -> None:
    case = make_case("disclose")
    none = text(build(DocumentKind.CLOSURE_REPORT, case))
    assert "No tasks were recorded on this case." in none
    all_done = dataclasses.replace(case, tasks=(_task(1, "Book MAPPA slot", True),
                                                _task(2, "Call applicant", True)))
    body = text(build(DocumentKind.CLOSURE_REPORT, all_done))
    assert "2 tasks recorded, all completed: none is open." in body
    some_open = dataclasses.replace(case, tasks=(_task(3, "Chase MASH referral", False),
                                                 _task(1, "Book MAPPA slot", True)))
    body = text(build(DocumentKind.CLOSURE_REPORT, some_open))
    assert "1 task completed; 1 still open" in body
    assert "Chase MASH referral" in body and "Book MAPPA slot" not in body


def test_closure_report_from_the_service_carries_the_tasks(unit: TestUnit) -> None:
    with unit.officer() as olive:
        ref = open_new(olive, NOW - timedelta(days=1)).reference
        tasks.add_task(olive, ref, "Send the information pack", NOW + timedelta(days=2),
                       "olive")
        body = text(documents.produce(olive, ref, DocumentKind.CLOSURE_REPORT))
    assert "still open" in body and "Send the information pack" in body
