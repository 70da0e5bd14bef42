"""PostgreSQL metadata a database reader sees: which rows one transaction wrote (`xmin`).

Filing a complaint writes the complaint (with its keyed receipt hash and encrypted identity, linked
by design), its form nonce, files and routing exclusions, and nothing else: no session, no cache or
audit row that would hold a time or a person. The nightly job then rewrites those rows so that no
live row keeps the filing transaction's id, which sits among timestamped transactions and would
date the filing."""

from __future__ import annotations

import io
from datetime import timedelta
from unittest import skipUnless

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase
from django.urls import reverse
from django.utils import timezone

from prongsai.complaints.models import Complaint, ComplaintRole
from prongsai.orgs.models import Organisation

FILING_TABLES = {
    "complaints_complaint",
    "complaints_formnonce",
    "complaints_attachment",
    "complaints_exclusion",
}


def rows_by_table(xid: str) -> dict[str, int]:
    """Every live row, in every table, written by transaction `xid`."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{table}" WHERE xmin::text = %s', [xid])
            if count := cursor.fetchone()[0]:
                found[table] = count
    return found


def xmin_of(complaint) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM complaints_complaint WHERE id = %s", [complaint.pk])
        return cursor.fetchone()[0]


@skipUnless(connection.vendor == "postgresql", "xmin is PostgreSQL's")
class TransactionIdTests(TransactionTestCase):
    def setUp(self):
        self.org = Organisation.objects.create(
            slug="org-x", name_th="องค์การบริหารส่วนตำบลเอ็กซ์", kind="sao", province="ชลบุรี"
        )
        handler = get_user_model().objects.create_user(
            "handler-x", password="a-long-test-password", first_name="สมชาย", last_name="ใจดีมาก"
        )
        ComplaintRole.objects.create(org=self.org, user=handler, role="handler")

    def file(self, **data):
        url = reverse("complaints:form", args=[self.org.slug])
        nonce = self.client.get(url).context["form"]["nonce"].value()
        form = {"nonce": nonce, "category": "corruption", "what": "เรียกรับเงิน", "anonymous": "1"}
        response = self.client.post(url, form | data)
        self.assertEqual(response.status_code, 201)
        return response.context["receipt"].replace(" ", "")

    def test_a_filing_writes_its_own_rows_only_and_the_night_rewrites_them(self):
        pdf = SimpleUploadedFile("e.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
        self.file(anonymous="0", name="นายผู้แจ้ง", contact="0800000000", files=[pdf])
        self.file(who_text="นายสมชาย ใจดีมาก")  # routed away from the handler it names
        receipt = self.file()
        self.client.post(
            reverse("complaints:follow-up", args=[self.org.slug]),
            {"receipt": receipt, "text": "เพิ่มเติม"},
        )
        filings = {}
        for complaint in Complaint.objects.all():
            xid = xmin_of(complaint)
            found = rows_by_table(xid)
            self.assertLessEqual(set(found), FILING_TABLES, found)
            self.assertEqual(found["complaints_complaint"], 1)
            self.assertEqual(found["complaints_formnonce"], 1)
            filings[complaint.pk] = xid
        self.assertEqual(len(set(filings.values())), 3)  # three filings, three transactions
        with connection.cursor() as cursor:
            cursor.execute("SELECT xmin::text FROM complaints_message")
            (message_xid,) = cursor.fetchone()
        self.assertEqual(rows_by_table(message_xid), {"complaints_message": 1})

        Complaint.objects.update(received_on=timezone.localdate() - timedelta(days=1))
        out = io.StringIO()
        call_command("complaints_purge", stdout=out)
        self.assertIn("settled 1 files", out.getvalue())
        for xid in filings.values():
            self.assertEqual(rows_by_table(xid), {}, "a live row keeps the filing transaction")
        tonight = {xmin_of(c) for c in Complaint.objects.all()}
        self.assertEqual(len(tonight), 1)  # all rewritten together
