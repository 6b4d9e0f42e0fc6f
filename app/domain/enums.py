"""Shared vocabulary of the scheme: stages, routes, roles and actions.

Paragraph numbers (¶) point into the Home Office guidance (circular 007/2010).
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Stage(IntEnum):
    """The six stages of the process (¶5) plus closure (¶6)."""

    INITIAL_CONTACT = 1
    FACE_TO_FACE = 2
    INFORMATION_PACK = 3
    RISK_ASSESSMENT = 4
    DECISION = 5
    OUTCOME = 6
    CLOSURE = 7

    @property
    def title(self) -> str:
        return _STAGE_TITLES[self]

    @property
    def key(self) -> str:
        """Stable lower-case identifier used in storage and JSON."""
        return self.name.lower()


_STAGE_TITLES = {
    Stage.INITIAL_CONTACT: "Initial contact",
    Stage.FACE_TO_FACE: "Face to face",
    Stage.INFORMATION_PACK: "Information pack",
    Stage.RISK_ASSESSMENT: "Full risk assessment",
    Stage.DECISION: "Decision",
    Stage.OUTCOME: "Outcome",
    Stage.CLOSURE: "Closure",
}


class Route(StrEnum):
    """How a case ended (¶3.7, 5.2.5, 5.2.8, 5.6, 6.1)."""

    REDIRECTED = "redirected"
    INTELLIGENCE_ONLY = "intelligence_only"
    WITHDRAWN = "withdrawn"
    IDENTITY_NOT_VERIFIED = "identity_not_verified"
    NO_CONCERNS = "no_concerns"
    DISCLOSED = "disclosed"
    NOT_DISCLOSED = "not_disclosed"
    #: The decision was to disclose but no disclosure happened: the recipient refused the
    #: undertaking and the police did not proceed, or could not be reached (¶5.6.21).
    DISCLOSURE_NOT_MADE = "disclosure_not_made"

    @property
    def label(self) -> str:
        return _ROUTE_LABELS[self]

    @property
    def short_label(self) -> str:
        """The label for a column of a list, where the full one would be cut off."""
        return _ROUTE_SHORT_LABELS.get(self, _ROUTE_LABELS[self])


_ROUTE_LABELS = {
    Route.REDIRECTED: "Redirected to another route",
    Route.INTELLIGENCE_ONLY: "Intelligence only",
    Route.WITHDRAWN: "Withdrawn",
    Route.IDENTITY_NOT_VERIFIED: "Identity not verified",
    Route.NO_CONCERNS: "No concerns",
    Route.DISCLOSED: "Disclosed",
    Route.NOT_DISCLOSED: "Not disclosed",
    Route.DISCLOSURE_NOT_MADE: "Disclosure decided but not made",
}
_ROUTE_SHORT_LABELS = {Route.REDIRECTED: "Redirected",
                       Route.DISCLOSURE_NOT_MADE: "Disclosure not made"}


class Role(StrEnum):
    """Who may do what (DESIGN.md, Roles)."""

    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


class AuditAction(StrEnum):
    """What an audit row records (DPA 2018 s.62 logging)."""

    COLLECT = "collect"
    ALTER = "alter"
    CONSULT = "consult"
    DISCLOSE = "disclose"
    COMBINE = "combine"
    ERASE = "erase"
    LOGIN = "login"
    FAILED_LOGIN = "failed_login"
    LOGOUT = "logout"
    LOCK = "lock"
    UNLOCK = "unlock"
    ROLE_CHANGE = "role_change"
    USER_ADMIN = "user_admin"
    PRINT = "print"
    EXPORT = "export"
    AUDIT_VIEWED = "audit_viewed"
    REFUSED = "refused"
    MAINTENANCE = "maintenance"
