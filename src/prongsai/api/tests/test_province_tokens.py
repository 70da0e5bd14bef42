"""A province administrator's page of province tokens: made (shown once, only its hash kept),
listed, revoked, recorded in the audit trail; another province's token ids are a 404."""

from __future__ import annotations

import re

from auditlog.models import AbstractLogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from prongsai.api.models import ApiToken, digest_of
from prongsai.audit.models import AuditEntry
from prongsai.orgs.models import ProvinceRole
from prongsai.test import BaseTestCase

TOKEN = re.compile(r'<code id="new-token">(prs_[^<]+)</code>')


class ProvinceTokenPageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        users = get_user_model().objects
        cls.chonburi_admin = users.create_user("chonburi-admin", first_name="สมชาย")
        cls.khonkaen_admin = cls.province_admin("khonkaen-admin", "ขอนแก่น")
        ProvinceRole.objects.create(
            user=cls.chonburi_admin, province="ชลบุรี", role=ProvinceRole.Role.ADMINISTRATOR
        )
        cls.khonkaen_token, _text = ApiToken.objects.issue(name="ขอนแก่น", province="ขอนแก่น")
        cls.url = reverse("api:province-tokens", args=["ชลบุรี"])

    def make(self, name: str, write: bool):
        self.login(self.chonburi_admin)
        data = {"name": name, **({"write": "on"} if write else {})}
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        return response, TOKEN.search(response.content.decode())[1]

    def test_a_read_and_a_write_token_are_shown_once_and_work_on_the_api(self):
        response, read_text = self.make("แดชบอร์ดจังหวัด", write=False)
        _response, write_text = self.make("สคริปต์นำเข้า", write=True)
        read, write = ApiToken.objects.get(name="แดชบอร์ดจังหวัด"), ApiToken.objects.get(write=True)
        for row, text in ((read, read_text), (write, write_text)):
            self.assertEqual((row.org, row.province), (None, "ชลบุรี"))
            self.assertEqual(row.digest, digest_of(text))  # only the hash is kept
            self.assertEqual(row.created_by, self.chonburi_admin)
        self.assertFalse(read.write)
        page = self.client.get(self.url)
        self.assertNotContains(page, read_text)  # shown once
        self.assertNotContains(page, write_text)
        self.assertContains(page, read.prefix)
        self.assertNotContains(page, self.khonkaen_token.prefix)  # only the province's tokens
        # the token reads the province through the API, and nothing of another province
        self.client.logout()
        headers = {"Authorization": f"Bearer {read_text}"}
        ok = self.client.get(f"/api/v1/provinces/{'ชลบุรี'}/", headers=headers)
        self.assertEqual(ok.status_code, 200)
        other = self.client.get(f"/api/v1/provinces/{'ขอนแก่น'}/", headers=headers)
        self.assertEqual(other.status_code, 404)

    def test_revoking_stops_the_token_and_both_events_are_in_the_audit_trail(self):
        _response, text = self.make("ชั่วคราว", write=True)
        token = ApiToken.objects.get(name="ชั่วคราว")
        response = self.client.post(reverse("api:province-revoke", args=["ชลบุรี", token.pk]))
        self.assertRedirects(response, self.url)
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked)
        self.assertIsNone(ApiToken.objects.find(text))
        entries = AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ApiToken),
            object_id=token.pk,
            province="ชลบุรี",
        ).order_by("pk")
        self.assertEqual(
            [e.action for e in entries],
            [AbstractLogEntry.Action.CREATE, AbstractLogEntry.Action.UPDATE],
        )
        self.assertEqual({e.actor_id for e in entries}, {self.chonburi_admin.pk})
        self.assertTrue(all(text not in str(e.changes) for e in entries))  # never the token
        self.assertTrue(all(token.digest not in str(e.changes) for e in entries))
        history = self.client.get(self.url).context["history"]
        self.assertEqual([h["token"] for h in history], [str(token), str(token)])
        self.assertEqual(history[1]["who"], "สมชาย")

    def test_another_provinces_token_ids_are_404_and_stay_active(self):
        self.login(self.chonburi_admin)
        for args in (["ชลบุรี", self.khonkaen_token.pk], ["ขอนแก่น", self.khonkaen_token.pk]):
            url = reverse("api:province-revoke", args=args)
            for method in ("get", "post", "put", "patch", "delete"):
                with self.subTest(url=url, method=method):
                    self.assertEqual(getattr(self.client, method)(url).status_code, 404)
        org_token, _text = ApiToken.objects.issue(name="a", org=self.org_a)  # not a province's
        url = reverse("api:province-revoke", args=["ชลบุรี", org_token.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.khonkaen_token.refresh_from_db()
        org_token.refresh_from_db()
        self.assertIsNone(self.khonkaen_token.revoked)
        self.assertIsNone(org_token.revoked)

    def test_only_the_provinces_administrators(self):
        other = reverse("api:province-tokens", args=["ขอนแก่น"])
        for user in (self.chonburi_admin, self.province_a, self.officer_a):
            self.login(user)
            for method in ("get", "post", "put", "delete"):
                with self.subTest(user=user.username, method=method):
                    self.assertEqual(getattr(self.client, method)(other).status_code, 404)
        self.login(self.province_a)  # a reader of ชลบุรี, not its administrator
        self.assertEqual(self.client.post(self.url, {"name": "x"}).status_code, 404)
        self.assertEqual(ApiToken.objects.filter(province="ชลบุรี").count(), 0)
