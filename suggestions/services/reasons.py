"""The reason templates staff pick when rejecting an item (DOMAIN.md §5: a rejection carries a
reason shown to the submitter)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from congress.errors import DomainError
from congress.record_writes import record_create, record_update

from ..models import RejectionReason

REJECTION_REASON_FIELDS = ("title", "text", "body", "is_active")
# A reason stays the reason of the body it was added for.
REJECTION_REASON_UPDATE_FIELDS = ("title", "text", "is_active")


def _reason_check(reason: RejectionReason, before: Mapping[str, Any]) -> None:
    # The text is what the submitter reads: a template without it would reject with no reason.
    if not (reason.text or "").strip():
        raise DomainError(_("Write the text the submitter will read."), field="text")


def rejection_reason_save(
    *, reason: RejectionReason | None, values: Mapping[str, Any], actor: Any = None
) -> RejectionReason:
    """Add or change a rejection reason template (audited). Templates are never deleted: one no
    longer offered is made inactive (rejections already sent keep their own text). A shared reason
    (no body) is kept by the root body's staff, a body's own by that body's staff (the write scope,
    ``record_writes``); a title appears once per body (docs/bodies.md)."""
    if reason is None:
        return record_create(
            model=RejectionReason,
            values=values,
            fields=REJECTION_REASON_FIELDS,
            actor=actor,
            check=_reason_check,
        )
    return record_update(
        instance=reason,
        changes=values,
        fields=REJECTION_REASON_UPDATE_FIELDS,
        actor=actor,
        check=_reason_check,
    )
