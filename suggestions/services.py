"""Every write of the suggestions app (DOMAIN.md §5). Views, the API, the admin, the CSV import, tasks
and the demo all come through here.

Rules and their sources:

* States and allowed moves are data in ``workflow.MOVES``; ``suggestion_transition`` is the only code
  that changes ``Suggestion.status`` (row lock, table check, event row).
* Time limits come from the calendar's deadline policies (``opinion.triage``, ``opinion.reply``,
  ``deputy_suggestion.reply``, ``co_unit.views``, ``reopened.reply``, ``assignment.return_window``).
* A reply goes to whoever raised the item and to every co-signing deputy ("谁提出、反馈谁", 002:1101).
* 不满意 reopens an item once, then a second rating; a second 不满意 opens a supervision case
  (002:1257–1259).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress.calendar import services as calendar_services
from congress.calendar.models import Deadline, DeadlineExtension
from congress.errors import DomainError
from congress.ids import UNAMBIGUOUS, public_id
from congress.models import Area, Category, HandlingUnit, Session, UnitOfficer
from congress.notifications.services import notify
from deputies.models import Deputy
from stations.models import Station

from . import workflow
from .conf import conf
from .masking import mask_text
from .models import (
    AccessLog,
    Assignment,
    Channel,
    Commitment,
    Kind,
    Rating,
    Reply,
    ReplyAttachment,
    Status,
    Suggestion,
    SuggestionEvent,
    SuggestionPhoto,
    Supervision,
)
from .permissions import can_reveal_contact

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
PUBLIC_CHANNELS = (Channel.WEB, Channel.QR, Channel.API)

# Deadline policy codes (seeded by the calendar app, editable by staff).
POLICY_TRIAGE = "opinion.triage"
POLICY_OPINION_REPLY = "opinion.reply"
POLICY_DEPUTY_REPLY = "deputy_suggestion.reply"
POLICY_CO_VIEWS = "co_unit.views"
POLICY_REOPENED = "reopened.reply"
POLICY_RETURN_WINDOW = "assignment.return_window"


# -- helpers --------------------------------------------------------------------------------------


def _today() -> datetime.date:
    return timezone.localdate()


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _event(
    suggestion: Suggestion,
    *,
    action: str,
    actor: Any = None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    public_note: str = "",
    is_public: bool = True,
) -> SuggestionEvent:
    return SuggestionEvent.objects.create(
        suggestion=suggestion,
        action=action,
        actor=_user(actor),
        from_state=from_state,
        to_state=to_state,
        note=note,
        public_note=public_note,
        is_public=is_public,
    )


def _duty_record(*, deputy: Deputy | None, kind: str, source: Any, note: str = "") -> None:
    """Write the deputy's duty record through the deputies app (DOMAIN.md §7)."""
    if deputy is None:
        return
    try:
        from deputies.services import duty_record_add
    except ImportError:  # the duty record is not deployed: nothing to write
        return
    duty_record_add(deputy=deputy, kind=kind, on=_today(), source=source, note=note[:300])


def _track_link() -> str:
    return reverse("track")


def _notify_submitter(suggestion: Suggestion, *, subject: str, body: str, key: str) -> None:
    """SMS and email to the submitter: the tracking code and what happened, never the content."""
    if suggestion.submitter_mobile:
        notify(
            channel="sms",
            subject=subject,
            body=body,
            to_address=suggestion.submitter_mobile,
            about=suggestion,
            kind=f"suggestion.{key}",
            link=_track_link(),
            dedupe_key=f"suggestion:{suggestion.pk}:{key}:sms",
        )
    if suggestion.submitter_email:
        notify(
            channel="email",
            subject=subject,
            body=body,
            to_address=suggestion.submitter_email,
            about=suggestion,
            kind=f"suggestion.{key}",
            link=_track_link(),
            dedupe_key=f"suggestion:{suggestion.pk}:{key}:email",
        )


def _deputies_of(suggestion: Suggestion) -> list[Deputy]:
    """Deputies who raised or were addressed by an item: they receive replies and may rate."""
    found: dict[int, Deputy] = {}
    for deputy in (suggestion.lead_deputy, suggestion.deputy, suggestion.handed_to):
        if deputy is not None:
            found[deputy.pk] = deputy
    for deputy in suggestion.cosigners.all():
        found[deputy.pk] = deputy
    return list(found.values())


def _notify_deputies(suggestion: Suggestion, *, subject: str, body: str, key: str) -> None:
    for deputy in _deputies_of(suggestion):
        if deputy.user_id:
            notify(
                channel="in_app",
                subject=subject,
                body=body,
                recipient=deputy.user,
                about=suggestion,
                kind=f"suggestion.{key}",
                link=reverse("opinion-detail", args=[suggestion.code]),
                dedupe_key=f"suggestion:{suggestion.pk}:{key}:deputy:{deputy.pk}",
            )


def _notify_unit(assignment: Assignment, *, subject: str, body: str, key: str) -> None:
    link = reverse("unit-item", args=[assignment.pk])
    for officer in UnitOfficer.objects.filter(unit_id=assignment.unit_id).select_related("user"):
        notify(
            channel="in_app",
            subject=subject,
            body=body,
            recipient=officer.user,
            about=assignment.suggestion,
            kind=f"suggestion.{key}",
            link=link,
            dedupe_key=f"assignment:{assignment.pk}:{key}:{officer.user_id}",
        )
    if assignment.unit.contact_email:
        notify(
            channel="email",
            subject=subject,
            body=body,
            to_address=assignment.unit.contact_email,
            about=assignment.suggestion,
            kind=f"suggestion.{key}",
            link=link,
            dedupe_key=f"assignment:{assignment.pk}:{key}:email",
        )


def _notify_staff(suggestion: Suggestion, *, subject: str, body: str, key: str) -> None:
    """In-app notice to committee staff (returns, extension requests, supervision cases)."""
    from django.contrib.auth import get_user_model

    from congress import roles

    link = reverse("admin:suggestions_suggestion_case", args=[suggestion.pk])
    for user in get_user_model().objects.filter(groups__name=roles.COMMITTEE_STAFF, is_active=True):
        notify(
            channel="in_app",
            subject=subject,
            body=body,
            recipient=user,
            about=suggestion,
            kind=f"suggestion.{key}",
            link=link,
            dedupe_key=f"suggestion:{suggestion.pk}:{key}:staff:{user.pk}",
        )


