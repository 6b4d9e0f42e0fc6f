"""The chronology of a case, printed for a reviewing officer: every record of the
case in time order (stage completions, decisions, sign-offs, referrals, contacts,
notes, documents printed, extensions, immediate-risk records), on the standard
page frame (OFFICIAL-SENSITIVE, case reference, page x of y)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from app.documents.blocks import EMPTY, Cell, grid_table, p, title_block
from app.documents.fonts import para
from app.documents.model import DocumentCase, DocumentKind
from app.documents.page import PageInfo, render
from app.documents.parties import organisation
from app.documents.styles import style
from app.domain.chronology import ChronologyEntry

HEADER = ("When", "What", "Details", "By")
WIDTHS = (30 * mm, 24 * mm, 94 * mm, 22 * mm)


def _details(entry: ChronologyEntry) -> Cell:
    """The entry's title in bold, its detail (notes, reasons) below in plain text."""
    markup = f"<b>{para(entry.title)}</b>"
    if entry.detail:
        markup += f"<br/>{para(entry.detail)}"
    return Paragraph(markup, style("cell"))


def entry_row(entry: ChronologyEntry) -> list[Cell]:
    return [entry.when_text(), entry.kind.label, _details(entry), entry.by or EMPTY]


def build_chronology(case: DocumentCase) -> bytes:
    entries = list(case.chronology)
    count = len(entries)
    story: list[Flowable] = [
        *title_block(DocumentKind.CHRONOLOGY.title,
                     f"Case {case.reference}: every record of the case in time order, for "
                     "review. Times are UK local time; dates alone are events recorded by "
                     "their day."),
        p(f"{count} entr{'y' if count == 1 else 'ies'}.", "small"),
    ]
    if entries:
        story.append(grid_table(HEADER, [entry_row(e) for e in entries], WIDTHS))
    else:
        story.append(p("Nothing is recorded on this case yet.", "small"))
    story.append(p(f"Chronology prepared by {case.produced_by}.", "small"))
    info = PageInfo(title=DocumentKind.CHRONOLOGY.title, reference=case.reference,
                    organisation=organisation(case.letterhead), produced_at=case.produced_at)
    return render(story, info)
