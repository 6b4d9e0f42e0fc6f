"""Opening a police-initiated ("right to know") case: no applicant, straight to the decision.

The police may consider disclosing without a request from the public (¶5: "the police's
ability to make the disclosure is not dependent on a request from the public"; ¶2.6,
s327A CJA 2003). 2023 practice names this route "right to know" (digest §2.0 [S]); its
procedure was not readable [U], so it is modelled as the digest suggests (§4 item 4,
likely): the same decision and recipient steps as any case.

Who may open one: an officer or a supervisor (the "create cases" permission), as for
any case. Nothing is disclosed by opening it: the decision still goes to a multi-agency
forum with the three-part test and a supervisor's sign-off before stage 6 (¶5.6.12,
5.6.14), so no extra authority is needed to start recording. The opening is audited
with its justification.
"""

from __future__ import annotations

from typing import Any

from app import settings
from app.domain.enums import AuditAction, Stage
from app.domain.forms import FORM_VERSION, check_draft_values, validate_stage, validate_values
from app.domain.forms.right_to_know import RIGHT_TO_KNOW_FORM, as_stage4_record
from app.domain.forms.values import parse_datetime
from app.domain.timescales import LONDON
from app.errors import InvalidInput, RefusedByGuardrail
from app.services import indexing
from app.services.authz import Permission, authorise
from app.services.case_file import CaseFile, load_case
from app.services.cases import stamped
from app.services.session import Session
from app.storage import cases_repo, policy_repo, settings_repo

CASE_TYPE = "right_to_know"


def open_right_to_know(session: Session, values: dict[str, Any]) -> CaseFile:
    """Open a police-initiated case at the decision stage, its opening kept as stage 4."""
    authorise(session, Permission.CREATE_CASE)
    now = session.clock.now()
    problems = check_draft_values(RIGHT_TO_KNOW_FORM, values) + validate_values(
        RIGHT_TO_KNOW_FORM, values, now=now)
    record = as_stage4_record(dict(values))
    if not problems:
        problems = validate_stage(Stage.RISK_ASSESSMENT, record, {}, now=now)
    if problems:
        raise InvalidInput("The police-initiated case cannot be opened: some answers are "
                           "missing or not right.", problems)
    if values.get("categorisation") != "concerns":
        raise RefusedByGuardrail([
            "A police-initiated disclosure is considered only where the police hold concerns "
            "about the subject (¶5.5.3, 5.6.10): categorise it as concerns, or do not open "
            "a right-to-know case."])
    started = parse_datetime(values.get("rtk_started_at"))
    if started is None:  # required and validated above; kept for the type checker
        raise InvalidInput("Give when the police began considering disclosure.")
    with session.transaction() as conn:
        prefix = settings_repo.read(conn, settings.CASE_PREFIX)
        reference = cases_repo.next_reference(conn, prefix, started.astimezone(LONDON).year)
        policy = policy_repo.current(conn)
        case_id = cases_repo.insert_case(conn, reference, started, now, session.user.id,
                                         policy_version=policy.version, case_type=CASE_TYPE,
                                         stage=int(Stage.DECISION))
        cases_repo.upsert_stage(conn, case_id, Stage.RISK_ASSESSMENT, FORM_VERSION, record,
                                "complete", now, session.user.id)
        session.audit(conn, AuditAction.COLLECT, entity=f"case:{case_id}", case_ref=reference,
                      justification="Police-initiated disclosure considered without an "
                      "applicant (right to know; ¶5, 2.6)",
                      detail=stamped(conn, case_id, "police-initiated (right to know) case "
                                     "opened at the decision stage",
                                     (int(Stage.RISK_ASSESSMENT), record)))
        indexing.reindex(session, conn, load_case(session, reference))
    return load_case(session, reference)
