from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from prongsai.complaints.models import ComplaintRole
from prongsai.test import PASSWORD, BaseTestCase


class ComplaintTestCase(BaseTestCase):
    """Org A has a handler (Somchai Jaidee) and a custodian; org A's officer is neither."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        users = get_user_model().objects
        cls.handler = users.create_user(
            "handler-a", password=PASSWORD, first_name="สมชาย", last_name="ใจดีมาก"
        )
        cls.handler2 = users.create_user(
            "handler2-a", password=PASSWORD, first_name="วิภา", last_name="รักงาน"
        )
        cls.custodian = users.create_user("custodian-a", password=PASSWORD)
        cls.handler_b = users.create_user("handler-b", password=PASSWORD)
        ComplaintRole.objects.create(org=cls.org_a, user=cls.handler, role="handler")
        ComplaintRole.objects.create(org=cls.org_a, user=cls.handler2, role="handler")
        ComplaintRole.objects.create(org=cls.org_a, user=cls.custodian, role="custodian")
        ComplaintRole.objects.create(org=cls.org_b, user=cls.handler_b, role="handler")
        from prongsai.orgs.models import Membership

        for user in (cls.handler, cls.handler2, cls.custodian):
            Membership.objects.create(user=user, org=cls.org_a, role="auditor")
        Membership.objects.create(user=cls.handler_b, org=cls.org_b, role="auditor")
        # Neither is a custodian: only a ComplaintRole makes one.
        cls.admin_a = users.create_user("admin-a", password=PASSWORD)
        Membership.objects.create(user=cls.admin_a, org=cls.org_a, role="admin")
        cls.superuser = users.create_superuser("root", password=PASSWORD)

    def file(self, org=None, **overrides):
        """File a complaint through the public form; returns (response, receipt digits)."""
        org = org or self.org_a
        url = reverse("complaints:form", args=[org.slug])
        nonce = self.client.get(url).context["form"]["nonce"].value()
        data = {
            "nonce": nonce,
            "category": "corruption",
            "what": "มีการเรียกรับเงินเพื่อเร่งใบอนุญาต",
            "anonymous": "1",
        }
        data |= overrides
        response = self.client.post(
            url, data, REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="PhoneUA/9 complaint-test"
        )
        receipt = (
            response.context.get("receipt", "").replace(" ", "")
            if response.status_code == 201
            else ""
        )
        return response, receipt
