from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prongsai.documents.registry import register
from prongsai.orgs.panels import add_panel


class ItaConfig(AppConfig):
    name = "prongsai.ita"
    verbose_name = _("ITA results")

    def ready(self) -> None:
        # keep summaries up to date; the full report's task, for the worker
        from prongsai.ita import follow, full_report, summary  # noqa: F401
        from prongsai.ita.documents import KINDS  # documents need the app registry
        from prongsai.ita.org_page import PANEL

        add_panel(PANEL)
        register(*KINDS)
