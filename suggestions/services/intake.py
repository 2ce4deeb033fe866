"""Intake: registering items from every channel, and deputy suggestions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress.bodies import body_for_area
from congress.calendar import services as calendar_services
from congress.errors import DomainError
from congress.models import Area, Category, Session, Term
from congress.notifications.secrets import placeholder
from congress.notifications.services import Message, notify_many
from congress.notifications.wechat import wechat_configured
from congress.sanitise import strip_controls
from deputies.models import Deputy
from stations.models import Station

from ..conf import conf
from ..models import (
    Channel,
    Kind,
    Status,
    Suggestion,
    SuggestionPhoto,
)
from ..pins import pin_for, pin_hash
from ._common import (
    MOBILE_RE,
    OPENID_RE,
    POLICY_FEEDBACK,
    POLICY_TRIAGE,
    PUBLIC_CHANNELS,
    _check_category,
    _duty_record,
    _event,
    _new_code,
    _submitter_messages,
    _suggestion_type_id,
    _user,
)
from .textindex import suggestion_text_index

# -- intake --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    suggestion: Suggestion
    pin: str


def suggestion_validate(
    *,
    channel: str,
    text: str,
    title: str,
    submitter_mobile: str,
    consent_privacy: bool,
    photos: Sequence[ContentFile] = (),
) -> None:
    """The rules every intake path shares (web form, QR form, API, staff entry, CSV import)."""
    if not title.strip():
        raise DomainError(_("Give a short title."), field="title")
    if len(text.strip()) < 5:
        raise DomainError(_("Describe the matter in a few words at least."), field="text")
    if channel in PUBLIC_CHANNELS:
        if not consent_privacy:
            raise DomainError(
                pgettext("suggestion", "Please agree to the privacy notice."), field="consent_privacy"
            )
        if not MOBILE_RE.match(submitter_mobile or ""):
            raise DomainError(_("Enter a valid 11-digit mobile number."), field="submitter_mobile")
    elif submitter_mobile and not MOBILE_RE.match(submitter_mobile):
        raise DomainError(_("Enter a valid 11-digit mobile number."), field="submitter_mobile")
    if len(photos) > conf("SUGGESTIONS_MAX_PHOTOS"):
        raise DomainError(
            _("At most %(count)d photos.") % {"count": conf("SUGGESTIONS_MAX_PHOTOS")}, field="photos"
        )


def intake_body_id(*, station: Station | None, deputy: Deputy | None, area: Area | None) -> int:
    """The body that receives a new item (DOMAIN.md §11): a station's QR code or desk → the body
    that runs the station; a deputy's QR code → the body of the deputy's term (the congress they sit
    in); the open web form → the lowest body whose area holds the chosen area; else the root."""
    if station is not None and station.body_id is not None:
        return station.body_id
    if deputy is not None:
        found = Term.objects.filter(pk=deputy.term_id).values_list("body_id", flat=True).first()
        if found is not None:
            return int(found)
    return int(body_for_area(area).pk)


@dataclass(frozen=True, kw_only=True)
class SubmissionInput:
    """One item as it comes in, whichever interface took it (web and QR form, station desk, staff
    entry, API, hotline import, a deputy's filing): what ``suggestion_submit`` registers. Each
    interface builds it from its own validated input, most with ``from_cleaned``."""

    channel: str
    title: str
    text: str
    kind: str = Kind.CITIZEN_OPINION
    category: Category | None = None
    area: Area | None = None
    address: str = ""
    submitter_name: str = ""
    submitter_mobile: str = ""
    submitter_email: str = ""
    # A mini-program's citizen (kept only while the portal sends WeChat messages).
    submitter_openid: str = ""
    name_hidden: bool = True
    consent_privacy: bool = False
    consent_publish: bool = False
    deputy: Deputy | None = None
    station: Station | None = None
    qr_token: str = ""
    photos: Sequence[ContentFile] = ()
    reception: Any = None
    external_ref: str = ""
    # The moment of filing when it is not now (an import of past items, the demo's story).
    submitted_at: datetime.datetime | None = None
    # The receiving body when the interface found it already (None: by ``intake_body_id``).
    body_id: int | None = None

    @classmethod
    def from_cleaned(cls, data: Mapping[str, Any], **where: Any) -> SubmissionInput:
        """From a form's ``cleaned_data`` or an input serializer's ``validated_data``: the fields a
        person fills in (``TYPED_FIELDS``) that the form has; ``where`` gives the rest (channel,
        deputy, station …) and overrides a typed value. Nothing else of the data is read, so a
        field added to a form does not reach the service by accident."""
        typed = {name: data[name] for name in TYPED_FIELDS if name in data}
        return cls(**{**typed, **where})


# What a citizen or a member of staff types into an intake form or sends to the API.
TYPED_FIELDS = (
    "title",
    "text",
    "category",
    "area",
    "address",
    "submitter_name",
    "submitter_mobile",
    "submitter_email",
    "name_hidden",
    "consent_privacy",
    "consent_publish",
    "photos",
)


@transaction.atomic
def suggestion_submit(*, submission: SubmissionInput, actor: Any = None) -> Submitted:
    """Register an item (登记受理, 003:625) and start the triage clock (``opinion.triage``, 2 working
    days, 002:931). Returns the tracking code's PIN: it is never stored (a keyed hash verifies it,
    ``suggestions.pins``), the caller shows it once and the receipt recomputes it when sent.

    ``submitter_openid`` (a mini-program's citizen) is kept only while the portal sends WeChat
    messages (``congress.notifications.wechat``): otherwise it would be personal data kept for
    nothing."""
    channel, kind, deputy, station, area = (
        submission.channel,
        submission.kind,
        submission.deputy,
        submission.station,
        submission.area,
    )
    title, text, address = (
        strip_controls(submission.title),
        strip_controls(submission.text),
        strip_controls(submission.address),
    )
    submitter_name, submitter_mobile = (
        strip_controls(submission.submitter_name),
        strip_controls(submission.submitter_mobile),
    )
    submitter_email, external_ref = (
        strip_controls(submission.submitter_email),
        strip_controls(submission.external_ref),
    )
    suggestion_validate(
        channel=channel,
        text=text,
        title=title,
        submitter_mobile=submitter_mobile,
        consent_privacy=submission.consent_privacy,
        photos=submission.photos,
    )
    submitter_openid = strip_controls(submission.submitter_openid).strip()
    if submitter_openid and not OPENID_RE.match(submitter_openid):
        raise DomainError(_("This is not a WeChat openid."), field="submitter_openid")
    if not wechat_configured():
        submitter_openid = ""
    external_ref = external_ref.strip()[:40]
    if external_ref and Suggestion.objects.filter(channel=channel, external_ref=external_ref).exists():
        raise DomainError(
            _("Work order %(ref)s was imported already.") % {"ref": external_ref}, field="external_ref"
        )
    body_id = submission.body_id
    if body_id is None:
        body_id = intake_body_id(station=station, deputy=deputy, area=area)
    _check_category(submission.category, body_id)
    code = _new_code()
    pin = pin_for(code)
    now = submission.submitted_at or timezone.now()
    suggestion = Suggestion(
        code=code,
        pin_hash=pin_hash(code, pin),
        kind=kind,
        channel=channel,
        status=Status.SUBMITTED,
        body_id=body_id,
        received_by_id=body_id,
        title=title.strip()[:120],
        text=text.strip(),
        category=submission.category,
        area=area,
        address=address.strip()[:200],
        submitter_name=submitter_name.strip()[:50],
        submitter_mobile=submitter_mobile.strip(),
        submitter_email=submitter_email.strip(),
        submitter_openid=submitter_openid,
        name_hidden=submission.name_hidden,
        consent_privacy=submission.consent_privacy,
        consent_publish=submission.consent_publish,
        deputy=deputy,
        station=station,
        qr_token=submission.qr_token[:16],
        reception=submission.reception,
        external_ref=external_ref,
        submitted_at=now,
        created_by=_user(actor),
    )
    suggestion.save()
    # Its units, for duplicates and hotspots, in the same transaction (docs/suggestions.md §5).
    suggestion_text_index(suggestion=suggestion)
    for index, photo in enumerate(submission.photos, start=1):
        image = SuggestionPhoto(suggestion=suggestion)
        image.image.save(f"{suggestion.code.lower()}-{index}.jpg", photo, save=True)
    _event(
        suggestion,
        action="submit",
        actor=actor,
        to_state=Status.SUBMITTED,
        note=str(Channel(channel).label),
        public_note=_("Your item was received."),
    )
    # The triage clock, and for citizens' items the one-month feedback clock unless staff switched
    # that policy off: one insert for both, with their audit events (docs/performance.md).
    codes = [POLICY_TRIAGE] if kind == Kind.DEPUTY_SUGGESTION else [POLICY_TRIAGE, POLICY_FEEDBACK]
    deadlines = calendar_services.deadlines_start(
        owner=suggestion,
        policy_codes=codes,
        start=timezone.localdate(now),
        actor=actor,
        optional={POLICY_FEEDBACK},
        fresh=True,
        body=suggestion.body_id,
    )
    deadline = deadlines[POLICY_TRIAGE]
    Suggestion.objects.filter(pk=suggestion.pk).update(triage_deadline=deadline)
    suggestion.triage_deadline = deadline
    messages = _submitter_messages(
        suggestion,
        subject=_("Your opinion was received"),
        body=_(
            "Your opinion was received. Tracking code %(code)s, PIN %(pin)s. Keep them to follow the case "
            "and rate the reply."
        )
        # The outbox row keeps the placeholder; the PIN is filled in at send time (pins.receipt_fill).
        % {"code": suggestion.code, "pin": placeholder("pin")},
        key="received",
    )
    if deputy is not None and deputy.account_id:
        messages.append(
            Message(
                channel="in_app",
                subject=_("A new opinion is addressed to you"),
                body=_("Case %(code)s: %(title)s") % {"code": suggestion.code, "title": suggestion.title},
                recipient_id=deputy.account_id,
                content_type_id=_suggestion_type_id(),
                object_id=suggestion.pk,
                kind="suggestion.addressed",
                link=reverse("opinion-detail", args=[suggestion.code]),
                dedupe_key=f"suggestion:{suggestion.pk}:addressed:deputy:{deputy.pk}",
            )
        )
    # The receipt to the submitter and the deputy's bell in one insert.
    notify_many(messages)
    if kind == Kind.CITIZEN_OPINION:
        # Automatic dispatch, when switched on, runs after the commit in the worker (the models
        # take their time; the submitter does not wait). Imported here: it uses the triage services.
        from ..routing.dispatch import auto_dispatch_enqueue

        auto_dispatch_enqueue(suggestion.pk)
    return Submitted(suggestion=suggestion, pin=pin)


@transaction.atomic
def deputy_suggestion_file(
    *,
    deputy: Deputy,
    title: str,
    text: str,
    category: Category | None = None,
    area: Area | None = None,
    cosigners: Iterable[Deputy] = (),
    session: Session | None = None,
    actor: Any = None,
    submitted_at: datetime.datetime | None = None,
) -> Suggestion:
    """A deputy files a formal suggestion (代表建议) with co-signing deputies (领衔/附议). It enters the
    same triage and is assigned under the 3-month policy (Deputies Law). ``submitted_at`` is the
    moment of filing when it is not now (as for ``suggestion_submit``)."""
    submitted = suggestion_submit(
        submission=SubmissionInput(
            channel=Channel.DEPUTY,
            kind=Kind.DEPUTY_SUGGESTION,
            title=title,
            text=text,
            category=category,
            area=area,
            submitted_at=submitted_at,
            body_id=intake_body_id(station=None, deputy=deputy, area=None),
        ),
        actor=actor,
    )
    suggestion = submitted.suggestion
    Suggestion.objects.filter(pk=suggestion.pk).update(lead_deputy=deputy, session=session)
    suggestion.lead_deputy, suggestion.session = deputy, session
    others = [d for d in cosigners if d.pk != deputy.pk]
    suggestion.cosigners.set(others)
    _duty_record(deputy=deputy, kind="suggestion_filed", source=suggestion, note=suggestion.title)
    for cosigner in others:
        _duty_record(deputy=cosigner, kind="suggestion_cosigned", source=suggestion, note=suggestion.title)
    return suggestion
