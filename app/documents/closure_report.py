"""The closure report (¶6.1): the final intelligence summary of a case — the
request, its route and outcome, all parties, key dates and deadlines — laid
out to be entered on the force intelligence system."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.documents.blocks import (
    EMPTY,
    Cell,
    filled,
    fmt_date,
    fmt_datetime,
    grid_table,
    kv_table,
    p,
    person_name,
    section_heading,
    title_block,
    yes_no,
)
from app.documents.case_sections import (
    outcome_record,
    policy_rows,
    risk_records,
    signoff_text,
    stage_sections,
)
from app.documents.model import DocumentCase, DocumentKind
from app.documents.page import PageInfo, render
from app.documents.parties import (
    applicant,
    child_line,
    children,
    choice_label,
    organisation,
    recipient,
    recipient_name,
    subject,
    subject_line,
)
from app.documents.schema_render import value_text
from app.domain.contacts import attempts_phrase
from app.domain.enums import Route, Stage
from app.domain.forms import form_for
from app.domain.offences import describe
from app.domain.summary import closure_summary, not_made_reason
from app.domain.timescales import LONDON, DeadlineState, policy_label

S1, S2, S3, S4, S5, S6, S7 = (Stage(n) for n in range(1, 8))


def _route(case: DocumentCase) -> str:
    stored = case.facts.get(S7, "route") or (case.facts.route.value if case.facts.route else "")
    try:
        return Route(stored).label
    except ValueError:
        return "Not closed yet"


def outcome_text(case: DocumentCase) -> str:
    facts = case.facts
    if facts.disclosure_not_made:
        return f"Decision to disclose; disclosure not made: {not_made_reason(facts)}."
    if facts.disclosing and filled(facts.get(S6, "disclosed_at")):
        return (f"Disclosure made to {recipient_name(facts)} on "
                f"{fmt_datetime(facts.get(S6, 'disclosed_at'))}.")
    if facts.disclosing:
        return "Decision to disclose; the disclosure is not yet recorded."
    if facts.decision == "do_not_disclose":
        return "Concerns found; the forum decided not to disclose."
    if facts.categorisation == "no_concerns":
        return "No concerns found; no disclosure."
    return "No decision recorded."


def _choice(stage: Stage, path: str, value: Any) -> str:
    return choice_label(stage, path, value) or EMPTY


def _case_rows(case: DocumentCase) -> list[tuple[Cell, Cell]]:
    facts = case.facts
    return [
        ("Case reference", case.reference),
        ("Request type", _choice(S1, "request_type", facts.get(S1, "request_type"))),
        ("Owning force", str(facts.get(S1, "owning_force") or EMPTY)),
        ("Responding force", str(facts.get(S1, "responding_force") or EMPTY)),
        ("Route at closure", _route(case)),
        ("Outcome", outcome_text(case)),
        ("Categorisation", _choice(S4, "categorisation", facts.categorisation)),
        ("MAPPA-managed subject", yes_no(facts.get(S4, "mappa_managed"))),
        ("Intelligence report reference", str(facts.get(S7, "intel_report_ref") or EMPTY)),
        *policy_rows(case),
    ]


def _parties(case: DocumentCase) -> list[Flowable]:
    facts = case.facts
    person = applicant(facts)
    who = subject(facts)
    chosen = recipient(facts)
    previous = [str(a.get("address") or "") for a in who.get("previous_addresses") or []
                if isinstance(a, dict)]
    rows: list[tuple[Cell, Cell]] = [
        ("Applicant", person_name(person) or EMPTY),
        ("Applicant's other names", str(person.get("other_names") or EMPTY)),
        ("Applicant's date of birth", fmt_date(person["dob"]) if person.get("dob") else EMPTY),
        ("Applicant's address", str(person.get("address") or EMPTY)),
        ("Subject", subject_line(facts)),
        ("Subject's address", str(who.get("address") or EMPTY)),
        ("Subject's previous addresses", "\n".join(a for a in previous if a) or EMPTY),
        ("Subject's relationship to the applicant",
         _choice(S1, "subject.relationship_to_applicant", who.get("relationship_to_applicant"))),
        ("Child(ren)", "\n".join(child_line(c) for c in children(facts)) or EMPTY),
    ]
    if chosen or facts.disclosing:
        relation = _choice(S5, "recipient.relationship", chosen.get("relationship"))
        rows.append(("Disclosure recipient", f"{recipient_name(facts) or EMPTY} ({relation})"))
    return [*section_heading("Parties"), kv_table(rows)]


def _forum(case: DocumentCase) -> str:
    """Where the decision was made; a no-concerns case has no forum (Appendix A, ¶5.6.1)."""
    facts = case.facts
    forum, date = facts.get(S5, "forum"), facts.get(S5, "forum_date")
    if not filled(forum) and facts.categorisation == "no_concerns":
        return "No forum: decided by the police with a supervisor's sign-off (¶5.6.1)"
    if not filled(forum):
        return EMPTY
    return _choice(S5, "forum", forum) + (f", {fmt_date(date)}" if filled(date) else "")


def _findings(case: DocumentCase) -> list[Flowable]:
    facts = case.facts
    grounds = form_for(S4).field("concern_grounds")
    rows: list[tuple[Cell, Cell]] = [
        ("Grounds for concern", value_text(grounds, facts.get(S4, "concern_grounds") or [])),
        ("Rationale", str(facts.get(S4, "rationale") or EMPTY)),
        ("Forum", _forum(case)),
        ("Decision", _choice(S5, "decision", facts.decision)),
        ("Rationale for the decision", str(facts.get(S5, "decision_rationale") or EMPTY)),
        ("Supervisor sign-off", signoff_text(case)),
    ]
    if facts.disclosing:
        rows.append(("What was to be disclosed", str(facts.get(S5, "disclosure_extent") or EMPTY)))
    out = [*section_heading("Findings and decision"), kv_table(rows)]
    convictions = [c for c in facts.get(S4, "convictions") or [] if isinstance(c, dict)]
    if convictions:
        disposal = form_for(S4).field("convictions.disposal")
        out += [Spacer(1, 2 * mm), p("Child sexual offence convictions (Schedule 34A)", "h3"),
                grid_table(["Offence", "Date", "Court", "Type"], [
                    [describe(str(c.get("offence_code") or "")), fmt_date(c.get("date") or ""),
                     str(c.get("court") or EMPTY), value_text(disposal, c.get("disposal"))]
                    for c in convictions], [90 * mm, 25 * mm, 30 * mm, 25 * mm])]
    return out


def _key_dates(case: DocumentCase) -> list[Flowable]:
    facts = case.facts
    outcome = facts.get(S6, "disclosed_at") or facts.get(S6, "conveyed_on")
    dates: list[tuple[str, str]] = [
        ("First contact", fmt_datetime(case.contact_at)),
        ("Face-to-face meeting", fmt_datetime(facts.get(S2, "meeting_at") or "")),
        ("Information pack given", fmt_date(facts.get(S3, "pack_given_on") or "")),
        ("Decision forum", fmt_date(facts.get(S5, "forum_date") or "")),
        ("Outcome given", fmt_datetime(outcome) if "T" in str(outcome or "")
         else fmt_date(outcome or "")),
        ("Closed", fmt_date(facts.get(S7, "closed_on") or "")),
        ("Intelligence report submitted", fmt_date(facts.get(S7, "intel_report_date") or "")),
    ]
    rows: list[tuple[Cell, Cell]] = [(label, value or EMPTY) for label, value in dates]
    return [*section_heading("Key dates"), kv_table(rows)]


def _deadlines(case: DocumentCase) -> list[Flowable]:
    out = section_heading("Timescales")
    if not case.deadlines:
        return [*out, p("No timescales were supplied with this report.", "small")]
    rows: list[list[Cell]] = []
    for d in case.deadlines:
        done = fmt_datetime(d.completed_at) if d.completed_at else EMPTY
        due = fmt_datetime(d.due) + (" (extended)" if d.extended else "")
        label = policy_label(d.kind, case.policy)
        rows.append([f"{label} ({d.kind.paragraph})", due, done, d.state.label])
    widths = [70 * mm, 36 * mm, 36 * mm, 28 * mm]
    return [*out, grid_table(["Timescale", "Due", "Completed", "Result"], rows, widths)]


def _referrals(case: DocumentCase) -> list[Flowable]:
    """Safeguarding referrals sent, with their outcomes (¶3.6, 5.6.11, 6.3)."""
    out = section_heading("Safeguarding referrals")
    if not case.referrals:
        return [*out, p("No safeguarding referrals were recorded on this case.", "small")]
    today = case.produced_at.astimezone(LONDON).date()
    rows: list[list[Cell]] = []
    for r in case.referrals:
        chase = fmt_date(r.chase_by.isoformat()) if r.chase_by else EMPTY
        if r.chased_late(today):
            chase += " (late)"
        outcome = (f"{fmt_date(r.outcome_on.isoformat())}: {r.outcome}" if r.outcome_on
                   else "Awaited")
        rows.append([r.agency_label, fmt_date(r.sent_on.isoformat()), r.reference or EMPTY,
                     chase, outcome])
    widths = [42 * mm, 24 * mm, 26 * mm, 26 * mm, 52 * mm]
    return [*out, grid_table(["Agency", "Sent", "Their reference", "Chase by", "Outcome"],
                             rows, widths)]


LATE_STATES = (DeadlineState.MISSED, DeadlineState.OVERDUE)


def timescale_explanations(case: DocumentCase) -> list[str]:
    """For each late timescale, the attempts made for it ("Face-to-face meeting within
    10 days: 3 attempts to arrange the interview between 02/12 and 06/12")."""
    out = []
    for d in case.deadlines:
        phrase = attempts_phrase(case.contacts, d) if d.state in LATE_STATES else ""
        if phrase:
            out.append(f"{policy_label(d.kind, case.policy)} ({d.state.label.lower()}): "
                       f"{phrase}.")
    return out


def _contact_log(case: DocumentCase) -> list[Flowable]:
    """Every attempt to reach the applicant, recipient, subject or an agency."""
    out = section_heading("Contact log")
    if not case.contacts:
        return [*out, p("No contact attempts were logged on this case.", "small")]
    rows: list[list[Cell]] = []
    for c in case.contacts:
        outcome = f"{c.outcome_label}\n{c.note}" if c.note else c.outcome_label
        rows.append([fmt_datetime(c.at), c.method_label, c.party_label,
                     c.purpose_label, outcome])
    widths = [28 * mm, 25 * mm, 30 * mm, 37 * mm, 50 * mm]
    out.append(grid_table(["When", "How", "With whom", "For", "Outcome and note"], rows,
                          widths))
    explained = timescale_explanations(case)
    if explained:
        out += [p("Attempts toward late timescales:", "label"), *(p(e) for e in explained)]
    return out


def intelligence_summary(case: DocumentCase) -> str:
    """The summary for the force intelligence system (¶6.1): the one recorded at closure,
    else the same text the closure stage generates (one generator: app.domain.summary)."""
    recorded = case.facts.get(S7, "summary")
    if filled(recorded):
        return str(recorded)
    stored = case.facts.get(S7, "route") or case.facts.route
    route = Route(stored) if stored in set(Route) else None
    return closure_summary(case.reference, case.contact_at, case.facts, route)


def build_closure_report(case: DocumentCase) -> bytes:
    facts = case.facts
    story: list[Flowable] = [
        *title_block(DocumentKind.CLOSURE_REPORT.title,
                     "Child Sex Offender Disclosure Scheme — final intelligence report of "
                     "the request, outcome and all parties (¶6.1)"),
        *section_heading("Summary for the intelligence system"),
        p(intelligence_summary(case), "quote"),
        *section_heading("The case"),
        kv_table(_case_rows(case)),
        *_parties(case),
        *_findings(case),
        *stage_sections(case, S4, ("MAPPA",), "MAPPA (¶5.6.12)"),
        *stage_sections(case, S5, ("Forum", "Three-part test", "Decision", "Disclosure plan"),
                        "The decision in detail (stage 5)"),
        *outcome_record(case),
        *risk_records(case),
        *_key_dates(case),
        *_deadlines(case),
        *_referrals(case),
        *_contact_log(case),
    ]
    notes = facts.get(S7, "closure_notes")
    if filled(notes):
        story += [*section_heading("Closure notes", 3), p(notes)]
    story.append(p(f"Report prepared by {case.produced_by}.", "small"))
    info = PageInfo(
        title=DocumentKind.CLOSURE_REPORT.title,
        reference=case.reference,
        organisation=organisation(case.letterhead),
        produced_at=case.produced_at,
    )
    return render(story, info)
