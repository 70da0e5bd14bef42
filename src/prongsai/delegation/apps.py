from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationConfig(AppConfig):
    name = "prongsai.delegation"
    verbose_name = _("Delegated administration")
