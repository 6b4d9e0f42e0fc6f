"""The annual return to the Home Office and the figures FOI requests ask for.

Since April 2021 forces return yearly figures on the scheme: applications, how many
concerned registered sex offenders, how many led to disclosure (digest §1, [S] PQ).
The year is a financial year (1 April – 31 March) by default, as Home Office annual
data returns are; a calendar year can be chosen. The guidance text read does not say
which (digest §5), so every output names the period and its basis.

Definitions are those of the unit figures tab (app/services/figures.py), so the
numbers reconcile: a case belongs to the year of its first contact (Europe/London);
an *application* is a case whose face-to-face stage is complete; a *disclosure* is a
case closed on the "disclosed" route. Registered sex offender: the stage 4 record
says the subject is managed under MAPPA in category 1 ("registered sexual
offender") — the only registered-status field the forms hold. Days to disclosure run
from first contact to the recorded disclosure meeting (stage 6 "disclosed_at",
¶5.6.27), or to closure when no meeting date is recorded. Figures only: no names.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from app.clock import from_iso
from app.domain.enums import AuditAction, Route, Stage
from app.domain.timescales import LONDON, DeadlineKind
from app.services.authz import Permission, authorise
from app.services.case_list import summarise, unit_policies
from app.services.session import Session
from app.storage import case_list_repo, cases_repo
from app.storage.case_list_repo import ListFilter

WITHIN_DAYS = (28, 35, 45)


class YearBasis(StrEnum):
    FINANCIAL = "financial"
    CALENDAR = "calendar"

    @property
    def label(self) -> str:
        return ("financial year (1 April – 31 March)" if self is YearBasis.FINANCIAL
                else "calendar year (1 January – 31 December)")


def year_period(year: int, basis: YearBasis) -> tuple[date, date]:
    """First and last day of ``year``: a financial year starts on 1 April of ``year``."""
    if basis is YearBasis.FINANCIAL:
        return date(year, 4, 1), date(year + 1, 3, 31)
    return date(year, 1, 1), date(year, 12, 31)


def year_label(year: int, basis: YearBasis) -> str:
    return f"{year}/{(year + 1) % 100:02d}" if basis is YearBasis.FINANCIAL else str(year)


@dataclass
class AnnualReturn:
    year: int
    basis: YearBasis
    start: date
    end: date
    initial_contacts: int = 0
    applications: int = 0  # face-to-face stage completed (as the unit figures)
    rso_applications: int = 0  # applications whose subject is a registered sex offender
    disclosures: int = 0
    rso_disclosures: int = 0
    disclosed_within: dict[int, int] = field(default_factory=lambda: dict.fromkeys(WITHIN_DAYS, 0))
    closed_by_route: dict[Route, int] = field(default_factory=lambda: dict.fromkeys(Route, 0))
    open_cases: int = 0
    extended_cases: int = 0  # at least one deadline extended (¶5.6.27)
    immediate_risk_cases: int = 0  # an immediate-risk record (¶3.3)
    recipient_not_applicant: int = 0  # disclosures made to someone other than the applicant
    right_to_know: int = 0

    @property
    def label(self) -> str:
        return year_label(self.year, self.basis)

    @property
    def adds_up(self) -> bool:
        return self.initial_contacts == self.open_cases + sum(self.closed_by_route.values())

    def rows(self) -> list[tuple[str, str, int]]:
        """(key, plain-English label, value) in the order every output uses."""
        out = [
            ("initial_contacts", "Initial contacts (cases opened)", self.initial_contacts),
            ("applications", "Applications (face-to-face stage completed)", self.applications),
            ("rso_applications", "Applications concerning a registered sex offender",
             self.rso_applications),
            ("disclosures", "Applications that led to disclosure", self.disclosures),
            ("rso_disclosures", "Disclosures concerning a registered sex offender",
             self.rso_disclosures),
        ]
        out += [(f"disclosed_within_{d}_days", f"Disclosures made within {d} days of "
                 "first contact", self.disclosed_within[d]) for d in WITHIN_DAYS]
        out += [(f"closed_{r.value}", f"Closed: {r.label}", self.closed_by_route[r])
                for r in Route]
        out += [
            ("open_cases", "Still open", self.open_cases),
            ("extended_cases", "Cases with a deadline extended", self.extended_cases),
            ("immediate_risk_cases", "Cases with an immediate-risk record",
             self.immediate_risk_cases),
            ("recipient_not_applicant", "Disclosures to someone other than the applicant",
             self.recipient_not_applicant),
            ("right_to_know", "Right to know (police-initiated) cases", self.right_to_know),
        ]
        return out


def _is_rso(values: dict[str, Any]) -> bool:
    return values.get("mappa_managed") is True and values.get("mappa_category") == "1"


def _recipient_not_applicant(values: dict[str, Any]) -> bool:
    recipient = values.get("recipient")
    return isinstance(recipient, dict) and recipient.get("is_applicant") is False


def _disclosed_on(milestones: str | None, closed_at: str | None) -> datetime | None:
    events = json.loads(milestones) if milestones else {}
    when = events.get(DeadlineKind.DECISION_35D.value)
    if when:
        return from_iso(str(when))
    return from_iso(closed_at) if closed_at else None


def annual_return(session: Session, year: int,
                  basis: YearBasis = YearBasis.FINANCIAL) -> AnnualReturn:
    """The return for ``year``; viewing it is audited."""
    authorise(session, Permission.VIEW_FIGURES)
    start, end = year_period(year, basis)
    result = AnnualReturn(year, basis, start, end)
    rows = case_list_repo.list_rows(session.conn, ListFilter())
    ext = case_list_repo.extension_rows(session.conn, [r.id for r in rows if r.extended])
    now = session.clock.now()
    policies = unit_policies(session)
    for row in rows:
        summary = summarise(row, ext.get(row.id, []), now, policies)
        contact = summary.contact_at.astimezone(LONDON)
        if not start <= contact.date() <= end:
            continue
        stages = {s.stage: s.values for s in cases_repo.stage_rows(session.conn, row.id)}
        rso = _is_rso(stages.get(int(Stage.RISK_ASSESSMENT), {}))
        result.initial_contacts += 1
        applied = 2 in row.completed
        result.applications += applied
        result.rso_applications += applied and rso
        route = summary.route if summary.status == "closed" else None
        if route is not None:
            result.closed_by_route[route] += 1
        result.open_cases += summary.status == "open"
        if route is Route.DISCLOSED:
            result.disclosures += 1
            result.rso_disclosures += rso
            result.recipient_not_applicant += _recipient_not_applicant(
                stages.get(int(Stage.DECISION), {}))
            when = _disclosed_on(row.milestones, row.closed_at)
            if when is not None:
                days = (when - summary.contact_at).total_seconds() / 86400
                for limit in WITHIN_DAYS:
                    result.disclosed_within[limit] += days <= limit
        result.extended_cases += row.extended
        result.immediate_risk_cases += row.immediate_risk
        result.right_to_know += row.case_type == "right_to_know"
    session.record(AuditAction.CONSULT, entity="annual-return",
                   detail=f"annual return viewed ({basis.value} year {result.label})")
    return result


def return_as_dict(ret: AnnualReturn) -> dict[str, Any]:
    return {"year": ret.label, "basis": ret.basis.value, "from": ret.start.isoformat(),
            "to": ret.end.isoformat(), "figures": {k: v for k, _, v in ret.rows()}}


def return_csv(session: Session, ret: AnnualReturn) -> str:
    """CSV text (figure, label, value), figures only; the export is audited."""
    authorise(session, Permission.VIEW_FIGURES)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["figure", "label", "value"])
    writer.writerow(["period", f"{ret.basis.label} {ret.label}",
                     f"{ret.start.isoformat()} to {ret.end.isoformat()}"])
    for key, label, value in ret.rows():
        writer.writerow([key, label, value])
    session.record(AuditAction.EXPORT, entity="annual-return",
                   detail=f"annual return {ret.label} ({ret.basis.value}) exported as CSV")
    return out.getvalue()


def return_json(session: Session, ret: AnnualReturn) -> str:
    authorise(session, Permission.VIEW_FIGURES)
    text = json.dumps(return_as_dict(ret), indent=2)
    session.record(AuditAction.EXPORT, entity="annual-return",
                   detail=f"annual return {ret.label} ({ret.basis.value}) exported as JSON")
    return text


def return_pdf(session: Session, ret: AnnualReturn) -> bytes:
    """The printable return (figures only), built in memory; audited."""
    authorise(session, Permission.VIEW_FIGURES)
    from app.documents.annual_return_report import build_annual_return
    from app.services.unit_settings import letterhead

    pdf = build_annual_return(ret.rows(), ret.label, ret.basis.label,
                              f"{ret.start:%d/%m/%Y} to {ret.end:%d/%m/%Y}",
                              letterhead(session), session.clock.now(),
                              session.user.display_name)
    session.record(AuditAction.EXPORT, entity="annual-return",
                   detail=f"annual return {ret.label} ({ret.basis.value}) produced as PDF")
    return pdf
