from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "prongsai.frameworks"
    verbose_name = _("ITA criteria")

    def ready(self) -> None:
        from prongsai.frameworks.store import sync_builtin_frameworks

        post_migrate.connect(sync_builtin_frameworks, sender=self)
