"""Forms of the suggestions app: input shape and messages only; rules live in services."""

from __future__ import annotations

import uuid
from typing import Any

from captcha.fields import CaptchaField
from django import forms
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress import form_errors
from congress.bodies import body_leaders
from congress.errors import DomainError
from congress.models import Area, Body, HandlingUnit
from congress.selectors import categories_for_body
from congress.widgets import DateInput
from deputies.models import Deputy
from deputies.selectors import cosigner_candidates

from .conf import conf
from .images import PHOTO_STASH, photo_clean
from .models import Channel, Rating, RejectionReason, Reply, Supervision
from .selectors import rejection_reasons_for_body
from .services import MOBILE_RE, CommitmentInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


def category_choices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Category"),
        # The shared ones until the form names its body (``categories_of_body``).
        queryset=categories_for_body(None).select_related("parent"),
        empty_label=_("— choose —"),
        error_messages=form_errors.choice(_("Please choose a category.")),
    )


NOT_THIS_BODYS_CATEGORY = _("This category is not one this body uses: choose one from the list.")
NOT_THIS_BODYS_REASON = _("This reason is not one this body uses: choose one from the list.")


def categories_of_body(form: forms.Form, body: Any) -> None:
    """Offer (and accept) only the categories ``body`` uses (``congress.selectors``): the shared ones,
    its own and its ancestors'. ``None``: the shared ones. A posted id of any other category is a
    form error, never a 500."""
    field = form.fields["category"]
    field.queryset = categories_for_body(body).select_related("parent")  # type: ignore[attr-defined]
    field.error_messages["invalid_choice"] = NOT_THIS_BODYS_CATEGORY


def area_field(required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Place (district / street)"),
        queryset=Area.objects.filter(level__in=(Area.Level.DISTRICT, Area.Level.STREET)).select_related(
            "parent"
        ),
        required=required,
        empty_label=_("— choose —"),
        error_messages=form_errors.choice(_("Please choose the district or street.")),
    )


class AreaChoiceLabelMixin:
    """Show streets with their district (七里河区 · 西园街道)."""

    def _label_areas(self) -> None:
        field = self.fields.get("area")  # type: ignore[attr-defined]
        if field is not None:
            field.label_from_instance = lambda a: (
                f"{a.parent.name} · {a.name}" if a.level == Area.Level.STREET else a.name
            )


class PhotoMixin:
    """Clean photos by content; keep already accepted photos across a failed submission (a stash token
    in a hidden field), so the citizen never chooses them twice."""

    cleaned_data: dict[str, Any]

    def clean_photos(self) -> list[ContentFile]:
        uploads = self.cleaned_data.get("photos") or []
        cleaned: list[ContentFile] = list(self.stashed_photos())
        maximum = conf("SUGGESTIONS_MAX_PHOTOS")
        if len(cleaned) + len(uploads) > maximum:
            raise forms.ValidationError(_("At most %(count)d photos.") % {"count": maximum})
        for upload in uploads:
            try:
                cleaned.append(photo_clean(upload, name=getattr(upload, "name", "")))
            except DomainError as error:
                raise forms.ValidationError(error.message) from None
        return cleaned

    def stashed_photos(self) -> list[ContentFile]:
        token = str(self.data.get("photo_token", ""))  # type: ignore[attr-defined]
        try:
            uuid.UUID(token)
        except ValueError:
            return []
        photos: list[ContentFile] = []
        for index in range(conf("SUGGESTIONS_MAX_PHOTOS")):
            name = f"{PHOTO_STASH}/{token}/{index}.jpg"
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as handle:
                    photos.append(ContentFile(handle.read(), name="photo.jpg"))
        return photos

    def stash_photos(self, photos: list[ContentFile]) -> str:
        token = str(uuid.uuid4())
        for index, photo in enumerate(photos):
            photo.seek(0)
            default_storage.save(f"{PHOTO_STASH}/{token}/{index}.jpg", ContentFile(photo.read()))
            photo.seek(0)
        return token


PRIVACY_NOTICE = _(
    "We collect your name, mobile number and the place of the matter only to handle your opinion and to "
    "tell you the result. Your name and number are shown only to the staff and handling unit who need "
    "them, every look at them is recorded, and they are never published. Cases are anonymised three "
    "years after closing."
)


