"""#13 item 12: one text policy for every free-text entry outside the stage forms;
`csods document --out` refuses symlinks."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.documents.model import DocumentKind
from app.domain import text_policy
from app.domain.enums import Role, Route, Stage
from app.errors import CsodsError, InvalidInput
from app.services import (
    attachments,
    case_actions,
    contacts,
    documents,
    retention,
    tasks,
    unit_settings,
    users,
)
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new, walk_to
from tests.unit.raw_db import raw_connection
from tests.unit.test_supervision_services import _closed_case

HOSTILE = {
    "NUL": "Smith\x00",
    "right-to-left override": "scan\u202efdp.exe",
    "left-to-right isolate": "a\u2066b",
    "zero-width space": "Sm\u200bith",
    "zero-width joiner": "a\u200db",
    "byte order mark": "\ufeffnote",
    "lone surrogate": "bad\ud800text",
    "bell": "ring\x07",
    "line separator": "one\u2028two",
    "noncharacter": "x\uffff",
}
FINE = ["Zoë Ó Súilleabháin-Nuñez", "محمد عبد الله", "李小龙", "O'Brien; DROP TABLE x;--",
        "<script>alert(1)</script>", "Line one\nLine two\twith a tab"]


def _refused(ch: str, multiline: bool) -> bool:
    cat = unicodedata.category(ch)
    code = ord(ch)
    if cat == "Cc":
        return not (multiline and ch in "\n\t\r")
    return (cat in ("Cs", "Cf", "Zl", "Zp") or 0xFDD0 <= code <= 0xFDEF
            or (code & 0xFFFE) == 0xFFFE)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_characters_are_refused_with_a_sentence(name: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        text_policy.require(HOSTILE[name], "The reason", multiline=True)
    text = str(raised.value)
    assert text.startswith("The reason contains") and "U+" in text and "\n" not in text


def test_plain_text_in_any_script_is_accepted_unchanged() -> None:
    for text in FINE:
        assert text_policy.require(text, "The note", multiline=True) == text
    with pytest.raises(InvalidInput, match="one line"):
        text_policy.require("two\nlines", "The name", text_policy.Limit.NAME)
    with pytest.raises(InvalidInput, match="too long: 121 characters"):
        text_policy.require("x" * 121, "The name", text_policy.Limit.NAME)


@given(st.text(max_size=60), st.booleans())
def test_policy_accepts_exactly_what_it_should(text: str, multiline: bool) -> None:
    expected_bad = any(_refused(ch, multiline) for ch in text)
    found = text_policy.problem(text, "The text", 40, multiline=multiline)
    if expected_bad:
        assert found is not None and "U+" in found
    elif len(text) > 40:
        assert found is not None and "too long" in found
    else:
        assert found is None
        assert text_policy.require(text, "The text", 40, multiline=multiline) == text


@given(st.text(alphabet=st.characters(min_codepoint=0x2000, max_codepoint=0x206F)))
def test_the_general_punctuation_block(text: str) -> None:
    """Where the bidi controls, zero-width and separator characters live."""
    found = text_policy.problem(text, "The text", 10_000)
    assert (found is None) == (not any(_refused(ch, False) for ch in text))


def test_every_service_entry_point_applies_the_policy(unit: TestUnit) -> None:
    bad = "no further purpose\u202e"
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.INITIAL_CONTACT)
        refusals = [
            lambda: case_actions.close_early(officer, ref, Route.WITHDRAWN, bad),
            lambda: contacts.add_note(officer, ref, {"noted_at": "2025-03-03T12:00:00+00:00",
                                                     "text": "call\u202eback"}),
            lambda: tasks.add_task(officer, ref, "ring\u200bback",
                                   datetime(2026, 4, 1, tzinfo=UTC), "olive"),
            lambda: attachments.add_attachment(officer, ref, "scan\u2028fdp.exe.pdf",
                                               b"%PDF-1.4 x", "scan"),
            lambda: attachments.add_attachment(officer, ref, "scan.pdf", b"%PDF-1.4 x",
                                               "signed\u2066form"),
        ]
        for refuse in refusals:
            with pytest.raises(InvalidInput, match="U\\+"):
                refuse()
    with unit.admin() as admin:
        with pytest.raises(InvalidInput, match="U\\+200B"):
            users.add_user(admin, "pat", "PC Pat\u200b Rowe", Role.OFFICER)
        with pytest.raises(InvalidInput, match="too long"):
            users.add_user(admin, "pat", "P" * 500, Role.OFFICER)
    # Unit settings need the key: a supervisor's.
    with unit.supervisor() as sam, pytest.raises(InvalidInput, match="U\\+FEFF"):
        unit_settings.update_letterhead(sam, force_name="\ufeffForce", unit_name="PPU",
                                        address="1 Road", telephone="101")


def test_retention_and_audit_justifications(unit: TestUnit) -> None:
    ref = _closed_case(unit)
    with unit.supervisor() as sam:
        with pytest.raises(InvalidInput, match="U\\+0000"):
            retention.dispose(sam, ref, "dup\x00licate", before_review_date=True)
        with pytest.raises(InvalidInput, match="U\\+202E"):
            retention.retain(sam, ref, date(2040, 1, 1), "kept\u202e")
        with pytest.raises(InvalidInput, match="too long"):
            case_actions.reopen(sam, ref, "x" * 5000, Stage.INITIAL_CONTACT)
        # The session's own guard: no audit row carries a hostile justification.
        from app.domain.enums import AuditAction

        with pytest.raises(InvalidInput), sam.transaction() as conn:
            sam.audit(conn, AuditAction.CONSULT, justification="x\u202ey")
        key = sam.db_key
    raw = raw_connection(unit.db, key)
    texts = [r[0] or "" for r in raw.execute("SELECT justification FROM audit")]
    raw.close()
    assert not any(_refused(ch, True) for t in texts for ch in t)


def test_document_out_refuses_a_symlink(unit: TestUnit, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.pdf"
    link = tmp_path / "letter.pdf"
    link.symlink_to(target)  # dangling: O_EXCL through resolve() would have followed it
    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.FACE_TO_FACE)
        with pytest.raises(CsodsError, match="symbolic link"):
            documents.save_pdf(officer, ref, DocumentKind.INITIAL_CONTACT_RECORD, link)
    assert not target.exists() and link.is_symlink()


def test_csods_document_refuses_a_symlink_in_one_line(
        unit: TestUnit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli.main import main
    from tests.conftest import OFFICER_PW

    with unit.officer() as officer:
        ref = open_new(officer).reference
        walk_to(officer, None, ref, Stage.FACE_TO_FACE)
    existing = tmp_path / "notes.txt"
    existing.write_text("keep me")
    link = tmp_path / "out.pdf"
    link.symlink_to(existing)
    monkeypatch.setenv("CSODS_PASSWORD", OFFICER_PW)
    code = main(["document", "--db", str(unit.db), "--user", "olive", "--case", ref,
                 "--kind", DocumentKind.INITIAL_CONTACT_RECORD.value, "--out", str(link)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and "symbolic link" in err[0]
    assert existing.read_text() == "keep me"
