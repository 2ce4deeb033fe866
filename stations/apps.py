from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("Contact stations")

    def ready(self) -> None:
        # Panels of the deputy dashboard home (congress.dashboard); deputies never imports this app.
        from . import panels

        panels.register()
