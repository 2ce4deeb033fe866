"""Which people's congress bodies a user sees and may write (DOMAIN.md §11; docs/bodies.md).

A body's committee staff and leaders see their own body's work and, read-only, the work of the
bodies below it; never a sibling's or a parent's. Superusers see and write everything. The sets are
computed once per user object (one request) and kept on it, so a scope filter is one indexed
``body_id IN (…)`` condition, never a walk of the tree per row.

A one-body deployment needs no role rows: while the database holds a single body, an account with
a committee role (or a staff account) and no ``BodyRole`` holds it in that body. As soon as a
second body exists, an account without a ``BodyRole`` sees nothing."""

from __future__ import annotations

from typing import Any

from django.db import router
from django.db.models import Exists, OuterRef
from django.db.models.functions import Left, Length

from . import roles
from .models import Body, BodyRole

COMMITTEE_ROLES = (roles.COMMITTEE_STAFF, roles.COMMITTEE_LEADER)
_VISIBLE = "_bodies_visible_ids"
_WRITABLE = "_bodies_writable_ids"


def root_body() -> Body:
    """The root of the tree (the city standing committee). A database without one (a fresh or
    flushed one) gets it from the ``COMMITTEE_NAME`` setting, as the data migration does."""
    # Read where writes go: the root is looked up to own a row being written (a model default), never
    # from a replica that may lag (congress.replica).
    body = Body.objects.using(router.db_for_write(Body)).roots().order_by("pk").first()
    if body is None:
        from .services import body_root_ensure

        body = body_root_ensure()
    return body


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", True))


def _has_committee_group(user: Any) -> bool:
    """A committee role, or a staff account (the admin): the holders of the one-body fallback."""
    return bool(user.is_staff) or any(group.name in COMMITTEE_ROLES for group in user.groups.all())


def _lonely() -> Any:
    """The condition "this is the only body": the one-body fallback, inside the same query."""
    return ~Exists(Body.objects.exclude(pk=OuterRef("pk")))


def body_ids_writable_by(user: Any) -> list[int] | None:
    """Ids of the bodies whose work the user may change (their own), or None for every body
    (superusers). One query per request."""
    if not _authenticated(user):
        return []
    if user.is_superuser:
        return None
    cached = getattr(user, _WRITABLE, None)
    if cached is None:
        condition = Exists(
            BodyRole.objects.filter(user_id=user.pk, role__in=COMMITTEE_ROLES, body_id=OuterRef("pk"))
        )
        if _has_committee_group(user):
            condition |= _lonely()
        cached = list(Body.objects.filter(condition).order_by("pk").values_list("pk", flat=True))
        setattr(user, _WRITABLE, cached)
    return list(cached)


def body_ids_visible_to(user: Any) -> list[int] | None:
    """Ids of the bodies whose work the user may read (their own and every descendant), or None for
    every body (superusers). One query per request: the roles' bodies and their subtrees at once."""
    if not _authenticated(user):
        return []
    if user.is_superuser:
        return None
    cached = getattr(user, _VISIBLE, None)
    if cached is None:
        # A body is visible when one of the user's bodies is a prefix of its path.
        own = BodyRole.objects.filter(
            user_id=user.pk,
            role__in=COMMITTEE_ROLES,
            body__path=Left(OuterRef("path"), Length("body__path")),
        )
        condition = Exists(own)
        if _has_committee_group(user):
            condition |= _lonely()
        rows = list(
            Body.objects.filter(condition).order_by("path").values_list("pk", "short_name", "name", "path")
        )
        cached = sorted(pk for pk, _short, _name, _path in rows)
        setattr(user, _VISIBLE, cached)
        # The names come with the ids (same query): the admin's body filter lists them for free;
        # and whether the root is among them (its path is one id long).
        user._bodies_visible_names = [(pk, short or name) for pk, short, name, _path in rows]
        user._bodies_visible_full = [(pk, name) for pk, _short, name, _path in rows]
        user._bodies_visible_root = any(path.count("/") == 1 for *_rest, path in rows)
    return list(cached)


