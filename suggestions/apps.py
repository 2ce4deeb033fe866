from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = _("Opinions and suggestions")

    def ready(self) -> None:
        # Panels of the deputy dashboard home (congress.dashboard); deputies never imports this app.
        from . import panels

        panels.register()
