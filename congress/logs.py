"""One clock in every log line: gunicorn's master, its workers, Django and the Celery worker all
write ISO 8601 times with the offset of the portal's time zone (2026-12-07T09:30:00.123+08:00).
Before, gunicorn's master logged in UTC beside Django's +0800 in the same stream."""

from __future__ import annotations

import datetime as dt
import logging
import time

from gunicorn.glogging import Logger


def iso_now(created: float | None = None) -> str:
    """The local time (the process's TZ, which Django and the gunicorn config set to TIME_ZONE)."""
    moment = dt.datetime.fromtimestamp(time.time() if created is None else created).astimezone()
    return moment.isoformat(timespec="milliseconds")


class IsoFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return iso_now(record.created)


class GunicornLogger(Logger):
    """gunicorn's error log and the access log's ``%(t)s`` in the same form."""

    def setup(self, cfg: object) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(IsoFormatter(self.error_fmt))

    def now(self) -> str:
        return f"[{iso_now()}]"
