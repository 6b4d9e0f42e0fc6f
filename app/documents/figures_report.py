"""The printable unit figures summary: numbers only, never personal data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.documents.blocks import Cell, p, title_block
from app.documents.fitted_table import fitted_grid_table
from app.documents.model import Letterhead
from app.documents.page import PageInfo, render
from app.documents.parties import organisation
from app.domain.enums import Route
from app.domain.timescales import DeadlineKind

NBSP = "\u00a0"  # "(24 h)" is not split across lines
_SHORT = {
    DeadlineKind.STAGE1_24H: f"Stage 1 (24{NBSP}h)",
    DeadlineKind.FACE_TO_FACE_10D: f"Face to face (10{NBSP}d)",
    DeadlineKind.RISK_ASSESSMENT_10D: f"Stage 4 reached (10{NBSP}d)",
    DeadlineKind.DECISION_35D: f"Decision (35{NBSP}d)",
    DeadlineKind.CLOSURE_45D: f"Closed (45{NBSP}d)",
}

VOLUMES_HEADER = ("Month", "Initial contacts", "Applications", "Disclosures", "Non-disclosures",
                  "Redirected", "Intelligence only", "Still open")
TIMELINESS_HEADER = ("Month", *[_SHORT[k] for k in DeadlineKind], "Median days to close")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _right_to_know(figures: Sequence[object]) -> list[Flowable]:
    """Police-initiated cases by month as the figures tab shows them: the total, still
    open, and closed by each route any month closed one by (so the row adds up)."""
    heading = p("Right to know (police-initiated) cases", "h2")
    if not any(f.right_to_know for f in figures):  # type: ignore[attr-defined]
        return [Spacer(1, 6 * mm), heading,
                p("No police-initiated (right to know) cases in these months.", "small")]
    routes = [r for r in Route
              if any(f.right_to_know_by_route[r] for f in figures)]  # type: ignore[attr-defined]
    counts = [[f.right_to_know, f.right_to_know_open,  # type: ignore[attr-defined]
               *[f.right_to_know_by_route[r] for r in routes]]  # type: ignore[attr-defined]
              for f in figures]
    totals = [sum(column) for column in zip(*counts, strict=True)]
    rows: list[list[Cell]] = [[f.month, *map(str, c)]  # type: ignore[attr-defined]
                              for f, c in zip(figures, counts, strict=True)]
    header = ["Month", "Right to know", "Still open", *[f"Closed: {r.short_label}"
                                                        for r in routes]]
    return [Spacer(1, 6 * mm), heading,
            fitted_grid_table(header, [*rows, ["Total", *map(str, totals)]]),
            Spacer(1, 2 * mm),
            p("Included in the volumes above. Opened by the police without an application, "
              "so the first-contact (24 h) and face-to-face (10 d) timescales do not apply "
              "to them.", "small")]


def build_figures_report(figures: Sequence[object], letterhead: Letterhead,
                         produced_at: datetime, produced_by: str) -> bytes:
    """``figures``: app.services.figures.MonthFigures, oldest month first."""
    rows_volume = []
    rows_time = []
    for f in figures:
        rows_volume.append([f.month, f.initial_contacts, f.applications,  # type: ignore[attr-defined]
                            f.disclosures, f.non_disclosures, f.redirects,  # type: ignore[attr-defined]
                            f.intelligence_only, f.open_cases])  # type: ignore[attr-defined]
        rows_time.append([f.month, *[_pct(f.timeliness(k)) for k in DeadlineKind],  # type: ignore[attr-defined]
                          _days(f.median_days_to_close)])  # type: ignore[attr-defined]
    totals = [sum(int(r[i]) for r in rows_volume) for i in range(1, 8)]
    story: list[Flowable] = [
        *title_block("Unit figures", "Child Sex Offender Disclosure Scheme — volumes, outcomes "
                     "and timeliness by month of first contact. Figures only: no personal data."),
        p("Volumes and outcomes", "h2"),
        fitted_grid_table(VOLUMES_HEADER, [*rows_volume, ["Total", *totals]]),
        *_right_to_know(figures),
        Spacer(1, 6 * mm),
        p("Timeliness — % of deadlines met (of those due or completed)", "h2"),
        fitted_grid_table(TIMELINESS_HEADER, rows_time),
        Spacer(1, 4 * mm),
        p(f"Applications are contacts that went on to a completed face-to-face meeting. "
          f"Prepared by {produced_by}.", "small"),
    ]
    info = PageInfo(title="Unit figures", reference="Unit summary",
                    organisation=organisation(letterhead), produced_at=produced_at)
    return render(story, info)
