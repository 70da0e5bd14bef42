"""A province administrator's own people: inviting a colleague of the provincial office as a
reader of the province (one-time link, audit trail), removing one; never an administrator, never
another province's reader."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from unittest import mock

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connections
from django.urls import reverse

from prongsai.audit.models import AuditEntry
from prongsai.cli import main as prongsai_cli
from prongsai.delegation.tests.test_delegation import DelegationTestCase, link_in
from prongsai.orgs.models import ProvinceRole

NEW_PASSWORD = "ป่าช้าเหงา-2570!"


class ProvincePeopleTests(DelegationTestCase):
    def invite(self, **data):
        return self.client.post(
            reverse("delegation:province-invite-reader", args=["ชลบุรี"]),
            {"email": "somsri@chonburi-office.example", "first_name": "สมศรี",
             "last_name": "ใจดี", **data},
        )  # fmt: skip

    def test_an_invited_colleague_reads_the_province_and_administers_nothing(self):
        self.login(self.chonburi_admin)
        response = self.invite()
        self.assertRedirects(response, reverse("delegation:province", args=["ชลบุรี"]) + "#people")
        role = ProvinceRole.objects.get(user__email="somsri@chonburi-office.example")
        self.assertEqual((role.province, role.role), ("ชลบุรี", ProvinceRole.Role.READER))
        [message] = mail.outbox
        self.assertIn("ชลบุรี", message.subject)
        self.assertIn("ผู้อ่านระดับจังหวัด", message.body)
        entry = AuditEntry.objects.get(
            content_type__model="provincerole", object_id=role.pk, action=AuditEntry.Action.CREATE
        )
        self.assertEqual((entry.actor, entry.province), (self.chonburi_admin, "ชลบุรี"))
        page = self.client.get(reverse("delegation:province", args=["ชลบุรี"]))
        self.assertContains(page, "สมศรี ใจดี")
        self.assertContains(
            page, reverse("delegation:province-remove-reader", args=["ชลบุรี", role.pk])
        )
        # The colleague sets a password by the link and lands on the province's comparison.
        self.client.logout()
        self.set_password_through(link_in(message), NEW_PASSWORD)
        self.client.logout()
        self.assertTrue(self.can_log_in(role.user.username, NEW_PASSWORD))
        self.assertRedirects(
            self.client.get("/"),
            reverse("ita:province", args=["ชลบุรี"]),
            fetch_redirect_response=False,
        )
        self.assertEqual(self.client.get(reverse("ita:province", args=["ชลบุรี"])).status_code, 200)
        self.assertEqual(self.client.get(f"/o/{self.org_a.slug}/").status_code, 200)
        self.assertEqual(self.client.get(f"/o/{self.org_b.slug}/").status_code, 404)
        self.assertEqual(
            self.client.get(reverse("delegation:province", args=["ชลบุรี"])).status_code, 404
        )

    def test_a_bad_invitation_is_a_400_that_keeps_the_input_and_writes_nothing(self):
        self.login(self.chonburi_admin)
        roles = ProvinceRole.objects.count()
        response = self.invite(email="ไม่ใช่อีเมล", first_name="")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="ไม่ใช่อีเมล"', status_code=400)
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertEqual(ProvinceRole.objects.count(), roles)
        self.assertFalse(get_user_model().objects.filter(email="ไม่ใช่อีเมล").exists())
        self.assertEqual(mail.outbox, [])

    def test_inviting_the_provinces_administrator_keeps_their_role(self):
        self.chonburi_admin.email = "admin@chonburi-office.example"
        self.chonburi_admin.save()
        self.login(self.chonburi_admin)
        self.invite(email="admin@chonburi-office.example")
        role = ProvinceRole.objects.get(user=self.chonburi_admin)
        self.assertEqual(role.role, ProvinceRole.Role.ADMINISTRATOR)

    def test_removing_a_reader_ends_their_reading(self):
        reader = ProvinceRole.objects.get(user=self.province_a)
        self.login(self.chonburi_admin)
        response = self.client.post(
            reverse("delegation:province-remove-reader", args=["ชลบุรี", reader.pk])
        )
        self.assertRedirects(response, reverse("delegation:province", args=["ชลบุรี"]) + "#people")
        self.assertFalse(ProvinceRole.objects.filter(pk=reader.pk).exists())
        self.assertTrue(
            AuditEntry.objects.filter(
                content_type__model="provincerole", object_id=reader.pk,
                action=AuditEntry.Action.DELETE, actor=self.chonburi_admin,
            ).exists()
        )  # fmt: skip
        self.login(self.province_a)
        self.assertEqual(self.client.get(reverse("ita:province", args=["ชลบุรี"])).status_code, 404)

    def test_no_administrator_and_no_other_provinces_reader_can_be_removed(self):
        khonkaen_reader = ProvinceRole.objects.create(
            user=get_user_model().objects.create_user("kk-reader"), province="ขอนแก่น"
        )
        administrator = ProvinceRole.objects.get(user=self.chonburi_admin)
        chonburi_reader = ProvinceRole.objects.get(user=self.province_a)
        # The Khon Kaen administrator, under their own province's name, with Chonburi's ids;
        # the Chonburi administrator with an administrator's id: not found, on every method.
        attempts = (
            (self.khonkaen_admin, "ขอนแก่น", chonburi_reader.pk),
            (self.khonkaen_admin, "ขอนแก่น", administrator.pk),
            (self.chonburi_admin, "ชลบุรี", administrator.pk),
            (self.chonburi_admin, "ชลบุรี", khonkaen_reader.pk),
        )
        for user, province, pk in attempts:
            self.login(user)
            url = reverse("delegation:province-remove-reader", args=[province, pk])
            for method in ("get", "post", "put", "delete"):
                with self.subTest(user=user.username, pk=pk, method=method):
                    self.assertEqual(getattr(self.client, method)(url).status_code, 404)
        self.assertEqual(ProvinceRole.objects.filter(pk__in=[a[2] for a in attempts]).count(), 3)
        self.assertTrue(ProvinceRole.objects.filter(pk=khonkaen_reader.pk).exists())


class ProvinceInviteCommandTests(DelegationTestCase):
    """`prongsai province invite`: how the site's administrator appoints a province's first
    administrator without the Django admin."""

    def run_cli(self, *args: str) -> str:
        out = io.StringIO()
        # The real console entry point; Django closes connections after a command, which would
        # end the test's transaction on PostgreSQL.
        with mock.patch.object(connections, "close_all"), redirect_stdout(out):
            prongsai_cli(["province", "invite", *args])
        return out.getvalue()

    def test_an_administrator_is_appointed_by_mail_and_recorded(self):
        with self.settings(BASE_URL="https://prongsai.chonburi.example"):
            said = self.run_cli(
                "wanpen@rayong-office.example", "--province", "ระยอง",
                "--first-name", "วันเพ็ญ", "--administrator",
            )  # fmt: skip
        self.assertIn("ผู้ดูแลระดับจังหวัด จังหวัดระยอง", said)
        role = ProvinceRole.objects.get(user__email="wanpen@rayong-office.example")
        self.assertEqual((role.province, role.role), ("ระยอง", ProvinceRole.Role.ADMINISTRATOR))
        [message] = mail.outbox
        self.assertIn("เรียน วันเพ็ญ", message.body)  # Thai, the site's language
        self.assertIn("นำเข้าผลการประเมินของทั้งจังหวัด", message.body)
        self.assertIn("https://prongsai.chonburi.example/", message.body)
        entry = AuditEntry.objects.get(content_type__model="provincerole", object_id=role.pk)
        self.assertEqual(entry.source, "prongsai province invite")
        # The link sets the password; the administrator reaches the province's own page.
        self.set_password_through(link_in(message), NEW_PASSWORD)
        self.client.logout()
        self.assertTrue(self.can_log_in(role.user.username, NEW_PASSWORD))
        page = self.client.get(reverse("delegation:province", args=["ระยอง"]))
        self.assertEqual(page.status_code, 200)

    def test_a_reader_made_administrator_keeps_one_role(self):
        self.province_a.email = "reader@chonburi-office.example"
        self.province_a.save()
        self.run_cli(
            "reader@chonburi-office.example", "--province", "ชลบุรี", "--first-name", "ก",
            "--administrator",
        )  # fmt: skip
        [role] = ProvinceRole.objects.filter(user=self.province_a)
        self.assertEqual(role.role, ProvinceRole.Role.ADMINISTRATOR)

    def test_an_unknown_province_or_a_bad_address_writes_nothing(self):
        users = get_user_model().objects.count()
        for args, said in (
            (("x@y.example", "--province", "Chonburi"), "ไม่รู้จักจังหวัด"),
            (("not-an-address", "--province", "ชลบุรี"), "ไม่ถูกต้อง"),
        ):
            with self.subTest(args=args), self.assertRaises(SystemExit):
                err = io.StringIO()
                with redirect_stderr(err):
                    self.run_cli(*args, "--first-name", "ก")
            self.assertIn(said, err.getvalue())
        self.assertEqual(get_user_model().objects.count(), users)
        self.assertEqual(mail.outbox, [])
