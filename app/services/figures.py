"""Unit figures by month: volumes, outcomes, timeliness. Figures only, no personal data."""

from __future__ import annotations

import csv
import io
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from app.clock import from_iso
from app.domain.enums import AuditAction, Route
from app.domain.timescales import LONDON, DeadlineKind, DeadlineState
from app.services.authz import Permission, authorise
from app.services.case_list import summarise, unit_policies
from app.services.progress import Progress, counted, no_progress
from app.services.session import Session
from app.storage import case_list_repo, referrals_repo
from app.storage.case_list_repo import ListFilter

NON_DISCLOSURE = (Route.NO_CONCERNS, Route.NOT_DISCLOSED)


@dataclass
class MonthFigures:
    month: str  # YYYY-MM (Europe/London) of first contact
    initial_contacts: int = 0
    applications: int = 0  # reached the face-to-face stage (completed)
    disclosures: int = 0
    non_disclosures: int = 0
    redirects: int = 0
    intelligence_only: int = 0
    open_cases: int = 0
    met: dict[DeadlineKind, int] = field(default_factory=lambda: defaultdict(int))
    due: dict[DeadlineKind, int] = field(default_factory=lambda: defaultdict(int))
    days_to_close: list[float] = field(default_factory=list)
    # Closed cases by route: one entry for EVERY Route member (new routes included).
    closed_by_route: dict[Route, int] = field(default_factory=lambda: dict.fromkeys(Route, 0))
    right_to_know: int = 0  # police-initiated cases ("right to know", 2023 practice [S])
    right_to_know_open: int = 0
    # Closed right-to-know cases by route (every Route member, as closed_by_route).
    right_to_know_by_route: dict[Route, int] = field(
        default_factory=lambda: dict.fromkeys(Route, 0))
    referrals_sent: int = 0  # safeguarding referrals (¶3.6, 5.6.11, 6.3)
    referrals_chased_late: int = 0  # answered after, or still unanswered past, the chase-by date

    @property
    def closed_cases(self) -> int:
        return sum(self.closed_by_route.values())

    @property
    def adds_up(self) -> bool:
        """Contacts = open + closed by route (issue 11 item 15), and the same for the
        right-to-know cases among them."""
        return (self.initial_contacts == self.open_cases + self.closed_cases
                and self.right_to_know == self.right_to_know_open
                + sum(self.right_to_know_by_route.values()))

    def timeliness(self, kind: DeadlineKind) -> float | None:
        """% of deadlines met among those that have fallen due or been completed."""
        total = self.due[kind]
        return None if total == 0 else 100.0 * self.met[kind] / total

    @property
    def median_days_to_close(self) -> float | None:
        return statistics.median(self.days_to_close) if self.days_to_close else None


