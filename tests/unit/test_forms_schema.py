"""The form schema is well formed, introspectable and fully serialisable."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import app.domain.forms as forms
from app.domain.enums import Route, Stage
from app.domain.forms import (
    ALWAYS,
    EXTENSION_FORM,
    FORM_VERSION,
    IMMEDIATE_RISK_FORM,
    OPTIONAL,
    AllOf,
    AnyOf,
    AuxForm,
    Choice,
    Field,
    FieldKind,
    Not,
    StageForm,
    When,
    WhenContext,
    all_forms,
    aux_form,
    form_for,
    schema_as_dict,
)

ALL: list[StageForm | AuxForm] = [*all_forms(), IMMEDIATE_RISK_FORM, EXTENSION_FORM]
ID_RE = re.compile(r"[a-z][a-z0-9_]*")


def _walk(fields: tuple[Field, ...]) -> list[Field]:
    out: list[Field] = []
    for f in fields:
        out.append(f)
        out.extend(_walk(f.subfields))
    return out


def test_every_stage_has_a_form_in_order() -> None:
    assert [f.stage for f in all_forms()] == list(Stage)
    for stage in Stage:
        assert form_for(stage).stage is stage
    assert form_for(Stage.CLOSURE).title == "Closure"


def test_version_is_an_int_starting_at_one() -> None:
    assert isinstance(FORM_VERSION, int) and FORM_VERSION >= 1


@pytest.mark.parametrize("form", ALL, ids=lambda f: f.name)
def test_ids_unique_and_snake_case(form: StageForm | AuxForm) -> None:
    top = [f.id for f in form.fields()]
    assert len(top) == len(set(top))
    for field in _walk(form.fields()):
        assert ID_RE.fullmatch(field.id), field.id
        subs = [s.id for s in field.subfields]
        assert len(subs) == len(set(subs))
    assert len(form.paths()) == len(set(form.paths()))


@pytest.mark.parametrize("form", ALL, ids=lambda f: f.name)
def test_help_ends_with_paragraph_reference(form: StageForm | AuxForm) -> None:
    for field in _walk(form.fields()):
        assert field.paragraphs, field.id
        assert field.help.endswith(f"(¶{', '.join(field.paragraphs)})"), field.id
        assert field.label.strip() == field.label and field.label
        for para in field.paragraphs:
            assert re.fullmatch(r"[0-9]+(\.[0-9]+)*", para), para
    for section in form.sections:
        assert section.title
        if section.help:
            assert re.search(r"\(¶[0-9., –-]+\)\.?$", section.help), section.help


@pytest.mark.parametrize("form", ALL, ids=lambda f: f.name)
def test_kinds_are_consistent(form: StageForm | AuxForm) -> None:
    for field in _walk(form.fields()):
        assert isinstance(field.kind, FieldKind)
        if field.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE):
            assert field.choices and all(isinstance(c, Choice) for c in field.choices)
        if field.kind in (FieldKind.PERSON, FieldKind.GROUP):
            assert field.subfields
        if field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT, FieldKind.OFFENCE):
            assert field.effective_max_length


def test_default_max_lengths() -> None:
    assert form_for(Stage.INITIAL_CONTACT).field("officer").effective_max_length == 200
    assert form_for(Stage.INITIAL_CONTACT).field("reason").effective_max_length == 20000


def test_the_offence_is_declared_by_its_kind_not_its_id() -> None:
    field = form_for(Stage.RISK_ASSESSMENT).field("convictions.offence_code")
    assert field.kind is FieldKind.OFFENCE
    assert field.effective_max_length == 200
    offences = [(form.name, path) for form in ALL for path in form.paths()
                if form.field(path).kind is FieldKind.OFFENCE]
    assert offences == [("risk_assessment", "convictions.offence_code")]


def test_schema_json_shows_the_offence_kind() -> None:
    schema = schema_as_dict()
    assert "offence" in schema["kinds"]
    stage4 = next(s for s in schema["stages"] if s["name"] == "risk_assessment")
    convictions = next(fd for sec in stage4["sections"] for fd in sec["fields"]
                       if fd["id"] == "convictions")
    offence = next(sub for sub in convictions["subfields"] if sub["id"] == "offence_code")
    assert offence["kind"] == "offence" and offence["max_length"] == 200


def test_field_lookup_by_dotted_path() -> None:
    s1 = form_for(Stage.INITIAL_CONTACT)
    assert s1.field("applicant.surname").label == "Surname"
    assert s1.field("children.name").kind is FieldKind.TEXT
    assert s1.field("children[3].dob").kind is FieldKind.DATE
    assert s1.field("subject.aliases.name").id == "name"
    with pytest.raises(KeyError):
        s1.field("applicant.nonsense")
    with pytest.raises(KeyError):
        s1.field("nonsense")


REQUIRED_IDS: dict[Stage, set[str]] = {
    Stage.INITIAL_CONTACT: {
        "contact_at", "officer", "contact_method", "owning_force", "responding_force",
        "request_type", "applicant_anonymous", "applicant", "safe_contact", "parents",
        "subject", "children", "reason", "immediate_risk", "applicant_at_risk",
        "concerning_behaviour", "info_not_replacement", "info_best_placed", "info_24h_checks",
        "info_face_to_face_10d", "info_proof_needed", "info_45_days", "info_asked_at_risk",
        "consent_to_share", "consent_exceptions_explained", "check_pnc", "check_visor",
        "check_local", "initial_checks", "urgent_action_required",
    },
    Stage.FACE_TO_FACE: {
        "meeting_at", "meeting_place", "officer", "held_in_private",
        "warning_false_application", "warning_confidentiality", "warning_offence_evidence",
        "warning_use_and_undertaking", "id_documents", "id_document_refs",
        "other_agency_name", "identity_verified", "relationship_proved",
        "relationship_document", "applicant", "subject", "children", "safe_contact",
        "check_pnc", "check_visor", "check_local", "check_ini", "check_international",
        "check_contactpoint", "check_ceop", "immediate_risk", "urgent_action_required",
        "no_disclosure_confirmed",
    },
    Stage.INFORMATION_PACK: {"pack_format", "pack_given_on", "advice_discussed", "notes"},
    Stage.RISK_ASSESSMENT: {
        "officer", "check_pnc", "check_visor", "check_local", "check_ini", "agency_checks",
        "childrens_social_care_checked", "convictions", "other_convictions", "intelligence",
        "behaviour_disclosed", "categorisation", "concern_grounds", "rationale",
        "mappa_managed",
    },
    Stage.DECISION: {
        "forum", "forum_other_reason", "forum_date", "attendees", "test_power",
        "test_power_reasons", "test_pressing_need", "test_pressing_need_reasons",
        "test_proportionate", "test_proportionate_reasons", "data_protection_considered",
        "decision", "decision_rationale", "recipient", "disclosure_extent",
        "subject_to_be_told", "subject_told_reasons", "self_disclosure",
        "community_risk_assessment",
    },
    Stage.OUTCOME: {
        "conveyed_by", "conveyed_on", "address_safe", "told_no_info_not_no_risk",
        "safeguarding_advice_given", "behaviour_contact", "behaviour_advice", "disclosed_at",
        "disclosed_place", "disclosed_by", "childrens_services_present", "others_present",
        "recipient_name", "verbatim", "warning_use_only_safeguarding", "warning_confidential",
        "warning_legal_proceedings", "undertaking_signed", "proceed_despite_refusal",
        "refusal_decision_reasons", "other_children_contact_told", "form_retained_by_police",
    },
    Stage.CLOSURE: {
        "closed_on", "route", "intel_report_ref", "intel_report_date", "summary",
        "closure_notes",
    },
}


@pytest.mark.parametrize("stage", list(Stage), ids=lambda s: s.key)
def test_agreed_field_ids_exist(stage: Stage) -> None:
    ids = {f.id for f in form_for(stage).fields()}
    assert REQUIRED_IDS[stage] <= ids, REQUIRED_IDS[stage] - ids


def test_agreed_nested_ids_and_choices() -> None:
    s1 = form_for(Stage.INITIAL_CONTACT)
    assert s1.field("contact_method").choice_values() == (
        "attended_station", "street_encounter", "incident_call", "telephone", "online",
        "online_application")
    assert s1.field("request_type").choice_values() == (
        "csods", "dbs", "subject_access", "foi", "vetting_barring", "intelligence")
    assert {s.id for s in s1.field("applicant").subfields} >= {
        "surname", "forenames", "other_names", "dob", "place_of_birth", "address", "gender",
        "ethnicity", "language"}
    assert len(s1.field("applicant.ethnicity").choices) == 7
    assert {s.id for s in s1.field("subject").subfields} >= {
        "surname", "description", "forenames", "aliases", "dob", "age", "place_of_birth",
        "address", "previous_addresses", "ethnicity", "gender", "occupation",
        "relationship_to_applicant", "relationship_other", "visor_marker"}
    assert s1.field("parents").max_items == 2
    assert s1.field("children").min_items == 1
    assert s1.field("children.applicant_relationship").choice_values() == (
        "parent", "carer", "guardian", "grandparent", "other_relative", "neighbour",
        "friend", "other")
    assert s1.field("children.subject_contact").choice_values() == (
        "lives_with", "works_in_household", "online_or_phone", "unsupervised_access", "other")
    assert s1.field("initial_checks.system").choice_values() == (
        "pnc", "visor", "local", "ini", "other")
    assert len(form_for(Stage.FACE_TO_FACE).field("id_documents").choices) == 8
    s4 = form_for(Stage.RISK_ASSESSMENT)
    assert s4.field("concern_grounds").choice_values() == (
        "i_child_sex_conviction", "ii_other_offences_risk", "iii_intelligence", "iv_behaviour")
    assert s4.field("convictions.disposal").choice_values() == (
        "conviction", "caution", "reprimand", "final_warning")
    s5 = form_for(Stage.DECISION)
    assert s5.field("forum").choice_values() == (
        "mappa_meeting", "strategy_meeting", "case_conference", "professionals_meeting")
    assert {s.id for s in s5.field("recipient").subfields} == {
        "name", "relationship", "is_applicant", "why_best_placed",
        "identity_checked", "relationship_checked", "checks_detail", "safe_contact",
        "dob", "address"}  # dob, address: identify a non-applicant on the form (Appendix F)
    assert form_for(Stage.CLOSURE).field("route").choice_values() == tuple(r.value for r in Route)


def test_aux_forms() -> None:
    assert aux_form("immediate_risk") is IMMEDIATE_RISK_FORM
    assert aux_form("extension") is EXTENSION_FORM
    with pytest.raises(KeyError):
        aux_form("nope")
    assert IMMEDIATE_RISK_FORM.field("action_taken").choice_values() == (
        "safeguarding_referral", "s47_enquiry", "duty_supervisor_told", "urgent_disclosure",
        "other")
    assert EXTENSION_FORM.field("deadline").choice_values() == (
        "stage1_24h", "face_to_face_10d", "risk_assessment_10d", "decision_35d", "closure_45d")


def test_requirement_descriptions() -> None:
    assert ALWAYS.describe() == "Required"
    assert OPTIONAL.describe() == "Optional"
    s1 = form_for(Stage.INITIAL_CONTACT)
    assert s1.field("check_visor").required.describe() == (
        "Required when the subject has a ViSOR marker")
    assert s1.field("subject.surname").required.describe() == (
        "Required unless a description is given")
    plain = When("a.b", equals=True)
    assert plain.describe() == "Required when a.b is Yes"
    ctx = WhenContext(Stage.DECISION, "decision", in_=("disclose",))
    assert "decision" in ctx.describe()
    combo = AllOf(plain, Not(ctx))
    assert " and " in combo.describe()
    assert (plain | ctx) == AnyOf(plain, ctx)
    assert hash(combo) == hash(AllOf(plain, Not(ctx)))
    with pytest.raises(ValueError, match="exactly one"):
        When("x", equals=1, filled=True)


def test_requirement_any_item_in_group() -> None:
    rule = When("children.applicant_relationship", in_=("parent",))
    assert rule.applies({"children": [{"applicant_relationship": "friend"},
                                      {"applicant_relationship": "parent"}]}, {})
    assert not rule.applies({"children": []}, {})
    assert not rule.applies({}, {})
    assert not When("x", equals=True).applies({"x": 1}, {})  # bools never equal ints


def _collect_paths(field_dicts: list[dict[str, Any]]) -> set[str]:
    out: set[str] = set()
    for fd in field_dicts:
        out.add(fd["path"])
        out |= _collect_paths(fd.get("subfields", []))
    return out


def test_schema_as_dict_is_json_and_complete() -> None:
    schema = schema_as_dict()
    text = json.dumps(schema, ensure_ascii=False)
    again = json.loads(text)
    assert again == schema
    assert schema["form_version"] == FORM_VERSION
    assert schema["kinds"] == [k.value for k in FieldKind]
    assert [s["name"] for s in schema["stages"]] == [s.key for s in Stage]
    assert {a["name"] for a in schema["aux_forms"]} == {"immediate_risk", "extension"}
    for form, data in zip([*all_forms(), IMMEDIATE_RISK_FORM, EXTENSION_FORM],
                          [*schema["stages"], *schema["aux_forms"]], strict=True):
        fields = [fd for sec in data["sections"] for fd in sec["fields"]]
        assert _collect_paths(fields) == set(form.paths())
        for fd in fields:
            assert {"id", "label", "kind", "required", "requirement", "help",
                    "paragraphs"} <= fd.keys()
    visor = next(fd for fd in schema["stages"][0]["sections"][8]["fields"]
                 if fd["id"] == "check_visor")
    assert visor["requirement"] == "Required when the subject has a ViSOR marker"
    assert visor["required"]["type"] == "all_of"
    rule = schema["stages"][4]["rules"][0]
    assert rule["path"] == "decision"
    assert rule["description"].startswith("Reported when the decision is to disclose and ")


def test_public_api_reexported() -> None:
    for name in ("FORM_VERSION", "FieldKind", "Choice", "Field", "Section", "StageForm",
                 "form_for", "all_forms", "IMMEDIATE_RISK_FORM", "EXTENSION_FORM", "aux_form",
                 "CaseContext", "Problem", "validate_stage", "validate_values", "check_draft",
                 "schema_as_dict", "Requirement", "ALWAYS", "OPTIONAL", "When", "WhenContext"):
        assert hasattr(forms, name), name
        assert name in forms.__all__


def test_package_is_qt_free_and_modules_small() -> None:
    package = Path(forms.__file__).parent
    for module in package.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "PySide6" not in text and "Qt" not in re.findall(r"import (\w+)", text)
        assert len(text.splitlines()) < 400, module.name
