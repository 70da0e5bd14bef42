from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.panels import Link, add_link


class AuditConfig(AppConfig):
    name = "prongsai.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from prongsai.audit.tracked import register_tracked_models
        from prongsai.orgs.access import can_audit

        register_tracked_models()
        add_link(Link(90, _("Change history"), "audit:org", shown=lambda r: can_audit(r.org_role)))
