"""One policy for free text typed outside the stage forms (Qt-free).

Reasons, comments, notes, justifications, display names, attachment names and
descriptions, letterhead lines, and the text of the referral, contact, note and
task forms all pass :func:`require`, which refuses — with a sentence that names the
field and the character — text that could not be stored or that would hide what it
says from the next reader:

* lone surrogates (not encodable: the text would be lost),
* control characters, NUL included (line breaks and tabs only where several lines
  are allowed),
* invisible format characters: bidirectional overrides, embeddings and isolates
  (U+202A-U+202E, U+2066-U+2069, which can make a name or a file name read backwards),
  direction marks, zero-width spaces and joiners, word joiners, the byte order mark,
  soft hyphens (Unicode category Cf),
* line and paragraph separators (U+2028, U+2029) and Unicode noncharacters,

and caps the length. The text is never changed: it is accepted as typed or refused.
Emoji written with zero-width joiners are refused too; the message says so.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from app.errors import InvalidInput


class Limit(enum.IntEnum):
    """Longest accepted text, in characters, by kind of entry."""

    NAME = 120  # display names, unit and force names
    FILE_NAME = 255  # an attachment's name (as most file systems allow)
    LINE = 200  # one line: a telephone number, an e-mail address, a short label
    ADDRESS = 500
    TEXT = 4000  # reasons, comments, notes, descriptions, justifications


_BIDI = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A)) | {
    0x200E, 0x200F, 0x061C}
_ZERO_WIDTH = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E})


def _noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _why(ch: str, multiline: bool) -> str | None:
    """Why ``ch`` is refused, or None."""
    code = ord(ch)
    category = unicodedata.category(ch)
    if category == "Cs":
        return "an invalid character (a lone surrogate) that cannot be stored"
    if code == 0:
        return "a NUL character"
    if category == "Cc":
        if multiline and ch in "\n\t\r":
            return None
        return "a line break" if ch in "\n\r" else "a control character"
    if code in _BIDI:
        return "a hidden text-direction character (it can make text read backwards)"
    if code in _ZERO_WIDTH:
        return "an invisible zero-width character"
    if category == "Cf":
        return "an invisible formatting character"
    if category in ("Zl", "Zp"):
        return "a Unicode line or paragraph separator"
    if _noncharacter(code):
        return "a character that is not valid text"
    return None


def problem(text: object, what: str, limit: int, *, multiline: bool = False) -> str | None:
    """The sentence refusing ``text`` for the field ``what``, or None when it is fine."""
    if not isinstance(text, str):
        return f"{what} must be text."
    for ch in text:
        why = _why(ch, multiline)
        if why is not None:
            hint = ("Retype it without that character" if ch not in "\n\r"
                    else "Keep it to one line")
            return (f"{what} contains {why} (U+{ord(ch):04X}). {hint}; pasted text often "
                    "carries such characters.")
    if len(text) > limit:
        return f"{what} is too long: {len(text)} characters, the most allowed is {limit}."
    return None


def require(text: object, what: str, limit: int = Limit.TEXT, *,
            multiline: bool = False) -> str:
    """``text`` unchanged if the policy allows it; else InvalidInput with the sentence."""
    found = problem(text, what, limit, multiline=multiline)
    if found is not None:
        raise InvalidInput(found)
    assert isinstance(text, str)
    return text


def require_optional(text: str | None, what: str, limit: int = Limit.TEXT, *,
                     multiline: bool = True) -> str | None:
    return None if text is None else require(text, what, limit, multiline=multiline)


def form_problems(fields: Iterable[tuple[str, str, bool, int | None]],
                  values: Mapping[str, Any]) -> list[str]:
    """The text fields of a small form (id, label, multi-line, max length) checked."""
    found = []
    for field_id, label, multiline, limit in fields:
        value = values.get(field_id)
        if isinstance(value, str):
            refused = problem(value, label, limit or Limit.TEXT, multiline=multiline)
            if refused is not None:
                found.append(refused)
    return found


def check_form(form: Any, values: Mapping[str, Any], what: str) -> None:
    """The referral, contact, note, task and other small forms beside the stages: each
    text answer passes the policy (InvalidInput naming the first that does not)."""
    from app.domain.forms.model import FieldKind

    kinds = {FieldKind.TEXT: False, FieldKind.LONG_TEXT: True}
    fields = [(f.id, f.label, kinds[f.kind], f.effective_max_length)
              for f in form.fields() if f.kind in kinds]
    found = form_problems(fields, values)
    if found:
        raise InvalidInput(f"The {what} cannot be recorded: {found[0]}", found)
