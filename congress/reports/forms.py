from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import Area, Body, HandlingUnit
from congress.selectors import districts_for_body
from congress.widgets import DateInput

from .models import Report
from .scoping import default_body, report_bodies


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, this_year - 8, -1)]  # type: ignore[misc]


class GenerateForm(forms.Form):
    """What staff choose on the generate page: the kind, then the year or the period, and the unit or
    station the document is about."""

    body = BodyChoiceField(
        label=_("People's congress body"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=None,
        help_text=_("The body's own work and that of the bodies below it."),
    )
    kind = forms.ChoiceField(label=_("Document"), choices=Report.Kind.choices, initial=Report.Kind.ANNUAL)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_years, required=False)
    start = forms.DateField(label=_("Period from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Period to"), required=False, widget=DateInput())
    unit = forms.ModelChoiceField(
        label=_("Handling unit"), queryset=HandlingUnit.objects.none(), required=False
    )
    station = forms.IntegerField(label=_("Station"), required=False, widget=forms.Select)

    def __init__(
        self, *args: Any, user: Any = None, stations: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        bodies = report_bodies(user)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["body"].initial = default_body(user)
        units = HandlingUnit.objects.filter(body__in=bodies).order_by("name")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["station"].widget.choices = [("", "---------"), *(stations or [])]
        self.station_names = dict(stations or [])

    def clean_station(self) -> int | None:
        """Only a station offered in the list (the stations of the user's own bodies): an id sent
        by hand for another body's station is refused like any value not in the list."""
        station = self.cleaned_data.get("station")
        if station is not None and station not in self.station_names:
            raise forms.ValidationError(_("Choose a station from the list."), code="invalid_choice")
        return station

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") or data.get("end"):
            if not (data.get("start") and data.get("end")):
                raise forms.ValidationError(_("Give both the first and the last day of the period."))
            data["year"] = None
        return data


class StatisticsFilter(forms.Form):
    body = BodyChoiceField(
        label=_("People's congress body"), queryset=Body.objects.none(), required=False, empty_label=None
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_years, required=False)
    district = forms.ModelChoiceField(
        label=_("District or county"), queryset=Area.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Handling unit"), queryset=HandlingUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any = None, body: Body | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = report_bodies(user)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        # Only the districts the chosen body's figures cover: a district's staff never see their
        # sibling districts listed, and a sibling's id sent by hand is not a valid choice.
        self.fields["district"].queryset = districts_for_body(body)  # type: ignore[attr-defined]
        # The chosen body's own units: a lower body's unit is chosen with that body (a city of 160
        # bodies has thousands of units, too many for one list and for the page to send).
        units = (
            HandlingUnit.objects.filter(body=body).order_by("name") if body else HandlingUnit.objects.none()
        )
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
