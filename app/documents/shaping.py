"""Right-to-left text for a left-to-right page: Arabic joining forms and visual order.

reportlab lays text out left to right and does no shaping, so a Hebrew or
Arabic name would print backwards with unjoined letters. This module does the
minimum for names, addresses and short notes:

* Arabic letters are replaced by their presentation forms (isolated, initial,
  medial, final; lam-alef ligatures), chosen from the neighbouring letters;
* each run of right-to-left text is reversed into visual order, keeping
  numbers left to right and mirroring brackets.

Limits (documented, not failures): the base direction is always left to right
(the documents are in English), so a long right-to-left paragraph that wraps
onto several lines has its lines in left-to-right order; complex scripts that
need a full shaping engine (e.g. Devanagari conjuncts) print unshaped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

# base letter: (isolated, final, initial, medial); two forms = joins on the right only
_FORMS: dict[str, tuple[int, ...]] = {
    "\u0621": (0xFE80,),
    "\u0622": (0xFE81, 0xFE82), "\u0623": (0xFE83, 0xFE84), "\u0624": (0xFE85, 0xFE86),
    "\u0625": (0xFE87, 0xFE88), "\u0626": (0xFE89, 0xFE8A, 0xFE8B, 0xFE8C),
    "\u0627": (0xFE8D, 0xFE8E), "\u0628": (0xFE8F, 0xFE90, 0xFE91, 0xFE92),
    "\u0629": (0xFE93, 0xFE94), "\u062a": (0xFE95, 0xFE96, 0xFE97, 0xFE98),
    "\u062b": (0xFE99, 0xFE9A, 0xFE9B, 0xFE9C), "\u062c": (0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0),
    "\u062d": (0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4), "\u062e": (0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8),
    "\u062f": (0xFEA9, 0xFEAA), "\u0630": (0xFEAB, 0xFEAC), "\u0631": (0xFEAD, 0xFEAE),
    "\u0632": (0xFEAF, 0xFEB0), "\u0633": (0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4),
    "\u0634": (0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8), "\u0635": (0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC),
    "\u0636": (0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0), "\u0637": (0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4),
    "\u0638": (0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8), "\u0639": (0xFEC9, 0xFECA, 0xFECB, 0xFECC),
    "\u063a": (0xFECD, 0xFECE, 0xFECF, 0xFED0), "\u0641": (0xFED1, 0xFED2, 0xFED3, 0xFED4),
    "\u0642": (0xFED5, 0xFED6, 0xFED7, 0xFED8), "\u0643": (0xFED9, 0xFEDA, 0xFEDB, 0xFEDC),
    "\u0644": (0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0), "\u0645": (0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4),
    "\u0646": (0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8), "\u0647": (0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC),
    "\u0648": (0xFEED, 0xFEEE), "\u0649": (0xFEEF, 0xFEF0),
    "\u064a": (0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4),
    "\u067e": (0xFB56, 0xFB57, 0xFB58, 0xFB59), "\u0686": (0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D),
    "\u0698": (0xFB8A, 0xFB8B), "\u06a9": (0xFB8E, 0xFB8F, 0xFB90, 0xFB91),
    "\u06af": (0xFB92, 0xFB93, 0xFB94, 0xFB95), "\u06cc": (0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF),
}
_TATWEEL = "\u0640"
# lam + alef variant: (isolated, final)
_LAM_ALEF = {"\u0622": (0xFEF5, 0xFEF6), "\u0623": (0xFEF7, 0xFEF8),
             "\u0625": (0xFEF9, 0xFEFA), "\u0627": (0xFEFB, 0xFEFC)}
_MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
           "«": "»", "»": "«"}


def _transparent(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


def _joins_left(ch: str | None) -> bool:
    """True when ``ch`` connects to the letter after it (dual-joining or tatweel)."""
    return ch == _TATWEEL or (ch is not None and len(_FORMS.get(ch, ())) == 4)


def _joining(ch: str | None) -> bool:
    return ch == _TATWEEL or (ch is not None and ch in _FORMS and ch != "\u0621")


def _neighbour(text: str, index: int, step: int) -> str | None:
    i = index + step
    while 0 <= i < len(text):
        if not _transparent(text[i]):
            return text[i]
        i += step
    return None


def shape_arabic(text: str, has_glyph: Callable[[int], bool]) -> str:
    """Replace Arabic letters by contextual presentation forms the font can print."""
    if not any(ch in _FORMS for ch in text):
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        forms = _FORMS.get(ch)
        if forms is None:
            out.append(ch)
            i += 1
            continue
        joined_before = _joins_left(_neighbour(text, i, -1))
        after = _neighbour(text, i, 1)
        if ch == "\u0644" and after in _LAM_ALEF and text[i + 1] == after:
            code = _LAM_ALEF[after][1 if joined_before else 0]
            out.append(chr(code) if has_glyph(code) else ch + after)
            i += 2
            continue
        joins_after = len(forms) == 4 and _joining(after)
        index = {(False, False): 0, (True, False): 1, (False, True): 2, (True, True): 3}[
            (joined_before and len(forms) > 1, joins_after)
        ]
        code = forms[index] if index < len(forms) else forms[0]
        out.append(chr(code) if has_glyph(code) else ch)
        i += 1
    return "".join(out)


def _strong(ch: str) -> str:
    kind = unicodedata.bidirectional(ch)
    if kind in ("R", "AL"):
        return "R"
    if kind == "L":
        return "L"
    return ""


def _reverse_run(run: str) -> str:
    """Reverse a right-to-left run, keeping digit sequences in reading order."""
    pieces: list[str] = []
    for ch in run:
        numeric = unicodedata.bidirectional(ch) in ("EN", "AN")
        if numeric and pieces and pieces[-1][-1:].isdigit():
            pieces[-1] += ch
        else:
            pieces.append(ch)
    return "".join(_MIRROR.get(p, p) for p in reversed(pieces))


def visual_order(line: str) -> str:
    """One line in the order it is drawn left to right (base direction left to right)."""
    if not any(_strong(ch) == "R" for ch in line):
        return line
    out: list[str] = []
    i = 0
    n = len(line)
    while i < n:
        if _strong(line[i]) != "R":
            out.append(line[i])
            i += 1
            continue
        end = i + 1
        last_rtl = i
        while end < n and _strong(line[end]) != "L":
            if _strong(line[end]) == "R":
                last_rtl = end
            end += 1
        out.append(_reverse_run(line[i:last_rtl + 1]))
        i = last_rtl + 1
    return "".join(out)
