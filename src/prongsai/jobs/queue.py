"""The task queue: Celery, configured from Django's settings (the CELERY_* names).

Embedded default: a SQLite file in the data directory is the broker (kombu's SQLAlchemy
transport), so `make run` needs no other service. Production: PRONGSAI_BROKER_URL names Redis or
RabbitMQ and any number of `prongsai worker` processes on any number of machines take jobs.
"""

from __future__ import annotations

from celery import Celery

app = Celery("prongsai")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's tasks.py is imported by the worker (the web imports the task it sends).
app.autodiscover_tasks(
    ["prongsai.jobs", "prongsai.oit", "prongsai.complaints", "prongsai.reminders", "prongsai.ita"]
)
