"""Printed stage records generated from the form schema (no hand-laid copy of fields).

``render_form`` walks a ``StageForm``'s sections and fields and prints either
the recorded values (choices by label, yes/no, ticks, groups as tables or
repeated blocks, offences described) or, with ``blank=True``, empty boxes to
fill in by hand with every choice printed as a tick box.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from app.documents.blocks import (
    EMPTY,
    TICKED,
    UNTICKED,
    Cell,
    filled,
    fmt_date,
    fmt_datetime,
    grid_table,
    heading,
    kv_table,
    p,
    section_heading,
    tick,
    yes_no,
)
from app.documents.fonts import para
from app.documents.styles import CONTENT_WIDTH, style
from app.domain.forms import CaseContext, Field, FieldKind, StageForm
from app.domain.forms.requirements import Always, Never
from app.domain.offences import describe

K = FieldKind
SIMPLE = {K.TEXT, K.LONG_TEXT, K.DATE, K.DATETIME, K.YES_NO, K.TICK, K.CHOICE, K.MULTI_CHOICE,
          K.OFFENCE}
_BLANK_HEIGHT = {K.TEXT: 10 * mm, K.OFFENCE: 10 * mm, K.DATE: 10 * mm, K.DATETIME: 10 * mm,
                 K.LONG_TEXT: 26 * mm}
_HINT = {K.DATE: "dd / mm / yyyy", K.DATETIME: "dd / mm / yyyy    hh : mm"}
TABLE_MAX_COLUMNS = 5
BLANK_TABLE_ROWS = 3
BLANK_BLOCKS = 2


def _label(field: Field) -> Paragraph:
    text = para(field.label)
    if field.paragraphs:
        text += f'<br/><font size="7">¶{para(", ".join(field.paragraphs))}</font>'
    return Paragraph(text, style("label"))


def value_text(field: Field, value: Any) -> str:
    """A recorded value as plain text ("—" when nothing was recorded)."""
    if not filled(value) and field.kind not in (K.TICK, K.MULTI_CHOICE):
        return EMPTY
    if field.kind is K.DATE:
        return fmt_date(value)
    if field.kind is K.DATETIME:
        return fmt_datetime(value)
    if field.kind is K.YES_NO:
        return yes_no(value)
    if field.kind is K.TICK:
        return f"{TICKED} Yes" if value is True else f"{UNTICKED} No"
    if field.kind is K.CHOICE:
        return field.choice_label(str(value))
    if field.kind is K.MULTI_CHOICE:
        chosen = set(value) if isinstance(value, list) else set()
        return "\n".join(f"{tick(c.value in chosen)} {c.label}" for c in field.choices)
    if field.kind is K.OFFENCE:
        return describe(str(value))
    return str(value)


def _blank_value(field: Field) -> Cell:
    if field.kind is K.TICK:
        return UNTICKED
    if field.kind is K.YES_NO:
        return f"{UNTICKED} Yes" + "\u00a0" * 6 + f"{UNTICKED} No"
    if field.kind in (K.CHOICE, K.MULTI_CHOICE):
        lines = [f"{UNTICKED} {c.label}" for c in field.choices]
        if field.kind is K.MULTI_CHOICE:
            lines.insert(0, "Tick all that apply:")
        return "\n".join(lines)
    hint = _HINT.get(field.kind)
    return p(hint, "small") if hint else ""


def _blank_height(field: Field) -> float | None:
    height: float | None = _BLANK_HEIGHT.get(field.kind)
    if field.kind is K.LONG_TEXT and (field.max_length or 20000) <= 500:
        return float(18 * mm)
    return height


class _Rows:
    """Collects label/value rows and turns them into one table when flushed."""

    def __init__(self, out: list[Flowable]) -> None:
        self.out = out
        self.rows: list[tuple[Cell, Cell]] = []
        self.heights: list[float | None] = []

    def add(self, label: Cell, value: Cell, height: float | None = None) -> None:
        self.rows.append((label, value))
        self.heights.append(height)

    def flush(self) -> None:
        if self.rows:
            self.out.append(kv_table(self.rows, min_heights=self.heights))
            self.out.append(Spacer(1, 2 * mm))
        self.rows, self.heights = [], []


def not_applicable(field: Field, values: Mapping[str, Any], context: CaseContext) -> bool:
    """An empty answer to a question asked only in some cases, not this one (e.g. "why
    not a MAPPA meeting" when the forum was a MAPPA meeting): left off a filled record
    rather than printed as an empty "—" or an unticked box that reads like a "No"."""
    if isinstance(field.required, Always | Never):
        return False
    value = values.get(field.id)
    if filled(value) and not (field.kind is K.TICK and value is False):
        return False
    return not field.required.applies(values, context)


def render_fields(
    fields: Sequence[Field], values: Mapping[str, Any], *, blank: bool, titled: str = "",
    context: CaseContext | None = None,
) -> list[Flowable]:
    """Flowables for ``fields`` with their ``values`` (or empty for hand filling).

    With the case ``context``, a filled record leaves out the empty answers to
    questions that do not apply to this case (``not_applicable``).
    """
    out: list[Flowable] = []
    rows = _Rows(out)
    for field in fields:
        if not blank and context is not None and not_applicable(field, values, context):
            continue
        value = None if blank else values.get(field.id)
        if field.kind in SIMPLE:
            if blank:
                rows.add(_label(field), _blank_value(field), _blank_height(field))
            else:
                rows.add(_label(field), value_text(field, value))
            continue
        rows.flush()
        titled_here = field.label != titled
        if field.kind is K.PERSON:
            out += _person(field, value, titled_here, blank=blank, context=context)
        else:
            out += _group(field, value, titled_here, blank=blank, context=context)
    rows.flush()
    return out


def _title(field: Field, show: bool, *, empty: bool = False) -> list[Flowable]:
    """The sub-heading of a person or group; little room needed when nothing follows."""
    if not show:
        return []
    if empty:
        return [CondPageBreak(15 * mm), heading(field.label, 3)]
    return section_heading(field.label, 3)


def _person(field: Field, value: Any, show_title: bool, *, blank: bool,
            context: CaseContext | None = None) -> list[Flowable]:
    record = value if isinstance(value, Mapping) else {}
    if not blank and not filled(record):
        return [*_title(field, show_title, empty=True), p("Not recorded.", "small")]
    return _title(field, show_title) + render_fields(field.subfields, record, blank=blank,
                                                     context=context)


def _weights(field: Field) -> list[float]:
    weights = []
    for sub in field.subfields:
        if sub.kind is K.OFFENCE:
            weights.append(3.0)
        elif sub.kind in (K.LONG_TEXT, K.MULTI_CHOICE):
            weights.append(2.0)
        else:
            weights.append(1.0)
    total = sum(weights)
    return [CONTENT_WIDTH * w / total for w in weights]


def _group(field: Field, value: Any, show_title: bool, *, blank: bool,
           context: CaseContext | None = None) -> list[Flowable]:
    items = [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []
    if not blank and not items:
        return [*_title(field, show_title, empty=True), p("None recorded.", "small")]
    title = _title(field, show_title)
    subfields = field.subfields
    noun = (field.item_label or "entry").capitalize()
    if len(subfields) <= TABLE_MAX_COLUMNS:
        header = [sub.label for sub in subfields]
        if blank:
            count = min(field.max_items or BLANK_TABLE_ROWS, BLANK_TABLE_ROWS)
            blank_rows: list[list[Cell]] = [["" for _ in subfields] for _ in range(count)]
            table = grid_table(header, blank_rows, _weights(field), row_height=14 * mm)
            notes = [p(f"{sub.label} — write one of: " + " · ".join(c.label for c in sub.choices),
                       "small") for sub in subfields if sub.choices]
            return [*title, table, *notes, Spacer(1, 2 * mm)]
        else:
            rows: list[list[Cell]] = [
                [value_text(sub, item.get(sub.id)) for sub in subfields] for item in items
            ]
            table = grid_table(header, rows, _weights(field))
        return [*title, table, Spacer(1, 2 * mm)]
    out: list[Flowable] = list(title)
    count = min(field.max_items or BLANK_BLOCKS, BLANK_BLOCKS) if blank else len(items)
    for index in range(count):
        record = {} if blank else items[index]
        block = render_fields(subfields, record, blank=blank, context=context)
        out += [CondPageBreak(30 * mm), p(f"{noun} {index + 1}", "label"), Spacer(1, 1 * mm)]
        out += block
    return out


def render_form(
    form: StageForm,
    values: Mapping[str, Any],
    context: CaseContext,
    *,
    blank: bool,
) -> list[Flowable]:
    """Every section of ``form``; a filled record leaves out sections that do not apply."""
    out: list[Flowable] = []
    skipped: list[str] = []
    for section in form.sections:
        if not blank and not section.shown.applies(values, context):
            skipped.append(section.title)
            continue
        body = render_fields(section.fields, values, blank=blank, titled=section.title,
                             context=context)
        if not body:  # every question of the section is one that does not apply
            skipped.append(section.title)
            continue
        out += section_heading(section.title)
        if blank and section.help:
            out.append(p(section.help, "small"))
        out += body
    if skipped:
        out.append(p("Not applicable to this case, so not printed: " + "; ".join(skipped) + ".",
                     "small"))
    return out
