"""A user's choice about the daily reminder email, and the day it was last sent (so a second run
on the same day sends nothing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReminderSetting(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้ใช้",
        on_delete=models.CASCADE,
        related_name="reminder_setting",
    )
    email_off = models.BooleanField("ไม่รับอีเมลแจ้งเตือนรายวัน", default=False)
    last_sent = models.DateField("ส่งอีเมลล่าสุดเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "การตั้งค่าการแจ้งเตือน"
        verbose_name_plural = "การตั้งค่าการแจ้งเตือน"

    def __str__(self) -> str:
        return f"{self.user} ({'ไม่รับอีเมล' if self.email_off else 'รับอีเมล'})"

    @classmethod
    def of(cls, user) -> ReminderSetting:
        return cls.objects.get_or_create(user=user)[0]
