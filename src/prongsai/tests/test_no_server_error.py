"""No 500 anywhere: every URL pattern, walked with malformed path values, query strings and bodies.

Each URL is filled with the shared test people's real ids and with malformed values, then asked
with GET (malformed values of every query parameter the view reads, arrays, htmx) and POST (empty,
malformed, repeated, junk files, oversized), as an officer, a read-only auditor, a complaint
handler, an anonymous visitor and a superuser. Every request runs in a savepoint rolled back
afterwards, so each one meets the same data; a 2xx answer to a malformed POST must have written
no row.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from decimal import Decimal
from unittest import mock
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from prongsai.api.models import ApiToken
from prongsai.complaints.models import Attachment, Complaint, ComplaintRole
from prongsai.ethics.models import EthicsAddition, GiftEntry, Indicator, NoGiftActivity
from prongsai.ethics.standards import load_standards
from prongsai.plans.models import Project, RiskAssessment, RiskItem
from prongsai.plans.templates_data import create_plan
from prongsai.surveys.models import Campaign, ServicePoint
from prongsai.test import BaseTestCase

NOT_OURS = ("admin",)  # Django's administration: its own code, with its own tests
SITE_PAGES = ("home", "login", "logout", "set_language")  # the project's own, outside the apps
# Malformed values of a query parameter or a form field.
BAD_VALUES = [
    "abc", "-1", "0", "99999999999999999999", "", " ", "๒๕๖๘", "ปีนี้", "1e3", "2568.5",
    "\x00", "%00", "<script>", "x" * 5000,
]  # fmt: skip
# Malformed path values, by converter, and what stands for them until reverse() has run.
BAD_PATH = {
    "int": ["0", "99999999999999999999"],
    "year": ["0", "1", "2499", "2568" * 5, "99999999999999999999"],
    "string": ["x", "ก", "\x00", "x" * 2000],
    "text": ["x", "\x00", "\x1f", "x" * 2000],
    "slug": ["no-such-org"],
    "uuid": [str(uuid.UUID(int=0)), "0b8c7d4e-2f1a-4c3b-9e8d-7f6a5b4c3d2e"],
}
DOWNLOAD = re.compile(r"\.(pdf|docx|xlsx|csv)$")
SENTINEL = {
    "int": 918273645, "year": 2699, "string": "zzsentinelzz", "text": "zztextzz", "slug": "zz-sentinel-zz",
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
}  # fmt: skip
FALLBACK = {
    "int": 1,
    "year": 2568,
    "string": "x",
    "text": "x",
    "slug": "x",
    "uuid": uuid.UUID(int=1),
}
FIELD_NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
FILE_FIELD = re.compile(
    r'<input\b[^>]*\btype="file"[^>]*\bname="([^"]+)"|<input\b[^>]*\bname="([^"]+)"[^>]*\btype="file"'
)


def walk_patterns() -> list[tuple[str, dict[str, str]]]:
    """(name, {kwarg: converter name}) of every route of every app (a new one too) and of the
    site's own pages."""
    out = []

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and (
                (namespace and namespace not in NOT_OURS)
                or (not namespace and p.name in SITE_PAGES)
            ):
                converters = {
                    k: type(c).__name__.removesuffix("Converter").lower()
                    for k, c in p.pattern.converters.items()
                }
                out.append((f"{namespace}:{p.name}" if namespace else p.name, converters))

    walk(get_resolver().url_patterns)
    return out


class CoverageTests(BaseTestCase):
    def test_the_walk_covers_every_route_of_the_apps(self):
        names = [name for name, _converters in walk_patterns()]
        self.assertGreaterEqual(len(names), 70)
        self.assertIn("complaints:public-stats", names)
        self.assertIn("set_language", names)

    def test_the_recorder_sees_the_parameters_a_view_reads(self):
        RecordingQueryDict.read.clear()
        with mock.patch.object(WSGIRequest, "GET", property(_recording_get)):
            self.client.get(reverse("complaints:public-stats", args=[self.org_a.slug]))
        self.assertEqual(RecordingQueryDict.read, {"year"})


