"""Two requests with the same Idempotency-Key at the same moment (a phone that resends while the
first request is still running) make one item: the second waits for the first and replays its
answer. Proven against the real database with two threads."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.security.conftest import seeded  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/v1/public/suggestions/"


def test_concurrent_retries_with_one_key_make_one_item(seeded, api_key, payload, monkeypatch):  # noqa: F811
    from django.db import connection

    from suggestions import services
    from suggestions.models import Suggestion

    real_submit = services.suggestion_submit
    started = threading.Event()

    def slow_submit(**kwargs: Any) -> Any:
        result = real_submit(**kwargs)
        started.set()
        time.sleep(1.0)  # the first request holds its transaction open while the retry arrives
        return result

    monkeypatch.setattr(services, "suggestion_submit", slow_submit)
    answers: list[Any] = [None, None]

    def send(index: int) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {api_key}")
        try:
            answers[index] = client.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="race-1")
        finally:
            connection.close()

    first = threading.Thread(target=send, args=(0,))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=send, args=(1,))
    second.start()
    first.join(20)
    second.join(20)
    assert answers[0].status_code == answers[1].status_code == 201
    assert answers[0].json() == answers[1].json()
    assert answers[1]["Idempotent-Replayed"] == "true"
    assert Suggestion.objects.count() == 1
