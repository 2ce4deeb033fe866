"""Shared core data: administrative areas, terms and sessions, handling units, suggestion categories
and the audit-event base every app reuses."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import (
    AreaQuerySet,
    BodyQuerySet,
    CategoryQuerySet,
    HandlingUnitQuerySet,
    SessionQuerySet,
    TermQuerySet,
    UnitOfficerQuerySet,
)


def root_body_pk() -> int | None:
    """The default owner of a row created without one: the root body (a one-body deployment never
    names it). Called by Django when such a row is built, and by the bulk seeders."""
    from .bodies import root_body

    return root_body().pk


class Area(models.Model):
    """An administrative area: city → district/county → street/township → community."""

    class Level(models.IntegerChoices):
        CITY = 1, _("City")
        DISTRICT = 2, _("District / county")
        STREET = 3, _("Street / township")
        COMMUNITY = 4, _("Community / village")

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("area code"), max_length=20, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level=1) | models.Q(parent__isnull=False), name="area_parent_unless_city"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        parts: list[str] = []
        node: Area | None = self
        while node is not None and node.level > Area.Level.CITY:
            parts.append(node.name)
            node = node.parent
        return "".join(reversed(parts)) or self.name


class Body(models.Model):
    """A people's congress body in the city network (市县乡三级联动, DOMAIN.md §11): the city
    standing committee at the root, district and county standing committees under it, and under
    those the township congress presidiums and the street working committees. Every item, station,
    unit and term belongs to one body; staff hold their role in a body (``BodyRole``).

    ``path`` is the chain of ids from the root, e.g. "1/4/9/": a body's descendants are the bodies
    whose path starts with its own, one indexed condition. Only ``congress.services`` writes it."""

    class Kind(models.TextChoices):
        CITY = "city", _("City people's congress standing committee")
        COUNTY = "county", _("District or county people's congress standing committee")
        TOWNSHIP = "township", _("Township people's congress presidium")
        STREET = "street", _("Street people's congress working committee")

    # The kinds a body of each kind may have below it; a street working committee is set up by a
    # district committee and has no congress of its own (DOMAIN.md §11).
    CHILD_KINDS = {
        "city": ("county",),
        "county": ("township", "street"),
        "township": (),
        "street": (),
    }
    KINDS_WITH_CONGRESS = ("city", "county", "township")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("administrative area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, editable=False, default="")
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("people's congress body")
        verbose_name_plural = _("people's congress bodies")
        ordering = ["path"]
        indexes = [models.Index(fields=["path"], name="body_path_idx", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return self.name

    @property
    def has_congress(self) -> bool:
        """Street working committees have no congress, so no term, deputies or ballots of their own."""
        return self.kind in self.KINDS_WITH_CONGRESS

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def is_ancestor_of(self, other: Body) -> bool:
        return other.pk != self.pk and other.path.startswith(self.path)


class BodyRole(models.Model):
    """A role a user holds in one body (a user may hold roles in several). Committee staff and
    leaders see their bodies' work and, read-only, their descendants'. Unit officers get their body
    through their unit, deputies through their term."""

    ROLE_CODES = ("committee_staff", "committee_leader", "station_liaison")

    class Role(models.TextChoices):
        COMMITTEE_STAFF = "committee_staff", _("Committee staff")
        COMMITTEE_LEADER = "committee_leader", _("Committee leader")
        STATION_LIAISON = "station_liaison", _("Station liaison")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="body_roles"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("people's congress body"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role held"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role in a body")
        verbose_name_plural = _("roles in bodies")
        ordering = ["body", "role", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "body", "role"], name="body_role_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.body} · {self.get_role_display()}"


class Term(models.Model):
    """A term (届) of a people's congress at one level, e.g. 第十七届 (004:37)."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")
        COUNTY = "county", _("County / district")
        TOWNSHIP = "township", _("Township")

    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    number = models.PositiveSmallIntegerField(_("term number"))
    name = models.CharField(_("name"), max_length=100)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="terms")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_current = models.BooleanField(_("current term"), default=False)
    body = models.ForeignKey(
        Body,
        verbose_name=_("people's congress body"),
        on_delete=models.PROTECT,
        related_name="terms",
        default=root_body_pk,
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["level", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["level", "area", "number"], name="term_unique_number"),
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="term_dates"),
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """A session (次会议) of a term, e.g. 第四次会议."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("session number"))
    name = models.CharField(_("name"), max_length=100)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    objects = SessionQuerySet.as_manager()

    class Meta:
        # Not "session": Django's own catalogue translates that as a web session (会话).
        verbose_name = _("congress session")
        verbose_name_plural = _("congress sessions")
        ordering = ["term", "number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="session_unique_number")]

    def __str__(self) -> str:
        return f"{self.term} {self.name}"


class HandlingUnit(models.Model):
    """A body that handles assigned items (承办单位): government departments, 一府一委两院, utilities."""

    class Kind(models.TextChoices):
        GOVERNMENT_DEPARTMENT = "department", _("Government department")
        DISTRICT_GOVERNMENT = "district", _("District / county government")
        SUPERVISION_COMMISSION = "supervision", _("Supervision commission")
        COURT = "court", _("People's court")
        PROCURATORATE = "procuratorate", _("People's procuratorate")
        PUBLIC_UTILITY = "utility", _("Public utility")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    contact_name = models.CharField(_("contact officer"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The body that may task the unit (a district's own departments answer to the district).
    body = models.ForeignKey(
        Body,
        verbose_name=_("people's congress body"),
        on_delete=models.PROTECT,
        related_name="units",
        default=root_body_pk,
    )

    objects = HandlingUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["name"]
        permissions = [("use_unit_workbench", _("Can use the handling-unit workbench"))]

    def __str__(self) -> str:
        return self.name


class UnitOfficer(models.Model):
    """Links a user account to the handling unit they work for (经办人), or head it."""

    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("handling unit"), on_delete=models.CASCADE, related_name="officers"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="unit_officer",
    )
    is_head = models.BooleanField(_("unit head"), default=False)

    objects = UnitOfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit officer")
        verbose_name_plural = _("unit officers")

    def __str__(self) -> str:
        return f"{self.unit} · {self.user}"


class Category(models.Model):
    """A suggestion category, a tree (教育 → 学前教育 …). Shared by every body (no body), or a body's
    own (a district's 老旧小区改造 under the shared 城乡建设), which that body and the bodies below it
    use (``CategoryQuerySet.for_body``). ``code`` stays unique across all bodies: imports, routing
    labels and GeoReport service codes name a category by it."""

    name = models.CharField(_("name"), max_length=60)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    body = models.ForeignKey(
        Body,
        verbose_name=_("people's congress body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="categories",
        help_text=_("Empty: shared by every body. Set: that body's own, used by it and the bodies below it."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name if self.parent_id is None else f"{self.parent} / {self.name}"


class AuditEventBase(models.Model):
    """Who did what, when, from which state to which. Apps subclass it for their own event tables."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=30, blank=True)
    to_state = models.CharField(_("to state"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[AuditEvent]:
        """Every insert takes its place in the chain (``congress.audit_chain``): the rows get their
        position and hashes under the chain head's row lock, in the caller's transaction."""
        from .audit_chain import chain_append

        events = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            chain_append(events, using=self.db)
            return super().bulk_create(events, *args, **kwargs)


class AuditEvent(AuditEventBase):
    """Audit events about any object (used where no app-specific event table exists), or about no
    object at all (a failed login of an unknown name).

    The rows form a chain (``congress.audit_chain``, docs/security.md "安全审计"): each stores a
    keyed SM3 hash of its content and of the previous row's hash, so a row deleted, changed or
    inserted by hand breaks the chain, and ``manage.py audit_verify`` names the first broken link.
    A PostgreSQL trigger refuses UPDATE and DELETE; the one change it lets through is the removal of
    personal data (``redacted``), which keeps the digest of the original content."""

    # Set by the writer before hashing (auto_now_add would overwrite it after).
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Accounts with audit events cannot be deleted (they are deactivated): the actor is part of the
    # hashed content, and the trigger refuses the UPDATE that SET_NULL would make.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("data"), default=dict, blank=True)
    address = models.CharField(_("client address"), max_length=45, blank=True)
    seq = models.BigIntegerField(_("position in the chain"), unique=True, editable=False)
    content_digest = models.CharField(_("content digest"), max_length=64, blank=True, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("row hash"), max_length=64, blank=True, editable=False)
    redacted = models.BooleanField(_("personal data removed"), default=False, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta(AuditEventBase.Meta):
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: a new row joins the chain (as bulk_create does); an existing one is never
        # saved again (the database refuses it too).
        if not self._state.adding:
            raise ValueError("Audit events are never changed.")
        from .audit_chain import chain_append

        with transaction.atomic(using=kwargs.get("using") or "default", savepoint=False):
            chain_append([self], using=kwargs.get("using") or "default")
            super().save(*args, **kwargs)


class AuditChainHead(models.Model):
    """The end of the audit chain: the last position and hash. Writers lock this one row, so rows
    join the chain one transaction at a time in a single order; the verifier compares the chain's
    end with it (rows cut off the end)."""

    last_seq = models.BigIntegerField(_("last position"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64, default="")

    class Meta:
        verbose_name = _("audit chain")
        verbose_name_plural = _("audit chain")
        permissions = [("verify_audit_chain", _("Can verify the audit chain"))]

    def __str__(self) -> str:
        return str(_("Audit chain"))


class WorkerHeartbeat(models.Model):
    """When a Celery worker last ran the heartbeat task (scheduled by beat every minute)."""

    name = models.CharField(_("worker"), max_length=100, unique=True)
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"


class IdempotencyKey(models.Model):
    """An ``Idempotency-Key`` a client sent with a write, and the answer it got (congress.idempotency):
    a retry with the same key gets the same answer instead of a second write. Only a hash of the key is
    stored, and the answer (which may hold a tracking PIN) is encrypted with a key derived from the
    client's own key, so the table alone reveals nothing. Rows expire (``expires_at``)."""

    client = models.CharField(_("client"), max_length=20)
    scope = models.CharField(_("operation"), max_length=60)
    key_hash = models.CharField(_("key hash"), max_length=64)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    sealed_response = models.BinaryField(_("answer (encrypted)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            # Two requests with one key: the second waits for the first and replays its answer.
            models.UniqueConstraint(fields=["client", "scope", "key_hash"], name="idempotency_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.client}:{self.scope}"


class AccountState(models.Model):
    """What the login and password rules keep about an account (congress.passwords,
    congress.session_policy): the last login (shown at the next one), the session that may be open,
    when the password was last changed and whether a change is due."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    last_login_at = models.DateTimeField(_("time of the last login"), null=True, blank=True)
    last_login_address = models.CharField(_("last login address"), max_length=45, blank=True)
    session_key = models.CharField(_("current session"), max_length=40, blank=True)
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("account state")
        verbose_name_plural = _("account states")

    def __str__(self) -> str:
        return str(self.user_id)


class PasswordHistory(models.Model):
    """The hashes of an account's last passwords (``PASSWORD_HISTORY_COUNT``): none is used again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("password history")
        verbose_name_plural = _("password history")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
