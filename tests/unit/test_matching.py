"""Repeat-subject matching (¶6.1)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.matching import (
    DEFAULT_THRESHOLD,
    Match,
    SubjectIdentity,
    find_matches,
    identity_keys,
    is_latin,
    normalise_address,
    normalise_text,
    score_match,
)

S = SubjectIdentity
DOB = date(1980, 1, 1)


def must(match: Match | None) -> Match:
    assert match is not None
    return match


def flagged(a: SubjectIdentity, b: SubjectIdentity) -> bool:
    match = score_match(a, b)
    return match is not None and match.score >= DEFAULT_THRESHOLD


# --- normalisation -----------------------------------------------------------


def test_normalise_text() -> None:
    assert normalise_text("  José   MÜLLER-Schmidt ") == "jose muller schmidt"
    assert normalise_text("O'Brien") == normalise_text("OBrien") == "obrien"
    assert normalise_text("O’Brien") == "obrien"
    assert normalise_text("Søren Łukasz") == "soren lukasz"
    assert normalise_text("Straße") == "strasse"
    assert normalise_text("Ｊｏｈｎ") == "john"  # full-width, NFKC
    assert normalise_text("Владимир") == "владимир"  # non-Latin: casefold only


def test_is_latin() -> None:
    assert is_latin("Zoë O'Neil")
    assert not is_latin("王小明")
    assert not is_latin("Иван Smith")
    assert not is_latin("123")


def test_normalise_address() -> None:
    a = normalise_address("Flat 2, 12 High Street, London SW1A 1AA")
    b = normalise_address("2 12 high st london sw1a1aa")
    assert a == b != ""
    assert normalise_address("NFA") == ""
    assert normalise_address("No fixed abode") == ""
    assert normalise_address("  ") == ""


# --- planted duplicates ---------------------------------------------------------


def test_same_name_same_dob_is_very_high() -> None:
    m = must(score_match(S(1, "Smith", "John", DOB), S(2, "SMITH", "john", DOB)))
    assert m.score >= 0.95
    assert m.case_id == 2
    assert m.reasons == ("same date of birth", "same name")


def test_spelling_variant_surname() -> None:
    a = S(1, "Smith", "John", DOB)
    for variant in ("Smyth", "Smythe", "Smiht"):
        m = must(score_match(a, S(2, variant, "John", DOB)))
        assert m.score >= 0.9, variant
    m = must(score_match(S(1, "Smythe", "Jane", DOB), S(2, "Smith", "Julia", DOB)))
    assert m.score >= DEFAULT_THRESHOLD
    assert "surname sounds alike (SMITH ~ SMYTHE)" in m.reasons
    assert "same forename initial" in m.reasons


def test_phonetic_surname_initial_and_year() -> None:
    a = S(1, "Smith", "Jonathan", None, 1985)
    b = S(2, "Smyth", "Jon", date(1985, 6, 3))
    m = must(score_match(a, b))
    assert m.score >= 0.75
    assert "same year of birth" in m.reasons


def test_estimated_year_allows_one_year_either_way() -> None:
    a = S(1, "Smith", "John", None, 1985)  # from an approximate age
    assert flagged(a, S(2, "Smyth", "John", date(1984, 12, 1)))
    assert not flagged(a, S(3, "Smyth", "John", date(1990, 12, 1)))
    # both exact: a different year is a conflict
    assert not flagged(S(4, "Smith", "John", date(1985, 1, 1)), S(5, "Smith", "John", DOB))


def test_catherine_kathryn() -> None:
    m = must(score_match(S(1, "Jones", "Catherine", DOB), S(2, "Jones", "Kathryn", DOB)))
    assert m.score >= 0.9
    assert "forenames sound alike (CATHERINE ~ KATHRYN)" in m.reasons


def test_accent_and_apostrophe_variants() -> None:
    assert must(score_match(S(1, "Núñez", "José", DOB), S(2, "Nunez", "Jose", DOB))).score >= 0.95
    assert (
        must(score_match(S(1, "O'Brien", "Seán", DOB), S(2, "OBrien", "Sean", DOB))).score >= 0.95
    )
    hyphen = must(score_match(S(1, "Smith-Jones", "Amy", DOB), S(2, "Smith Jones", "Amy", DOB)))
    assert hyphen.score >= 0.95


def test_double_barrelled_surname_part() -> None:
    m = must(score_match(S(1, "Smith-Jones", "Amy", DOB), S(2, "Jones", "Amy", DOB)))
    assert m.score >= 0.9
    assert any("share a part" in r for r in m.reasons)


def test_swapped_alias_and_name() -> None:
    a = S(1, "Smyth", "Jon", aliases=("John Smith",))
    b = S(2, "Smith", "John", aliases=("Jon Smyth",))
    m = must(score_match(a, b))
    assert m.score >= DEFAULT_THRESHOLD
    assert m.reasons[0] == "same name" or any("alias" in r for r in m.reasons)


def test_alias_equals_name() -> None:
    a = S(1, "Brown", "Peter", date(1970, 3, 3), aliases=("Paddy Keane",))
    b = S(2, "Keane", "Paddy")
    m = must(score_match(a, b))
    assert m.score >= DEFAULT_THRESHOLD
    assert m.reasons == ("alias matches (PADDY KEANE)",)


def test_alias_to_alias() -> None:
    a = S(1, "Brown", "Peter", aliases=("Dave Kaye",))
    b = S(2, "Green", "Simon", aliases=("David Kay", "Dave Kaye"))
    assert flagged(a, b)


def test_same_address_with_name_similarity_is_weaker_match() -> None:
    a = S(1, "Walsh", "Terry", addresses=("5 Mill Lane, Leeds LS1 4AB",))
    b = S(2, "Walsh", "Tony", addresses=("Old house", "5 mill ln leeds ls14ab"))
    m = must(score_match(a, b))
    assert DEFAULT_THRESHOLD <= m.score < 0.9
    assert "same address" in m.reasons
    c = S(3, "Patel", "Ravi", addresses=("5 Mill Lane, Leeds LS1 4AB",))
    assert not flagged(a, c)  # same address, no name similarity


def test_non_latin_names_compared_exactly() -> None:
    a = S(1, "王", "小明", DOB)
    assert must(score_match(a, S(2, "王", "小明", DOB))).score >= 0.95
    other = score_match(a, S(3, "汪", "小明", DOB))
    assert other is None or other.score < DEFAULT_THRESHOLD
    assert flagged(S(4, "Иванов", "Иван", DOB), S(5, "ИВАНОВ", "иван", DOB))


# --- must not flag ----------------------------------------------------------------


def test_common_name_different_dob_not_flagged() -> None:
    a = S(1, "Smith", "John", date(1980, 1, 1), addresses=("1 Acacia Avenue, Hull",))
    b = S(2, "Smith", "John", date(1992, 7, 15), addresses=("22 Station Road, York",))
    m = must(score_match(a, b))
    assert m.score < DEFAULT_THRESHOLD
    assert "but dates of birth differ" in m.reasons
    assert find_matches(a, [b]) == []


def test_father_and_son_at_same_address_not_flagged() -> None:
    a = S(1, "Smith", "John", date(1960, 1, 1), addresses=("1 Acacia Avenue, Hull",))
    b = S(2, "Smith", "John", date(1990, 1, 1), addresses=("1 Acacia Avenue, Hull",))
    assert not flagged(a, b)


def test_twins_not_flagged() -> None:
    assert not flagged(S(1, "Khan", "Ali", DOB), S(2, "Khan", "Omar", DOB))


def test_common_name_without_dob_not_flagged() -> None:
    assert not flagged(S(1, "Smith", "John"), S(2, "Smith", "John"))


def test_missing_surname_gives_no_name_match() -> None:
    described = S(1, "", "", DOB)
    other = S(2, "Smith", "John", DOB)
    m = must(score_match(described, other))
    assert m.score < DEFAULT_THRESHOLD
    assert m.reasons == ("same date of birth",)
    assert score_match(S(3, "Unknown", "John"), S(4, "unknown", "John")) is None
    assert not any(k.startswith("n:") for k in identity_keys(S(5, "N/K", "John", DOB)))


def test_unrelated_returns_none() -> None:
    assert score_match(S(1, "Smith", "John", DOB), S(2, "Patel", "Ravi", date(1990, 5, 5))) is None


# --- find_matches ------------------------------------------------------------------


def test_find_matches_sorted_and_excludes_self() -> None:
    cand = S(1, "Smith", "John", DOB)
    others = [
        S(1, "Smith", "John", DOB),
        S(2, "Smyth", "John", None, 1980),
        S(3, "Smith", "John", DOB),
        S(4, "Smith", "John", date(1999, 9, 9)),
        S(5, "Patel", "Ravi"),
    ]
    found = find_matches(cand, others)
    assert [m.case_id for m in found] == [3, 2]
    assert found[0].score > found[1].score
    assert [m.case_id for m in find_matches(cand, others, threshold=0.0)][:2] == [3, 2]


def test_reasons_are_plain_english() -> None:
    m = must(score_match(S(1, "Smythe", "Jane", DOB), S(2, "Smith", "Julia", DOB)))
    for reason in m.reasons:
        assert reason[0].islower()
        assert "_" not in reason and "|" not in reason


# --- blocking keys -------------------------------------------------------------------


def test_keys_shape() -> None:
    keys = identity_keys(
        S(1, "Smith", "John", DOB, aliases=("Jon Smyth",), addresses=("12 High St, Hull",))
    )
    assert "n:john|smith" in keys
    assert "n:jon|smyth" in keys
    assert "d:1980-01-01" in keys
    assert "p:SM0|j|1980" in keys
    assert "a:12highsthull" in keys
    for key in keys:
        prefix, _, body = key.partition(":")
        assert prefix in {"n", "d", "p", "y", "f", "a"}
        assert not body.isdigit()  # never a bare year


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (S(1, "Smith", "John", DOB), S(2, "Smyth", "Jon", None, 1980)),
        (S(1, "Jones", "Catherine", None, 1975), S(2, "Jones", "Kathryn", None, 1976)),
        (S(1, "Smyth", "Jon", aliases=("John Smith",)), S(2, "Smith", "John")),
        (
            S(1, "Brown", "Peter", aliases=("Dave Kaye",)),
            S(2, "Green", "Si", aliases=("Dave Kaye",)),
        ),
        (
            S(1, "Walsh", "Terry", addresses=("5 Mill Lane, Leeds",)),
            S(2, "Walsh", "Tony", addresses=("5 mill ln leeds",)),
        ),
        (S(1, "Núñez", "José"), S(2, "Nunez", "Jose")),
        (S(1, "O'Brien", "Seán"), S(2, "OBrien", "Sean")),
    ],
)
def test_true_duplicates_share_a_key(a: SubjectIdentity, b: SubjectIdentity) -> None:
    assert identity_keys(a) & identity_keys(b)
    assert flagged(a, b) or score_match(a, b) is not None


_FORENAMES = [
    "john",
    "james",
    "david",
    "michael",
    "paul",
    "mark",
    "peter",
    "robert",
    "andrew",
    "daniel",
    "sarah",
    "emma",
]
_SURNAMES = [
    "smith",
    "jones",
    "taylor",
    "brown",
    "williams",
    "wilson",
    "johnson",
    "davies",
    "patel",
    "wright",
    "khan",
]


def test_blocking_on_synthetic_population_finds_planted_and_stays_small() -> None:
    rng = random.Random(20100307)
    people = [
        S(
            i,
            rng.choice(_SURNAMES).title(),
            rng.choice(_FORENAMES).title(),
            date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)),
            addresses=(f"{rng.randint(1, 300)} {rng.choice(_SURNAMES)} road",),
        )
        for i in range(5000)
    ]
    planted = S(99999, "Smyth", "Jon", date(1977, 4, 4))
    original = S(5000, "Smith", "John", date(1977, 4, 4))
    people.append(original)
    index: dict[str, set[int]] = defaultdict(set)
    by_id = {p.case_id: p for p in people}
    for p in people:
        for key in identity_keys(p):
            index[key].add(p.case_id)
    candidates = set().union(*(index[k] for k in identity_keys(planted)))
    assert original.case_id in candidates
    assert len(candidates) < 100  # 5,000 cases of only 132 distinct names
    found = find_matches(planted, (by_id[c] for c in candidates))
    assert [m.case_id for m in found] == [original.case_id]


# --- properties ------------------------------------------------------------------------

_text = st.text(max_size=20)
_identities = st.builds(
    SubjectIdentity,
    case_id=st.integers(0, 10),
    surname=st.one_of(_text, st.sampled_from(["Smith", "Smyth", "O'Brien", "Núñez", "王"])),
    forenames=st.one_of(_text, st.sampled_from(["John", "Jon", "Catherine", "Kathryn"])),
    dob=st.one_of(st.none(), st.dates(date(1950, 1, 1), date(1952, 12, 31))),
    birth_year=st.one_of(st.none(), st.integers(1949, 1953)),
    aliases=st.lists(_text, max_size=2).map(tuple),
    addresses=st.lists(st.one_of(_text, st.just("1 High St, Hull")), max_size=2).map(tuple),
)


@settings(max_examples=400, deadline=None)
@given(a=_identities, b=_identities)
def test_score_is_symmetric_and_bounded(a: SubjectIdentity, b: SubjectIdentity) -> None:
    ab, ba = score_match(a, b), score_match(b, a)
    assert (ab is None) == (ba is None)
    if ab is not None and ba is not None:
        assert ab.score == ba.score
        assert 0.0 <= ab.score <= 1.0
        assert ab.case_id == b.case_id


@settings(max_examples=300, deadline=None)
@given(a=_identities)
def test_never_raises_on_arbitrary_unicode(a: SubjectIdentity) -> None:
    keys = identity_keys(a)
    assert all(isinstance(k, str) and k for k in keys)
    match = score_match(a, a)
    assert match is None or 0.0 <= match.score <= 1.0
    find_matches(a, [a])
