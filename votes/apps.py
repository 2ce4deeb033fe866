from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotesConfig(AppConfig):
    name = "votes"
    verbose_name = _("Livelihood-project ballots")

    def ready(self) -> None:
        # Panels of the deputy dashboard home (congress.dashboard); deputies never imports this app.
        from . import panels

        panels.register()
