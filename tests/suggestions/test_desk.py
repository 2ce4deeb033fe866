# mypy: disable-error-code="arg-type,list-item,misc,operator"
# (factory_boy factories are typed as the factory class, and due dates are optional on the model.)
"""Station liaisons take opinions down at the desk, linked to the reception they were raised at."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from stations.models import Reception
from suggestions.models import Suggestion


def test_liaison_takes_down_an_opinion_at_a_reception(client, liaison, station, category):
    reception = Reception.objects.create(
        station=station,
        date=timezone.localdate(),
        start_time=datetime.time(9),
        end_time=datetime.time(11),
        status="held",
    )
    client.force_login(liaison)
    url = reverse("desk-new", args=[station.slug])
    assert station.name in client.get(url, {"reception": reception.pk}).content.decode()
    response = client.post(
        url,
        {
            "reception": reception.pk,
            "category": category.pk,
            "title": "菜市场周边停车难",
            "text": "群众反映菜市场周边停车难，建议划设临时停车位。",
            "submitter_name": "赵大妈",
            "submitter_mobile": "13700001234",
        },
    )
    assert response.status_code == 302
    item = Suggestion.objects.get()
    assert (item.channel, item.station, item.reception) == ("station_desk", station, reception)
    page = client.get(reverse("desk-home")).content.decode()
    assert item.code in page


def test_reception_of_another_station_is_404(client, liaison, station):
    from tests.factories.deputies import StationFactory

    other = Reception.objects.create(
        station=StationFactory(),
        date=timezone.localdate(),
        start_time=datetime.time(9),
        end_time=datetime.time(10),
    )
    client.force_login(liaison)
    assert client.get(reverse("desk-new", args=[station.slug]), {"reception": other.pk}).status_code == 404
