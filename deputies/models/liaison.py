"""Committee liaison (双联系, DOMAIN.md §3): standing-committee members each keep in touch with about
5–10 deputies (001, 002:1143, 002:1201), and deputies keep in touch with their constituents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congress.models import root_body_pk

from ..querysets import CommitteeMemberQuerySet, DeputyRecordQuerySet
from .core import Deputy


class CommitteeMember(models.Model):
    """A member of the standing committee (常委会组成人员)."""

    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=60, help_text=_("e.g. 副主任, 委员"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_member",
    )
    is_active = models.BooleanField(_("active"), default=True)
    deputies: models.ManyToManyField[Deputy, CommitteeLink] = models.ManyToManyField(
        Deputy,
        verbose_name=_("deputies liaised with"),
        through="CommitteeLink",
        related_name="committee_members",
    )
    # The body whose standing committee (or presidium) the member sits on.
    body = models.ForeignKey(
        "congress.Body",
        verbose_name=_("people's congress body"),
        on_delete=models.PROTECT,
        related_name="committee_members",
        default=root_body_pk,
    )

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"


class CommitteeLink(models.Model):
    member = models.ForeignKey(
        CommitteeMember, verbose_name=_("committee member"), on_delete=models.CASCADE, related_name="links"
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="committee_links"
    )
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("liaison link")
        verbose_name_plural = _("liaison links")
        ordering = ["member", "deputy__name"]
        constraints = [models.UniqueConstraint(fields=["member", "deputy"], name="committeelink_unique")]

    def __str__(self) -> str:
        return f"{self.member} → {self.deputy}"


class LiaisonContact(models.Model):
    """A contact: a committee member with a deputy, or a deputy with constituents."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Committee member with deputy")
        CONSTITUENT = "constituent", _("Deputy with constituents")

    class Method(models.TextChoices):
        VISIT = "visit", _("Visit")
        PHONE = "phone", _("Phone call")
        MEETING = "meeting", _("Meeting or forum")
        ONLINE = "online", _("Online")
        HOME = "home", _("Meeting in the constituency")
        STATION = "station", _("At a station")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    member = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("committee member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="liaison_contacts"
    )
    on = models.DateField(_("date"), db_index=True)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    people = models.PositiveIntegerField(_("people met"), default=0)
    summary = models.TextField(_("what was discussed"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DeputyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("liaison contact")
        verbose_name_plural = _("liaison contacts")
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="constituent") | models.Q(member__isnull=False),
                name="liaisoncontact_member_for_committee",
            )
        ]
        indexes = [models.Index(fields=["kind", "deputy", "on"], name="liaisoncontact_kind_idx")]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.on}"
