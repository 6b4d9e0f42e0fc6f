"""The people of one synthetic demo case and why the applicant came to the police.

``make_story`` invents a ``Story`` (applicant, children, subject, the situation); the
record helpers turn its people into the values the stage forms hold
(``app.demo.forms`` builds each stage from them). All of it is invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.demo.people import OTHER_FORCES, People, Person
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
_WORK = ("Delivery driver", "Self-employed plasterer", "Warehouse operative",
         "Taxi driver; volunteer at a youth club", "Unemployed", "Chef at a hotel",
         "Scaffolder", "IT support contractor", "Bus driver", "Care assistant")


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


def person_record(p: Person) -> dict[str, Any]:
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


def children_records(story: Story) -> list[dict[str, Any]]:
    return [{"name": c.full_name, "dob": c.dob.isoformat(), "gender": c.gender,
             "place_of_birth": c.place_of_birth, "ethnicity": c.ethnicity,
             "applicant_relationship": story.applicant_role,
             "subject_contact": list(story.contact_with_child)} for c in story.children]


def safe_contact(story: Story) -> dict[str, Any]:
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
