"""Synthetic people for the demo unit: invented names, streets, towns and postcodes.

Nothing here describes a real person. Forenames and surnames are drawn from
lists of many origins (some recorded in Greek, Arabic or Chinese script, as an
officer would copy them from a document) and combined at random; streets and
towns are made up, and every postcode area starts with Q, V, X or Z, which no
real UK postcode area uses outside ZE (Shetland). Phone numbers come from
Ofcom's ranges reserved for drama (07700 900xxx, 01632 960xxx) and e-mail
addresses use the reserved example.org domain.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta


@dataclass(frozen=True)
class Origin:
    ethnicity: str  # a value of the forms' ETHNICITY choice
    language: str
    born_abroad: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]
    native: tuple[tuple[str, str], ...] = ()  # Latin spelling -> native script
    surname_first: bool = False  # native full name written surname first, no space


_ORIGINS: tuple[Origin, ...] = (
    Origin("white", "English", (),
           ("Hannah", "Chloe", "Rebecca", "Gemma", "Leanne", "Kirsty", "Abigail", "Natalie",
            "Stacey", "Lauren", "Joanne", "Bethany"),
           ("Craig", "Darren", "Wayne", "Liam", "Jamie", "Scott", "Gareth", "Dean", "Ryan",
            "Stuart", "Nathan", "Kieran"),
           ("Ashworth", "Pilkington", "Fairclough", "Brindle", "Entwistle", "Catterall",
            "Sowerby", "Thwaite", "Greenhalgh", "Holroyd", "Ormerod", "Blackledge", "Duckworth",
            "Pickles", "Cowgill", "Rushton", "Tattersall", "Haworth")),
    Origin("white", "English", ("Cork, Ireland", "Galway, Ireland"),
           ("Siobhán", "Aoife", "Niamh", "Catriona", "Eilidh", "Cerys", "Ffion", "Rhiannon"),
           ("Cormac", "Pádraig", "Ruaridh", "Dafydd", "Rhys", "Ewan", "Callum", "Eoin"),
           ("O'Rourke", "McAllister", "Ó Súilleabháin", "Gallacher", "Pritchard", "Llewellyn",
            "MacKinnon", "Donnachie", "Breathnach", "Cadwaladr")),
    Origin("white", "Polish", ("Gdańsk, Poland", "Łódź, Poland", "Rzeszów, Poland"),
           ("Małgorzata", "Agnieszka", "Katarzyna", "Joanna", "Zofia", "Aleksandra"),
           ("Łukasz", "Paweł", "Krzysztof", "Tomasz", "Michał", "Grzegorz"),
           ("Kowalczyk", "Wiśniewski", "Zieliński", "Wróbel", "Szymański", "Dąbrowski",
            "Kaczmarek", "Jabłoński")),
    Origin("white", "Romanian", ("Cluj-Napoca, Romania", "Iași, Romania"),
           ("Ioana", "Andreea", "Mihaela", "Roxana"),
           ("Ionuț", "Florin", "Mihai", "Răzvan"),
           ("Dumitrescu", "Constantinescu", "Vasilescu", "Ștefănescu", "Moldoveanu")),
    Origin("white", "Greek", ("Thessaloniki, Greece", "Patras, Greece", "Limassol, Cyprus"),
           ("Eleni", "Sofia", "Katerina", "Despina"),
           ("Dimitris", "Giorgos", "Nikos", "Stavros"),
           ("Papadakis", "Karagiannis", "Theodorou", "Antoniou", "Christodoulou"),
           native=(("Eleni", "Ελένη"), ("Sofia", "Σοφία"), ("Katerina", "Κατερίνα"),
                   ("Despina", "Δέσποινα"), ("Dimitris", "Δημήτρης"), ("Giorgos", "Γιώργος"),
                   ("Nikos", "Νίκος"), ("Stavros", "Σταύρος"), ("Papadakis", "Παπαδάκης"),
                   ("Papadaki", "Παπαδάκη"), ("Karagiannis", "Καραγιάννης"),
                   ("Karagianni", "Καραγιάννη"), ("Theodorou", "Θεοδώρου"),
                   ("Antoniou", "Αντωνίου"), ("Christodoulou", "Χριστοδούλου"))),
    Origin("other", "Arabic", ("Alexandria, Egypt", "Amman, Jordan", "Homs, Syria"),
           ("Layla", "Amira", "Noor", "Yasmin", "Rania"),
           ("Yusuf", "Karim", "Omar", "Tariq", "Hamza"),
           ("Haddad", "Mansour", "Khalil", "Saleh", "Darwish", "Qasim"),
           native=(("Layla", "ليلى"), ("Amira", "أميرة"), ("Noor", "نور"),
                   ("Yasmin", "ياسمين"), ("Rania", "رانيا"), ("Yusuf", "يوسف"),
                   ("Karim", "كريم"), ("Omar", "عمر"), ("Tariq", "طارق"), ("Hamza", "حمزة"),
                   ("Haddad", "حداد"), ("Mansour", "منصور"), ("Khalil", "خليل"),
                   ("Saleh", "صالح"), ("Darwish", "درويش"), ("Qasim", "قاسم"))),
    Origin("chinese", "Cantonese", ("Guangzhou, China", "Kowloon, Hong Kong"),
           ("Xiaoling", "Meiying", "Jiahui", "Yuqing"),
           ("Wei", "Jianguo", "Haoran", "Zhiqiang"),
           ("Chen", "Lin", "Huang", "Zhou", "Liang"),
           native=(("Xiaoling", "晓玲"), ("Meiying", "美英"), ("Jiahui", "嘉慧"),
                   ("Yuqing", "雨晴"), ("Wei", "伟"), ("Jianguo", "建国"), ("Haoran", "浩然"),
                   ("Zhiqiang", "志强"), ("Chen", "陈"), ("Lin", "林"), ("Huang", "黄"),
                   ("Zhou", "周"), ("Liang", "梁")),
           surname_first=True),
    Origin("asian", "Urdu", ("Mirpur, Pakistan", "Sylhet, Bangladesh", "Ludhiana, India"),
           ("Sana", "Ayesha", "Priya", "Harpreet", "Nusrat", "Farzana"),
           ("Imran", "Bilal", "Sandeep", "Arjun", "Kamran", "Faisal"),
           ("Chaudhry", "Bhatti", "Sandhu", "Mirza", "Raza", "Dhillon", "Rahman")),
    Origin("black", "English", ("Lagos, Nigeria", "Enugu, Nigeria", "Kumasi, Ghana"),
           ("Chiamaka", "Funmilayo", "Folasade", "Abena", "Efua", "Ngozi"),
           ("Chinedu", "Olumide", "Kwabena", "Tunde", "Emeka", "Kofi"),
           ("Adeyemi", "Nwachukwu", "Mensah", "Oyelaran", "Amoako", "Ezeani", "Ogunbiyi")),
    Origin("black", "Somali", ("Hargeisa, Somaliland", "Kismayo, Somalia"),
           ("Hodan", "Fadumo", "Ubah", "Sagal"),
           ("Abdirahman", "Mahad", "Liban", "Guled"),
           ("Warsame", "Jama", "Hersi", "Egal", "Abdulle")),
    Origin("black", "English", ("Kingston, Jamaica", "Bridgetown, Barbados"),
           ("Shanice", "Tameka", "Marcia", "Jodie-Ann"),
           ("Delroy", "Winston", "Tyrone", "Marlon"),
           ("Henriques", "Barrett", "Clarke-Lindo", "Forbes", "Grant-Ellis")),
    Origin("white", "Portuguese", ("Porto, Portugal", "Funchal, Madeira"),
           ("Inês", "Joana", "Mariana"),
           ("João", "Tiago", "Rui"),
           ("Gonçalves", "Magalhães", "Conceição", "Brandão")),
    Origin("other", "Turkish", ("İzmir, Türkiye", "Diyarbakır, Türkiye"),
           ("Gülşen", "Elif", "Derya"),
           ("Emre", "Serkan", "Barış"),
           ("Yılmaz", "Öztürk", "Aydın", "Çelik", "Şahin")),
    Origin("white", "Lithuanian", ("Kaunas, Lithuania", "Brno, Czechia"),
           ("Rūta", "Eglė", "Zdeňka"),
           ("Žilvinas", "Tomáš", "Jiří"),
           ("Kazlauskas", "Vaitkus", "Novotný", "Petrauskas")),
    Origin("asian", "Vietnamese", ("Hải Phòng, Vietnam",),
           ("Thị Hoa", "Ngọc Anh", "Thu Trang"),
           ("Văn Minh", "Đức Anh", "Quang Huy"),
           ("Nguyễn", "Trần", "Phạm", "Lê")),
)

_WEIGHTS = (28, 8, 8, 4, 5, 5, 5, 9, 7, 4, 5, 3, 3, 3, 3)

TOWNS: tuple[tuple[str, str], ...] = (
    ("Harrowmere", "QH"), ("Calderbrook", "QC"), ("Ashby Fenwick", "XA"),
    ("Kirkholme", "XK"), ("Netherstowe", "VN"), ("Brackenfold", "VB"),
    ("Saltley Bridge", "ZS"), ("Marrowdale", "ZM"), ("Upper Tarncliffe", "QT"),
    ("Hollinsworth", "VH"), ("Wrenfield", "XW"), ("Lowther Vale", "QL"),
)
_STREET_FIRST = (
    "Larkspur", "Thistledown", "Fennimore", "Cobbleway", "Ravensgate", "Whinmoor",
    "Saltmarsh", "Kestrel", "Bramblewick", "Copperbeech", "Tanners", "Wychelm",
    "Foxglove", "Pennyroyal", "Millrace", "Cinderhill", "Quarrybank", "Lapwing",
    "Ropewalk", "Heatherbell", "Orchardleigh", "Skylark", "Weaversfold", "Goldcrest",
)
_STREET_KIND = ("Close", "Road", "Street", "Lane", "Avenue", "Crescent", "Court",
                "Gardens", "Way", "Mews", "Terrace", "Walk")
_FLATS = ("Flat 2, ", "Flat 7, ", "Flat 11, ", "Flat 3B, ")
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

OWNING_FORCE = "Harrowmere Constabulary (DEMO)"
OTHER_FORCES = ("Calder Dales Police", "Northfold Constabulary", "Severnside Police")


@dataclass(frozen=True)
class Person:
    forenames: str
    surname: str
    dob: date
    gender: str
    ethnicity: str
    place_of_birth: str
    language: str
    address: str
    other_names: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.forenames} {self.surname}"

    @property
    def first(self) -> str:
        return self.forenames.split()[0]


def age_on(born: date, day: date) -> int:
    years = day.year - born.year
    return years - 1 if (day.month, day.day) < (born.month, born.day) else years


class People:
    """Draws invented people from a seeded random source."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._phones = rng.sample(range(1000), 1000)

    def origin(self) -> Origin:
        return self.rng.choices(_ORIGINS, weights=_WEIGHTS)[0]

    def town(self) -> tuple[str, str]:
        return self.rng.choice(TOWNS)

    def postcode(self, area: str) -> str:
        r = self.rng
        letters = "".join(r.choice(_INWARD_LETTERS) for _ in range(2))
        return f"{area}{r.randint(1, 19)} {r.randint(1, 9)}{letters}"

    def address(self, town: tuple[str, str] | None = None) -> str:
        r = self.rng
        name, area = town or self.town()
        flat = r.choice(_FLATS) if r.random() < 0.15 else ""
        street = f"{r.choice(_STREET_FIRST)} {r.choice(_STREET_KIND)}"
        return f"{flat}{r.randint(1, 148)} {street}\n{name}\n{self.postcode(area)}"

    def phone(self) -> str:
        number = self._phones.pop() if self._phones else self.rng.randrange(1000)
        if self.rng.random() < 0.8:
            return f"07700 900{number:03d}"
        return f"01632 960{number:03d}"

    def dob(self, day: date, min_age: int, max_age: int) -> date:
        latest = _years_before(day, min_age)
        earliest = _years_before(day, max_age + 1) + timedelta(days=1)
        return earliest + timedelta(days=self.rng.randrange((latest - earliest).days + 1))

    def _names(self, origin: Origin, gender: str) -> tuple[str, str]:
        forenames = self.rng.choice(origin.female if gender == "female" else origin.male)
        surname = self.rng.choice(origin.surnames)
        if gender == "female":
            surname = _feminine(surname)
        pool = origin.female if gender == "female" else origin.male
        second = self.rng.choice(pool)
        if self.rng.random() < 0.12 and second != forenames:
            forenames = f"{forenames} {second}"
        return forenames, surname

    def adult(self, day: date, *, gender: str | None = None, min_age: int = 19,
              max_age: int = 62, origin: Origin | None = None, surname: str | None = None,
              address: str | None = None) -> Person:
        r = self.rng
        origin = origin or self.origin()
        gender = gender or r.choice(("female", "male"))
        forenames, drawn = self._names(origin, gender)
        surname = surname or drawn
        if origin.born_abroad and r.random() < 0.6:
            born = r.choice(origin.born_abroad)
        else:
            born = r.choice(TOWNS)[0]
        person = Person(forenames, surname, self.dob(day, min_age, max_age), gender,
                        origin.ethnicity, born, origin.language, address or self.address())
        return self._scripted(person, origin)

    def child(self, day: date, parent: Person, *, surname: str | None = None,
              max_age: int = 16) -> Person:
        r = self.rng
        gender = r.choice(("female", "male"))
        origin = _origin_of(parent)
        forenames = r.choice(origin.female if gender == "female" else origin.male)
        youngest_parent_age = age_on(parent.dob, day)
        oldest = max(0, min(max_age, youngest_parent_age - 17))
        dob = self.dob(day, 0, oldest)
        family = _masculine(surname or parent.surname)
        if gender == "female":
            family = _feminine(family)
        born = r.choice(TOWNS)[0]
        return Person(forenames, family, dob, gender,
                      "mixed" if r.random() < 0.15 else parent.ethnicity, born,
                      parent.language, parent.address)

    def _scripted(self, person: Person, origin: Origin) -> Person:
        """Record some names in their own script too (as copied from a passport)."""
        if not origin.native:
            return person
        table = dict(origin.native)
        words = person.forenames.split() + [person.surname]
        if not all(w in table for w in words):
            return person
        fore = " ".join(table[w] for w in person.forenames.split())
        sur = table[person.surname]
        native = f"{sur}{fore.replace(' ', '')}" if origin.surname_first else f"{fore} {sur}"
        roll = self.rng.random()
        if roll < 0.2:  # recorded in the original script, the Latin spelling as other name
            return replace(person, forenames=fore, surname=sur, other_names=person.full_name)
        if roll < 0.85:
            return replace(person, other_names=native)
        return person


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _feminine(surname: str) -> str:
    for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    if surname in ("Papadakis", "Karagiannis"):
        return surname[:-1]
    return surname


