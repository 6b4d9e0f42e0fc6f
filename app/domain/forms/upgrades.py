"""Form upgraders: bring answers stored under an older ``FORM_VERSION`` up to date.

Every stage record is stored with the ``FORM_VERSION`` it was written under. When a
case is loaded (``app.services.case_file``), each older record's answers pass through
the registered upgraders in turn, version N → N+1, until they match today's forms;
the next save stores them under the current version. A record written by a *newer*
version of the application is refused (:class:`FormTooNew`), never guessed at.

How the next form change adds an upgrader
-----------------------------------------
1. Change the form (``stageN.py``) and raise ``FORM_VERSION`` in ``model.py`` by one,
   say from 1 to 2.
2. Here, write one pure function from the old answers to the new ones, registered
   with the version it upgrades *from*::

       @upgrader(1)
       def _v1_to_v2(stage: Stage, answers: Mapping[str, Any]) -> Answers:
           out = dict(answers)
           if stage is Stage.DECISION and "forum" in out:
               out["meeting"] = out.pop("forum")  # the field was renamed
           return out

   It gets every stage's answers (return the others unchanged), must not change its
   argument, and must not fail on any stored record (drafts may be incomplete or
   hold text that matches nothing).
3. In ``tests/unit/test_form_upgrades.py``, test it on a stored example: the answers
   as version 1 saved them, and what version 2 must read.

``test_form_upgrades`` fails until every version from 1 to ``FORM_VERSION - 1`` has an
upgrader. Immediate-risk and extension records carry no form version: changing those
forms needs a migration adding one first.

Version 1 → 2 (issue 11, scheme fidelity): every new field is optional for old answers,
which load unchanged and show new questions as unanswered. Only stage 6 gains an answer
derived from the old ones: whether the disclosure was made (¶5.6.21). A record of a
refused undertaking where the police did not go ahead is a disclosure *not* made.

Version 2 → 3 (issue 11 item 14, 2023 practice): stage 2 asks how the interview was held
(face to face is the rule; telephone or video with a recorded reason), stage 1 offers an
online application form, stage 4 holds a police-initiated ("right to know") case's
opening. Every other answer passes through unchanged; a stage 2 record made under
version 2 was an in-person meeting (that form asked when the applicant "was seen in
person"), so it reads as face to face.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.domain.enums import Stage
from app.domain.forms import model

Answers = dict[str, Any]
Upgrader = Callable[[Stage, Mapping[str, Any]], Answers]

#: From-version → the function that upgrades answers from that version to the next.
UPGRADERS: dict[int, Upgrader] = {}


class FormTooNew(ValueError):
    """The record was written under a form version this application does not know."""

    def __init__(self, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(f"form version {found}; this version understands up to {supported}")


def upgrader(from_version: int) -> Callable[[Upgrader], Upgrader]:
    """Register the function that upgrades answers from ``from_version`` to the next."""

    def register(function: Upgrader) -> Upgrader:
        if from_version < 1:
            raise ValueError(f"form versions start at 1, not {from_version}")
        if from_version in UPGRADERS:
            raise ValueError(f"an upgrader from form version {from_version} already exists")
        UPGRADERS[from_version] = function
        return function

    return register


def current_version() -> int:
    """Today's ``FORM_VERSION`` (read at call time)."""
    return model.FORM_VERSION


def missing_upgraders() -> list[int]:
    """Versions below the current one with no upgrader (empty when the chain is whole)."""
    return [v for v in range(1, current_version()) if v not in UPGRADERS]


def upgrade_answers(stage: Stage, version: int, answers: Mapping[str, Any]) -> Answers:
    """``answers`` stored under form ``version``, as today's form reads them.

    Raises :class:`FormTooNew` for a version newer than the code's, ``ValueError`` for
    a version below 1 or a missing upgrader (a programming error: see the module help).
    """
    current = current_version()
    if version > current:
        raise FormTooNew(version, current)
    if version < 1:
        raise ValueError(f"form version {version} is not valid")
    out = dict(answers)
    for step in range(version, current):
        function = UPGRADERS.get(step)
        if function is None:
            raise ValueError(f"no upgrader from form version {step} to {step + 1}")
        out = function(Stage(stage), out)
    return out


#: Stage 6 answers that only a disclosure record holds (v1).
_DISCLOSURE_KEYS = ("disclosed_at", "verbatim", "undertaking_signed", "recipient_name")


@upgrader(1)
def upgrade_v1_to_v2(stage: Stage | int, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The version 2 answers for a stage recorded with form version 1 (never mutates)."""
    upgraded = dict(answers)
    if Stage(stage) is not Stage.OUTCOME or "disclosure_made" in upgraded:
        return upgraded
    if not any(key in upgraded for key in _DISCLOSURE_KEYS):
        return upgraded  # a non-disclosure outcome, or nothing recorded yet
    if upgraded.get("undertaking_signed") is False and upgraded.get(
            "proceed_despite_refusal") is False:
        upgraded["disclosure_made"] = False
        upgraded["not_made_reason"] = "undertaking_refused"
        reasons = str(upgraded.get("refusal_decision_reasons") or "").strip()
        upgraded["not_made_details"] = reasons or (
            "The recipient refused to sign the undertaking and the police did not go ahead "
            "(recorded before version 2 of the form).")
    elif upgraded.get("verbatim") not in (None, "") or upgraded.get(
            "proceed_despite_refusal") is True or upgraded.get("undertaking_signed") is True:
        upgraded["disclosure_made"] = True
    return upgraded


#: Stage 2 answers that show a meeting was recorded (v2).
_MEETING_KEYS = ("meeting_at", "meeting_place")


@upgrader(2)
def upgrade_v2_to_v3(stage: Stage | int, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The version 3 answers for a stage recorded with form version 2 (never mutates)."""
    upgraded = dict(answers)
    if Stage(stage) is not Stage.FACE_TO_FACE or "interview_mode" in upgraded:
        return upgraded
    if any(upgraded.get(key) not in (None, "") for key in _MEETING_KEYS):
        upgraded["interview_mode"] = "face_to_face"
    return upgraded
