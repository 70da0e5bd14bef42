"""The nightly job: deleting what a concluded complaint no longer needs (the complainant's identity
and the files, never the audit events), and settling the day's files so they keep no time of day."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from prongsai.complaints.attachments import (
    INCOMING,
    is_incoming,
    random_name,
    stamp_date_only,
)
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
    """Identity and files go; the complaint (category, text, dates, outcome) and its audit events
    stay: the events name staff and actions, never the complainant."""
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


def written_on(attachment: Attachment) -> date:
    return attachment.message.sent_on if attachment.message_id else attachment.complaint.received_on


@transaction.atomic
def settle_files(today: date | None = None) -> int:
    """Rewrite every incoming file of an earlier day under a new random name: a new inode, whose
    change and birth times are tonight's, the same for all and in random order (by UUID)."""
    today = today or timezone.localdate()
    done = 0
    waiting = Attachment.objects.filter(file__contains=f"/{INCOMING}/")
    waiting = waiting.select_related("complaint", "message").order_by("id")
    for attachment in waiting:
        day = written_on(attachment)
        if not is_incoming(attachment.file.name) or day >= today:
            continue
        old = attachment.file.name
        with attachment.file.open("rb") as stored:
            content = ContentFile(stored.read())
        storage = attachment.file.storage
        attachment.file.name = storage.save(
            random_name(attachment.complaint.org_id, attachment.suffix, incoming=False), content
        )
        stamp_date_only(attachment.file.path, day)
        attachment.save(update_fields=["file"])
        transaction.on_commit(lambda old=old, storage=storage: storage.delete(old))
        done += 1
    return done