def _close_deadline(deadline_id: int | None, actor: Any = None) -> None:
    if deadline_id is None:
        return
    deadline = Deadline.objects.filter(pk=deadline_id).first()
    if deadline is not None and deadline.is_open:
        calendar_services.deadline_close(deadline=deadline, actor=actor)


def _new_code() -> str:
    length = conf("SUGGESTIONS_CODE_LENGTH")
    for _attempt in range(10):
        code = public_id(length).upper()
        if not Suggestion.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not draw a free tracking code")


def _new_pin() -> str:
    return get_random_string(conf("SUGGESTIONS_PIN_LENGTH"), allowed_chars="23456789")


def normalise_code(code: str) -> str:
    """Tracking codes are typed by people: ignore case, spaces and dashes."""
    return re.sub(r"[^0-9A-Za-z]", "", code or "").upper()[:12]


def code_is_wellformed(code: str) -> bool:
    allowed = set(UNAMBIGUOUS.upper())
    return bool(code) and all(ch in allowed for ch in code)


# -- the transition service ------------------------------------------------------------------------


def _ensure_allowed(from_state: str, action: str, to_state: str) -> None:
    """Raise the one clear refusal for a move not in ``workflow.MOVES``."""
    if workflow.is_allowed(from_state, action, to_state):
        return
    raise DomainError(
        _("This step is not possible now: the item is “%(state)s”, it cannot be moved to “%(target)s”.")
        % {
            "state": Status(from_state).label,
            "target": Status(to_state).label if to_state in Status.values else to_state,
        },
        field="status",
        code="illegal_transition",
    )


@transaction.atomic
def suggestion_transition(
    *,
    suggestion: Suggestion,
    action: str,
    to_state: str,
    actor: Any = None,
    note: str = "",
    public_note: str = "",
    is_public: bool = True,
    fields: dict[str, Any] | None = None,
) -> Suggestion:
    """Move an item from its current state to ``to_state`` by ``action``: lock the row, check the
    table of allowed moves (``workflow.MOVES``), save, write the event (actor, time, from, to, note).
    An illegal move raises DomainError and changes nothing."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    from_state = locked.status
    _ensure_allowed(from_state, action, to_state)
    locked.status = to_state
    update = ["status"]
    for name, value in (fields or {}).items():
        setattr(locked, name, value)
        update.append(name)
    locked.save(update_fields=update)
    _event(
        locked,
        action=action,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        note=note,
        public_note=public_note,
        is_public=is_public,
    )
    # Keep the caller's object current.
    suggestion.status = locked.status
    for name in update:
        setattr(suggestion, name, getattr(locked, name))
    return locked


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


@transaction.atomic
def suggestion_submit(
    *,
    channel: str,
    title: str,
    text: str,
    kind: str = Kind.CITIZEN_OPINION,
    category: Category | None = None,
    area: Area | None = None,
    address: str = "",
    submitter_name: str = "",
    submitter_mobile: str = "",
    submitter_email: str = "",
    name_hidden: bool = True,
    consent_privacy: bool = False,
    consent_publish: bool = False,
    deputy: Deputy | None = None,
    station: Station | None = None,
    qr_token: str = "",
    photos: Sequence[ContentFile] = (),
    reception: Any = None,
    external_ref: str = "",
    actor: Any = None,
    submitted_at: datetime.datetime | None = None,
) -> Submitted:
    """Register an item (登记受理, 003:625) and start the triage clock (``opinion.triage``, 2 working
    days, 002:931). Returns the tracking code's PIN, which is stored hashed and shown only once."""
    suggestion_validate(
        channel=channel,
        text=text,
        title=title,
        submitter_mobile=submitter_mobile,
        consent_privacy=consent_privacy,
        photos=photos,
    )
    external_ref = external_ref.strip()[:40]
    if external_ref and Suggestion.objects.filter(channel=channel, external_ref=external_ref).exists():
        raise DomainError(
            _("Work order %(ref)s was imported already.") % {"ref": external_ref}, field="external_ref"
        )
    pin = _new_pin()
    now = submitted_at or timezone.now()
    suggestion = Suggestion(
        code=_new_code(),
        pin_hash=make_password(pin),
        kind=kind,
        channel=channel,
        status=Status.SUBMITTED,
        title=title.strip()[:120],
        text=text.strip(),
        category=category,
        area=area,
        address=address.strip()[:200],
        submitter_name=submitter_name.strip()[:50],
        submitter_mobile=submitter_mobile.strip(),
        submitter_email=submitter_email.strip(),
        name_hidden=name_hidden,
        consent_privacy=consent_privacy,
        consent_publish=consent_publish,
        deputy=deputy,
        station=station,
        qr_token=qr_token[:16],
        reception=reception,
        external_ref=external_ref,
        submitted_at=now,
        created_by=_user(actor),
    )
    suggestion.save()
    for index, photo in enumerate(photos, start=1):
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
    deadline = calendar_services.deadline_create(
        owner=suggestion, policy_code=POLICY_TRIAGE, start=timezone.localdate(now), actor=actor
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(triage_deadline=deadline)
    suggestion.triage_deadline = deadline
    _notify_submitter(
        suggestion,
        subject=_("Your opinion was received"),
        body=_(
            "Your opinion was received. Tracking code %(code)s, PIN %(pin)s. Keep them to follow the case "
            "and rate the reply."
        )
        % {"code": suggestion.code, "pin": pin},
        key="received",
    )
    if deputy is not None and deputy.user_id:
        notify(
            channel="in_app",
            subject=_("A new opinion is addressed to you"),
            body=_("Case %(code)s: %(title)s") % {"code": suggestion.code, "title": suggestion.title},
            recipient=deputy.user,
            about=suggestion,
            kind="suggestion.addressed",
            link=reverse("opinion-detail", args=[suggestion.code]),
        )
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
    derived_from: Suggestion | None = None,
) -> Suggestion:
    """A deputy files a formal suggestion (代表建议) with co-signing deputies (领衔/附议). It enters the
    same triage and is assigned under the 3-month policy (Deputies Law)."""
    submitted = suggestion_submit(
        channel=Channel.DEPUTY,
        kind=Kind.DEPUTY_SUGGESTION,
        title=title,
        text=text,
        category=category,
        area=area,
        actor=actor,
    )
    suggestion = submitted.suggestion
    Suggestion.objects.filter(pk=suggestion.pk).update(lead_deputy=deputy, session=session)
    suggestion.lead_deputy, suggestion.session = deputy, session
    others = [d for d in cosigners if d.pk != deputy.pk]
    suggestion.cosigners.set(others)
    _duty_record(deputy=deputy, kind="suggestion_filed", source=suggestion, note=suggestion.title)
    for cosigner in others:
        _duty_record(deputy=cosigner, kind="suggestion_filed", source=suggestion, note=suggestion.title)
    return suggestion


