"""The schema is good enough to build a mini-program on: a client generated from it by a real
generator (openapi-python-client) drives the citizen's journey against a live server — the form's
lists, a submission with a photo, tracking, rating the reply, booking a reception and cancelling it."""

from __future__ import annotations

import importlib
import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.security.conftest import seeded  # noqa: F401  (fixture)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PACKAGE = "portal_client"


def _generate(schema_url: str, where: Path) -> Any:
    """Generate the client package into ``where`` from the live schema and import it."""
    import urllib.request

    schema = where / "schema.json"
    with urllib.request.urlopen(schema_url) as answer:
        schema.write_bytes(answer.read())
    config = where / "config.yaml"
    config.write_text(f"package_name_override: {PACKAGE}\npost_hooks: []\n")
    generator = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    assert generator, "openapi-python-client (a dev dependency) is not installed"
    result = subprocess.run(
        [
            generator,
            "generate",
            "--path",
            str(schema),
            "--meta",
            "none",
            "--config",
            str(config),
            "--output-path",
            str(where / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(where))
    return importlib.import_module(PACKAGE)


@pytest.fixture
def generated(live_server: Any, tmp_path: Path) -> Any:
    package = _generate(f"{live_server.url}/api/v1/schema/?format=json", tmp_path)
    yield package
    sys.path.remove(str(tmp_path))
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(out, format="PNG")
    return out.getvalue()


def test_the_citizens_journey_through_a_generated_client(
    seeded,  # noqa: F811
    live_server,
    generated,
    category,
    street,
    staff,
    officer,
    unit,
):
    from importlib import import_module

    from congress.apiclients.services import api_client_register
    from suggestions import services
    from suggestions.models import Suggestion, SuggestionPhoto
    from tests.factories.stations import ReceptionFactory

    api = import_module(f"{PACKAGE}.api.public")
    models = import_module(f"{PACKAGE}.models")
    types = import_module(f"{PACKAGE}.types")
    receptions_api = import_module(f"{PACKAGE}.api.receptions")
    _row, key = api_client_register(name="小程序", kind="wechat", rate="1000/m")
    client = generated.AuthenticatedClient(base_url=live_server.url, token=key, prefix="Api-Key")

    # The form's lists.
    categories = import_module(f"{PACKAGE}.api.public.public_categories_list").sync(
        client=client, page_size=200
    )
    chosen = next(c for c in categories.results if c.id == category.pk)
    areas = import_module(f"{PACKAGE}.api.public.public_areas_list").sync(
        client=client, parent=street.parent_id
    )
    assert [a.id for a in areas.results] == [street.pk]

    # Submit with a photo (multipart), then once more with the same Idempotency-Key.
    body = models.SubmitWithPhotosRequest(
        category=chosen.id,
        title="小区积水",
        text="雨后小区门口积水严重，老人出行困难。",
        area=street.pk,
        submitter_mobile="13800138000",
        consent_privacy=True,
        photos=[types.File(payload=io.BytesIO(_png()), file_name="a.png", mime_type="image/png")],
    )
    create = import_module(f"{PACKAGE}.api.public.public_suggestions_create")
    answer = create.sync_detailed(client=client, body=body, idempotency_key="journey-1")
    assert answer.status_code == 201, answer.content
    submitted = answer.parsed
    body.photos = [types.File(payload=io.BytesIO(_png()), file_name="a.png", mime_type="image/png")]
    retried = create.sync_detailed(client=client, body=body, idempotency_key="journey-1")
    assert retried.parsed.code == submitted.code and retried.parsed.pin == submitted.pin
    assert Suggestion.objects.count() == 1 and SuggestionPhoto.objects.count() == 1

    # Track.
    track = import_module(f"{PACKAGE}.api.public.public_suggestions_track")
    timeline = track.sync(client=client, code=submitted.code, body=models.PinRequest(pin=submitted.pin))
    assert timeline.code == submitted.code and timeline.can_rate is False

    # The committee and the unit handle it (their own interfaces, through the services).
    item = Suggestion.objects.get(code=submitted.code)
    services.suggestion_accept(suggestion=item, actor=staff)
    (lead,) = services.suggestion_assign(suggestion=item, lead_unit=unit, actor=staff)
    services.assignment_sign_for(assignment=lead, actor=officer)
    services.suggestion_reply(
        assignment=lead, actor=officer, outcome="A", text="已疏通排水管道，积水已排除。"
    )

    timeline = track.sync(client=client, code=submitted.code, body=models.PinRequest(pin=submitted.pin))
    assert timeline.can_rate is True and timeline.replies[0].outcome == "A"

    # Rate.
    rate = import_module(f"{PACKAGE}.api.public.public_suggestions_rate")
    rated = rate.sync(
        client=client,
        code=submitted.code,
        body=models.RateRequest(pin=submitted.pin, value=models.RatingValueEnum.SATISFIED),
    )
    assert rated.can_rate is False and rated.status == "rated"

    # My items, by the codes and PINs the device keeps.
    mine = import_module(f"{PACKAGE}.api.public.public_suggestions_mine").sync(
        client=client,
        body=models.OwnItemsRequestRequest(
            items=[models.OwnItemRequest(code=submitted.code, pin=submitted.pin)]
        ),
    )
    assert [i.code for i in mine.items] == [submitted.code] and mine.not_found == []

    # Book a reception, then cancel the booking.
    ReceptionFactory.create(station__area=street)
    upcoming = import_module(f"{PACKAGE}.api.receptions.receptions_list").sync(client=client, upcoming=True)
    reception = upcoming.results[0]
    book = import_module(f"{PACKAGE}.api.public.public_receptions_book")
    booking = book.sync(
        client=client,
        id=reception.id,
        body=models.BookRequest(name="王小明", mobile="13912345678", topic="加装电梯"),
    )
    assert booking.status == models.BookingStatusEnum.BOOKED
    cancel = import_module(f"{PACKAGE}.api.public.public_bookings_cancel")
    cancelled = cancel.sync(client=client, code=booking.code)
    assert cancelled.status == models.BookingStatusEnum.CANCELLED
    assert api is not None and receptions_api is not None
