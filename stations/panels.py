"""The stations app's panels of the deputy dashboard home (registered in ``StationsConfig.ready``):
the next reception duty with check-in, and the deputy's stations with the own QR code and poster."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.dashboard import NeedsMe, Panel, PanelContext, panel_register

from .check_in import check_in_window
from .models import QrCode, Reception, Station

# How far ahead the panel looks for reception duty (*default*: two monthly reception days).
DUTY_HORIZON_DAYS = 60


def reception_duty_panel(context: PanelContext) -> dict[str, Any]:
    """The next three receptions the deputy is on duty at, and which of them they checked in to
    (one query)."""
    today = context.today
    present = Reception.deputies_present.through.objects.filter(
        reception_id=OuterRef("pk"), deputy_id=context.deputy.pk
    )
    receptions = list(
        Reception.objects.filter(
            duty_deputies=context.deputy,
            status=Reception.Status.PLANNED,
            date__gte=today,
            date__lte=today + datetime.timedelta(days=DUTY_HORIZON_DAYS),
        )
        .select_related("station")
        .annotate(checked=Exists(present))
        .order_by("date", "start_time", "pk")[:3]
    )
    checked_in = {r.pk for r in receptions if r.checked}
    due_today = [r for r in receptions if r.date == today and r.pk not in checked_in]
    now = timezone.localtime()
    # Each reception's check-in window is said on the page; the button shows only while it is open.
    for reception in receptions:
        window = check_in_window(reception)
        reception.check_in_opens = timezone.localtime(window.opens)
        reception.check_in_closes = timezone.localtime(window.closes)
        reception.check_in_open = window.holds(now)
    return {
        "receptions": receptions,
        "checked_in": checked_in,
        "today": today,
        "needs_me": [NeedsMe(_("Check in to today's reception"), len(due_today), "#reception-duty")]
        if due_today
        else [],
    }


def qr_panel(context: PanelContext) -> dict[str, Any]:
    code = QrCode.objects.filter(deputy=context.deputy, revoked_at__isnull=True).first()
    stations = list(Station.objects.filter(members=context.deputy).select_related("area").order_by("name"))
    return {
        "qr_code": code,
        "stations": stations,
        "poster_url": reverse("qr-poster", args=[code.token]) if code else "",
    }


def register() -> None:
    panel_register(
        Panel(
            "reception_duty", "stations/panels/reception_duty.html", reception_duty_panel, order=20, queries=1
        )
    )
    panel_register(Panel("qr", "stations/panels/qr.html", qr_panel, order=80, queries=2))
