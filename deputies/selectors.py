"""Reads about deputies that the public pages, the dashboard and other apps rely on."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Rank
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import (
    AnnualEvaluation,
    CommitteeLink,
    Deputy,
    DeputyGroup,
    DutyRecord,
    DutyScore,
    LiaisonContact,
    PointsAdjustment,
    PointsDimension,
    PointsItem,
    QuotaRule,
    ReportBack,
)
from .periods import period_bounds, period_label
from .querysets import DeputyQuerySet


def deputy_for_user(user: Any) -> Deputy | None:
    """The deputy whose dashboard a user may use: the account is linked to the deputy *and* holds
    the deputy role (``deputies.permissions.dashboard_deputy``), or None. Every dashboard page of
    every app finds its deputy here, so removing the role closes them all."""
    from .permissions import dashboard_deputy

    return dashboard_deputy(user)


def seat_ids_of(deputy_id: int) -> QuerySet[Deputy, dict[str, Any]]:
    """The ids of every seat of the person holding seat ``deputy_id`` (the seat with the login and
    the seats pointing at it, ``Deputy.seat_of``), as a subquery: a filter
    ``deputy_id__in=seat_ids_of(pk)`` covers a two-level deputy's work in the same query."""
    return Deputy.objects.filter(Q(pk=deputy_id) | Q(seat_of_id=deputy_id)).order_by().values("pk")


def deputy_seats(deputy: Deputy) -> list[Deputy]:
    """The person's seats, the one with the login first, each with its term and body: a deputy of
    two congresses (DOMAIN.md §11) votes in each body's ballot with the seat of that body."""
    others = (
        Deputy.objects.filter(seat_of_id=deputy.pk).select_related("term__body").order_by("term__body__path")
    )
    return [deputy, *others]


def seat_for(seats: list[Deputy], *, term_id: int | None = None, deputy_ids: Any = ()) -> Deputy:
    """The seat that acts: the one in ``term_id``, else the one among ``deputy_ids`` (the deputies
    an item concerns), else the seat with the login."""
    for seat in seats:
        if term_id is not None and seat.term_id == term_id:
            return seat
    for seat in seats:
        if seat.pk in set(deputy_ids):
            return seat
    return seats[0]


def deputy_public_list(
    *,
    query: str = "",
    level: str = "",
    area_id: int | None = None,
    group_id: int | None = None,
    station_id: int | None = None,
    body_id: int | None = None,
) -> DeputyQuerySet:
    """Active deputies as the public directory lists them: filters by level, district, group,
    station (编组进站) and the body whose congress they sit in (a district's or a township's),
    search by name or work unit."""
    deputies = Deputy.objects.active().for_list()
    if body_id:
        deputies = deputies.filter(term__body_id=body_id, term__is_current=True)
    if query:
        deputies = deputies.filter(Q(name__icontains=query) | Q(work_unit__icontains=query))
    if level:
        deputies = deputies.filter(level=level)
    if area_id:
        deputies = deputies.filter(area_id=area_id)
    if group_id:
        deputies = deputies.filter(groups__id=group_id)
    if station_id:
        deputies = deputies.filter(memberships__station_id=station_id)
    return deputies.distinct() if (group_id or station_id) else deputies


def deputy_public_detail(slug: str) -> Deputy | None:
    """An active deputy with what the public page shows (stations, groups)."""
    return (
        Deputy.objects.active()
        .for_list()
        .prefetch_related("groups", "stations__area")
        .filter(slug=slug)
        .first()
    )


def deputy_upcoming_duty(
    deputy: Deputy, *, days: int = 90, today: datetime.date | None = None
) -> QuerySet[Any]:
    """Planned receptions the deputy is on duty at, soonest first (through the stations app's
    relation, so this module needs no import of it)."""
    today = today or timezone.localdate()
    return (
        deputy.duty_receptions.filter(
            status="planned", date__gte=today, date__lte=today + datetime.timedelta(days=days)
        )
        .select_related("station")
        .order_by("date", "start_time")
    )


