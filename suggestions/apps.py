from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = _("Opinions and suggestions")

    def ready(self) -> None:
        from congress.notifications.kinds import kind_register
        from congress.notifications.secrets import filler_register

        from .kinds import LABELS
        from .pins import RECEIPT_KIND, receipt_fill

        # The receipt's PIN is filled in when it is sent, never stored (suggestions/pins.py).
        filler_register(kind=RECEIPT_KIND, filler=receipt_fill)
        # What staff read for each kind of notification in the outbox.
        kind_register(LABELS)
        # How the deadlines admin names and finds items and dispatches: by tracking code and title.
        from congress.calendar.owners import register_owner

        from . import deadline_owners
        from .models import Assignment, Suggestion

        register_owner(
            Suggestion, labels=deadline_owners.suggestion_labels, search=deadline_owners.suggestion_search
        )
        register_owner(
            Assignment, labels=deadline_owners.assignment_labels, search=deadline_owners.assignment_search
        )

        # Panels of the deputy dashboard home (congress.dashboard); deputies never imports this app.
        from . import panels

        panels.register()

        # The public category list offers the categories of the body a station's or deputy's code
        # leads to (congress.api_public); the core asks this app which body that is.
        from congress.selectors import dealing_body_register

        from .selectors import dealing_body_of

        dealing_body_register(dealing_body_of)