# -- triage --------------------------------------------------------------------------------------


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, actor: Any, note: str = "") -> Suggestion:
    """登记受理: the item is within the committee's remit and will be handled."""
    suggestion = suggestion_transition(
        suggestion=suggestion,
        action="accept",
        to_state=Status.ACCEPTED,
        actor=actor,
        note=note,
        public_note=_("Your item was accepted and will be handled."),
        fields={"accepted_at": timezone.now()},
    )
    return suggestion


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, actor: Any, reason: str) -> Suggestion:
    """Reject with a reason shown to the submitter (out of scope, a personal dispute …, DOMAIN §5)."""
    if not reason.strip():
        raise DomainError(_("Give the reason the submitter will read."), field="reason")
    suggestion = suggestion_transition(
        suggestion=suggestion,
        action="reject",
        to_state=Status.REJECTED,
        actor=actor,
        public_note=reason.strip(),
        fields={"rejection_reason": reason.strip(), "closed_at": timezone.now()},
    )
    _close_deadline(suggestion.triage_deadline_id, actor)
    _notify_submitter(
        suggestion,
        subject=_("Your opinion was not accepted"),
        body=_("Case %(code)s was not accepted. Reason: %(reason)s")
        % {"code": suggestion.code, "reason": reason.strip()},
        key="rejected",
    )
    return suggestion


@transaction.atomic
def suggestion_merge(*, suggestion: Suggestion, into: Suggestion, actor: Any) -> Suggestion:
    """同类合并 (002:637): the item joins a main case; its submitter is told and follows the main case
    with their own code and PIN."""
    main = Suggestion.objects.select_for_update().get(pk=into.pk)
    if main.pk == suggestion.pk:
        raise DomainError(_("An item cannot be merged into itself."), field="into")
    if main.status in (Status.REJECTED, Status.MERGED):
        raise DomainError(
            _("Case %(code)s is rejected or merged itself; choose its main case.") % {"code": main.code},
            field="into",
        )
    suggestion = suggestion_transition(
        suggestion=suggestion,
        action="merge",
        to_state=Status.MERGED,
        actor=actor,
        public_note=_("Merged with case %(code)s, which deals with the same matter; you can follow it here.")
        % {"code": main.code},
        fields={"merged_into": main},
    )
    _close_deadline(suggestion.triage_deadline_id, actor)
    _event(
        main,
        action="merged_in",
        actor=actor,
        note=_("Case %(code)s was merged into this one.") % {"code": suggestion.code},
        is_public=False,
    )
    _notify_submitter(
        suggestion,
        subject=_("Your opinion was merged"),
        body=_(
            "Case %(code)s deals with the same matter as case %(main)s and is handled with it. "
            "Your code and PIN show its progress."
        )
        % {"code": suggestion.code, "main": main.code},
        key="merged",
    )
    return suggestion


@transaction.atomic
def suggestion_hand_to_deputy(*, suggestion: Suggestion, deputy: Deputy, actor: Any) -> Suggestion:
    """Staff hand an accepted item to a deputy, who may take it up as a formal suggestion."""
    if suggestion.status == Status.SUBMITTED:
        suggestion = suggestion_accept(suggestion=suggestion, actor=actor)
    if suggestion.status != Status.ACCEPTED:
        raise DomainError(_("Only an accepted item can be handed to a deputy."), field="deputy")
    Suggestion.objects.filter(pk=suggestion.pk).update(handed_to=deputy)
    suggestion.handed_to = deputy
    _event(
        suggestion,
        action="hand_to_deputy",
        actor=actor,
        note=deputy.name,
        public_note=_("Passed to deputy %(name)s.") % {"name": deputy.name},
    )
    if deputy.user_id:
        notify(
            channel="in_app",
            subject=_("An opinion was handed to you"),
            body=_("Case %(code)s: %(title)s") % {"code": suggestion.code, "title": suggestion.title},
            recipient=deputy.user,
            about=suggestion,
            kind="suggestion.handed",
            link=reverse("opinion-detail", args=[suggestion.code]),
            dedupe_key=f"suggestion:{suggestion.pk}:handed:{deputy.pk}",
        )
    return suggestion


@transaction.atomic
def suggestion_take_up(
    *,
    suggestion: Suggestion,
    deputy: Deputy,
    title: str,
    text: str,
    cosigners: Iterable[Deputy] = (),
    actor: Any = None,
) -> Suggestion:
    """A deputy takes an item addressed or handed to them up as a formal deputy suggestion; the
    citizen's item is linked to it (merged), so the citizen sees its progress."""
    if deputy.pk not in (suggestion.deputy_id, suggestion.handed_to_id):
        raise DomainError(_("Only the deputy the item is addressed or handed to can take it up."))
    if suggestion.status == Status.SUBMITTED:
        suggestion = suggestion_accept(suggestion=suggestion, actor=actor)
    formal = deputy_suggestion_file(
        deputy=deputy,
        title=title,
        text=text,
        category=suggestion.category,
        area=suggestion.area,
        cosigners=cosigners,
        actor=actor,
    )
    suggestion_transition(
        suggestion=suggestion,
        action="take_up",
        to_state=Status.MERGED,
        actor=actor,
        public_note=_(
            "Deputy %(name)s took your item up as a formal deputy suggestion, case %(code)s; "
            "you can follow it here."
        )
        % {"name": deputy.name, "code": formal.code},
        fields={"merged_into": formal},
    )
    _close_deadline(suggestion.triage_deadline_id, actor)
    _duty_record(deputy=deputy, kind="opinion_handled", source=suggestion, note=suggestion.title)
    return formal


