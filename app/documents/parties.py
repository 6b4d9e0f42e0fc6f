"""Plain-text descriptions of the people and choices of a case, for documents."""

from __future__ import annotations

from typing import Any

from app.documents.blocks import fmt_date, person_name
from app.documents.model import Letterhead
from app.domain.case_facts import CaseFacts
from app.domain.enums import Stage
from app.domain.forms import form_for


def organisation(letterhead: Letterhead) -> str:
    parts = [letterhead.force_name.strip(), letterhead.unit_name.strip()]
    return " — ".join(part for part in parts if part)


def choice_label(stage: Stage, path: str, value: object) -> str:
    """The label of a stored choice value ("parent" → "Parent"); unknown values as-is."""
    if value in (None, ""):
        return ""
    try:
        return form_for(stage).field(path).choice_label(str(value))
    except KeyError:
        return str(value)


def _records(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []


def children(facts: CaseFacts) -> list[dict[str, Any]]:
    return _records(facts.latest("children"))


def child_line(child: dict[str, Any]) -> str:
    """"Amara Okafor (born 1 September 2017)"."""
    name = str(child.get("name") or "").strip() or "Name not recorded"
    if child.get("dob"):
        return f"{name} (born {fmt_date(child['dob'])})"
    if child.get("age"):
        return f"{name} (age {child['age']})"
    return name


def children_names(facts: CaseFacts) -> str:
    names = [str(c.get("name") or "").strip() for c in children(facts)]
    names = [n for n in names if n]
    if not names:
        return "the child or children concerned"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def subject(facts: CaseFacts) -> dict[str, Any]:
    value = facts.latest("subject")
    return value if isinstance(value, dict) else {}


def subject_line(facts: CaseFacts) -> str:
    """Name (or description), aliases and date of birth of the subject."""
    record = subject(facts)
    name = person_name(record) or "Not known"
    aliases = [str(a.get("name") or "").strip() for a in _records(record.get("aliases"))]
    aliases = [a for a in aliases if a]
    if aliases:
        name += f" (also known as {', '.join(aliases)})"
    if record.get("dob"):
        name += f", born {fmt_date(record['dob'])}"
    elif record.get("age"):
        name += f", age {record['age']}"
    return name


def applicant(facts: CaseFacts) -> dict[str, Any]:
    value = facts.latest("applicant")
    return value if isinstance(value, dict) else {}


def recipient(facts: CaseFacts) -> dict[str, Any]:
    value = facts.get(Stage.DECISION, "recipient")
    return value if isinstance(value, dict) else {}


def recipient_name(facts: CaseFacts) -> str:
    recorded = str(facts.get(Stage.OUTCOME, "recipient_name") or "").strip()
    return recorded or str(recipient(facts).get("name") or "").strip()
