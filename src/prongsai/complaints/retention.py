"""The nightly job: deleting what a concluded complaint no longer needs (the complainant's identity
and the files, never the audit events), and settling what earlier days wrote so that it keeps no
time of day: files move to a new inode, and rows get tonight's transaction id.

Why rows: on PostgreSQL every row carries the id of the transaction that wrote it (`xmin`), a
sequence shared by all tables. A complaint's filing transaction sits between the transactions of
timestamped rows (a login, an audit event), which date it to the minute for anyone who can read the
database. Rewriting the rows of earlier days in one transaction gives them all the same, later id.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from prongsai.complaints.attachments import (
    INCOMING,
    is_incoming,
    random_name,
    stamp_date_only,
)
from prongsai.complaints.models import Attachment, Complaint, Exclusion, FormNonce, Message
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


SETTLE_DAYS = 7  # how far back each night reaches, should a night's run be missed


@transaction.atomic
def settle(today: date | None = None) -> tuple[int, int]:
    """Files and rows of earlier days, in one transaction: (files rewritten, rows rewritten)."""
    return settle_files(today), settle_rows(today)


@transaction.atomic
def settle_rows(today: date | None = None) -> int:
    """Rewrite, row by row in random (UUID) order, what the filings and complainants' messages of
    the last SETTLE_DAYS days wrote, so no live row keeps the id of the transaction that filed it."""
    today = today or timezone.localdate()
    since = today - timedelta(days=SETTLE_DAYS)
    complaints = Complaint.objects.filter(received_on__gte=since, received_on__lt=today)
    messages = Message.objects.filter(sent_on__gte=since, sent_on__lt=today)
    done = 0
    for pk in complaints.order_by("id").values_list("id", flat=True):
        done += Complaint.objects.filter(pk=pk).update(received_on=F("received_on"))
    for pk in messages.order_by("id").values_list("id", flat=True):
        done += Message.objects.filter(pk=pk).update(sent_on=F("sent_on"))
    done += Exclusion.objects.filter(complaint__in=complaints).update(user=F("user"))
    done += Attachment.objects.filter(complaint__in=complaints).update(size=F("size"))
    done += Attachment.objects.filter(message__in=messages).update(size=F("size"))
    # The form nonces have no date (nor any link to a complaint but their transaction): all.
    done += FormNonce.objects.update(nonce_hash=F("nonce_hash"))
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
        stamp_date_only(attachment.file, day)
        attachment.save(update_fields=["file"])
        transaction.on_commit(lambda old=old, storage=storage: storage.delete(old))
        done += 1
    return done