@transaction.atomic
def suggestion_mark_key(
    *,
    suggestion: Suggestion,
    is_key: bool,
    lead_official: str = "",
    supervising_leader: Any = None,
    actor: Any,
) -> Suggestion:
    """重点建议: a key suggestion carries a lead official and a supervising leader (002:1201–1203)."""
    if is_key and not lead_official.strip():
        raise DomainError(_("A key suggestion needs a lead official."), field="lead_official")
    if is_key and supervising_leader is None:
        raise DomainError(_("A key suggestion needs a supervising leader."), field="supervising_leader")
    Suggestion.objects.filter(pk=suggestion.pk).update(
        is_key=is_key,
        lead_official=lead_official.strip() if is_key else "",
        supervising_leader=supervising_leader if is_key else None,
    )
    suggestion.refresh_from_db(fields=["is_key", "lead_official", "supervising_leader"])
    _event(
        suggestion,
        action="mark_key" if is_key else "unmark_key",
        actor=actor,
        note=lead_official,
        is_public=False,
    )
    return suggestion


# -- assignment ----------------------------------------------------------------------------------


def _reply_policy(suggestion: Suggestion) -> str:
    return POLICY_DEPUTY_REPLY if suggestion.kind == Kind.DEPUTY_SUGGESTION else POLICY_OPINION_REPLY


def _start_assignment(
    *,
    suggestion: Suggestion,
    unit: HandlingUnit,
    role: str,
    policy_code: str,
    start: datetime.date,
    actor: Any,
    signed: bool = False,
) -> Assignment:
    now = timezone.now()
    assignment = Assignment.objects.create(
        suggestion=suggestion,
        unit=unit,
        role=role,
        status=Assignment.Status.ACTIVE,
        assigned_at=now,
        assigned_by=_user(actor),
        round=suggestion.reopen_count,
        signed_for_at=now if signed else None,
    )
    deadline = calendar_services.deadline_create(
        owner=assignment, policy_code=policy_code, start=start, actor=actor
    )
    return_until = None
    if not signed:
        window = calendar_services.deadline_create(
            owner=assignment, policy_code=POLICY_RETURN_WINDOW, start=start, actor=actor
        )
        return_until = window.due
        calendar_services.deadline_close(deadline=window, actor=actor)
    Assignment.objects.filter(pk=assignment.pk).update(
        deadline=deadline, due_date=deadline.due, return_until=return_until
    )
    assignment.deadline, assignment.due_date, assignment.return_until = deadline, deadline.due, return_until
    return assignment


def _end_assignment(assignment: Assignment, *, status: str, actor: Any, **fields: Any) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(status=status, **fields)
    assignment.status = status
    for name, value in fields.items():
        setattr(assignment, name, value)
    _close_deadline(assignment.deadline_id, actor)


@transaction.atomic
def suggestion_assign(
    *,
    suggestion: Suggestion,
    lead_unit: HandlingUnit,
    co_units: Iterable[HandlingUnit] = (),
    actor: Any,
    note: str = "",
    start: datetime.date | None = None,
) -> list[Assignment]:
    """交办: one lead unit and any co-units, each with its own due date from the policies (citizen
    opinion 10 working days, deputy suggestion 3 months, co-unit views 1 month). Re-assignment keeps
    every earlier dispatch (superseded) and starts a new clock."""
    co_list = [unit for unit in co_units if unit.pk != lead_unit.pk]
    if not lead_unit.is_active or any(not unit.is_active for unit in co_list):
        raise DomainError(_("Choose active handling units."), field="lead_unit")
    if suggestion.status == Status.SUBMITTED:
        suggestion = suggestion_accept(suggestion=suggestion, actor=actor)
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    action = "assign" if locked.status in (Status.ACCEPTED, Status.RETURNED) else "reassign"
    _ensure_allowed(locked.status, action, Status.ASSIGNED)
    for previous in Assignment.objects.filter(suggestion=locked, status=Assignment.Status.ACTIVE):
        _end_assignment(previous, status=Assignment.Status.SUPERSEDED, actor=actor)
    start = start or _today()
    assignments = [
        _start_assignment(
            suggestion=locked,
            unit=lead_unit,
            role=Assignment.Role.LEAD,
            policy_code=_reply_policy(locked),
            start=start,
            actor=actor,
        )
    ]
    for unit in co_list:
        assignments.append(
            _start_assignment(
                suggestion=locked,
                unit=unit,
                role=Assignment.Role.CO,
                policy_code=POLICY_CO_VIEWS,
                start=start,
                actor=actor,
            )
        )
    names = "、".join([lead_unit.name, *(unit.name for unit in co_list)])
    suggestion_transition(
        suggestion=locked,
        action=action,
        to_state=Status.ASSIGNED,
        actor=actor,
        note=note or names,
        public_note=_("Sent to %(unit)s for handling.") % {"unit": lead_unit.name},
    )
    _close_deadline(locked.triage_deadline_id, actor)
    suggestion.status = locked.status
    for assignment in assignments:
        _notify_unit(
            assignment,
            subject=_("New item assigned to your unit"),
            body=_("Case %(code)s (%(role)s), due %(due)s: %(title)s")
            % {
                "code": locked.code,
                "role": assignment.get_role_display(),
                "due": assignment.due_date,
                "title": locked.title,
            },
            key="assigned",
        )
    _notify_submitter(
        locked,
        subject=_("Your opinion was sent to a handling unit"),
        body=_("Case %(code)s was sent to %(unit)s.") % {"code": locked.code, "unit": lead_unit.name},
        key=f"assigned:{assignments[0].pk}",
    )
    return assignments


