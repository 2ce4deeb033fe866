"""Report-back to voters (述职, DOMAIN.md §7; 年述职 002:427, at least once a term 002:819): the
deputy (or staff on their behalf) publishes it, constituents rate it on the public page with a
mobile number verified by an SMS code, one rating per number; the result enters the duty record."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from congress import pagecache
from congress.audit import audit_changes, audit_record, field_snapshot
from congress.bodies import body_id_of, check_body_writable
from congress.errors import DomainError
from congress.ids import public_id
from congress.notifications.services import notify

from ..conf import conf
from ..models import Deputy, DutyRecord, ReportBack, ReportBackCode, ReportBackRating
from .duty import duty_record_add, duty_record_note, duty_record_remove
from .master import MOBILE_RE

EDITABLE_FIELDS = ("kind", "year", "title", "summary", "held_on", "place")
RB = ReportBack.Status


def mobile_digest(mobile: str) -> str:
    """A keyed digest of a mobile number: the same number always gives the same digest, and the
    digest does not give the number back without the site's secret key."""
    return salted_hmac("deputies.report_back.mobile", mobile).hexdigest()


def _code_digest(mobile_key: str, code: str) -> str:
    return salted_hmac("deputies.report_back.code", f"{mobile_key}:{code}").hexdigest()


def normalise_mobile(mobile: str) -> str:
    mobile = (mobile or "").strip().replace(" ", "").replace("-", "")
    if not MOBILE_RE.match(mobile):
        raise DomainError(_("Please give an 11-digit mainland mobile number."), field="mobile")
    return mobile


def report_back_check(report_back: ReportBack) -> None:
    if not (report_back.title or "").strip():
        raise DomainError(_("Give the report-back a title."), field="title")
    if len((report_back.summary or "").strip()) < 20:
        raise DomainError(_("Write the report (at least 20 characters)."), field="summary")
    if not (report_back.place or "").strip():
        raise DomainError(_("Say where the report-back is held."), field="place")
    if report_back.held_on is None:
        raise DomainError(_("Give the date."), field="held_on")
    if report_back.year and report_back.year > report_back.held_on.year:
        raise DomainError(_("A report-back cannot report on a later year than it is held in."), field="year")


