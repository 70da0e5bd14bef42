"""Demo complaints: a handler and a custodian, and complaints at each stage (fictional)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from prongsai.complaints.models import Complaint, ComplaintRole
from prongsai.complaints.receipts import new_receipt, receipt_hash

DEMO = [
    ("unfair", "เจ้าหน้าที่ให้บริการคนรู้จักก่อน ทั้งที่ผมมารอก่อนตั้งแต่เช้า", 20, "concluded", "founded"),
    ("corruption", "มีการเรียกเงินเพิ่มเพื่อให้ออกใบอนุญาตเร็วขึ้น", 10, "investigating", ""),
    ("other", "ป้ายบอกขั้นตอนการให้บริการไม่ชัดเจน", 2, "received", ""),
]


def load_complaints_demo(org, handler_username: str, custodian_username: str) -> None:
    users = get_user_model().objects
    ComplaintRole.objects.get_or_create(
        org=org, user=users.get(username=handler_username), role="handler"
    )
    ComplaintRole.objects.get_or_create(
        org=org, user=users.get(username=custodian_username), role="custodian"
    )
    if Complaint.objects.filter(org=org).exists():
        return
    today = timezone.localdate()
    # Oldest first, so the case numbers follow the dates.
    for category, what, days_ago, status, outcome in sorted(DEMO, key=lambda row: -row[2]):
        complaint = Complaint(
            org=org, receipt_hash=receipt_hash(new_receipt()), category=category, what=what,
            received_on=today - timedelta(days=days_ago), status=status, outcome=outcome,
            anonymous=category != "unfair",
        )  # fmt: skip
        if not complaint.anonymous:
            complaint.set_identity("นายประชา ตัวอย่าง", "081-000-0000")
        if status != "received":
            complaint.acknowledged_on = complaint.received_on + timedelta(days=2)
        if status == "concluded":
            complaint.concluded_on = complaint.received_on + timedelta(days=12)
        complaint.number_case()
        complaint.save()


def load_demo(demo) -> None:
    load_complaints_demo(demo.main, "officer-bansuan", "admin-bansuan")
