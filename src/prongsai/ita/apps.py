from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.panels import add_panel


class ItaConfig(AppConfig):
    name = "prongsai.ita"
    verbose_name = _("ITA results")

    def ready(self) -> None:
        from prongsai.ita.org_page import PANEL  # the app registry is ready: models may load

        add_panel(PANEL)