def report_back_create(
    *,
    deputy: Deputy,
    title: str,
    summary: str,
    held_on: datetime.date,
    place: str,
    year: int | None = None,
    kind: str = ReportBack.Kind.ANNUAL,
    actor: Any = None,
) -> ReportBack:
    """A draft report-back; the deputy edits it until it is published."""
    check_body_writable(actor, body_id_of(deputy))
    if kind not in ReportBack.Kind.values:
        raise DomainError(_("Unknown kind of report-back."), field="kind")
    report_back = ReportBack(
        deputy=deputy,
        slug=public_id(),
        kind=kind,
        year=year or (held_on.year if held_on else timezone.localdate().year),
        title=(title or "").strip(),
        summary=(summary or "").strip(),
        held_on=held_on,
        place=(place or "").strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    report_back_check(report_back)
    with transaction.atomic():
        report_back.save()
        audit_changes(
            target=report_back,
            action="create",
            before={},
            after=field_snapshot(report_back, EDITABLE_FIELDS),
            actor=actor,
        )
    return report_back


def report_back_update(
    *, report_back: ReportBack, changes: Mapping[str, Any], actor: Any = None
) -> ReportBack:
    """Edit a draft. Once published the text is what voters rated, so it no longer changes."""
    check_body_writable(actor, body_id_of(report_back))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": "、".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = ReportBack.objects.select_for_update().get(pk=report_back.pk)
        if locked.status != RB.DRAFT:
            raise DomainError(_("A published report-back can no longer be edited."))
        before = field_snapshot(locked, EDITABLE_FIELDS)
        for name, value in changes.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        report_back_check(locked)
        locked.save()
        audit_changes(
            target=locked,
            action="update",
            before=before,
            after=field_snapshot(locked, EDITABLE_FIELDS),
            actor=actor,
        )
    return locked


def result_note(report_back: ReportBack) -> str:
    """The rating result as the duty record shows it."""
    if not report_back.ratings_total:
        return _("%(title)s (not rated yet)") % {"title": report_back.title}
    return _("%(title)s: satisfied %(s)s, basically satisfied %(b)s, unsatisfied %(u)s") % {
        "title": report_back.title,
        "s": report_back.satisfied,
        "b": report_back.basically,
        "u": report_back.unsatisfied,
    }


@pagecache.bumps(pagecache.DIRECTORY)
def report_back_publish(
    *, report_back: ReportBack, actor: Any = None, today: datetime.date | None = None
) -> ReportBack:
    """Publish a held report-back: its public page opens for rating for ``REPORT_BACK_RATING_DAYS``
    days and the report-back enters the duty record on the day it was held."""
    check_body_writable(actor, body_id_of(report_back))
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = (
            ReportBack.objects.select_for_update(of=("self",)).select_related("deputy").get(pk=report_back.pk)
        )
        if locked.status != RB.DRAFT:
            raise DomainError(_("Only a draft can be published."), field="status")
        report_back_check(locked)
        if locked.held_on > today:
            raise DomainError(_("Publish the report-back once it has been held."), field="held_on")
        locked.status = RB.PUBLISHED
        locked.published_at = timezone.now()
        locked.rating_closes_on = today + datetime.timedelta(days=conf("REPORT_BACK_RATING_DAYS"))
        locked.save(update_fields=["status", "published_at", "rating_closes_on"])
        audit_record(target=locked, action="publish", actor=actor, from_state=RB.DRAFT, to_state=RB.PUBLISHED)
        duty_record_add(
            deputy=locked.deputy,
            kind=DutyRecord.Kind.REPORT_BACK,
            on=locked.held_on,
            source=locked,
            note=result_note(locked),
            actor=actor,
        )
    report_back.status, report_back.rating_closes_on = locked.status, locked.rating_closes_on
    return locked


@pagecache.bumps(pagecache.DIRECTORY)
def report_back_withdraw(*, report_back: ReportBack, reason: str, actor: Any = None) -> ReportBack:
    """Staff withdraw a report-back published by mistake: its page closes and the duty-record entry
    goes (the ratings stay, for the record)."""
    check_body_writable(actor, body_id_of(report_back))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the report-back is withdrawn."), field="reason")
    with transaction.atomic():
        locked = (
            ReportBack.objects.select_for_update(of=("self",)).select_related("deputy").get(pk=report_back.pk)
        )
        if locked.status == RB.WITHDRAWN:
            return locked
        previous = locked.status
        locked.status = RB.WITHDRAWN
        locked.save(update_fields=["status"])
        duty_record_remove(deputy=locked.deputy, kind=DutyRecord.Kind.REPORT_BACK, source=locked)
        audit_record(
            target=locked,
            action="withdraw",
            actor=actor,
            from_state=previous,
            to_state=RB.WITHDRAWN,
            note=reason,
        )
    return locked


def _open_for_rating(report_back: ReportBack, today: datetime.date) -> None:
    if report_back.status != RB.PUBLISHED:
        raise DomainError(_("This report-back is not open for rating."))
    if report_back.rating_closes_on and today > report_back.rating_closes_on:
        raise DomainError(_("Rating closed on %(day)s.") % {"day": report_back.rating_closes_on.isoformat()})


def report_back_code_send(*, report_back: ReportBack, mobile: str) -> ReportBackCode:
    """Send a verification code by SMS (through the notifications outbox) to a number that has not
    rated this report-back yet; one code a minute per number."""
    mobile = normalise_mobile(mobile)
    now = timezone.now()
    _open_for_rating(report_back, timezone.localdate(now))
    key = mobile_digest(mobile)
    if ReportBackRating.objects.filter(report_back=report_back, mobile_digest=key).exists():
        raise DomainError(_("This mobile number has already rated this report-back."), field="mobile")
    interval = datetime.timedelta(seconds=conf("REPORT_BACK_CODE_INTERVAL_SECONDS"))
    if ReportBackCode.objects.filter(
        report_back=report_back, mobile_digest=key, created_at__gt=now - interval
    ).exists():
        raise DomainError(
            _("A code was just sent; please wait a minute before asking again."), field="mobile"
        )
    length = conf("REPORT_BACK_CODE_LENGTH")
    code = "".join(secrets.choice("0123456789") for _i in range(length))
    with transaction.atomic():
        sent = ReportBackCode.objects.create(
            report_back=report_back,
            mobile_digest=key,
            code_digest=_code_digest(key, code),
            expires_at=now + datetime.timedelta(minutes=conf("REPORT_BACK_CODE_MINUTES")),
        )
        notify(
            channel="sms",
            subject=_("Verification code"),
            body=_(
                "Your code for rating the report-back of deputy %(name)s is %(code)s, "
                "valid %(minutes)s minutes."
            )
            % {"name": report_back.deputy.name, "code": code, "minutes": conf("REPORT_BACK_CODE_MINUTES")},
            to_address=mobile,
            about=report_back,
            kind="deputies.report_back_code",
            link=reverse("report-back-public", args=[report_back.slug]),
        )
    return sent


def _code_accepted(*, report_back: ReportBack, key: str, code: str, now: datetime.datetime) -> ReportBackCode:
    """The live code of this number if ``code`` matches it. A wrong try is counted and committed on
    its own, so refusing the rating does not undo the count."""
    with transaction.atomic():
        sent = (
            ReportBackCode.objects.select_for_update()
            .filter(report_back=report_back, mobile_digest=key, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at", "-pk")
            .first()
        )
        if sent is None or sent.attempts >= conf("REPORT_BACK_CODE_ATTEMPTS"):
            raise DomainError(_("The code has expired; ask for a new one."), field="code")
        matches = bool(code) and constant_time_compare(sent.code_digest, _code_digest(key, code))
        if not matches:
            ReportBackCode.objects.filter(pk=sent.pk).update(attempts=F("attempts") + 1)
    if not matches:
        raise DomainError(_("The code is not right; check the SMS and try again."), field="code")
    return sent


def report_back_rate(*, report_back: ReportBack, mobile: str, code: str, value: str) -> ReportBackRating:
    """Record one constituent's rating after checking the SMS code. A wrong code counts against the
    code (``REPORT_BACK_CODE_ATTEMPTS`` tries); a number rates a report-back once."""
    mobile = normalise_mobile(mobile)
    if value not in ReportBack.Value.values:
        raise DomainError(_("Choose satisfied, basically satisfied or unsatisfied."), field="value")
    now = timezone.now()
    _open_for_rating(report_back, timezone.localdate(now))
    key = mobile_digest(mobile)
    sent = _code_accepted(report_back=report_back, key=key, code=(code or "").strip(), now=now)
    with transaction.atomic():
        locked = (
            ReportBack.objects.select_for_update(of=("self",)).select_related("deputy").get(pk=report_back.pk)
        )
        _open_for_rating(locked, timezone.localdate(now))
        try:
            with transaction.atomic():
                rating = ReportBackRating.objects.create(report_back=locked, mobile_digest=key, value=value)
        except IntegrityError:
            raise DomainError(
                _("This mobile number has already rated this report-back."), field="mobile"
            ) from None
        ReportBackCode.objects.filter(pk=sent.pk).update(used_at=now)
        report_back_tally_refresh(report_back=locked)
    return rating


def report_back_tally_refresh(*, report_back: ReportBack) -> ReportBack:
    """Count the ratings again and write the result into the report-back and its duty-record entry.
    Call it inside a transaction that holds the report-back's row lock (or where nobody rates)."""
    counts = dict(
        ReportBackRating.objects.filter(report_back=report_back)
        .values_list("value")
        .annotate(n=Count("pk"))
        .values_list("value", "n")
    )
    for value in ReportBack.Value.values:
        setattr(report_back, value, counts.get(value, 0))
    report_back.save(update_fields=list(ReportBack.Value.values))
    duty_record_note(
        deputy=report_back.deputy,
        kind=DutyRecord.Kind.REPORT_BACK,
        source=report_back,
        note=result_note(report_back),
    )
    return report_back
