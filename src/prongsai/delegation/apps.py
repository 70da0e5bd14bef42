from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.panels import Link, add_link


class DelegationConfig(AppConfig):
    name = "prongsai.delegation"
    verbose_name = _("Delegated administration")

    def ready(self) -> None:
        add_link(
            Link(
                95,
                _("People and roles"),
                "delegation:people",
                shown=lambda r: r.org_role == "admin",
            )
        )
