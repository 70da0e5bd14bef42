"""The chosen language governs the pages reached without the /en/ prefix (issue 12)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone, translation

from prongsai import thai
from prongsai.audit.display import be_datetime
from prongsai.jobs.models import Job
from prongsai.oit.models import Evidence
from prongsai.test import BaseTestCase


class ChosenLanguageTests(BaseTestCase):
    def choose(self, code: str) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = code

    def test_an_english_reader_of_an_unprefixed_dashboard_is_sent_to_the_english_page(self):
        self.login(self.officer_a)
        self.choose("en")
        response = self.client.get("/o/org-a/ita/2568/?tab=1")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/en/o/org-a/ita/2568/?tab=1")
        self.assertIn("Cookie", response["Vary"])
        page = self.client.get(response["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, '<html lang="en">')

    def test_the_switch_then_an_unprefixed_link_stays_english(self):
        self.login(self.officer_a)
        self.client.post("/i18n/setlang/", {"language": "en", "next": "/o/org-a/"})
        response = self.client.get("/o/org-a/ita/2568/", follow=True)
        self.assertEqual(response.redirect_chain[-1][0], "/en/o/org-a/ita/2568/")
        self.assertContains(response, '<html lang="en">')

    def test_a_public_page_follows_the_cookie_and_the_home_page_too(self):
        self.choose("en")
        response = self.client.get("/c/org-a/", follow=True)
        self.assertEqual(response.redirect_chain, [("/en/c/org-a/", 302)])
        self.assertContains(response, '<html lang="en">')
        self.assertNotContains(response, "ส่งเรื่องร้องเรียน")
        home = self.client.get("/", follow=True)
        self.assertContains(home, "ITA criteria shipped with Prongsai")

    def test_a_form_posted_to_an_unprefixed_page_is_posted_again_in_english(self):
        """307 keeps the method and the body: the public form works without JavaScript."""
        self.choose("en")
        response = self.client.post("/c/org-a/follow-up/", {"receipt": "nonsense"})
        self.assertEqual(response.status_code, 307)
        self.assertEqual(response["Location"], "/en/c/org-a/follow-up/")
        followed = self.client.post("/c/org-a/follow-up/", {"receipt": "nonsense"}, follow=True)
        self.assertEqual(followed.request["PATH_INFO"], "/en/c/org-a/follow-up/")
        self.assertEqual(followed.request["REQUEST_METHOD"], "POST")
        self.assertContains(followed, '<html lang="en">', status_code=followed.status_code)

    def test_thai_stays_the_default_without_prefix(self):
        self.login(self.officer_a)
        for cookie in (None, "th", "xx"):
            if cookie:
                self.choose(cookie)
            response = self.client.get("/o/org-a/ita/2568/", HTTP_ACCEPT_LANGUAGE="en")
            self.assertEqual(response.status_code, 200, cookie)
            self.assertContains(response, '<html lang="th">')

    def test_paths_outside_the_language_patterns_are_left_alone(self):
        self.choose("en")
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        response = self.client.post("/i18n/setlang/", {"language": "th", "next": "/en/c/org-a/"})
        self.assertEqual(response["Location"], "/c/org-a/")
        thai = self.client.get("/c/org-a/")
        self.assertEqual(thai.status_code, 200)
        self.assertContains(thai, '<html lang="th">')

    def test_without_next_the_switch_returns_to_the_referring_page_in_the_language(self):
        response = self.client.post(
            "/i18n/setlang/", {"language": "th"}, HTTP_REFERER="http://testserver/en/c/org-a/"
        )
        self.assertEqual(response["Location"], "http://testserver/c/org-a/")


class EnglishDatesTests(BaseTestCase):
    """English pages name the month in English; the year stays Buddhist-era as everywhere."""

    def test_a_jobs_page_dates_in_each_language(self):
        moment = timezone.make_aware(dt.datetime(2026, 10, 5, 9, 0))
        Job.objects.create(org=self.org_a, kind=Job.Kind.DOCUMENT_BATCH, created=moment)
        self.login(self.officer_a)
        thai_page = self.client.get("/o/org-a/jobs/")
        self.assertContains(thai_page, "5 ตุลาคม 2569")
        english_page = self.client.get("/en/o/org-a/jobs/")
        self.assertContains(english_page, "5 October 2569")
        self.assertNotContains(english_page, "ตุลาคม")

    def test_a_moment_is_dated_in_bangkok_not_in_utc(self):
        moment = dt.datetime(2026, 12, 4, 19, 30, tzinfo=dt.UTC)  # 02:30 on the 5th in Bangkok
        Job.objects.create(org=self.org_a, kind=Job.Kind.DOCUMENT_BATCH, created=moment)
        self.login(self.officer_a)
        self.assertContains(self.client.get("/o/org-a/jobs/"), "5 ธันวาคม 2569")
        self.assertContains(self.client.get("/en/o/org-a/jobs/"), "5 December 2569")

    def test_the_helpers(self):
        self.assertEqual(thai.english_be_date(dt.date(2026, 12, 4)), "4 December 2569")
        self.assertEqual(thai.english_be_date(dt.date(2026, 12, 4), short=True), "4 Dec 2569")
        self.assertEqual(thai.english_be_month(dt.date(2025, 10, 1)), "Oct 2568")
        moment = dt.datetime(2026, 12, 4, 3, 30, tzinfo=dt.UTC)  # 10:30 in Bangkok
        with translation.override("en"):
            self.assertEqual(be_datetime(moment), "4 December 2569 10:30")
        with translation.override("th"):
            self.assertEqual(be_datetime(moment), "4 ธันวาคม 2569 10:30 น.")

    def test_the_history_page_in_english_names_months_in_english(self):
        Evidence.objects.create(org=self.org_a, year=2568, item="o1")
        self.login(self.auditor_a)
        self.addCleanup(translation.activate, "th")
        page = self.client.get("/en/o/org-a/history/").content.decode()
        today = timezone.localdate()
        self.assertIn(thai.english_be_date(today), page)  # when each change was made
        self.assertNotIn(thai.thai_full_months[today.month - 1], page)
