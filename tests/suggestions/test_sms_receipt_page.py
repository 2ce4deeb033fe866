"""The page after a submission says the code and PIN went by SMS only when a real SMS backend accepted
the receipt; while it waits it says so; with the development backend it says nothing about SMS."""

from __future__ import annotations

import pytest
from django.urls import reverse

from congress.notifications import services
from congress.notifications.models import Notification
from suggestions.models import Suggestion
from tests.fake_sms import FakeCmppGateway

from .test_public import form_data  # noqa: F401  (fixture)

SENT = "我们也已通过短信发送到您的手机"
ON_ITS_WAY = "短信正在发往您的手机"


@pytest.fixture
def gateway(settings):
    fake = FakeCmppGateway(sp_id="901234", secret="s3cret").start()
    settings.SMS_BACKEND = "congress.notifications.sms.cmpp.CmppSmsBackend"
    settings.CMPP_HOST, settings.CMPP_PORT = "127.0.0.1", fake.port
    settings.CMPP_SP_ID, settings.CMPP_SHARED_SECRET, settings.CMPP_TIMEOUT = "901234", "s3cret", 1.0
    yield fake
    fake.stop()


def _submit(client, data) -> Notification:
    assert client.post(reverse("submit"), data).status_code == 302
    item = Suggestion.objects.get()
    return Notification.objects.get(channel="sms", object_id=item.pk, kind="suggestion.received")


@pytest.mark.django_db
def test_the_page_says_sent_once_the_gateway_accepted_the_receipt(client, form_data, gateway):  # noqa: F811
    receipt = _submit(client, form_data)
    services.notification_deliver(notification_id=receipt.pk)
    page = client.get(reverse("submit-done")).content.decode()
    assert SENT in page
    [accepted] = gateway.accepted
    assert accepted.to == "13912345678"


@pytest.mark.django_db
def test_the_page_says_on_its_way_while_the_receipt_waits(client, form_data, gateway):  # noqa: F811
    _submit(client, form_data)
    page = client.get(reverse("submit-done")).content.decode()
    assert ON_ITS_WAY in page and SENT not in page


@pytest.mark.django_db
def test_the_page_claims_no_sms_with_the_development_backend(client, form_data, settings):  # noqa: F811
    settings.SMS_BACKEND = "congress.notifications.backends.DevelopmentSmsBackend"
    receipt = _submit(client, form_data)
    services.notification_deliver(notification_id=receipt.pk)
    page = client.get(reverse("submit-done")).content.decode()
    assert SENT not in page and ON_ITS_WAY not in page and "短信" not in page
