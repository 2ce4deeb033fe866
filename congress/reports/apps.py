from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "congress.reports"
    label = "reports"
    verbose_name = _("Reports and statistics")

    def ready(self) -> None:
        from congress.notifications.kinds import kind_register

        # What staff read for each kind of notification in the outbox.
        kind_register(
            {
                "reminder.monthly_key_report": _("Monthly report of key issues"),
                "stations.posters_zip": _("QR-code posters ready"),
            }
        )
