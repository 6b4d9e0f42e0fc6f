"""Colours of the supervisor's tables (the badges are shared: ui/flag_badges.py)."""

from __future__ import annotations

from ui.flag_badges import (
    AWAITING_SIGNOFF,
    EXTENDED,
    FLAG_COLOURS,
    FLAG_SEPARATOR,
    IMMEDIATE_RISK,
    REFERRAL_OVERDUE,
    REPEAT_SUBJECT,
    STATE_COLOURS,
    FlagsDelegate,
    Index,
    badge_font,
)

ERROR_STYLE = "color: #842029; font-weight: bold;"
OK_STYLE = "color: #0f5132; font-weight: bold;"

__all__ = ["AWAITING_SIGNOFF", "ERROR_STYLE", "EXTENDED", "FLAG_COLOURS", "FLAG_SEPARATOR",
           "IMMEDIATE_RISK", "OK_STYLE", "REFERRAL_OVERDUE", "REPEAT_SUBJECT", "STATE_COLOURS",
           "FlagsDelegate", "Index", "badge_font"]
