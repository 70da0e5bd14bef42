"""`prongsai reminders send [--dry-run]`: the daily reminder email (the scheduler runs it too)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from prongsai import thai
from prongsai.reminders.sending import send_digests


class Command(BaseCommand):
    help = "ส่งอีเมลแจ้งเตือนรายวัน: กำหนดส่งรายงาน วันตาม ปฏิทิน OIT แบบสำรวจ และเรื่องร้องเรียน"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="ส่งอีเมลของวันนี้ (ผู้ที่ได้รับแล้ววันนี้จะไม่ได้รับซ้ำ)")
        send.add_argument("--dry-run", action="store_true", help="แสดงรายชื่อผู้รับ ไม่ส่งจริง")

    def handle(self, *args, action, dry_run=False, **options):
        today = timezone.localdate()
        sent = send_digests(today, dry_run=dry_run)
        for user, items in sent:
            self.stdout.write(f"{user.email}: {thai.to_thai_digits(len(items))} รายการ")
        verb = "จะส่ง" if dry_run else "ส่งแล้ว"
        self.stdout.write(f"{verb} {thai.to_thai_digits(len(sent))} ฉบับ")
