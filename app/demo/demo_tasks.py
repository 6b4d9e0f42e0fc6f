"""The demo's tasks (issue 15 item 1): on the officers' open cases, one overdue, one due
today and one this week, a reminder taken from the process and one task done, so a
new user sees My tasks, the sign-in notice and the supervisors' Open tasks filled.
Every step is a service call; fixed choices (no randomness)."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.services import tasks
from app.services.case_list import CaseSummary
from app.services.session import Session

#: (note, hours from now): overdue, today, this week.
_PLAN = (("Call the applicant back about the interview time", -26),
         ("Chase the MASH referral", 3),
         ("Book a MAPPA slot for the decision", 74))
CASES_WITH_TASKS = 4


def add_demo_tasks(sessions: dict[str, Session], listed: list[CaseSummary],
                   now: datetime) -> int:
    """Add the demo's tasks; return how many were made."""
    made = 0
    open_cases = [c for c in listed if c.status == "open" and c.assigned_to in sessions]
    for n, summary in enumerate(open_cases[:CASES_WITH_TASKS]):
        officer = sessions[str(summary.assigned_to)]
        ref = summary.reference
        for note, hours in _PLAN[: 3 - n % 2]:
            tasks.add_task(officer, ref, note, now + timedelta(hours=hours + n),
                           officer.user.username)
            made += 1
        offered = tasks.case_tasks(officer, ref).suggestions
        if offered:
            tasks.accept_suggestion(officer, ref, offered[0].source)
            made += 1
        if n == 0:
            first = tasks.case_tasks(officer, ref).tasks[-1]
            tasks.complete_task(officer, ref, first.id)
    return made
