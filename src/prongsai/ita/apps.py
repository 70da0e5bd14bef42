from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItaConfig(AppConfig):
    name = "prongsai.ita"
    verbose_name = _("ITA results")
