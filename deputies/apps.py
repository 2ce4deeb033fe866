from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")

    def ready(self) -> None:
        from congress.notifications.kinds import kind_register

        # What staff read for each kind of notification in the outbox.
        kind_register(
            {
                "deputies.evaluation": _("Annual duty evaluation"),
                "deputies.report_back_code": _("Code for rating a report-back"),
                "reminder.quota": _("Reminder of the year's duty quota"),
            }
        )
        # The deputies app's own panels of the dashboard home (congress.dashboard).
        from . import panels

        panels.register()
        # Its section of a body's public page (congress.body_pages).
        from . import body_page

        body_page.register()
