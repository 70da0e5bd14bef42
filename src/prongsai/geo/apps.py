from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "prongsai.geo"
    verbose_name = _("Geography")

    def ready(self) -> None:
        from prongsai.geo.data_load import load_geography

        post_migrate.connect(load_geography, sender=self)
