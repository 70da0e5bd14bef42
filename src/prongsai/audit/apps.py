from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "prongsai.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from prongsai.audit.tracked import register_tracked_models

        register_tracked_models()
