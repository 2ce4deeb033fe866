from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("Contact stations")

    def ready(self) -> None:
        from congress.notifications.kinds import kind_register

        # What staff read for each kind of notification in the outbox.
        kind_register(
            {
                "reminder.reception_duty": _("Reminder of a reception duty"),
            }
        )
        # Panels of the deputy dashboard home (congress.dashboard); deputies never imports this app.
        from . import panels

        panels.register()
        # Its section of a body's public page (congress.body_pages).
        from . import body_page

        body_page.register()
        # The station filter of the public deputy directory (deputies.directory).
        from deputies.directory import station_options_register

        from .selectors import directory_station_options

        station_options_register(directory_station_options)
