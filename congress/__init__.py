"""Project package and shared core of the congress liaison portal.

The Celery app is created when Django starts (``CongressConfig.ready``) or a worker imports
``congress.celery``, not on importing this package: ``manage.py`` imports
``congress.settings_module`` to choose the settings before anything else reads them."""

from typing import Any

__all__ = ("celery_app",)


def __getattr__(name: str) -> Any:
    if name == "celery_app":
        from .celery import app

        return app
    raise AttributeError(name)
