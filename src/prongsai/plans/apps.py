from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prongsai.documents.registry import register
from prongsai.orgs.panels import Link, add_link, current_year


class PlansConfig(AppConfig):
    name = "prongsai.plans"
    verbose_name = _("Integrity programme")

    def ready(self) -> None:
        add_link(Link(30, _("Anti-corruption action plans"), "plans:list"))
        add_link(Link(31, _("Corruption risk assessment"), "plans:risks", current_year))
        add_link(Link(32, _("Integrity measures"), "plans:measures", current_year))
        from prongsai.plans.documents import KINDS  # documents need the app registry

        register(*KINDS)

        from prongsai.plans import measure_documents  # documents need the app registry

        register(*measure_documents.KINDS)