def body_choices_visible_to(user: Any) -> list[tuple[int, str]]:
    """(id, short name) of the bodies the user reads, in tree order: the choices of a body filter.
    No query beyond ``body_ids_visible_to``'s for anyone but a superuser (one query: every body)."""
    if body_ids_visible_to(user) is None:
        return [
            (pk, short or name)
            for pk, short, name in Body.objects.order_by("path").values_list("pk", "short_name", "name")
        ]
    return list(getattr(user, "_bodies_visible_names", []))


def bodies_visible_to(user: Any) -> Any:
    ids = body_ids_visible_to(user)
    return Body.objects.all() if ids is None else Body.objects.filter(pk__in=ids)


def bodies_writable_by(user: Any) -> Any:
    ids = body_ids_writable_by(user)
    return Body.objects.all() if ids is None else Body.objects.filter(pk__in=ids)


def can_write_body(user: Any, body_id: int | None) -> bool:
    ids = body_ids_writable_by(user)
    return ids is None or body_id in ids


def can_read_body(user: Any, body_id: int | None) -> bool:
    ids = body_ids_visible_to(user)
    return ids is None or body_id in ids


def bodies_forget(user: Any) -> None:
    """Drop the sets kept on a user object (after their roles changed)."""
    for name in (
        _VISIBLE,
        _WRITABLE,
        "_bodies_liaison_ids",
        "_bodies_visible_names",
        "_bodies_visible_full",
        "_bodies_visible_root",
    ):
        if hasattr(user, name):
            delattr(user, name)
    if getattr(user, "pk", None) is not None:
        from django.core.cache import cache

        cache.delete(_heading_key(user))


def role_holders_by_body(role: str) -> dict[int, dict[int, str]]:
    """{body id: {user id: email}} of the active holders of ``role`` in each body. Holders of the
    role's group without any body for it (a deployment from before bodies) count in the root body,
    as the one-body fallback counts them."""
    from django.contrib.auth import get_user_model

    found: dict[int, dict[int, str]] = {}
    rows = BodyRole.objects.filter(role=role, user__is_active=True).order_by("body_id", "user_id")
    for body_id, user_id, email in rows.values_list("body_id", "user_id", "user__email"):
        found.setdefault(body_id, {})[user_id] = email or ""
    placed = BodyRole.objects.filter(role=role).values("user_id")
    unplaced = (
        get_user_model()
        .objects.filter(groups__name=role, is_active=True)
        .exclude(pk__in=placed)
        .order_by("pk")
        .values_list("pk", "email")
    )
    for user_id, email in unplaced:
        found.setdefault(root_body().pk, {})[user_id] = email or ""
    return found


ROOT_NAME_CACHE_KEY = "bodies:root-name"
# Bumped when any body is created or renamed: a staff member's cached heading carries the version it
# was read under and is read again when that is no longer the current one.
NAMES_VERSION_CACHE_KEY = "bodies:names-version"


def forget_body_names() -> None:
    """Drop the cached root name and outdate every cached heading (``body_create`` / ``body_update``)."""
    from django.core.cache import cache

    cache.delete(ROOT_NAME_CACHE_KEY)
    try:
        cache.incr(NAMES_VERSION_CACHE_KEY)
    except ValueError:
        cache.set(NAMES_VERSION_CACHE_KEY, 1, None)


def root_body_name() -> str:
    """The root body's name (the deployment's own committee), from the cache: the public pages' and
    the admin's fallback heading costs no query. ``body_create`` / ``body_update`` clear it."""
    from django.core.cache import cache

    name = cache.get(ROOT_NAME_CACHE_KEY)
    if name is None:
        name = root_body().name
        cache.set(ROOT_NAME_CACHE_KEY, name, 3600)
    return str(name)


def _heading_key(user: Any) -> str:
    return f"bodies:heading:{user.pk}"


