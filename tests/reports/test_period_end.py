"""The 2025 report says what was true at 24:00 on 31 December 2025, however late it is generated:
items accepted, merged, rejected, replied or closed in January 2026 count as they stood at the end of
the year, and no case appears in two places with two contradicting states."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.template import Context, Template

from congress.reports.rounding import percent_text, points_text
from congress.reports.templatetags.pdf import percent
from suggestions import reports
from suggestions.models import Assignment, Reply, Status, SuggestionEvent
from tests.factories.core import HandlingUnitFactory
from tests.factories.suggestions import SuggestionFactory

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
Y = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
# The report of 2025 is generated in March 2026, when the January events have happened.
NOW = datetime.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def _history(item: Any, *steps: tuple[str, str, datetime.datetime], **fields: Any) -> Any:
    """Write the item's state changes as the transition service does (action, to state, when) and
    leave the item in the last state."""
    state: str = Status.SUBMITTED
    for action, to_state, at in steps:
        with time_machine.travel(at, tick=False):
            SuggestionEvent.objects.create(
                suggestion=item, action=action, from_state=state, to_state=to_state
            )
        state = to_state
    item.status = state
    for name, value in fields.items():
        setattr(item, name, value)
    if any(to == Status.ACCEPTED for _a, to, _t in steps):
        item.accepted_at = next(t for _a, to, t in steps if to == Status.ACCEPTED)
    if state == Status.CLOSED:
        item.closed_at = steps[-1][2]
    item.save()
    return item


def _lead(
    item: Any, unit: Any, *, assigned: datetime.datetime, due: datetime.date, replied: Any = None
) -> Any:
    assignment = Assignment.objects.create(
        suggestion=item,
        unit=unit,
        role=Assignment.Role.LEAD,
        status=Assignment.Status.DONE if replied else Assignment.Status.ACTIVE,
        assigned_at=assigned,
        due_date=due,
        replied_at=replied,
    )
    if replied:
        Reply.objects.create(
            suggestion=item, assignment=assignment, outcome="A", text="已办理。", replied_at=replied
        )
    return assignment


@pytest.fixture
def january() -> dict[str, Any]:
    """Items of 2025 whose state changed after the year ended, beside items settled within it."""
    with time_machine.travel(NOW, tick=False):
        unit = HandlingUnitFactory.create(name="示范市城市管理局")
        other = HandlingUnitFactory.create(name="示范市住房和城乡建设局")
        sub = SuggestionFactory.create
        target = _history(sub(submitted_at=_at(2024, 12, 1)), ("accept", Status.ACCEPTED, _at(2024, 12, 2)))
        # Received in late December, triaged in January: at year end all three awaited triage.
        accepted_late = _history(
            sub(submitted_at=_at(2025, 12, 30)), ("accept", Status.ACCEPTED, _at(2026, 1, 4))
        )
        merged_late = _history(
            sub(submitted_at=_at(2025, 12, 29)), ("merge", Status.MERGED, _at(2026, 1, 5)), merged_into=target
        )
        rejected_late = _history(
            sub(submitted_at=_at(2025, 12, 28)), ("reject", Status.REJECTED, _at(2026, 1, 6))
        )
        # Accepted in June, merged into another case in January: accepted at year end.
        merged_after_acceptance = _history(
            sub(submitted_at=_at(2025, 6, 1)),
            ("accept", Status.ACCEPTED, _at(2025, 6, 2)),
            ("merge", Status.MERGED, _at(2026, 1, 8)),
            merged_into=target,
        )
        # A key suggestion overdue all autumn, answered and closed in January.
        key_closed_late = _history(
            sub(submitted_at=_at(2025, 3, 1), kind="deputy_suggestion", is_key=True, title="重点建议甲"),
            ("accept", Status.ACCEPTED, _at(2025, 3, 2)),
            ("assign", Status.ASSIGNED, _at(2025, 3, 5)),
            ("sign_for", Status.SIGNED_FOR, _at(2025, 3, 6)),
            ("reply", Status.REPLIED, _at(2026, 1, 10)),
            ("close", Status.CLOSED, _at(2026, 1, 20)),
        )
        _lead(
            key_closed_late,
            unit,
            assigned=_at(2025, 3, 5),
            due=datetime.date(2025, 10, 23),
            replied=_at(2026, 1, 10),
        )
        # A key suggestion closed within the year.
        key_closed = _history(
            sub(submitted_at=_at(2025, 2, 1), kind="deputy_suggestion", is_key=True, title="重点建议乙"),
            ("accept", Status.ACCEPTED, _at(2025, 2, 2)),
            ("assign", Status.ASSIGNED, _at(2025, 2, 3)),
            ("sign_for", Status.SIGNED_FOR, _at(2025, 2, 4)),
            ("reply", Status.REPLIED, _at(2025, 4, 1)),
            ("close", Status.CLOSED, _at(2025, 11, 1)),
        )
        _lead(
            key_closed, unit, assigned=_at(2025, 2, 3), due=datetime.date(2025, 5, 6), replied=_at(2025, 4, 1)
        )
        # A dispatch of 2024 still unanswered at the end of 2025: overdue in the headline and its unit.
        old = _history(
            sub(submitted_at=_at(2024, 10, 30)),
            ("accept", Status.ACCEPTED, _at(2024, 10, 31)),
            ("assign", Status.ASSIGNED, _at(2024, 11, 1)),
        )
        _lead(old, other, assigned=_at(2024, 11, 1), due=datetime.date(2024, 11, 15))
    return {
        "accepted_late": accepted_late,
        "merged_late": merged_late,
        "rejected_late": rejected_late,
        "merged_after_acceptance": merged_after_acceptance,
        "key_closed_late": key_closed_late,
        "key_closed": key_closed,
        "units": (unit, other),
    }


def test_triage_figures_are_as_they_stood_on_31_december(january):
    with time_machine.travel(NOW, tick=False):
        triage = reports.triage_outcomes(*Y)
    # Received in 2025: three awaiting triage at year end, three accepted (one merged only in January).
    assert triage == {"total": 6, "accepted": 3, "merged": 0, "rejected": 0, "pending": 3}
    assert triage["accepted"] + triage["merged"] + triage["rejected"] + triage["pending"] == triage["total"]


def test_the_same_items_count_as_triaged_in_the_year_after(january):
    with time_machine.travel(NOW, tick=False):
        triage = reports.triage_outcomes(datetime.date(2025, 1, 1), datetime.date(2026, 2, 28))
    assert (triage["accepted"], triage["merged"], triage["rejected"], triage["pending"]) == (3, 2, 1, 0)


def test_key_suggestions_closed_in_january_are_open_at_year_end(january):
    with time_machine.travel(NOW, tick=False):
        key = reports.key_suggestions(*Y)
    assert (key["total"], key["closed"]) == (2, 1)
    states = {row["code"]: row["state"] for row in key["rows"]}
    assert states[january["key_closed_late"].code] == Status.SIGNED_FOR
    assert states[january["key_closed"].code] == Status.CLOSED
    assert {row["code"]: row["status"] for row in key["rows"]}[january["key_closed_late"].code] == "已签收"


def test_no_case_is_both_closed_and_overdue(january):
    with time_machine.travel(NOW, tick=False):
        key = reports.key_suggestions(*Y)
        overdue = reports.overdue_at_end(*Y)
    overdue_codes = {row["code"] for row in overdue["rows"]}
    assert january["key_closed_late"].code in overdue_codes
    for row in key["rows"]:
        if row["code"] in overdue_codes:
            assert row["state"] not in (Status.CLOSED, Status.REPLIED, Status.RATED, Status.FOLLOW_UP_DUE)


def test_units_overdue_at_year_end_add_up_to_the_headline(january):
    with time_machine.travel(NOW, tick=False):
        overdue = reports.overdue_at_end(*Y)
        rows = reports.units(*Y)
    assert overdue["count"] == 2  # the key suggestion answered in January and the dispatch of 2024
    assert sum(row["overdue_open"] for row in rows) == overdue["count"]
    by_unit = {row["unit"]: row["overdue_open"] for row in rows}
    assert by_unit == {"示范市城市管理局": 1, "示范市住房和城乡建设局": 1}


def test_a_reply_given_in_january_is_not_a_reply_of_the_year(january):
    with time_machine.travel(NOW, tick=False):
        handled = reports.handling(*Y)
        outcomes = reports.outcome_classes(*Y)
    assert (handled["assigned"], handled["replied"], handled["on_time"], handled["judged"]) == (2, 1, 1, 2)
    assert outcomes == {"A": 1, "B": 0, "C": 0}


def test_the_unit_report_lists_each_item_in_its_state_at_the_end(january):
    unit = january["units"][0]
    with time_machine.travel(NOW, tick=False):
        items = reports.items_of_unit(*Y, unit_id=unit.pk)
    assert {row["code"]: row["status"] for row in items} == {
        january["key_closed_late"].code: "已签收",
        january["key_closed"].code: "已办结",
    }


# -- rounding: counts carried, divided and rounded once, half up ---------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "printed"),
    [
        (3571, 4051, "88.2%"),  # 88.151…: rounded to four places first it printed 88.1%
        (73, 400, "18.3%"),  # 18.25 exactly: half up, not half even, not the float below it
        (1, 8, "12.5%"),
        (7, 16, "43.8%"),  # 43.75
        (0, 5, "0.0%"),
        (5, 5, "100.0%"),
    ],
)
def test_a_rate_is_rounded_once_half_up(numerator, denominator, printed):
    rate = reports.rate(numerator, denominator)
    assert percent(rate) == printed
    assert percent_text(rate) == printed


def test_a_rate_without_a_sample_prints_a_dash():
    assert percent(reports.rate(0, 0)) == "—"


def test_a_change_in_points_is_taken_from_the_exact_rates():
    # 18.25 % − 16.2 % = 2.05 points: half up, +2.1.
    assert points_text(reports.rate(73, 400), reports.rate(81, 500)) == "+2.1 个百分点"
    # 18.25 % − 18.2 % = 0.05 points: +0.1, where the rounded rates (18.3 − 18.2) happen to agree but
    # 88.15 % − 88.1 % from four-place rates would not.
    assert points_text(reports.rate(73, 400), reports.rate(91, 500)) == "+0.1 个百分点"
    assert points_text(reports.rate(1, 3), reports.rate(1, 3)) == "+0.0 个百分点"


def test_the_templates_print_the_rate_from_the_counts():
    figures = {"satisfaction_rate": reports.rate(3571, 4051)}
    text = Template("{% load pdf %}{{ f.satisfaction_rate|percent }}").render(Context({"f": figures}))
    assert text == "88.2%"


def test_shares_in_the_tables_follow_the_same_rule():
    # The received-by-kind table printed shares with widthratio: whole per cents, rounded half even.
    text = Template("{% load pdf %}{{ 73|share:400 }} {{ 1|share:8 }} {{ 0|share:0 }}").render(Context({}))
    assert text == "18.3% 12.5% —"


@pytest.mark.parametrize(
    ("numerator", "denominator", "printed"),
    [(73, 400, "18.3%"), (3571, 4051, "88.2%"), (1, 8, "12.5%"), (1, 3, "33.3%"), (0, 0, "—")],
)
def test_the_ballot_announcement_rounds_a_share_once_half_up(numerator, denominator, printed):
    from votes.reports import percent_once

    assert percent_once(numerator, denominator) == printed
    if denominator:
        assert percent_text({"numerator": numerator, "denominator": denominator}) == printed
