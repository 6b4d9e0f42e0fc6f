"""Type sizes, colours and paragraph styles shared by every document."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from app.documents.fonts import SANS, SANS_BOLD, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.black
RULE = colors.Color(0.45, 0.45, 0.45)
GRID = colors.Color(0.6, 0.6, 0.6)
SHADE = colors.Color(0.93, 0.93, 0.93)
MUTED = colors.Color(0.3, 0.3, 0.3)

BODY_SIZE = 10
BODY_LEADING = 13.5


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Named paragraph styles (fonts registered first)."""
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=SANS, fontSize=BODY_SIZE, leading=BODY_LEADING, textColor=INK,
        spaceAfter=4,
    )
    return {
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "label": ParagraphStyle("label", parent=body, fontName=SANS_BOLD, fontSize=9,
                                leading=12, spaceAfter=0),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11,
                                textColor=MUTED),
        "title": ParagraphStyle("title", parent=body, fontName=SANS_BOLD, fontSize=16,
                                leading=20, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=9.5, leading=12.5,
                                   textColor=MUTED, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=body, fontName=SANS_BOLD, fontSize=12, leading=15,
                             spaceBefore=10, spaceAfter=5),
        "h3": ParagraphStyle("h3", parent=body, fontName=SANS_BOLD, fontSize=10.5,
                             leading=13.5, spaceBefore=6, spaceAfter=3),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3,
                                 spaceAfter=3),
        "tick": ParagraphStyle("tick", parent=body, leftIndent=26, firstLineIndent=-15,
                               spaceAfter=3),
        "letter": ParagraphStyle("letter", parent=body, fontSize=9.5, leading=12.5,
                                 spaceAfter=3.5),
        "letter-bullet": ParagraphStyle("letter-bullet", parent=body, fontSize=9.5,
                                        leading=12.5, leftIndent=14, bulletIndent=3,
                                        spaceAfter=2.5),
        "quote": ParagraphStyle("quote", parent=body, fontSize=10.5, leading=14.5,
                                leftIndent=8, rightIndent=8, spaceBefore=2, spaceAfter=6),
        # One typed line on a ruled line of a form (no space above or below).
        "ruled": ParagraphStyle("ruled", parent=body, fontSize=10.5, leading=13,
                                spaceBefore=0, spaceAfter=0),
        "notice": ParagraphStyle("notice", parent=body, fontName=SANS_BOLD, fontSize=10,
                                 leading=13.5, alignment=TA_CENTER, spaceAfter=0),
    }


def style(name: str) -> ParagraphStyle:
    return styles()[name]
