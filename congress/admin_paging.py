"""Admin changelists over tables of millions of rows without a full ``COUNT(*)`` on every view.

Django's changelist counts the filtered rows for the paginator and, unless told otherwise, the
unfiltered table once more for "N of M selected". ``LargeTableAdmin`` turns the second count off and
gives the paginator a bounded count: exact up to ``CAP`` rows (``SELECT count(*) FROM (... LIMIT
CAP + 1)``, a few milliseconds), past that the planner's estimate (``EXPLAIN``, no scan). A list of
a million items shows "about 1,000,000" pages-worth instead of paying a scan of the table each time
(docs/performance.md has the figures).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

CAP = 10_000


def estimated_count(queryset: QuerySet[Any]) -> int:
    """The planner's row estimate for ``queryset`` (no rows are read)."""
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class BoundedCountPaginator(Paginator):
    """Exact count up to ``CAP`` rows, the planner's estimate beyond."""

    cap = CAP

    @cached_property
    def count(self) -> int:
        object_list = self.object_list
        if not isinstance(object_list, QuerySet):
            return len(object_list)
        exact = object_list.order_by()[: self.cap + 1].count()
        if exact <= self.cap:
            return exact
        return max(self.cap + 1, estimated_count(object_list.order_by()))

    @property
    def is_estimated(self) -> bool:
        return self.count > self.cap


class YearListFilter(admin.SimpleListFilter):
    """A year filter for a date-time column that costs two index look-ups (its first and last
    value), where Django's ``date_hierarchy`` reads every row for ``SELECT DISTINCT
    date_trunc('year', …)`` (1.0 s over 1,000,000 items). Subclass with ``field_name`` set."""

    field_name = ""
    title = _("year")
    parameter_name = "year"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        from django.db.models import Max, Min
        from django.utils import timezone

        bounds = model_admin.model._default_manager.aggregate(
            first=Min(self.field_name), last=Max(self.field_name)
        )
        if bounds["first"] is None:
            return []
        first = timezone.localtime(bounds["first"]).year
        last = timezone.localtime(bounds["last"]).year
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        import datetime

        from django.utils import timezone

        zone = timezone.get_current_timezone()
        start = datetime.datetime(int(value), 1, 1, tzinfo=zone)
        end = datetime.datetime(int(value) + 1, 1, 1, tzinfo=zone)
        return queryset.filter(**{f"{self.field_name}__gte": start, f"{self.field_name}__lt": end})


class LargeTableAdmin(admin.ModelAdmin):
    """Base of the admins of tables that grow to millions of rows (items, assignments, events,
    notifications, the reminder log, duty records)."""

    paginator = BoundedCountPaginator
    show_full_result_count = False
