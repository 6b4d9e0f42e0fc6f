"""Writing one demo case's service steps from its timed milestones.

``write_steps`` follows a case from first contact to where it ends: enquiries
that are not applications close at initial contact; applications go through
each stage in turn and stop at the first milestone the plan did not reach,
leaving a draft where an officer would have one. The random draws happen in a
fixed order, so the same seed always writes the same steps.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from app.clock import to_iso
from app.demo import forms
from app.demo.kinds import (
    Action,
    AddExtension,
    Assign,
    CaseKind,
    CaseRun,
    CloseEarly,
    CompleteClosure,
    CompleteStage,
    Milestone,
    OpenCase,
    Outcome,
    RecordRisk,
    SaveDraft,
    SignOff,
    Step,
    Twist,
)
from app.demo.texts import (
    EXTENSION_REASONS,
    INTELLIGENCE_REASONS,
    NO_CHILD_REASON,
    REDIRECT_REASONS,
    RETURN_COMMENTS,
    RISK_SEEN,
    WITHDRAWN_REASONS,
)
from app.domain.enums import Route, Stage

K, M = CaseKind, Milestone
Milestones = dict[Milestone, timedelta]
_STOPS_AT_CONTACT = (K.INTELLIGENCE_NO_CHILD, K.WITHDRAWN_AT_CONTACT, K.OPEN_INITIAL_CONTACT)
# (milestone, deadline extended, extra days)
_EXTENSIONS = ((M.EXTEND_FACE_TO_FACE, "face_to_face_10d", "7"),
               (M.EXTEND_CLOSURE, "closure_45d", "21"))


class Actor(Protocol):
    @property
    def username(self) -> str: ...

    @property
    def display_name(self) -> str: ...


@dataclass(frozen=True)
class Cast:
    """Who works a case: the officer who took the call, the one assigned, the supervisor."""

    opener: Actor
    worker: Actor
    boss: Actor

    @classmethod
    def choose(cls, rng: random.Random, officers: list[Actor],
               supervisors: list[Actor]) -> Cast:
        opener = rng.choice(officers)
        worker = opener if rng.random() < 0.6 else rng.choice(officers)
        return cls(opener, worker, rng.choice(supervisors))


@dataclass
class Script:
    """One case being written: its plan, and the steps written so far."""

    run: CaseRun
    story: forms.Story
    m: Milestones
    outcome: Outcome
    twists: Twist
    cast: Cast
    rng: random.Random
    stage_values: dict[Stage, dict[str, Any]] = field(default_factory=dict)

    def at(self, *keys: Milestone) -> datetime:
        """The instant of the first of ``keys`` the plan has."""
        return self.run.contact + next(self.m[k] for k in keys if k in self.m)

    def add(self, offset: timedelta, action: Action, user: Actor | None = None) -> None:
        who = (user or self.cast.worker).username
        self.run.steps.append(Step(self.run.contact + offset, who, action))

    def reached(self, milestone: Milestone) -> bool:
        return milestone in self.m

    def draft(self, stage: Stage, values: dict[str, Any], user: Actor | None = None) -> None:
        self.add(self.m[M.DRAFT], SaveDraft(stage, values), user)

    def complete(self, milestone: Milestone, stage: Stage, values: dict[str, Any],
                 user: Actor | None = None) -> None:
        self.stage_values[stage] = values
        self.add(self.m[milestone], CompleteStage(stage, values), user)

    def close(self, user: Actor | None = None) -> None:
        self.add(self.m[M.CLOSE], CompleteClosure(), user)


def write_steps(run: CaseRun, story: forms.Story, m: Milestones, outcome: Outcome,
                twists: Twist, cast: Cast, rng: random.Random) -> None:
    """Append every step of ``run``, in the order its random draws were planned."""
    s = Script(run, story, m, outcome, twists, cast, rng)
    s.add(timedelta(minutes=3), OpenCase(), cast.opener)
    if run.kind.redirected_to or run.kind is K.INTELLIGENCE_REQUEST:
        short_enquiry(s)
    elif run.kind in _STOPS_AT_CONTACT:
        stopped_at_contact(s)
    elif initial_contact(s):
        for step in (assignment, face_to_face, information_pack, risk_assessment, decision,
                     sign_off, outcome_stage):
            if not step(s):
                return


def short_enquiry(s: Script) -> None:
    """A request that is not an application: redirected, or intelligence, then closed."""
    request = s.run.kind.redirected_to or "intelligence"
    reason = REDIRECT_REASONS.get(request) or s.rng.choice(INTELLIGENCE_REASONS)
    story, opener = s.story, s.cast.opener
    values = forms.stage1_short(
        s.run.contact, opener.display_name, request, reason,
        story.applicant if request != "intelligence" else None,
        story.subject if request in ("dbs", "intelligence") else None)
    s.complete(M.INITIAL_CONTACT, Stage.INITIAL_CONTACT, values, opener)
    s.close(opener)


def _stage1(s: Script) -> dict[str, Any]:
    return forms.stage1(s.story, s.run.contact, s.at(M.INITIAL_CONTACT, M.DRAFT),
                        s.cast.opener.display_name)


def stopped_at_contact(s: Script) -> None:
    """No child (intelligence only), withdrawn at first contact, or still being taken."""
    kind, opener = s.run.kind, s.cast.opener
    s1 = _stage1(s)
    if kind is K.INTELLIGENCE_NO_CHILD:
        s1.update(children=[], parents=[], reason=NO_CHILD_REASON)
    else:
        s1 = {k: s1[k] for k in ("contact_at", "officer", "contact_method", "owning_force",
                                 "request_type", "applicant", "reason")}
    if kind is K.OPEN_INITIAL_CONTACT:
        s.draft(Stage.INITIAL_CONTACT, s1, opener)
        return
    s.add(s.m[M.INITIAL_CONTACT] * 0.3, SaveDraft(Stage.INITIAL_CONTACT, s1), opener)
    if kind is K.INTELLIGENCE_NO_CHILD:
        route, reason = Route.INTELLIGENCE_ONLY, NO_CHILD_REASON
    else:
        route, reason = Route.WITHDRAWN, s.rng.choice(WITHDRAWN_REASONS)
    s.add(s.m[M.INITIAL_CONTACT], CloseEarly(route, reason), opener)
    s.close(opener)


def initial_contact(s: Script) -> bool:
    """A full initial contact (anonymous intelligence closes here); False if the case ends."""
    opener, m = s.cast.opener, s.m
    s1 = _stage1(s)
    if s.run.kind is K.INTELLIGENCE_ANONYMOUS:
        for key in ("applicant", "safe_contact", "parents"):
            s1.pop(key)
        s1["applicant_anonymous"] = True
    if Twist.IMMEDIATE_RISK in s.twists:
        seen = s.rng.choice(RISK_SEEN)
        risk_at = max(m[M.INITIAL_CONTACT] / 2, timedelta(minutes=10))
        recorded = risk_record(seen, opener.display_name,
                               s.run.contact + risk_at - timedelta(minutes=5))
        s.add(risk_at, RecordRisk(recorded), opener)
    s.complete(M.INITIAL_CONTACT, Stage.INITIAL_CONTACT, s1, opener)
    if s.run.kind is K.INTELLIGENCE_ANONYMOUS:
        s.close(opener)
        return False
    return True


def assignment(s: Script) -> bool:
    """The supervisor assigns the case; the worker records any extension agreed."""
    s.add(s.m[M.ASSIGN], Assign(s.cast.worker.username), s.cast.boss)
    for milestone, deadline, days in _EXTENSIONS:
        if s.reached(milestone):
            s.add(s.m[milestone], AddExtension({
                "deadline": deadline, "extra_days": days, "reason": EXTENSION_REASONS[deadline],
                "applicant_informed_on": forms.local(s.at(milestone)).isoformat()}))
    return True


def face_to_face(s: Script) -> bool:
    if not s.reached(M.MEETING):
        s.draft(Stage.FACE_TO_FACE, {"meeting_place": "Booked: Harrowmere police station",
                                     "officer": s.cast.worker.display_name})
        return False
    verified = s.run.kind is not K.IDENTITY_NOT_VERIFIED
    s.complete(M.FACE_TO_FACE, Stage.FACE_TO_FACE, forms.stage2(
        s.story, s.at(M.MEETING), s.cast.worker.display_name, s.rng, verified))
    if not verified:
        s.close()
    return verified and s.reached(M.INFORMATION_PACK)


def information_pack(s: Script) -> bool:
    s.complete(M.INFORMATION_PACK, Stage.INFORMATION_PACK,
               forms.stage3(forms.local(s.at(M.MEETING)), s.rng))
    if s.run.kind is K.WITHDRAWN_LATER:
        s.add(s.m[M.WITHDRAW], CloseEarly(Route.WITHDRAWN, s.rng.choice(WITHDRAWN_REASONS)))
        s.close()
        return False
    return True


def risk_assessment(s: Script) -> bool:
    s4 = forms.stage4(s.story, s.outcome, forms.local(s.at(M.RISK_ASSESSMENT, M.DRAFT)),
                      s.cast.worker.display_name, s.rng)
    if not s.reached(M.RISK_ASSESSMENT):
        s.draft(Stage.RISK_ASSESSMENT, {k: s4[k] for k in ("officer", "check_pnc",
                                                           "check_local")})
        return False
    s.complete(M.RISK_ASSESSMENT, Stage.RISK_ASSESSMENT, s4)
    return True


def decision(s: Script) -> bool:
    mappa = bool(s.stage_values[Stage.RISK_ASSESSMENT]["mappa_managed"])
    s5 = forms.stage5(s.story, s.outcome, forms.local(s.at(M.DECISION, M.DRAFT)), mappa,
                      s.rng, s.cast.worker.display_name)
    if not s.reached(M.DECISION):
        s.draft(Stage.DECISION, {k: s5[k] for k in ("forum", "attendees", "decision") if k in s5})
        return False
    s.complete(M.DECISION, Stage.DECISION, s5)
    return s.reached(M.SIGNOFF)


def sign_off(s: Script) -> bool:
    """The supervisor approves the decision, or returns it (one open kind) with a comment."""
    approve = s.run.kind is not K.OPEN_DECISION_RETURNED
    comment = "" if approve else s.rng.choice(RETURN_COMMENTS)
    s.add(s.m[M.SIGNOFF], SignOff(approve, comment), s.cast.boss)
    return approve


def outcome_stage(s: Script) -> bool:
    recipient = str((s.stage_values[Stage.DECISION].get("recipient") or {}).get("name") or "")
    s6 = forms.stage6(s.story, s.outcome, s.at(M.OUTCOME, M.DRAFT, M.SIGNOFF),
                      s.cast.worker.display_name, recipient)
    if not s.reached(M.OUTCOME):
        if s.rng.random() < 0.5:
            s.draft(Stage.OUTCOME, {k: v for k, v in s6.items()
                                    if k in ("conveyed_by", "disclosed_place")})
        return False
    if Twist.UNDERTAKING_REFUSED in s.twists:
        s6 = forms.stage6_not_made(s6)
    s.complete(M.OUTCOME, Stage.OUTCOME, s6)
    s.close()
    return True


def risk_record(seen: str, by: str, at: datetime) -> dict[str, Any]:
    return {"what_seen": seen, "action_taken": ["safeguarding_referral", "s47_enquiry",
                                                "duty_supervisor_told"],
            "action_by": by, "action_at": to_iso(at)}
