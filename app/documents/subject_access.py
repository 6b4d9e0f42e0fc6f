"""The subject access review PDF (DPA 2018 Part 3, s.45): everything the unit holds
about one person, as confirmed by the reviewing supervisor, each item with its case,
stage (or record), field and date, on the standard frame (OFFICIAL-SENSITIVE, the
request reference, page x of y). A working document for disclosure review, not the
response itself."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from app.documents.blocks import (
    EMPTY,
    Cell,
    fmt_date,
    fmt_datetime,
    grid_table,
    kv_table,
    p,
    section_heading,
    title_block,
)
from app.documents.fonts import para
from app.documents.model import Letterhead
from app.documents.page import PageInfo, render
from app.documents.parties import organisation
from app.documents.styles import style
from app.domain.subject_access import HeldItem, PersonMatch, SarReport
from app.domain.timescales import LONDON

TITLE = "Subject access review"
MATCH_WIDTHS = (36 * mm, 24 * mm, 36 * mm, 26 * mm, 48 * mm)
ITEM_WIDTHS = (24 * mm, 38 * mm, 24 * mm, 62 * mm, 22 * mm)
REVIEW_NOTE = (
    "Before anything is disclosed, review every item: other people named in these records "
    "(the applicant, children, the subject) are third parties; the right of access may be "
    "restricted where disclosure would obstruct an inquiry, prejudice the prevention, "
    "detection or prosecution of crime, or harm the rights and freedoms of others "
    "(DPA 2018 s.45(4)). Records of these cases not listed here may still be this "
    "person's data (for example what an applicant said at interview): check each case. "
    "Why: \"as applicant\" (or other role) is the person's own record; \"names them\" is "
    "text giving their full name; \"surname mentioned\" is free text with their surname, "
    "which may be about someone else.")


def _match_row(m: PersonMatch) -> list[Cell]:
    why = "; ".join(m.reasons) or "name"
    return [m.reference, m.role_label, m.name, fmt_date(m.dob) if m.dob else EMPTY, why]


def _value(item: HeldItem) -> Cell:
    return Paragraph(para(item.value).replace("\n", "<br/>"), style("cell"))


def _item_row(item: HeldItem) -> list[Cell]:
    when = f"{item.recorded.astimezone(LONDON):%d %b %Y %H:%M}" if item.recorded else EMPTY
    return [item.where, item.field, when, _value(item), item.why]


def _case_section(report: SarReport, reference: str) -> list[Flowable]:
    matches = [m for m in report.confirmed if m.reference == reference]
    first = matches[0]
    roles = ", ".join(dict.fromkeys(f"{m.role_label.lower()} ({m.name})" for m in matches))
    items = [i for i in report.items if i.reference == reference]
    out: list[Flowable] = [
        *section_heading(f"Case {reference}", 3),
        p(f"First contact {fmt_datetime(first.first_contact)}; case {first.case_status}. "
          f"Recorded here as {roles}. {len(items)} item{'s' if len(items) != 1 else ''}.",
          "small"),
    ]
    if items:
        out.append(grid_table(("Stage or record", "Field", "Recorded", "What is held",
                               "Why"), [_item_row(i) for i in items], ITEM_WIDTHS))
    else:
        out.append(p("Nothing about this person remains in the case's records.", "small"))
    return out


def build_subject_access(report: SarReport, letterhead: Letterhead, produced_at: datetime,
                         produced_by: str) -> bytes:
    search = report.search
    query = search.query
    found, confirmed = len(search.matches), len(report.confirmed)
    summary: list[tuple[Cell, Cell]] = [
        ("Request reference", query.request_reference.strip()),
        ("Name searched for", query.name),
        ("Date of birth given", fmt_date(query.dob.isoformat()) if query.dob else EMPTY),
        ("Possible matches found", f"{found} in {search.cases} cases (same name, sounds "
         "alike, or same date of birth)" + (" — the search stopped at its limit; narrow it"
                                            if search.truncated else "")),
        ("Confirmed as this person", f"{confirmed} in {len(report.cases)} cases, by "
         f"{produced_by}"),
        ("Not this person", f"{found - confirmed} (left out: they are other people)"),
        ("Items listed", str(len(report.items))),
    ]
    story: list[Flowable] = [
        *title_block(TITLE, "Records held about a person, for disclosure review — the "
                     "starting point of a subject access response (DPA 2018 Part 3, "
                     "s.45). Not to be given to the requester as it stands."),
        kv_table(summary),
        p(REVIEW_NOTE, "small"),
        *section_heading("Matches confirmed as this person"),
    ]
    if report.confirmed:
        story.append(grid_table(("Case", "Recorded as", "Name as recorded", "Date of birth",
                                 "Why it matched"),
                                [_match_row(m) for m in report.confirmed], MATCH_WIDTHS))
        story += [*section_heading("What is held, case by case")]
        for reference in report.cases:
            story += _case_section(report, reference)
    else:
        story.append(p("No record was confirmed as this person's: on this search the unit "
                       "holds no case data about them.", "body"))
    story.append(p(f"Prepared by {produced_by}. Times are UK local time.", "small"))
    info = PageInfo(title=TITLE, reference=query.request_reference.strip(),
                    organisation=organisation(letterhead), produced_at=produced_at)
    return render(story, info)
