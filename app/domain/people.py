"""The people named in a case, for the search index and repeat-subject matching."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import jellyfish

from app.domain.case_facts import CaseFacts
from app.domain.enums import Stage
from app.domain.matching import SubjectIdentity, normalise_text


@dataclass(frozen=True)
class NamedPerson:
    role: str  # applicant | subject | alias | child | parent | recipient
    surname: str
    forenames: str
    dob: str | None

    @property
    def name_norm(self) -> str:
        return normalise_text(f"{self.forenames} {self.surname}")

    @property
    def phonetic(self) -> str:
        surname = normalise_text(self.surname)
        return jellyfish.metaphone(surname) if surname.isascii() and surname else surname


def _split(full: str) -> tuple[str, str]:
    parts = full.strip().split()
    if not parts:
        return "", ""
    return parts[-1], " ".join(parts[:-1])


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def named_people(facts: CaseFacts) -> Iterator[NamedPerson]:
    applicant = facts.latest("applicant") or {}
    if isinstance(applicant, dict) and _text(applicant.get("surname")):
        yield NamedPerson(
            "applicant",
            _text(applicant.get("surname")),
            _text(applicant.get("forenames")),
            applicant.get("dob") or None,
        )
    subject = facts.latest("subject") or {}
    if isinstance(subject, dict):
        if _text(subject.get("surname")):
            yield NamedPerson(
                "subject",
                _text(subject.get("surname")),
                _text(subject.get("forenames")),
                subject.get("dob") or None,
            )
        for alias in subject.get("aliases") or []:
            surname, forenames = _split(_text((alias or {}).get("name")))
            if surname:
                yield NamedPerson("alias", surname, forenames, None)
    for child in facts.latest("children") or []:
        surname, forenames = _split(_text((child or {}).get("name")))
        if surname:
            yield NamedPerson("child", surname, forenames, (child or {}).get("dob") or None)
    for parent in facts.get(Stage.INITIAL_CONTACT, "parents") or []:
        surname, forenames = _split(_text((parent or {}).get("name")))
        if surname:
            yield NamedPerson("parent", surname, forenames, (parent or {}).get("dob") or None)
    recipient = facts.get(Stage.DECISION, "recipient") or {}
    if isinstance(recipient, dict):
        surname, forenames = _split(_text(recipient.get("name")))
        if surname:
            yield NamedPerson("recipient", surname, forenames, None)


def _parse_date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def subject_identity(
    case_id: int, facts: CaseFacts, contact_at: datetime
) -> SubjectIdentity | None:
    """The subject as matching needs them, or None when not named (description only)."""
    subject = facts.latest("subject") or {}
    if not isinstance(subject, dict) or not _text(subject.get("surname")):
        return None
    dob = _parse_date(subject.get("dob"))
    birth_year = None
    age = subject.get("age")
    if dob is None and isinstance(age, str) and age.strip().isdigit():
        birth_year = contact_at.year - int(age.strip())
    elif dob is None and isinstance(age, int):
        birth_year = contact_at.year - age
    aliases = tuple(
        _text((a or {}).get("name"))
        for a in subject.get("aliases") or []
        if _text((a or {}).get("name"))
    )
    addresses = [_text(subject.get("address"))] + [
        _text((p or {}).get("address")) for p in subject.get("previous_addresses") or []
    ]
    return SubjectIdentity(
        case_id=case_id,
        surname=_text(subject.get("surname")),
        forenames=_text(subject.get("forenames")),
        dob=dob,
        birth_year=birth_year,
        aliases=aliases,
        addresses=tuple(a for a in addresses if a),
    )
