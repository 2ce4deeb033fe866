# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""The announcement of a ballot result: laid out by the report module at the address the results
page links to, with the attendance and the quorum, and never a page holding only the signature."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from congress.reports.ballot_announcement import announcement_document
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.votes import CandidateFactory
from tests.reports.pdftext import page_count, pdf_text
from votes import services

pytestmark = pytest.mark.django_db


def _published(cycle, *, candidates: int, voters: int = 7, entitled_extra: int = 2):
    cands = [CandidateFactory(cycle=cycle, number=i) for i in range(1, candidates + 1)]
    deputies = [DeputyFactory(term=cycle.term, user=UserFactory()) for _ in range(voters)]
    for _ in range(entitled_extra):
        DeputyFactory(term=cycle.term)  # entitled, does not vote
    ballot = services.ballot_create(
        cycle=cycle, candidates=cands, held_on=datetime.date(2026, 1, 12), mode="electronic"
    )
    ballot = services.ballot_transition(ballot=ballot, to="open")
    for i, deputy in enumerate(deputies):
        chosen = [*cands[: cycle.seats - 1], cands[cycle.seats - 1 + i % 2]]
        services.vote_cast(ballot=ballot, deputy=deputy, marks={c.pk: "for" for c in chosen})
    for status in ("closed", "counted", "published"):
        ballot = services.ballot_transition(ballot=ballot, to=status)
    return ballot


def test_announcement_of_thirteen_candidates_is_one_page_with_the_signature(cycle, client):
    cycle.seats = 10
    cycle.save()
    ballot = _published(cycle, candidates=13)
    response = client.get(reverse("votes-results-pdf", args=[ballot.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.request["PATH_INFO"] == f"/projects/results/{ballot.slug}/pdf/"
    assert page_count(response.content) == 1
    text = pdf_text(response.content)
    for label in ("应到代表", "参加投票代表", "收回选票", "有效票", "无效票", "已达到法定人数", "组织法"):
        assert label in text, label
    # 9 entitled deputies, 7 voted, all valid
    assert "特此公告" in text and text.rstrip().count(settings.COMMITTEE_NAME) >= 2


def test_a_long_announcement_keeps_rows_on_the_page_of_the_signature(cycle):
    cycle.seats = 40
    cycle.save()
    ballot = _published(cycle, candidates=50)
    document = announcement_document(ballot.slug)
    pdf = document.write_pdf()
    pages = page_count(pdf)
    assert pages >= 2
    last = pdf_text(pdf, page=pages)
    assert settings.COMMITTEE_NAME in last
    assert "50." in last or "49." in last, last  # table rows travel with the signature


def test_unpublished_ballot_has_no_announcement(client, make_ballot):
    ballot = make_ballot()
    assert client.get(reverse("votes-results-pdf", args=[ballot.slug])).status_code == 404


def test_results_page_shows_entitled_voted_valid_and_invalid(cycle, client):
    ballot = _published(cycle, candidates=5)
    page = client.get(reverse("votes-results", args=[ballot.slug])).content.decode()
    for text in ("应到代表", "参加投票代表", "有效票", "无效票", "<td>9</td><td>7</td>", "组织法"):
        assert text in page, text


def test_a_second_reader_gets_the_laid_out_pdf_and_a_correction_gets_a_new_one(cycle, client, monkeypatch):
    from congress.reports import ballot_announcement

    cycle.seats = 10
    cycle.save()
    ballot = _published(cycle, candidates=13)
    url = reverse("votes-results-pdf", args=[ballot.slug])
    laid_out = []
    real = ballot_announcement.render_document

    def counting(*args, **kwargs):
        laid_out.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(ballot_announcement, "render_document", counting)
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and len(laid_out) == 1

    # A correction of a printed figure must never be served from the old document.
    entry = ballot.entries.order_by("position").first()
    entry.votes += 1
    entry.save(update_fields=["votes"])
    third = client.get(url)
    assert len(laid_out) == 2 and third.content != first.content
    assert str(entry.votes) in pdf_text(third.content)

    # Another language is another document.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url)
    assert len(laid_out) == 3 and english.content != third.content


def test_the_periodic_task_lays_out_recent_announcements_before_the_first_reader(cycle, client, monkeypatch):
    from congress.reports import ballot_announcement
    from congress.reports.tasks import warm_ballot_announcements

    cycle.seats = 10
    cycle.save()
    ballot = _published(cycle, candidates=13)  # held on 2026-01-12
    laid_out = []
    real = ballot_announcement.render_document

    def counting(*args, **kwargs):
        laid_out.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(ballot_announcement, "render_document", counting)
    today = datetime.date(2026, 6, 1)
    monkeypatch.setattr(ballot_announcement.timezone, "localdate", lambda: today)
    assert warm_ballot_announcements() == 0 and laid_out == []  # held months ago: left to its reader
    today = datetime.date(2026, 1, 20)
    assert warm_ballot_announcements() == 1
    assert len(laid_out) == 1
    assert client.get(reverse("votes-results-pdf", args=[ballot.slug])).status_code == 200
    assert len(laid_out) == 1
    assert warm_ballot_announcements() == 1 and len(laid_out) == 1  # already laid out: nothing to do
