"""The stations app's periodic tasks, stored in django-celery-beat so staff can see and change them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.schedules import periodic_task_ensure


def ensure_periodic_tasks() -> None:
    # 01:30 local time: after the day's receptions are recorded, before anyone looks at tomorrow's.
    periodic_task_ensure(
        name=_("Materialise upcoming receptions"),
        task="stations.materialise_receptions",
        minute="30",
        hour="1",
    )
    periodic_task_ensure(
        name=_("Delete bookings past their retention period"),
        task="stations.erase_expired_bookings",
        minute="45",
        hour="3",
    )
