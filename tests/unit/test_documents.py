"""Every printed document: the page frame, content from the case, blank forms
generated from the schema, refusals, and nothing written to disk."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.documents import DocumentKind, DocumentRefused, build
from app.documents.model import Letterhead
from app.domain.enums import Stage
from app.domain.forms import Field, FieldKind, form_for
from app.domain.timescales import DeadlineKind, Progress, compute_deadlines
from tests.unit.test_documents_support import (
    ACCENTED,
    CHINESE,
    GREEK,
    assert_frame,
    make_case,
    pages,
    text,
)

K = DocumentKind
RECORDS = {
    K.INITIAL_CONTACT_RECORD: (Stage.INITIAL_CONTACT,),
    K.FACE_TO_FACE_RECORD: (Stage.FACE_TO_FACE,),
    K.DECISION_RECORD: (Stage.RISK_ASSESSMENT, Stage.DECISION),
}


def _people(block: str, value: object) -> dict[tuple[Stage, str], object]:
    """Set a people block as recorded at stage 1 and updated at stage 2."""
    return {(Stage.INITIAL_CONTACT, block): value, (Stage.FACE_TO_FACE, block): value}


SAFE_HOME = _people("applicant", {"surname": "Okafor", "forenames": "Adaeze",
                                  "dob": "1988-02-29", "address": "4 Birch Close\nLeeds\nLS2 2BB"})


def _labels(fields: tuple[Field, ...]) -> list[str]:
    out: list[str] = []
    for field in fields:
        out.append(field.label)
        out += _labels(field.subfields)
        if field.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE):
            out += [choice.label for choice in field.choices]
    return out


def _squash(value: str) -> str:
    return "".join(value.split())


def test_every_kind_has_a_title() -> None:
    assert all(kind.title for kind in DocumentKind)
    assert DocumentKind("disclosure-form") is K.DISCLOSURE_FORM


@pytest.mark.parametrize("kind", list(RECORDS))
def test_blank_record_has_every_label_of_its_schema(kind: DocumentKind) -> None:
    pdf = build(kind, make_case("disclose"), blank=True)
    found = assert_frame(pdf)
    body = _squash(" ".join(found))
    for stage in RECORDS[kind]:
        for section in form_for(stage).sections:
            assert _squash(section.title) in body
            for label in _labels(section.fields):
                assert _squash(label) in body, label
    assert "☐" in body


@pytest.mark.parametrize("kind", list(RECORDS))
@pytest.mark.parametrize("variant", ["disclose", "no_concerns", "not_disclosed"])
def test_filled_record_shows_values_by_label(kind: DocumentKind, variant: str) -> None:
    pdf = build(kind, make_case(variant))  # type: ignore[arg-type]
    assert_frame(pdf)
    body = text(pdf)
    if kind is K.INITIAL_CONTACT_RECORD:
        for expected in ("3 March 2025, 09:15", "Attended a police station", "Okafor",
                         "Partner, living together", "Jon Smyth", "☑ Lives with the child",
                         "☐ Works in the child's household", "Trace found"):
            assert expected in body, expected
    elif kind is K.FACE_TO_FACE_RECORD:
        for expected in ("Leeds District HQ, interview room 2", "☑ Passport",
                         "☐ Driving licence", "Birth certificate of Amara Okafor"):
            assert expected in body, expected
    elif variant == "disclose":
        assert "Sexual Offences Act 2003 s.9" in body  # offence code described
        assert "Disclosure plan" in body and "Mother and main carer" in body
    else:
        assert "Do not disclose" in body or "No concerns" in body
        assert "Not applicable to this case" in body  # disclosure plan left out


def test_non_disclosure_letter_for_a_safe_address() -> None:
    pdf = build(K.NON_DISCLOSURE_LETTER, make_case("not_disclosed", changes=SAFE_HOME))
    assert_frame(pdf)
    body = text(pdf)
    for expected in ("Dear Adaeze Okafor", "4 Birch Close", "no information that we can share",
                     "does not mean there is no risk", "999", "01924 000 000"):
        assert expected in body, expected
    assert "John" not in body and "Smith" not in body  # the subject is never named


def test_letter_refused_without_safe_address_check() -> None:
    case = make_case("not_disclosed", changes={**SAFE_HOME, (Stage.OUTCOME, "address_safe"): None})
    with pytest.raises(DocumentRefused, match="5.6.5"):
        build(K.NON_DISCLOSURE_LETTER, case)


def test_letter_refused_when_it_would_go_to_the_subjects_address() -> None:
    # The example applicant lives with the subject at 12 Elm Road.
    with pytest.raises(DocumentRefused, match="subject"):
        build(K.NON_DISCLOSURE_LETTER, make_case("not_disclosed"))


def test_letter_refused_on_a_disclosure_route() -> None:
    with pytest.raises(DocumentRefused, match="5.6.1"):
        build(K.NON_DISCLOSURE_LETTER, make_case("disclose"))


def test_visit_wording_needs_no_address_and_uses_safe_contact_for_letters() -> None:
    visit = text(build(K.NON_DISCLOSURE_LETTER, make_case("no_concerns")))
    assert "personal visit" in visit and "12 Elm Road" not in visit
    safe = {**SAFE_HOME, **_people("safe_contact", {
        "method": "letter", "details": "c/o Sister, 9 Ash Row, York"})}
    letter = text(build(K.NON_DISCLOSURE_LETTER, make_case("not_disclosed", changes=safe)))
    assert "9 Ash Row, York" in letter and "4 Birch Close" not in letter


@pytest.mark.parametrize("name", [ACCENTED, GREEK, CHINESE, "שרה כהן", "محمد عبدالله"])
def test_letter_prints_names_in_any_script(name: str) -> None:
    person = {"surname": "", "forenames": name, "dob": "1988-02-29", "address": "4 Birch Close"}
    case = make_case("not_disclosed", changes=_people("applicant", person))
    body = text(build(K.NON_DISCLOSURE_LETTER, case))
    if name in (ACCENTED, GREEK, CHINESE):
        assert f"Dear {name}" in body


def test_information_pack_with_and_without_reference() -> None:
    case = make_case("disclose")
    filled = build(K.INFORMATION_PACK, case)
    assert_frame(filled)
    body = text(filled)
    for expected in ("grooming", "online", "Trusted adults", "999", "01924 000 000",
                     "csods@example.police.uk", "Carr Gate"):
        assert expected in body, expected
    blank = build(K.INFORMATION_PACK, case, blank=True)
    assert_frame(blank, reference="")
    assert "CSODS/2025/0042" not in text(blank)


def test_closure_report_summarises_parties_dates_and_deadlines() -> None:
    case = make_case("disclose", current_stage=Stage.CLOSURE)
    at = datetime(2025, 3, 3, 12, tzinfo=UTC)
    progress = Progress(contact_at=case.contact_at, completed={DeadlineKind.STAGE1_24H: at},
                        closed_at=datetime(2025, 4, 1, tzinfo=UTC))
    deadlines = compute_deadlines(progress, [], datetime(2025, 4, 2, tzinfo=UTC))
    pdf = build(K.CLOSURE_REPORT, dataclasses.replace(case, deadlines=deadlines))
    assert_frame(pdf)
    body = text(pdf)
    for expected in (
        "Child sex offender disclosure application", "Disclosed", "Adaeze Grace Okafor",
        "John Smith (also known as Jon Smyth), born 15 June 1980", "Amara Okafor",
        "3 March 2025, 09:15", "7 March 2025, 14:00", "20 March 2025", "1 April 2025",
        "WY-INT-2025-000123", "Initial contact completed within 24 hours", "Met",
        "Sexual Offences Act 2003 s.9",
    ):
        assert expected in body, expected


def test_blank_is_refused_for_case_only_documents() -> None:
    for kind in (K.NON_DISCLOSURE_LETTER, K.CLOSURE_REPORT):
        with pytest.raises(DocumentRefused):
            build(kind, make_case("not_disclosed"), blank=True)


def test_letterhead_in_any_script_and_a_broken_logo_do_not_crash() -> None:
    head = Letterhead(f"{GREEK} Police", f"{CHINESE} Unit <b>&", "Ἀθῆναι\nΑθήνα",
                      "0000", logo_png=b"not a png")
    case = dataclasses.replace(make_case("not_disclosed", changes=SAFE_HOME), letterhead=head)
    for kind in DocumentKind:
        if kind is K.DISCLOSURE_FORM:
            continue
        assert pages(build(kind, case))


def test_builders_write_nothing_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    before = set(os.listdir(tmp_path))
    opened: list[str] = []
    real_open = open

    def watch(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if any(flag in mode for flag in "wax+"):
            opened.append(str(file))
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", watch)
    disclose = make_case("disclose")
    letter = make_case("not_disclosed", changes=SAFE_HOME)
    for kind in DocumentKind:
        case = letter if kind is K.NON_DISCLOSURE_LETTER else disclose
        assert build(kind, case).startswith(b"%PDF")
        if kind.blank_allowed:
            assert build(kind, case, blank=True).startswith(b"%PDF")
    assert opened == []
    assert set(os.listdir(tmp_path)) == before


def test_a_long_force_and_unit_name_is_printed_whole_on_every_page() -> None:
    # Seen on the demo unit's records: "Harrowmere Constabulary (DEMO) — Harrowmere and
    # Vale Public Protec…" at the head of every page.
    head = Letterhead("Harrowmere Constabulary (DEMO)",
                      "Harrowmere and Vale Public Protection Unit (DEMO)",
                      "2 Quayside Walk\nHarrowmere HW4 7QX", "01632 960 417")
    case = dataclasses.replace(make_case("disclose"), letterhead=head)
    for kind in (K.FACE_TO_FACE_RECORD, K.INFORMATION_PACK):
        pdf = build(kind, case)
        for page in pages(pdf):
            assert _squash("Harrowmere and Vale Public Protection Unit (DEMO)") in \
                _squash(page), kind
