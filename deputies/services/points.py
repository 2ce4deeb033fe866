"""Points (积分): the stored yearly score, staff adjustments, the frozen annual evaluation and the
rules' own writes. The arithmetic is in ``deputies.scoring``; this module reads the rules and the
entries, stores the result, and keeps the stored score equal to a recomputation at all times."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.db.models import FilteredRelation, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress.audit import audit_changes, audit_record, field_snapshot
from congress.bodies import body_id_of, check_body_writable
from congress.errors import DomainError
from congress.notifications.services import notify

from ..models import (
    AnnualEvaluation,
    Deputy,
    DutyRecord,
    DutyScore,
    PointsAdjustment,
    PointsDimension,
    PointsItem,
)
from ..scoring import DimensionRule, EntryFact, ItemRule, Rules, Score, score_entries

ITEM_FIELDS = ("dimension", "code", "name", "kinds", "points", "cap", "cap_period", "annual_max", "is_active")
DIMENSION_FIELDS = ("code", "name", "max_points", "sort_order")
# Advisory-lock namespace of score recomputation: one deputy's score is recomputed by one
# transaction at a time, so two entries written at once both end up counted.
_LOCK_NAMESPACE = 7401


def rules_load() -> Rules:
    """The active points rules: every dimension with its active items (one query, a dimension
    without active items still counts towards the full mark)."""
    rows = (
        PointsDimension.objects.annotate(active=FilteredRelation("items", condition=Q(items__is_active=True)))
        .order_by("sort_order", "pk", "active__sort_order", "active__pk")
        .values_list(
            "code",
            "max_points",
            "active__code",
            "active__kinds",
            "active__points",
            "active__cap",
            "active__cap_period",
            "active__annual_max",
        )
    )
    dimensions: dict[str, DimensionRule] = {}
    items: list[ItemRule] = []
    for code, max_points, item_code, kinds, points, cap, cap_period, annual_max in rows:
        dimensions.setdefault(code, DimensionRule(code=code, max_points=max_points))
        if item_code is not None:
            items.append(
                ItemRule(
                    code=item_code,
                    dimension=code,
                    kinds=frozenset(kinds),
                    points=points,
                    cap=cap,
                    cap_period=cap_period,
                    annual_max=annual_max,
                )
            )
    return Rules(dimensions=tuple(dimensions.values()), items=tuple(items))


def year_is_frozen(*, deputy: Deputy, year: int) -> bool:
    return AnnualEvaluation.objects.filter(deputy=deputy, year=year).exists()


def _entries(
    deputy_ids: Iterable[int] | None, year: int
) -> dict[int, list[tuple[EntryFact, Decimal | None]]]:
    rows = DutyRecord.objects.filter(on__year=year)
    if deputy_ids is not None:
        rows = rows.filter(deputy_id__in=list(deputy_ids))
    found: dict[int, list[tuple[EntryFact, Decimal | None]]] = defaultdict(list)
    values = rows.values_list("pk", "deputy_id", "kind", "on", "points")
    # A whole year streams through a server-side cursor; one deputy's entries come in one query.
    for pk, deputy_id, kind, on, points in values.iterator(chunk_size=5000) if deputy_ids is None else values:
        found[deputy_id].append((EntryFact(pk=pk, kind=kind, on=on), points))
    return found


def _adjustments(deputy_ids: Iterable[int] | None, year: int) -> dict[int, Decimal]:
    rows = PointsAdjustment.objects.filter(year=year)
    if deputy_ids is not None:
        rows = rows.filter(deputy_id__in=list(deputy_ids))
    return {
        deputy_id: total or Decimal(0)
        for deputy_id, total in rows.values("deputy_id")
        .annotate(total=Sum("points"))
        .values_list("deputy_id", "total")
    }


def duty_score_compute(*, deputy: Deputy, year: int, rules: Rules | None = None) -> Score:
    """What the entries and adjustments give now, without storing anything."""
    rules = rules or rules_load()
    entries = [fact for fact, _points in _entries([deputy.pk], year).get(deputy.pk, [])]
    return score_entries(
        rules, entries, adjustments=_adjustments([deputy.pk], year).get(deputy.pk, Decimal(0))
    )


def _store(
    scores: dict[int, tuple[Score, list[tuple[EntryFact, Decimal | None]]]], year: int
) -> list[DutyScore]:
    now = timezone.now()
    stored = DutyScore.objects.bulk_create(
        [
            DutyScore(
                deputy_id=deputy_id,
                year=year,
                total=score.total,
                adjustments=score.adjustments,
                breakdown=score.breakdown(),
                entries=score.entries,
                computed_at=now,
            )
            for deputy_id, (score, _facts) in scores.items()
        ],
        update_conflicts=True,
        unique_fields=["deputy", "year"],
        update_fields=["total", "adjustments", "breakdown", "entries", "computed_at"],
        batch_size=1000,
    )
    changed = [
        DutyRecord(pk=fact.pk, points=score.entry_points.get(fact.pk, Decimal(0)))
        for score, facts in scores.values()
        for fact, stored in facts
        if stored != score.entry_points.get(fact.pk, Decimal(0))
    ]
    if changed:
        DutyRecord.objects.bulk_update(changed, ["points"], batch_size=1000)
    return stored


def duty_score_recompute(*, deputy: Deputy, year: int) -> DutyScore:
    """Recompute and store one deputy's score of one year (and each entry's points). Called by every
    write of the duty record and of adjustments, inside their transaction; six statements (lock,
    rules, entries, adjustments, the score, the entries' points), so an electronic vote or a
    check-in stays cheap."""
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, int(deputy.pk)])
        rules = rules_load()
        facts = _entries([deputy.pk], year).get(deputy.pk, [])
        score = score_entries(
            rules,
            [fact for fact, _p in facts],
            adjustments=_adjustments([deputy.pk], year).get(deputy.pk, Decimal(0)),
        )
        (stored,) = _store({deputy.pk: (score, facts)}, year)
    return stored


def duty_scores_recompute(*, year: int, deputy_ids: Iterable[int] | None = None, actor: Any = None) -> int:
    """Recompute the scores of a whole year in bulk (after the rules change, or for the demo): one
    pass over the year's entries. Returns the number of scores stored. A recompute a member of
    staff asks for (``actor``) is audited; the nightly task's is not (the scores are derived)."""
    ids = None if deputy_ids is None else list(deputy_ids)
    with transaction.atomic():
        rules = rules_load()
        entries = _entries(ids, year)
        adjustments = _adjustments(ids, year)
        wanted = set(entries) | set(adjustments)
        if ids is not None:
            wanted |= set(ids)
        else:
            wanted |= set(DutyScore.objects.filter(year=year).values_list("deputy_id", flat=True))
        scores = {
            deputy_id: (
                score_entries(
                    rules,
                    [fact for fact, _p in entries.get(deputy_id, [])],
                    adjustments=adjustments.get(deputy_id, Decimal(0)),
                ),
                entries.get(deputy_id, []),
            )
            for deputy_id in wanted
        }
        _store(scores, year)
        if actor is not None:
            audit_record(
                model=DutyScore,
                action="recompute",
                actor=actor,
                note=str(year),
                data={"year": year, "scores": len(scores)},
            )
    return len(scores)


def _parse_points(value: Any) -> Decimal:
    try:
        points = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(_("Not a valid number."), field="points") from None
    return points


def points_adjustment_add(
    *, deputy: Deputy, year: int, points: Decimal | str | int, reason: str, actor: Any = None
) -> PointsAdjustment:
    """A staff adjustment of the year's score (e.g. +5 for a provincial award, −3 for an unexcused
    absence), with the reason; audited on the deputy. Adjustments are never edited: a mistake is
    put right by another adjustment."""
    check_body_writable(actor, body_id_of(deputy))
    amount = _parse_points(points)
    reason = (reason or "").strip()
    if not amount:
        raise DomainError(_("An adjustment of zero points changes nothing."), field="points")
    if len(reason) < 4:
        raise DomainError(_("Say why the score is adjusted (at least four characters)."), field="reason")
    if abs(amount) > 100:
        raise DomainError(_("An adjustment is at most 100 points either way."), field="points")
    if year_is_frozen(deputy=deputy, year=year):
        raise DomainError(_("The evaluation of %(year)s is frozen.") % {"year": year}, field="year")
    with transaction.atomic():
        adjustment = PointsAdjustment.objects.create(
            deputy=deputy,
            year=year,
            points=amount,
            reason=reason[:300],
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        before = DutyScore.objects.filter(deputy=deputy, year=year).values_list("total", flat=True).first()
        after = duty_score_recompute(deputy=deputy, year=year).total
        audit_record(
            target=deputy,
            action="points_adjustment",
            actor=actor,
            note=reason,
            data={
                "year": year,
                "points": str(amount),
                "changes": {"score": [str(before or Decimal("0.00")), str(after)]},
            },
        )
    return adjustment


def _notify_evaluation(evaluation: AnnualEvaluation) -> None:
    deputy = evaluation.deputy
    if not deputy.user_id:
        return
    with translation.override("zh-hans"):
        body = _("Your duty evaluation of %(year)s is final: %(total)s points, rank %(rank)s of %(of)s.") % {
            "year": evaluation.year,
            "total": evaluation.total,
            "rank": evaluation.rank or "—",
            "of": evaluation.ranked_among or "—",
        }
        if evaluation.is_excellent:
            body += _("You are named an excellent deputy.")
        link = reverse("dashboard-duty") + f"?year={evaluation.year}"
        for channel in ("in_app", "email"):
            notify(
                channel=channel,
                subject=_("Your duty evaluation of %(year)s") % {"year": evaluation.year},
                body=body,
                recipient=deputy.user,
                about=evaluation,
                kind="deputies.evaluation",
                link=link,
                dedupe_key=f"deputies.evaluation:{evaluation.pk}:{channel}",
            )


def evaluation_freeze(
    *, deputy: Deputy, year: int, is_excellent: bool = False, comments: str = "", actor: Any = None
) -> AnnualEvaluation:
    """Freeze a deputy's evaluation of a year (年度履职评价): the score is recomputed one last time,
    copied with its breakdown and the deputy's rank among active deputies of the same level, and
    from then on never changes; the deputy is told (004:23: results go back to the deputy)."""
    check_body_writable(actor, body_id_of(deputy))
    from ..selectors import score_rank

    if year > timezone.localdate().year:
        raise DomainError(_("A year that has not begun cannot be evaluated."), field="year")
    with transaction.atomic():
        if AnnualEvaluation.objects.filter(deputy=deputy, year=year).exists():
            raise DomainError(
                _("The evaluation of %(year)s is already frozen.") % {"year": year}, field="year"
            )
        score = duty_score_recompute(deputy=deputy, year=year)
        rank, among = score_rank(deputy=deputy, year=year)
        evaluation = AnnualEvaluation.objects.create(
            deputy=deputy,
            year=year,
            total=score.total,
            breakdown={**score.breakdown, "adjustments": str(score.adjustments)},
            rank=rank,
            ranked_among=among,
            is_excellent=is_excellent,
            comments=(comments or "").strip(),
            frozen_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_changes(
            target=evaluation,
            action="create",
            before={},
            after=field_snapshot(evaluation, ("deputy", "year", "total", "rank", "is_excellent", "comments")),
            actor=actor,
        )
        _notify_evaluation(evaluation)
    return evaluation


# --- The rules' own writes (admin) -----------------------------------------------------------------


def points_item_check(item: PointsItem) -> None:
    """An entry kind is counted by one active item at most, so nothing is scored twice."""
    if not item.kinds:
        raise DomainError(_("Choose at least one kind of entry."), field="kinds")
    unknown = set(item.kinds) - set(DutyRecord.Kind.values)
    if unknown:
        raise DomainError(_("Unknown kind of duty record."), field="kinds")
    if item.points is not None and item.points < 0:
        raise DomainError(_("Points per entry cannot be negative."), field="points")
    for limit in ("cap", "annual_max"):
        value = getattr(item, limit)
        if value is not None and value < 0:
            raise DomainError(_("A cap cannot be negative."), field=limit)
    if not item.is_active:
        return
    clash = (
        PointsItem.objects.filter(is_active=True, kinds__overlap=list(item.kinds)).exclude(pk=item.pk).first()
    )
    if clash is not None:
        shared = sorted(set(clash.kinds) & set(item.kinds))
        labels = "、".join(str(DutyRecord.Kind(kind).label) for kind in shared)
        raise DomainError(
            _("%(kinds)s already count for the item “%(item)s”.") % {"kinds": labels, "item": clash.name},
            field="kinds",
        )


def _recompute_current_year_later() -> None:
    from ..tasks import recompute_scores

    year = timezone.localdate().year

    def enqueue() -> None:
        try:
            recompute_scores.delay(year)
        except Exception:  # broker down: staff can run the admin action again
            return

    transaction.on_commit(enqueue)


def points_item_save(*, item: PointsItem, actor: Any = None) -> PointsItem:
    """Save a points item (new or changed), audited; this year's scores are recomputed by a worker
    (frozen evaluations keep the figures they were frozen with)."""
    points_item_check(item)
    with transaction.atomic():
        before = {}
        if item.pk:
            stored = PointsItem.objects.filter(pk=item.pk).first()
            before = field_snapshot(stored, ITEM_FIELDS) if stored is not None else {}
        action = "update" if before else "create"
        from congress.services import validated_save

        validated_save(item)
        item.refresh_from_db()  # audit what is stored (decimals as the database keeps them)
        audit_changes(
            target=item, action=action, before=before, after=field_snapshot(item, ITEM_FIELDS), actor=actor
        )
        _recompute_current_year_later()
    return item


def points_dimension_save(*, dimension: PointsDimension, actor: Any = None) -> PointsDimension:
    if dimension.max_points is None or dimension.max_points <= 0:
        raise DomainError(_("The maximum must be more than zero."), field="max_points")
    with transaction.atomic():
        before = {}
        if dimension.pk:
            stored = PointsDimension.objects.filter(pk=dimension.pk).first()
            before = field_snapshot(stored, DIMENSION_FIELDS) if stored is not None else {}
        from congress.services import validated_save

        validated_save(dimension)
        audit_changes(
            target=dimension,
            action="update" if before else "create",
            before=before,
            after=field_snapshot(dimension, DIMENSION_FIELDS),
            actor=actor,
        )
        _recompute_current_year_later()
    return dimension