class SubmitForm(PhotoMixin, AreaChoiceLabelMixin, forms.Form):
    category = category_choices()
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("In a few words, e.g. “Broken street lamp”."),
        error_messages=form_errors.text(_("Please give your opinion a short title.")),
    )
    text = forms.CharField(
        label=_("Your opinion"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=5,
        max_length=5000,
        error_messages=form_errors.text(_("Please write down your opinion.")),
    )
    area = area_field()
    address = forms.CharField(
        label=_("Address or landmark"), max_length=200, required=False, error_messages=form_errors.text()
    )
    photos = MultipleFileField(
        label=_("Photos"), required=False, help_text=_("Up to 5 photos, each at most 10 MB.")
    )
    photo_token = forms.CharField(required=False, widget=forms.HiddenInput)
    submitter_name = forms.CharField(
        label=_("Your name"), max_length=50, required=False, error_messages=form_errors.text()
    )
    name_hidden = forms.BooleanField(label=_("Keep my name from the public"), required=False, initial=True)
    submitter_mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
        help_text=_("We send your tracking code and the reply here."),
        error_messages=form_errors.mobile(),
    )
    submitter_email = forms.EmailField(
        label=_("Email (optional)"), required=False, error_messages=form_errors.email()
    )
    consent_privacy = forms.BooleanField(
        label=pgettext_lazy("suggestion", "I have read the privacy notice and agree"), required=True
    )
    consent_publish = forms.BooleanField(
        label=_("The case may be published without my personal data once it is closed"), required=False
    )
    captcha = CaptchaField(
        label=pgettext_lazy("suggestion", "Characters in the picture"), error_messages=form_errors.captcha()
    )
    # Honeypot: hidden from people by CSS and kept out of the tab order; bots fill it in.
    website = forms.CharField(
        label=pgettext_lazy("suggestion", "Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    deputy = forms.CharField(required=False, widget=forms.HiddenInput)
    station = forms.CharField(required=False, widget=forms.HiddenInput)
    qr = forms.CharField(required=False, widget=forms.HiddenInput)

    error_messages_custom = {"mobile": form_errors.MOBILE}

    def __init__(self, *args: Any, body: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The body the citizen deals with (a station's or deputy's code), else the shared ones.
        categories_of_body(self, body)
        self._label_areas()
        self.fields["consent_privacy"].error_messages["required"] = pgettext_lazy(
            "suggestion", "Please agree to the privacy notice."
        )

    def clean_submitter_mobile(self) -> str:
        mobile = self.cleaned_data["submitter_mobile"].strip()
        if not MOBILE_RE.match(mobile):
            raise forms.ValidationError(self.error_messages_custom["mobile"])
        return mobile

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(pgettext_lazy("suggestion", "Please leave this field empty."))
        return ""


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters"}),
        error_messages=form_errors.text(_("Please enter the tracking code from your SMS.")),
    )
    pin = forms.CharField(
        label=_("PIN"),
        max_length=10,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric"}),
        error_messages=form_errors.text(_("Please enter the PIN from your SMS.")),
    )


class RateForm(forms.Form):
    value = forms.ChoiceField(
        label=_("How satisfied are you with the handling?"),
        choices=Rating.Value.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Why is the item misrouted?"), widget=forms.Textarea(attrs={"rows": 3}))


class ViewsForm(forms.Form):
    views = forms.CharField(
        label=_("Views of your unit for the lead unit"), widget=forms.Textarea(attrs={"rows": 5})
    )


COMMITMENT_ROWS = 3


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome class"), choices=Reply.Outcome.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 8}))
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].widget.attrs.pop("accept", None)
        for row in range(1, COMMITMENT_ROWS + 1):
            self.fields[f"promise_{row}"] = forms.CharField(
                label=_("Commitment %(n)d") % {"n": row}, max_length=300, required=False
            )
            self.fields[f"due_{row}"] = forms.DateField(
                label=_("Promised by"), required=False, widget=DateInput()
            )

    def commitments(self) -> list[CommitmentInput]:
        found = []
        for row in range(1, COMMITMENT_ROWS + 1):
            promise = self.cleaned_data.get(f"promise_{row}", "").strip()
            due = self.cleaned_data.get(f"due_{row}")
            if promise and due:
                found.append(CommitmentInput(promise=promise, due_on=due))
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(1, COMMITMENT_ROWS + 1):
            if bool(data.get(f"promise_{row}")) != bool(data.get(f"due_{row}")):
                self.add_error(f"due_{row}", _("Give both the promise and its date."))
        return data


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Follow-up reply"), widget=forms.Textarea(attrs={"rows": 6}))
    attachments = MultipleFileField(label=_("Attachments"), required=False)


class ExtensionForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Extension (in the unit of the time limit)"), min_value=1, max_value=12
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class KeepForm(forms.Form):
    note = forms.CharField(label=_("How was it kept?"), widget=forms.Textarea(attrs={"rows": 2}))


def deputy_choices() -> forms.ModelMultipleChoiceField:
    """The co-signers: a plain multiple select of every candidate (works without scripts), which
    ``static/js/cosigner-picker.js`` turns into a search box over ``cosigner-search``."""
    return forms.ModelMultipleChoiceField(
        label=_("Co-signing deputies"),
        queryset=cosigner_candidates().order_by("name"),
        required=False,
        widget=forms.SelectMultiple(
            attrs={
                "size": 6,
                "data-cosigner-search": reverse_lazy("cosigner-search"),
                "data-placeholder": _("Type a name, delegation or work unit"),
                "data-empty": _("No deputy found."),
                "data-remove": pgettext_lazy("co-signer", "Remove"),
            }
        ),
    )


def refuse_typed_cosigner(form: forms.Form) -> Any:
    """The picker posts what is left in its search box as ``<field>_typed``. A name typed there but
    never chosen from the results would otherwise be dropped without a word and the suggestion filed
    without that co-signer, so it is refused and the deputy asked to pick or clear it."""
    typed = (form.data.get(form.add_prefix("cosigners") + "_typed") or "").strip()
    if typed:
        raise forms.ValidationError(
            _(
                "The name %(name)s was typed but not chosen from the list: pick the deputy from the "
                "search results, or clear the box."
            )
            % {"name": typed[:50]}
        )
    return form.cleaned_data["cosigners"]


def keep_typed_cosigner(form: forms.Form) -> None:
    """Give the typed text back to the picker when the form is shown again with its error."""
    if form.is_bound:
        typed = (form.data.get(form.add_prefix("cosigners") + "_typed") or "").strip()
        if typed:
            form.fields["cosigners"].widget.attrs["data-typed"] = typed[:50]


class FileSuggestionForm(AreaChoiceLabelMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    text = forms.CharField(label=_("Text of the suggestion"), widget=forms.Textarea(attrs={"rows": 10}))
    category = category_choices()
    area = area_field(required=False)
    cosigners = deputy_choices()

    def __init__(self, *args: Any, body: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories_of_body(self, body)
        self._label_areas()
        keep_typed_cosigner(self)

    def clean_cosigners(self) -> Any:
        return refuse_typed_cosigner(self)


class TakeUpForm(forms.Form):
    title = forms.CharField(label=_("Title of the formal suggestion"), max_length=120)
    text = forms.CharField(label=_("Text of the suggestion"), widget=forms.Textarea(attrs={"rows": 8}))
    cosigners = deputy_choices()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep_typed_cosigner(self)

    def clean_cosigners(self) -> Any:
        return refuse_typed_cosigner(self)


class DeskForm(AreaChoiceLabelMixin, forms.Form):
    """A liaison takes an opinion down at the station desk."""

    category = category_choices()
    title = forms.CharField(label=_("Title"), max_length=120)
    text = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 6}))
    area = area_field(required=False)
    address = forms.CharField(label=_("Address or landmark"), max_length=200, required=False)
    deputy = forms.ModelChoiceField(
        label=_("Deputy receiving"), queryset=Deputy.objects.none(), required=False
    )
    submitter_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50, required=False)
    submitter_mobile = forms.CharField(label=_("Mobile number"), max_length=11, required=False)
    consent_publish = forms.BooleanField(
        label=_("Consents to publication without personal data"), required=False
    )

    def __init__(self, *args: Any, station: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories_of_body(self, station.body_id if station is not None else None)
        self._label_areas()
        if station is not None:
            self.fields["deputy"].queryset = station.members.order_by("name")  # type: ignore[attr-defined]


# -- staff (admin) forms --------------------------------------------------------------------------


class RejectForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Reason template"), queryset=RejectionReason.objects.none(), required=False
    )
    reason = forms.CharField(
        label=_("Reason shown to the submitter"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, body: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The item's body's set (shared, own and its ancestors'); a sibling's id is a form error.
        field = self.fields["template"]
        field.queryset = rejection_reasons_for_body(body)  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = NOT_THIS_BODYS_REASON

    def reason_text(self) -> str:
        text = self.cleaned_data.get("reason", "").strip()
        template = self.cleaned_data.get("template")
        if not text and template is not None:
            text = template.text
        return text


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Tracking code of the main case"), max_length=20)


class AssignForm(forms.Form):
    lead_unit = forms.ModelChoiceField(
        label=pgettext_lazy("assignment", "Lead unit"), queryset=HandlingUnit.objects.filter(is_active=True)
    )
    co_units = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("assignment", "Co-units"),
        queryset=HandlingUnit.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    note = forms.CharField(label=_("Note"), required=False)


class TransferForm(forms.Form):
    """Transfer up to a higher body or down to a lower one (docs/bodies.md); the choices are the
    current body's ancestors and descendants."""

    to_body = forms.ModelChoiceField(label=_("Transfer to"), queryset=Body.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500)

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ancestors = [int(pk) for pk in body.path.split("/") if pk and int(pk) != body.pk]
        self.fields["to_body"].queryset = (  # type: ignore[attr-defined]
            Body.objects.filter(Q(pk__in=ancestors) | Q(path__startswith=body.path)).exclude(pk=body.pk)
        )


class HandForm(forms.Form):
    deputy = forms.ModelChoiceField(
        label=_("Deputy"), queryset=Deputy.objects.filter(status="active", level="municipal").order_by("name")
    )


def person_label(user: Any) -> str:
    """A colleague as a clerk names them: the name and post of their committee-member record
    (王建国（常委会副主任）), else the account's full name; the login name only when nothing else is
    known."""
    member = getattr(user, "committee_member", None)
    # A Chinese name is surname then given name, without a space.
    full_name = f"{user.last_name}{user.first_name}".strip()
    name = (member.name if member else "") or full_name or user.get_username()
    post = member.post if member is not None and member.is_active else ""
    return f"{name}（{post}）" if post else name


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class KeyForm(forms.Form):
    is_key = forms.BooleanField(label=_("Key suggestion"), required=False)
    lead_official = forms.CharField(label=_("Lead official"), max_length=100, required=False)
    supervising_leader = LeaderChoiceField(
        label=_("Supervising leader"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args: Any, body_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The leaders of the body handling the item, by name and post: never a clerk's login.
        self.fields["supervising_leader"].queryset = (  # type: ignore[attr-defined]
            body_leaders(body_id)
            .select_related("committee_member")
            .order_by("committee_member__name", "last_name", "first_name", "username")
        )


class SupervisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Supervision.Kind.choices)
    method = forms.ChoiceField(label=_("Method"), choices=Supervision.Method.choices)
    held_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DateInput())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PublishForm(forms.Form):
    public_title = forms.CharField(label=_("Public title"), max_length=120)
    public_text = forms.CharField(
        label=_("Public text (no names, phone numbers or addresses of persons)"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class StaffEntryForm(AreaChoiceLabelMixin, forms.Form):
    """Staff enter an item from another channel (station desk, deputy visit, hotline, letter …)."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[
            (c.value, c.label)
            for c in (
                Channel.STATION_DESK,
                Channel.DEPUTY_VISIT,
                Channel.HOTLINE,
                Channel.LETTER,
                Channel.PETITION_OFFICE,
                Channel.INSPECTION,
            )
        ],
    )
    category = category_choices()
    title = forms.CharField(label=_("Title"), max_length=120)
    text = forms.CharField(
        label=pgettext_lazy("suggestion", "Content"), widget=forms.Textarea(attrs={"rows": 6})
    )
    area = area_field(required=False)
    address = forms.CharField(label=_("Address or landmark"), max_length=200, required=False)
    submitter_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50, required=False)
    submitter_mobile = forms.CharField(label=_("Mobile number"), max_length=11, required=False)
    consent_publish = forms.BooleanField(
        label=_("Consents to publication without personal data"), required=False
    )

    def __init__(self, *args: Any, body: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories_of_body(self, body)
        self._label_areas()
