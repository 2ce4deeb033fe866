"""Cached fragments of the public directory pages (deputies, stations, published cases).

A data page costs ten times the static home page to render (docs/performance.md); what the public
reads changes far less often than it is read. The templates cache their data part with Django's
``{% cache %}`` tag under a key made of

* a *version* per kind of content, bumped after every write that changes what the pages show
  (``bump``: the master-data services of deputies, stations, groups and delegations for
  ``DIRECTORY``, publication and status changes of published items for ``CASES``), so a change is
  visible on the next request after its transaction commits;
* the language and the full query string (filters, search, page);

and a timeout as a bound for what no version covers: the calendar (a reception drops out of
"upcoming" when its day passes), duty figures and receptions on a deputy's or station's page
(``DETAIL_SECONDS``). The page around the fragment — navigation, the language switch with its CSRF
token, scripts with their CSP nonce — is rendered for every request and never cached.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.http import http_date
from rest_framework.response import Response

P = ParamSpec("P")
R = TypeVar("R")

DIRECTORY = "directory"
CASES = "cases"

# Lists: every change they show bumps their version; the timeout only bounds a lost bump.
LIST_SECONDS = 600
# Detail pages also show activity (upcoming receptions, this year's duty figures, held
# receptions) written far more often than master data: at most this old.
DETAIL_SECONDS = 60


def _key(name: str) -> str:
    return f"pagecache:version:{name}"


def versions(*names: str) -> str:
    """The current versions of kinds of content, in one cache round trip (a version never stored
    yet starts at 1)."""
    found = cache.get_many([_key(name) for name in names])
    values = []
    for name in names:
        value = found.get(_key(name))
        if value is None:
            cache.add(_key(name), 1, timeout=None)
            value = cache.get(_key(name), 1)
        values.append(str(value))
    return ".".join(values)


def version(name: str) -> int:
    """The current version of one kind of content."""
    return int(versions(name))


def bump(*names: str) -> None:
    """After the current transaction commits, make the cached fragments of ``names`` stale."""

    transaction.on_commit(lambda: invalidate(*names))


def invalidate(*names: str) -> None:
    """Make the cached fragments of ``names`` stale now."""
    for name in names:
        try:
            cache.incr(_key(name))
        except ValueError:  # never stored (or evicted): any new value is a new version
            cache.set(_key(name), version(name) + 1, timeout=None)


def bumps(*names: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a service whose successful writes change what the public pages of ``names``
    show: each call that returns bumps their versions when its transaction commits."""

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(service)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            result = service(*args, **kwargs)
            bump(*names)
            return result

        return wrapper

    return decorate


@dataclass(frozen=True)
class Fragment:
    """What a template's ``{% cache fragment.seconds "name" fragment.key %}`` needs."""

    seconds: int
    key: str


def fragment(request: HttpRequest, *names: str, seconds: int = LIST_SECONDS) -> Fragment:
    """The cache key of a public page's data fragment: the versions of ``names``, the language and
    the query string."""
    language = translation.get_language() or ""
    return Fragment(seconds=seconds, key=f"{versions(*names)}|{language}|{request.get_full_path()}")


class PublicListCacheMixin:
    """For a DRF viewset: the public reader's list (no staff view of the data) is served from the
    cache under the same versions as the pages, keyed by language, host (photo links are absolute)
    and query string. A staff reader, who sees more rows and fields, always gets a fresh list."""

    cache_versions: tuple[str, ...] = (DIRECTORY,)

    def is_public_reader(self) -> bool:  # pragma: no cover - each viewset says who is staff
        raise NotImplementedError

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not self.is_public_reader():
            return super().list(request, *args, **kwargs)  # type: ignore[misc]
        parts = (versions(*self.cache_versions), translation.get_language(), request.get_host())
        raw = "|".join((*map(str, parts), request.get_full_path()))
        key = "pagecache:api:" + hashlib.sha256(raw.encode()).hexdigest()
        cached = cache.get(key)
        if isinstance(cached, tuple) and len(cached) == 2:
            return _dated(Response(cached[0]), cached[1])
        response = super().list(request, *args, **kwargs)  # type: ignore[misc]
        if response.status_code == 200:
            # The time the list was read is its Last-Modified: a change since bumps the version,
            # so a list kept under this key has not changed since (congress.middleware, 304s).
            computed_at = time.time()
            cache.set(key, (response.data, computed_at), LIST_SECONDS)
            _dated(response, computed_at)
        return response


def _dated(response: Response, computed_at: float) -> Response:
    response["Last-Modified"] = http_date(computed_at)
    return response
