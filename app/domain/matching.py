"""Repeat-subject matching (¶6.1): has this subject been the subject of another case?

Scores how likely two recorded subjects are one person and says why in plain
English. It only suggests; an officer decides.

Normalisation. Latin-script names: NFKC, casefold, accents stripped (NFKD,
combining marks dropped; ø, ł, æ... spelt out), apostrophes removed (O'Brien =
OBrien), hyphens and other punctuation read as spaces. Surnames are compared
compact ("Smith-Jones" = "Smith Jones"). Phonetic codes (jellyfish metaphone,
NYSIIS) and spelling similarity (rapidfuzz) apply to Latin script only; other
scripts are compared exactly after NFKC casefold. A missing surname (subject
only described, or "unknown"/"n/k") gives no name evidence.

Scoring, 0..1; ``DEFAULT_THRESHOLD`` (0.6) flags a possible match. Name
strength is the best over all pairs of names (recorded name and aliases on
each side): 1.0 same full name; 0.9 same surname and first forename, or the
same words in another order; 0.85 same surname and forenames sounding alike,
or surnames sounding alike and the same first forename; 0.8 both sound alike;
0.7 surnames alike and same initial, or same surname with a forename missing;
≤ 0.45 same surname only, or names spelt similarly. Then, with a strong name
(≥ 0.7): same DOB → 0.96–0.98 (very high); same year of birth (±1 when a year
is estimated from an age) → 0.8–0.85; nothing to compare → 0.49–0.55 (common
names alone are not flagged); DOB or year conflict → ≤ 0.25. A name found
only through an alias adds 0.1 (someone recorded that the subject uses it).
A shared address adds 0.3 when there is any name similarity (a weaker match,
~0.6–0.65 for a surname only), but any DOB/year conflict caps the score at
0.45 (father and son at one address). Same DOB alone or same address alone
→ 0.3.

Blocking keys (``identity_keys``): storage indexes them per case and fetches
candidates sharing any key; ``score_match`` decides. Each key is selective in
a 100,000-case store: ``n:<first forename>|<surname>`` for the name and each
alias (tens of rows for the commonest names); ``d:<dob>`` (≈ 5 per date; an
estimated 1 January may return a few hundred); for Latin names with a birth
year ``p:<metaphone surname>|<initial>|<year>``, ``y:<nysiis surname>|
<initial>|<year>`` and ``f:<metaphone forename>|<metaphone surname>|<year>``
(years −1..+1 when estimated); ``a:<compact address>`` (a hostel may return
many). There is no key on year, initial or phonetic code alone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

DEFAULT_THRESHOLD = 0.6

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʼʻ"), None)
_LATIN_EXTRA = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)
_PLACEHOLDER_SURNAMES = frozenset(
    {"", "unknown", "not known", "nk", "n k", "none", "na", "n a", "x", "xx", "xxx"}
)
_ADDRESS_WORDS = {"road": "rd", "street": "st", "avenue": "ave", "lane": "ln", "drive": "dr"}
_ADDRESS_WORDS |= {"crescent": "cres", "place": "pl", "court": "ct", "gardens": "gdns"}
_ADDRESS_DROP = frozenset({"flat", "apartment", "no", "number"})
_NO_ADDRESS = frozenset({"nfa", "nofixedabode", "unknown", "notknown", "nk", "none"})
_MIN_ADDRESS_LEN = 6


@dataclass(frozen=True)
class SubjectIdentity:
    """Who a case's subject is, as far as matching needs.

    ``birth_year`` comes from ``dob`` when known, else from an approximate
    age and the contact date (then treated as ±1).
    """

    case_id: int
    surname: str
    forenames: str
    dob: date | None = None
    birth_year: int | None = None
    aliases: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        return self.dob.year if self.dob is not None else self.birth_year

    @property
    def year_is_estimate(self) -> bool:
        return self.dob is None and self.birth_year is not None


@dataclass(frozen=True)
class Match:
    case_id: int
    score: float
    reasons: tuple[str, ...]


def is_latin(text: str) -> bool:
    """True when every letter in ``text`` is Latin script (and there is one)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


