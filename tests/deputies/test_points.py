"""Points (积分): rules as data, caps, the stored score always equal to a recomputation, audited
adjustments, the frozen annual evaluation and the ranking."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from congress import roles
from congress.errors import DomainError
from congress.models import AuditEvent
from congress.notifications.models import Notification
from deputies import services
from deputies.models import AnnualEvaluation, Deputy, DutyRecord, DutyScore, PointsItem
from deputies.scoring import DimensionRule, EntryFact, ItemRule, Rules, score_entries
from deputies.selectors import score_rank, score_ranking
from deputies.tasks import recompute_scores
from tests.factories.core import DistrictFactory, UserFactory
from tests.factories.deputies import DeputyFactory

D = Decimal
RULES = Rules(
    dimensions=(DimensionRule("duty", D("20")), DimensionRule("society", D("10"))),
    items=(
        ItemRule(
            "reception",
            "society",
            frozenset({"reception"}),
            D("2"),
            cap=D("2"),
            cap_period="month",
            annual_max=D("6"),
        ),
        ItemRule("training", "duty", frozenset({"training"}), D("3"), cap=D("9"), cap_period="year"),
        ItemRule("plenary", "duty", frozenset({"plenary_attended"}), D("15")),
    ),
)


def _entries(*rows: tuple[str, str]) -> list[EntryFact]:
    return [
        EntryFact(pk=i, kind=kind, on=dt.date.fromisoformat(day)) for i, (kind, day) in enumerate(rows, 1)
    ]


# --- The arithmetic (no database) -----------------------------------------------------------------


def test_a_monthly_cap_stops_the_second_reception_of_a_month() -> None:
    score = score_entries(RULES, _entries(("reception", "2026-03-02"), ("reception", "2026-03-20")))
    assert score.entry_points == {1: D("2"), 2: D("0")}


def test_a_new_month_opens_the_cap_again() -> None:
    score = score_entries(RULES, _entries(("reception", "2026-03-31"), ("reception", "2026-04-01")))
    assert score.by_item["reception"] == D("4")


def test_the_yearly_maximum_caps_an_item_across_months() -> None:
    days = [("reception", f"2026-{month:02d}-05") for month in range(1, 13)]
    assert score_entries(RULES, _entries(*days)).by_item["reception"] == D("6")


def test_the_dimension_maximum_caps_its_items_together() -> None:
    score = score_entries(
        RULES,
        _entries(("plenary_attended", "2026-01-10"), ("training", "2026-02-01"), ("training", "2026-03-01")),
    )
    assert score.by_dimension["duty"] == D("20")
    assert score.entry_points == {1: D("15"), 2: D("3"), 3: D("2")}


def test_an_entry_no_item_counts_earns_nothing() -> None:
    score = score_entries(RULES, _entries(("other", "2026-01-10")))
    assert score.total == 0 and score.entry_points == {1: D("0")}


def test_adjustments_add_to_the_total_which_stays_within_the_scale() -> None:
    entries = _entries(("plenary_attended", "2026-01-10"))
    assert score_entries(RULES, entries, adjustments=D("5")).total == D("20")
    assert score_entries(RULES, entries, adjustments=D("100")).total == D("30")
    assert score_entries(RULES, entries, adjustments=D("-40")).total == D("0")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["reception", "training", "plenary_attended", "other"]),
            st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31)),
        ),
        max_size=40,
    )
)
def test_entry_points_add_up_to_the_dimensions_and_respect_every_cap(rows: list[tuple[str, dt.date]]) -> None:
    entries = [EntryFact(pk=i, kind=kind, on=day) for i, (kind, day) in enumerate(rows, 1)]
    score = score_entries(RULES, entries)
    assert sum(score.entry_points.values(), D(0)) == sum(score.by_dimension.values(), D(0))
    assert score.by_item["reception"] <= D("6") and score.by_item["training"] <= D("9")
    assert score.by_dimension["duty"] <= D("20") and score.by_dimension["society"] <= D("10")
    months: dict[int, Decimal] = {}
    for entry in entries:
        if entry.kind == "reception":
            months[entry.on.month] = months.get(entry.on.month, D(0)) + score.entry_points[entry.pk]
    assert all(points <= D("2") for points in months.values())


# --- Stored scores ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_default_rules_are_three_dimensions_eleven_items_and_a_hundred_points() -> None:
    rules = services.points.rules_load()
    assert len(rules.dimensions) == 3 and len(rules.items) == 11
    assert rules.max_total == D("100")


@pytest.mark.django_db
def test_every_entry_updates_the_stored_score_and_the_entry_points() -> None:
    deputy = DeputyFactory.create()
    services.duty_record_add(deputy=deputy, kind="training", on=dt.date(2026, 4, 1), note="履职培训")
    record = services.duty_record_add(deputy=deputy, kind="plenary_attended", on=dt.date(2026, 1, 12))
    record.refresh_from_db()
    assert record.points == D("10")
    assert DutyScore.objects.get(deputy=deputy, year=2026).total == D("12")


@pytest.mark.django_db
def test_the_stored_score_equals_a_recomputation_after_adds_edits_and_removals() -> None:
    deputy, staff = DeputyFactory.create(), UserFactory.create()
    entries = [
        services.duty_record_add(deputy=deputy, kind="reception", on=dt.date(2026, 3, day), actor=staff)
        for day in (2, 9, 16)
    ]
    services.duty_record_add(deputy=deputy, kind="training", on=dt.date(2026, 5, 5), actor=staff)
    services.duty_record_update(record=entries[0], changes={"on": dt.date(2026, 4, 2)}, actor=staff)
    services.duty_record_delete(record=entries[1], actor=staff)
    services.points_adjustment_add(deputy=deputy, year=2026, points="3", reason="获省级表彰", actor=staff)
    stored = DutyScore.objects.get(deputy=deputy, year=2026)
    fresh = services.duty_score_compute(deputy=deputy, year=2026)
    assert stored.total == fresh.total == D("9")  # 2 (March) + 2 (April) + 2 training + 3
    assert stored.breakdown == fresh.breakdown()
    points = DutyRecord.objects.filter(deputy=deputy).values_list("points", flat=True)
    assert sum((p or D(0) for p in points), D(0)) == D("6")


@pytest.mark.django_db
def test_an_automatic_entry_withdrawn_lowers_the_score() -> None:
    deputy, source = DeputyFactory.create(), UserFactory.create()
    services.duty_record_add(deputy=deputy, kind="reception", on=dt.date(2026, 3, 2), source=source)
    services.duty_record_remove(deputy=deputy, kind="reception", source=source)
    assert DutyScore.objects.get(deputy=deputy, year=2026).total == 0


@pytest.mark.django_db
def test_changing_a_rule_recomputes_this_years_scores(settings, time_machine) -> None:
    time_machine.move_to(dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC))
    deputy = DeputyFactory.create()
    services.duty_record_add(deputy=deputy, kind="training", on=dt.date(2026, 5, 5))
    item = PointsItem.objects.get(code="training")
    item.points = D("4")
    services.points_item_save(item=item, actor=UserFactory.create())
    recompute_scores(2026)  # what the worker runs after the commit
    assert DutyScore.objects.get(deputy=deputy, year=2026).total == D("4")
    assert AuditEvent.objects.filter(
        action="update", object_id=item.pk, data__changes__points=["2.00", "4.00"]
    ).exists()


@pytest.mark.django_db
def test_a_kind_counted_by_two_items_is_refused() -> None:
    item = PointsItem(
        dimension=PointsItem.objects.first().dimension,
        code="twice",
        name="重复",
        kinds=["training"],
        points=1,
    )
    with pytest.raises(DomainError) as error:
        services.points_item_save(item=item)
    assert error.value.field == "kinds" and "履职学习培训" in error.value.message


# --- Adjustments and the evaluation -----------------------------------------------------------------


@pytest.mark.django_db
def test_an_adjustment_needs_a_reason() -> None:
    with pytest.raises(DomainError) as error:
        services.points_adjustment_add(deputy=DeputyFactory.create(), year=2026, points=2, reason=" ")
    assert error.value.field == "reason"


@pytest.mark.django_db
def test_an_adjustment_is_audited_with_actor_reason_and_the_score_before_and_after() -> None:
    deputy, staff = DeputyFactory.create(), UserFactory.create()
    services.duty_record_add(deputy=deputy, kind="plenary_attended", on=dt.date(2026, 1, 12))
    services.points_adjustment_add(
        deputy=deputy, year=2026, points="-2.5", reason="无故缺席小组活动", actor=staff
    )
    event = AuditEvent.objects.get(action="points_adjustment", object_id=deputy.pk)
    assert event.actor == staff and event.note == "无故缺席小组活动"
    assert event.data["changes"]["score"] == ["10.00", "7.50"] and event.data["points"] == "-2.50"


@pytest.mark.django_db
def test_freezing_the_evaluation_copies_the_score_and_tells_the_deputy(time_machine) -> None:
    time_machine.move_to(dt.datetime(2027, 1, 15, 10, 0, tzinfo=dt.UTC))
    deputy = DeputyFactory.create(user=UserFactory.create())
    services.duty_record_add(deputy=deputy, kind="plenary_attended", on=dt.date(2026, 1, 12))
    evaluation = services.evaluation_freeze(deputy=deputy, year=2026, is_excellent=True, comments="履职积极")
    assert (evaluation.total, evaluation.rank, evaluation.is_excellent) == (D("10"), 1, True)
    note = Notification.objects.get(recipient=deputy.user, channel="in_app", kind="deputies.evaluation")
    assert "2026" in note.subject and "优秀代表" in note.body


@pytest.mark.django_db
def test_a_frozen_year_refuses_adjustments_and_offline_entries_and_keeps_its_figures(time_machine) -> None:
    time_machine.move_to(dt.datetime(2027, 1, 15, 10, 0, tzinfo=dt.UTC))
    deputy = DeputyFactory.create()
    services.duty_record_add(deputy=deputy, kind="training", on=dt.date(2026, 5, 5))
    services.evaluation_freeze(deputy=deputy, year=2026)
    with pytest.raises(DomainError):
        services.points_adjustment_add(deputy=deputy, year=2026, points=5, reason="补记表彰")
    with pytest.raises(DomainError):
        services.duty_record_add(deputy=deputy, kind="training", on=dt.date(2026, 6, 5))
    item = PointsItem.objects.get(code="training")
    item.points = D("5")
    services.points_item_save(item=item)
    services.duty_scores_recompute(year=2026)
    assert AnnualEvaluation.objects.get(deputy=deputy, year=2026).total == D("2")


@pytest.mark.django_db
def test_a_year_is_frozen_once() -> None:
    deputy = DeputyFactory.create()
    services.evaluation_freeze(deputy=deputy, year=2025)
    with pytest.raises(DomainError):
        services.evaluation_freeze(deputy=deputy, year=2025)


# --- Ranking ---------------------------------------------------------------------------------------


def _scored(points: int, **fields) -> Deputy:
    deputy = DeputyFactory.create(**fields)
    for day in range(1, points // 2 + 1):
        services.duty_record_add(deputy=deputy, kind="training", on=dt.date(2026, 2, day))
    return deputy


@pytest.mark.django_db
def test_equal_scores_share_a_rank_and_nobody_recorded_is_last() -> None:
    first, tie_a, tie_b, idle = _scored(6), _scored(4), _scored(4), DeputyFactory.create()
    ranks = {d.pk: d.rank for d in score_ranking(year=2026)}
    assert ranks == {first.pk: 1, tie_a.pk: 2, tie_b.pk: 2, idle.pk: 4}
    assert score_rank(deputy=tie_a, year=2026) == (2, 4)


@pytest.mark.django_db
def test_the_rank_within_a_district_counts_only_its_deputies() -> None:
    district = DistrictFactory.create()
    _scored(6)
    local = _scored(4, area=district)
    assert [(d.pk, d.rank) for d in score_ranking(year=2026, area_id=district.pk)] == [(local.pk, 1)]


@pytest.mark.django_db
def test_staff_download_the_ranking_as_xlsx(client) -> None:
    roles.roles_sync()
    staff = UserFactory.create(is_staff=True)
    roles.role_grant(user=staff, code=roles.COMMITTEE_STAFF)
    _scored(4, name="王履职")
    client.force_login(staff)
    response = client.get(reverse("deputy-report-ranking"), {"year": 2026, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("名次", "姓名") and rows[1][:2] == (1, "王履职") and rows[1][-2] == 4


@pytest.mark.django_db
def test_the_ranking_is_for_staff_only(client) -> None:
    client.force_login(DeputyFactory.create(user=UserFactory.create()).user)
    assert client.get(reverse("deputy-report-ranking")).status_code == 404


@pytest.mark.django_db
def test_the_year_in_figures_for_the_annual_report() -> None:
    from deputies import reports

    busy = _scored(6)
    DeputyFactory.create()  # a deputy with nothing recorded
    for month in (3, 4):
        services.duty_record_add(
            deputy=busy, kind="reception", on=dt.date(2026, month, 2), source=UserFactory.create()
        )
    services.points_adjustment_add(deputy=busy, year=2026, points=4, reason="获省级表彰")
    report_back = services.report_back_create(
        deputy=busy,
        title="述职",
        summary="一年来的履职情况：进站接待、领办意见、提出建议。",
        held_on=dt.date(2026, 11, 2),
        place="代表之家",
    )
    services.report_back_publish(report_back=report_back, today=dt.date(2026, 11, 3))
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert reports.points(*year)["average"] == 20.0  # 6 + 4 + 6 + 4: the stored score, adjustment included
    assert reports.report_back_ratings(*year)["total"] == 1
    rules = {row["code"]: row for row in reports.quotas(*year)}
    assert (rules["yearly-report-back"]["met"], rules["yearly-report-back"]["of"]) == (1, 2)
    assert (rules["monthly-station"]["met"], rules["monthly-station"]["of"]) == (2, 24)


@pytest.mark.django_db
def test_the_annual_reports_deputies_section_carries_quotas_and_report_back_ratings() -> None:
    from congress.reports.reads import Period
    from congress.reports.sections.deputies import figures

    deputy = DeputyFactory.create()
    report_back = services.report_back_create(
        deputy=deputy,
        title="述职",
        summary="一年来的履职情况：进站接待、领办意见、提出建议。",
        held_on=dt.date(2026, 11, 2),
        place="代表之家",
    )
    services.report_back_publish(report_back=report_back, today=dt.date(2026, 11, 3))
    section = figures(Period.year(2026), "default")
    assert section["report_back_ratings"]["total"] == 1
    assert {row["code"] for row in section["quotas"]} >= {"monthly-station", "quarterly-home", "term-report"}
    assert section["evaluations"] == {"frozen": 0, "excellent": 0}
