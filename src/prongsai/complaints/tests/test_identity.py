"""Who may learn a complainant's identity: only a custodian discloses it, with a reason, to
themselves or to a handler who asked; everything is logged. Admins and superusers are not
custodians unless designated."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from prongsai.complaints import workflow
from prongsai.complaints.models import AuditEvent, Complaint, ComplaintRole, IdentityRequest
from prongsai.complaints.tests.base import ComplaintTestCase

NAME, CONTACT = "นายผู้แจ้ง ลับมาก", "02-000-0000"
REASON = "ต้องติดต่อกลับเพื่อขอหลักฐานเพิ่มเติม"
METHODS = ("get", "post", "put", "patch", "delete")
DISCLOSING = ("identity-disclosed", "identity-granted")


class IdentityTestCase(ComplaintTestCase):
    def setUp(self):
        self.file(anonymous="0", name=NAME, contact=CONTACT)
        self.complaint = Complaint.objects.get()
        self.client.logout()

    def url(self, name, *extra):
        return reverse(f"complaints:{name}", args=[self.org_a.slug, self.complaint.pk, *extra])

    def ask(self, handler=None, reason=REASON):
        self.login(handler or self.handler)
        return self.client.post(self.url("request-identity"), {"reason": reason})

    def decide(self, item, decision, reason=REASON):
        self.login(self.custodian)
        return self.client.post(
            self.url("decide-identity", item.pk), {"decision": decision, "reason": reason}
        )

    def assertNothingDisclosed(self):
        self.assertFalse(AuditEvent.objects.filter(action__in=DISCLOSING).exists())

    def assertHidden(self, response):
        for secret in (NAME, CONTACT):
            self.assertNotIn(secret, response.content.decode(), response.request["PATH_INFO"])


class HandlerTests(IdentityTestCase):
    def test_a_handler_cannot_disclose_by_any_url_or_method(self):
        self.ask(self.handler2)
        pending = IdentityRequest.objects.get()
        self.login(self.handler)
        page = self.client.get(self.url("detail"))
        self.assertContains(page, "data-identity-on-file")  # the handler knows one exists
        self.assertHidden(page)
        data = {"reason": REASON, "decision": "grant"}
        for url in (self.url("disclose"), self.url("decide-identity", pending.pk)):
            for method in METHODS:
                with self.subTest(url=url, method=method):
                    response = getattr(self.client, method)(url, data)
                    self.assertEqual(response.status_code, 403)
                    self.assertHidden(response)
        # the handler may not grant their own request either
        self.ask(self.handler)
        own = IdentityRequest.objects.get(handler=self.handler)
        self.assertEqual(
            self.client.post(self.url("decide-identity", own.pk), data).status_code, 403
        )
        for page in (self.url("detail"), reverse("complaints:board", args=[self.org_a.slug])):
            self.assertHidden(self.client.get(page))
        with self.assertRaises(PermissionDenied):
            workflow.disclose(self.complaint, self.handler, REASON)
        with self.assertRaises(PermissionDenied):
            workflow.decide(own, self.handler, grant=True, reason=REASON)
        self.assertNothingDisclosed()
        self.assertEqual(set(IdentityRequest.objects.values_list("status", flat=True)), {"pending"})

    def test_a_handlers_request_is_logged_and_shown_to_the_custodian(self):
        response = self.ask(reason="สั้น")
        self.assertContains(response, 'class="errors"', status_code=400)
        self.assertContains(response, "เหตุผลอย่างน้อย 10 ตัวอักษร", status_code=400)
        self.assertFalse(IdentityRequest.objects.exists())
        response = self.ask()
        self.assertRedirects(response, self.url("detail"))
        item = IdentityRequest.objects.get()
        self.assertEqual(
            (item.handler, item.reason, item.status), (self.handler, REASON, "pending")
        )
        event = AuditEvent.objects.get(action="identity-requested")
        self.assertEqual((event.actor, event.detail), (self.handler, REASON))
        page = self.client.get(self.url("detail"))
        self.assertContains(page, "รอผู้เก็บรักษาข้อมูลตัวตนผู้ร้องเรียนพิจารณา")
        self.assertHidden(page)
        again = self.ask()
        self.assertContains(again, "คำขอก่อนหน้าของท่านยังรอ", status_code=400)
        self.assertEqual(IdentityRequest.objects.count(), 1)

        self.login(self.custodian)
        board = self.client.get(reverse("complaints:board", args=[self.org_a.slug]))
        self.assertContains(board, "data-waiting-requests")
        self.assertContains(board, REASON)
        self.assertContains(board, self.url("detail"))
        detail = self.client.get(self.url("detail"))
        self.assertContains(detail, self.url("decide-identity", item.pk))
        self.assertContains(detail, "ให้เปิดเผยตัวตนแก่ผู้รับผิดชอบรายนี้")
        self.assertHidden(detail)  # seeing the request is not seeing the identity
        # the other handler's page does not show this handler's request
        self.login(self.handler2)
        self.assertNotContains(self.client.get(self.url("detail")), REASON)
        self.assertNothingDisclosed()

    def test_an_anonymous_complaint_has_nothing_to_ask_for(self):
        self.file(what="เรื่องไม่ระบุชื่อ")
        anonymous = Complaint.objects.get(anonymous=True)
        self.login(self.handler)
        url = reverse("complaints:request-identity", args=[self.org_a.slug, anonymous.pk])
        self.assertContains(
            self.client.post(url, {"reason": REASON}), "ไม่มีข้อมูลตัวตน", status_code=400
        )
        self.assertFalse(IdentityRequest.objects.exists())


class CustodianTests(IdentityTestCase):
    def test_the_custodian_grants_with_a_reason_and_only_that_handler_sees_it(self):
        self.ask()
        item = IdentityRequest.objects.get()
        short = self.decide(item, "grant", reason="ได้")
        self.assertContains(short, "เหตุผลอย่างน้อย 10 ตัวอักษร", status_code=400)
        self.assertHidden(short)
        item.refresh_from_db()
        self.assertEqual(item.status, "pending")
        self.assertNothingDisclosed()

        self.assertRedirects(self.decide(item, "grant", "ผู้ร้องขอให้ติดต่อกลับ"), self.url("detail"))
        item.refresh_from_db()
        self.assertEqual((item.status, item.decided_by), ("granted", self.custodian))
        granted = AuditEvent.objects.get(action="identity-granted")
        self.assertEqual(granted.actor, self.custodian)
        self.assertEqual(granted.detail, "handler-a: ผู้ร้องขอให้ติดต่อกลับ")
        self.assertContains(self.decide(item, "refuse"), "พิจารณาแล้ว", status_code=400)

        self.login(self.handler)
        for showing in (1, 2):  # every showing is logged
            page = self.client.get(self.url("detail"))
            self.assertContains(page, NAME)
            self.assertContains(page, CONTACT)
            shown = AuditEvent.objects.filter(action="identity-disclosed", actor=self.handler)
            self.assertEqual(shown.count(), showing)
        self.assertEqual(shown.first().detail, "custodian-a: ผู้ร้องขอให้ติดต่อกลับ")
        self.login(self.handler2)  # granted to handler-a, not to every handler
        self.assertHidden(self.client.get(self.url("detail")))
        self.assertFalse(AuditEvent.objects.filter(actor=self.handler2, action__in=DISCLOSING))

    def test_the_custodian_refuses_with_a_reason(self):
        self.ask()
        item = IdentityRequest.objects.get()
        self.assertRedirects(
            self.decide(item, "refuse", "ยังไม่จำเป็นในขั้นนี้ของการสอบสวน"), self.url("detail")
        )
        item.refresh_from_db()
        self.assertEqual(
            (item.status, item.decision_reason), ("refused", "ยังไม่จำเป็นในขั้นนี้ของการสอบสวน")
        )
        event = AuditEvent.objects.get(action="identity-refused")
        self.assertEqual(
            (event.actor, event.detail), (self.custodian, "handler-a: ยังไม่จำเป็นในขั้นนี้ของการสอบสวน")
        )
        self.login(self.handler)
        page = self.client.get(self.url("detail"))
        self.assertContains(page, "ยังไม่จำเป็นในขั้นนี้ของการสอบสวน")  # the handler reads why
        self.assertContains(page, "ปฏิเสธ")
        self.assertHidden(page)
        self.assertNothingDisclosed()

    def test_the_custodian_discloses_to_themselves_with_a_logged_reason(self):
        self.login(self.custodian)
        page = self.client.get(self.url("detail"))
        self.assertContains(page, self.url("disclose"))
        self.assertHidden(page)
        self.assertEqual(self.client.get(self.url("disclose")).status_code, 405)
        refused = self.client.post(self.url("disclose"), {"reason": "ดู"})
        self.assertEqual(refused.status_code, 400)
        self.assertHidden(refused)
        self.assertNothingDisclosed()
        shown = self.client.post(self.url("disclose"), {"reason": REASON})
        self.assertContains(shown, NAME)
        self.assertEqual(shown["Cache-Control"].count("no-store"), 1)
        event = AuditEvent.objects.get(action="identity-disclosed")
        self.assertEqual((event.actor, event.detail), (self.custodian, REASON))


class DesignationTests(IdentityTestCase):
    def test_administrators_and_superusers_are_not_custodians_unless_designated(self):
        self.ask()
        item = IdentityRequest.objects.get()
        board = reverse("complaints:board", args=[self.org_a.slug])
        pages = [self.url("detail")]
        actions = [
            self.url("disclose"),
            self.url("request-identity"),
            self.url("decide-identity", item.pk),
        ]
        calls = [("get", url) for url in pages + actions] + [("post", url) for url in actions]
        data = {"reason": REASON, "decision": "grant"}
        for user in (self.admin_a, self.superuser):
            self.login(user)
            # The board tells them who is designated, and shows no case.
            self.assertHidden(self.client.get(board))
            self.assertNotContains(self.client.get(board), "data-waiting-requests")
            for method, url in calls:
                if True:
                    with self.subTest(user=user.username, url=url, method=method):
                        response = getattr(self.client, method)(url, data)
                        self.assertEqual(response.status_code, 404)
                        self.assertHidden(response)
            with self.assertRaises(PermissionDenied):
                workflow.disclose(self.complaint, user, REASON)
            with self.assertRaises(PermissionDenied):
                workflow.decide(item, user, grant=True, reason=REASON)
        self.assertNothingDisclosed()
        item.refresh_from_db()
        self.assertEqual(item.status, "pending")

        # Designated, the superuser is a custodian like any other: logged like any other.
        ComplaintRole.objects.create(org=self.org_a, user=self.superuser, role="custodian")
        self.login(self.superuser)
        self.assertContains(self.client.post(self.url("disclose"), {"reason": REASON}), NAME)
        event = AuditEvent.objects.get(action="identity-disclosed")
        self.assertEqual(event.actor, self.superuser)
