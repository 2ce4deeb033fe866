"""Fixtures of the API tests: the people and items of the suggestions tests (one definition,
imported), a registered client application and its key."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.suggestions.conftest import (  # noqa: F401  (fixtures)
    category,
    make,
    officer,
    role_groups,
    staff,
    street,
    submit,
    unit,
)


@pytest.fixture
def api_key(db: Any) -> str:
    from congress.apiclients.services import api_client_register

    _client, key = api_client_register(name="微信小程序", kind="wechat", rate="1000/m")
    return key


@pytest.fixture
def api(api_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {api_key}")
    return client


@pytest.fixture
def payload(category: Any, street: Any) -> dict[str, Any]:  # noqa: F811
    return {
        "category": category.pk,
        "title": "小区积水",
        "text": "雨后小区门口积水严重，老人出行困难。",
        "area": street.pk,
        "submitter_mobile": "13800138000",
        "consent_privacy": True,
    }
