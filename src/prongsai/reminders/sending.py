"""One Thai email a day to each user with something due, unless they turned it off.

The day it was sent is recorded with the send: a second run the same day (the scheduler twice, a
retried job, the command by hand) sends nothing more.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from prongsai import thai
from prongsai.orgs.models import Membership
from prongsai.reminders.digest import Item, items_for
from prongsai.reminders.models import ReminderSetting


def recipients():
    """Active users with an email address and a role that has deadlines."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(memberships__role__in=Membership.WRITE_ROLES) | Q(complaint_roles__isnull=False))
        .distinct()
        .order_by("pk")
    )


def subject(today: date) -> str:
    return f"Prongsai: งานที่ครบกำหนดหรือเลยกำหนด ณ วันที่ {thai.thai_date(today)}"


def body(user, items: list[Item], today: date) -> str:
    name = user.get_full_name() or user.get_username()
    lines = [f"เรียน {name}", "", f"รายการที่ต้องดำเนินการ ณ วันที่ {thai.thai_date(today)}"]
    org = None
    for item in items:
        if item.org != org:
            org = item.org
            lines += ["", org.name_th]
        mark = "[เลยกำหนด] " if item.overdue else ""
        when = f" (กำหนด {item.when})" if item.when else ""
        lines.append(f"- {mark}{item.text}{when}")
        lines.append(f"  {settings.BASE_URL}{item.url}")
    lines += [
        "",
        "ไม่ต้องการรับอีเมลนี้ ปิดได้ที่หน้าการแจ้งเตือน:",
        f"{settings.BASE_URL}{reverse('reminders:settings')}",
    ]
    return "\n".join(lines) + "\n"


def send_digests(today: date, *, dry_run: bool = False) -> list[tuple[object, list[Item]]]:
    """(user, items) of every email sent today (or that would be, with dry_run)."""
    sent = []
    for user in recipients():
        items = items_for(user, today)
        if not items:
            continue
        with transaction.atomic():
            setting = ReminderSetting.of(user)
            setting = ReminderSetting.objects.select_for_update().get(pk=setting.pk)
            if setting.email_off or setting.last_sent == today:
                continue
            if not dry_run:
                send_mail(subject(today), body(user, items, today), None, [user.email])
                setting.last_sent = today
                setting.save(update_fields=["last_sent"])
        sent.append((user, items))
    return sent