def duty_figures(deputy: Deputy, *, year: int | None = None) -> list[tuple[str, int]]:
    """Public duty figures: how many entries of each kind the deputy has this year."""
    year = year or timezone.localdate().year
    counts = dict(
        DutyRecord.objects.filter(deputy=deputy, on__year=year)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return [(str(label), counts[value]) for value, label in DutyRecord.Kind.choices if counts.get(value)]


def duty_records_for(deputy: Deputy, *, limit: int = 30) -> QuerySet[DutyRecord]:
    return DutyRecord.objects.filter(deputy=deputy).order_by("-on", "-pk")[:limit]


def public_groups() -> QuerySet[DeputyGroup]:
    return DeputyGroup.objects.order_by("kind", "name")


# The composition dimensions published (002:1247): field and label are fixed in code, counts in data.
COMPOSITION_FIELDS = ("gender", "level", "occupation", "education", "party", "ethnicity")


def composition(*, level: str = "") -> dict[str, Any]:
    """Counts of active deputies by gender, level, occupation class, education, party and
    ethnicity, for the public statistics page (DOMAIN.md §4; 002:1247). Three queries."""
    deputies = Deputy.objects.active()
    if level:
        deputies = deputies.filter(level=level)
    rows = list(
        deputies.values("gender", "level", "occupation", "education", "party")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ethnic = dict(deputies.values_list("ethnicity").annotate(n=Count("pk")).values_list("ethnicity", "n"))
    counters: dict[str, Counter[str]] = {
        field: Counter() for field in COMPOSITION_FIELDS if field != "ethnicity"
    }
    total = 0
    for row in rows:
        total += row["n"]
        for field, counter in counters.items():
            counter[row[field]] += row["n"]
    choices = {
        "gender": Deputy.Gender.choices,
        "level": Deputy.Level.choices,
        "occupation": Deputy.Occupation.choices,
        "education": Deputy.Education.choices,
        "party": Deputy.Party.choices,
    }
    result: dict[str, Any] = {"total": total}
    for field, counter in counters.items():
        result[field] = [
            (str(label), counter[value]) for value, label in choices[field] if counter.get(value)
        ]
    # Ethnicities are free text: the largest groups, then the rest together.
    ordered = sorted(ethnic.items(), key=lambda item: (-item[1], item[0]))
    result["ethnicity"] = ordered
    return result


# --- Points and ranking ----------------------------------------------------------------------------


def score_for(deputy: Deputy, *, year: int) -> DutyScore | None:
    return DutyScore.objects.filter(deputy=deputy, year=year).first()


def score_rank(*, deputy: Deputy, year: int, total: Decimal | None = None) -> tuple[int, int]:
    """The deputy's rank among the active deputies of the same level this year (ties share a rank;
    a deputy with nothing recorded has 0 points), and how many they are ranked among. Two queries
    (three when the total is not given)."""
    if total is None:
        total = DutyScore.objects.filter(deputy=deputy, year=year).values_list("total", flat=True).first()
    mine = total or Decimal(0)
    higher = DutyScore.objects.filter(
        year=year, total__gt=mine, deputy__status=Deputy.Status.ACTIVE, deputy__level=deputy.level
    ).count()
    among = Deputy.objects.filter(status=Deputy.Status.ACTIVE, level=deputy.level).count()
    return higher + 1, among


def score_ranking(
    *,
    year: int,
    level: str = Deputy.Level.MUNICIPAL,
    area_id: int | None = None,
    delegation_id: int | None = None,
    group_id: int | None = None,
    body_ids: list[int] | None = None,
) -> QuerySet[Deputy]:
    """Active deputies of a level ranked by this year's score (ties share a rank), optionally within
    a district, a delegation or a deputy group: the rank is counted inside what is shown. With
    ``body_ids``, only the deputies of those bodies (a user's scope, ``congress.bodies``)."""
    score = DutyScore.objects.filter(deputy=OuterRef("pk"), year=year)
    deputies = Deputy.objects.in_bodies(body_ids).filter(status=Deputy.Status.ACTIVE, level=level)
    if area_id:
        deputies = deputies.filter(area_id=area_id)
    if delegation_id:
        deputies = deputies.filter(delegation_id=delegation_id)
    if group_id:
        deputies = deputies.filter(groups__id=group_id)
    return (
        deputies.select_related("area", "delegation")
        .annotate(
            score_total=Coalesce(
                Subquery(score.values("total")[:1]), Decimal(0), output_field=DecimalField()
            ),
            score_breakdown=Subquery(score.values("breakdown")[:1]),
            score_entries=Coalesce(Subquery(score.values("entries")[:1]), 0),
        )
        .annotate(rank=Window(Rank(), order_by=F("score_total").desc()))
        .order_by("-score_total", "name", "pk")
    )


def points_rules() -> list[PointsDimension]:
    """The dimensions with their active items, for the dashboard and the duty report (two queries)."""
    return list(
        PointsDimension.objects.order_by("sort_order", "pk").prefetch_related(
            Prefetch("items", queryset=PointsItem.objects.filter(is_active=True).order_by("sort_order", "pk"))
        )
    )


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def cap_text(item: PointsItem) -> str:
    """The caps of an item as a deputy reads them: 每月最多2分，全年最多12分."""
    parts = []
    if item.cap is not None:
        parts.append(
            _("at most %(points)s a %(period)s")
            % {"points": _number(item.cap), "period": CAP_PERIOD_WORDS[item.cap_period]()}
        )
    if item.annual_max is not None and (item.cap is None or item.cap_period != "year"):
        parts.append(
            _("at most %(points)s a %(period)s")
            % {"points": _number(item.annual_max), "period": CAP_PERIOD_WORDS["year"]()}
        )
    return pgettext("list separator", ", ").join(parts) if parts else ""


CAP_PERIOD_WORDS = {
    "month": lambda: pgettext("points cap period", "month"),
    "quarter": lambda: pgettext("points cap period", "quarter"),
    "year": lambda: pgettext("points cap period", "year"),
}


def duty_year(deputy: Deputy, *, year: int) -> dict[str, Any]:
    """A deputy's year as the duty page and the duty report show it: entries with their points, the
    score with its breakdown by dimension and item, adjustments, rank and the frozen evaluation.

    Once the year is frozen its evaluation is the result: total, rank and breakdown are the frozen
    ones; entries written later (a late automatic entry) are listed but ``after_freeze`` says so."""
    score = score_for(deputy, year=year)
    evaluation = AnnualEvaluation.objects.filter(deputy=deputy, year=year).first()
    if evaluation is not None:
        total, breakdown = evaluation.total, evaluation.breakdown or {}
        rank, among = evaluation.rank or 0, evaluation.ranked_among or 0
    else:
        total = score.total if score else Decimal("0.00")
        breakdown = (score.breakdown if score else {}) or {}
        rank, among = score_rank(deputy=deputy, year=year, total=total)
    dimensions = []
    scored_kinds: set[str] = set()
    ceiling = Decimal(0)
    for dimension in points_rules():
        ceiling += dimension.max_points
        items = [
            {
                "item": item,
                "cap": cap_text(item),
                "points": Decimal(breakdown.get("items", {}).get(item.code, "0")),
            }
            for item in dimension.items.all()
        ]
        scored_kinds.update(kind for item in dimension.items.all() for kind in item.kinds)
        dimensions.append(
            {
                "dimension": dimension,
                "points": Decimal(breakdown.get("dimensions", {}).get(dimension.code, "0")),
                "items": items,
            }
        )
    return {
        "year": year,
        "score": score,
        "total": total,
        "live_total": score.total if score else Decimal("0.00"),
        "max_total": ceiling,
        "rank": rank,
        "ranked_among": among,
        "dimensions": dimensions,
        "adjustments": list(PointsAdjustment.objects.filter(deputy=deputy, year=year).order_by("created_at")),
        "entries": list(DutyRecord.objects.filter(deputy=deputy, on__year=year).order_by("-on", "-pk")),
        "scored_kinds": scored_kinds,
        "evaluation": evaluation,
        "after_freeze": bool(evaluation and score and score.total != evaluation.total),
    }


# --- Quotas ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaProgress:
    rule: QuotaRule
    start: datetime.date
    end: datetime.date
    label: str
    done: int
    required: int

    @property
    def is_met(self) -> bool:
        return self.done >= self.required

    @property
    def missing(self) -> int:
        return max(self.required - self.done, 0)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.required)) if self.required else 100


