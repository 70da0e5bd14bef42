from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.panels import add_panel


class LpaConfig(AppConfig):
    name = "prongsai.lpa"
    verbose_name = _("LPA (local performance assessment)")

    def ready(self) -> None:
        from prongsai.lpa.org_page import PANEL

        add_panel(PANEL)
