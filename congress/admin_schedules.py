"""The periodic tasks in the admin (django-celery-beat) as staff read them: the Chinese name, a
schedule in words ("每天 08:30") instead of a crontab expression, and no filter of raw task paths.
The task path stays on the edit form, where whoever changes a task needs it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.dates import WEEKDAYS
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import PeriodicTaskAdmin
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from .admin_guard import with_permissions
from .schedules import periodic_tasks_delete, periodic_tasks_switch, schedules_delete

_PERIODS = {
    IntervalSchedule.DAYS: _("every %(n)d days"),
    IntervalSchedule.HOURS: _("every %(n)d hours"),
    IntervalSchedule.MINUTES: _("every %(n)d minutes"),
    IntervalSchedule.SECONDS: _("every %(n)d seconds"),
    IntervalSchedule.MICROSECONDS: _("every %(n)d microseconds"),
}


def _crontab_text(crontab: CrontabSchedule) -> str:
    minute, hour = crontab.minute, crontab.hour
    dom, dow = crontab.day_of_month, crontab.day_of_week
    plain_month = crontab.month_of_year == "*"
    if minute.startswith("*/") and minute[2:].isdigit() and hour == "*" and dom == dow == "*" and plain_month:
        return gettext("every %(n)d minutes") % {"n": int(minute[2:])}
    if minute.isdigit() and hour == "*" and dom == dow == "*" and plain_month:
        return gettext("every hour at minute %(minute)d") % {"minute": int(minute)}
    if minute.isdigit() and hour.isdigit() and plain_month:
        time = f"{int(hour):02d}:{int(minute):02d}"
        if dom == "*" and dow == "*":
            return gettext("every day at %(time)s") % {"time": time}
        if dom == "*" and dow.isdigit() and 0 <= int(dow) <= 7:
            # cron counts from Sunday (0 or 7), Django's WEEKDAYS from Monday (0).
            weekday = WEEKDAYS[(int(dow) - 1) % 7]
            return gettext("every %(weekday)s at %(time)s") % {"weekday": weekday, "time": time}
        if dow == "*" and dom.isdigit():
            return gettext("on day %(day)d of every month at %(time)s") % {"day": int(dom), "time": time}
    expression = " ".join([minute, hour, dom, crontab.month_of_year, dow])
    return gettext("crontab %(expression)s (minute hour day month weekday)") % {"expression": expression}


def schedule_text(task: PeriodicTask) -> str:
    """When a periodic task runs, in words."""
    if task.interval_id and task.interval is not None:
        if task.interval.every == 1 and task.interval.period == IntervalSchedule.MINUTES:
            return gettext("every minute")
        return str(_PERIODS[task.interval.period]) % {"n": task.interval.every}
    if task.crontab_id and task.crontab is not None:
        return _crontab_text(task.crontab)
    if task.clocked_id and task.clocked is not None:
        return gettext("once at %(time)s") % {"time": f"{task.clocked.clocked_time:%Y-%m-%d %H:%M}"}
    return gettext("at a solar event")


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class CongressPeriodicTaskAdmin(PeriodicTaskAdmin):
    list_display = ("name", "enabled", "schedule", "last_run_at", "total_run_count")
    list_filter = ["enabled", "last_run_at"]
    list_select_related = ("interval", "crontab", "clocked", "solar")
    date_hierarchy = None
    # Turning tasks on and off, or running one now, changes what the workers do. Switching and
    # deleting go through congress.schedules (audited), not django-celery-beat's bare updates.
    run_tasks = with_permissions(PeriodicTaskAdmin.run_tasks, "change")

    def _switch(self, request: HttpRequest, queryset: QuerySet[PeriodicTask], enabled: bool | None) -> None:
        count = periodic_tasks_switch(tasks=queryset, enabled=enabled, actor=request.user)
        self.message_user(request, gettext("Tasks switched: %(count)d") % {"count": count})

    @admin.action(description=PeriodicTaskAdmin.enable_tasks.short_description, permissions=["change"])
    def enable_tasks(self, request: HttpRequest, queryset: QuerySet[PeriodicTask]) -> None:
        self._switch(request, queryset, True)

    @admin.action(description=PeriodicTaskAdmin.disable_tasks.short_description, permissions=["change"])
    def disable_tasks(self, request: HttpRequest, queryset: QuerySet[PeriodicTask]) -> None:
        self._switch(request, queryset, False)

    @admin.action(description=PeriodicTaskAdmin.toggle_tasks.short_description, permissions=["change"])
    def toggle_tasks(self, request: HttpRequest, queryset: QuerySet[PeriodicTask]) -> None:
        self._switch(request, queryset, None)

    def delete_model(self, request: HttpRequest, obj: PeriodicTask) -> None:
        periodic_tasks_delete(tasks=PeriodicTask.objects.filter(pk=obj.pk), actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[PeriodicTask]) -> None:
        periodic_tasks_delete(tasks=queryset, actor=request.user)

    @admin.display(description=pgettext_lazy("periodic task", "schedule"))
    def schedule(self, obj: PeriodicTask) -> str:
        return schedule_text(obj)

    def action_checkbox(self, obj: Any) -> str:
        """Read out as the task's name, not the model's English text with its crontab."""
        attrs = {
            "class": "action-select",
            "aria-label": format_html(gettext("Select this object for an action - {}"), obj.name),
        }
        checkbox = forms.CheckboxInput(attrs, lambda value: False)
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk))


class _AuditedScheduleDelete:
    """django-celery-beat's schedule admins, deleting through ``congress.schedules`` (audited)."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        schedules_delete(schedules=type(obj)._default_manager.filter(pk=obj.pk), actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        schedules_delete(schedules=queryset, actor=request.user)


for _model in (ClockedSchedule, CrontabSchedule, IntervalSchedule, SolarSchedule):
    _library_admin = type(admin.site._registry[_model])
    admin.site.unregister(_model)
    admin.site.register(_model, type(_library_admin.__name__, (_AuditedScheduleDelete, _library_admin), {}))
