from __future__ import annotations

from django.contrib.auth import get_user_model

from prongsai.audit.models import AuditEntry
from prongsai.orgs.models import Membership
from prongsai.test import PASSWORD, BaseTestCase


class AuditTestCase(BaseTestCase):
    """Org A also has an administrator and an executive; people have full names."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        users = get_user_model().objects
        cls.admin_a = users.create_user(
            "admin-a", password=PASSWORD, first_name="สมศรี", last_name="ดูแลดี"
        )
        cls.executive_a = users.create_user("executive-a", password=PASSWORD)
        Membership.objects.create(user=cls.admin_a, org=cls.org_a, role="admin")
        Membership.objects.create(user=cls.executive_a, org=cls.org_a, role="executive")
        cls.officer_a.first_name, cls.officer_a.last_name = "สมชาย", "ตั้งใจทำ"
        cls.officer_a.save()

    def setUp(self):
        self.mark = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def new_entries(self, model=None):
        """Entries written since the test began, oldest first."""
        entries = AuditEntry.objects.filter(id__gt=self.mark).order_by("id")
        if model is not None:
            entries = entries.filter(content_type__app_label=model._meta.app_label)
            entries = entries.filter(content_type__model=model._meta.model_name)
        return list(entries)
