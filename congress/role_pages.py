"""The answer a signed-in user gets on the home page of another role (a liaison on /dashboard/, a
deputy on /unit/): a plain page naming the role the page is for, instead of Django's bare 404.
The status stays 404, as for any page outside one's scope, and the page names no object."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

Role = Literal["deputy", "officer", "liaison"]

ROLE_LABELS = {
    "deputy": _("deputies to the people's congress"),
    "officer": _("officers of a handling unit"),
    "liaison": _("liaisons of a deputies' contact station"),
}


class RoleRequired(TemplateResponse):
    """Rendered from ``role_required.html`` with status 404."""

    def __init__(self, request: HttpRequest, role: Role) -> None:
        super().__init__(
            request,
            "role_required.html",
            {"role_label": ROLE_LABELS[role], "next": request.get_full_path()},
            status=404,
        )
