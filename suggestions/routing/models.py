"""A trained routing model, stored as data: one row per body, target and version. Imported by
``suggestions.models``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress.models import Body, Category, HandlingUnit


class RoutingTarget(models.TextChoices):
    CATEGORY = "category", pgettext_lazy("routing", "Category")
    UNIT = "unit", pgettext_lazy("routing", "Lead unit")


class RoutingModel(models.Model):
    """A model trained on one body's triaged items (``services.routing_model_train``). Only the
    newest version of a body and target is used; older ones stay for the record. The payload is the
    fitted scikit-learn pipeline (joblib), written and read only by this app."""

    body = models.ForeignKey(
        Body, verbose_name=pgettext_lazy("routing", "body"), on_delete=models.CASCADE, related_name="+"
    )
    target = models.CharField(
        pgettext_lazy("routing", "predicts"), max_length=10, choices=RoutingTarget.choices
    )
    version = models.PositiveIntegerField(_("version"))
    trained_at = models.DateTimeField(_("trained at"))
    items = models.PositiveIntegerField(_("items learnt from"))
    labels = models.JSONField(_("labels"), default=list)
    # Cross-validated figures of the same data (learn.Evaluation.as_dict).
    metrics = models.JSONField(_("evaluation figures"), default=dict)
    # Confidence above which the top suggestion was right ≥ 95 % of the time in the evaluation;
    # null when no threshold reaches it.
    threshold = models.FloatField(_("automatic dispatch threshold"), null=True, blank=True)
    payload = models.BinaryField(_("model"))

    class Meta:
        verbose_name = _("routing model")
        verbose_name_plural = _("routing models")
        ordering = ["body", "target", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["body", "target", "version"], name="routing_model_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.get_target_display()} · v{self.version}"


class AutoDispatch(models.Model):
    """An item accepted and sent to a lead unit by the model, without a clerk (自动分办), with what
    the model said and the threshold it passed; listed for a clerk's check until one marks it
    checked (``dispatch.auto_dispatch_check``). Written only by ``dispatch.suggestion_auto_dispatch``."""

    suggestion = models.OneToOneField(
        "suggestions.Suggestion",
        verbose_name=_("item"),
        on_delete=models.CASCADE,
        related_name="auto_dispatch",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=pgettext_lazy("routing", "Lead unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    category_confidence = models.FloatField(_("category confidence"))
    unit_confidence = models.FloatField(_("unit confidence"))
    # The confidence both had to reach: the models' thresholds (or the setting) raised for the
    # route's returns.
    threshold = models.FloatField(_("threshold passed"))
    category_model = models.ForeignKey(
        RoutingModel, verbose_name=_("category model"), on_delete=models.PROTECT, related_name="+"
    )
    unit_model = models.ForeignKey(
        RoutingModel, verbose_name=_("unit model"), on_delete=models.PROTECT, related_name="+"
    )
    dispatched_at = models.DateTimeField(_("dispatched at"))
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True, db_index=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("routing", "checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when the unit returned the item as misrouted (the route lost trust then).
    returned_at = models.DateTimeField(_("returned by the unit at"), null=True, blank=True)

    class Meta:
        verbose_name = _("automatic dispatch")
        verbose_name_plural = _("automatic dispatches")
        ordering = ["-dispatched_at"]

    def __str__(self) -> str:
        return f"{self.category} → {self.unit}"


class RouteTrust(models.Model):
    """How far the model is trusted to send a body's items of one category to one unit on its own:
    each time the unit returns such an item as misrouted, the confidence needed rises, and after
    ``SUGGESTIONS_AUTO_DISPATCH_MAX_RETURNS`` returns the route is not used automatically at all
    (``dispatch.route_trust_lower``)."""

    body = models.ForeignKey(
        Body, verbose_name=pgettext_lazy("routing", "body"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=pgettext_lazy("routing", "Lead unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    returns = models.PositiveIntegerField(_("returns of automatically dispatched items"), default=0)
    last_returned_at = models.DateTimeField(_("last returned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("route trust")
        verbose_name_plural = _("route trust")
        constraints = [
            models.UniqueConstraint(fields=["body", "category", "unit"], name="routing_route_trust_unique")
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.category} → {self.unit}"