def _masculine(surname: str) -> str:
    if surname.endswith(("ska", "cka")):
        return surname[:-1] + "i"
    if surname in ("Papadaki", "Karagianni"):
        return surname + "s"
    return surname


def _origin_of(person: Person) -> Origin:
    for origin in _ORIGINS:
        names = set(origin.female) | set(origin.male) | {v for _, v in origin.native}
        if person.forenames.split()[0] in names or person.first in names:
            return origin
    return _ORIGINS[0]


@dataclass(frozen=True)
class RepeatSubject:
    """One invented person who is the subject of several cases, recorded differently.

    Each spelling is (forenames, surname, alias or ""); the date of birth is shared.
    """

    spellings: tuple[tuple[str, str, str], ...]
    gender: str
    ethnicity: str


REPEAT_SUBJECTS: tuple[RepeatSubject, ...] = (
    RepeatSubject((("Lee", "Hargreaves", ""), ("Lee", "Hargreves", ""),
                   ("Leigh", "Hargreaves", "Lee Greaves")), "male", "white"),
    RepeatSubject((("Paweł", "Zieliński", ""), ("Pawel", "Zielinski", ""),
                   ("Paul", "Zielinski", "Paweł Zieliński")), "male", "white"),
    RepeatSubject((("Stavros", "Karagiannis", ""), ("Stavros", "Karayiannis", ""),
                   ("Stav", "Karagianis", "Stavros Karagiannis")), "male", "white"),
    RepeatSubject((("Delroy", "Henriques", ""), ("Del", "Henriquez", "Delroy Henriques")),
                  "male", "black"),
    RepeatSubject((("Kamran", "Mirza", ""), ("Kamran", "Mirzah", "")), "male", "asian"),
    RepeatSubject((("Dean", "Ormerod", ""), ("Deano", "Ormerod", "Dean Ormrod")),
                  "male", "white"),
)
