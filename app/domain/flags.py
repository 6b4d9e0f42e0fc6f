"""The flags a case list shows next to each case, in the order every list shows them."""

from __future__ import annotations

from enum import StrEnum


class CaseFlag(StrEnum):
    """Something about a case that needs noticing at a glance."""

    IMMEDIATE_RISK = "immediate_risk"  # a child at immediate or imminent risk (¶2.7, 5.1.11)
    REPEAT_SUBJECT = "repeat_subject"  # another case may be about the same subject
    EXTENDED = "extended"  # a timescale has been extended (¶5.1.7)
    AWAITING_SIGNOFF = "awaiting_signoff"  # the decision waits for a supervisor
    REFERRAL_OVERDUE = "referral_overdue"  # a referral's chase-by date passed (¶3.6, 5.6.11)

    @property
    def label(self) -> str:
        return _FLAG_LABELS[self]


_FLAG_LABELS = {
    CaseFlag.IMMEDIATE_RISK: "Immediate risk",
    CaseFlag.REPEAT_SUBJECT: "Repeat subject",
    CaseFlag.EXTENDED: "Extended",
    CaseFlag.AWAITING_SIGNOFF: "Awaiting sign-off",
    CaseFlag.REFERRAL_OVERDUE: "Referral to chase",
}


def case_flags(*, immediate_risk: bool, repeat_subject: bool, extended: bool,
               awaiting_signoff: bool, referral_overdue: bool = False
               ) -> tuple[CaseFlag, ...]:
    """The flags that are on, always in the order of ``CaseFlag``."""
    on = {CaseFlag.IMMEDIATE_RISK: immediate_risk, CaseFlag.REPEAT_SUBJECT: repeat_subject,
          CaseFlag.EXTENDED: extended, CaseFlag.AWAITING_SIGNOFF: awaiting_signoff,
          CaseFlag.REFERRAL_OVERDUE: referral_overdue}
    return tuple(flag for flag in CaseFlag if on[flag])