class RecordingQueryDict(QueryDict):
    """request.GET that notes which parameters a view reads, so the walk tries exactly those."""

    read: set[str] = set()

    def __getitem__(self, key):
        RecordingQueryDict.read.add(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        RecordingQueryDict.read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        RecordingQueryDict.read.add(key)
        return super().__contains__(key)


def _recording_get(request):
    if "_walk_get" not in request.__dict__:
        query = request.META.get("QUERY_STRING", "")
        request.__dict__["_walk_get"] = RecordingQueryDict(query, encoding=request._encoding)
    return request.__dict__["_walk_get"]


class WalkTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        users = get_user_model().objects
        cls.superuser = users.create_superuser("root", password="a-long-test-password")
        cls.handler_a = users.create_user("handler-a", password="a-long-test-password")
        ComplaintRole.objects.create(org=cls.org_a, user=cls.handler_a, role="handler")
        today = timezone.localdate()
        dates = {"opens": today - timedelta(days=30), "closes": today + timedelta(days=30)}
        cls.campaigns = {
            tool: Campaign.objects.create(org=cls.org_a, year=2568, tool=tool, **dates)
            for tool in ("satisfaction", "eit", "iit")
        }
        ServicePoint.objects.create(org=cls.org_a, name="งานทะเบียน")
        cls.plan_a = create_plan(cls.org_a, "แผนของเอ")
        sub = cls.plan_a.dimensions.first().subsections.first()
        cls.project_a = Project.objects.create(
            plan=cls.plan_a, subsection=sub, name="โครงการของเอ", start_year=2566, end_year=2570
        )
        cls.complaint_a = Complaint.objects.create(
            org=cls.org_a, receipt_hash="0" * 64, category="corruption", what="x",
            received_on=today - timedelta(days=3),
        )  # fmt: skip
        cls.attachment_a = Attachment.objects.create(
            complaint=cls.complaint_a, file=ContentFile(b"%PDF-1.4\n", name="a.pdf"),
            content_type="application/pdf", size=9,
        )  # fmt: skip
        cls.risk_a = RiskItem.objects.create(
            assessment=RiskAssessment.objects.create(org=cls.org_a, year=2568),
            process="การจัดซื้อจัดจ้าง", risk="ฮั้ว", likelihood=3, impact=4,
        )  # fmt: skip
        load_standards(cls.org_a)
        cls.indicator_a = Indicator.objects.filter(standard__org=cls.org_a).first()
        cls.token_a, _text = ApiToken.objects.issue(name="walk", org=cls.org_a)
        cls.addition_a = EthicsAddition.objects.create(org=cls.org_a, number=1, text="ข้อของเอ")
        cls.activity_a = NoGiftActivity.objects.create(
            org=cls.org_a, held_on=today - timedelta(days=5), name="ประชุมชี้แจงนโยบาย"
        )
        cls.gift_a = GiftEntry.objects.create(
            org=cls.org_a, date=today - timedelta(days=2), official_name="นางสาวพิมพ์ใจ ดีงาม",
            giver="ร้าน ก", relation="non_relative", occasion="ปีใหม่", description="กระเช้า",
            value=Decimal(500), decision="refused",
        )  # fmt: skip

    def real_kwargs(self, route: str, converters: dict[str, str]) -> dict:
        """The shared test people's ids for the route; a path value not named here (a route
        added later) gets a plain value of its converter's kind, so the walk still covers it."""
        values = {
            "org_slug": self.org_a.slug, "year": 2568, "number": 1, "fmt": "docx",
            "name": self.org_a.province, "item": "o1", "kind": "announcement", "round": "h1",
            "token": self.campaigns["satisfaction"].token, "pk": self.measure_a.pk,
        }  # fmt: skip
        app = route.split(":")[0]
        if app == "surveys":
            tool = {"surveys:interview": "eit", "surveys:codes": "iit"}.get(route, "satisfaction")
            values |= {
                "pk": self.campaigns[tool].pk,
                "fmt": "xlsx" if route.endswith("export") else "docx",
            }
        if app == "complaints":
            values |= {"pk": self.complaint_a.pk, "file_pk": self.attachment_a.pk}
        if app == "plans":
            values |= {
                "pk": self.plan_a.pk,
                "project_pk": self.project_a.pk,
                "item_pk": self.risk_a.pk,
            }
            if route == "plans:measure-update":
                values["pk"] = self.measure_a.pk
        if app == "ethics":
            values["pk"] = {
                "ethics:addition": self.addition_a.pk, "ethics:addition-delete": self.addition_a.pk,
                "ethics:indicator-year": self.indicator_a.pk, "ethics:activity-delete": self.activity_a.pk,
                "ethics:gift": self.gift_a.pk,
            }.get(route, 0)  # fmt: skip
        if app == "oit" and route == "oit:findings":
            values["fmt"] = "xlsx"
        if app == "api":
            values["pk"] = self.token_a.pk
        return {n: values.get(n, FALLBACK[c]) for n, c in converters.items()}

    def path_variants(self, route: str, converters: dict) -> list[tuple[str, bool]]:
        """(url, is_real) for the real ids and for each path value replaced by a malformed one.

        A malformed value is put in place of a sentinel after reverse(), which would refuse it.
        """
        real = self.real_kwargs(route, converters)
        out = [(reverse(route, kwargs=real), True)]
        for name, converter in converters.items():
            sentinel = SENTINEL[converter]
            url = reverse(route, kwargs=real | {name: sentinel})
            for bad in BAD_PATH[converter]:
                out.append((url.replace(str(sentinel), quote(bad, safe="")), False))
        return out

    # ------------------------------------------------------------------ the walk

    fields: set[str] | None = None  # form field names seen on the pages, gathered once
    file_fields: set[str] = set()

    def setUp(self):
        self.failures: dict[str, int] = {}
        self.requests = 0
        self.baseline = self.row_counts()

    @staticmethod
    def row_counts() -> dict[str, int]:
        return {
            m._meta.label: m._base_manager.count()
            for m in apps.get_models()
            if m.__module__.startswith("prongsai.")
        }

    def fail_with(self, method: str, url: str, who: str, problem: str) -> None:
        key = f"{method.upper()} {url[:120]} as {who}: {problem[:240]}"
        self.failures[key] = self.failures.get(key, 0) + 1

    def ask(self, method: str, url: str, who: str, *, check_writes=False, **kwargs):
        """One request in a savepoint rolled back afterwards; a 500 or an exception is noted.

        With ``check_writes`` (a body no form accepts), a 2xx answer must have written no row.
        """
        self.requests += 1
        cache.clear()  # flood and receipt guards would answer 429 and hide what lies behind
        with transaction.atomic():
            try:
                response = getattr(self.client, method)(url, **kwargs)
            except Exception as exc:  # noqa: BLE001 - every escaped exception is a 500
                self.fail_with(method, url, who, f"{type(exc).__name__}: {exc}")
                transaction.set_rollback(True)
                return None
            if response.status_code >= 500:
                self.fail_with(method, url, who, f"HTTP {response.status_code}")
            elif check_writes and 200 <= response.status_code < 300:
                counts = self.row_counts()
                changed = {
                    k: (self.baseline[k], n) for k, n in counts.items() if self.baseline[k] != n
                }
                if changed:
                    self.fail_with(method, url, who, f"{response.status_code} but wrote {changed}")
            transaction.set_rollback(True)
        return response

    def gather_field_names(self) -> None:
        """Every form field and file field name on the pages an officer and a handler see."""
        names, files = set(), set()
        for user in (self.officer_a, self.handler_a):
            self.client.force_login(user)
            for route, converters in walk_patterns():
                url = reverse(route, kwargs=self.real_kwargs(route, converters))
                if DOWNLOAD.search(url):
                    continue
                response = self.ask("get", url, user.username)
                if response is None or "html" not in response.get("Content-Type", ""):
                    continue
                html = response.content.decode()
                names |= set(FIELD_NAME.findall(html))
                files |= {a or b for a, b in FILE_FIELD.findall(html)}
        names.discard("csrfmiddlewaretoken")
        type(self).fields, type(self).file_fields = names - files, files

    def post_bodies(self, thorough: bool) -> list[tuple[dict, dict, bool]]:
        """(data, extra client kwargs, whether no form can accept it) of the POSTs to send.

        Made again for each URL: the client reads an uploaded file to its end.
        """
        fields = self.fields
        big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
        if not thorough:
            return [
                ({}, {}, False),
                (dict.fromkeys(fields, "abc"), {}, False),
                (dict.fromkeys(fields, "\x00"), {}, True),
                ({"name": big}, {}, True),
            ]
        junk = [("x.csv", 'รหัส,คะแนน\n"ไม่ปิด,abc\n'.encode()), ("x.xlsx", b"PK\x03\x04 broken")]
        return [
            ({}, {}, False),
            ({}, {"headers": {"HX-Request": "true"}}, False),
            *[
                (dict.fromkeys(fields, bad), {}, False)
                for bad in ("abc", "-1", "99999999999999999999", "ก" * 50, "x" * 5000)
            ],
            (dict.fromkeys(fields, "\x00"), {}, True),
            (dict.fromkeys(fields, "\x00"), {"headers": {"HX-Request": "true"}}, True),
            ({f: ["1", "abc"] for f in fields}, {}, False),
            ({f: ["1", "\x00"] for f in fields}, {}, True),
            *[
                (
                    dict.fromkeys(fields, "abc")
                    | {f: SimpleUploadedFile(name, data) for f in self.file_fields},
                    {},
                    False,
                )
                for name, data in junk
            ],  # fmt: skip
            ({"name": big}, {}, True),
        ]

    def walk(self, user, who: str, *, thorough: bool) -> None:
        """Walk every route as ``user``; ``thorough``: each parameter with each bad value."""
        if self.fields is None:
            self.gather_field_names()
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        read = RecordingQueryDict.read
        for route, converters in walk_patterns():
            for url, is_real in self.path_variants(route, converters):
                read.clear()
                with mock.patch.object(WSGIRequest, "GET", property(_recording_get)):
                    self.ask("get", url, who)
                keys = set(read)
                if keys or not DOWNLOAD.search(url):  # a download that reads nothing: asked once
                    everything = dict.fromkeys(keys | {"year"}, "abc")
                    self.ask("get", url, who, data=everything, headers={"HX-Request": "true"})
                if not is_real:
                    self.ask("post", url, who)
                    self.ask("post", url, who, data=dict.fromkeys(self.fields, "abc"))
                    continue
                for key in sorted(keys):
                    for bad in BAD_VALUES if thorough else BAD_VALUES[:3]:
                        self.ask("get", url, who, data={key: bad})
                    self.ask("get", url, who, data={key: ["2568", "2569"]})
                for data, extra, invalid in self.post_bodies(thorough):
                    self.ask("post", url, who, data=data, check_writes=invalid, **extra)
        self.assertGreater(
            self.requests, 1200
        )  # about 1,450 to 2,200 per role (one document route)
        report = "\n".join(f"{k} (×{n})" for k, n in list(self.failures.items())[:100])
        self.assertFalse(self.failures, f"{len(self.failures)} distinct failures:\n{report}")


class NoServerErrorTests(WalkTestCase):
    def test_officer(self):
        self.walk(self.officer_a, "officer", thorough=True)

    def test_read_only_auditor(self):
        self.walk(self.auditor_a, "auditor", thorough=False)

    def test_complaint_handler(self):
        self.walk(self.handler_a, "handler", thorough=False)

    def test_anonymous(self):
        self.walk(None, "anonymous", thorough=False)

    def test_superuser(self):
        self.walk(self.superuser, "superuser", thorough=False)
