"""Master data of deputies: the one way to create a deputy, change the profile, end the term or
change the status (DOMAIN.md §4: active, resigned, removed, deceased, term ended — "代表退出和增补
机制", 001). The API, the admin and the spreadsheet import all call these; every change writes an
audit event with the before/after of the changed fields."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import pagecache, roles
from congress.audit import audit_changes, audit_creations, field_snapshot, plain_value
from congress.bodies import check_body_writable
from congress.errors import DomainError, RowErrors
from congress.ids import public_id
from congress.models import Area, Term
from congress.services import domain_error_from, validated_save

from ..models import Delegation, Deputy, DeputyGroup

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")

PROFILE_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_year",
    "party",
    "education",
    "occupation",
    "work_unit",
    "title",
    "is_official",
    "level",
    "term",
    "constituency",
    "area",
    "delegation",
    "expertise",
    "photo",
    "phone",
    "phone_is_public",
    "email",
    "pledges",
    "elected_on",
    "user",
    "id_card_digest",
)
M2M_FIELDS = ("groups",)
STATUS_FIELDS = ("status", "status_since", "status_reason")
AUDITED_FIELDS = (*PROFILE_FIELDS, *M2M_FIELDS, *STATUS_FIELDS)

S = Deputy.Status
# The allowed status moves. A deputy who resigned or was removed can be reinstated when the decision
# is reversed; a deputy whose term ended is active again when re-elected; death is final.
STATUS_MOVES: dict[str, set[str]] = {
    S.ACTIVE: {S.RESIGNED, S.REMOVED, S.DECEASED, S.TERM_ENDED},
    S.TERM_ENDED: {S.ACTIVE},
    S.RESIGNED: {S.ACTIVE},
    S.REMOVED: {S.ACTIVE},
    S.DECEASED: set(),
}
# Leaving the active status needs a reason, except at the end of the term (届满).
REASON_NEEDED = {S.RESIGNED, S.REMOVED, S.DECEASED}


def deputy_check(deputy: Deputy) -> None:
    """The rules a deputy's profile must satisfy beyond its field types; the admin form runs them
    before saving so a refusal is a form error."""
    this_year = timezone.localdate().year
    if deputy.birth_year and not 1900 <= deputy.birth_year <= this_year - 18:
        raise DomainError(
            _("Give a birth year between 1900 and %(year)s.") % {"year": this_year - 18}, field="birth_year"
        )
    if deputy.phone and not MOBILE_RE.match(deputy.phone):
        raise DomainError(_("Please give an 11-digit mainland mobile number."), field="phone")
    if deputy.phone_is_public and not deputy.phone:
        raise DomainError(_("There is no phone number to publish."), field="phone_is_public")
    term = deputy.term if deputy.term_id else None
    if term is not None and deputy.level and term.level != deputy.level:
        raise DomainError(
            _("The term %(term)s is not of the %(level)s level.")
            % {"term": term.name, "level": Deputy.Level(deputy.level).label},
            field="term",
        )
    delegation, area = deputy.delegation, deputy.area
    if delegation is not None and term is not None and delegation.term_id != term.pk:
        raise DomainError(_("The delegation belongs to another term."), field="delegation")
    if area is not None and area.level != Area.Level.DISTRICT:
        raise DomainError(_("Choose a district or county."), field="area")
    if deputy.user_id:
        taken = Deputy.objects.filter(user_id=deputy.user_id).exclude(pk=deputy.pk).first()
        if taken is not None:
            raise DomainError(
                _("This account is already linked to deputy %(name)s.") % {"name": taken.name}, field="user"
            )


def _grant_dashboard(deputy: Deputy) -> None:
    """Linking an account makes it a deputy's account: the dashboard opens (role and link)."""
    if deputy.user_id:
        roles.role_grant(user=deputy.user, code=roles.DEPUTY)


