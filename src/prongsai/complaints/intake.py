"""Filing a complaint: one transaction, a receipt, and nothing about the sender but what they
chose to give (encrypted)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from prongsai.complaints.attachments import stamp_date_only
from prongsai.complaints.models import (
    Attachment,
    Complaint,
    ComplaintRole,
    Exclusion,
    FormNonce,
    Message,
)
from prongsai.complaints.receipts import new_receipt, receipt_hash
from prongsai.nonces import nonce_hash


class AlreadyFiled(Exception):
    """The same form was sent twice; the first one was filed."""


@dataclass
class Filed:
    complaint: Complaint
    receipt: str


def _names(user) -> list[str]:
    full = f"{user.first_name} {user.last_name}".strip()
    return [n for n in (full, user.last_name, user.username) if n and len(n) >= 3]


def route_away(complaint: Complaint) -> None:
    """Keep every handler the complaint names away from it."""
    text = f"{complaint.who_text} {complaint.what}".lower()
    handler_ids = ComplaintRole.objects.filter(
        org=complaint.org, role=ComplaintRole.Role.HANDLER
    ).values("user")
    for user in get_user_model().objects.filter(pk__in=handler_ids):
        if any(name.lower() in text for name in _names(user)):
            Exclusion.objects.get_or_create(complaint=complaint, user=user)


def file_complaint(org, data: dict, files: list, *, nonce: str) -> Filed:
    """`files` are (ContentFile, content type, size) already checked by attachments.clean_upload."""
    receipt = new_receipt()
    try:
        with transaction.atomic():
            FormNonce.objects.create(nonce_hash=nonce_hash(org.pk, nonce))
            complaint = Complaint(
                org=org,
                receipt_hash=receipt_hash(receipt),
                category=data["category"],
                what=data["what"],
                when_text=data.get("when_text", ""),
                where_text=data.get("where_text", ""),
                who_text=data.get("who_text", ""),
                anonymous=data.get("anonymous", True),
                received_on=timezone.localdate(),
            )
            if not complaint.anonymous:
                complaint.set_identity(data.get("name", ""), data.get("contact", ""))
            complaint.number_case()
            complaint.save()
            for content, content_type, size in files:
                attachment = Attachment(complaint=complaint, content_type=content_type, size=size)
                attachment.file.save("upload", content, save=False)
                stamp_date_only(attachment.file, complaint.received_on)
                attachment.save()
            route_away(complaint)
    except IntegrityError as exc:
        raise AlreadyFiled from exc
    return Filed(complaint, receipt)


def complainant_message(complaint: Complaint, text: str, files: list) -> Message:
    with transaction.atomic():
        message = Message.objects.create(
            complaint=complaint, from_complainant=True, text=text, sent_on=timezone.localdate()
        )
        for content, content_type, size in files:
            attachment = Attachment(
                complaint=complaint, message=message, content_type=content_type, size=size
            )
            attachment.file.save("upload", content, save=False)
            stamp_date_only(attachment.file, message.sent_on)
            attachment.save()
    return message


def find_by_receipt(org, receipt: str) -> Complaint | None:
    return Complaint.objects.filter(org=org, receipt_hash=receipt_hash(receipt)).first()
