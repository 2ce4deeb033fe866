from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Shared core")

    def ready(self) -> None:
        from django.apps import apps

        from . import (
            celery,  # noqa: F401  (the Celery app: every shared task binds to it)
            checks,  # noqa: F401  (registers the deploy check on superusers)
        )
        from .admin_site import APP_NAMES
        from .audit_watch import ALERT_KIND, connect
        from .notifications.kinds import kind_register

        connect()
        from django.contrib.auth.signals import user_logged_in

        from .session_policy import on_login

        user_logged_in.connect(on_login, dispatch_uid="congress.session_policy.login")
        kind_register({ALERT_KIND: _("Audit trail tampered with")})

        # Third-party apps name themselves in English only; the admin's menu and breadcrumbs use these.
        for label, name in APP_NAMES.items():
            if label in apps.app_configs:
                apps.app_configs[label].verbose_name = name
