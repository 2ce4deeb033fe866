"""Committee liaison (双联系, DOMAIN.md §3): standing-committee members each keep in touch with about
5–10 deputies (001, 002:1143, 002:1201) and record their contacts; deputies record their contacts
with constituents. Each contact enters the deputy's duty record."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audit_changes, audit_record, field_snapshot
from congress.bodies import check_body_writable, default_body_for
from congress.errors import DomainError
from congress.services import validated_save

from ..conf import conf
from ..models import CommitteeLink, CommitteeMember, Deputy, DutyRecord, LiaisonContact
from .duty import EntryInput, duty_record_add, duty_records_bulk_add

MEMBER_FIELDS = ("name", "post", "user", "is_active")


def committee_member_create(
    *, name: str, post: str, user: Any = None, body: Any = None, actor: Any = None
) -> CommitteeMember:
    """A member of ``body``'s standing committee (by default the actor's own body)."""
    member = CommitteeMember(
        name=(name or "").strip(), post=(post or "").strip(), user=user, body=body or default_body_for(actor)
    )
    check_body_writable(actor, member.body_id)
    if not member.name:
        raise DomainError(_("Give the name."), field="name")
    with transaction.atomic():
        validated_save(member)
        audit_changes(
            target=member,
            action="create",
            before={},
            after=field_snapshot(member, MEMBER_FIELDS),
            actor=actor,
        )
    return member


def committee_member_update(
    *, member: CommitteeMember, changes: Mapping[str, Any], actor: Any = None
) -> CommitteeMember:
    check_body_writable(actor, member.body_id)
    unknown = set(changes) - set(MEMBER_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": "、".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = CommitteeMember.objects.select_for_update().get(pk=member.pk)
        before = field_snapshot(locked, MEMBER_FIELDS)
        for name, value in changes.items():
            setattr(locked, name, value)
        validated_save(locked)
        audit_changes(
            target=locked,
            action="update",
            before=before,
            after=field_snapshot(locked, MEMBER_FIELDS),
            actor=actor,
        )
    return locked


def committee_link_add(
    *, member: CommitteeMember, deputy: Deputy, since: datetime.date | None = None, actor: Any = None
) -> CommitteeLink:
    """Link a committee member to a deputy they keep in touch with; at most ``LIAISON_MAX_DEPUTIES``
    (10) deputies per member."""
    check_body_writable(actor, member.body_id)
    if deputy.status != Deputy.Status.ACTIVE:
        raise DomainError(_("Only an active deputy can be linked."), field="deputy")
    with transaction.atomic():
        locked = CommitteeMember.objects.select_for_update().get(pk=member.pk)
        existing = CommitteeLink.objects.filter(member=locked, deputy=deputy).first()
        if existing is not None:
            return existing
        most = conf("LIAISON_MAX_DEPUTIES")
        if CommitteeLink.objects.filter(member=locked).count() >= most:
            raise DomainError(
                _("%(member)s already keeps in touch with %(most)s deputies.")
                % {"member": locked.name, "most": most},
                field="deputy",
            )
        link = CommitteeLink.objects.create(member=locked, deputy=deputy, since=since or timezone.localdate())
        audit_record(
            target=locked,
            action="link_add",
            actor=actor,
            note=deputy.name,
            data={"changes": {"deputies": [None, deputy.name]}},
        )
        audit_record(
            target=deputy,
            action="committee_link_add",
            actor=actor,
            note=locked.name,
            data={"changes": {"committee_members": [None, locked.name]}},
        )
    return link


def committee_link_remove(*, link: CommitteeLink, actor: Any = None) -> None:
    check_body_writable(actor, link.member.body_id)
    with transaction.atomic():
        member, deputy = link.member, link.deputy
        link.delete()
        audit_record(
            target=member,
            action="link_remove",
            actor=actor,
            note=deputy.name,
            data={"changes": {"deputies": [deputy.name, None]}},
        )
        audit_record(
            target=deputy,
            action="committee_link_remove",
            actor=actor,
            note=member.name,
            data={"changes": {"committee_members": [member.name, None]}},
        )


def _contact_check(*, on: datetime.date, method: str, summary: str) -> str:
    if on is None:
        raise DomainError(_("Give the date."), field="on")
    if on > timezone.localdate():
        raise DomainError(_("A contact cannot be recorded before it happens."), field="on")
    if method not in LiaisonContact.Method.values:
        raise DomainError(_("Say how you were in touch."), field="method")
    summary = (summary or "").strip()
    if len(summary) < 4:
        raise DomainError(_("Say briefly what was discussed."), field="summary")
    return summary


def committee_contact_record(
    *,
    member: CommitteeMember,
    deputy: Deputy,
    on: datetime.date,
    method: str,
    summary: str,
    actor: Any = None,
) -> LiaisonContact:
    """A committee member was in touch with a deputy they are linked to."""
    check_body_writable(actor, member.body_id)
    summary = _contact_check(on=on, method=method, summary=summary)
    if not CommitteeLink.objects.filter(member=member, deputy=deputy).exists():
        raise DomainError(
            _("%(member)s is not linked to deputy %(deputy)s.")
            % {"member": member.name, "deputy": deputy.name},
            field="deputy",
        )
    with transaction.atomic():
        contact = LiaisonContact.objects.create(
            kind=LiaisonContact.Kind.COMMITTEE,
            member=member,
            deputy=deputy,
            on=on,
            method=method,
            summary=summary,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        duty_record_add(
            deputy=deputy,
            kind=DutyRecord.Kind.COMMITTEE_CONTACT,
            on=on,
            source=contact,
            note=f"{member.name}：{summary}",
            actor=actor,
        )
    return contact


def constituent_contact_record(
    *,
    deputy: Deputy,
    on: datetime.date,
    method: str,
    summary: str,
    people: int = 0,
    actor: Any = None,
) -> LiaisonContact:
    """A deputy records being in touch with constituents. A meeting in the constituency counts as
    the quarterly home visit (季回家, 002:427); any other contact as a contact with constituents."""
    summary = _contact_check(on=on, method=method, summary=summary)
    if people is None or people < 0:
        raise DomainError(_("The number of people cannot be negative."), field="people")
    with transaction.atomic():
        contact = LiaisonContact.objects.create(
            kind=LiaisonContact.Kind.CONSTITUENT,
            deputy=deputy,
            on=on,
            method=method,
            people=people,
            summary=summary,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        duty_record_add(
            deputy=deputy, kind=_entry_kind(contact), on=on, source=contact, note=summary, actor=actor
        )
    return contact


@dataclass(frozen=True)
class ContactInput:
    deputy_id: int
    on: datetime.date
    method: str
    summary: str
    people: int = 0
    member_id: int | None = None  # a committee member's contact when given


def liaison_contacts_bulk_record(*, contacts: Iterable[ContactInput], actor: Any = None) -> int:
    """Record many contacts at once (a register kept on paper, the demo city) with their
    duty-record entries, as ``committee_contact_record`` / ``constituent_contact_record`` would one
    by one."""
    rows = list(contacts)
    for row in rows:
        _contact_check(on=row.on, method=row.method, summary=row.summary)
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        made = LiaisonContact.objects.bulk_create(
            [
                LiaisonContact(
                    kind=LiaisonContact.Kind.COMMITTEE if row.member_id else LiaisonContact.Kind.CONSTITUENT,
                    member_id=row.member_id,
                    deputy_id=row.deputy_id,
                    on=row.on,
                    method=row.method,
                    people=row.people,
                    summary=row.summary.strip(),
                    created_by=created_by,
                )
                for row in rows
            ],
            batch_size=2000,
        )
        content_type_id = ContentType.objects.get_for_model(LiaisonContact).pk
        duty_records_bulk_add(
            entries=[
                EntryInput(
                    deputy_id=contact.deputy_id,
                    kind=_entry_kind(contact),
                    on=contact.on,
                    note=contact.summary[:300],
                    content_type_id=content_type_id,
                    object_id=contact.pk,
                )
                for contact in made
            ],
            actor=actor,
        )
    return len(made)


def _entry_kind(contact: LiaisonContact) -> str:
    if contact.kind == LiaisonContact.Kind.COMMITTEE:
        return DutyRecord.Kind.COMMITTEE_CONTACT
    if contact.method == LiaisonContact.Method.HOME:
        return DutyRecord.Kind.HOME_VISIT
    return DutyRecord.Kind.CONSTITUENT_CONTACT