def _check_officer(actor: Any, assignment: Assignment) -> None:
    officer = getattr(actor, "unit_officer", None)
    if officer is None or officer.unit_id != assignment.unit_id:
        raise DomainError(_("Only officers of the assigned unit can do this."))


@transaction.atomic
def assignment_sign_for(*, assignment: Assignment, actor: Any) -> Assignment:
    """签收: the unit acknowledges the dispatch."""
    assignment = Assignment.objects.select_for_update().select_related("suggestion").get(pk=assignment.pk)
    _check_officer(actor, assignment)
    if assignment.status != Assignment.Status.ACTIVE or assignment.signed_for_at is not None:
        raise DomainError(_("This assignment cannot be signed for now."))
    Assignment.objects.filter(pk=assignment.pk).update(signed_for_at=timezone.now(), signed_for_by=actor)
    assignment.refresh_from_db()
    if assignment.role == Assignment.Role.LEAD:
        suggestion_transition(
            suggestion=assignment.suggestion,
            action="sign_for",
            to_state=Status.SIGNED_FOR,
            actor=actor,
            note=assignment.unit.name,
            public_note=_("%(unit)s signed for your item.") % {"unit": assignment.unit.name},
        )
    else:
        _event(
            assignment.suggestion,
            action="co_sign_for",
            actor=actor,
            note=assignment.unit.name,
            is_public=False,
        )
    return assignment


@transaction.atomic
def assignment_return(
    *, assignment: Assignment, actor: Any, reason: str, today: datetime.date | None = None
) -> Assignment:
    """退回: a misrouted item goes back to triage, within the return window (10 days of receipt,
    default); after it only via supervision (DOMAIN.md §5)."""
    assignment = (
        Assignment.objects.select_for_update().select_related("suggestion", "unit").get(pk=assignment.pk)
    )
    _check_officer(actor, assignment)
    if not reason.strip():
        raise DomainError(_("Say why the item is returned."), field="reason")
    if assignment.status != Assignment.Status.ACTIVE or assignment.replied_at is not None:
        raise DomainError(_("This assignment cannot be returned now."))
    today = today or _today()
    if assignment.return_until is None or today > assignment.return_until:
        raise DomainError(
            _(
                "The return window has passed. Please ask the committee staff to re-route the item "
                "through supervision."
            ),
            field="reason",
            code="return_window_passed",
        )
    _end_assignment(
        assignment,
        status=Assignment.Status.RETURNED,
        actor=actor,
        returned_at=timezone.now(),
        return_reason=reason.strip(),
    )
    if assignment.role == Assignment.Role.LEAD:
        suggestion_transition(
            suggestion=assignment.suggestion,
            action="return",
            to_state=Status.RETURNED,
            actor=actor,
            note=_("%(unit)s: %(reason)s") % {"unit": assignment.unit.name, "reason": reason.strip()},
            public_note=_("Your item is being sent to the right unit."),
        )
        _notify_staff(
            assignment.suggestion,
            subject=_("A unit returned an item"),
            body=_("Case %(code)s was returned by %(unit)s: %(reason)s")
            % {"code": assignment.suggestion.code, "unit": assignment.unit.name, "reason": reason.strip()},
            key=f"returned:{assignment.pk}",
        )
    else:
        _event(
            assignment.suggestion,
            action="co_return",
            actor=actor,
            note=_("%(unit)s: %(reason)s") % {"unit": assignment.unit.name, "reason": reason.strip()},
            is_public=False,
        )
    return assignment


@transaction.atomic
def assignment_views_submit(*, assignment: Assignment, actor: Any, views: str) -> Assignment:
    """协办意见: a co-unit sends its views to the lead unit (within 1 month, default)."""
    assignment = (
        Assignment.objects.select_for_update().select_related("suggestion", "unit").get(pk=assignment.pk)
    )
    _check_officer(actor, assignment)
    if assignment.role != Assignment.Role.CO:
        raise DomainError(_("Only a co-unit sends views to the lead unit."))
    if assignment.status != Assignment.Status.ACTIVE:
        raise DomainError(_("This assignment is no longer active."))
    if not views.strip():
        raise DomainError(_("Write the views of your unit."), field="views")
    now = timezone.now()
    if assignment.signed_for_at is None:
        Assignment.objects.filter(pk=assignment.pk).update(signed_for_at=now, signed_for_by=actor)
    _end_assignment(assignment, status=Assignment.Status.DONE, actor=actor, views=views.strip(), views_at=now)
    _event(assignment.suggestion, action="co_views", actor=actor, note=assignment.unit.name, is_public=False)
    lead = Assignment.objects.filter(
        suggestion=assignment.suggestion, role=Assignment.Role.LEAD, status=Assignment.Status.ACTIVE
    ).first()
    if lead is not None:
        _notify_unit(
            lead,
            subject=_("A co-unit sent its views"),
            body=_("Case %(code)s: views of %(unit)s are available.")
            % {"code": assignment.suggestion.code, "unit": assignment.unit.name},
            key=f"views:{assignment.pk}",
        )
    return assignment


@dataclass(frozen=True)
class CommitmentInput:
    promise: str
    due_on: datetime.date


def _save_attachments(reply: Reply, attachments: Sequence[Any]) -> None:
    for upload in attachments:
        name = getattr(upload, "name", "") or "attachment"
        attachment = ReplyAttachment(reply=reply, name=name[:200])
        attachment.file.save(name, upload, save=True)


