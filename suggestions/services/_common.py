"""Shared helpers of the suggestion services: notifications, events, deadlines, codes."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.calendar import services as calendar_services
from congress.calendar.models import Deadline
from congress.ids import UNAMBIGUOUS, public_id
from congress.models import UnitOfficer
from congress.notifications.services import Message, notify, notify_many
from congress.notifications.wechat import wechat_sends
from deputies.models import Deputy

from ..conf import conf
from ..kinds import kind_code
from ..models import (
    Assignment,
    Channel,
    Suggestion,
    SuggestionEvent,
)
from ..workflow import ACTION_LABELS

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# A WeChat openid: 28 characters today; letters, digits, - and _ (WeChat documents no fixed length).
OPENID_RE = re.compile(r"^[A-Za-z0-9_-]{6,64}$")
PUBLIC_CHANNELS = (Channel.WEB, Channel.QR, Channel.API)

# Deadline policy codes (seeded by the calendar app, editable by staff).
POLICY_TRIAGE = "opinion.triage"
POLICY_OPINION_REPLY = "opinion.reply"
POLICY_DEPUTY_REPLY = "deputy_suggestion.reply"
POLICY_CO_VIEWS = "co_unit.views"
POLICY_REOPENED = "reopened.reply"
POLICY_RETURN_WINDOW = "assignment.return_window"
# Overall feedback to a citizen within one month of receipt (002:585); a reply or a refusal meets it.
POLICY_FEEDBACK = "opinion.feedback"


# -- helpers --------------------------------------------------------------------------------------


def _today() -> datetime.date:
    return timezone.localdate()


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_writable(actor: Any, suggestion: Suggestion) -> None:
    """Committee staff and leaders write only for their own bodies: an ancestor body reads a
    descendant's item but may not change it (docs/bodies.md). Other actors (units, deputies, the
    submitter, the system) are checked by their own rules."""
    from congress.bodies import can_write_body

    from ..querysets import is_committee

    if _user(actor) is None or not is_committee(actor) or can_write_body(actor, suggestion.body_id):
        return
    from congress.errors import DomainError

    raise DomainError(_("This item is handled by another body: you may only read it."), code="body_read_only")


def _check_category(category: Any, body: Any) -> None:
    """An item carries a category its body uses: a shared one, its body's own or an ancestor's own
    (docs/bodies.md); a sibling's or a lower body's is refused, whatever the interface."""
    from congress.errors import DomainError
    from congress.selectors import category_usable_by

    if category is not None and not category_usable_by(category, body):
        raise DomainError(
            _("This category is not one this body uses: choose one from the list."), field="category"
        )


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
    # Every step in a history has a plain-language name (workflow.ACTION_LABELS): a new kind of
    # event without one would show its code to staff and to the submitter.
    if action not in ACTION_LABELS:
        raise ValueError(f"history event {action!r} has no label in workflow.ACTION_LABELS")
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


def _suggestion_type_id() -> int:
    return int(ContentType.objects.get_for_model(Suggestion).pk)


def submitter_addresses(suggestion: Suggestion, *, kind: str) -> list[tuple[str, str]]:
    """Where a message of ``kind`` to the submitter goes: (channel, address) for the SMS, the e-mail
    and, when the portal sends this kind to WeChat, the mini-program's subscribe message."""
    addresses = [("sms", suggestion.submitter_mobile), ("email", suggestion.submitter_email)]
    if suggestion.submitter_openid and wechat_sends(kind):
        addresses.append(("wechat", suggestion.submitter_openid))
    return [(channel, address) for channel, address in addresses if address]


def _submitter_messages(suggestion: Suggestion, *, subject: str, body: str, key: str) -> list[Message]:
    """SMS, email and WeChat to the submitter: the tracking code and what happened, never the content."""
    return [
        Message(
            channel=channel,
            subject=subject,
            body=body,
            to_address=address,
            content_type_id=_suggestion_type_id(),
            object_id=suggestion.pk,
            kind=kind_code(key),
            link=_track_link(),
            dedupe_key=f"suggestion:{suggestion.pk}:{key}:{channel}",
        )
        for channel, address in submitter_addresses(suggestion, kind=kind_code(key))
    ]


