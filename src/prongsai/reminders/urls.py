from __future__ import annotations

from django.urls import path

from prongsai.reminders import views

app_name = "reminders"

urlpatterns = [
    path("reminders/", views.reminder_settings, name="settings"),
]