@transaction.atomic
def suggestion_reply(
    *,
    assignment: Assignment,
    actor: Any,
    outcome: str,
    text: str,
    commitments: Sequence[CommitmentInput] = (),
    attachments: Sequence[Any] = (),
) -> Reply:
    """答复 by the lead unit with outcome A/B/C (004:17); promises are tracked until kept (002:1257);
    outcome B owes a follow-up reply. The reply goes to the submitter and every deputy concerned."""
    assignment = (
        Assignment.objects.select_for_update().select_related("suggestion", "unit").get(pk=assignment.pk)
    )
    _check_officer(actor, assignment)
    suggestion = assignment.suggestion
    if assignment.role != Assignment.Role.LEAD or assignment.status != Assignment.Status.ACTIVE:
        raise DomainError(_("Only the lead unit replies, while the assignment is active."))
    if assignment.signed_for_at is None:
        raise DomainError(_("Sign for the item before replying."))
    if outcome not in Reply.Outcome.values:
        raise DomainError(_("Choose the outcome class A, B or C."), field="outcome")
    if len(text.strip()) < 10:
        raise DomainError(_("Write the reply (at least 10 characters)."), field="text")
    if outcome == Reply.Outcome.B and not commitments:
        raise DomainError(
            _("Outcome B needs at least one commitment: what will be done, and by when."), field="commitments"
        )
    for commitment in commitments:
        if not commitment.promise.strip():
            raise DomainError(_("Describe each commitment."), field="commitments")
        if commitment.due_on < _today():
            raise DomainError(_("A commitment date cannot be in the past."), field="commitments")
    target = workflow.reply_target(outcome)
    now = timezone.now()
    reply = Reply.objects.create(
        suggestion=suggestion,
        assignment=assignment,
        outcome=outcome,
        text=text.strip(),
        round=suggestion.reopen_count,
        replied_at=now,
        replied_by=_user(actor),
    )
    for commitment in commitments:
        Commitment.objects.create(
            suggestion=suggestion,
            reply=reply,
            promise=commitment.promise.strip()[:300],
            due_on=commitment.due_on,
        )
    _save_attachments(reply, attachments)
    _end_assignment(assignment, status=Assignment.Status.DONE, actor=actor, replied_at=now)
    suggestion_transition(
        suggestion=suggestion,
        action="reply",
        to_state=target,
        actor=actor,
        note=reply.get_outcome_display(),
        public_note=_("%(unit)s replied (%(outcome)s).")
        % {"unit": assignment.unit.name, "outcome": reply.get_outcome_display()},
    )
    _notify_submitter(
        suggestion,
        subject=_("Your opinion was replied to"),
        body=_(
            "Case %(code)s has a reply. Open the tracking page with your code and PIN to read and rate it."
        )
        % {"code": suggestion.code},
        key=f"reply:{reply.pk}",
    )
    for merged in suggestion.merged_items.all():
        _notify_submitter(
            merged,
            subject=_("Your opinion was replied to"),
            body=_("Case %(code)s has a reply. Open the tracking page with your code and PIN to read it.")
            % {"code": merged.code},
            key=f"reply:{reply.pk}",
        )
    _notify_deputies(
        suggestion,
        subject=_("A reply to a suggestion you follow"),
        body=_("Case %(code)s: %(unit)s replied (%(outcome)s).")
        % {"code": suggestion.code, "unit": assignment.unit.name, "outcome": reply.get_outcome_display()},
        key=f"reply:{reply.pk}",
    )
    for deputy in (suggestion.deputy, suggestion.handed_to):
        _duty_record(deputy=deputy, kind="opinion_handled", source=suggestion, note=suggestion.title)
    return reply


@transaction.atomic
def suggestion_follow_up(
    *, suggestion: Suggestion, actor: Any, text: str, attachments: Sequence[Any] = ()
) -> Reply:
    """The follow-up reply owed after outcome B, when the matter is done."""
    lead = (
        Assignment.objects.filter(
            suggestion=suggestion, role=Assignment.Role.LEAD, status=Assignment.Status.DONE
        )
        .select_related("unit")
        .order_by("-replied_at", "-pk")
        .first()
    )
    if lead is None:
        raise DomainError(_("No reply of the lead unit to follow up."))
    _check_officer(actor, lead)
    if len(text.strip()) < 10:
        raise DomainError(_("Write the reply (at least 10 characters)."), field="text")
    reply = Reply.objects.create(
        suggestion=suggestion,
        assignment=lead,
        outcome=Reply.Outcome.A,
        text=text.strip(),
        is_follow_up=True,
        round=suggestion.reopen_count,
        replied_at=timezone.now(),
        replied_by=_user(actor),
    )
    _save_attachments(reply, attachments)
    suggestion_transition(
        suggestion=suggestion,
        action="follow_up",
        to_state=Status.REPLIED,
        actor=actor,
        public_note=_("%(unit)s reported that the matter is done.") % {"unit": lead.unit.name},
    )
    _notify_submitter(
        suggestion,
        subject=_("Your opinion was replied to"),
        body=_("Case %(code)s has a follow-up reply. Open the tracking page with your code and PIN.")
        % {"code": suggestion.code},
        key=f"reply:{reply.pk}",
    )
    _notify_deputies(
        suggestion,
        subject=_("A reply to a suggestion you follow"),
        body=_("Case %(code)s: follow-up reply of %(unit)s.")
        % {"code": suggestion.code, "unit": lead.unit.name},
        key=f"reply:{reply.pk}",
    )
    return reply


@transaction.atomic
def commitment_keep(*, commitment: Commitment, actor: Any, note: str) -> Commitment:
    """Record that a promise made in a reply was kept."""
    commitment = (
        Commitment.objects.select_for_update().select_related("reply__assignment").get(pk=commitment.pk)
    )
    _check_officer(actor, commitment.reply.assignment)
    if commitment.kept_at is not None:
        raise DomainError(_("This commitment is already recorded as kept."))
    if not note.strip():
        raise DomainError(_("Say how the commitment was kept."), field="note")
    Commitment.objects.filter(pk=commitment.pk).update(kept_at=timezone.now(), kept_note=note.strip())
    commitment.refresh_from_db()
    _event(
        commitment.suggestion,
        action="commitment_kept",
        actor=actor,
        public_note=_("Commitment kept: %(promise)s") % {"promise": commitment.promise},
    )
    return commitment


# -- ratings, supervision, closing ---------------------------------------------------------------