def unit_figures(session: Session, start: date | None = None, end: date | None = None,
                 progress: Progress = no_progress) -> list[MonthFigures]:
    """Figures per month of first contact, oldest first; viewing is audited.

    Read-only until the end: ``progress`` may raise Cancelled while the cases are
    counted, and then nothing is recorded."""
    authorise(session, Permission.VIEW_FIGURES)
    rows = case_list_repo.list_rows(session.conn, ListFilter())
    ext = case_list_repo.extension_rows(session.conn, [r.id for r in rows if r.extended])
    now = session.clock.now()
    policies = unit_policies(session)
    sent = referrals_repo.for_cases(session.conn, [r.id for r in rows])
    today = now.astimezone(LONDON).date()
    months: dict[str, MonthFigures] = {}
    for row in counted(progress, rows, "Counting the unit's cases"):
        summary = summarise(row, ext.get(row.id, []), now, policies)
        local = summary.contact_at.astimezone(LONDON)
        if (start and local.date() < start) or (end and local.date() > end):
            continue
        key = f"{local:%Y-%m}"
        fig = months.setdefault(key, MonthFigures(key))
        fig.initial_contacts += 1
        fig.applications += summary.face_to_face_completed
        route = summary.route if summary.status == "closed" else None
        fig.disclosures += route is Route.DISCLOSED
        fig.non_disclosures += route in NON_DISCLOSURE
        fig.redirects += route is Route.REDIRECTED
        fig.intelligence_only += route is Route.INTELLIGENCE_ONLY
        fig.open_cases += summary.status == "open"
        if summary.status == "closed" and route is not None:
            fig.closed_by_route[route] += 1
        if row.case_type == "right_to_know":
            fig.right_to_know += 1
            fig.right_to_know_open += summary.status == "open"
            if summary.status == "closed" and route is not None:
                fig.right_to_know_by_route[route] += 1
        fig.referrals_sent += len(sent.get(row.id, []))
        fig.referrals_chased_late += sum(r.chased_late(today) for r in sent.get(row.id, []))
        for deadline in summary.deadlines:
            if deadline.state in (DeadlineState.MET, DeadlineState.MISSED,
                                  DeadlineState.OVERDUE):
                fig.due[deadline.kind] += 1
                fig.met[deadline.kind] += deadline.state is DeadlineState.MET
        if summary.status == "closed" and row.closed_at:
            closed = from_iso(row.closed_at)
            fig.days_to_close.append((closed - summary.contact_at).total_seconds() / 86400)
    if start and end:  # a month with no contact is a month of zeros, not a gap
        for key in _months_between(start, end):
            months.setdefault(key, MonthFigures(key))
    session.record(AuditAction.CONSULT, entity="unit-figures",
                   detail=f"unit figures viewed ({len(months)} months)")
    return [months[k] for k in sorted(months)]


def _months_between(start: date, end: date) -> list[str]:
    """Every month from ``start``'s to ``end``'s, as YYYY-MM."""
    keys, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


CSV_COLUMNS = ["month", "initial_contacts", "applications", "disclosures", "non_disclosures",
               "redirects", "intelligence_only", "open_cases", "median_days_to_close",
               *[f"pct_met_{k.value}" for k in DeadlineKind],
               *[f"closed_{r.value}" for r in Route], "right_to_know", "right_to_know_open",
               *[f"right_to_know_closed_{r.value}" for r in Route], "referrals_sent",
               "referrals_chased_late"]


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def figures_csv(session: Session, figures: list[MonthFigures]) -> str:
    """CSV text of the figures (no personal data); the export is audited."""
    authorise(session, Permission.VIEW_FIGURES)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in figures:
        writer.writerow([f.month, f.initial_contacts, f.applications, f.disclosures,
                         f.non_disclosures, f.redirects, f.intelligence_only, f.open_cases,
                         _fmt(f.median_days_to_close),
                         *[_fmt(f.timeliness(k)) for k in DeadlineKind],
                         *[f.closed_by_route[r] for r in Route], f.right_to_know,
                         f.right_to_know_open,
                         *[f.right_to_know_by_route[r] for r in Route],
                         f.referrals_sent, f.referrals_chased_late])
    session.record(AuditAction.EXPORT, entity="unit-figures",
                   detail=f"unit figures exported as CSV ({len(figures)} months)")
    return out.getvalue()


def figures_pdf(session: Session, figures: list[MonthFigures]) -> bytes:
    """The printable summary (figures only), built in memory; printing it is audited
    with ``record_figures_print``."""
    authorise(session, Permission.VIEW_FIGURES)
    from app.documents.figures_report import build_figures_report
    from app.services.unit_settings import letterhead

    pdf = build_figures_report(figures, letterhead(session), session.clock.now(),
                               session.user.display_name)
    session.record(AuditAction.CONSULT, entity="unit-figures",
                   detail="unit figures summary prepared for printing")
    return pdf


def record_figures_print(session: Session, copies: int = 1) -> None:
    authorise(session, Permission.VIEW_FIGURES)
    plural = "copy" if copies == 1 else "copies"
    session.record(AuditAction.PRINT, entity="unit-figures",
                   detail=f"unit figures summary printed, {copies} {plural}")
