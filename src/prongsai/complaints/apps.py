from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prongsai.documents.registry import register
from prongsai.orgs.panels import Link, add_link


class ComplaintsConfig(AppConfig):
    name = "prongsai.complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        add_link(Link(50, _("Complaints"), "complaints:board"))
        add_link(Link(51, _("Public complaint form"), "complaints:form"))
        from prongsai.complaints.documents import KINDS  # documents need the app registry

        register(*KINDS)
