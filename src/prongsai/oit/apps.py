from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.panels import add_link


class OitConfig(AppConfig):
    name = "prongsai.oit"
    verbose_name = _("OIT disclosure")

    def ready(self) -> None:
        from prongsai.oit.org_page import LINK  # needs the criteria library: apps are ready

        add_link(LINK)
