"""Schedule 34A offence list (Appendix G) and its search."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from app import paths
from app.domain import offences
from app.domain.offences import (
    Offence,
    describe,
    load_offences,
    offence_by_code,
    search_offences,
)

REPO = Path(__file__).resolve().parents[2]


def codes(found: list[Offence]) -> list[str]:
    return [o.code for o in found]


def test_resource_path_from_source() -> None:
    assert paths.resource_path("schedule34a.json") == REPO / "resources" / "schedule34a.json"
    assert paths.resource_path("schedule34a.json").is_file()


def test_resource_path_when_frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resource_path("x.json") == tmp_path / "resources" / "x.json"


def test_file_loads_with_source_note() -> None:
    raw = json.loads((REPO / "resources" / "schedule34a.json").read_text(encoding="utf-8"))
    assert "Appendix G" in raw["source"]
    assert "current schedule" in raw["source"]
    for entry in raw["offences"]:
        assert set(entry) == {"code", "act", "section", "title", "condition", "group"}
        assert entry["title"] and entry["act"] and entry["group"]
    assert len(load_offences()) == len(raw["offences"])


def test_codes_unique_and_cached() -> None:
    all_codes = [o.code for o in load_offences()]
    assert len(all_codes) == len(set(all_codes))
    assert load_offences() is load_offences()


_EXPECTED_SECTIONS = {
    ("SOA1956", "Sexual Offences Act 1956"): [
        "1",
        "5",
        "6",
        "10",
        "12",
        "13",
        "14",
        "15",
        "16",
        "28",
    ],
    ("ICA1960", "Indecency with Children Act 1960"): ["1"],
    ("TA1968", "Theft Act 1968"): ["9"],
    ("CLA1977", "Criminal Law Act 1977"): ["54"],
    ("PCA1978", "Protection of Children Act 1978"): ["1"],
    ("CJA1988", "Criminal Justice Act 1988"): ["160"],
    ("SOAA2000", "Sexual Offences (Amendment) Act 2000"): ["3"],
    ("SOA2003", "Sexual Offences Act 2003"): [
        *map(str, range(1, 20)),
        "15A",
        "25",
        "26",
        *map(str, range(30, 42)),
        *map(str, range(47, 51)),
        "61",
        "62",
        "63",
        "66",
        "67",
    ],
}


def test_every_forms_md_entry_present() -> None:
    for (prefix, act), sections in _EXPECTED_SECTIONS.items():
        for section in sections:
            offence = offence_by_code(f"{prefix}-s{section}")
            assert offence is not None, f"{prefix} s.{section}"
            assert offence.act == act
            assert offence.section == section
            assert offence.group == act
    for code in ("INCH-attempt", "INCH-conspiracy", "INCH-incitement", "INCH-aiding"):
        assert offence_by_code(code) is not None
    service = offence_by_code("SERVICE-equivalent")
    assert service is not None and "listed offence" in service.title


def test_conditions() -> None:
    under18 = ["1", "2", "3", "4", *map(str, range(30, 42)), "61", "66", "67"]
    for section in under18:
        offence = offence_by_code(f"SOA2003-s{section}")
        assert offence is not None and offence.condition == "victim under 18", section
    for section in ("62", "63"):
        offence = offence_by_code(f"SOA2003-s{section}")
        assert offence is not None and "under 18" in offence.condition
    for section in ("5", "9", "15", "15A", "16", "25", "47"):
        offence = offence_by_code(f"SOA2003-s{section}")
        assert offence is not None and offence.condition == ""
    burglary = offence_by_code("TA1968-s9")
    assert burglary is not None and "under 18" in burglary.condition
    for section in ("10", "12", "13", "14", "15", "16"):
        offence = offence_by_code(f"SOA1956-s{section}")
        assert offence is not None and "under 18" in offence.condition


def test_titles() -> None:
    def title(code: str) -> str:
        offence = offence_by_code(code)
        assert offence is not None
        return offence.title

    assert title("SOA2003-s5") == "Rape of a child under 13"
    assert title("SOA2003-s9") == "Sexual activity with a child"
    assert title("SOA2003-s15A") == "Sexual communication with a child"
    assert title("PCA1978-s1").startswith("Indecent photographs of children")


def test_describe() -> None:
    assert describe("SOA2003-s15") == (
        "Sexual Offences Act 2003 s.15 — Meeting a child following sexual grooming etc."
    )
    assert describe("SOA2003-s66") == "Sexual Offences Act 2003 s.66 — Exposure (victim under 18)"
    assert describe("NOPE-s1") == "NOPE-s1 (not in the offence list)"
    assert offence_by_code("NOPE-s1") is None


def test_search_grooming() -> None:
    assert codes(search_offences("grooming"))[0] == "SOA2003-s15"
    assert "SOA2003-s15" in codes(search_offences("groom"))


def test_search_section_forms() -> None:
    for query in ("s.15", "s15", "s 15", "section 15", "S.15"):
        found = codes(search_offences(query))
        assert "SOA2003-s15" in found, query
        assert "SOA1956-s15" in found, query
        assert "SOA2003-s15A" not in found, query
    assert codes(search_offences("s.15 2003")) == ["SOA2003-s15"]
    assert codes(search_offences("15A")) == ["SOA2003-s15A"]


def test_search_by_year_and_act() -> None:
    assert codes(search_offences("1978")) == ["PCA1978-s1"]
    assert codes(search_offences("160")) == ["CJA1988-s160"]
    assert set(codes(search_offences("1960"))) == {"ICA1960-s1"}
    soa1956 = search_offences("1956", limit=100)
    assert len(soa1956) == 10


def test_search_words_all_required_and_ranked() -> None:
    found = search_offences("abuse trust")
    assert set(codes(found)) == {
        "SOAA2000-s3",
        "SOA2003-s16",
        "SOA2003-s17",
        "SOA2003-s18",
        "SOA2003-s19",
    }
    assert codes(search_offences("rape 1956")) == ["SOA1956-s1"]
    assert codes(search_offences("under 13"))[:5] == [
        "SOA1956-s5",
        "SOA2003-s5",
        "SOA2003-s6",
        "SOA2003-s7",
        "SOA2003-s8",
    ]
    assert codes(search_offences("rape child"))[0] == "SOA2003-s5"
    assert set(codes(search_offences("indecent photograph"))) == {"PCA1978-s1", "CJA1988-s160"}
    assert "SERVICE-equivalent" in codes(search_offences("service"))
    assert "INCH-attempt" in codes(search_offences("attempt"))
    assert search_offences("zzzz") == []


def test_search_limit_and_blank() -> None:
    assert len(search_offences("", limit=5)) == 5
    assert search_offences("  ") == list(load_offences()[:20])
    assert len(search_offences("child", limit=3)) == 3


def test_malformed_file_refused() -> None:
    with pytest.raises(ValueError):
        offences._parse({"offences": [{"code": "x"}]})
    entry = {"code": "A", "act": "a", "section": "1", "title": "t", "condition": ""}
    with pytest.raises(ValueError, match="duplicate"):
        offences._parse({"offences": [entry, entry]})
    with pytest.raises(ValueError):
        offences._parse([])
