"""Embedded fonts and safe text: any name in any script prints, nothing crashes.

DejaVu Sans (regular and bold) carries Latin, Greek, Cyrillic, Hebrew and
Arabic; Droid Sans Fallback carries CJK. Both are TrueType files shipped in
``resources/fonts`` (licences beside them) and embedded as subsets. Text is
split into runs by the font that has its glyphs (``runs``); Paragraph markup
is built by ``para`` from plain user text, escaped, so "<b>" prints literally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app.documents.shaping import shape_arabic, visual_order
from app.paths import resource_path

SANS = "CSODS-Sans"
SANS_BOLD = "CSODS-Sans-Bold"
CJK = "CSODS-CJK"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}

# Control characters other than line break; lone surrogates; non-characters.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_TABS = re.compile(r"\t")


@dataclass(frozen=True)
class _Coverage:
    main: frozenset[int]
    cjk: frozenset[int]


@cache
def register_fonts() -> _Coverage:
    """Register the embedded fonts once per process; return what each covers."""
    loaded: dict[str, TTFont] = {}
    for name, filename in _FILES.items():
        font = TTFont(name, str(resource_path(f"fonts/{filename}")))
        pdfmetrics.registerFont(font)
        loaded[name] = font
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(SANS, bold, italic, SANS_BOLD if bold else SANS)
            addMapping(CJK, bold, italic, CJK)
    return _Coverage(
        main=frozenset(loaded[SANS].face.charToGlyph),
        cjk=frozenset(loaded[CJK].face.charToGlyph),
    )


def clean(text: object) -> str:
    """Any value as printable text: newlines normalised, control characters dropped."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _TABS.sub("    ", value)
    return _UNPRINTABLE.sub("", value)


def prepare_line(line: str) -> str:
    """Shape Arabic and put right-to-left runs in visual order for one line."""
    coverage = register_fonts()
    return visual_order(shape_arabic(line, coverage.main.__contains__))


def runs(line: str) -> list[tuple[str, str]]:
    """Split a prepared line into (font name, text) runs; CJK goes to the fallback."""
    coverage = register_fonts()
    out: list[tuple[str, str]] = []
    for ch in line:
        code = ord(ch)
        font = CJK if code not in coverage.main and code in coverage.cjk else SANS
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


def para(text: object) -> str:
    """Paragraph markup for plain user text: escaped, line breaks kept, CJK runs tagged."""
    lines = clean(text).split("\n")
    marked: list[str] = []
    for line in lines:
        parts = []
        for font, chunk in runs(prepare_line(line)):
            safe = escape(chunk)
            parts.append(f'<font name="{CJK}">{safe}</font>' if font == CJK else safe)
        marked.append("".join(parts))
    return "<br/>".join(marked)


def _run_font(font: str, bold: bool) -> str:
    return SANS_BOLD if bold and font == SANS else font


def text_width(text: object, size: float, bold: bool = False) -> float:
    """Width in points of one line of plain text as ``draw_text`` draws it."""
    line = prepare_line(clean(text).replace("\n", " "))
    return float(sum(stringWidth(chunk, _run_font(font, bold), size) for font, chunk in runs(line)))


def fit_text(text: object, size: float, width: float, bold: bool = False) -> str:
    """``text`` on one line, shortened with an ellipsis to fit ``width`` points."""
    value = clean(text).replace("\n", " ")
    if text_width(value, size, bold) <= width:
        return value
    while value and text_width(value + "…", size, bold) > width:
        value = value[:-1]
    return value + "…"


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: object,
    size: float,
    *,
    bold: bool = False,
    align: str = "left",
) -> None:
    """Draw one line of plain text at (x, y), switching font per script run."""
    line = prepare_line(clean(text).replace("\n", " "))
    pieces = [(_run_font(font, bold), chunk) for font, chunk in runs(line)]
    width = sum(stringWidth(chunk, font, size) for font, chunk in pieces)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for font, chunk in pieces:
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += stringWidth(chunk, font, size)
