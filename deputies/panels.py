"""The deputies app's own panels of the dashboard home (registered in ``DeputiesConfig.ready``):
unread notifications, quota progress, this year's score and rank, report-backs, contacts with
constituents and the profile. Each loader runs the fixed number of queries it declares."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from congress.dashboard import NeedsMe, Panel, PanelContext, panel_register
from congress.notifications.models import Notification

from .models import LiaisonContact, PointsDimension
from .periods import period_bounds
from .selectors import QuotaProgress, quota_progress, report_backs_of, score_for, score_rank


def notifications_panel(context: PanelContext) -> dict[str, Any] | None:
    unread = Notification.objects.filter(
        recipient_id=context.user.pk, channel=Notification.Channel.IN_APP, read_at=None
    ).order_by("-created_at", "-pk")
    # Both queries always run, so the page costs the same whatever the inbox holds.
    latest = list(unread[:3])
    count = unread.count()
    if not count:
        return None
    return {
        "messages": latest,
        "count": count,
        "needs_me": [NeedsMe(_("Unread notifications"), count, reverse("notifications:inbox"))],
    }


# What a deputy can do about a quota from the dashboard, by the kinds of entry it counts.
QUOTA_ACTIONS = (
    ({"home_visit", "constituent_contact"}, "dashboard-contacts", _lazy("Record a contact")),
    ({"report_back"}, "dashboard-report-back-new", _lazy("Write a report-back")),
)


def quota_action(row: QuotaProgress) -> tuple[str, str] | None:
    """(label, url) of the page where the deputy records what a due quota asks for, if any."""
    if row.is_met:
        return None
    for kinds, url_name, label in QUOTA_ACTIONS:
        if kinds & set(row.rule.kinds):
            return str(label), reverse(url_name)
    return None


def quotas_panel(context: PanelContext) -> dict[str, Any] | None:
    progress = quota_progress(context.deputy, today=context.today)
    if not progress:
        return None
    due = [row for row in progress if not row.is_met]
    return {
        # What is still due first, then what is done, each in the rules' order.
        "rows": [(row, quota_action(row)) for row in due + [row for row in progress if row.is_met]],
        "due": due,
        "today": context.today,
        "needs_me": [NeedsMe(_("Quotas still due"), len(due), reverse("dashboard-duty") + "#quotas")]
        if due
        else [],
    }


def score_panel(context: PanelContext) -> dict[str, Any]:
    year = context.today.year
    score = score_for(context.deputy, year=year)
    total = score.total if score else Decimal("0.00")
    rank, among = score_rank(deputy=context.deputy, year=year, total=total)
    ceiling = PointsDimension.objects.aggregate(total=Sum("max_points"))["total"] or Decimal(100)
    return {
        "year": year,
        "total": total,
        "max_total": ceiling,
        "percent": min(100, int(total * 100 / ceiling)) if ceiling else 0,
        "rank": rank,
        "among": among,
        "entries": score.entries if score else 0,
    }


def report_backs_panel(context: PanelContext) -> dict[str, Any]:
    return {"report_backs": list(report_backs_of(context.deputy)[:3]), "year": context.today.year}


def contacts_panel(context: PanelContext) -> dict[str, Any]:
    start, end = period_bounds("quarter", context.today)
    count = LiaisonContact.objects.filter(
        deputy=context.deputy, kind=LiaisonContact.Kind.CONSTITUENT, on__gte=start, on__lte=end
    ).count()
    return {"count": count, "start": start, "end": end}


def profile_panel(context: PanelContext) -> dict[str, Any]:
    return {"deputy": context.deputy}


def register() -> None:
    panel_register(
        Panel("notifications", "deputies/panels/notifications.html", notifications_panel, order=50, queries=2)
    )
    panel_register(Panel("quotas", "deputies/panels/quotas.html", quotas_panel, order=30, queries=2))
    panel_register(Panel("score", "deputies/panels/score.html", score_panel, order=40, queries=4))
    panel_register(
        Panel("report_backs", "deputies/panels/report_backs.html", report_backs_panel, order=60, queries=1)
    )
    panel_register(Panel("contacts", "deputies/panels/contacts.html", contacts_panel, order=70, queries=1))
    panel_register(Panel("profile", "deputies/panels/profile.html", profile_panel, order=95, queries=0))
