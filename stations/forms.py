from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congress import form_errors
from deputies.models import Deputy

from .models import Reception

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


class BookingForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=50, error_messages=form_errors.text(_("Please enter your name."))
    )
    mobile = forms.CharField(
        label=_("Mobile phone"),
        max_length=11,
        min_length=11,
        error_messages=form_errors.mobile(),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
        help_text=_(
            "Used only to confirm or change your booking; staff see it masked and it is never published."
        ),
    )
    topic = forms.CharField(
        label=_("What would you like to raise?"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=form_errors.text(_("Please tell us what you would like to raise.")),
    )

    def clean_mobile(self) -> str:
        mobile = self.cleaned_data["mobile"].strip()
        if not MOBILE_RE.match(mobile):
            raise forms.ValidationError(form_errors.MOBILE)
        return mobile


class CancelForm(forms.Form):
    code = forms.CharField(label=_("Booking code"), max_length=12)


class ReceptionRecordForm(forms.Form):
    deputies_present = forms.ModelMultipleChoiceField(
        label=_("Deputies present"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    visitors = forms.IntegerField(label=_("Visitors (person-times)"), min_value=0, max_value=100000)
    opinions_note = forms.CharField(
        label=_("Opinions taken down"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A short note; each opinion is also entered through the opinion intake."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, reception: Reception, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["deputies_present"]
        # Type narrowing for mypy, not a runtime rule.
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        field.queryset = (
            Deputy.objects.filter(
                pk__in=list(reception.station.members.values_list("pk", flat=True))
                + list(reception.duty_deputies.values_list("pk", flat=True))
            )
            .only("pk", "name")
            .order_by("name")
        )
