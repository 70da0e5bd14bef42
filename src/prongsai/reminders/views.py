"""The user's own reminders, and the switch for the daily email."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from prongsai.reminders.digest import items_for
from prongsai.reminders.models import ReminderSetting


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    setting = ReminderSetting.of(request.user)
    if request.method == "POST":
        setting.email_off = request.POST.get("email") != "on"
        setting.save(update_fields=["email_off"])
        if setting.email_off:
            messages.success(request, "ปิดอีเมลแจ้งเตือนรายวันแล้ว")
        else:
            messages.success(request, "เปิดอีเมลแจ้งเตือนรายวันแล้ว")
        return redirect("reminders:settings")
    context = {
        "setting": setting,
        "items": items_for(request.user, timezone.localdate()),
        "has_email": bool(request.user.email),
    }
    return render(request, "reminders/settings.html", context)
