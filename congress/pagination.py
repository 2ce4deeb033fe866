"""The API's pages: ``?page=`` and ``?page_size=`` (at most ``MAX_PAGE_SIZE``), both documented in
the schema. A page size that is not a whole number between 1 and the maximum is refused with a 400 in
the one error shape, never silently replaced by the default (docs/api.md, "Pages")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class ApiPagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = f"Results per page (1–{MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE})."
    page_query_description = "Page number, from 1."
    invalid_page_message = "Invalid page."

    def get_page_size(self, request: Any) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}
                    ]
                }
            )
        return int(raw)

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        raw = request.query_params.get(self.page_query_param, "1")
        if raw not in self.last_page_strings and not (raw.isdigit() and int(raw) >= 1):
            raise ValidationError({self.page_query_param: [_("Give a page number from 1.")]})
        self.invalid_page_message = _("There is no such page.")
        return super().paginate_queryset(queryset, request, view)
