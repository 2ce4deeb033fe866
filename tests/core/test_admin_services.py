"""Terms, sessions, categories, rejection reasons and API clients are written through services with
their rules: the admin's forms are refused with a Chinese message, and what is saved is audited."""

# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from congress import services
from congress.apiclients.models import ApiClient
from congress.apiclients.services import api_client_register, api_client_revoke, api_client_update
from congress.audit import audit_events_for
from congress.errors import DomainError
from congress.models import AuditEvent, Category, Session
from suggestions.models import RejectionReason
from suggestions.services import rejection_reason_save
from tests.admin_forms import post_back
from tests.factories.core import CategoryFactory, TermFactory

pytestmark = pytest.mark.django_db


def test_a_session_outside_its_term_is_refused_through_the_admin(admin_client):
    term = TermFactory()
    response = admin_client.post(
        reverse("admin:congress_session_add"),
        {
            "term": str(term.pk),
            "number": "9",
            "name": "第九次会议",
            "opens_on": "2030-01-05",
            "closes_on": "2030-01-08",
        },
    )
    assert response.status_code == 200
    assert "会议须在本届期限内举行" in response.content.decode()
    assert not Session.objects.filter(term=term, number=9).exists()


def test_a_session_added_inline_to_its_term_is_audited(admin_client):
    term = TermFactory()
    url = reverse("admin:congress_term_change", args=[term.pk])
    page = admin_client.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    response = post_back(
        admin_client,
        url,
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-number": "4",
            f"{prefix}-0-name": "第四次会议",
            f"{prefix}-0-opens_on": "2025-01-05",
            f"{prefix}-0-closes_on": "2025-01-08",
            f"{prefix}-0-term": str(term.pk),
        },
        page=page,
    )
    assert response.status_code == 302
    session = Session.objects.get(term=term, number=4)
    assert audit_events_for(session).filter(action="create").exists()


def test_a_term_that_ends_before_it_starts_is_refused(admin_user):
    term = TermFactory()
    with pytest.raises(DomainError) as refused:
        services.term_update(term=term, changes={"ends_on": datetime.date(2021, 1, 1)}, actor=admin_user)
    assert refused.value.field == "ends_on"


def test_a_category_is_not_placed_under_its_own_subcategory(admin_client):
    parent = CategoryFactory(code="edu", name="教育")
    child = CategoryFactory(code="preschool", name="学前教育", parent=parent)
    url = reverse("admin:congress_category_change", args=[parent.pk])
    response = post_back(admin_client, url, {"parent": str(child.pk)})
    assert "分类不能以自己或下级分类为上级" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent_id is None
    assert not Category.objects.filter(pk=parent.pk, parent=child).exists()


def test_a_rejection_reason_without_text_is_refused_and_a_good_one_audited(admin_user):
    with pytest.raises(DomainError):
        rejection_reason_save(reason=None, values={"title": "空", "text": "  "}, actor=admin_user)
    assert not RejectionReason.objects.filter(title="空").exists()
    reason = rejection_reason_save(
        reason=None, values={"title": "个人纠纷", "text": "请通过司法途径解决。"}, actor=admin_user
    )
    assert audit_events_for(reason).get().action == "create"


def test_an_api_clients_rate_and_expiry_change_through_the_service(admin_client, admin_user):
    client, _key = api_client_register(name="12345热线", kind="hotline", rate="600/m", actor=admin_user)
    url = reverse("admin:apiclients_apiclient_change", args=[client.pk])
    events = AuditEvent.objects.filter(actor=admin_user).count()
    post_back(admin_client, url, {"rate": "1200/m"})
    assert ApiClient.objects.get(pk=client.pk).rate == "1200/m"
    event = AuditEvent.objects.filter(actor=admin_user).order_by("-pk").first()
    assert AuditEvent.objects.filter(actor=admin_user).count() == events + 1
    assert event.data["changes"]["rate"] == ["600/m", "1200/m"]
    assert client.prefix in event.note

    past = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        api_client_update(client=client, changes={"expiry_date": past}, actor=admin_user)
    assert refused.value.field == "expiry_date"


def test_a_revoked_client_is_not_changed(admin_user):
    client, _key = api_client_register(name="微信小程序", kind="wechat", rate="600/m", actor=admin_user)
    api_client_revoke(client=client, actor=admin_user)
    with pytest.raises(DomainError) as refused:
        api_client_update(client=client, changes={"rate": "99999/s"}, actor=admin_user)
    assert refused.value.code == "client_revoked"
    assert ApiClient.objects.get(pk=client.pk).rate == "600/m"
