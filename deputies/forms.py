"""Forms of the deputy's dashboard pages and of the public report-back page. They check the shape
of the input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.models import Body, Term
from congress.widgets import DateInput

from .models import Deputy, LiaisonContact, ReportBack

DATE_INPUT = DateInput()
MOBILE_INPUT = forms.TextInput(
    attrs={
        "type": "tel",
        "inputmode": "numeric",
        "autocomplete": "tel",
        "maxlength": "11",
        "placeholder": "13912345678",
    }
)


class ReportBackForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportBack.Kind.choices)
    year = forms.IntegerField(label=_("Year reported on"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=120)
    held_on = forms.DateField(label=_("Held on"), widget=DATE_INPUT)
    place = forms.CharField(label=_("Place"), max_length=200)
    summary = forms.CharField(
        label=_("Report"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What you did this year for your voters: receptions, suggestions, what came of them."),
    )


class ContactForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    method = forms.ChoiceField(
        label=_("How"),
        choices=LiaisonContact.Method.choices,
        help_text=_("A meeting in your constituency counts as the quarterly home visit (季回家)."),
    )
    people = forms.IntegerField(label=_("People met"), min_value=0, max_value=100000, initial=0)
    summary = forms.CharField(
        label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class CodeRequestForm(forms.Form):
    mobile = forms.CharField(
        label=_("Mobile phone"),
        max_length=11,
        widget=MOBILE_INPUT,
        help_text=_("Only to send you a code and to allow one rating per number; it is not stored."),
    )


class RatingForm(forms.Form):
    mobile = forms.CharField(label=_("Mobile phone"), max_length=11, widget=MOBILE_INPUT)
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    value = forms.ChoiceField(
        label=_("Your rating"), choices=ReportBack.Value.choices, widget=forms.RadioSelect
    )


class SecondSeatForm(forms.Form):
    """Staff record that a deputy also sits in another body's congress (docs/bodies.md, "A deputy
    of two congresses"): the term is one of the staff member's own bodies' terms, never the seat's."""

    term = forms.ModelChoiceField(label=_("Term of the other congress"), queryset=Term.objects.none())
    constituency = forms.CharField(label=_("Constituency or electing unit"), max_length=120)
    elected_on = forms.DateField(label=_("Elected on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, deputy: Deputy, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        terms = (
            Term.objects.writable_by(user)
            .filter(body__kind__in=Body.KINDS_WITH_CONGRESS)
            .exclude(pk=deputy.term_id)
            .select_related("body")
            .order_by("-is_current", "body__path", "-number")
        )
        self.fields["term"].queryset = terms  # type: ignore[attr-defined]
        self.fields["term"].label_from_instance = lambda term: f"{term.body.name} · {term.name}"  # type: ignore[attr-defined]
