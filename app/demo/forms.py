"""Stage values for the demo unit's synthetic cases.

Each case gets a ``Story`` (``app.demo.story``: applicant, children, subject and
why they asked), and the builders below turn it into the values of each stage at
the moment that stage is worked on. Every builder's result passes ``validate_stage``;
the free text is invented for the demo.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from app.clock import to_iso
from app.demo.kinds import Outcome
from app.demo.people import OWNING_FORCE, Person
from app.demo.story import (
    Story,
    children_records,
    local,
    person_record,
    safe_contact,
    subject_record,
)

_PLACES = ("Harrowmere police station, interview room 3", "Calderbrook Family Centre",
           "Applicant's sister's home", "Kirkholme police office, quiet room",
           "Netherstowe library meeting room", "Applicant's workplace, private office")
_NO_CONCERNS = (
    "PNC, ViSOR, local and INI checks and children's social care show nothing on the "
    "subject. The behaviour described is not in itself a safeguarding concern.",
    "No convictions, cautions or intelligence found on any system. Children's social care "
    "do not know the family.",
    "The only record is a motoring matter. Nothing relevant to the safety of children.",
)
_CONCERNS = {
    "i_child_sex_conviction": "Conviction for a child sexual offence recorded on PNC; the "
    "subject now has unsupervised access to a child.",
    "ii_other_offences_risk": "Convictions for violence and domestic abuse against a "
    "former partner who had young children.",
    "iii_intelligence": "Intelligence from another force about an allegation involving a "
    "12-year-old that did not proceed to charge.",
    "iv_behaviour": "The gifts, secrecy and late-night messages described are recognised "
    "grooming behaviour.",
}
_NOT_DISCLOSED = (
    "The forum agreed the risk is best managed by children's social care working with the "
    "family; disclosure is not necessary to protect the child at present.",
    "The intelligence is unconfirmed and old; the pressing-need test is not met. The "
    "applicant will be given clear safeguarding advice instead.",
    "Concerns are about adult domestic abuse; a referral to the domestic abuse scheme is "
    "the proportionate response rather than a disclosure under this scheme.",
)


def stage1(story: Story, contact: datetime, done: datetime, officer: str,
           **changes: Any) -> dict[str, Any]:
    """A complete CSODS initial contact (use ``changes`` for anonymous or no-child)."""
    check_at = to_iso(done - timedelta(minutes=40))
    parents = [{"name": p.full_name, "dob": p.dob.isoformat(), "living_with": "The children",
                "knows_of_application": p is story.applicant}
               for p in (story.applicant if story.applicant_role == "parent" else None,
                         story.other_parent) if p is not None]
    values: dict[str, Any] = {
        "contact_at": to_iso(contact), "officer": officer,
        "contact_method": story.contact_method,
        "owning_force": OWNING_FORCE, "responding_force": story.responding_force,
        "request_type": "csods", "applicant_anonymous": False,
        "applicant": person_record(story.applicant), "safe_contact": safe_contact(story),
        "parents": parents, "subject": subject_record(story), "children": children_records(story),
        "reason": story.reason, "immediate_risk": story.immediate_risk,
        "applicant_at_risk": story.relationship in ("partner_living_together", "husband_wife")
        and story.immediate_risk, "concerning_behaviour": story.behaviour,
        **{f"info_{k}": True for k in ("not_replacement", "best_placed", "24h_checks",
                                       "face_to_face_10d", "proof_needed", "45_days",
                                       "asked_at_risk")},
        "consent_to_share": story.consent, "consent_exceptions_explained": True,
        "check_pnc": True, "check_visor": story.visor, "check_local": True,
        "initial_checks": [
            {"system": system, "on_whom": "subject", "at": check_at, "by": officer,
             "result": result}
            for system, result in (("pnc", "See full risk assessment; nothing disclosed."),
                                   ("local", "Checked; to be reviewed at stage 4."))],
        "urgent_action_required": story.immediate_risk,
    }
    values.update(changes)
    return values


def stage1_short(contact: datetime, officer: str, request: str, reason: str,
                 applicant: Person | None, subject: Person | None) -> dict[str, Any]:
    """Initial contact for a request that is not an application (redirected, intelligence)."""
    values: dict[str, Any] = {
        "contact_at": to_iso(contact), "officer": officer, "owning_force": OWNING_FORCE,
        "contact_method": "telephone" if request != "intelligence" else "street_encounter",
        "request_type": request, "reason": reason,
    }
    if applicant is not None:
        values["applicant"] = person_record(applicant)
    if subject is not None:
        values["subject"] = {"surname": subject.surname, "forenames": subject.forenames,
                             "address": subject.address, "gender": subject.gender}
    return values


def stage2(story: Story, meeting: datetime, officer: str, rng: random.Random,
           verified: bool = True) -> dict[str, Any]:
    provable = story.applicant_role in ("parent", "carer", "guardian")
    docs = rng.choice((["passport", "utility_bill"], ["driving_licence", "bank_statement"],
                       ["passport", "birth_certificate"], ["other_photo_id", "utility_bill"]))
    values: dict[str, Any] = {
        "meeting_at": to_iso(meeting), "interview_mode": "face_to_face",
        "meeting_place": rng.choice(_PLACES),
        "officer": officer, "held_in_private": True,
        "warning_false_application": True, "warning_confidentiality": True,
        "warning_offence_evidence": True, "warning_use_and_undertaking": True,
        "id_documents": docs if verified else ["utility_bill"],
        "id_document_refs": f"Checked and copied; ref {rng.randint(100000, 999999)}"
        if verified else "A bill in another name only; no photo ID produced at either "
        "appointment.",
        "identity_verified": verified,
        "applicant": person_record(story.applicant), "safe_contact": safe_contact(story),
        "subject": subject_record(story), "children": children_records(story),
        "check_pnc": True, "check_visor": story.visor, "check_local": True,
        "check_ini": True, "check_ceop": rng.random() < 0.2,
        "immediate_risk": False, "applicant_at_risk": False,
        "concerning_behaviour": story.behaviour, "urgent_action_required": False,
        "no_disclosure_confirmed": True,
    }
    if provable:
        values["relationship_proved"] = verified
        if verified:
            values["relationship_document"] = {
                "carer": "Foster placement agreement", "guardian": "Special guardianship order",
            }.get(story.applicant_role, f"Birth certificate of {story.children[0].full_name}")
    return values


def stage3(day: date, rng: random.Random) -> dict[str, Any]:
    return {"pack_format": rng.choice(("paper", "both", "both", "online")),
            "pack_given_on": day.isoformat(), "advice_discussed": True,
            "notes": rng.choice(("", "Went through the advice on online safety.",
                                 "Applicant asked for the pack in large print."))}


def stage4(story: Story, outcome: Outcome, day: date, officer: str,
           rng: random.Random) -> dict[str, Any]:
    values: dict[str, Any] = {
        "officer": officer, "check_pnc": True, "check_visor": True, "check_local": True,
        "check_ini": True, "mappa_managed": False,
    }
    if story.consent or outcome is not Outcome.NO_CONCERNS:
        basis = "consent_given" if story.consent else "necessary_without_consent"
        values["childrens_social_care_checked"] = True
        values["childrens_social_care_basis"] = basis
        values["agency_checks"] = [{
            "agency": "Harrowmere Children's Social Care", "consent_basis": basis,
            "date": (day - timedelta(days=3)).isoformat(),
            "response": rng.choice(("Not known to services.", "Family known; case closed "
                                    "last year.", "Open child in need plan."))}]
    if outcome is Outcome.NO_CONCERNS:
        values.update(categorisation="no_concerns", rationale=rng.choice(_NO_CONCERNS))
        return values
    if outcome is Outcome.DISCLOSED:
        grounds = ["i_child_sex_conviction"] + (["iv_behaviour"] if story.behaviour else [])
        values["convictions"] = [{
            "offence_code": rng.choice(("SOA2003-s9", "SOA2003-s15", "SOA2003-s7",
                                        "PCA1978-s1", "SOA2003-s10", "SOA1956-s14")),
            "date": f"{rng.randint(2003, 2019)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "court": rng.choice(("Harrowmere Crown Court", "Calderbrook Magistrates' Court",
                                 "Northfold Crown Court")),
            "disposal": rng.choice(("conviction", "conviction", "caution"))}]
        values["mappa_managed"] = rng.random() < 0.4
        if values["mappa_managed"]:
            values.update(mappa_category="1", mappa_level=rng.choice(("1", "2", "2", "3")),
                          offender_manager=rng.choice(("PC 4410 Dunmore (police offender "
                                                       "manager)", "Probation officer, "
                                                       "Harrowmere PDU")),
                          visor_reference=f"VR-{rng.randint(100000, 999999)}")
    else:
        grounds = rng.sample(["ii_other_offences_risk", "iii_intelligence", "iv_behaviour"], 2)
        values["other_convictions"] = "Assault occasioning actual bodily harm (2014)."
    values.update(categorisation="concerns", concern_grounds=grounds,
                  rationale=" ".join(_CONCERNS[g] for g in grounds))
    return values


def stage5(story: Story, outcome: Outcome, day: date, mappa: bool, rng: random.Random,
           officer: str) -> dict[str, Any]:
    decision = "disclose" if outcome is Outcome.DISCLOSED else "do_not_disclose"
    if outcome is Outcome.NO_CONCERNS:  # decided by the police, signed off; no forum (¶5.6.1-5.6.3)
        return {"decision": decision, "decision_rationale": "The full risk assessment found "
                "no concerns, so there is nothing to disclose; the applicant will be given "
                "safeguarding advice."}
    values: dict[str, Any] = {
        "forum": "mappa_meeting" if mappa else rng.choice(("strategy_meeting",
                                                           "strategy_meeting",
                                                           "case_conference")),
        "forum_date": day.isoformat(),
        "attendees": f"{officer} (police); a social worker from Harrowmere Children's "
        "Social Care; a probation officer",
        "data_protection_considered": True, "decision": decision,
        "test_consequences_for_subject": "Loss of privacy and possibly of his home; weighed "
        "against the risk to the child.",
        "test_risk_underground": "He engages with his management; the risk of him stopping "
        "is judged low.",
        "test_extent_needed": "Only the fact and type of any conviction, nothing more.",
        "subject_poses_risk": decision == "disclose",
    }
    if mappa:
        values["mappa_meeting_reference"] = f"MAPPA-{day:%Y%m%d}-{rng.randint(10, 99)}"
    if decision == "do_not_disclose":
        values.update(
            test_power=True, test_power_reasons="Common law power to prevent crime.",
            test_pressing_need=False, test_pressing_need_reasons="No information held "
            "that the parent needs in order to protect the child.",
            test_proportionate=False, test_proportionate_reasons="Nothing specific to "
            "disclose; advice on the behaviour protects the child.",
            decision_rationale=rng.choice(_NOT_DISCLOSED))
        return values
    recipient = story.applicant if story.applicant_role == "parent" else (
        story.other_parent or story.applicant)
    child = story.children[0].first
    values.update(
        test_power=True, test_power_reasons=f"Disclosure is needed to protect {child} "
        "from sexual harm; common law power applies.",
        test_pressing_need=True, test_pressing_need_reasons="The subject has daily, "
        "unsupervised contact with the child.",
        test_proportionate=True, test_proportionate_reasons="Only the fact and type of "
        "the conviction will be shared, in person, with the parent alone.",
        decision_rationale="All three parts of the test are met; the parent cannot protect "
        "the child without knowing of the conviction.",
        recipient={"name": recipient.full_name,
                   "relationship": "parent" if recipient is not story.applicant
                   or story.applicant_role == "parent" else "carer",
                   "is_applicant": recipient is story.applicant,
                   "why_best_placed": f"Main carer of {child} and able to act on the "
                   "information.",
                   **({} if recipient is story.applicant else {
                       "identity_checked": True, "relationship_checked": True,
                       "checks_detail": f"Passport, and {child}'s birth certificate naming "
                       "them as parent.",
                       "safe_contact": "Mobile phone, weekday mornings; not at home when the "
                       "subject is there."})},
        disclosure_extent="That the subject has a conviction for a sexual offence against a "
        "child, and its year.",
        subject_to_be_told=True, subject_told_reasons="He will be told in person by his "
        "offender manager before the disclosure.",
        self_disclosure=False, community_risk_assessment=True)
    return values


def stage6(story: Story, outcome: Outcome, at: datetime, officer: str,
           recipient: str = "", *, recipient_is_applicant: bool = True) -> dict[str, Any]:
    if outcome is Outcome.DISCLOSED:
        return {
            "disclosed_at": to_iso(at), "disclosed_place": "Harrowmere police station, "
            "family room", "disclosed_by": officer, "childrens_services_present": True,
            "others_present": "A social worker from Harrowmere Children's Social Care",
            "recipient_name": recipient,
            "verbatim": f"{story.subject.full_name} has a conviction for a sexual offence "
            "against a child. You must use this only to keep your children safe.",
            "warning_use_only_safeguarding": True, "warning_confidential": True,
            "warning_legal_proceedings": True, "undertaking_signed": True,
            "other_children_contact_told": True, "form_retained_by_police": True,
            "disclosure_made": True, "subject_told_by": "His offender manager",
            "subject_told_at": to_iso(at - timedelta(hours=20)),
            "subject_told_in_person": True, "subject_given_scheme_info": True,
            "subject_response": "He said he understood and did not object.",
            **({} if recipient_is_applicant else {
                "applicant_told": "That the police had acted on the application and that "
                "the information went to the person best placed to protect the child; "
                "nothing of what was disclosed."})}
    values: dict[str, Any] = {
        "conveyed_by": "visit" if outcome is Outcome.NO_CONCERNS else "letter",
        "conveyed_on": local(at).isoformat(), "told_no_info_not_no_risk": True,
        "safeguarding_advice_given": True}
    if outcome is not Outcome.NO_CONCERNS:
        values.update(address_safe=True, behaviour_contact="Phoned the applicant at work "
                      "to talk through the behaviour that worried them.",
                      behaviour_advice="Do not leave the children alone with him; call "
                      "us or children's social care at once if anything changes.")
    return values


def stage6_not_made(made: dict[str, Any]) -> dict[str, Any]:
    """The same meeting, but the recipient refused the undertaking and the police did not go
    ahead (¶5.6.21): nothing was disclosed."""
    keep = ("disclosed_at", "disclosed_place", "disclosed_by", "childrens_services_present",
            "others_present", "recipient_name", "applicant_told")
    values = {k: made[k] for k in keep if k in made}
    values.update(
        disclosure_made=False, not_made_reason="undertaking_refused",
        not_made_details="The recipient would not sign the undertaking. After a call with the "
        "duty inspector the disclosure was not made; the recipient was given safeguarding "
        "advice and the refusal goes back to the strategy meeting.",
        undertaking_signed=False, proceed_despite_refusal=False,
        refusal_decision_reasons="Without the undertaking there was a real risk the "
        "information would be passed round the family.")
    if "applicant_told" in made:  # the recipient was not the applicant (¶4.3, 5.6.19)
        values["applicant_told"] = ("That the police had acted on the application and are "
                                    "working to keep the child safe; nothing about the "
                                    "subject.")
    return values
