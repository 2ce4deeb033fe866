"""Forms of the public, dashboard, unit and admin pages. They validate shape only; the rules live
in ``services`` and come back as ``DomainError``, which ``add_domain_error`` puts on the form."""

from __future__ import annotations

import re
from typing import Any

from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from congress import form_errors
from congress.errors import DomainError
from congress.models import Area, HandlingUnit
from congress.widgets import DateInput
from deputies.models import Deputy

from .models import Ballot, BallotEntry, Cycle, Milestone, PaperMark, Project

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")

PRIVACY_NOTICE = _(
    "We collect your name and contact details only to tell you what became of your proposal. They are "
    "shown only to the committee staff who screen proposals and are never published."
)


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class ProposalForm(forms.Form):
    """Proposal by a citizen (public page, with CAPTCHA and honeypot) or a deputy (dashboard)."""

    title = forms.CharField(
        label=_("Project name"),
        max_length=120,
        help_text=_("E.g. “Lifts for old residential buildings”."),
        error_messages=form_errors.text(_("Please give the project a name.")),
    )
    description = forms.CharField(
        label=_("What should be done and why"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=10,
        max_length=5000,
        error_messages=form_errors.text(_("Please say what should be done and why.")),
    )
    area = forms.ModelChoiceField(
        label=_("District"),
        queryset=Area.objects.filter(level__lte=2),
        required=False,
        error_messages=form_errors.choice(_("Please choose the district.")),
    )
    location = forms.CharField(
        label=_("Location"), max_length=200, required=False, error_messages=form_errors.text()
    )


class PublicProposalForm(ProposalForm):
    proposer_name = forms.CharField(
        label=_("Your name"), max_length=50, required=False, error_messages=form_errors.text()
    )
    proposer_phone = forms.CharField(
        label=_("Mobile number (optional)"),
        max_length=11,
        required=False,
        error_messages=form_errors.mobile(),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
        help_text=_("We tell you by SMS whether your proposal was taken up."),
    )
    proposer_email = forms.EmailField(
        label=_("Email (optional)"), required=False, error_messages=form_errors.email()
    )
    consent = forms.BooleanField(label=_("I have read the privacy notice and agree"))
    captcha = CaptchaField(label=_("Characters in the picture"), error_messages=form_errors.captcha())
    # Honeypot: hidden from people by CSS; bots fill it in.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].error_messages["required"] = _("Please agree to the privacy notice.")

    def clean_proposer_phone(self) -> str:
        phone = self.cleaned_data["proposer_phone"].strip()
        if phone and not MOBILE_RE.match(phone):
            raise forms.ValidationError(form_errors.MOBILE)
        return phone

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""


class VoteForm(forms.Form):
    """The ballot paper: a checkbox per candidate (selection, run-off) or a rating per project."""

    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, ballot: Ballot, entries: list[BallotEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ballot = ballot
        self.entries = entries
        for entry in entries:
            name = f"c{entry.candidate_id}"
            if ballot.kind == Ballot.Kind.EVALUATION:
                self.fields[name] = forms.ChoiceField(
                    label=entry.candidate.title,
                    choices=[("", _("Abstain"))]
                    + [(c.value, c.label) for c in PaperMark.Choice if c != PaperMark.Choice.FOR],
                    required=False,
                    widget=forms.RadioSelect,
                )
            else:
                self.fields[name] = forms.BooleanField(label=entry.candidate.title, required=False)

    def ticked_ids(self) -> set[int]:
        """Candidates whose box is ticked in the posted paper, so that a paper sent back with an
        error (too many marks) keeps every choice instead of coming back blank."""
        if not self.is_bound:
            return set()
        return {e.candidate_id for e in self.entries if self[f"c{e.candidate_id}"].value()}

    def marks(self) -> dict[int, str]:
        result: dict[int, str] = {}
        for entry in self.entries:
            value = self.cleaned_data.get(f"c{entry.candidate_id}")
            if self.ballot.kind == Ballot.Kind.EVALUATION:
                if value:
                    result[entry.candidate_id] = str(value)
            elif value:
                result[entry.candidate_id] = PaperMark.Choice.FOR
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.ballot.kind != Ballot.Kind.EVALUATION:
            chosen = len([e for e in self.entries if data.get(f"c{e.candidate_id}")])
            if chosen > self.ballot.seats:
                raise forms.ValidationError(
                    _("Mark at most %(seats)s candidates; you marked %(n)s.")
                    % {"seats": self.ballot.seats, "n": chosen}
                )
        return data


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("Reported on"), widget=DateInput())
    progress_percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    actual_quantity = forms.DecimalField(
        label=_("Quantity achieved"), min_value=0, max_digits=12, decimal_places=2
    )
    spent = forms.DecimalField(label=_("Spent (10,000 yuan)"), min_value=0, max_digits=12, decimal_places=2)
    milestone = forms.ModelChoiceField(
        label=_("Milestone reported"), queryset=Milestone.objects.none(), required=False
    )
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    photo = forms.ImageField(label=_("Photo (optional)"), required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["milestone"]
        # Type narrowing for mypy, not a runtime rule.
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = project.milestones.all()


class RectificationResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Written explanation and rectification"), widget=forms.Textarea(attrs={"rows": 5})
    )


# --- admin forms -------------------------------------------------------------------------------


class BallotSetupForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    mode = forms.ChoiceField(label=_("Mode"), choices=Ballot.Mode.choices)


class ScreeningForm(forms.Form):
    urgency = forms.IntegerField(label=_("Urgency"), min_value=1, max_value=5, required=False)
    readiness = forms.IntegerField(label=_("Readiness"), min_value=1, max_value=5, required=False)
    reach = forms.IntegerField(label=_("Reach"), min_value=1, max_value=5, required=False)
    impact = forms.IntegerField(label=_("Impact"), min_value=1, max_value=5, required=False)
    unit = forms.ModelChoiceField(
        label=_("Assessing department"), queryset=HandlingUnit.objects.active(), required=False
    )
    feasible = forms.BooleanField(label=_("Feasible"), required=False)
    opinion = forms.CharField(
        label=_("Department's opinion"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    estimated_budget = forms.DecimalField(
        label=_("Estimated budget (10,000 yuan)"), required=False, max_digits=12, decimal_places=2
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[
            ("", _("No decision yet")),
            ("screened_in", _("Screen in")),
            ("screened_out", _("Screen out")),
            ("merged", _("Merge into another proposal")),
            ("submitted", _("Reopen")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason (told to the proposer)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    into = forms.CharField(label=_("Merge into (tracking code)"), max_length=12, required=False)


class EntitledForm(forms.Form):
    count = forms.IntegerField(label=_("Deputies entitled to vote"), min_value=1)
    reason = forms.CharField(label=_("Why the number is set by hand"), max_length=200)


class PresenceForm(forms.Form):
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputies handed a paper ballot"), queryset=Deputy.objects.none()
    )

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["deputies"]
        # Type narrowing for mypy, not a runtime rule.
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        field.queryset = queryset
        self.fields["deputies"].widget.attrs["size"] = 20


class PaperCountForm(forms.Form):
    cast = forms.IntegerField(label=_("Ballots cast"), min_value=0)
    valid = forms.IntegerField(label=_("Valid ballots"), min_value=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0)
    reason = forms.CharField(label=_("Reason for a correction"), max_length=200, required=False)

    def __init__(self, *args: Any, ballot: Ballot, entries: list[BallotEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ballot, self.entries = ballot, entries
        for entry in entries:
            if ballot.kind == Ballot.Kind.EVALUATION:
                for f, label in (
                    ("satisfied", _("satisfied")),
                    ("basically", _("basically satisfied")),
                    ("unsatisfied", _("unsatisfied")),
                ):
                    self.fields[f"{f}_{entry.candidate_id}"] = forms.IntegerField(
                        label=f"{entry.candidate.title} · {label}", min_value=0, initial=0
                    )
            else:
                self.fields[f"votes_{entry.candidate_id}"] = forms.IntegerField(
                    label=f"{entry.position}. {entry.candidate.title}", min_value=0, initial=0
                )

    def lines(self) -> dict[int, dict[str, int]]:
        result: dict[int, dict[str, int]] = {}
        for name, value in self.cleaned_data.items():
            if "_" in name and name.split("_")[-1].isdigit():
                f, cid = name.rsplit("_", 1)
                result.setdefault(int(cid), {})[f] = int(value or 0)
        return result


class FromSuggestionForm(forms.Form):
    code = forms.CharField(label=_("Tracking code of the suggestion"), max_length=20)
    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        queryset=Cycle.objects.filter(phase__in=[Cycle.Phase.COLLECTION, Cycle.Phase.SCREENING]),
    )


class DepartmentProposalForm(ProposalForm):
    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        queryset=Cycle.objects.filter(phase__in=[Cycle.Phase.COLLECTION, Cycle.Phase.SCREENING]),
    )
    unit = forms.ModelChoiceField(label=_("Proposing department"), queryset=HandlingUnit.objects.active())


class InspectionForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput())
    deputies = forms.ModelMultipleChoiceField(label=_("Deputies"), queryset=Deputy.objects.none())
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["deputies"]
        # Type narrowing for mypy, not a runtime rule.
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        field.queryset = queryset
        field.widget.attrs["size"] = 15
