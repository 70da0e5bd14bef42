from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "prongsai.reminders"
    verbose_name = "การแจ้งเตือน"
