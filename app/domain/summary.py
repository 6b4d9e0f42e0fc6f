"""The final intelligence summary written at closure (¶6.1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.domain.case_facts import CaseFacts
from app.domain.enums import Route, Stage
from app.domain.forms import form_for
from app.domain.timescales import LONDON

_REQUESTS = {
    "csods": "Child Sex Offender Disclosure Scheme application",
    "dbs": "Criminal record (DBS) check — redirected",
    "subject_access": "Subject access request — redirected",
    "foi": "Freedom of Information request — redirected",
    "vetting_barring": "Vetting and barring enquiry — redirected",
    "intelligence": "Information given (intelligence only)",
}


def _person(block: Any) -> str:
    if not isinstance(block, dict):
        return "not recorded"
    name = " ".join(str(block.get(k) or "").strip() for k in ("forenames", "surname")).strip()
    name = name or str(block.get("description") or "").strip() or "not named"
    extras = []
    if block.get("dob"):
        extras.append(f"born {block['dob']}")
    elif block.get("age"):
        extras.append(f"aged about {block['age']}")
    if block.get("address"):
        extras.append(str(block["address"]).replace("\n", ", "))
    return name + (f" ({'; '.join(extras)})" if extras else "")


def _words(stage: Stage, field_id: str, value: Any, missing: str) -> str:
    """The label the officer chose from, not the stored code (e.g. "case_conference")."""
    if value in (None, "", []):
        return missing
    return form_for(stage).field(field_id).choice_label(str(value))


def _when(value: Any) -> str:
    """A stored UTC instant in UK time, as people read it."""
    try:
        return f"{datetime.fromisoformat(str(value)).astimezone(LONDON):%d %b %Y %H:%M}"
    except ValueError:
        return str(value or "time not recorded")


def not_made_reason(facts: CaseFacts) -> str:
    """Why a decided disclosure was not made, in words (¶5.6.21)."""
    reason = facts.get(Stage.OUTCOME, "not_made_reason")
    if reason in (None, ""):  # recorded before the question was asked: refused undertaking
        reason = "undertaking_refused"
    words = _words(Stage.OUTCOME, "not_made_reason", reason, "reason not recorded")
    details = str(facts.get(Stage.OUTCOME, "not_made_details") or facts.get(
        Stage.OUTCOME, "refusal_decision_reasons") or "").strip()
    return words.lower() if not details else f"{words.lower()} ({details})"


def _opening_lines(contact_at: datetime, facts: CaseFacts) -> list[str]:
    """How the case began: an applicant's contact, or the police's own initiative."""
    started = f"{contact_at.astimezone(LONDON):%d %b %Y %H:%M}"
    if facts.right_to_know:  # no applicant, no request (¶5, 2.6)
        trigger = _words(Stage.RISK_ASSESSMENT, "rtk_trigger",
                         facts.get(Stage.RISK_ASSESSMENT, "rtk_trigger"), "trigger not recorded")
        return [f"Police began considering disclosure: {started} ({trigger})",
                "Request: none — police-initiated disclosure (right to know)"]
    s1 = facts.values.get(Stage.INITIAL_CONTACT, {})
    method = s1.get("contact_method")
    # The words the officer chose from, not the stored code ("incident_call").
    method_words = (form_for(Stage.INITIAL_CONTACT).field("contact_method")
                    .choice_label(str(method)) if method else "method not recorded")
    return [f"First contact: {started} ({method_words})",
            f"Request: {_REQUESTS.get(str(s1.get('request_type')), 'not recorded')}"]


def closure_summary(reference: str, contact_at: datetime, facts: CaseFacts,
                    route: Route | None) -> str:
    """Plain text ready to enter on the force intelligence system."""
    s1 = facts.values.get(Stage.INITIAL_CONTACT, {})
    lines = [
        f"CSODS case {reference}",
        *_opening_lines(contact_at, facts),
        f"Route at closure: {route.label if route else 'not decided'}",
        "",
        "Parties",
    ]
    if not facts.right_to_know:  # a police-initiated case has no applicant to name
        lines.append("  Applicant: anonymous" if s1.get("applicant_anonymous")
                     else f"  Applicant: {_person(facts.latest('applicant'))}")
    subject = facts.latest("subject")
    lines.append(f"  Subject: {_person(subject)}")
    if isinstance(subject, dict):
        aliases = [str(a.get("name")) for a in subject.get("aliases") or [] if a.get("name")]
        if aliases:
            lines.append(f"    also known as: {', '.join(aliases)}")
    for i, child in enumerate(facts.latest("children") or [], start=1):
        if isinstance(child, dict):
            name = str(child.get("name") or "not named")
            age = f"born {child['dob']}" if child.get("dob") else (
                f"aged {child['age']}" if child.get("age") else "age not recorded")
            lines.append(f"  Child {i}: {name} ({age})")
    recipient = facts.get(Stage.DECISION, "recipient")
    if facts.disclosing and isinstance(recipient, dict):
        label = ("Intended disclosure recipient" if facts.disclosure_not_made
                 else "Disclosure recipient")
        lines.append(f"  {label}: {recipient.get('name')} "
                     f"({recipient.get('relationship')})")
    lines += ["", "Outcome"]
    outcome_starts = len(lines)
    if facts.categorisation:
        lines.append(f"  Risk assessment: {facts.categorisation.replace('_', ' ')}")
        convictions = facts.get(Stage.RISK_ASSESSMENT, "convictions") or []
        if convictions:
            from app.domain.offences import describe

            for c in convictions:
                if isinstance(c, dict) and c.get("offence_code"):
                    lines.append(f"    {describe(str(c['offence_code']))} "
                                 f"({c.get('disposal') or 'disposal not recorded'}, "
                                 f"{c.get('date') or 'date not recorded'})")
    if facts.decision:
        forum = _words(Stage.DECISION, "forum", facts.get(Stage.DECISION, "forum"),
                       "forum not recorded")
        lines.append(f"  Decision: {facts.decision.replace('_', ' ')} ({forum}, "
                     f"{facts.get(Stage.DECISION, 'forum_date') or 'date not recorded'})")
    if facts.is_complete(Stage.OUTCOME):
        if facts.disclosure_not_made:
            lines.append(f"  Disclosure NOT made: {not_made_reason(facts)}")
        elif facts.disclosing:
            lines.append(f"  Disclosed on {_when(facts.get(Stage.OUTCOME, 'disclosed_at'))} at "
                         f"{facts.get(Stage.OUTCOME, 'disclosed_place')}")
        else:
            by = _words(Stage.OUTCOME, "conveyed_by", facts.get(Stage.OUTCOME, "conveyed_by"),
                        "a way not recorded")
            lines.append(f"  Outcome given by {by.lower()} on "
                         f"{facts.get(Stage.OUTCOME, 'conveyed_on')}")
    if len(lines) == outcome_starts:  # closed early: no assessment, decision or outcome
        lines.append("  No decision recorded.")
    if facts.right_to_know:
        heading = "Why the police considered disclosure"
        reason = str(facts.get(Stage.RISK_ASSESSMENT, "rtk_reason") or "").strip()
    else:
        heading, reason = "Reason for the enquiry", str(s1.get("reason") or "").strip()
    if reason:
        lines += ["", heading, "  " + reason.replace("\n", "\n  ")]
    return "\n".join(lines)
