"""A person who sits in two congresses (a city deputy elected to a district's congress too,
DOMAIN.md §11): one ``Deputy`` row per seat, each in its own term, so each body's voter roll,
ballots and duty record count the seat that belongs to them; one login, kept on the first seat,
which the second seat points at (``Deputy.seat_of``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from congress import pagecache
from congress.audit import audit_record
from congress.bodies import check_body_writable
from congress.errors import DomainError
from congress.models import Term

from ..models import Deputy
from .master import deputy_create


@pagecache.bumps(pagecache.DIRECTORY)
def deputy_second_seat_create(
    *,
    deputy: Deputy,
    term: Term,
    constituency: str,
    elected_on: datetime.date | None = None,
    actor: Any = None,
) -> Deputy:
    """Record that ``deputy``'s person also sits in ``term``'s congress: a new seat with the same
    personal details, in that term and at its level, pointing at the seat that holds the login.
    Refused for a term the person already sits in, for a body without a congress, and for a seat
    that itself points at another (one person, one login seat)."""
    # The new seat is a row of the term's body: only that body's writers add it (the district that
    # elected a city deputy to its congress records the seat).
    check_body_writable(actor, term.body_id)
    if deputy.seat_of_id:
        raise DomainError(
            _("Add the other seat to %(name)s's seat that holds the login.") % {"name": deputy.name},
            field="deputy",
        )
    if not term.body.has_congress:
        raise DomainError(
            _("%(body)s has no people's congress of its own: no one sits in it as a deputy.")
            % {"body": term.body.name},
            field="term",
        )
    seats = Deputy.objects.filter(pk=deputy.pk) | Deputy.objects.filter(seat_of_id=deputy.pk)
    if seats.filter(term=term).exists():
        raise DomainError(
            _("%(name)s already sits in %(term)s.") % {"name": deputy.name, "term": term.name}, field="term"
        )
    with transaction.atomic():
        seat = deputy_create(
            name=deputy.name,
            gender=deputy.gender,
            birth_year=deputy.birth_year,
            party=deputy.party,
            education=deputy.education,
            occupation=deputy.occupation,
            work_unit=deputy.work_unit,
            level=term.level,
            term=term,
            constituency=constituency,
            ethnicity=deputy.ethnicity,
            title=deputy.title,
            is_official=deputy.is_official,
            area=deputy.area,
            expertise=deputy.expertise,
            phone=deputy.phone,
            phone_is_public=deputy.phone_is_public,
            email=deputy.email,
            elected_on=elected_on,
            actor=actor,
        )
        Deputy.objects.filter(pk=seat.pk).update(seat_of=deputy)
        seat.seat_of = deputy
        audit_record(
            target=seat,
            action="deputy_second_seat",
            actor=actor,
            note=_("%(name)s also sits in %(term)s; signs in with the seat in %(first)s.")
            % {"name": deputy.name, "term": term.name, "first": deputy.term.name},
            data={"seat_of": deputy.pk, "term": term.pk},
        )
    return seat
