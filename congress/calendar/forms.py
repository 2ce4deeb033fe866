"""Forms of the calendar admin. Validation reuses the services' rules; saving calls the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.errors import DomainError

from . import services
from .engine import MAX_YEAR, MIN_YEAR
from .models import CalendarDay, DeadlineExtension


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            services.calendar_day_validate(day=data["date"], kind=data["kind"], name=data["name"])
        except DomainError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data


def _default_year() -> int:
    return timezone.localdate().year + 1


class CalendarYearLoadForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, initial=_default_year)
    csv_file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_(
            "Columns date,kind,name (kind: holiday or workday), one row per day of the State Council "
            "notice, UTF-8 or GBK. Leave empty to load the year from the chinesecalendar package."
        ),
    )


class ExtensionDecisionForm(forms.Form):
    note = forms.CharField(label=_("Decision note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DeadlineExtensionForm(forms.ModelForm):
    class Meta:
        model = DeadlineExtension
        fields = ["deadline", "amount", "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            services.extension_validate(
                deadline=data["deadline"], amount=data["amount"], reason=data["reason"]
            )
        except DomainError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data
