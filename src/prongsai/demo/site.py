"""The whole fictional demo: the organisations and people, then each app's own demo rows.

Each app owns its demo (`<app>/demo.py`, `load_demo(demo)`), as it owns its models and documents;
this module only decides the order. Everything is relative to `today`, so the demo lives in the
year its user is in: the last completed fiscal year has full results, the current one is under
way. Loading twice changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from prongsai.complaints import demo as complaints_demo
from prongsai.ethics import demo as ethics_demo
from prongsai.ita import demo as ita_demo
from prongsai.oit import demo as oit_demo
from prongsai.orgs import demo as orgs_demo
from prongsai.plans import demo as plans_demo
from prongsai.surveys import demo as surveys_demo

# In this order: results before the measures born from their analysis, plans before the OIT
# items that point at them.
APP_DEMOS = (ita_demo, plans_demo, surveys_demo, ethics_demo, complaints_demo, oit_demo)


def load_demo(password: str | None = None, *, today: date | None = None):
    """Create or refresh the demo; returns (demo context, password set or None)."""
    with transaction.atomic():
        demo, chosen = orgs_demo.load_demo(today or timezone.localdate(), password)
        for app_demo in APP_DEMOS:
            app_demo.load_demo(demo)
    return demo, chosen