def own_body_name(user: Any) -> str:
    """The name of the body a staff member works for — the topmost of the bodies they see, which is
    always one of their own — for the admin's heading; the root's for superusers and anyone without
    a body. From the set the scope already keeps on the user when a page has scoped anything, else
    from the cache (a few minutes; ``bodies_forget`` clears it when the user's roles change, and a
    renamed body outdates it at once through the names version), so the heading adds no query to a
    page, only one cache round trip."""
    from django.core.cache import cache

    if not _authenticated(user) or user.is_superuser:
        return root_body_name()
    full = getattr(user, "_bodies_visible_full", None)
    found = cache.get_many([_heading_key(user), NAMES_VERSION_CACHE_KEY])
    version = found.get(NAMES_VERSION_CACHE_KEY, 0)
    if full is None:
        cached = found.get(_heading_key(user))
        if isinstance(cached, tuple) and cached[0] == version:
            return str(cached[1])
        body_ids_visible_to(user)
        full = getattr(user, "_bodies_visible_full", [])
    name = str(full[0][1]) if full else root_body_name()
    cache.set(_heading_key(user), (version, name), 300)
    return name


def body_for_area(area: Any) -> Body:
    """The lowest body whose area holds ``area`` (areas are at most four levels deep), else the
    root: where an item from the open web form is handled. One query, the root among the
    candidates."""
    from django.db.models import Q

    candidates = Q(parent__isnull=True)
    if area is not None:
        candidates |= (
            Q(area_id=area.pk)
            | Q(area__children=area.pk)
            | Q(area__children__children=area.pk)
            | Q(area__children__children__children=area.pk)
        )
    found = Body.objects.filter(candidates).order_by(Length("path").desc(), "pk").first()
    return found or root_body()


# -- the scope of every model family -----------------------------------------------------------------


def body_paths_of(model: Any) -> tuple[str, ...] | None:
    """How the rows of ``model`` reach their body (``BodyScopedQuerySet.body_paths``), or None for a
    model that belongs to no body (shared reference data, accounts, system tables)."""
    from .querysets import BodyScopedQuerySet

    if model is Body:
        return ("pk",)
    queryset_class = getattr(model._default_manager, "_queryset_class", None)
    if isinstance(queryset_class, type) and issubclass(queryset_class, BodyScopedQuerySet):
        return tuple(queryset_class.body_paths)
    return None


def body_id_of(obj: Any) -> int | None:
    """The id of the body a row belongs to, through its model's body paths (None: none)."""
    paths = body_paths_of(type(obj))
    if paths is None:
        return None
    if paths == ("pk",):
        return obj.pk
    for path in paths:
        *steps, last = path.split("__")
        node = obj
        for step in steps:
            node = getattr(node, step, None)
            if node is None:
                break
        if node is not None:
            value = getattr(node, f"{last}_id", None)
            if value is not None:
                return int(value)
    if getattr(getattr(type(obj)._default_manager, "_queryset_class", None), "shared_owner_is_root", False):
        # A shared row (a category every body uses) is the root body's to keep.
        return int(root_body().pk)
    return None


def scoped_models() -> list[tuple[Any, tuple[str, ...]]]:
    """Every installed model that belongs to a body, with its body paths."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        paths = body_paths_of(model)
        if paths is not None:
            found.append((model, paths))
    return found


def sees_whole_tree(user: Any) -> bool:
    """Superusers, and readers of the root body (the city committee reads the whole tree)."""
    if body_ids_visible_to(user) is None:
        return True
    return bool(getattr(user, "_bodies_visible_root", False))


def generic_visible_q(user: Any, *, type_field: str = "content_type", id_field: str = "object_id") -> Any:
    """The condition "the row is about an object the user may read", for rows that point at any
    object (audit events, notifications, deadlines): about a row of a visible body, through that
    model's own scope. Rows about an object of no body (an area, a category, an account) are the
    whole city's records: readers of the root body see them, nobody else. None: no condition."""
    if sees_whole_tree(user):
        return None
    return _about_bodies(body_ids_visible_to(user) or [], type_field=type_field, id_field=id_field)


def generic_writable_q(user: Any, *, type_field: str = "content_type", id_field: str = "object_id") -> Any:
    """Like ``generic_visible_q``, for the rows about objects the user may change (their own bodies'
    objects; rows about an object of no body: the root body's writers). None: no condition."""
    ids = body_ids_writable_by(user)
    if ids is None:
        return None
    root_id = Body.objects.roots().order_by("pk").values_list("pk", flat=True).first()
    condition = _about_bodies(ids, type_field=type_field, id_field=id_field, shared=root_id in ids)
    if root_id in ids:
        from django.contrib.contenttypes.models import ContentType
        from django.db.models import Q

        scoped = [ContentType.objects.get_for_model(model).pk for model, _paths in scoped_models()]
        condition |= ~Q(**{f"{type_field}__in": scoped})
    return condition


