"""`prongsai scheduler`: sends the periodic jobs (settings.CELERY_BEAT_SCHEDULE) to the queue.

Run exactly one per installation: two would send every periodic job twice (harmless, as each
job is idempotent, but wasteful).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from prongsai.jobs.queue import app


class Command(BaseCommand):
    help = "Run the scheduler of periodic jobs (Celery beat): the nightly OIT re-check, purges."

    def add_arguments(self, parser):
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args, loglevel, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        state = settings.DATA_DIR / "scheduler-state"
        app.start(["beat", f"--loglevel={loglevel}", f"--schedule={state}"])
