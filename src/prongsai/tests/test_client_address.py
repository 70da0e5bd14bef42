"""Rate limits that hold in production: the real client address, and guards shared by workers."""

from __future__ import annotations

import os
import runpy
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, SimpleTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from prongsai.security.clientaddr import client_address, parse_trusted_proxies
from prongsai.surveys.models import Campaign, Response
from prongsai.surveys.tests.test_anonymity import answers_for
from prongsai.test import BaseTestCase

GUNICORN_CONF = Path(__file__).resolve().parents[3] / "gunicorn.conf.py"
PROXY = "10.0.0.5"


def address(remote: str, forwarded: str | None = None, trusted="") -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    with override_settings(TRUSTED_PROXIES=parse_trusted_proxies(trusted)):
        return client_address(request)


class ClientAddressTests(SimpleTestCase):
    def test_a_spoofed_forwarded_for_is_ignored_without_the_setting(self):
        self.assertEqual(address("198.51.100.7", "1.2.3.4"), "198.51.100.7")
        self.assertEqual(address("198.51.100.7", "1.2.3.4, 5.6.7.8"), "198.51.100.7")

    def test_with_a_count_of_one_the_right_most_hop_is_the_client(self):
        # The client wrote "1.2.3.4"; our proxy appended the address it saw, 198.51.100.7.
        self.assertEqual(address(PROXY, "1.2.3.4, 198.51.100.7", "1"), "198.51.100.7")
        self.assertEqual(address(PROXY, "198.51.100.7", "1"), "198.51.100.7")
        # A request that reached the server without the proxy: REMOTE_ADDR is all there is.
        self.assertEqual(address("198.51.100.7", None, "1"), "198.51.100.7")

    def test_with_a_count_of_two_the_second_hop_from_the_right(self):
        forwarded = "1.2.3.4, 198.51.100.7, 10.0.0.9"
        self.assertEqual(address(PROXY, forwarded, "2"), "198.51.100.7")

    def test_with_a_list_only_hops_from_trusted_proxies_are_skipped(self):
        trusted = "10.0.0.0/8, 192.0.2.1"
        forwarded = "1.2.3.4, 198.51.100.7, 192.0.2.1"
        self.assertEqual(address(PROXY, forwarded, trusted), "198.51.100.7")
        # The last hop is not a trusted proxy: it is the client, whatever it claims before.
        self.assertEqual(address(PROXY, "198.51.100.7, 203.0.113.9", trusted), "203.0.113.9")
        # A request not from a trusted proxy: X-Forwarded-For is not believed at all.
        self.assertEqual(address("203.0.113.9", "1.2.3.4", trusted), "203.0.113.9")
        # IPv6 and a port are understood; garbage stops the walk at the proxy.
        self.assertEqual(address(PROXY, "[2001:db8::1]:4711", trusted), "2001:db8::1")
        self.assertEqual(address(PROXY, "not-an-address", trusted), PROXY)

    def test_a_malformed_setting_is_refused_loudly(self):
        with self.assertRaises(ImproperlyConfigured):
            parse_trusted_proxies("10.0.0.0/8, proxy.example")
        self.assertEqual(parse_trusted_proxies(""), 0)
        self.assertEqual(parse_trusted_proxies("1"), 1)


class GuardsUseTheRealClientTests(BaseTestCase):
    """Behind one proxy every request comes from the proxy's address; clients must still differ."""

    def setUp(self):
        cache.clear()
        today = timezone.localdate()
        self.eit = Campaign.objects.create(
            org=self.org_a, year=2568, tool="eit",
            opens=today - timedelta(days=1), closes=today + timedelta(days=30),
        )  # fmt: skip

    def post_survey(self, forwarded: str):
        url = reverse("surveys:survey", args=[self.eit.token])
        self.client.cookies.clear()
        nonce = self.client.get(url).context["form"]["nonce"].value()
        data = {"nonce": nonce, **answers_for(self.eit)}
        return self.client.post(url, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    def test_the_flood_guard_counts_each_client_behind_a_trusted_proxy(self):
        with self.settings(TRUSTED_PROXIES=1, SURVEY_FLOOD_LIMIT=1):
            self.assertEqual(self.post_survey("198.51.100.1").status_code, 302)
            self.assertEqual(self.post_survey("198.51.100.2").status_code, 302)
            self.assertEqual(self.post_survey("198.51.100.1").status_code, 409)
        self.assertEqual(Response.objects.filter(campaign=self.eit).count(), 2)

    def test_the_flood_guard_is_not_fooled_by_a_spoofed_header(self):
        with self.settings(TRUSTED_PROXIES=0, SURVEY_FLOOD_LIMIT=1):
            self.assertEqual(self.post_survey("198.51.100.1").status_code, 302)
            self.assertEqual(self.post_survey("198.51.100.2").status_code, 409)

    def test_the_receipt_guard_counts_each_client_behind_a_trusted_proxy(self):
        url = reverse("complaints:follow-up", args=[self.org_a.slug])

        def wrong(client_ip):
            return self.client.post(
                url, {"receipt": "1" * 16}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_ip
            ).status_code

        with self.settings(TRUSTED_PROXIES=f"{PROXY}/32"):
            self.assertEqual([wrong("198.51.100.1") for _ in range(11)][-1], 429)
            self.assertEqual(wrong("198.51.100.2"), 404)  # another client is not blocked


class WorkersShareTheGuardsTests(SimpleTestCase):
    """gunicorn.conf.py refuses several workers in production without a shared cache."""

    def load(self, **env):
        with mock.patch.dict(os.environ, env):
            return runpy.run_path(str(GUNICORN_CONF))

    def test_several_workers_without_redis_refuse_to_start(self):
        with self.assertRaises(SystemExit) as refused:
            self.load(PRONGSAI_WORKERS="3", REDIS_URL="", PRONGSAI_DEBUG="")
        self.assertIn("REDIS_URL", str(refused.exception.code))
        self.assertIn("PRONGSAI_WORKERS=1", str(refused.exception.code))

    def test_one_worker_or_a_shared_cache_starts(self):
        self.assertEqual(self.load(PRONGSAI_WORKERS="1", REDIS_URL="")["workers"], 1)
        conf = self.load(PRONGSAI_WORKERS="3", REDIS_URL="redis://127.0.0.1:6379/9")
        self.assertEqual(conf["workers"], 3)
