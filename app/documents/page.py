"""The page frame of every document, built in memory.

Every page carries the protective marking OFFICIAL-SENSITIVE at the top and
bottom, the force and unit, the case reference, the document title, the date
produced and "Page x of y". The total is known only once the story is laid
out, so pages are kept and the frame is drawn on all of them at the end
(the "numbered canvas" pattern). A document may add a banner that repeats on
every page (the disclosure form's "retained by police") and a strip of boxes
for initials above the footer, so that every page of a signed form is tied to
the others ("Page x of y — initials", Appendix F).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from io import BytesIO
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from app.documents.fonts import draw_text, fit_text, register_fonts, text_width
from app.documents.styles import (
    CONTENT_WIDTH,
    INK,
    MARGIN_X,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    SHADE,
)
from app.domain.timescales import LONDON

MARKING = "OFFICIAL-SENSITIVE"
HEADER_DEPTH = 24 * mm
BANNER_DEPTH = 12 * mm
FOOTER_HEIGHT = 24 * mm
INITIALS_DEPTH = 13 * mm
INITIALS_BOX = 22 * mm


#: The smallest size the force and unit name shrinks to before it is shortened.
ORGANISATION_MIN_SIZE = 7.0


@dataclass(frozen=True)
class PageInfo:
    """What the frame prints on every page."""

    title: str
    reference: str
    organisation: str
    produced_at: datetime
    banner: str = ""
    #: Who initials every page ("Recipient", "Officer"); empty for no initials strip.
    initials: tuple[str, ...] = ()


def produced_text(at: datetime) -> str:
    local = at.astimezone(LONDON)
    return f"Produced {local.day} {local:%B %Y, %H:%M}"


def _draw_frame(canvas: Canvas, info: PageInfo, page: int, total: int) -> None:
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.setStrokeColor(RULE)
    left, right = MARGIN_X, PAGE_WIDTH - MARGIN_X
    top = PAGE_HEIGHT
    draw_text(canvas, PAGE_WIDTH / 2, top - 11 * mm, MARKING, 10, bold=True, align="centre")
    reference = f"Ref: {info.reference}" if info.reference else "Ref: ____________________"
    reference = fit_text(reference, 9, CONTENT_WIDTH * 0.45, bold=True)
    draw_text(canvas, right, top - 18 * mm, reference, 9, bold=True, align="right")
    room = CONTENT_WIDTH - text_width(reference, 9, bold=True) - 8 * mm
    # A long force and unit name is printed smaller rather than cut short ("Protec…").
    size = 9.0
    while size > ORGANISATION_MIN_SIZE and text_width(info.organisation, size) > room:
        size -= 0.25
    org = fit_text(info.organisation, size, room)
    draw_text(canvas, left, top - 18 * mm, org, size)
    canvas.setLineWidth(0.6)
    canvas.line(left, top - 20.5 * mm, right, top - 20.5 * mm)
    if info.banner:
        box_top = top - 22.5 * mm
        canvas.setFillColor(SHADE)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.5)
        canvas.rect(left, box_top - 9 * mm, CONTENT_WIDTH, 9 * mm, stroke=1, fill=1)
        canvas.setFillColor(INK)
        banner = fit_text(info.banner, 11, CONTENT_WIDTH - 6 * mm, bold=True)
        draw_text(canvas, PAGE_WIDTH / 2, box_top - 6 * mm, banner, 11, bold=True,
                  align="centre")
    if info.initials:
        _draw_initials(canvas, info, page, total)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(left, 19 * mm, right, 19 * mm)
    footer_left = f"{info.title} · {produced_text(info.produced_at)}"
    draw_text(canvas, left, 14.5 * mm, fit_text(footer_left, 8.5, CONTENT_WIDTH * 0.72), 8.5)
    draw_text(canvas, right, 14.5 * mm, f"Page {page} of {total}", 8.5, bold=True,
              align="right")
    draw_text(canvas, PAGE_WIDTH / 2, 8 * mm, MARKING, 10, bold=True, align="centre")
    canvas.restoreState()


def _draw_initials(canvas: Canvas, info: PageInfo, page: int, total: int) -> None:
    """"Page x of y of <reference> — initials: [Recipient] [Officer]" above the footer."""
    left, right = MARGIN_X, PAGE_WIDTH - MARGIN_X
    bottom, height = 21.5 * mm, 9 * mm
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.8)
    canvas.rect(left, bottom, CONTENT_WIDTH, height, stroke=1, fill=0)
    boxes = len(info.initials)
    x = right - boxes * INITIALS_BOX
    room = x - left - 4 * mm
    lead = fit_text(f"Page {page} of {total} · Ref {info.reference} · Initials:", 8.5, room,
                    bold=True)
    draw_text(canvas, left + 2 * mm, bottom + 3.2 * mm, lead, 8.5, bold=True)
    canvas.setLineWidth(0.5)
    for who in info.initials:
        canvas.line(x, bottom, x, bottom + height)
        draw_text(canvas, x + 1.5 * mm, bottom + height - 3 * mm,
                  fit_text(who, 6.5, INITIALS_BOX - 3 * mm), 6.5)
        x += INITIALS_BOX


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Keeps every page until the end so the frame can say "Page x of y"."""

    def __init__(self, *args: Any, page_info: PageInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_info = page_info
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            _draw_frame(self, self._page_info, number, total)
            super().showPage()
        super().save()


def render(story: Sequence[Flowable], info: PageInfo) -> bytes:
    """Lay ``story`` out on A4 pages with the frame; return the PDF bytes."""
    register_fonts()
    buffer = BytesIO()
    top = HEADER_DEPTH + (BANNER_DEPTH if info.banner else 0)
    bottom = FOOTER_HEIGHT + (INITIALS_DEPTH if info.initials else 0)
    doc = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=top,
        bottomMargin=bottom,
        title=info.title,
        author=info.organisation,
        creator="CSODS Case Manager",
        subject=MARKING,
    )
    frame = Frame(MARGIN_X, bottom, CONTENT_WIDTH, PAGE_HEIGHT - top - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(list(story), canvasmaker=partial(_NumberedCanvas, page_info=info))
    return buffer.getvalue()
