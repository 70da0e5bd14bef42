"""Delegated administration: invitations, password reset, an organisation's administrator and a
province's administrator, what each may touch (another's: 404), and the audit trail of it all."""

from __future__ import annotations

import io
import re

from auditlog.models import AbstractLogEntry
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from prongsai.audit.models import AuditEntry
from prongsai.complaints.models import ComplaintRole
from prongsai.frameworks import drafts
from prongsai.frameworks.library import criteria_years
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import published_for
from prongsai.orgs.models import Membership, Organisation
from prongsai.test import PASSWORD, BaseTestCase

LINK = re.compile(r"https?://[^/\s]+(/\S*/reset/\S+/)")


def link_in(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found[1]


class DelegationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        users = get_user_model().objects
        cls.admin_a = users.create_user("admin-a", password=PASSWORD, email="admin-a@org-a.example")
        cls.admin_membership = Membership.objects.create(
            user=cls.admin_a, org=cls.org_a, role="admin"
        )
        cls.chonburi_admin = cls.province_admin("chonburi-admin", "ชลบุรี")
        cls.khonkaen_admin = cls.province_admin("khonkaen-admin", "ขอนแก่น")
        cls.officer_a.email = "officer-a@org-a.example"
        cls.officer_a.save()
        cls.officer_a_membership = Membership.objects.get(user=cls.officer_a, org=cls.org_a)
        cls.officer_b_membership = Membership.objects.get(user=cls.officer_b, org=cls.org_b)

    def can_log_in(self, username: str, password: str) -> bool:
        """Through the login page (django-axes wants a request)."""
        response = self.client.post(reverse("login"), {"username": username, "password": password})
        return response.status_code == 302

    def set_password_through(self, path: str, password: str):
        """Open a one-time link and set the password on the page it leads to."""
        page = self.client.get(path, follow=True)
        self.assertContains(page, 'name="new_password1"')
        set_url = page.redirect_chain[-1][0] if page.redirect_chain else path
        return self.client.post(
            set_url, {"new_password1": password, "new_password2": password}, follow=True
        )


class InvitationTests(DelegationTestCase):
    def test_an_invitation_link_sets_the_password_once(self):
        self.login(self.admin_a)
        response = self.client.post(
            reverse("delegation:invite", args=[self.org_a.slug]),
            {"email": "somsri@org-a.example", "first_name": "สมศรี", "last_name": "ดูแลดี",
             "role": "officer", "position": "นิติกร", "complaint_roles": ["handler"]},
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        user = get_user_model().objects.get(email="somsri@org-a.example")
        self.assertFalse(user.has_usable_password())
        membership = Membership.objects.get(user=user, org=self.org_a)
        self.assertEqual((membership.role, membership.position), ("officer", "นิติกร"))
        self.assertTrue(ComplaintRole.objects.filter(user=user, org=self.org_a, role="handler"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["somsri@org-a.example"])
        self.assertIn(self.org_a.name_th, mail.outbox[0].subject)
        path = link_in(mail.outbox[0])
        self.client.logout()
        done = self.set_password_through(path, "a-new-long-password-1")
        self.assertEqual(done.status_code, 200)
        user.refresh_from_db()
        self.assertTrue(user.check_password("a-new-long-password-1"))
        self.assertTrue(self.can_log_in(user.username, "a-new-long-password-1"))
        self.client.logout()
        again = self.client.get(path, follow=True)
        self.assertNotContains(again, 'name="new_password1"')
        self.assertEqual(again.context["validlink"], False)
        # the trail: the membership created, the invitation sent, the complaint role given
        entries = AuditEntry.objects.filter(organisation_id=self.org_a.pk, object_id=membership.pk)
        self.assertTrue(entries.filter(action=AbstractLogEntry.Action.CREATE).exists())
        changes = {k for e in entries for k in (e.changes or {})}
        self.assertIn("invitation:sent to", changes)
        self.assertIn("complaints:roles", changes)
        self.assertEqual(entries.first().actor, self.admin_a)

    def test_an_expired_link_does_not_work(self):
        self.login(self.admin_a)
        self.client.post(
            reverse("delegation:invite", args=[self.org_a.slug]),
            {"email": "late@org-a.example", "first_name": "ช้า", "role": "auditor"},
        )
        path = link_in(mail.outbox[0])
        self.client.logout()
        with self.settings(PASSWORD_RESET_TIMEOUT=-1):
            page = self.client.get(path, follow=True)
        self.assertEqual(page.context["validlink"], False)

    def test_a_bad_invitation_is_a_400_that_keeps_the_input(self):
        self.login(self.admin_a)
        response = self.client.post(
            reverse("delegation:invite", args=[self.org_a.slug]),
            {"email": "not-an-address", "first_name": "ก", "role": "officer"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "not-an-address", status_code=400)
        self.assertEqual(len(mail.outbox), 0)


class PasswordResetTests(DelegationTestCase):
    def test_a_forgotten_password_is_set_again_by_mail(self):
        response = self.client.post(reverse("password_reset"), {"email": "officer-a@org-a.example"})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        done = self.set_password_through(link_in(mail.outbox[0]), "another-long-password-2")
        self.assertEqual(done.status_code, 200)
        self.assertTrue(self.can_log_in("officer-a", "another-long-password-2"))

    def test_an_invitee_whose_link_expired_asks_for_a_new_one(self):
        invitee = get_user_model().objects.create_user("late", email="late@org-a.example")
        self.assertFalse(invitee.has_usable_password())
        self.client.post(reverse("password_reset"), {"email": "LATE@org-a.example"})
        self.assertEqual(len(mail.outbox), 1)
        self.set_password_through(link_in(mail.outbox[0]), "finally-a-password-4")
        self.assertTrue(self.can_log_in("late", "finally-a-password-4"))

    def test_an_unknown_address_sends_nothing_and_says_the_same(self):
        response = self.client.post(reverse("password_reset"), {"email": "nobody@x.example"})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 0)

    def test_the_login_page_offers_it(self):
        self.assertContains(self.client.get(reverse("login")), reverse("password_reset"))


class OrganisationAdministratorTests(DelegationTestCase):
    def test_roles_and_complaint_roles_are_set_and_recorded(self):
        self.login(self.admin_a)
        m = self.officer_a_membership
        response = self.client.post(
            reverse("delegation:member", args=[self.org_a.slug, m.pk]),
            {f"m{m.pk}-role": "executive", f"m{m.pk}-position": "ปลัด",
             f"m{m.pk}-complaint_roles": ["handler", "custodian"]},
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        m.refresh_from_db()
        self.assertEqual((m.role, m.position), ("executive", "ปลัด"))
        self.assertEqual(
            set(ComplaintRole.objects.filter(org=self.org_a, user=self.officer_a).values_list(
                "role", flat=True)),
            {"handler", "custodian"},
        )  # fmt: skip
        entries = AuditEntry.objects.filter(object_id=m.pk, action=AbstractLogEntry.Action.UPDATE)
        changes = {}
        for e in entries:
            changes |= e.changes
        self.assertEqual(changes["role"], ["officer", "executive"])
        self.assertEqual(changes["complaints:roles"], ["", "custodian, handler"])
        page = self.client.get(reverse("delegation:people", args=[self.org_a.slug]))
        self.assertContains(page, self.officer_a.username)

    def test_removing_a_person_takes_their_roles(self):
        ComplaintRole.objects.create(org=self.org_a, user=self.officer_a, role="handler")
        self.login(self.admin_a)
        m = self.officer_a_membership
        url = reverse("delegation:remove", args=[self.org_a.slug, m.pk])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(Membership.objects.filter(pk=m.pk).exists())
        self.assertFalse(ComplaintRole.objects.filter(org=self.org_a, user=self.officer_a))
        self.assertTrue(
            AuditEntry.objects.filter(object_id=m.pk, action=AbstractLogEntry.Action.DELETE)
        )

    def test_the_administrator_cannot_remove_or_demote_themselves(self):
        self.login(self.admin_a)
        m = self.admin_membership
        self.client.post(reverse("delegation:remove", args=[self.org_a.slug, m.pk]))
        self.client.post(
            reverse("delegation:member", args=[self.org_a.slug, m.pk]), {f"m{m.pk}-role": "officer"}
        )
        m.refresh_from_db()
        self.assertEqual(m.role, "admin")

    def test_other_roles_get_403_other_organisations_404(self):
        self.login(self.officer_a)
        self.assertEqual(
            self.client.get(reverse("delegation:people", args=[self.org_a.slug])).status_code, 403
        )
        self.login(self.admin_a)
        # B's membership through A's address, and B's own address: not found
        m = self.officer_b_membership
        for url in (
            reverse("delegation:member", args=[self.org_a.slug, m.pk]),
            reverse("delegation:remove", args=[self.org_a.slug, m.pk]),
            reverse("delegation:remove", args=[self.org_b.slug, m.pk]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, {}).status_code, 404)
        self.assertTrue(Membership.objects.filter(pk=m.pk).exists())


class ProvinceAdministratorTests(DelegationTestCase):
    def test_the_province_page_is_its_administrators_only(self):
        self.login(self.chonburi_admin)
        page = self.client.get(reverse("delegation:province", args=["ชลบุรี"]))
        self.assertContains(page, self.org_a.name_th)
        self.assertNotContains(page, self.org_b.name_th)
        self.assertEqual(
            self.client.get(reverse("delegation:province", args=["ขอนแก่น"])).status_code, 404
        )
        # and reads the province's organisations as a provincial reader does
        self.assertEqual(
            self.client.get(reverse("orgs:detail", args=[self.org_a.slug])).status_code, 200
        )
        self.assertEqual(
            self.client.get(reverse("orgs:detail", args=[self.org_b.slug])).status_code, 404
        )
        self.login(self.province_a)  # a reader, not an administrator
        self.assertEqual(
            self.client.get(reverse("delegation:province", args=["ชลบุรี"])).status_code, 404
        )

    def test_a_province_administrator_of_x_cannot_touch_y(self):
        self.login(self.khonkaen_admin)
        m = self.officer_a_membership
        before = self.officer_a.password
        for name, args in (
            ("delegation:province-org", ["ชลบุรี", self.org_a.slug]),
            ("delegation:province-org", ["ขอนแก่น", self.org_a.slug]),
            ("delegation:province-reset", ["ขอนแก่น", self.org_a.slug, m.pk]),
            ("delegation:province-reset", ["ขอนแก่น", self.org_b.slug, m.pk]),
            ("delegation:province-reset", ["ชลบุรี", self.org_a.slug, m.pk]),
            ("delegation:province-add", ["ชลบุรี"]),
            ("delegation:province-import", ["ชลบุรี"]),
            ("delegation:province-draft", ["ชลบุรี"]),
        ):
            with self.subTest(name=name, args=args):
                url = reverse(name, args=args)
                self.assertEqual(self.client.post(url, {"email": "x@x.example"}).status_code, 404)
        self.officer_a.refresh_from_db()
        self.assertEqual(self.officer_a.password, before)
        self.assertEqual(len(mail.outbox), 0)

    def test_adding_an_organisation_of_the_province(self):
        self.login(self.chonburi_admin)
        url = reverse("delegation:province-add", args=["ชลบุรี"])
        bad = self.client.post(
            url, {"code": "6200999", "name_th": "อบต.ใหม่", "kind": "sao", "size": "S",
                  "district": "โนนศิลา"},
        )  # fmt: skip
        self.assertContains(bad, "ไม่มีอำเภอ &#x27;โนนศิลา&#x27; ในจังหวัดชลบุรี", status_code=400)
        self.assertContains(bad, "อบต.ใหม่", status_code=400)
        good = self.client.post(
            url, {"code": "6200999", "name_th": "อบต.ใหม่", "kind": "sao", "size": "S",
                  "district": "บ้านบึง", "subdistrict": "หนองชาก"},
        )  # fmt: skip
        self.assertEqual(good.status_code, 302)
        org = Organisation.objects.get(code="6200999")
        self.assertEqual((org.province, org.district, org.subdistrict.name_th),
                         ("ชลบุรี", "บ้านบึง", "หนองชาก"))  # fmt: skip
        entry = AuditEntry.objects.get(organisation_id=org.pk)
        self.assertEqual(entry.actor, self.chonburi_admin)

    def test_importing_a_register_upload_preview_confirm(self):
        self.login(self.chonburi_admin)
        url = reverse("delegation:province-import", args=["ชลบุรี"])
        data = (
            "code,name_th,kind,size,province,district,subdistrict\n"
            "6200301,อบต.หนึ่ง,อบต.,เล็ก,ชลบุรี,บ้านบึง,หนองชาก\n"
            "6200302,เทศบาลตำบลสอง,เทศบาลตำบล,กลาง,ชลบุรี,เมืองชลบุรี,\n"
        ).encode()
        upload = io.BytesIO(data)
        upload.name = "register.csv"
        preview = self.client.post(url, {"file": upload})
        self.assertContains(preview, "อบต.หนึ่ง")
        self.assertFalse(Organisation.objects.filter(code="6200301").exists())
        token = preview.context["token"]
        done = self.client.post(url, {"confirm": token})
        self.assertEqual(done.status_code, 302)
        self.assertEqual(Organisation.objects.filter(code__in=["6200301", "6200302"]).count(), 2)
        # the same confirmation again writes nothing
        self.assertEqual(self.client.post(url, {"confirm": token}).status_code, 302)
        self.assertEqual(Organisation.objects.filter(province="ชลบุรี").count(), 3)

    def test_a_register_of_another_province_is_refused_with_its_rows(self):
        self.login(self.chonburi_admin)
        upload = io.BytesIO("code,name_th,kind,province\n4000009,อบต.ไกล,อบต.,ขอนแก่น\n".encode())
        upload.name = "register.csv"
        response = self.client.post(
            reverse("delegation:province-import", args=["ชลบุรี"]), {"file": upload}
        )
        self.assertContains(response, "แถว 2 คอลัมน์ province", status_code=400)
        self.assertFalse(Organisation.objects.filter(code="4000009").exists())

    def test_inviting_an_organisations_administrator_and_resetting_access(self):
        self.login(self.chonburi_admin)
        url = reverse("delegation:province-org", args=["ชลบุรี", self.org_a.slug])
        response = self.client.post(
            url, {"email": "head@org-a.example", "first_name": "หัวหน้า", "position": "ปลัด"}
        )
        self.assertEqual(response.status_code, 302)
        head = get_user_model().objects.get(email="head@org-a.example")
        self.assertEqual(Membership.objects.get(user=head, org=self.org_a).role, "admin")
        self.assertEqual(len(mail.outbox), 1)
        m = self.officer_a_membership
        self.client.post(reverse("delegation:province-reset", args=["ชลบุรี", self.org_a.slug, m.pk]))
        self.officer_a.refresh_from_db()
        self.assertFalse(self.officer_a.has_usable_password())
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(mail.outbox[1].to, ["officer-a@org-a.example"])
        entry = AuditEntry.objects.get(object_id=m.pk, changes__has_key="access:password")
        self.assertEqual(entry.actor, self.chonburi_admin)
        self.assertEqual(entry.organisation_id, self.org_a.pk)
        self.client.logout()
        self.set_password_through(link_in(mail.outbox[1]), "brand-new-password-3")
        self.assertTrue(self.can_log_in("officer-a", "brand-new-password-3"))

    def test_someone_with_a_role_elsewhere_is_not_reset_by_the_province(self):
        Membership.objects.create(user=self.officer_a, org=self.org_b, role="auditor")
        before = self.officer_a.password
        self.login(self.chonburi_admin)
        m = self.officer_a_membership
        url = reverse("delegation:province-reset", args=["ชลบุรี", self.org_a.slug, m.pk])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.officer_a.refresh_from_db()
        self.assertEqual(self.officer_a.password, before)
        self.assertEqual(len(mail.outbox), 0)

    def test_provisional_criteria_for_the_province(self):
        year = max(criteria_years()) + 1
        self.login(self.chonburi_admin)
        url = reverse("delegation:province-draft", args=["ชลบุรี"])
        self.assertEqual(self.client.post(url, {"year": year}).status_code, 302)
        row = Framework.objects.get(province="ชลบุรี", year=year)
        self.assertEqual(row.status, "draft")
        self.assertIsNone(published_for(self.org_a, year))
        publish = reverse("delegation:province-publish", args=["ชลบุรี", row.pk])
        self.assertEqual(self.client.post(publish).status_code, 302)
        self.assertEqual(published_for(self.org_a, year), row)
        self.assertIsNone(published_for(self.org_b, year))  # another province
        self.assertTrue(AuditEntry.objects.filter(province="ชลบุรี", object_id=row.pk).exists())
        self.assertIn("จังหวัดชลบุรี", drafts.provisional_notice(row))
        # an organisation with criteria of its own keeps them
        own = drafts.publish(drafts.start_draft(self.org_a, year))
        self.assertEqual(published_for(self.org_a, year), own)
        # Khon Kaen's administrator cannot publish Chonburi's
        self.login(self.khonkaen_admin)
        other = reverse("delegation:province-publish", args=["ขอนแก่น", row.pk])
        self.assertEqual(self.client.post(other).status_code, 404)
        # an official year is refused with a message
        self.login(self.chonburi_admin)
        refused = self.client.post(url, {"year": max(criteria_years())})
        self.assertEqual(refused.status_code, 400)
