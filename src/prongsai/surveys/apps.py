from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prongsai.documents.registry import register
from prongsai.orgs.panels import Link, add_link


class SurveysConfig(AppConfig):
    name = "prongsai.surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        add_link(Link(20, _("Surveys"), "surveys:list"))
        from prongsai.surveys.documents import KINDS  # documents need the app registry

        register(*KINDS)
