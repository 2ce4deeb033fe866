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
