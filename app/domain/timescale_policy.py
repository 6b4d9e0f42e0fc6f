"""The unit's timescale targets as a versioned policy.

The 2010 circular sets the maxima (¶5 table, 5.1.13, 5.4.8, 5.6.27): 24 hours
for initial contact, 10 days for face to face, 10 days to reach the full risk
assessment, 35 days for the decision route after it, 45 days overall. Several
forces now publish shorter targets (e.g. 28 days overall: see the 2023 digest,
evidence [S]), so a unit may adopt its own targets as a new policy version.
Versions are never edited; each case keeps the version in force when it was
opened, so its figures stay comparable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

DEFAULT_VERSION = 1
#: When version 1 (the 2010 maxima) came into force: circular 007/2010 was issued and
#: implemented on 30 March 2010, 16:51:10 BST (its header). Stored by migrations 0008/0011.
CIRCULAR_2010_IN_FORCE = datetime(2010, 3, 30, 15, 51, 10, tzinfo=UTC)
MAX_DAYS = 365


@dataclass(frozen=True)
class TimescalePolicy:
    """Targets of one policy version (hours for stage 1, calendar days otherwise)."""

    version: int = DEFAULT_VERSION
    initial_contact_hours: int = 24
    face_to_face_days: int = 10
    risk_assessment_days: int = 10
    decision_route_days: int = 35
    overall_days: int = 45
    name: str = "Home Office circular 007/2010 maxima"

    def problems(self) -> list[str]:
        """Why these targets cannot be a policy (empty when they can).

        The 2010 timescales are maxima (¶5.6.27: "All time scales are maximums"), so a
        unit may adopt shorter targets (e.g. 28 days overall, 2023 digest §2.8 [S]) but
        never longer ones; and no stage may be allowed longer than the whole case.
        """
        out: list[str] = []
        if not 1 <= self.initial_contact_hours <= MAXIMA_2010.initial_contact_hours:
            out.append(f"The initial contact target must be between 1 and "
                       f"{MAXIMA_2010.initial_contact_hours} hours: the 2010 timescales are "
                       "maxima (¶5.6.27).")
        for label, attribute in _DAY_TARGETS:
            days, most = getattr(self, attribute), getattr(MAXIMA_2010, attribute)
            if not 1 <= days <= most:
                out.append(f"The {label} target must be between 1 and {most} days: the "
                           "2010 timescales are maxima (¶5.6.27).")
        longer = [label for label, attribute in _DAY_TARGETS[:-1]
                  if getattr(self, attribute) > self.overall_days]
        if longer:
            out.append(f"The whole-case target ({self.overall_days} days) cannot be "
                       f"shorter than the {' or '.join(longer)} target: no stage may take "
                       "longer than the whole case (¶5.6.27).")
        if not self.name.strip():
            out.append("Give the policy a name (e.g. the force policy it follows).")
        return out

    def describe(self) -> str:
        return (f"v{self.version} {self.name}: {self.initial_contact_hours} h, "
                f"{self.face_to_face_days} d face to face, {self.risk_assessment_days} d "
                f"risk assessment, {self.decision_route_days} d decision route, "
                f"{self.overall_days} d overall")


DEFAULT_POLICY = TimescalePolicy()

#: The 2010 circular's maxima (¶5 table, 5.1.13, 5.4.8, 5.6.27): no unit target may exceed them.
MAXIMA_2010 = DEFAULT_POLICY

#: (label, attribute) of each target counted in days; the whole case comes last.
_DAY_TARGETS = (("face-to-face", "face_to_face_days"),
                ("risk assessment", "risk_assessment_days"),
                ("decision route", "decision_route_days"),
                ("whole-case", "overall_days"))