def quota_rules_for(level: str) -> list[QuotaRule]:
    return [
        rule
        for rule in QuotaRule.objects.filter(is_active=True).order_by("sort_order", "pk")
        if not rule.levels or level in rule.levels
    ]


def quota_period(
    rule: QuotaRule, *, deputy: Deputy, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    return period_bounds(rule.period, today, term_start=deputy.term.starts_on, term_end=deputy.term.ends_on)


def quota_progress(deputy: Deputy, *, today: datetime.date | None = None) -> list[QuotaProgress]:
    """Each active quota rule of the deputy's level in the period that contains ``today``: how many
    entries count and how many are owed. Two queries whatever the number of rules and entries."""
    today = today or timezone.localdate()
    rules = quota_rules_for(deputy.level)
    if not rules:
        return []
    bounds = {rule.pk: quota_period(rule, deputy=deputy, today=today) for rule in rules}
    counts = DutyRecord.objects.filter(deputy=deputy).aggregate(
        **{
            f"r{rule.pk}": Count(
                "pk", filter=Q(kind__in=rule.kinds, on__gte=bounds[rule.pk][0], on__lte=bounds[rule.pk][1])
            )
            for rule in rules
        }
    )
    return [
        QuotaProgress(
            rule=rule,
            start=bounds[rule.pk][0],
            end=bounds[rule.pk][1],
            label=period_label(rule.period, bounds[rule.pk][0]),
            done=int(counts[f"r{rule.pk}"] or 0),
            required=rule.required,
        )
        for rule in rules
    ]


def quota_behind(
    rule: QuotaRule,
    *,
    today: datetime.date | None = None,
    area_id: int | None = None,
    body_ids: list[int] | None = None,
) -> QuerySet[Deputy]:
    """Active deputies the rule applies to who have fewer entries than it asks for in the period that
    contains ``today``, fewest first (the staff list of who is behind). For a term rule each deputy's
    own term is the period. With ``body_ids``, only the deputies of those bodies."""
    today = today or timezone.localdate()
    deputies = Deputy.objects.in_bodies(body_ids).filter(status=Deputy.Status.ACTIVE)
    if rule.levels:
        deputies = deputies.filter(level__in=rule.levels)
    if area_id:
        deputies = deputies.filter(area_id=area_id)
    if rule.period == QuotaRule.Period.TERM:
        window = Q(
            duty_records__on__gte=F("term__starts_on"),
            duty_records__on__lte=F("term__ends_on"),
        )
    else:
        start, end = period_bounds(rule.period, today)
        window = Q(duty_records__on__gte=start, duty_records__on__lte=end)
    return (
        deputies.select_related("area", "term")
        .annotate(done=Count("duty_records", filter=window & Q(duty_records__kind__in=rule.kinds)))
        .filter(done__lt=rule.required)
        .order_by("done", "area__code", "name", "pk")
    )


# --- Report-backs and liaison ---------------------------------------------------------------------


def report_backs_of(deputy: Deputy) -> QuerySet[ReportBack]:
    return ReportBack.objects.filter(deputy=deputy).order_by("-held_on", "-pk")


def public_report_back(slug: str) -> ReportBack | None:
    return (
        ReportBack.objects.filter(slug=slug, status=ReportBack.Status.PUBLISHED)
        .select_related("deputy", "deputy__area", "deputy__term")
        .first()
    )


def public_report_backs_of(deputy: Deputy) -> QuerySet[ReportBack]:
    return ReportBack.objects.filter(deputy=deputy, status=ReportBack.Status.PUBLISHED).order_by("-held_on")


def contacts_of(deputy: Deputy, *, limit: int = 20) -> list[LiaisonContact]:
    return list(
        LiaisonContact.objects.filter(deputy=deputy).select_related("member").order_by("-on", "-pk")[:limit]
    )


def liaison_coverage(
    *, today: datetime.date | None = None, area_id: int | None = None, body_ids: list[int] | None = None
) -> dict[str, Any]:
    """Coverage of 双联系 this quarter: each committee member's deputies and whether the member was
    in touch with them; the deputies nobody was in touch with; active municipal deputies linked to no
    member; and deputies with no recorded contact with constituents. With ``body_ids``, only the
    deputies and committee members of those bodies."""
    today = today or timezone.localdate()
    start, end = period_bounds("quarter", today)
    in_quarter = Q(on__gte=start, on__lte=end)
    committee_contacts = LiaisonContact.objects.filter(in_quarter, kind=LiaisonContact.Kind.COMMITTEE)
    touched = set(committee_contacts.values_list("member_id", "deputy_id"))
    links = CommitteeLink.objects.filter(
        member__is_active=True, deputy__status=Deputy.Status.ACTIVE
    ).select_related("member", "deputy", "deputy__area")
    if body_ids is not None:
        links = links.filter(deputy__term__body__in=body_ids, member__body__in=body_ids)
    if area_id:
        links = links.filter(deputy__area_id=area_id)
    members: dict[int, dict[str, Any]] = {}
    uncovered: list[Deputy] = []
    for link in links.order_by("member__name", "deputy__name"):
        row = members.setdefault(link.member_id, {"member": link.member, "deputies": [], "contacted": 0})
        contacted = (link.member_id, link.deputy_id) in touched
        row["deputies"].append((link.deputy, contacted))
        row["contacted"] += int(contacted)
        if not contacted:
            uncovered.append(link.deputy)
    municipal = Deputy.objects.in_bodies(body_ids).filter(
        status=Deputy.Status.ACTIVE, level=Deputy.Level.MUNICIPAL
    )
    if area_id:
        municipal = municipal.filter(area_id=area_id)
    unlinked = (
        municipal.filter(committee_links__isnull=True).select_related("area").order_by("area__code", "name")
    )
    no_constituents = (
        municipal.exclude(
            pk__in=LiaisonContact.objects.filter(in_quarter, kind=LiaisonContact.Kind.CONSTITUENT).values(
                "deputy_id"
            )
        )
        .select_related("area")
        .order_by("area__code", "name")
    )
    return {
        "start": start,
        "end": end,
        "label": period_label("quarter", start),
        "members": list(members.values()),
        "uncovered": sorted({d.pk: d for d in uncovered}.values(), key=lambda d: d.name),
        "unlinked": unlinked,
        "no_constituent_contact": no_constituents,
    }


def report_backs_in_year(deputy: Deputy, *, year: int) -> list[ReportBack]:
    """The report-backs of a deputy's year that were held or are planned (not withdrawn), in date
    order: what the duty report lists."""
    return list(
        ReportBack.objects.filter(deputy=deputy, year=year)
        .exclude(status=ReportBack.Status.WITHDRAWN)
        .order_by("held_on", "pk")
    )


def duty_report_years(deputy: Deputy) -> list[int]:
    """The years a deputy's duty record can be read for: this year back to the term's first."""
    this_year = timezone.localdate().year
    first = min(deputy.term.starts_on.year, this_year)
    return list(range(this_year, first - 1, -1))


def deputy_for_duty_report(slug: str, *, user: Any = None) -> Deputy | None:
    """A deputy by slug for a staff duty report; with ``user``, only within the user's bodies."""
    deputies = Deputy.objects.visible_to(user) if user is not None else Deputy.objects.all()
    return deputies.select_related("term", "delegation").filter(slug=slug[:20]).first()


# Co-signers a search returns at most: a short list to pick from, never the whole congress.
COSIGNER_SEARCH_LIMIT = 20


def cosigner_candidates() -> DeputyQuerySet:
    """The deputies who may co-sign a deputy's suggestion (附议): active municipal deputies."""
    return Deputy.objects.filter(status=Deputy.Status.ACTIVE, level=Deputy.Level.MUNICIPAL)


def cosigner_search(query: str, *, exclude_id: int | None = None) -> list[dict[str, Any]]:
    """Co-signer candidates whose name, delegation or work unit contains ``query`` (names first,
    then the rest, each by name), at most ``COSIGNER_SEARCH_LIMIT``. One query."""
    query = (query or "").strip()[:30]
    if not query:
        return []
    found = (
        cosigner_candidates()
        .filter(
            Q(name__icontains=query) | Q(delegation__name__icontains=query) | Q(work_unit__icontains=query)
        )
        .annotate(
            by_name=Case(When(name__startswith=query, then=0), When(name__icontains=query, then=1), default=2)
        )
        .order_by("by_name", "name", "pk")
        .values("pk", "name", "delegation__name", "work_unit")
    )
    if exclude_id:
        found = found.exclude(pk=exclude_id)
    return [
        {
            "id": row["pk"],
            "name": row["name"],
            "delegation": row["delegation__name"] or "",
            "work_unit": row["work_unit"],
        }
        for row in found[:COSIGNER_SEARCH_LIMIT]
    ]


@dataclass(frozen=True)
class NaturalKeys:
    """How an imported row finds the deputy it names when it carries no public identifier: by the
    ID-card digest, else by name, birth year and term (docs/import.md)."""

    by_id_card: dict[str, str]
    by_person: dict[tuple[str, int, int], list[str]]


def deputy_natural_keys() -> NaturalKeys:
    """Every deputy's natural keys and public identifier, in one query (an import of 10,000 rows)."""
    by_id_card: dict[str, str] = {}
    by_person: dict[tuple[str, int, int], list[str]] = {}
    rows = Deputy.objects.order_by("pk").values_list(
        "slug", "id_card_digest", "name", "birth_year", "term_id"
    )
    for slug, digest, name, birth_year, term_id in rows:
        if digest:
            by_id_card.setdefault(digest, slug)
        by_person.setdefault((name, birth_year, term_id), []).append(slug)
    return NaturalKeys(by_id_card=by_id_card, by_person=by_person)
