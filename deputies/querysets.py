from __future__ import annotations

from django.db import models


class DeputyQuerySet(models.QuerySet):
    def active(self) -> DeputyQuerySet:
        return self.filter(status="active")

    def municipal(self) -> DeputyQuerySet:
        return self.filter(level="municipal")

    def for_list(self) -> DeputyQuerySet:
        return self.select_related("area", "term", "delegation")
