"""The first promise: nothing stored can link a person, a code, an address or a time to answers."""

from __future__ import annotations

import csv
import io
import os
import re
import uuid
from datetime import timedelta

from django.apps import apps
from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from prongsai.nonces import new_nonce
from prongsai.surveys.intake import generate_codes
from prongsai.surveys.models import Answer, Campaign, OneTimeCode, Response, SpentCodes
from prongsai.surveys.questionnaire import for_campaign
from prongsai.test import BaseTestCase

WRITE = re.compile(r'\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)
CLIENT_IP = "203.0.113.77"
USER_AGENT = "CheapPhone/1.0 (Prongsai anonymity test)"


def answers_for(campaign, pick=0) -> dict[str, str]:
    return {
        item.code: item.choices[pick % len(item.choices)].key
        for item in for_campaign(campaign).items
    }


def dump_database() -> str:
    """Every row of every table as text, as someone with the database would see it."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks += [f"{table}: {row!r}" for row in cursor.fetchall()]
    return "\n".join(chunks)


class AnonymityTests(BaseTestCase):
    def setUp(self):
        today = timezone.localdate()
        self.iit = Campaign.objects.create(
            org=self.org_a,
            year=2568,
            tool="iit",
            opens=today - timedelta(days=1),
            closes=today + timedelta(days=30),
        )
        self.eit = Campaign.objects.create(
            org=self.org_a,
            year=2568,
            tool="eit",
            opens=today - timedelta(days=1),
            closes=today + timedelta(days=30),
        )

    def post(self, campaign, data):
        url = reverse("surveys:survey", args=[campaign.token])
        query = {"c": data["code"]} if "code" in data else {}
        page = self.client.get(url, query, REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT)
        # A spent code stops at the code step: a second try posts with a nonce of its own.
        nonce = page.context["form"]["nonce"].value() if "form" in page.context else new_nonce()
        return self.client.post(
            url, {"nonce": nonce, **data}, REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT
        )

    def test_a_used_or_unknown_code_is_told_before_any_question(self):
        url = reverse("surveys:survey", args=[self.iit.token])
        first = self.client.get(url)
        self.assertContains(first, 'name="c"')
        self.assertNotIn("form", first.context)
        code = generate_codes(self.iit, 1)[0]
        fresh = self.client.get(url, {"c": code.lower()})
        self.assertEqual(fresh.status_code, 200)
        self.assertIn("form", fresh.context)
        self.assertEqual(
            self.post(self.iit, {"code": code, **answers_for(self.iit)}).status_code, 302
        )
        for tried in (code, "AAAA-BBBB-CCCC"):
            again = self.client.get(url, {"c": tried})
            with self.subTest(tried=tried):
                self.assertContains(again, "รหัสนี้ไม่ถูกต้องหรือถูกใช้แล้ว", status_code=409)
                self.assertNotIn("form", again.context)  # no question shown
                self.assertContains(again, f'value="{tried}"', status_code=409)

    def test_the_database_holds_no_code_address_agent_or_time_of_day(self):
        codes = generate_codes(self.iit, 6)
        started = timezone.localtime()
        for n, code in enumerate(codes):
            response = self.post(self.iit, {"code": code, **answers_for(self.iit, n)})
            self.assertRedirects(response, reverse("surveys:thanks", args=[self.iit.token]))
        for n in range(3):
            self.client.cookies.clear()
            self.post(self.eit, answers_for(self.eit, n))
        self.assertEqual(Response.objects.count(), 9)
        dump = dump_database()
        for code in codes:
            self.assertNotIn(code, dump)
            self.assertNotIn(code.replace("-", ""), dump)
        self.assertNotIn(CLIENT_IP, dump)
        self.assertNotIn("CheapPhone", dump)
        # No time of day anywhere in the survey tables: dates only.
        survey_rows = "\n".join(line for line in dump.splitlines() if line.startswith("surveys_"))
        self.assertIsNone(re.search(r"\d{2}:\d{2}", survey_rows))
        self.assertNotIn(started.strftime("%H:%M"), survey_rows)
        # A code row is a hash and a slot; which slots are spent is one bitmap per campaign.
        self.assertEqual(SpentCodes.objects.get(campaign=self.iit).count(), 6)
        self.assertEqual(
            sorted(f.name for f in OneTimeCode._meta.get_fields()),
            ["campaign", "code_hash", "id", "slot"],
        )
        self.assertEqual(
            sorted(f.name for f in SpentCodes._meta.get_fields()), ["bits", "campaign"]
        )
        self.assertEqual(
            sorted(f.name for f in Response._meta.get_fields()),
            ["answers", "campaign", "date", "id", "part", "service_point"],
        )

    def test_a_coded_submission_writes_no_code_row_and_no_sequential_key(self):
        """What one IIT submission writes: nothing in the code table, and in every table it does
        write, a key that says nothing about the order of filing."""
        code = generate_codes(self.iit, 3)[1]
        with CaptureQueriesContext(connection) as queries:
            response = self.post(self.iit, {"code": code, **answers_for(self.iit)})
        self.assertEqual(response.status_code, 302)
        written = {
            match.group(2)
            for query in queries.captured_queries
            if (match := WRITE.match(query["sql"]))
        }
        self.assertEqual(
            written,
            {
                "surveys_submissionreceipt",
                "surveys_spentcodes",
                "surveys_response",
                "surveys_answer",
            },
        )
        by_table = {m._meta.db_table: m for m in apps.get_app_config("surveys").get_models()}
        for table in written:
            key = by_table[table]._meta.pk
            self.assertNotIsInstance(key, AutoFieldMixin, f"{table} has a sequential key")
            if isinstance(key, models.OneToOneField):  # one row per campaign, not per filing
                self.assertEqual(key.related_model, Campaign)

    def test_exports_list_respondents_by_random_id_not_by_filing(self):
        """Responses filed with ids in falling order come out in rising order of id."""
        ids = [uuid.UUID(int=(9 - n) << 64) for n in range(10)]
        for n, response_id in enumerate(ids):  # the order of filing
            response = Response.objects.create(
                id=response_id, campaign=self.eit, part=1, date=timezone.localdate()
            )
            Answer.objects.create(response=response, question="e1", option=f"{n % 4 + 1}")
        self.login(self.officer_a)
        for fmt in ("csv", "xlsx"):
            url = reverse("surveys:export", args=[self.org_a.slug, self.eit.pk, fmt])
            content = self.client.get(url).content
            if fmt == "csv":
                rows = list(csv.reader(io.StringIO(content.decode())))[1:]
            else:
                sheet = load_workbook(io.BytesIO(content), read_only=True).active
                rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
            self.assertEqual([r[3] for r in rows], [str(i) for i in sorted(ids)], fmt)

    def test_a_code_works_once(self):
        code = generate_codes(self.iit, 1)[0]
        self.post(self.iit, {"code": code, **answers_for(self.iit)})
        again = self.post(self.iit, {"code": code, **answers_for(self.iit)})
        self.assertEqual(again.status_code, 409)
        self.assertContains(again, "รหัสนี้ไม่ถูกต้องหรือถูกใช้แล้ว", status_code=409)
        self.assertEqual(Response.objects.filter(campaign=self.iit).count(), 1)

    def test_an_unknown_code_is_refused_and_nothing_is_stored(self):
        generate_codes(self.iit, 1)
        response = self.post(self.iit, {"code": "AAAA-BBBB-CCCC", **answers_for(self.iit)})
        self.assertEqual(response.status_code, 409)
        self.assertFalse(Response.objects.exists())
        self.assertFalse(Answer.objects.exists())

    def test_the_same_form_sent_twice_counts_once(self):
        url = reverse("surveys:survey", args=[self.eit.token])
        nonce = self.client.get(url).context["form"]["nonce"].value()
        data = {"nonce": nonce, **answers_for(self.eit)}
        self.client.post(url, data)
        self.client.cookies.clear()  # even without the cookie (a double tap in flight)
        second = self.client.post(url, data)
        self.assertRedirects(second, reverse("surveys:thanks", args=[self.eit.token]))
        self.assertEqual(Response.objects.filter(campaign=self.eit).count(), 1)

    def test_one_response_per_browser_for_eit(self):
        self.post(self.eit, answers_for(self.eit))
        page = self.client.get(reverse("surveys:survey", args=[self.eit.token]))
        self.assertContains(page, "อุปกรณ์นี้ตอบแบบสำรวจนี้แล้ว")
        self.assertEqual(Response.objects.filter(campaign=self.eit).count(), 1)

    def test_a_flood_from_one_address_is_refused_in_thai(self):
        with self.settings(SURVEY_FLOOD_LIMIT=2):
            for _n in range(2):
                self.client.cookies.clear()
                self.post(self.eit, answers_for(self.eit))
            self.client.cookies.clear()
            refused = self.post(self.eit, answers_for(self.eit))
        self.assertEqual(refused.status_code, 409)
        self.assertContains(refused, "เครือข่ายนี้", status_code=409)
        self.assertEqual(Response.objects.filter(campaign=self.eit).count(), 2)

    def test_missing_answers_are_named_and_nothing_is_stored(self):
        answers = answers_for(self.eit)
        answers.pop("e5")
        response = self.post(self.eit, answers)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "กรุณาเลือกคำตอบ", status_code=400)
        self.assertFalse(Response.objects.exists())

    def test_a_closed_survey_takes_nothing(self):
        self.eit.closed = True
        self.eit.save()
        response = self.client.post(
            reverse("surveys:survey", args=[self.eit.token]), answers_for(self.eit)
        )
        self.assertEqual(response.status_code, 410)
        self.assertFalse(Response.objects.exists())


class RedisFloodGuardTests(BaseTestCase):
    """With REDIS_URL the flood guard is shared by all workers; it must work there too."""

    def test_the_guard_counts_in_redis(self):
        import socket

        from django.core.cache import caches

        try:
            socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        except OSError:
            if os.environ.get("CI"):  # CI starts Redis (scripts/test.sh): its absence is a failure
                raise
            self.skipTest("no Redis on 127.0.0.1:6379")
        redis_cache = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/14",
        }
        with self.settings(CACHES={"default": redis_cache}, SURVEY_FLOOD_LIMIT=2):
            caches["default"].clear()
            from prongsai.surveys.intake import Refused, flood_guard

            campaign = Campaign.objects.create(
                org=self.org_a,
                year=2568,
                tool="eit",
                opens=timezone.localdate(),
                closes=timezone.localdate(),
            )
            flood_guard(campaign, CLIENT_IP)
            flood_guard(campaign, CLIENT_IP)
            with self.assertRaises(Refused):
                flood_guard(campaign, CLIENT_IP)
            keys = [k.decode() for k in caches["default"]._cache.get_client().keys("*")]
            self.assertTrue(keys)
            self.assertFalse(any(CLIENT_IP in k for k in keys))  # hashed, never the address
            caches["default"].clear()
