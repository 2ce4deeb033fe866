from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")

    def ready(self) -> None:
        # The deputies app's own panels of the dashboard home (congress.dashboard).
        from . import panels

        panels.register()
