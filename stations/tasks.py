"""Thin Celery wrappers around the stations services."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from congress.ids import public_id
from congress.models import Area
from congress.notifications.services import notify

from . import posters
from .models import Station
from .selectors import poster_codes
from .services import RECEPTION_MATERIALISE_WEEKS, bookings_erase_expired, receptions_materialise


@shared_task(name="stations.materialise_receptions", time_limit=600, soft_time_limit=540, ignore_result=True)
def materialise_receptions(
    weeks: int = RECEPTION_MATERIALISE_WEEKS, schedule_ids: list[int] | None = None
) -> int:
    """Nightly: plan the receptions of every active schedule for the coming weeks (idempotent)."""
    return receptions_materialise(weeks=weeks, schedule_ids=schedule_ids)


@shared_task(name="stations.erase_expired_bookings", time_limit=600, soft_time_limit=540, ignore_result=True)
def erase_expired_bookings() -> int:
    """Nightly: delete bookings past their retention period (personal data, DOMAIN.md §9)."""
    return bookings_erase_expired()


@shared_task(name="stations.build_posters_zip", time_limit=1800, soft_time_limit=1740, ignore_result=True)
def build_posters_zip(user_id: int, station_id: int | None = None, area_id: int | None = None) -> str:
    """Build a large zip of posters (a district) away from the web request; the requester gets an
    in-app message with the download link. Returns the stored file name ("" if nothing to do)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    station = Station.objects.filter(pk=station_id).first() if station_id else None
    area = Area.objects.filter(pk=area_id).first() if area_id else None
    if user is None or (station is None and area is None):
        return ""
    codes = poster_codes(station=station, area=area)
    name = f"posters/{public_id(16)}.zip"
    default_storage.save(name, ContentFile(posters.posters_zip(codes)))
    owner = station.name if station is not None else area.name  # type: ignore[union-attr]
    with translation.override("zh-hans"):
        notify(
            channel="in_app",
            recipient=user,
            subject=_("Posters of %(owner)s are ready") % {"owner": owner},
            body=_("%(count)s posters are zipped and ready to download.") % {"count": codes.count()},
            link=reverse(
                "station-posters-download", args=[name.removeprefix("posters/").removesuffix(".zip")]
            ),
            kind="stations.posters_zip",
        )
    return name
