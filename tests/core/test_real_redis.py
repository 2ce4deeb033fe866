"""The test command runs the suite on a real Redis (scripts/dev.py starts one where none is running):
the cache, and with it the rate limits, PIN throttles and the page cache's versions, are the server
production uses, shared by every process, not a per-process dictionary."""

from __future__ import annotations

import os

import pytest
import redis
from django.core.cache import cache

pytestmark = pytest.mark.django_db

URL = os.environ.get("TEST_REDIS_URL", "")


@pytest.mark.skipif(not URL, reason="pytest run by hand, without the test command's Redis")
def test_the_cache_is_the_real_redis_seen_from_another_connection() -> None:
    cache.set("probe", "seen", 30)
    other = redis.Redis.from_url(URL)
    assert other.exists(cache.make_key("probe")) == 1
    other.delete(cache.make_key("probe"))
    assert cache.get("probe") is None


@pytest.mark.skipif(not URL, reason="pytest run by hand, without the test command's Redis")
def test_a_rate_limit_counts_in_redis(client) -> None:
    """Wrong PINs on the tracking page are counted where every web process sees them."""
    other = redis.Redis.from_url(URL)
    before = set(other.scan_iter(match=f"{cache.key_prefix}:*"))
    for _ in range(3):
        client.post("/track/", {"code": "AAAAAAAA", "pin": "000000"})
    after = set(other.scan_iter(match=f"{cache.key_prefix}:*"))
    assert after - before, "the throttle wrote nothing to Redis"
