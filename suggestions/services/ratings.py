"""Ratings (reopen once), supervision, closing and publication."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from congress import pagecache
from congress.errors import DomainError
from congress.privacy import mask_text
from deputies.models import Deputy

from .. import workflow
from ..conf import conf
from ..models import (
    Assignment,
    Kind,
    Rating,
    Status,
    Suggestion,
    SuggestionEvent,
    Supervision,
)
from ._common import (
    POLICY_REOPENED,
    _check_writable,
    _duty_record,
    _event,
    _notify_staff,
    _notify_unit,
    _today,
    _user,
    deputies_concerned,
)
from .assignment import (
    _end_assignment,
    _start_assignment,
)
from .transition import (
    suggestion_transition,
)

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
        if deputy is None or deputy.pk not in {d.pk for d in deputies_concerned(suggestion)}:
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
    _check_writable(actor, suggestion)
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


def supervisions_open_for_overdue(
    *, assignment_ids: Sequence[int], held_on: datetime.date, note: Promise | str, days: int
) -> int:
    """The very-overdue escalation of many assignments at once (the overdue scan): for each, the
    same supervision record and history event ``supervision_record`` writes — kind *led by a
    committee leader* when the item has a supervising leader, otherwise *routine, deputy-affairs
    office*; method *written reminder* (提醒督办函, 001) — with two set-based INSERTs, however many
    items. ``note`` is a text with ``%(unit)s``, ``%(due)s``, ``%(days)d`` placeholders. The caller
    holds the transaction. Returns the number of records written."""
    if not assignment_ids:
        return 0
    from congress.models import HandlingUnit
    from congress.notifications.reminders import sql_fill

    q = connection.ops.quote_name
    method = Supervision.Method.WRITTEN
    method_label = str(Supervision.Method(method).label)
    labels = {
        kind: str(Supervision.Kind(kind).label) for kind in (Supervision.Kind.LEADER, Supervision.Kind.OFFICE)
    }
    note_sql = sql_fill(
        note,
        columns={"unit": "hu.name", "due": "to_char(a.due_date, 'YYYY-MM-DD')"},
        values={"days": days},
    )
    public_note = _("The committee is supervising the handling (%(method)s).") % {"method": method_label}
    now = timezone.now()
    sql = (
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        f"WITH items AS MATERIALIZED (SELECT a.id, a.suggestion_id, {note_sql.sql} AS note, "  # noqa: S608
        "CASE WHEN s.supervising_leader_id IS NULL THEN %s ELSE %s END AS kind "
        "FROM unnest(%s::bigint[]) AS t(id) "
        f"JOIN {q(Assignment._meta.db_table)} a ON a.id = t.id "
        f"JOIN {q(Suggestion._meta.db_table)} s ON s.id = a.suggestion_id "
        f"JOIN {q(HandlingUnit._meta.db_table)} hu ON hu.id = a.unit_id), "
        f"written AS (INSERT INTO {q(Supervision._meta.db_table)} "
        "(suggestion_id, kind, method, held_on, note, is_case, created_by_id, created_at) "
        "SELECT i.suggestion_id, i.kind, %s, %s, btrim(i.note), false, NULL, %s FROM items i ORDER BY i.id "
        "RETURNING suggestion_id, kind) "
        f"INSERT INTO {q(SuggestionEvent._meta.db_table)} "
        "(suggestion_id, at, actor_id, action, from_state, to_state, note, is_public, public_note) "
        "SELECT w.suggestion_id, %s, NULL, 'supervise', '', '', "
        "CASE WHEN w.kind = %s THEN %s ELSE %s END, true, %s FROM written w"
    )
    params = [
        *note_sql.params,
        Supervision.Kind.OFFICE,
        Supervision.Kind.LEADER,
        [int(pk) for pk in assignment_ids],
        method,
        held_on,
        now,
        now,
        Supervision.Kind.LEADER,
        f"{labels[Supervision.Kind.LEADER]} · {method_label}",
        f"{labels[Supervision.Kind.OFFICE]} · {method_label}",
        public_note,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


@transaction.atomic
def suggestion_close(*, suggestion: Suggestion, actor: Any, note: str = "") -> Suggestion:
    """办结销号 (003:625)."""
    _check_writable(actor, suggestion)
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


@pagecache.bumps(pagecache.CASES)
@transaction.atomic
def suggestion_publish(
    *, suggestion: Suggestion, public_title: str, public_text: str, actor: Any
) -> Suggestion:
    """Publish a closed case with the submitter's consent, personal data removed (003:325–328)."""
    _check_writable(actor, suggestion)
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


@pagecache.bumps(pagecache.CASES)
@transaction.atomic
def suggestion_unpublish(*, suggestion: Suggestion, actor: Any) -> Suggestion:
    _check_writable(actor, suggestion)
    Suggestion.objects.filter(pk=suggestion.pk).update(is_published=False)
    suggestion.refresh_from_db()
    _event(suggestion, action="unpublish", actor=actor, is_public=False)
    return suggestion


def suggestion_default_public_text(suggestion: Suggestion) -> str:
    """A starting point for the public text: the content with phone numbers masked."""
    return mask_text(suggestion.text)