def _clean(text: str, latin: bool) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    if latin:
        text = unicodedata.normalize("NFKD", text.translate(_LATIN_EXTRA))
        text = "".join(c for c in text if not unicodedata.combining(c))
    out = [c if c.isalnum() else " " for c in text]
    return " ".join("".join(out).split())


def normalise_text(text: str) -> str:
    """Casefolded, accent-free (Latin only), punctuation and spaces collapsed."""
    return _clean(text, is_latin(text))


@dataclass(frozen=True)
class _Name:
    display: str
    surname_display: str
    surname_parts: tuple[str, ...]
    forenames: tuple[str, ...]
    surname: str  # compact, no spaces
    latin: bool
    alias: bool

    @property
    def first(self) -> str:
        return self.forenames[0] if self.forenames else ""


def _make_name(surname: str, forenames: str, display: str, alias: bool) -> _Name | None:
    latin = is_latin(surname + forenames)
    sur = _clean(surname, latin)
    if sur in _PLACEHOLDER_SURNAMES:
        return None
    fore = tuple(_clean(forenames, latin).split())
    upper = " ".join(display.split()).upper(), " ".join(surname.split()).upper()
    return _Name(*upper, tuple(sur.split()), fore, sur.replace(" ", ""), latin, alias)


def _split_full_name(full: str) -> tuple[str, str]:
    """An alias as written ("Jon Paul Smyth-Jones") → (surname, forenames)."""
    words = full.split() or [""]
    return words[-1], " ".join(words[:-1])


def _names(identity: SubjectIdentity) -> list[_Name]:
    full = f"{identity.forenames} {identity.surname}"
    made = [_make_name(identity.surname, identity.forenames, full, alias=False)]
    made += [_make_name(*_split_full_name(a), a, alias=True) for a in identity.aliases]
    return [name for name in made if name is not None]


def normalise_address(address: str) -> str:
    """Compact address: words standardised, all spacing removed ("" if none)."""
    words = normalise_text(address).split()
    compact = "".join(_ADDRESS_WORDS.get(w, w) for w in words if w not in _ADDRESS_DROP)
    if "".join(words) in _NO_ADDRESS or len(compact) < _MIN_ADDRESS_LEN:
        return ""
    return compact


def _ascii(text: str) -> str:
    return "".join(c for c in text if "a" <= c <= "z")


def _metaphone(text: str) -> str:
    return jellyfish.metaphone(_ascii(text)) if _ascii(text) else ""


def _nysiis(text: str) -> str:
    return jellyfish.nysiis(_ascii(text)) if _ascii(text) else ""


def _years(identity: SubjectIdentity) -> list[int]:
    year = identity.year
    if year is None:
        return []
    return [year - 1, year, year + 1] if identity.year_is_estimate else [year]


def identity_keys(identity: SubjectIdentity) -> set[str]:
    """Blocking keys for the candidate lookup table (see module docstring)."""
    keys: set[str] = set()
    years = _years(identity)
    for name in _names(identity):
        keys.add(f"n:{name.first}|{name.surname}")
        if not name.latin:
            continue
        sur_m, sur_n = _metaphone(name.surname), _nysiis(name.surname)
        initial = _ascii(name.first)[:1]
        fore_m = _metaphone(name.first)
        for year in years:
            if sur_m:
                keys.add(f"p:{sur_m}|{initial}|{year}")
                if fore_m:
                    keys.add(f"f:{fore_m}|{sur_m}|{year}")
            if sur_n:
                keys.add(f"y:{sur_n}|{initial}|{year}")
    if identity.dob is not None:
        keys.add(f"d:{identity.dob.isoformat()}")
    for address in identity.addresses:
        norm = normalise_address(address)
        if norm:
            keys.add(f"a:{norm}")
    return keys


def _sounds_alike(x: str, y: str) -> bool:
    mx, nx = _metaphone(x), _nysiis(x)
    return bool(mx and mx == _metaphone(y)) or bool(nx and nx == _nysiis(y))


