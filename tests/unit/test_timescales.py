"""Timescales: 24 h elapsed, N days on the Europe/London wall clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.timescales import (
    LONDON,
    Deadline,
    DeadlineKind,
    DeadlineState,
    Extension,
    Progress,
    add_local_days,
    compute_deadlines,
    next_deadline,
    original_due,
    urgency_key,
)

K = DeadlineKind
S = DeadlineState


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def local(y: int, mo: int, d: int, h: int = 0, mi: int = 0, fold: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=LONDON, fold=fold)


def by_kind(deadlines: list[Deadline]) -> dict[DeadlineKind, Deadline]:
    return {d.kind: d for d in deadlines}


CONTACT = utc(2024, 1, 10, 9, 0)


def compute(
    progress: Progress, now: datetime, exts: tuple[Extension, ...] = ()
) -> dict[DeadlineKind, Deadline]:
    return by_kind(compute_deadlines(progress, exts, now))


def test_kind_labels_and_paragraphs() -> None:
    assert K.STAGE1_24H.paragraph == "¶5.1.13"
    assert K.RISK_ASSESSMENT_10D.paragraph == "¶5.4.8"
    assert K.DECISION_35D.paragraph == "¶5.6.27"
    for kind in K:
        assert kind.label and kind.label[0].isupper()
    values = "stage1_24h face_to_face_10d risk_assessment_10d decision_35d closure_45d"
    assert " ".join(K) == values


def test_state_labels() -> None:
    labels = "Met|Completed late|Open|Due soon|Overdue|Not applicable"
    assert "|".join(s.label for s in S) == labels


def test_due_dates_in_winter() -> None:
    d = compute(Progress(CONTACT), CONTACT)
    assert d[K.STAGE1_24H].due == utc(2024, 1, 11, 9, 0)
    assert d[K.FACE_TO_FACE_10D].due == utc(2024, 1, 20, 9, 0)
    assert d[K.RISK_ASSESSMENT_10D].due == utc(2024, 1, 20, 9, 0)
    # ¶5.6.27: the 35-day decision route runs from the full risk assessment; not yet
    # reached, it counts from that stage's 10-day due instant (10 + 35 = 45 days).
    assert d[K.DECISION_35D].due == utc(2024, 2, 24, 9, 0)
    assert d[K.CLOSURE_45D].due == utc(2024, 2, 24, 9, 0)
    for dl in d.values():
        assert dl.state is S.OPEN
        assert not dl.extended
        assert dl.due == dl.original_due
        assert dl.completed_at is None
        assert dl.due.tzinfo is UTC


def test_due_local_and_remaining() -> None:
    contact = local(2024, 7, 1, 10, 0)  # BST
    d = compute(Progress(contact), contact)
    assert d[K.FACE_TO_FACE_10D].due_local() == local(2024, 7, 11, 10, 0)
    assert d[K.FACE_TO_FACE_10D].due_local().tzinfo is LONDON
    assert d[K.STAGE1_24H].remaining(contact) == timedelta(hours=24)
    later = contact + timedelta(hours=30)
    assert d[K.STAGE1_24H].remaining(later) == timedelta(hours=-6)


def test_non_utc_aware_input_is_normalised() -> None:
    p = Progress(local(2024, 7, 1, 10, 0))
    assert p.contact_at == utc(2024, 7, 1, 9, 0)
    assert p.contact_at.tzinfo is UTC


def test_met_and_missed() -> None:
    p = Progress(
        CONTACT,
        completed={
            K.STAGE1_24H: CONTACT + timedelta(hours=24),  # exactly on time
            K.FACE_TO_FACE_10D: CONTACT + timedelta(days=10, seconds=1),
        },
    )
    d = compute(p, CONTACT + timedelta(days=11))
    assert d[K.STAGE1_24H].state is S.MET
    assert d[K.STAGE1_24H].completed_at == CONTACT + timedelta(hours=24)
    assert d[K.FACE_TO_FACE_10D].state is S.MISSED
    assert d[K.RISK_ASSESSMENT_10D].state is S.OVERDUE


def test_open_due_soon_overdue_for_day_deadline() -> None:
    p = Progress(CONTACT, completed={K.STAGE1_24H: CONTACT})
    due = utc(2024, 1, 20, 9, 0)
    assert compute(p, due - timedelta(days=3))[K.FACE_TO_FACE_10D].state is S.OPEN
    assert compute(p, due - timedelta(days=2))[K.FACE_TO_FACE_10D].state is S.DUE_SOON
    assert compute(p, due)[K.FACE_TO_FACE_10D].state is S.DUE_SOON
    assert compute(p, due + timedelta(seconds=1))[K.FACE_TO_FACE_10D].state is S.OVERDUE


def test_24h_uses_smaller_due_soon_window() -> None:
    p = Progress(CONTACT)
    assert compute(p, CONTACT + timedelta(hours=17))[K.STAGE1_24H].state is S.OPEN
    assert compute(p, CONTACT + timedelta(hours=18))[K.STAGE1_24H].state is S.DUE_SOON
    assert compute(p, CONTACT + timedelta(hours=25))[K.STAGE1_24H].state is S.OVERDUE
    custom = compute_deadlines(
        p, (), CONTACT, due_soon=timedelta(days=12), due_soon_24h=timedelta(hours=24)
    )
    assert {d.state for d in custom} == {S.DUE_SOON, S.OPEN}
    assert by_kind(custom)[K.STAGE1_24H].state is S.DUE_SOON
    assert by_kind(custom)[K.FACE_TO_FACE_10D].state is S.DUE_SOON
    assert by_kind(custom)[K.CLOSURE_45D].state is S.OPEN


def test_closed_early_marks_later_milestones_not_applicable() -> None:
    closed = CONTACT + timedelta(hours=3)
    p = Progress(CONTACT, completed={K.STAGE1_24H: closed}, closed_at=closed, closed_early=True)
    d = compute(p, CONTACT + timedelta(days=60))
    assert d[K.STAGE1_24H].state is S.MET
    assert d[K.FACE_TO_FACE_10D].state is S.NOT_APPLICABLE
    assert d[K.RISK_ASSESSMENT_10D].state is S.NOT_APPLICABLE
    assert d[K.DECISION_35D].state is S.NOT_APPLICABLE
    assert d[K.CLOSURE_45D].state is S.MET
    assert d[K.CLOSURE_45D].completed_at == closed
    assert next_deadline(d.values()) is None
    assert urgency_key(d.values())[0] == 3


def test_closed_late_is_missed() -> None:
    closed = CONTACT + timedelta(days=50)
    p = Progress(CONTACT, completed=dict.fromkeys(list(K)[:4], CONTACT), closed_at=closed)
    d = compute(p, closed)
    assert d[K.CLOSURE_45D].state is S.MISSED
    assert d[K.DECISION_35D].state is S.MET


def test_extension_moves_due_and_marks_extended() -> None:
    new_due = utc(2024, 3, 1, 17, 0)
    ext = Extension(K.CLOSURE_45D, new_due, "awaiting foreign enquiry", date(2024, 2, 20))
    d = compute(Progress(CONTACT), utc(2024, 2, 29, 9, 0), (ext,))
    closure = d[K.CLOSURE_45D]
    assert closure.due == new_due
    assert closure.original_due == utc(2024, 2, 24, 9, 0)
    assert closure.extended
    assert closure.state is S.DUE_SOON  # would be overdue without the extension
    assert not d[K.DECISION_35D].extended


def test_latest_extension_wins_regardless_of_order() -> None:
    a = Extension(K.DECISION_35D, utc(2024, 2, 20), "MAPPA meeting", date(2024, 2, 1))
    b = Extension(K.DECISION_35D, utc(2024, 2, 27), "MAPPA adjourned", date(2024, 2, 18))
    for exts in ((a, b), (b, a)):
        d = compute(Progress(CONTACT), CONTACT, exts)
        assert d[K.DECISION_35D].due == utc(2024, 2, 27)


def test_extension_must_be_later_and_reasoned() -> None:
    early = Extension(K.FACE_TO_FACE_10D, utc(2024, 1, 15), "x", date(2024, 1, 11))
    with pytest.raises(ValueError):
        compute_deadlines(Progress(CONTACT), (early,), CONTACT)
    with pytest.raises(ValueError):
        Extension(K.FACE_TO_FACE_10D, utc(2024, 1, 25), "  ", date(2024, 1, 11))
    with pytest.raises(ValueError):
        Extension(K.FACE_TO_FACE_10D, datetime(2024, 1, 25), "x", date(2024, 1, 11))


def test_met_against_extended_due() -> None:
    ext = Extension(
        K.FACE_TO_FACE_10D, utc(2024, 1, 25, 9), "applicant on holiday", date(2024, 1, 12)
    )
    p = Progress(CONTACT, completed={K.FACE_TO_FACE_10D: utc(2024, 1, 24, 12)})
    d = compute(p, utc(2024, 1, 26), (ext,))
    assert d[K.FACE_TO_FACE_10D].state is S.MET
    assert d[K.FACE_TO_FACE_10D].extended


def test_naive_datetimes_refused() -> None:
    naive = datetime(2024, 1, 10, 9, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        Progress(naive)
    with pytest.raises(ValueError, match="closed_early needs closed_at"):
        Progress(CONTACT, closed_early=True)
    with pytest.raises(ValueError):
        Progress(CONTACT, completed={K.STAGE1_24H: naive})
    with pytest.raises(ValueError):
        Progress(CONTACT, closed_at=naive)
    with pytest.raises(ValueError):
        compute_deadlines(Progress(CONTACT), (), naive)
    with pytest.raises(ValueError):
        original_due(K.CLOSURE_45D, naive)
    d = compute_deadlines(Progress(CONTACT), (), CONTACT)[0]
    with pytest.raises(ValueError):
        d.remaining(naive)


def test_next_deadline_and_urgency_order() -> None:
    now = CONTACT + timedelta(days=11)
    overdue_case = compute_deadlines(Progress(CONTACT), (), now)
    nxt = next_deadline(overdue_case)
    assert nxt is not None and nxt.kind is K.STAGE1_24H and nxt.state is S.OVERDUE

    soon_contact = now - timedelta(hours=20)
    soon_case = compute_deadlines(Progress(soon_contact), (), now)
    open_case = compute_deadlines(
        Progress(now - timedelta(days=1), completed={K.STAGE1_24H: now}), (), now
    )
    closed_case = compute_deadlines(
        Progress(CONTACT, closed_at=CONTACT + timedelta(hours=1), closed_early=True), (), now
    )
    older_overdue = compute_deadlines(Progress(CONTACT - timedelta(days=5)), (), now)
    cases = {
        "open": open_case,
        "closed": closed_case,
        "soon": soon_case,
        "overdue": overdue_case,
        "older_overdue": older_overdue,
    }
    order = sorted(cases, key=lambda name: urgency_key(cases[name]))
    assert order == ["older_overdue", "overdue", "soon", "open", "closed"]


def test_next_deadline_skips_met() -> None:
    p = Progress(CONTACT, completed={K.STAGE1_24H: CONTACT, K.FACE_TO_FACE_10D: CONTACT})
    nxt = next_deadline(compute_deadlines(p, (), CONTACT))
    assert nxt is not None and nxt.kind is K.RISK_ASSESSMENT_10D


# --- clock changes ---------------------------------------------------------------------
# 2024: BST starts Sun 31 March 01:00 GMT, ends Sun 27 October 02:00 BST.


def test_spring_24h_is_elapsed_hours() -> None:
    contact = local(2024, 3, 30, 10, 0)  # Saturday, GMT
    d = compute(Progress(contact), contact)
    assert d[K.STAGE1_24H].due - contact == timedelta(hours=24)
    assert d[K.STAGE1_24H].due_local() == local(2024, 3, 31, 11, 0)  # BST


def test_autumn_day_deadline_keeps_wall_time() -> None:
    contact = local(2024, 10, 20, 10, 0)  # BST
    d = compute(Progress(contact), contact)
    due = d[K.FACE_TO_FACE_10D]
    assert due.due_local().replace(tzinfo=None) == datetime(2024, 10, 30, 10, 0)
    assert due.due_local().utcoffset() == timedelta(0)  # GMT
    assert due.due - contact == timedelta(days=10, hours=1)


@pytest.mark.parametrize(
    ("contact", "days", "expected_utc"),
    [
        # Saturday before spring change
        (local(2024, 3, 30, 0, 30), 10, utc(2024, 4, 8, 23, 30)),
        (local(2024, 3, 30, 1, 30), 10, utc(2024, 4, 9, 0, 30)),
        (local(2024, 3, 30, 23, 59), 10, utc(2024, 4, 9, 22, 59)),
        # Sunday of the spring change (01:30 does not exist; 00:30 is GMT)
        (local(2024, 3, 31, 0, 30), 10, utc(2024, 4, 9, 23, 30)),
        (local(2024, 3, 31, 23, 59), 10, utc(2024, 4, 10, 22, 59)),
        # Saturday before autumn change
        (local(2024, 10, 26, 0, 30), 10, utc(2024, 11, 5, 0, 30)),
        (local(2024, 10, 26, 1, 30), 10, utc(2024, 11, 5, 1, 30)),
        (local(2024, 10, 26, 23, 59), 10, utc(2024, 11, 5, 23, 59)),
        # Sunday of autumn change: 01:30 happens twice
        (local(2024, 10, 27, 0, 30), 10, utc(2024, 11, 6, 0, 30)),
        (local(2024, 10, 27, 1, 30, fold=0), 10, utc(2024, 11, 6, 1, 30)),
        (local(2024, 10, 27, 1, 30, fold=1), 10, utc(2024, 11, 6, 1, 30)),
        (local(2024, 10, 27, 23, 59), 10, utc(2024, 11, 6, 23, 59)),
    ],
)
def test_contacts_around_clock_changes(
    contact: datetime, days: int, expected_utc: datetime
) -> None:
    assert add_local_days(contact, days) == expected_utc
    wall = contact.replace(tzinfo=None) + timedelta(days=days)
    assert add_local_days(contact, days).astimezone(LONDON).replace(tzinfo=None) == wall


def test_contact_given_as_nonexistent_local_time() -> None:
    # 01:30 on the spring-change Sunday does not exist; fold=0 reads it as GMT,
    # i.e. the instant 01:30 UTC, which the clock showed as 02:30 BST.
    contact = local(2024, 3, 31, 1, 30)
    assert contact.astimezone(UTC) == utc(2024, 3, 31, 1, 30)
    d = compute(Progress(contact), contact)
    assert d[K.STAGE1_24H].due == utc(2024, 4, 1, 1, 30)
    assert d[K.FACE_TO_FACE_10D].due_local().replace(tzinfo=None) == datetime(2024, 4, 10, 2, 30)


def test_due_in_spring_gap_moves_forward() -> None:
    contact = local(2024, 3, 21, 1, 30)  # GMT; 10 days later 01:30 does not exist
    due = add_local_days(contact, 10)
    assert due == utc(2024, 3, 31, 1, 30)
    assert due.astimezone(LONDON).replace(tzinfo=None) == datetime(2024, 3, 31, 2, 30)


def test_due_in_autumn_overlap_takes_first_occurrence() -> None:
    contact = local(2024, 10, 17, 1, 30)  # BST; 10 days later 01:30 happens twice
    due = add_local_days(contact, 10)
    assert due == utc(2024, 10, 27, 0, 30)  # 01:30 BST, the earlier instant
    assert due.astimezone(LONDON).fold == 0


def test_24h_across_autumn_change() -> None:
    contact = local(2024, 10, 26, 10, 0)  # BST
    d = compute(Progress(contact), contact)
    assert d[K.STAGE1_24H].due_local().replace(tzinfo=None) == datetime(2024, 10, 27, 9, 0)
    night = local(2024, 10, 26, 1, 30)  # 00:30 UTC; 24 h later is 01:30 BST, first time
    due = compute(Progress(night), night)[K.STAGE1_24H].due_local()
    assert due.replace(tzinfo=None) == datetime(2024, 10, 27, 1, 30)
    assert due.utcoffset() == timedelta(hours=1)


def test_late_evening_contact() -> None:
    contact = local(2024, 6, 14, 23, 59)
    d = compute(Progress(contact), contact)
    assert d[K.STAGE1_24H].due_local().replace(tzinfo=None) == datetime(2024, 6, 15, 23, 59)
    assert d[K.CLOSURE_45D].due_local().replace(tzinfo=None) == datetime(2024, 7, 29, 23, 59)


def test_contact_on_29_february() -> None:
    contact = local(2028, 2, 29, 14, 0)
    d = compute(Progress(contact), contact)
    assert d[K.STAGE1_24H].due_local().replace(tzinfo=None) == datetime(2028, 3, 1, 14, 0)
    assert d[K.FACE_TO_FACE_10D].due_local().replace(tzinfo=None) == datetime(2028, 3, 10, 14, 0)
    assert d[K.DECISION_35D].due_local().replace(tzinfo=None) == datetime(2028, 4, 14, 14, 0)
    assert d[K.CLOSURE_45D].due_local().replace(tzinfo=None) == datetime(2028, 4, 14, 14, 0)


def test_due_dates_crossing_29_february() -> None:
    contact = local(2028, 2, 20, 9, 0)
    d = compute(Progress(contact), contact)
    assert d[K.FACE_TO_FACE_10D].due_local().replace(tzinfo=None) == datetime(2028, 3, 1, 9, 0)
    contact_2027 = local(2027, 2, 20, 9, 0)
    d2027 = compute(Progress(contact_2027), contact_2027)
    assert d2027[K.FACE_TO_FACE_10D].due_local().replace(tzinfo=None) == datetime(2027, 3, 2, 9, 0)
    late_jan = local(2028, 1, 25, 9, 0)
    reached = Progress(local(2028, 1, 15, 9, 0), completed={K.RISK_ASSESSMENT_10D: late_jan})
    assert compute(reached, late_jan)[K.DECISION_35D].due_local().replace(
        tzinfo=None
    ) == datetime(2028, 2, 29, 9, 0)


_instants = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2040, 12, 31, 23, 59, 59),
    timezones=st.just(UTC),
)


def _in_gap(wall: datetime) -> bool:
    aware = wall.replace(tzinfo=LONDON)
    return aware.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None) != wall


@settings(max_examples=300, deadline=None)
@given(contact=_instants, kind=st.sampled_from([k for k in K if k.days is not None]))
def test_day_deadlines_keep_wall_time(contact: datetime, kind: DeadlineKind) -> None:
    due = original_due(kind, contact)
    assert kind.days is not None
    nominal = timedelta(days=kind.days)
    assert abs((due - contact) - nominal) <= timedelta(hours=1)
    wall = contact.astimezone(LONDON).replace(tzinfo=None) + nominal
    if not _in_gap(wall):
        assert due.astimezone(LONDON).replace(tzinfo=None) == wall
    else:
        assert due.astimezone(LONDON).replace(tzinfo=None) == wall + timedelta(hours=1)


@settings(max_examples=200, deadline=None)
@given(contact=_instants)
def test_24h_is_always_24_elapsed_hours(contact: datetime) -> None:
    assert original_due(K.STAGE1_24H, contact) - contact == timedelta(hours=24)


@settings(max_examples=200, deadline=None)
@given(contact=_instants, offset=st.integers(min_value=0, max_value=60 * 24 * 60))
def test_states_are_consistent(contact: datetime, offset: int) -> None:
    now = contact + timedelta(minutes=offset)
    for dl in compute_deadlines(Progress(contact), (), now):
        assert (dl.state is S.OVERDUE) == (now > dl.due)
        assert dl.state in (S.OPEN, S.DUE_SOON, S.OVERDUE)
        assert (dl.remaining(now) < timedelta(0)) == (dl.state is S.OVERDUE)