def _about_bodies(ids: list[int], *, type_field: str, id_field: str, shared: bool = False) -> Any:
    """Rows pointing (``type_field``, ``id_field``) at an object of one of these bodies; with
    ``shared``, also at a shared row of a model whose shared rows are the root body's
    (``shared_owner_is_root``: a category every body uses)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    condition = Q(pk__in=[])
    if not ids:
        return condition
    for model, _paths in scoped_models():
        if model._meta.proxy:
            continue
        content_type = ContentType.objects.get_for_model(model)
        manager = model._default_manager
        rows = manager.filter(pk__in=ids) if model is Body else manager.in_bodies(ids)
        if shared and getattr(getattr(manager, "_queryset_class", None), "shared_owner_is_root", False):
            rows = rows | manager.filter(body__isnull=True)
        condition |= Q(**{type_field: content_type, f"{id_field}__in": rows.values("pk")})
    return condition


def scoped_writer(actor: Any) -> bool:
    """Whether the body scope governs this actor's writes: committee staff and leaders (and staff
    accounts), not superusers, not the system, and not units, deputies or liaisons (their own rules
    check them)."""
    return _authenticated(actor) and not actor.is_superuser and _has_committee_group(actor)


def check_body_writable(actor: Any, body_id: int | None, *, what: str = "") -> None:
    """Refuse a write by committee staff or a leader to a row of a body they may only read (a body
    below theirs) or not see: the services call this, so every interface inherits the rule.
    Other actors (the system, units, deputies, liaisons) are checked by their own rules."""
    if not scoped_writer(actor) or can_write_body(actor, body_id):
        return
    from django.utils.translation import gettext as _

    from .errors import DomainError

    raise DomainError(
        what or _("This record belongs to another body: you may only read it."), code="body_read_only"
    )


def default_body_for(actor: Any) -> Body:
    """Where a row an actor creates without naming a body goes: their own body when they write for
    one (the first of several, by path), else the root (superusers, the system, one-body fallback)."""
    ids = body_ids_writable_by(actor) if _authenticated(actor) else None
    if ids:
        body = Body.objects.filter(pk__in=ids).order_by("path").first()
        if body is not None:
            return body
    return root_body()


def check_body_readable(actor: Any, body_id: int | None) -> None:
    """Refuse a write by committee staff or a leader about a row of a body they do not see: for
    what an upper body does to a lower body's row by design (it inspects the stations its lower
    bodies run, 001), never for a sibling's."""
    if not scoped_writer(actor) or can_read_body(actor, body_id):
        return
    from django.utils.translation import gettext as _

    from .errors import DomainError

    raise DomainError(_("This record belongs to another body: you may only read it."), code="body_read_only")


def liaison_body_ids(user: Any) -> list[int]:
    """Bodies in which the user holds the station-liaison role. While the database holds a single
    body, a liaison without a role row holds it there (the one-body fallback)."""
    if not _authenticated(user):
        return []
    cached = getattr(user, "_bodies_liaison_ids", None)
    if cached is None:
        condition = Exists(
            BodyRole.objects.filter(
                user_id=user.pk, role=BodyRole.Role.STATION_LIAISON, body_id=OuterRef("pk")
            )
        )
        condition |= _lonely()
        cached = list(Body.objects.filter(condition).order_by("pk").values_list("pk", flat=True))
        user._bodies_liaison_ids = cached
    return list(cached)


def body_leaders(body_id: int | None) -> Any:
    """Active accounts holding the committee-leader role (主任/副主任) in the body: who may lead the
    supervision of its key suggestions (DOMAIN.md §5). While the database holds one body, an account
    in the leader group without a ``BodyRole`` holds it there (the one-body fallback above)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    holds = Q(body_roles__body_id=body_id, body_roles__role=roles.COMMITTEE_LEADER)
    if body_id is not None and not Body.objects.exclude(pk=body_id).exists():
        holds |= Q(groups__name=roles.COMMITTEE_LEADER)
    return get_user_model().objects.filter(holds, is_active=True).distinct()
