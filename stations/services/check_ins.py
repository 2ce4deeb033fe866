"""A duty deputy's check-in at a reception."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audit_record
from congress.errors import DomainError
from deputies.models import Deputy, DutyRecord
from deputies.services import duty_record_add

from ..check_in import check_in_window, closes_minutes, opens_minutes
from ..models import (
    Reception,
    StationMembership,
)


def reception_check_in(
    *, reception: Reception, deputy: Deputy, actor: Any = None, now: datetime.datetime | None = None
) -> Reception:
    """A deputy on duty (or a member of the station) checks in while the reception is on, within the
    check-in window around its hours (``stations/check_in.py``); this writes their duty record."""
    if reception.status != Reception.Status.PLANNED and reception.status != Reception.Status.HELD:
        raise DomainError(_("This reception was cancelled."), field="reception")
    window = check_in_window(reception)
    if not window.holds(timezone.localtime(now or timezone.now())):
        raise DomainError(
            _(
                "Check-in for this reception is open from %(opens)s to %(closes)s on %(day)s "
                "(%(before)s minutes before it starts until %(after)s minutes after it ends)."
            )
            % {
                "opens": timezone.localtime(window.opens).strftime("%H:%M"),
                "closes": timezone.localtime(window.closes).strftime("%H:%M"),
                "day": reception.date.isoformat(),
                "before": opens_minutes(),
                "after": closes_minutes(),
            },
            field="reception",
        )
    is_member = StationMembership.objects.filter(station_id=reception.station_id, deputy=deputy).exists()
    if not is_member and not reception.duty_deputies.filter(pk=deputy.pk).exists():
        raise DomainError(_("You are not on duty at this reception."), field="reception")
    with transaction.atomic():
        reception.deputies_present.add(deputy)
        duty_record_add(
            deputy=deputy, kind=DutyRecord.Kind.RECEPTION, on=reception.date, source=reception, actor=actor
        )
        audit_record(target=reception, action="check_in", actor=actor, data={"deputy": deputy.pk})
    return reception