def _deputy_build(
    *,
    name: str,
    gender: str,
    birth_year: int,
    party: str,
    education: str,
    occupation: str,
    work_unit: str,
    level: str,
    term: Term,
    constituency: str,
    ethnicity: str = "汉族",
    title: str = "",
    is_official: bool = False,
    area: Area | None = None,
    delegation: Delegation | None = None,
    expertise: Iterable[str] = (),
    photo: Any = None,
    phone: str = "",
    phone_is_public: bool = False,
    email: str = "",
    pledges: str = "",
    elected_on: datetime.date | None = None,
    status: str = S.ACTIVE,
    status_since: datetime.date | None = None,
    status_reason: str = "",
    user: Any = None,
    slug: str = "",
    id_card_digest: str = "",
) -> Deputy:
    """A new, unsaved deputy from the values of ``deputy_create`` (normalised, status checked)."""
    deputy = Deputy(
        name=(name or "").strip(),
        slug=slug or public_id(),
        gender=gender,
        ethnicity=(ethnicity or "汉族").strip(),
        birth_year=birth_year,
        party=party,
        education=education,
        occupation=occupation,
        work_unit=(work_unit or "").strip(),
        title=(title or "").strip(),
        is_official=is_official,
        level=level,
        term=term,
        constituency=(constituency or "").strip(),
        area=area,
        delegation=delegation,
        expertise=[tag.strip() for tag in expertise or () if tag and tag.strip()],
        phone=(phone or "").strip().replace(" ", ""),
        phone_is_public=phone_is_public,
        email=(email or "").strip(),
        pledges=pledges or "",
        elected_on=elected_on,
        status=status or S.ACTIVE,
        status_since=status_since,
        status_reason=(status_reason or "").strip(),
        user=user,
        id_card_digest=id_card_digest,
    )
    if photo:
        deputy.photo = photo
    if deputy.status not in S.values:
        raise DomainError(_("Unknown status."), field="status")
    return deputy


@pagecache.bumps(pagecache.DIRECTORY)
def deputy_create(
    *,
    name: str,
    gender: str,
    birth_year: int,
    party: str,
    education: str,
    occupation: str,
    work_unit: str,
    level: str,
    term: Term,
    constituency: str,
    ethnicity: str = "汉族",
    title: str = "",
    is_official: bool = False,
    area: Area | None = None,
    delegation: Delegation | None = None,
    groups: Iterable[DeputyGroup] = (),
    expertise: Iterable[str] = (),
    photo: Any = None,
    phone: str = "",
    phone_is_public: bool = False,
    email: str = "",
    pledges: str = "",
    elected_on: datetime.date | None = None,
    status: str = S.ACTIVE,
    status_since: datetime.date | None = None,
    status_reason: str = "",
    user: Any = None,
    slug: str = "",
    id_card_digest: str = "",
    actor: Any = None,
) -> Deputy:
    """Add a deputy (a by-election, 增补, or the start of a term). The public identifier is new and
    never reused."""
    check_body_writable(actor, term.body_id)
    deputy = _deputy_build(
        name=name,
        gender=gender,
        birth_year=birth_year,
        party=party,
        education=education,
        occupation=occupation,
        work_unit=work_unit,
        level=level,
        term=term,
        constituency=constituency,
        ethnicity=ethnicity,
        title=title,
        is_official=is_official,
        area=area,
        delegation=delegation,
        expertise=expertise,
        photo=photo,
        phone=phone,
        phone_is_public=phone_is_public,
        email=email,
        pledges=pledges,
        elected_on=elected_on,
        status=status,
        status_since=status_since,
        status_reason=status_reason,
        user=user,
        slug=slug,
        id_card_digest=id_card_digest,
    )
    deputy_check(deputy)
    with transaction.atomic():
        validated_save(deputy)
        deputy.groups.set(list(groups))
        _grant_dashboard(deputy)
        audit_changes(
            target=deputy,
            action="create",
            before={},
            after=field_snapshot(deputy, AUDITED_FIELDS),
            actor=actor,
        )
    return deputy