def _forenames_sound_alike(x: str, y: str) -> bool:
    # Metaphone only: NYSIIS folds too many forenames together (JAMES ~ JOHN).
    mx = _metaphone(x)
    return bool(mx) and mx == _metaphone(y)


def _spelt_alike(x: str, y: str) -> bool:
    if min(len(x), len(y)) < 4:
        return False
    return JaroWinkler.similarity(x, y) >= 0.92 and JaroWinkler.similarity(y, x) >= 0.92


def _surname_relation(x: _Name, y: _Name) -> tuple[str, str | None]:
    """('same'|'alike'|'none', reason)."""
    if x.surname == y.surname:
        return "same", None
    if not (x.latin and y.latin):
        return "none", None
    a, b = sorted((x.surname_display, y.surname_display))
    if _sounds_alike(x.surname, y.surname):
        return "alike", f"surname sounds alike ({a} ~ {b})"
    if _spelt_alike(x.surname, y.surname):
        return "alike", f"surname spelt similarly ({a} ~ {b})"
    parts_x, parts_y = set(x.surname_parts), set(y.surname_parts)
    if len(parts_x | parts_y) > 1 and parts_x & parts_y:
        return "alike", f"surnames share a part ({a} ~ {b})"
    return "none", None


def _name_strength(x: _Name, y: _Name) -> tuple[float, list[str]]:
    """Symmetric evidence that two names belong to one person."""
    if x.surname == y.surname and x.forenames and x.forenames == y.forenames:
        return 1.0, ["same name"]
    both_latin = x.latin and y.latin
    if x.forenames and y.forenames:
        words_x = sorted((*x.forenames, x.surname))
        words_y = sorted((*y.forenames, y.surname))
        if words_x == words_y:
            return 0.9, ["same name, words in a different order"]
    sur, sur_reason = _surname_relation(x, y)
    reasons = [sur_reason] if sur_reason else []
    if sur == "none":
        if both_latin and x.forenames and y.forenames:
            ratio = fuzz.token_sort_ratio(
                " ".join((*x.forenames, x.surname)), " ".join((*y.forenames, y.surname))
            )
            if ratio >= 85:
                return 0.45, ["names spelt similarly"]
        return 0.0, []
    if sur == "same":
        reasons.append("same surname")
    if not x.forenames or not y.forenames:
        return (0.7 if sur == "same" else 0.65), [*reasons, "forename not recorded for one of them"]
    same_first = x.first == y.first
    fore_alike = both_latin and not same_first and _forenames_sound_alike(x.first, y.first)
    same_initial = both_latin and x.first[:1] == y.first[:1]
    if same_first:
        reasons.append("same first forename")
        return (0.9 if sur == "same" else 0.85), reasons
    if fore_alike:
        a, b = sorted((x.first.upper(), y.first.upper()))
        reasons.append(f"forenames sound alike ({a} ~ {b})")
        return (0.85 if sur == "same" else 0.8), reasons
    if same_initial:
        reasons.append("same forename initial")
        return 0.7, reasons
    return 0.45 if sur == "same" else 0.3, reasons


class _Dob(Enum):
    SAME, CONFLICT, YEAR_SAME, YEAR_CONFLICT, UNKNOWN = range(5)


def _dob_relation(a: SubjectIdentity, b: SubjectIdentity) -> tuple[_Dob, str | None]:
    if a.dob is not None and b.dob is not None:
        if a.dob == b.dob:
            return _Dob.SAME, "same date of birth"
        return _Dob.CONFLICT, None
    ya, yb = a.year, b.year
    if ya is None or yb is None:
        return _Dob.UNKNOWN, None
    if ya == yb:
        return _Dob.YEAR_SAME, "same year of birth"
    if abs(ya - yb) <= 1 and (a.year_is_estimate or b.year_is_estimate):
        return _Dob.YEAR_SAME, "year of birth within a year (age estimated)"
    return _Dob.YEAR_CONFLICT, None


