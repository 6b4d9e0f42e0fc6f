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

DEFAULT_VERSION = 1
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
        """Why these targets cannot be a policy (empty when they can)."""
        out: list[str] = []
        if not 1 <= self.initial_contact_hours <= 24 * 7:
            out.append("The initial contact target must be between 1 and 168 hours.")
        for label, days in (("face to face", self.face_to_face_days),
                            ("risk assessment", self.risk_assessment_days),
                            ("decision route", self.decision_route_days),
                            ("overall", self.overall_days)):
            if not 1 <= days <= MAX_DAYS:
                out.append(f"The {label} target must be between 1 and {MAX_DAYS} days.")
        if self.overall_days < self.face_to_face_days or \
                self.overall_days < self.risk_assessment_days:
            out.append("The overall target cannot be shorter than the face-to-face or risk "
                       "assessment target.")
        if not self.name.strip():
            out.append("Give the policy a name (e.g. the force policy it follows).")
        return out

    def describe(self) -> str:
        return (f"v{self.version} {self.name}: {self.initial_contact_hours} h, "
                f"{self.face_to_face_days} d face to face, {self.risk_assessment_days} d "
                f"risk assessment, {self.decision_route_days} d decision route, "
                f"{self.overall_days} d overall")


DEFAULT_POLICY = TimescalePolicy()
