from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EthicsConfig(AppConfig):
    name = "prongsai.ethics"
    verbose_name = _("Ethics and No Gift Policy")
