from django.contrib import admin

from prongsai.complaints.models import ComplaintRole


@admin.register(ComplaintRole)
class ComplaintRoleAdmin(admin.ModelAdmin):
    """Designating handlers and custodians. Complaints themselves are not in the admin: they are
    need-to-know, seen only through the handlers' pages, which log every view."""

    list_display = ["user", "org", "role"]
    list_filter = ["org", "role"]