@transaction.atomic
def suggestion_rate(
    *,
    suggestion: Suggestion,
    rater: str,
    value: str,
    deputy: Deputy | None = None,
    comment: str = "",
    actor: Any = None,
    today: datetime.date | None = None,
) -> Rating:
    """满意度测评 by the submitter or a deputy, once per handling round. The first 不满意 reopens the
    item once with a new due date (``reopened.reply``, 1 month, default); a second 不满意 opens a
    supervision case (002:1257–1259)."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if value not in Rating.Value.values:
        raise DomainError(_("Choose satisfied, basically satisfied or unsatisfied."), field="value")
    if suggestion.status not in workflow.RATABLE_STATES:
        raise DomainError(_("This item cannot be rated now."), field="value")
    if rater == Rating.Rater.DEPUTY:
        if deputy is None or deputy.pk not in {d.pk for d in _deputies_of(suggestion)}:
            raise DomainError(_("Only the deputies concerned can rate this item."), field="value")
    elif rater != Rating.Rater.SUBMITTER or suggestion.kind == Kind.DEPUTY_SUGGESTION:
        raise DomainError(_("Only the submitter can rate this item."), field="value")
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                suggestion=suggestion,
                rater=rater,
                deputy=deputy if rater == Rating.Rater.DEPUTY else None,
                value=value,
                comment=comment.strip(),
                round=suggestion.reopen_count,
            )
    except IntegrityError:
        raise DomainError(_("You have already rated this reply."), field="value") from None
    unsatisfied = value == Rating.Value.UNSATISFIED
    target = workflow.rating_target(
        state=suggestion.status,
        unsatisfied=unsatisfied,
        reopen_count=suggestion.reopen_count,
        max_reopens=conf("SUGGESTIONS_MAX_REOPENS"),
    )
    if target == Status.REOPENED:
        _reopen(suggestion, actor=actor, rating=rating, today=today or _today())
    else:
        suggestion_transition(
            suggestion=suggestion,
            action="rate",
            to_state=target,
            actor=actor,
            note=rating.get_value_display(),
            public_note=_("Rated: %(value)s") % {"value": rating.get_value_display()},
        )
        if unsatisfied:
            supervision = Supervision.objects.create(
                suggestion=suggestion,
                kind=Supervision.Kind.OFFICE,
                method=Supervision.Method.WRITTEN,
                held_on=today or _today(),
                note=_("Opened after a second unsatisfied rating."),
                is_case=True,
            )
            _event(
                suggestion,
                action="supervision_case",
                note=str(supervision.pk),
                is_public=True,
                public_note=_("The committee will supervise the handling of your item."),
            )
            _notify_staff(
                suggestion,
                subject=_("A second unsatisfied rating: supervision case"),
                body=_("Case %(code)s was rated unsatisfied again.") % {"code": suggestion.code},
                key="supervision_case",
            )
    if rater == Rating.Rater.DEPUTY:
        _duty_record(deputy=deputy, kind="rating_given", source=rating, note=suggestion.title)
    return rating


def _reopen(suggestion: Suggestion, *, actor: Any, rating: Rating, today: datetime.date) -> None:
    """Re-handling by the last lead unit with a new clock; the unit already knows the item."""
    last_lead = (
        Assignment.objects.filter(suggestion=suggestion, role=Assignment.Role.LEAD)
        .exclude(status=Assignment.Status.RETURNED)
        .select_related("unit")
        .order_by("-assigned_at", "-pk")
        .first()
    )
    if last_lead is None:
        raise DomainError(_("No lead unit to reopen the item with."))
    if last_lead.status == Assignment.Status.ACTIVE:
        _end_assignment(last_lead, status=Assignment.Status.SUPERSEDED, actor=actor)
    Suggestion.objects.filter(pk=suggestion.pk).update(reopen_count=F("reopen_count") + 1)
    suggestion.refresh_from_db(fields=["reopen_count"])
    assignment = _start_assignment(
        suggestion=suggestion,
        unit=last_lead.unit,
        role=Assignment.Role.LEAD,
        policy_code=POLICY_REOPENED,
        start=today,
        actor=actor,
        signed=True,
    )
    suggestion_transition(
        suggestion=suggestion,
        action="rate",
        to_state=Status.REOPENED,
        actor=actor,
        note=rating.get_value_display(),
        public_note=_("Rated unsatisfied: the item is reopened; %(unit)s will reply again by %(due)s.")
        % {"unit": last_lead.unit.name, "due": assignment.due_date},
    )
    _notify_unit(
        assignment,
        subject=_("An item was reopened after an unsatisfied rating"),
        body=_("Case %(code)s must be handled again and replied to by %(due)s.")
        % {"code": suggestion.code, "due": assignment.due_date},
        key="reopened",
    )


@transaction.atomic
def supervision_record(
    *,
    suggestion: Suggestion,
    kind: str,
    method: str,
    held_on: datetime.date,
    note: str = "",
    actor: Any,
) -> Supervision:
    """督办: record a supervision step on any item (kinds 002:807, 002:1013; methods incl. 提醒督办函)."""
    if kind not in Supervision.Kind.values:
        raise DomainError(_("Choose the kind of supervision."), field="kind")
    if method not in Supervision.Method.values:
        raise DomainError(_("Choose the method of supervision."), field="method")
    supervision = Supervision.objects.create(
        suggestion=suggestion,
        kind=kind,
        method=method,
        held_on=held_on,
        note=note.strip(),
        created_by=_user(actor),
    )
    _event(
        suggestion,
        action="supervise",
        actor=actor,
        note=f"{supervision.get_kind_display()} · {supervision.get_method_display()}",
        public_note=_("The committee is supervising the handling (%(method)s).")
        % {"method": supervision.get_method_display()},
    )
    return supervision


@transaction.atomic
def suggestion_close(*, suggestion: Suggestion, actor: Any, note: str = "") -> Suggestion:
    """办结销号 (003:625)."""
    return suggestion_transition(
        suggestion=suggestion,
        action="close",
        to_state=Status.CLOSED,
        actor=actor,
        note=note,
        public_note=_("The case is closed."),
        fields={"closed_at": timezone.now()},
    )


PHONE_IN_TEXT = re.compile(r"1[3-9]\d{9}")


@transaction.atomic
def suggestion_publish(
    *, suggestion: Suggestion, public_title: str, public_text: str, actor: Any
) -> Suggestion:
    """Publish a closed case with the submitter's consent, personal data removed (003:325–328)."""
    if suggestion.status != Status.CLOSED:
        raise DomainError(_("Only closed cases can be published."))
    if not suggestion.consent_publish:
        raise DomainError(_("The submitter did not consent to publication."))
    if not public_title.strip() or not public_text.strip():
        raise DomainError(_("Give the public title and text."), field="public_text")
    for value in (public_title, public_text):
        if PHONE_IN_TEXT.search(value) or (
            suggestion.submitter_name
            and len(suggestion.submitter_name) > 1
            and suggestion.submitter_name in value
        ):
            raise DomainError(
                _("The public text still contains a name or a phone number; remove it."), field="public_text"
            )
    Suggestion.objects.filter(pk=suggestion.pk).update(
        is_published=True,
        published_at=timezone.now(),
        public_title=public_title.strip(),
        public_text=public_text.strip(),
    )
    suggestion.refresh_from_db()
    _event(suggestion, action="publish", actor=actor, is_public=False)
    return suggestion


