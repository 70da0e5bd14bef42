from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "prongsai.jobs"
    label = "jobs"
    verbose_name = "งานเบื้องหลัง"

    def ready(self) -> None:
        # The queue's Celery app: tasks sent from the web and run by `prongsai worker`.
        from prongsai.jobs import queue  # noqa: F401
