"""Which settings module a process runs: ``DJANGO_SETTINGS_MODULE`` from the environment, else from
the ``.env`` file at the repository root, else the entry point's default (``manage.py``: local;
``congress.wsgi``, ``congress.asgi`` and the Celery app: production).

Django picks the module before ``congress.settings.base`` reads ``.env``, so without this a
``DJANGO_SETTINGS_MODULE`` written in ``.env`` was ignored. Kept free of Django imports: it runs
before Django is set up."""

from __future__ import annotations

import os
from pathlib import Path

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"
NAME = "DJANGO_SETTINGS_MODULE"


def _from_env_file(path: Path) -> str:
    """The variable's value in a ``.env`` file (``NAME=value``, optionally ``export`` and quotes)."""
    if not path.is_file():
        return ""
    value = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("export "):
            line = line[len("export ") :].strip()
        key, sep, rest = line.partition("=")
        if sep and key.strip() == NAME:
            value = rest.split(" #", 1)[0].strip().strip("'\"")
    return value


def settings_module(default: str, *, env_file: Path | None = None) -> str:
    return os.environ.get(NAME, "").strip() or _from_env_file(env_file or ENV_FILE) or default


def use_settings_module(default: str) -> str:
    """Set ``DJANGO_SETTINGS_MODULE`` for this process as ``settings_module`` chooses it."""
    chosen = settings_module(default)
    os.environ[NAME] = chosen
    return chosen
