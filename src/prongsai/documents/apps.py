from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.panels import Link, add_link


class DocumentsConfig(AppConfig):
    name = "prongsai.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # Every document of the organisation, by year: one place to find them all.
        add_link(Link(5, _("Documents"), "documents:list"))
