"""A trained routing model, stored as data: one row per body, target and version. Imported by
``suggestions.models``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress.models import Body


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
