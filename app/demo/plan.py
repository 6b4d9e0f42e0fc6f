"""Planning the demo unit's cases: what happens to each case, and when.

``Planner.kinds`` decides the mix (guidance ¶1.3: of 12 enquiries about 5 end
at initial contact, 7 become applications and 1 a disclosure; recent cases stay
open at every stage); ``choose_twists`` picks the late, extended, immediate-risk
and repeat-subject cases; ``Planner.plan`` times each case's milestones, all
before the real now, and ``app.demo.script`` turns them into service steps,
which ``app.demo.build`` runs.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta

from app.demo import forms
from app.demo.kinds import EARLY, CaseKind, CaseRun, Milestone, Outcome, Twist
from app.demo.people import REPEAT_SUBJECTS, People, Person
from app.demo.script import Actor, Cast, Milestones, write_steps
from app.domain.timescales import LONDON

K, M = CaseKind, Milestone
_EARLY_WEIGHTS = (30, 15, 15, 10, 10, 10, 5, 5)
OPEN_CYCLE = (K.OPEN_FACE_TO_FACE, K.OPEN_INFORMATION_PACK, K.OPEN_RISK_ASSESSMENT,
              K.OPEN_AWAITING_SIGNOFF, K.OPEN_DECISION_RETURNED, K.OPEN_OUTCOME,
              K.OPEN_FACE_TO_FACE, K.OPEN_RISK_ASSESSMENT, K.OPEN_OUTCOME,
              K.OPEN_AWAITING_SIGNOFF, K.OPEN_FACE_TO_FACE, K.OPEN_INFORMATION_PACK,
              K.OPEN_DECISION_DRAFT, K.OPEN_RISK_ASSESSMENT, K.OPEN_OUTCOME)
# Age of the case (days since first contact) when the demo is made, by kind, in turn.
_AGES = {K.OPEN_INITIAL_CONTACT: (0.83, 0.1, 3.2), K.OPEN_FACE_TO_FACE: (13, 3, 9.2, 5),
         K.OPEN_INFORMATION_PACK: (12, 7.5, 9.5), K.OPEN_RISK_ASSESSMENT: (16, 24, 29),
         K.OPEN_AWAITING_SIGNOFF: (31, 37), K.OPEN_DECISION_RETURNED: (34,),
         K.OPEN_DECISION_DRAFT: (39,), K.OPEN_OUTCOME: (39, 44, 49)}
# The last milestone done before the case stopped, by open kind.
_LAST = {K.OPEN_FACE_TO_FACE: M.ASSIGN, K.OPEN_INFORMATION_PACK: M.FACE_TO_FACE,
         K.OPEN_RISK_ASSESSMENT: M.INFORMATION_PACK, K.OPEN_AWAITING_SIGNOFF: M.DECISION,
         K.OPEN_DECISION_RETURNED: M.SIGNOFF, K.OPEN_DECISION_DRAFT: M.RISK_ASSESSMENT,
         K.OPEN_OUTCOME: M.SIGNOFF}
# The outcome drawn for a case that is not itself a decided application.
_OUTCOME_DRAW = (Outcome.NO_CONCERNS, Outcome.NO_CONCERNS, Outcome.NOT_DISCLOSED,
                 Outcome.DISCLOSED)
_DECIDED = (K.DISCLOSED, K.NO_CONCERNS, K.NOT_DISCLOSED)


@dataclass(frozen=True)
class SharedSubject:
    """One invented repeat subject, as one case records him."""

    base: Person
    forenames: str
    surname: str
    alias: str


class Planner:
    """Decides what happens to each case, and when (all before ``now``)."""

    def __init__(self, rng: random.Random, now: datetime, officers: list[Actor],
                 supervisors: list[Actor]) -> None:
        self.rng, self.now, self.people = rng, now, People(rng)
        self.officers, self.supervisors = officers, supervisors
        self._turn: Counter[CaseKind] = Counter()
        self._disclosures_closed = 0

    def kinds(self, n: int) -> list[CaseKind]:
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
        kinds = (list(EARLY[:early]) + extra + [K.OPEN_INITIAL_CONTACT] * open1
                 + [OPEN_CYCLE[i % len(OPEN_CYCLE)] for i in range(open_apps)]
                 + [K.DISCLOSED] * disclosed + [K.IDENTITY_NOT_VERIFIED] * few
                 + [K.WITHDRAWN_LATER] * few + [K.NOT_DISCLOSED] * not_disclosed
                 + [K.NO_CONCERNS] * no_concerns)
        self.rng.shuffle(kinds)
        return kinds

    def _h(self, lo: float, hi: float) -> timedelta:
        return timedelta(hours=self.rng.uniform(lo, hi))

    def _d(self, lo: float, hi: float) -> timedelta:
        return timedelta(days=self.rng.uniform(lo, hi))

    def milestones(self, kind: CaseKind, twists: Twist) -> Milestones:
        """Offsets from first contact; an open kind is planned as a whole application."""
        late_s1 = Twist.LATE_INITIAL_CONTACT in twists
        m = {M.INITIAL_CONTACT: self._h(25, 40) if late_s1 else self._h(0.5, 16)}
        m[M.ASSIGN] = m[M.INITIAL_CONTACT] + self._h(0.2, 3)
        if kind.closes_at_contact:
            m[M.CLOSE] = m[M.INITIAL_CONTACT] + self._h(3, 96)
            return m
        self._face_to_face(m, twists)
        if kind is K.IDENTITY_NOT_VERIFIED:
            m[M.CLOSE] = m[M.FACE_TO_FACE] + self._d(1, 5)
            return m
        m[M.INFORMATION_PACK] = m[M.FACE_TO_FACE] + (
            self._h(0.2, 1) if self.rng.random() < 0.8 else self._d(1, 2.5))
        if kind is K.WITHDRAWN_LATER:
            m[M.WITHDRAW] = m[M.INFORMATION_PACK] + self._d(1, 8)
            m[M.CLOSE] = m[M.WITHDRAW] + self._h(1, 48)
            return m
        self._decision_and_outcome(m, twists)
        return m

    def _face_to_face(self, m: Milestones, twists: Twist) -> None:
        if Twist.EXTENDED_FACE_TO_FACE in twists:
            m[M.EXTEND_FACE_TO_FACE], m[M.MEETING] = self._d(3, 6), self._d(11, 15.5)
        else:
            late = Twist.LATE_FACE_TO_FACE in twists
            m[M.MEETING] = self._d(10.4, 13) if late else self._d(1.5, 8.5)
        m[M.MEETING] = max(m[M.MEETING], m[M.ASSIGN] + self._h(2, 5))
        m[M.FACE_TO_FACE] = m[M.MEETING] + self._h(1, 3)

    def _decision_and_outcome(self, m: Milestones, twists: Twist) -> None:
        m[M.RISK_ASSESSMENT] = max(m[M.INFORMATION_PACK] + self._d(2, 4), self._d(13, 24))
        m[M.DECISION] = m[M.RISK_ASSESSMENT] + self._d(3, 12)
        m[M.SIGNOFF] = m[M.DECISION] + self._h(3, 48)
        m[M.OUTCOME] = m[M.SIGNOFF] + self._d(1, 6)
        m[M.CLOSE] = m[M.OUTCOME] + self._d(1, 4)  # drawn before the lateness
        if Twist.LATE_CLOSURE in twists:
            m[M.CLOSE] += self._d(6, 12)
        if Twist.EXTENDED_CLOSURE in twists:
            m[M.EXTEND_CLOSURE] = self._d(36, 41)
            m[M.CLOSE] = max(m[M.CLOSE], self._d(46, 55))

    def _office_hours(self, contact: datetime, m: Milestones) -> Milestones:
        """Move planned work after stage 1 into the working day, keeping its order."""
        out: Milestones = {}
        previous = timedelta()
        for key, offset in sorted(m.items(), key=lambda item: item[1]):
            local = (contact + offset).astimezone(LONDON)
            if key is not M.INITIAL_CONTACT and not 8 <= local.hour < 19:
                day = local.date() + timedelta(days=1 if local.hour >= 19 else 0)
                local = datetime.combine(day, time(self.rng.randint(8, 11),
                                                   self.rng.randint(0, 59)), LONDON)
            moved = max(local.astimezone(UTC) - contact, previous + timedelta(minutes=5))
            if contact + moved > self.now - timedelta(minutes=5):
                moved = max(offset, previous + timedelta(minutes=1))
            out[key] = previous = moved
        return out

    def _stop_open(self, kind: CaseKind, m: Milestones) -> tuple[datetime, Milestones]:
        """First contact of a case left open, and the milestones it reached (plus its draft)."""
        ages = _AGES[kind]
        age = timedelta(days=ages[self._turn[kind] % len(ages)])
        self._turn[kind] += 1
        stop = _LAST.get(kind)
        last = m[stop] if stop is not None else timedelta(minutes=10)
        if last > age - timedelta(hours=1):
            factor = (age - timedelta(hours=1)) / last
            m = {k: v * factor for k, v in m.items()}
        reached = m[stop] if stop is not None else timedelta()
        m = {k: v for k, v in m.items() if v <= reached}
        m[M.DRAFT] = (max(m.values(), default=timedelta()) + age) / 2
        return self.now - age, m

    def _closed_contact(self, m: Milestones) -> datetime:
        """First contact of a closed case: any time in the last six months, mostly by day."""
        span = max(m.values()) + timedelta(days=2)
        earliest = timedelta(days=182)
        contact = self.now - span - (earliest - span) * self.rng.random()
        local = contact.astimezone(LONDON)
        if not 8 <= local.hour < 21:  # most people get in touch by day
            contact = local.replace(hour=self.rng.randint(8, 20)).astimezone(UTC)
        return contact

    def plan(self, index: int, kind: CaseKind, twists: Twist,
             shared: SharedSubject | None) -> CaseRun:
        rng = self.rng
        outcome = kind.outcome or rng.choice(_OUTCOME_DRAW)
        m = self.milestones(kind, twists)
        if kind.is_open:
            contact, m = self._stop_open(kind, m)
        else:
            contact = self._closed_contact(m)
        contact = contact.replace(microsecond=0)
        m = self._office_hours(contact, m)
        run = CaseRun(index, kind, contact)
        story = forms.make_story(self.people, rng, forms.local(contact))
        story.immediate_risk = Twist.IMMEDIATE_RISK in twists
        if shared is not None:
            story.subject = replace(shared.base, forenames=shared.forenames,
                                    surname=shared.surname, other_names="")
            story.aliases = [shared.alias] if shared.alias else []
        cast = Cast.choose(rng, self.officers, self.supervisors)
        if kind is CaseKind.DISCLOSED:
            self._disclosures_closed += 1
            if self._disclosures_closed == 2:  # one refused undertaking (¶5.6.21)
                twists |= Twist.UNDERTAKING_REFUSED
        write_steps(run, story, m, outcome, twists, cast, rng)
        return run


def choose_twists(planner: Planner, kinds: list[CaseKind]
                  ) -> tuple[dict[int, Twist], dict[int, SharedSubject]]:
    """Which cases run late, are extended or flagged at risk, and who shares a subject."""
    rng, n = planner.rng, len(kinds)
    twists: dict[int, Twist] = {i: Twist.NONE for i in range(n)}
    apps = [i for i, k in enumerate(kinds) if k in _DECIDED]
    later = [i for i, k in enumerate(kinds) if k not in EARLY and k is not K.OPEN_INITIAL_CONTACT]
    stops_at_contact = (K.OPEN_INITIAL_CONTACT, K.INTELLIGENCE_NO_CHILD,
                        K.WITHDRAWN_AT_CONTACT)
    for i, k in enumerate(kinds):
        if k in _DECIDED and rng.random() < 0.08:
            twists[i] |= Twist.LATE_CLOSURE
        if k not in stops_at_contact and rng.random() < 0.06:
            twists[i] |= Twist.LATE_INITIAL_CONTACT
        if k not in EARLY and not k.is_open and rng.random() < 0.08:
            twists[i] |= Twist.LATE_FACE_TO_FACE
    twists[apps[0]] |= Twist.LATE_INITIAL_CONTACT | Twist.LATE_FACE_TO_FACE
    for i in rng.sample(later, max(1, n // 30)):
        twists[i] |= Twist.IMMEDIATE_RISK
    ext_close = rng.sample(apps, max(1, n // 60))
    for i in ext_close:
        twists[i] = (twists[i] & ~Twist.LATE_CLOSURE) | Twist.EXTENDED_CLOSURE
    fresh = [i for i in later if i not in ext_close and not kinds[i].is_open]
    for i in rng.sample(fresh, max(1, n // 60)):
        twists[i] = (twists[i] & ~Twist.LATE_FACE_TO_FACE) | Twist.EXTENDED_FACE_TO_FACE
    return twists, _share_subjects(planner, later, n)


def _share_subjects(planner: Planner, later: list[int], n: int) -> dict[int, SharedSubject]:
    """A few invented people are the subject of two or three cases, spelt differently."""
    rng = planner.rng
    shared: dict[int, SharedSubject] = {}
    groups = REPEAT_SUBJECTS[: max(1, min(len(REPEAT_SUBJECTS), n // 30))]
    for group in groups:
        members = rng.sample([i for i in later if i not in shared],
                             min(len(group.spellings), rng.choice((2, 3))))
        day = forms.local(planner.now)
        base = planner.people.adult(day, gender=group.gender, min_age=26, max_age=58)
        base = replace(base, ethnicity=group.ethnicity)
        for i, (fore, sur, alias) in zip(members, group.spellings, strict=False):
            shared[i] = SharedSubject(base, fore, sur, alias)
    return shared
