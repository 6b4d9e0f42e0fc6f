"""Stage values for the demo unit's synthetic cases.

Each case gets a ``Story`` (applicant, children, subject and why they asked),
and the builders below turn it into the values of each stage at the moment
that stage is worked on. Every builder's result passes ``validate_stage``;
the free text is invented for the demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app.clock import to_iso
from app.demo.kinds import Outcome
from app.demo.people import OTHER_FORCES, OWNING_FORCE, People, Person
from app.domain.timescales import LONDON

_EX = "My ex-partner's new partner"
# (relationship to applicant, other text, contact with the child, applicant's relationship,
#  reason, concerning behaviour). {s} subject's first name, {c} a child's first name.
_SITUATIONS: tuple[tuple[str, str, tuple[str, ...], str, str, str], ...] = (
    ("partner_living_together", "", ("lives_with",), "parent",
     "{s} moved in with me and the children in the spring. A cousin of his told me he "
     "'had to keep away from kids' after something years ago and I need to know if {c} is "
     "safe.", "He has started insisting he puts {c} to bed and gets cross if I go up."),
    ("boyfriend_girlfriend", "", ("unsupervised_access",), "parent",
     "I have been seeing {s} for a few months and he offers to mind {c} after school. "
     "Someone at the school gate said he was on 'a list'.",
     "He buys {c} expensive presents and tells {c} to keep them secret from me."),
    ("other", _EX, ("lives_with",), "parent",
     "My children stay every other weekend with their mum, and her new partner {s} has "
     "moved in. I want to know whether he has any history with children.",
     "{c} says {s} walks into the bathroom when {c} is in the bath and laughs about it."),
    ("neighbour", "", ("other",), "parent",
     "{s} lives two doors down and keeps inviting the children on our street into his "
     "house to play computer games.",
     "He has given {c} a mobile phone and messages late at night."),
    ("other", "My daughter's partner", ("lives_with",), "grandparent",
     "My daughter's partner {s} lives with her and my grandchild {c}. My daughter will not "
     "listen to me, but I have heard he has a conviction.",
     "He shouts at {c} and I have seen him slap the back of {c}'s legs."),
    ("other", "My child's sports coach", ("unsupervised_access", "online_or_phone"), "parent",
     "{s} coaches {c}'s junior team and has offered one-to-one sessions at his home.",
     "He follows several of the players on social media and sends them private messages."),
    ("friend", "", ("online_or_phone",), "parent",
     "{s} is an old family friend who has started messaging {c} online a lot.",
     "He asked {c} for photos and told {c} not to tell me because I 'would not understand'."),
    ("other", "Lodger", ("lives_with",), "carer",
     "We took {s} in as a lodger through a friend. I am a foster carer for {c} and need to "
     "be sure he is safe to have in the house.", ""),
    ("friend", "", ("unsupervised_access",), "parent",
     "{s} is a friend who babysits for me sometimes. Another mum told me he was questioned "
     "by the police about a child a few years ago.", ""),
    ("husband_wife", "", ("lives_with",), "parent",
     "I found images on the family tablet that worried me after {s} had been using it. "
     "I want to know if he has done anything like this before.",
     "He spends hours alone in his room online and locks the door."),
)
_PLACES = ("Harrowmere police station, interview room 3", "Calderbrook Family Centre",
           "Applicant's sister's home", "Kirkholme police office, quiet room",
           "Netherstowe library meeting room", "Applicant's workplace, private office")
_WORK = ("Delivery driver", "Self-employed plasterer", "Warehouse operative",
         "Taxi driver; volunteer at a youth club", "Unemployed", "Chef at a hotel",
         "Scaffolder", "IT support contractor", "Bus driver", "Care assistant")
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
@dataclass
class Story:
    """The people of one case and what brought the applicant to the police."""

    applicant: Person
    children: list[Person]
    subject: Person
    relationship: str
    relationship_other: str
    contact_with_child: tuple[str, ...]
    applicant_role: str
    reason: str
    behaviour: str
    other_parent: Person | None
    phone: str
    method: str
    aliases: list[str] = field(default_factory=list)
    occupation: str = ""
    contact_method: str = "telephone"
    visor: bool = False
    consent: bool = True
    responding_force: str = ""
    immediate_risk: bool = False


def make_story(people: People, rng: random.Random, day: date) -> Story:
    situation = rng.choice(_SITUATIONS)
    rel, rel_other, contact, role, reason, behaviour = situation
    applicant_gender = "female" if rng.random() < 0.8 and rel_other != _EX else "male"
    min_age = 38 if role == "grandparent" else 19
    applicant = people.adult(day, gender=applicant_gender, min_age=min_age,
                             max_age=72 if role == "grandparent" else 48)
    age = day.year - applicant.dob.year
    partner = rel in ("partner_living_together", "boyfriend_girlfriend", "husband_wife")
    subject = people.adult(day, gender="male", min_age=max(19, age - 6) if partner else 20,
                           max_age=min(64, age + 12) if partner else 64)
    parent = applicant
    other_parent = None
    if role == "grandparent":
        parent = people.adult(day, gender="female", min_age=19, max_age=max(
            20, day.year - applicant.dob.year - 18), surname=applicant.surname)
        other_parent = parent
    elif rng.random() < 0.5:
        other_parent = people.adult(day, gender="male" if applicant_gender == "female"
                                    else "female", min_age=20, max_age=50)
    count = rng.choices((1, 2, 3), weights=(55, 35, 10))[0]
    children = [people.child(day, parent) for _ in range(count)]
    names = {"s": subject.first, "c": children[0].first}
    return Story(
        applicant=applicant, children=children, subject=subject, relationship=rel,
        relationship_other=rel_other, contact_with_child=contact, applicant_role=role,
        reason=reason.format(**names), behaviour=behaviour.format(**names),
        other_parent=other_parent, phone=people.phone(),
        method=rng.choice(("mobile", "mobile", "phone", "email", "in_person")),
        visor=rng.random() < 0.12, consent=rng.random() < 0.85,
        responding_force=rng.choice(OTHER_FORCES) if rng.random() < 0.1 else "",
        occupation=rng.choice(_WORK),
        contact_method=rng.choice(("attended_station", "telephone", "telephone", "online",
                                   "street_encounter", "incident_call")),
    )


def _person(p: Person) -> dict[str, Any]:
    return {"surname": p.surname, "forenames": p.forenames, "other_names": p.other_names,
            "dob": p.dob.isoformat(), "place_of_birth": p.place_of_birth,
            "address": p.address, "gender": p.gender, "ethnicity": p.ethnicity,
            "language": p.language}


def subject_record(story: Story) -> dict[str, Any]:
    s = story.subject
    record: dict[str, Any] = {
        "surname": s.surname, "forenames": s.forenames,
        "aliases": [{"name": a} for a in [*story.aliases, s.other_names] if a],
        "dob": s.dob.isoformat(), "place_of_birth": s.place_of_birth,
        "address": story.applicant.address if "lives_with" in story.contact_with_child
        else s.address,
        "ethnicity": s.ethnicity, "gender": s.gender,
        "occupation": story.occupation,
        "relationship_to_applicant": story.relationship, "visor_marker": story.visor,
    }
    if story.relationship == "other":
        record["relationship_other"] = story.relationship_other
    return record


def _children(story: Story) -> list[dict[str, Any]]:
    return [{"name": c.full_name, "dob": c.dob.isoformat(), "gender": c.gender,
             "place_of_birth": c.place_of_birth, "ethnicity": c.ethnicity,
             "applicant_relationship": story.applicant_role,
             "subject_contact": list(story.contact_with_child)} for c in story.children]


def _safe_contact(story: Story) -> dict[str, Any]:
    lives_with = "lives_with" in story.contact_with_child
    details = story.phone if story.method in ("mobile", "phone") else (
        f"{story.applicant.first.lower()}.{len(story.reason)}@example.org"
        if story.method == "email" else "Ask for the applicant at the family centre reception")
    return {"method": story.method, "where": "At work" if lives_with else "At home",
            "when": "Weekdays 9:30 to 14:30", "details": details,
            "issues": "The subject lives at the home address; never write or call there."
            if lives_with else ""}


def local(instant: datetime) -> date:
    return instant.astimezone(LONDON).date()


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
        "applicant": _person(story.applicant), "safe_contact": _safe_contact(story),
        "parents": parents, "subject": subject_record(story), "children": _children(story),
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
        values["applicant"] = _person(applicant)
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
        "applicant": _person(story.applicant), "safe_contact": _safe_contact(story),
        "subject": subject_record(story), "children": _children(story),
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
           recipient: str = "") -> dict[str, Any]:
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
            **({} if recipient == story.applicant.full_name else {
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
            "others_present", "recipient_name")
    values = {k: made[k] for k in keep if k in made}
    values.update(
        disclosure_made=False, not_made_reason="undertaking_refused",
        not_made_details="The recipient would not sign the undertaking. After a call with the "
        "duty inspector the disclosure was not made; the recipient was given safeguarding "
        "advice and the refusal goes back to the strategy meeting.",
        undertaking_signed=False, proceed_despite_refusal=False,
        refusal_decision_reasons="Without the undertaking there was a real risk the "
        "information would be passed round the family.")
    return values
