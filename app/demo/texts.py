"""The invented free text of the demo cases: reasons, comments and what was seen."""

from __future__ import annotations

RETURN_COMMENTS = (
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
