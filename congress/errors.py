"""The one domain error type services raise; each interface turns it into a form error, an API 400
or an admin message."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the operation. ``message`` is for people (translated)."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class RowErrors(DomainError):
    """A bulk write refused some of its rows and wrote nothing: ``errors`` maps the index of each
    refused row (in the order given) to its error, so each interface can name the row."""

    def __init__(self, errors: dict[int, DomainError]) -> None:
        first = errors[min(errors)]
        super().__init__(first.message, field=first.field, code=first.code)
        self.errors = errors


def api_400(error: DomainError) -> Exception:
    """The API's form of a refusal: a 400 naming the field (``non_field_errors`` without one)."""
    from rest_framework.exceptions import ValidationError

    return ValidationError({error.field or "non_field_errors": [error.message]})
