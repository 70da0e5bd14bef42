"""The daily reminder email as a periodic job (settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from django.utils import timezone

from prongsai.jobs.queue import app
from prongsai.reminders.sending import send_digests


@app.task(name="prongsai.reminders.send", acks_late=True, max_retries=3)
def send() -> str:
    """Idempotent: a user's email of the day is recorded with its sending, never sent twice."""
    sent = send_digests(timezone.localdate())
    return f"ส่งอีเมลแจ้งเตือน {len(sent)} ฉบับ"
