"""Deleting what a concluded complaint no longer needs: the complainant's identity and the files."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from prongsai.complaints.models import Attachment, Complaint
from prongsai.complaints.workflow import log


def expired(today: date | None = None):
    today = today or timezone.localdate()
    limit = today - timedelta(days=settings.COMPLAINT_RETENTION_DAYS)
    return Complaint.objects.filter(
        status=Complaint.Status.CONCLUDED, concluded_on__lt=limit, identity_purged=False
    )


@transaction.atomic
def purge(today: date | None = None) -> int:
    done = 0
    for complaint in expired(today).select_for_update():
        for attachment in Attachment.objects.filter(complaint=complaint):
            attachment.file.delete(save=False)
            attachment.delete()
        complaint.name_enc = complaint.contact_enc = b""
        complaint.identity_purged = True
        complaint.save(update_fields=["name_enc", "contact_enc", "identity_purged"])
        log(
            complaint,
            None,
            "retention-purge",
            f"{settings.COMPLAINT_RETENTION_DAYS} days after conclusion",
        )
        done += 1
    return done
