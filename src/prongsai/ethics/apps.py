from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prongsai.documents.registry import register
from prongsai.orgs.panels import Link, add_link


class EthicsConfig(AppConfig):
    name = "prongsai.ethics"
    verbose_name = _("Ethics and No Gift Policy")

    def ready(self) -> None:
        add_link(Link(40, _("Ethics and No Gift Policy"), "ethics:overview"))
        from prongsai.ethics.documents import KINDS  # documents need the app registry

        register(*KINDS)
