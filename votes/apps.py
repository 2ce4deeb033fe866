from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotesConfig(AppConfig):
    name = "votes"
    verbose_name = _("Livelihood-project ballots")

    def ready(self) -> None:
        from congress.notifications.kinds import kind_register

        # What staff read for each kind of notification in the outbox.
        kind_register(
            {
                "votes.project": _("Livelihood project to a unit"),
                "votes.proposal_screened_out": _("Proposal not on the candidate list"),
            }
        )
        # Panels of the deputy dashboard home (congress.dashboard); deputies never imports this app.
        from . import panels

        panels.register()
        # Its section of a body's public page (congress.body_pages).
        from . import body_page

        body_page.register()