def _shared_address(a: SubjectIdentity, b: SubjectIdentity) -> bool:
    left = {normalise_address(x) for x in a.addresses} - {""}
    right = {normalise_address(x) for x in b.addresses} - {""}
    return bool(left & right)


def _best_names(a: SubjectIdentity, b: SubjectIdentity) -> tuple[float, bool, list[str]]:
    """Best name pair: (strength, found only through an alias, reasons).

    On a tie a pair of recorded names is preferred to a pair using an alias,
    so the result does not depend on argument order.
    """
    best: tuple[float, bool] = (0.0, False)
    best_reasons: list[str] = []
    for x in _names(a):
        for y in _names(b):
            strength, reasons = _name_strength(x, y)
            via_alias = x.alias or y.alias
            if strength == 0.0 or (strength, not via_alias) <= (best[0], not best[1]):
                continue
            if via_alias and strength == 1.0:
                reasons = [f"alias matches ({x.display})"]
            elif via_alias:
                reasons = [f"alias matches ({x.display} ~ {y.display})", *reasons]
            best, best_reasons = (strength, via_alias), reasons
    return best[0], best[1], best_reasons


def name_strength(a: SubjectIdentity, b: SubjectIdentity) -> float:
    """How strongly the names alone (recorded names and aliases) say one person, 0..1
    (the scale in the module docstring: ≥ 0.7 strong; 0.65 surnames alike with a
    forename missing; ≤ 0.45 same surname only)."""
    return _best_names(a, b)[0]


def _combine(ns: float, dob: _Dob, address: bool, via_alias: bool = False) -> float:
    conflict = dob in (_Dob.CONFLICT, _Dob.YEAR_CONFLICT)
    if ns >= 0.7:  # strong name
        strong = {_Dob.SAME: 0.9 + 0.08 * ns, _Dob.YEAR_SAME: 0.7 + 0.15 * ns}
        base = (strong | {_Dob.UNKNOWN: 0.35 + 0.2 * ns}).get(dob, 0.15 + 0.1 * ns)
    elif ns > 0.0:  # weak name
        weak = {_Dob.SAME: 0.45 + 0.2 * ns, _Dob.YEAR_SAME: 0.3 + 0.2 * ns}
        base = (weak | {_Dob.UNKNOWN: 0.25 + 0.2 * ns}).get(dob, 0.1)
    else:
        base = 0.3 if dob is _Dob.SAME else 0.0
    if via_alias and ns >= 0.7 and not conflict:
        base += 0.1  # someone recorded that the subject uses this name
    if address:
        base = base + 0.3 if ns > 0.0 else max(base, 0.3)
    if conflict:
        base = min(base, 0.45)
    return round(min(1.0, max(0.0, base)), 4)


def score_match(a: SubjectIdentity, b: SubjectIdentity) -> Match | None:
    """How likely ``b`` is the same person as ``a``; None if nothing in common.

    The score is symmetric; ``Match.case_id`` is ``b.case_id``.
    """
    ns, via_alias, name_reasons = _best_names(a, b)
    dob, dob_reason = _dob_relation(a, b)
    address = _shared_address(a, b)
    score = _combine(ns, dob, address, via_alias)
    if score <= 0.0:
        return None
    reasons: list[str] = []
    if dob_reason:
        reasons.append(dob_reason)
    reasons.extend(name_reasons)
    if address:
        reasons.append("same address")
    if dob is _Dob.CONFLICT:
        reasons.append("but dates of birth differ")
    elif dob is _Dob.YEAR_CONFLICT:
        reasons.append("but years of birth differ")
    return Match(case_id=b.case_id, score=score, reasons=tuple(dict.fromkeys(reasons)))


def find_matches(
    candidate: SubjectIdentity,
    others: Iterable[SubjectIdentity],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Match]:
    """Other cases scoring at least ``threshold``, best first (then case id)."""
    found: list[Match] = []
    for other in others:
        if other.case_id == candidate.case_id:
            continue
        match = score_match(candidate, other)
        if match is not None and match.score >= threshold:
            found.append(match)
    found.sort(key=lambda m: (-m.score, m.case_id))
    return found
