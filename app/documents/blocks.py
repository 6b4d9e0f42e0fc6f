"""Building blocks shared by the documents: headings, label/value tables, tick
boxes, write-in boxes, signature blocks and the formatting of stored values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TypeAlias

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.documents.fonts import para
from app.documents.styles import CONTENT_WIDTH, GRID, INK, SHADE, style
from app.domain.timescales import LONDON

TICKED = "☑"
UNTICKED = "☐"
EMPTY = "—"
LABEL_WIDTH = 62 * mm
CELL_PADDING = 5.0  # points at either side of a table cell's text

Cell: TypeAlias = Flowable | str


def p(text: object, name: str = "body") -> Paragraph:
    """A paragraph of plain user text (escaped)."""
    return Paragraph(para(text), style(name))


def title_block(title: str, subtitle: str = "") -> list[Flowable]:
    out: list[Flowable] = [p(title, "title")]
    if subtitle:
        out.append(p(subtitle, "subtitle"))
    return out


def heading(text: str, level: int = 2) -> Paragraph:
    return p(text, "h2" if level <= 2 else "h3")


def section_heading(text: str, level: int = 2) -> list[Flowable]:
    """A heading that starts a new page rather than sit alone at the foot of one."""
    room = 45 * mm if level <= 2 else 32 * mm
    return [CondPageBreak(room), heading(text, level)]


def tick(checked: bool | None) -> str:
    return TICKED if checked else UNTICKED


def tick_line(checked: bool | None, text: str) -> Paragraph:
    """"☑ text" with the text hanging clear of the box."""
    return Paragraph(f"{tick(checked)}\u2002{para(text)}", style("tick"))


def fmt_datetime(value: object) -> str:
    """A stored ISO instant shown in Europe/London ("25 March 2025, 10:30")."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return str(value)
    if moment.tzinfo is None:
        return f"{moment.day} {moment:%B %Y, %H:%M}"
    local = moment.astimezone(LONDON)
    return f"{local.day} {local:%B %Y, %H:%M}"


def fmt_date(value: object) -> str:
    """A stored ISO date ("2025-03-25") as "25 March 2025"."""
    if isinstance(value, datetime):
        return fmt_datetime(value)
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B %Y}"


def yes_no(value: object) -> str:
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return EMPTY


def filled(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict):
        return any(filled(v) for v in (value.values() if isinstance(value, dict) else value))
    return True


def person_name(person: object) -> str:
    """"Forenames Surname" of a stored person record, or its description."""
    if not isinstance(person, dict):
        return ""
    parts = [str(person.get(k) or "").strip() for k in ("forenames", "surname")]
    name = " ".join(part for part in parts if part)
    if not name:
        name = str(person.get("name") or person.get("description") or "").strip()
    return name


#: A row holding more text than this may split across pages (rather than overflow).
SPLIT_ROW_CHARS = 1200


def _split(rows: Sequence[Sequence[Cell]]) -> int:
    """1 when some row is long enough to need splitting within the row, else 0."""
    longest = max((sum(len(c) for c in row if isinstance(c, str)) for row in rows), default=0)
    return 1 if longest > SPLIT_ROW_CHARS else 0


def _cell(value: Cell, name: str) -> Flowable:
    return value if isinstance(value, Flowable) else p(value, name)


def kv_table(
    rows: Sequence[tuple[Cell, Cell]],
    *,
    label_width: float = LABEL_WIDTH,
    width: float = CONTENT_WIDTH,
    min_heights: Sequence[float | None] | None = None,
) -> Table:
    """Label | value rows, ruled; rows split across pages when long."""
    data = [[_cell(label, "label"), _cell(value, "cell")] for label, value in rows]
    heights = list(min_heights) if min_heights is not None else None
    table = Table(data, colWidths=[label_width, width - label_width], rowHeights=heights,
                  splitInRow=_split(rows), hAlign="LEFT")
    table.setStyle(_grid_style(len(data), shade_first_col=True))
    return table


def grid_table(header: Sequence[str], rows: Sequence[Sequence[Cell]],
               widths: Sequence[float] | None = None,
               row_height: float | None = None, *,
               header_style: ParagraphStyle | None = None,
               padding: float = CELL_PADDING) -> Table:
    """A table with a shaded header row, repeated on each page; ``padding`` at either
    side of each cell."""
    count = max(1, len(header))
    col_widths = list(widths) if widths else [CONTENT_WIDTH / count] * count
    heading_style = header_style or style("label")
    data: list[list[Flowable]] = [[Paragraph(para(h), heading_style) for h in header]]
    data += [[_cell(v, "cell") for v in row] for row in rows]
    heights = [None] + [row_height] * len(rows) if row_height else None
    table = Table(data, colWidths=col_widths, rowHeights=heights, repeatRows=1,
                  splitInRow=_split(rows), hAlign="LEFT")
    commands = _grid_style(len(data), shade_first_col=False, padding=padding).getCommands()
    table.setStyle(TableStyle([*commands, ("BACKGROUND", (0, 0), (-1, 0), SHADE)]))
    return table


def _grid_style(rows: int, *, shade_first_col: bool,
                padding: float = CELL_PADDING) -> TableStyle:
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if shade_first_col and rows:
        commands.append(("BACKGROUND", (0, 0), (0, -1), SHADE))
    return TableStyle(commands)


def signature_block(role: str, name: str = "", note: str = "") -> Flowable:
    """Signature (20 mm), printed name and date lines (15 mm each) for one person."""
    rows: list[tuple[Cell, Cell]] = [
        ("Signature", ""),
        ("Printed name", name),
        ("Date and time", ""),
    ]
    table = Table(
        [[p(label, "label"), p(value, "cell")] for label, value in rows],
        colWidths=[38 * mm, CONTENT_WIDTH - 38 * mm],
        rowHeights=[20 * mm, 15 * mm, 15 * mm],
        hAlign="LEFT",
    )
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.8, INK),
        ("LINEBELOW", (0, 0), (-1, -2), 0.5, GRID),
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ]))
    parts: list[Flowable] = [heading(role, 3)]
    if note:
        parts.append(p(note, "small"))
    parts += [table, Spacer(1, 4 * mm)]
    return KeepTogether(parts)


def write_in(lines: int = 3, width: float = CONTENT_WIDTH) -> Table:
    """Ruled lines to write on by hand (9 mm apart)."""
    table = Table([[""]] * lines, colWidths=[width], rowHeights=[9 * mm] * lines,
                  hAlign="LEFT")
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID)]))
    return table