def _notify_submitter(suggestion: Suggestion, *, subject: str, body: str, key: str) -> None:
    """The submitter's SMS, email and WeChat message in one insert (a repeat with the same key sends
    nothing)."""
    notify_many(_submitter_messages(suggestion, subject=subject, body=body, key=key))


def deputies_concerned(suggestion: Suggestion) -> list[Deputy]:
    """Deputies who raised or were addressed by an item: they receive replies and may rate."""
    found: dict[int, Deputy] = {}
    for deputy in (suggestion.lead_deputy, suggestion.deputy, suggestion.handed_to):
        if deputy is not None:
            found[deputy.pk] = deputy
    for deputy in suggestion.cosigners.all():
        found[deputy.pk] = deputy
    return list(found.values())


def _notify_deputies(suggestion: Suggestion, *, subject: str, body: str, key: str) -> None:
    for deputy in deputies_concerned(suggestion):
        account = deputy.account  # the second seat of a two-level deputy: the login's account
        if account is not None:
            notify(
                channel="in_app",
                subject=subject,
                body=body,
                recipient=account,
                about=suggestion,
                kind=kind_code(key),
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
            kind=kind_code(key),
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
            kind=kind_code(key),
            link=link,
            dedupe_key=f"assignment:{assignment.pk}:{key}:email",
        )


def _notify_staff(suggestion: Suggestion, *, subject: str, body: str, key: str) -> None:
    """In-app notice to committee staff (returns, extension requests, supervision cases)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from congress import roles
    from congress.models import Body

    link = reverse("admin:suggestions_suggestion_case", args=[suggestion.pk])
    # The staff of the body that handles the item (while there is one body, also staff who hold
    # no role row: docs/bodies.md), never another body's.
    mine = Q(body_roles__body_id=suggestion.body_id, body_roles__role=roles.COMMITTEE_STAFF)
    if not Body.objects.exclude(id=suggestion.body_id or 0).exists():
        mine |= Q(body_roles__isnull=True)
    staff = get_user_model().objects.filter(mine, groups__name=roles.COMMITTEE_STAFF, is_active=True)
    for user in staff.distinct().order_by("pk"):
        notify(
            channel="in_app",
            subject=subject,
            body=body,
            recipient=user,
            about=suggestion,
            kind=kind_code(key),
            link=link,
            dedupe_key=f"suggestion:{suggestion.pk}:{key}:staff:{user.pk}",
        )


def _close_deadline(deadline_id: int | None, actor: Any = None) -> None:
    if deadline_id is None:
        return
    deadline = Deadline.objects.filter(pk=deadline_id).first()
    if deadline is not None and deadline.is_open:
        calendar_services.deadline_close(deadline=deadline, actor=actor)


def _close_feedback_clock(suggestion: Suggestion, actor: Any = None) -> None:
    from congress.calendar.selectors import deadline_for

    deadline = deadline_for(suggestion, POLICY_FEEDBACK)
    if deadline is not None:
        calendar_services.deadline_close(deadline=deadline, actor=actor)


def _new_code() -> str:
    length = conf("SUGGESTIONS_CODE_LENGTH")
    for _attempt in range(10):
        code = public_id(length).upper()
        if not Suggestion.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not draw a free tracking code")


def normalise_code(code: str) -> str:
    """Tracking codes are typed by people: ignore case, spaces and dashes."""
    return re.sub(r"[^0-9A-Za-z]", "", code or "").upper()[:12]


def code_is_wellformed(code: str) -> bool:
    allowed = set(UNAMBIGUOUS.upper())
    return bool(code) and all(ch in allowed for ch in code)
