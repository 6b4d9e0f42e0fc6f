"""Planning the demo unit's cases: what happens to each case, and when.

``kinds`` decides the mix (guidance ¶1.3: of 12 enquiries about 5 end at
initial contact, 7 become applications and 1 a disclosure; recent cases stay
open at every stage); ``flags`` picks the late, extended, immediate-risk and
repeat-subject cases; ``Planner.plan`` turns each into timed service steps
(``Op``), all before the real now. ``app.services.demo`` runs them.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any, Protocol

from app.clock import to_iso
from app.domain.enums import Route, Stage
from app.domain.timescales import LONDON
from app.services import demo_forms as forms
from app.services.demo_people import REPEAT_SUBJECTS, People

_RETURN_COMMENTS = (
    "Please record who attended from children's social care and the reasons for not "
    "telling the subject.",
    "The rationale does not address the subject's new address. Add it and resubmit.",
)
EXTENSION_REASONS = {
    "face_to_face_10d": "The applicant is abroad caring for a relative until the 20th and "
    "cannot attend before then.",
    "closure_45d": "Awaiting the result of an enquiry with a force overseas about the "
    "subject's time living abroad.",
    "risk_assessment_10d": "Children's social care have not yet replied to our request.",
}
WITHDRAWN_REASONS = (
    "The applicant rang to say they no longer wish to go ahead; the relationship has "
    "ended. Safeguarding advice given by phone.",
    "Applicant withdrew: the subject has moved out of the area and they do not want "
    "to continue.",
    "Applicant did not attend two appointments and has now said by text that they wish to "
    "withdraw.",
    "Applicant decided to talk to children's social care directly instead and withdrew "
    "the application.",
)
REDIRECT_REASONS = {
    "dbs": "Wants a criminal record check on a man they are about to employ as a nanny.",
    "subject_access": "Asked what information the police hold about them.",
    "foi": "Asked how many disclosures the force made last year.",
    "vetting_barring": "A youth club organiser asked whether a new volunteer is barred.",
}
INTELLIGENCE_REASONS = (
    "Caller wished to report that a man at a caravan park is taking photographs of children "
    "at the play area.",
    "A shop keeper reported a man who regularly waits outside the primary school and talks "
    "to pupils.",
    "A member of the public passed on concerns about a relative's new boyfriend but does "
    "not want to apply.",
)
NO_CHILD_REASON = (
    "The caller is worried about a new partner's past but has no children and no "
    "contact with any child. Recorded as intelligence; no application possible.")
RISK_SEEN = (
    "The child told the applicant during the call that the subject had touched them; the "
    "child is at home with him now.",
    "Applicant reports the subject has taken the child away overnight without permission.",
    "Subject is due to babysit the children alone tonight.",
)

EARLY = ("redirect:dbs", "intel:request", "withdrawn:1", "intel:anonymous",
         "redirect:subject_access", "intel:nochild", "redirect:foi", "redirect:vetting_barring")
_EARLY_WEIGHTS = (30, 15, 15, 10, 10, 10, 5, 5)
OPEN_CYCLE = ("open:2", "open:3", "open:4", "open:5a", "open:5r", "open:6", "open:2", "open:4",
              "open:6", "open:5a", "open:2", "open:3", "open:5d", "open:4", "open:6")
# Age of the case (days since first contact) when the demo is made, by kind, in turn.
_AGES = {"open:1": (0.83, 0.1, 3.2), "open:2": (13, 3, 9.2, 5), "open:3": (12, 7.5, 9.5),
         "open:4": (16, 24, 29), "open:5a": (31, 37), "open:5r": (34,), "open:5d": (39,),
         "open:6": (39, 44, 49)}
# The last milestone done before the case stopped, by open kind.
_LAST = {"open:2": "assign", "open:3": "s2", "open:4": "s3", "open:5a": "s5",
         "open:5r": "signoff", "open:5d": "s4", "open:6": "signoff"}


@dataclass(frozen=True)
class Op:
    at: datetime
    user: str
    action: str  # open draft complete closure close_early risk extend assign signoff
    stage: Stage | None = None
    values: dict[str, Any] = field(default_factory=dict)
    text: str = ""


@dataclass
class CaseRun:
    index: int
    kind: str
    contact: datetime
    ops: list[Op] = field(default_factory=list)
    ref: str = ""


class Actor(Protocol):
    @property
    def username(self) -> str: ...

    @property
    def display_name(self) -> str: ...


class Planner:
    """Decides what happens to each case, and when (all before ``now``)."""

    def __init__(self, rng: random.Random, now: datetime, officers: list[Actor],
                 supervisors: list[Actor]) -> None:
        self.rng, self.now, self.people = rng, now, People(rng)
        self.officers, self.supervisors = officers, supervisors
        self._turn: Counter[str] = Counter()

    def kinds(self, n: int) -> list[str]:
        open1 = max(1, round(n / 60))
        early = round(n * 5 / 12)
        apps = n - early - open1
        open_apps = max(6, round(apps * 0.25))
        closed = apps - open_apps
        disclosed = max(1, round(n / 12))
        few = max(1, round(closed * 0.06))
        not_disclosed = max(1, round(closed * 0.2))
        no_concerns = closed - disclosed - 2 * few - not_disclosed
        extra = self.rng.choices(EARLY, weights=_EARLY_WEIGHTS, k=max(0, early - len(EARLY)))
        kinds = (list(EARLY[:early]) + extra + ["open:1"] * open1
                 + [OPEN_CYCLE[i % len(OPEN_CYCLE)] for i in range(open_apps)]
                 + ["disclosed"] * disclosed + ["identity_not_verified"] * few
                 + ["withdrawn:later"] * few + ["not_disclosed"] * not_disclosed
                 + ["no_concerns"] * no_concerns)
        self.rng.shuffle(kinds)
        return kinds

    def _h(self, lo: float, hi: float) -> timedelta:
        return timedelta(hours=self.rng.uniform(lo, hi))

    def _d(self, lo: float, hi: float) -> timedelta:
        return timedelta(days=self.rng.uniform(lo, hi))

    def milestones(self, kind: str, flags: set[str]) -> dict[str, timedelta]:
        m = {"s1": self._h(25, 40) if "late_s1" in flags else self._h(0.5, 16)}
        m["assign"] = m["s1"] + self._h(0.2, 3)
        if kind.startswith(("redirect", "intel", "withdrawn:1")):
            m["close"] = m["s1"] + self._h(3, 96)
            return m
        if "ext_f2f" in flags:
            m["ext_f2f"], m["f2f"] = self._d(3, 6), self._d(11, 15.5)
        else:
            m["f2f"] = self._d(10.4, 13) if "late_f2f" in flags else self._d(1.5, 8.5)
        m["f2f"] = max(m["f2f"], m["assign"] + self._h(2, 5))
        m["s2"] = m["f2f"] + self._h(1, 3)
        if kind == "identity_not_verified":
            m["close"] = m["s2"] + self._d(1, 5)
            return m
        m["s3"] = m["s2"] + (self._h(0.2, 1) if self.rng.random() < 0.8 else self._d(1, 2.5))
        if kind == "withdrawn:later":
            m["withdraw"] = m["s3"] + self._d(1, 8)
            m["close"] = m["withdraw"] + self._h(1, 48)
            return m
        m["s4"] = max(m["s3"] + self._d(2, 4), self._d(13, 24))
        m["s5"] = m["s4"] + self._d(3, 12)
        m["signoff"] = m["s5"] + self._h(3, 48)
        m["s6"] = m["signoff"] + self._d(1, 6)
        m["close"] = m["s6"] + self._d(1, 4) + (self._d(6, 12) if "late_close" in flags
                                                 else timedelta())
        if "ext_close" in flags:
            m["ext_close"] = self._d(36, 41)
            m["close"] = max(m["close"], self._d(46, 55))
        return m

    def _office_hours(self, contact: datetime, m: dict[str, timedelta]) -> dict[str, timedelta]:
        """Move planned work after stage 1 into the working day, keeping its order."""
        out: dict[str, timedelta] = {}
        previous = timedelta()
        for key, offset in sorted(m.items(), key=lambda item: item[1]):
            local = (contact + offset).astimezone(LONDON)
            if key != "s1" and not 8 <= local.hour < 19:
                day = local.date() + timedelta(days=1 if local.hour >= 19 else 0)
                local = datetime.combine(day, time(self.rng.randint(8, 11),
                                                   self.rng.randint(0, 59)), LONDON)
            moved = max(local.astimezone(UTC) - contact, previous + timedelta(minutes=5))
            if contact + moved > self.now - timedelta(minutes=5):
                moved = max(offset, previous + timedelta(minutes=1))
            out[key] = previous = moved
        return out

    def plan(self, index: int, kind: str, flags: set[str],
             repeat: tuple[Any, tuple[str, str, str]] | None) -> CaseRun:
        rng = self.rng
        outcome = kind if kind in ("disclosed", "no_concerns", "not_disclosed") else (
            rng.choice(("no_concerns", "no_concerns", "not_disclosed", "disclosed")))
        m = self.milestones(kind if not kind.startswith("open") else outcome, flags)
        if kind.startswith("open"):
            age = timedelta(days=_AGES[kind][self._turn[kind] % len(_AGES[kind])])
            self._turn[kind] += 1
            last = m.get(_LAST.get(kind, ""), timedelta(minutes=10))
            if last > age - timedelta(hours=1):
                factor = (age - timedelta(hours=1)) / last
                m = {k: v * factor for k, v in m.items()}
            contact = self.now - age
            m = {k: v for k, v in m.items() if v <= m.get(_LAST.get(kind, ""), timedelta())}
            m["draft"] = (max(m.values(), default=timedelta()) + age) / 2
        else:
            span = max(m.values()) + timedelta(days=2)
            earliest = timedelta(days=182)
            contact = self.now - span - (earliest - span) * rng.random()
            local = contact.astimezone(LONDON)
            if not 8 <= local.hour < 21:  # most people get in touch by day
                contact = local.replace(hour=rng.randint(8, 20)).astimezone(UTC)
        contact = contact.replace(microsecond=0)
        m = self._office_hours(contact, m)
        run = CaseRun(index, kind, contact)
        story = forms.make_story(self.people, rng, forms.local(contact))
        story.immediate_risk = "risk" in flags
        if repeat is not None:
            base, (fore, sur, alias) = repeat
            story.subject = replace(base, forenames=fore, surname=sur, other_names="")
            story.aliases = [alias] if alias else []
        self._ops(run, story, m, outcome, flags)
        return run

    def _ops(self, run: CaseRun, story: forms.Story, m: dict[str, timedelta], outcome: str,
             flags: set[str]) -> None:
        rng, kind, c = self.rng, run.kind, run.contact
        opener = rng.choice(self.officers)
        worker = opener if rng.random() < 0.6 else rng.choice(self.officers)
        boss = rng.choice(self.supervisors)
        ops = run.ops

        def add(at: timedelta, action: str, stage: Stage | None = None,
                values: dict[str, Any] | None = None, text: str = "",
                user: Actor | None = None) -> None:
            ops.append(Op(c + at, (user or worker).username, action, stage, values or {}, text))

        add(timedelta(minutes=3), "open", user=opener)
        s1_at = c + _first(m, "s1", "draft")
        if kind.startswith("redirect") or kind == "intel:request":
            request = kind.split(":")[1] if kind.startswith("redirect") else "intelligence"
            reason = REDIRECT_REASONS.get(request) or rng.choice(INTELLIGENCE_REASONS)
            values = forms.stage1_short(c, opener.display_name, request, reason,
                                        story.applicant if request != "intelligence"
                                        else None,
                                        story.subject if request in ("dbs", "intelligence")
                                        else None)
            add(m["s1"], "complete", Stage.INITIAL_CONTACT, values, user=opener)
            add(m["close"], "closure", user=opener)
            return
        s1 = forms.stage1(story, c, s1_at, opener.display_name)
        if kind in ("intel:nochild", "withdrawn:1", "open:1"):
            if kind == "intel:nochild":
                s1.update(children=[], parents=[], reason=NO_CHILD_REASON)
            else:
                s1 = {k: s1[k] for k in ("contact_at", "officer", "contact_method",
                                         "owning_force", "request_type", "applicant",
                                         "reason")}
            draft_at = m["draft"] if kind == "open:1" else m["s1"] * 0.3
            add(draft_at, "draft", Stage.INITIAL_CONTACT, s1, user=opener)
            if kind != "open:1":
                route = Route.INTELLIGENCE_ONLY if kind == "intel:nochild" else Route.WITHDRAWN
                text = NO_CHILD_REASON if kind == "intel:nochild" else rng.choice(
                    WITHDRAWN_REASONS)
                add(m["s1"], "close_early", values={"route": route.value}, text=text,
                    user=opener)
                add(m["close"], "closure", user=opener)
            return
        if kind == "intel:anonymous":
            for key in ("applicant", "safe_contact", "parents"):
                s1.pop(key)
            s1["applicant_anonymous"] = True
        if "risk" in flags:
            seen = rng.choice(RISK_SEEN)
            risk_at = max(m["s1"] / 2, timedelta(minutes=10))
            add(risk_at, "risk", values=risk_record(
                seen, opener.display_name, c + risk_at - timedelta(minutes=5)), user=opener)
        add(m["s1"], "complete", Stage.INITIAL_CONTACT, s1, user=opener)
        if kind == "intel:anonymous":
            add(m["close"], "closure", user=opener)
            return
        add(m["assign"], "assign", values={"to": worker.username}, user=boss)
        extensions = [(k, d) for k, d in (("ext_f2f", "face_to_face_10d"),
                                           ("ext_close", "closure_45d")) if k in m]
        for key, deadline in extensions:
            at = c + m[key]
            add(m[key], "extend", values={
                "deadline": deadline, "extra_days": "7" if key == "ext_f2f" else "21",
                "reason": EXTENSION_REASONS[deadline],
                "applicant_informed_on": forms.local(at).isoformat()})
        if "f2f" not in m:
            add(m["draft"], "draft", Stage.FACE_TO_FACE, {
                "meeting_place": "Booked: Harrowmere police station", "officer":
                worker.display_name})
            return
        verified = kind != "identity_not_verified"
        add(m["s2"], "complete", Stage.FACE_TO_FACE,
            forms.stage2(story, c + m["f2f"], worker.display_name, rng, verified))
        if not verified or "s3" not in m:
            if not verified:
                add(m["close"], "closure")
            return
        add(m["s3"], "complete", Stage.INFORMATION_PACK,
            forms.stage3(forms.local(c + m["f2f"]), rng))
        if kind == "withdrawn:later":
            add(m["withdraw"], "close_early", values={"route": Route.WITHDRAWN.value},
                text=rng.choice(WITHDRAWN_REASONS))
            add(m["close"], "closure")
            return
        plan = {"disclosed": "disclose"}.get(outcome, outcome)
        s4 = forms.stage4(story, plan, forms.local(c + _first(m, "s4", "draft")),
                          worker.display_name, rng)
        if "s4" not in m:
            add(m["draft"], "draft", Stage.RISK_ASSESSMENT,
                {k: s4[k] for k in ("officer", "check_pnc", "check_local")})
            return
        add(m["s4"], "complete", Stage.RISK_ASSESSMENT, s4)
        s5 = forms.stage5(story, plan, forms.local(c + _first(m, "s5", "draft")),
                          bool(s4["mappa_managed"]), rng, worker.display_name)
        if "s5" not in m:
            add(m["draft"], "draft", Stage.DECISION,
                {k: s5[k] for k in ("forum", "attendees")})
            return
        add(m["s5"], "complete", Stage.DECISION, s5)
        if "signoff" not in m:
            return
        approve = kind != "open:5r"
        add(m["signoff"], "signoff", values={"approve": approve},
            text="" if approve else return_comment(rng), user=boss)
        if not approve:
            return
        recipient = str((s5.get("recipient") or {}).get("name") or "")
        s6 = forms.stage6(story, plan, c + _first(m, "s6", "draft", "signoff"),
                          worker.display_name, recipient)
        if "s6" not in m:
            if rng.random() < 0.5:
                add(m["draft"], "draft", Stage.OUTCOME, {
                    k: v for k, v in s6.items() if k in ("conveyed_by", "disclosed_place")})
            return
        if plan == "disclose":
            self._turn["s6:disclose"] += 1
            if self._turn["s6:disclose"] == 2:  # one refused undertaking, not proceeded with
                s6 = forms.stage6_not_made(s6)
        add(m["s6"], "complete", Stage.OUTCOME, s6)
        add(m["close"], "closure")


def _first(m: dict[str, timedelta], *keys: str) -> timedelta:
    return next(m[k] for k in keys if k in m)


def choose_flags(planner: Planner, kinds: list[str]) -> tuple[dict[int, set[str]], dict[int, Any]]:
    """Which cases run late, are extended or flagged at risk, and who shares a subject."""
    rng, n = planner.rng, len(kinds)
    flags: dict[int, set[str]] = {i: set() for i in range(n)}
    apps = [i for i, k in enumerate(kinds) if k in ("disclosed", "no_concerns", "not_disclosed")]
    later = [i for i, k in enumerate(kinds) if k not in EARLY and k != "open:1"]
    for i, k in enumerate(kinds):
        if k in ("disclosed", "no_concerns", "not_disclosed") and rng.random() < 0.08:
            flags[i].add("late_close")
        if k not in ("open:1", "intel:nochild", "withdrawn:1") and rng.random() < 0.06:
            flags[i].add("late_s1")
        if k not in EARLY and not k.startswith("open") and rng.random() < 0.08:
            flags[i].add("late_f2f")
    flags[apps[0]] |= {"late_s1", "late_f2f"}
    for i in rng.sample(later, max(1, n // 30)):
        flags[i].add("risk")
    ext_close = rng.sample(apps, max(1, n // 60))
    for i in ext_close:
        flags[i] = (flags[i] - {"late_close"}) | {"ext_close"}
    fresh = [i for i in later if i not in ext_close and not kinds[i].startswith("open")]
    for i in rng.sample(fresh, max(1, n // 60)):
        flags[i] = (flags[i] - {"late_f2f"}) | {"ext_f2f"}
    repeats: dict[int, Any] = {}
    subjects = list(later)
    groups = REPEAT_SUBJECTS[: max(1, min(len(REPEAT_SUBJECTS), n // 30))]
    for group in groups:
        members = rng.sample([i for i in subjects if i not in repeats],
                             min(len(group.spellings), rng.choice((2, 3))))
        day = forms.local(planner.now)
        base = planner.people.adult(day, gender=group.gender, min_age=26, max_age=58)
        base = replace(base, ethnicity=group.ethnicity)
        for i, spelling in zip(members, group.spellings, strict=False):
            repeats[i] = (base, spelling)
    return flags, repeats


def return_comment(rng: random.Random) -> str:
    return rng.choice(_RETURN_COMMENTS)


def risk_record(seen: str, by: str, at: datetime) -> dict[str, Any]:
    return {"what_seen": seen, "action_taken": ["safeguarding_referral", "s47_enquiry",
                                                "duty_supervisor_told"],
            "action_by": by, "action_at": to_iso(at)}

