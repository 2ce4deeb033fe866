"""Project package and shared core of the congress liaison portal."""

from .celery import app as celery_app

__all__ = ("celery_app",)
