"""A grid table of short columns (figures by month) in which no word is broken.

Reportlab breaks a word that is wider than its column in the middle ("Applicati-ons").
Here each column is first given the room of its longest word (header words in the
header's bold font, cell words in the cell font), then what is left of the width is
shared equally. A table with too many columns for that gets a smaller header and closer
padding first; only when even the smallest does not fit are the columns narrowed in
proportion (and a word may then break).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table

from app.documents.blocks import CELL_PADDING, Cell, grid_table
from app.documents.fonts import clean
from app.documents.styles import CONTENT_WIDTH, style

#: (header font size, padding at either side of a cell), tried in turn.
FITS: tuple[tuple[float, float], ...] = ((9.0, CELL_PADDING), (8.0, CELL_PADDING),
                                         (8.0, 3.0), (7.0, 3.0))
#: Room for rounding: a word exactly as wide as its column may still wrap.
SLACK = 1.0
#: Where a line may break (not at a no-break space).
BREAKS = re.compile(r"[ \t\n]+")


def header_style(size: float) -> ParagraphStyle:
    label = style("label")
    if size == label.fontSize:
        return label
    return ParagraphStyle(f"label_{size:g}", parent=label, fontSize=size,
                          leading=label.leading * size / label.fontSize)


def longest_word(text: object, font: str, size: float) -> float:
    """The width of the widest word of ``text`` (words joined by a no-break space count
    as one)."""
    return max((stringWidth(word, font, size) for word in BREAKS.split(clean(text))),
               default=0.0)


def word_room(header: Sequence[str], rows: Sequence[Sequence[Cell]], size: float,
              padding: float) -> list[float]:
    """Each column's width when it is as wide as its longest word."""
    cell = style("cell")
    bold = header_style(size)
    room = []
    for column, title in enumerate(header):
        words = [longest_word(title, bold.fontName, size)]
        words += [longest_word(row[column], cell.fontName, cell.fontSize)
                  for row in rows if column < len(row) and isinstance(row[column], str | int)]
        room.append(max(words) + 2 * padding + SLACK)
    return room


def fitted_grid_table(header: Sequence[str], rows: Sequence[Sequence[Cell]],
                      width: float = CONTENT_WIDTH) -> Table:
    """``grid_table`` with widths from the text, so no header or cell word breaks."""
    for size, padding in FITS:
        room = word_room(header, rows, size, padding)
        spare = width - sum(room)
        if spare >= 0:
            widths = [r + spare / len(room) for r in room]
            return grid_table(header, rows, widths, header_style=header_style(size),
                              padding=padding)
    scale = width / sum(room)
    return grid_table(header, rows, [r * scale for r in room],
                      header_style=header_style(size), padding=padding)
