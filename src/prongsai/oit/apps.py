from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prongsai.documents.registry import register
from prongsai.orgs.panels import add_link


class OitConfig(AppConfig):
    name = "prongsai.oit"
    verbose_name = _("OIT disclosure")

    def ready(self) -> None:
        from prongsai.oit.documents import KINDS  # documents need the app registry
        from prongsai.oit.org_page import LINK, PUBLIC_LINK

        add_link(LINK)
        add_link(PUBLIC_LINK)
        register(*KINDS)
