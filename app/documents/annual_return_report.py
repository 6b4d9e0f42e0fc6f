"""The printable annual return (Home Office data requirement + FOI figures): numbers only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.documents.blocks import grid_table, p, title_block
from app.documents.model import Letterhead
from app.documents.page import PageInfo, render
from app.documents.parties import organisation
from app.documents.styles import CONTENT_WIDTH

HOME_OFFICE_KEYS = ("applications", "rso_applications", "disclosures")


def build_annual_return(rows: Sequence[tuple[str, str, int]], period: str, basis: str,
                        dates: str,
                        letterhead: Letterhead, produced_at: datetime,
                        produced_by: str) -> bytes:
    """``rows``: (key, label, value) from ``AnnualReturn.rows()``."""
    widths = [CONTENT_WIDTH * 0.78, CONTENT_WIDTH * 0.22]
    home_office = [[label, str(v)] for k, label, v in rows if k in HOME_OFFICE_KEYS]
    others = [[label, str(v)] for k, label, v in rows if k not in HOME_OFFICE_KEYS]
    story: list[Flowable] = [
        *title_block(f"Annual return {period}",
                     f"Child Sex Offender Disclosure Scheme — {basis}: cases first "
                     f"contacted {dates} (Europe/London). Figures only: no personal data."),
        p("Home Office annual data requirement", "h2"),
        grid_table(["Figure", "Number"], home_office, widths),
        Spacer(1, 6 * mm),
        p("Further figures (as asked for in FOI requests)", "h2"),
        grid_table(["Figure", "Number"], others, widths),
        Spacer(1, 4 * mm),
        p("Definitions match the unit figures tab, so the two reconcile. A case counts in the "
          "year of its first contact. Applications: the face-to-face stage was completed. "
          "Registered sex offender: the stage 4 record shows the subject managed under MAPPA "
          "category 1 (registered sexual offender). Days to disclosure run from first contact "
          "to the recorded disclosure meeting (or to closure when none is recorded). "
          f"Prepared by {produced_by}.", "small"),
    ]
    info = PageInfo(title=f"Annual return {period}", reference="Unit summary",
                    organisation=organisation(letterhead), produced_at=produced_at)
    return render(story, info)