@transaction.atomic
def suggestion_unpublish(*, suggestion: Suggestion, actor: Any) -> Suggestion:
    Suggestion.objects.filter(pk=suggestion.pk).update(is_published=False)
    suggestion.refresh_from_db()
    _event(suggestion, action="unpublish", actor=actor, is_public=False)
    return suggestion


def suggestion_default_public_text(suggestion: Suggestion) -> str:
    """A starting point for the public text: the content with phone numbers masked."""
    return mask_text(suggestion.text)


# -- extensions and due dates --------------------------------------------------------------------


@transaction.atomic
def assignment_extension_request(
    *, assignment: Assignment, amount: int, reason: str, actor: Any
) -> DeadlineExtension:
    """A unit asks for more time; staff decide (calendar engine: deputy suggestions up to 6 months)."""
    _check_officer(actor, assignment)
    if assignment.deadline is None or assignment.status != Assignment.Status.ACTIVE:
        raise DomainError(_("This assignment has no running deadline."))
    extension = calendar_services.extension_request(
        deadline=assignment.deadline, amount=amount, reason=reason, requested_by=actor
    )
    _event(assignment.suggestion, action="extension_requested", actor=actor, note=reason, is_public=False)
    _notify_staff(
        assignment.suggestion,
        subject=_("A unit asks for more time"),
        body=_("Case %(code)s: %(unit)s asks for an extension: %(reason)s")
        % {"code": assignment.suggestion.code, "unit": assignment.unit.name, "reason": reason},
        key=f"extension:{extension.pk}",
    )
    return extension


@transaction.atomic
def assignment_extension_decide(
    *, extension: DeadlineExtension, approve: bool, actor: Any, note: str = ""
) -> DeadlineExtension:
    """Staff decide on an extension; the assignment's copy of the due date follows."""
    extension = calendar_services.extension_decide(
        extension=extension, approve=approve, actor=actor, note=note
    )
    assignments_due_dates_sync(deadline_ids=[extension.deadline_id])
    return extension


def assignments_due_dates_sync(*, deadline_ids: Iterable[int] | None = None) -> int:
    """Copy Deadline.due into Assignment.due_date where they differ (after an extension or a calendar
    change recomputed deadlines). Set-based; returns the number of rows changed."""
    from django.db.models import OuterRef, Subquery

    qs = Assignment.objects.filter(deadline__isnull=False).exclude(due_date=F("deadline__due"))
    if deadline_ids is not None:
        qs = qs.filter(deadline_id__in=list(deadline_ids))
    due = Deadline.objects.filter(pk=OuterRef("deadline_id")).values("due")[:1]
    return Assignment.objects.filter(pk__in=qs.values("pk")).update(due_date=Subquery(due))


# -- personal data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str
    mobile: str
    email: str
    address: str


def contact_reveal(*, suggestion: Suggestion, user: Any, where: str) -> Contact:
    """Show a submitter's unmasked contact to a role that needs it, and log the access (PIPL)."""
    if not can_reveal_contact(user, suggestion):
        raise DomainError(_("You may not see this person's contact details."))
    AccessLog.objects.create(suggestion=suggestion, user=user, where=where[:60])
    return Contact(
        name=suggestion.submitter_name,
        mobile=suggestion.submitter_mobile,
        email=suggestion.submitter_email,
        address=suggestion.address,
    )


def suggestions_anonymise_expired(*, today: datetime.date | None = None) -> int:
    """Remove personal data from cases closed longer ago than the retention period (DOMAIN.md §9,
    3 years by default). Idempotent."""
    today = today or _today()
    cutoff = today - datetime.timedelta(days=conf("SUGGESTIONS_RETENTION_DAYS"))
    qs = Suggestion.objects.filter(
        status__in=(Status.CLOSED, Status.REJECTED, Status.MERGED),
        closed_at__date__lt=cutoff,
        anonymised_at__isnull=True,
    )
    return qs.update(
        submitter_name="", submitter_mobile="", submitter_email="", address="", anonymised_at=timezone.now()
    )


def photo_stash_cleanup(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete photos kept for a failed public submission that was never completed."""
    from django.core.files.storage import default_storage

    from .forms import PHOTO_STASH

    if not default_storage.exists(PHOTO_STASH):
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    folders, _files = default_storage.listdir(PHOTO_STASH)
    for folder in folders:
        path = f"{PHOTO_STASH}/{folder}"
        _sub, names = default_storage.listdir(path)
        if names and all(default_storage.get_modified_time(f"{path}/{n}") < cutoff for n in names):
            for name in names:
                default_storage.delete(f"{path}/{name}")
            removed += 1
    return removed


def pin_matches(suggestion: Suggestion | None, pin: str) -> bool:
    """Compare a PIN in constant time; with no item, still spend the time of one hash check."""
    if suggestion is None:
        make_password(pin or "x")
        return False
    return check_password(pin or "", suggestion.pin_hash)