def _bulk_validate(deputy: Deputy) -> None:
    """``deputy_check`` and the model's field validation of one new deputy, without a query: the
    related rows are the objects the caller looked up (a stale one fails the insert's foreign key),
    and the account and public identifier are checked for the whole batch at once."""
    account, deputy.user_id = deputy.user_id, None
    try:
        deputy_check(deputy)
    finally:
        deputy.user_id = account
    known = [
        name
        for name in ("term", "area", "delegation", "user")
        if getattr(deputy, f"{name}_id") is not None and getattr(deputy, name).pk is not None
    ]
    try:
        deputy.full_clean(exclude=known, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise domain_error_from(error) from error


@pagecache.bumps(pagecache.DIRECTORY)
def deputies_bulk_create(*, rows: Sequence[Mapping[str, Any]], actor: Any = None) -> list[Deputy]:
    """Add many deputies at once (the spreadsheet import of a new term: thousands of rows) with the
    same rules, results and audit events as ``deputy_create`` row by row, but a fixed number of
    statements: the rows are validated first, then written with bulk inserts (deputies, their
    groups, the audit events). All or nothing: when any row is refused, nothing is written and
    ``RowErrors`` names every refused row by its index in ``rows``."""
    errors: dict[int, DomainError] = {}
    deputies: list[Deputy] = []
    groups: list[list[DeputyGroup]] = []
    for index, values in enumerate(rows):
        values = dict(values)
        groups.append(list(values.pop("groups", None) or ()))
        try:
            deputy = _deputy_build(**values)
            check_body_writable(actor, getattr(deputy.term, "body_id", None))
            _bulk_validate(deputy)
        except DomainError as error:
            errors[index] = error
            deputy = Deputy()
        deputies.append(deputy)
    unique = Deputy._meta.get_field("slug")
    seen: dict[str, int] = {}
    for index, deputy in enumerate(deputies):
        if index not in errors and deputy.slug:
            if deputy.slug in seen:
                errors[index] = DomainError(
                    _("This public identifier appears twice in the file."), field="slug"
                )
            seen.setdefault(deputy.slug, index)
    taken = set(Deputy.objects.filter(slug__in=list(seen)).values_list("slug", flat=True))
    accounts: dict[int, int] = {}  # account -> the first row that links it
    for index, deputy in enumerate(deputies):
        if index not in errors and deputy.user_id:
            accounts.setdefault(deputy.user_id, index)
    linked = dict(Deputy.objects.filter(user_id__in=list(accounts)).values_list("user_id", "name"))
    for index, deputy in enumerate(deputies):
        if index in errors:
            continue
        if deputy.slug in taken:
            message = deputy.unique_error_message(Deputy, [unique.name]).messages[0]
            errors[index] = DomainError(message, field="slug")
        elif deputy.user_id in linked:
            errors[index] = DomainError(
                _("This account is already linked to deputy %(name)s.") % {"name": linked[deputy.user_id]},
                field="user",
            )
        elif deputy.user_id and accounts[deputy.user_id] != index:
            errors[index] = DomainError(_("This account is linked to two rows."), field="user")
    if errors:
        raise RowErrors(errors)
    with transaction.atomic():
        Deputy.objects.bulk_create(deputies, batch_size=1000)
        through = Deputy.groups.through
        through.objects.bulk_create(
            [
                through(deputy_id=deputy.pk, deputygroup_id=group.pk)
                for deputy, chosen in zip(deputies, groups, strict=True)
                for group in {group.pk: group for group in chosen}.values()
            ],
            batch_size=5000,
        )
        for deputy in deputies:
            _grant_dashboard(deputy)
        fields = (*PROFILE_FIELDS, *STATUS_FIELDS)
        audit_creations(
            targets=[
                (deputy, {**field_snapshot(deputy, fields), "groups": plain_value(chosen)})
                for deputy, chosen in zip(deputies, groups, strict=True)
            ],
            actor=actor,
        )
    return deputies


@pagecache.bumps(pagecache.DIRECTORY)
def deputy_update(*, deputy: Deputy, changes: Mapping[str, Any], actor: Any = None) -> Deputy:
    """Change a deputy's profile. ``changes`` maps field names to new values (``groups`` to the new
    list of groups). A new status goes through ``deputy_status_change``, so the status table and
    its reasons apply whichever interface the change came from."""
    changes = dict(changes)
    status_changes = {name: changes.pop(name) for name in STATUS_FIELDS if name in changes}
    unknown = set(changes) - set(PROFILE_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": "、".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = (
            Deputy.objects.select_for_update(of=("self",))
            .select_related("term", "delegation", "area")
            .get(pk=deputy.pk)
        )
        # A deputy is changed by the body whose congress elected them, and moved only between terms
        # of bodies the actor writes for (docs/bodies.md).
        check_body_writable(actor, locked.term.body_id)
        if changes.get("term") is not None:
            check_body_writable(actor, changes["term"].body_id)
        before = field_snapshot(locked, (*PROFILE_FIELDS, *M2M_FIELDS))
        previous_user = locked.user_id
        groups = changes.pop("groups", None)
        for name, value in changes.items():
            if name == "photo" and not value:
                continue
            setattr(locked, name, value)
        if "phone" in changes:
            locked.phone = (locked.phone or "").strip().replace(" ", "")
        deputy_check(locked)
        validated_save(locked)
        if groups is not None:
            locked.groups.set(list(groups))
        if locked.user_id and locked.user_id != previous_user:
            _grant_dashboard(locked)
        audit_changes(
            target=locked,
            action="update",
            before=before,
            after=field_snapshot(locked, (*PROFILE_FIELDS, *M2M_FIELDS)),
            actor=actor,
        )
        new_status = status_changes.get("status", locked.status)
        if new_status != locked.status:
            locked = deputy_status_change(
                deputy=locked,
                to_status=new_status,
                on=status_changes.get("status_since") or timezone.localdate(),
                reason=status_changes.get("status_reason") or "",
                actor=actor,
            )
        elif status_changes:
            # Same status, corrected date or reason: an ordinary audited change.
            before_status = field_snapshot(locked, STATUS_FIELDS)
            for name, value in status_changes.items():
                setattr(locked, name, value if name != "status_reason" else (value or "").strip())
            validated_save(locked)
            audit_changes(
                target=locked,
                action="update",
                before=before_status,
                after=field_snapshot(locked, STATUS_FIELDS),
                actor=actor,
            )
    deputy.refresh_from_db()
    return locked


def deputy_status_check(*, from_status: str, to_status: str, on: datetime.date | None, reason: str) -> None:
    """Whether a status move is allowed (the table ``STATUS_MOVES``, a reason where one is needed,
    a date not in the future)."""
    if to_status not in S.values:
        raise DomainError(_("Unknown status."), field="status")
    if to_status not in STATUS_MOVES[from_status]:
        raise DomainError(
            _("A deputy who is %(from)s cannot become %(to)s.")
            % {"from": S(from_status).label, "to": S(to_status).label},
            field="status",
        )
    if to_status in REASON_NEEDED and not (reason or "").strip():
        raise DomainError(_("Give the reason for the change of status."), field="status_reason")
    if on and on > timezone.localdate():
        raise DomainError(_("The date of the change cannot be in the future."), field="status_since")


@pagecache.bumps(pagecache.DIRECTORY)
def deputy_status_change(
    *, deputy: Deputy, to_status: str, on: datetime.date, reason: str = "", actor: Any = None
) -> Deputy:
    """Move a deputy to another status (resignation, removal, death, end of term, reinstatement):
    lock the row, check the table ``STATUS_MOVES``, save the date and reason, audit."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Deputy.objects.select_for_update().select_related("term").get(pk=deputy.pk)
        check_body_writable(actor, locked.term.body_id)
        deputy_status_check(from_status=locked.status, to_status=to_status, on=on, reason=reason)
        if to_status == S.TERM_ENDED and not reason:
            reason = _("Term ended")
        before = field_snapshot(locked, STATUS_FIELDS)
        previous = locked.status
        locked.status, locked.status_since, locked.status_reason = to_status, on, reason[:200]
        locked.save(update_fields=["status", "status_since", "status_reason"])
        audit_changes(
            target=locked,
            action="status_change",
            before=before,
            after=field_snapshot(locked, STATUS_FIELDS),
            actor=actor,
            from_state=previous,
            to_state=to_status,
            note=reason,
        )
    deputy.status, deputy.status_since, deputy.status_reason = locked.status, on, locked.status_reason
    return locked


def deputies_term_end(*, term: Term, on: datetime.date, actor: Any = None) -> int:
    """The term is over (届满): every active deputy of it becomes "term ended", each audited."""
    check_body_writable(actor, term.body_id)
    ended = 0
    with transaction.atomic():
        for deputy in Deputy.objects.filter(term=term, status=S.ACTIVE).order_by("pk"):
            deputy_status_change(deputy=deputy, to_status=S.TERM_ENDED, on=on, actor=actor)
            ended += 1
    return ended
