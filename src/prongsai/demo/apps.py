from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The site-wide demo: composes each app's own demo; no models."""

    name = "prongsai.demo"
    verbose_name = _("Demo")
