"""Child sexual offences: Schedule 34A, Criminal Justice Act 2003 (Appendix G).

A conviction, caution, reprimand or final warning for one of these makes the
subject "convicted of CSO" (¶3.1, 4.5). The list is data
(``resources/schedule34a.json``), loaded once; the stage 4 form offers it as a
type-to-search pick list and stores the stable ``code``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.paths import resource_path

RESOURCE_NAME = "schedule34a.json"
_FIELDS = ("code", "act", "section", "title", "condition")
# "s.15", "s 15", "ss.9", "sec 15", "section 15A" → a section token "§15"
_SECTION_WORD = re.compile(r"\b(?:ss?|sec|section)\.?\s*(?=\d)")
_TOKEN = re.compile(r"§?[^\W_]+")


@dataclass(frozen=True)
class Offence:
    code: str
    act: str
    section: str
    title: str
    condition: str = ""
    group: str = ""

    @property
    def citation(self) -> str:
        """E.g. "Sexual Offences Act 2003 s.15"."""
        return f"{self.act} s.{self.section}" if self.section else self.act

    def describe(self) -> str:
        text = f"{self.citation} — {self.title}"
        return f"{text} ({self.condition})" if self.condition else text


def _parse(raw: Any) -> tuple[Offence, ...]:
    if not isinstance(raw, dict) or not isinstance(raw.get("offences"), list):
        raise ValueError(f"{RESOURCE_NAME}: expected an object with an 'offences' list")
    result: list[Offence] = []
    seen: set[str] = set()
    for item in raw["offences"]:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in _FIELDS):
            raise ValueError(f"{RESOURCE_NAME}: malformed entry {item!r}")
        code, act, section, title, condition = (item[k] for k in _FIELDS)
        group = str(item.get("group", ""))
        offence = Offence(code, act, section, title, condition, group)
        if not offence.code or offence.code in seen:
            raise ValueError(f"{RESOURCE_NAME}: missing or duplicate code {offence.code!r}")
        seen.add(offence.code)
        result.append(offence)
    return tuple(result)


@cache
def load_offences() -> tuple[Offence, ...]:
    """Every listed offence, in pick-list order (cached after the first call)."""
    with resource_path(RESOURCE_NAME).open(encoding="utf-8") as handle:
        return _parse(json.load(handle))


@cache
def _by_code() -> dict[str, Offence]:
    return {o.code: o for o in load_offences()}


def offence_by_code(code: str) -> Offence | None:
    return _by_code().get(code)


def describe(code: str) -> str:
    """Plain description for screens and documents.

    E.g. "Sexual Offences Act 2003 s.15 — Meeting a child following sexual
    grooming etc."; the condition, if any, follows in brackets. A code no
    longer in the list is shown as-is rather than failing.
    """
    offence = offence_by_code(code)
    return offence.describe() if offence else f"{code} (not in the offence list)"


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_SECTION_WORD.sub("§", text.casefold()))


@cache
def _index() -> tuple[tuple[Offence, frozenset[str], frozenset[str], str, str], ...]:
    out = []
    for offence in load_offences():
        title_words = frozenset(_tokens(f"{offence.title} {offence.condition}"))
        act_words = frozenset(_tokens(f"{offence.act} {offence.group}"))
        out.append((offence, title_words, act_words, offence.section.casefold(), offence.code))
    return tuple(out)


def _token_weight(
    token: str, title: frozenset[str], act: frozenset[str], section: str, code: str
) -> int:
    if token.startswith("§"):
        return 4 if token[1:] == section else 0
    if token in title:
        return 3
    if token == section:
        return 2
    if token in act:
        return 2
    if any(word.startswith(token) for word in title):
        return 2
    if any(word.startswith(token) for word in act) or code.casefold().startswith(token):
        return 1
    return 0


def search_offences(text: str, limit: int = 20) -> list[Offence]:
    """Offences matching every word of ``text``, best first.

    Words match whole or leading parts of title, condition, act or code
    ("groom", "1978", "soa2003"); "s.15" / "section 15" matches section 15
    only (not 15A); a bare number matches a section, an act's year or a
    number in the title. Blank text lists the first ``limit`` entries.
    """
    tokens = _tokens(text)
    if not tokens:
        return list(load_offences()[:limit])
    scored: list[tuple[int, int, Offence]] = []
    for position, (offence, title, act, section, code) in enumerate(_index()):
        weights = [_token_weight(t, title, act, section, code) for t in tokens]
        if all(weights):
            scored.append((-sum(weights), position, offence))
    scored.sort(key=lambda item: item[:2])
    return [offence for _, _, offence in scored[:limit]]
