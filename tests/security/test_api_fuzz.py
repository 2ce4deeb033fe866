"""Schemathesis against the portal's own OpenAPI schema, in the suite: every operation, public and
authenticated, gets generated requests (valid and invalid) and must never answer with a server
error; a public submission is either saved whole or not at all. A bounded run here (a few examples
per operation); ``bench/security_fuzz_api.py`` runs the long one."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from suggestions.models import Suggestion, SuggestionPhoto

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "15"))
APP = WSGIHandler()
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
# In the suite: random generation only; the coverage phase (every boundary of every field) is the
# long run's job (bench/security_fuzz_api.py).
schema.config.phases.coverage.enabled = os.environ.get("API_FUZZ_COVERAGE") == "1"


@pytest.fixture
def keep_the_test_connection(credentials):
    """The WSGI handler closes database connections after each request; Django's own test client
    switches that off the same way, so requests run inside the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def credentials(db, admin_user, client):
    """The key of a registered client, and a staff session with its CSRF token."""
    from congress.apiclients.services import api_client_register

    _client, key = api_client_register(name="fuzz", kind="hotline", rate="100000/m")
    from django.utils.crypto import get_random_string

    client.force_login(admin_user)  # no request: the test client would reconnect the signal below
    session = client.cookies["sessionid"].value
    token = get_random_string(32)  # a CSRF secret, sent as cookie and header alike
    return {
        "headers": {"Authorization": f"Api-Key {key}", "X-CSRFToken": token},
        "cookies": {"sessionid": session, "csrftoken": token},
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gets_a_server_error(case, credentials, keep_the_test_connection):
    creates = case.operation.path == "/api/v1/public/suggestions/" and case.method.upper() == "POST"
    before = (Suggestion.objects.count(), SuggestionPhoto.objects.count())
    response = case.call(app=APP, headers=credentials["headers"], cookies=credentials["cookies"])
    case.validate_response(response, checks=[not_a_server_error])
    if creates:
        after = (Suggestion.objects.count(), SuggestionPhoto.objects.count())
        if response.status_code == 201:
            assert after[0] == before[0] + 1
        else:
            assert after == before, "a refused submission left rows behind"
