"""Login throttling (django-axes): wrong passwords lock an account or a client for a while."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from prongsai.test import PASSWORD, BaseTestCase

HOME = "198.51.100.10"
ELSEWHERE = "203.0.113.20"
LOCKED = "ถูกระงับชั่วคราว"


class LoginThrottleTests(BaseTestCase):
    def log_in(self, username, password, address=HOME, url=None):
        self.client.logout()
        return self.client.post(
            url or reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR=address,
            HTTP_USER_AGENT="Browser/1.0 throttle-test",
        )

    def logged_in(self) -> bool:
        return "_auth_user_id" in self.client.session

    def fail(self, username, times, address=HOME, url=None):
        for _ in range(times):
            response = self.log_in(username, "wrong-password", address, url)
        return response

    def test_repeated_wrong_passwords_lock_the_account_in_thai(self):
        self.assertEqual(self.fail("officer-a", 4).status_code, 200)  # still the login form
        locked = self.fail("officer-a", 1)
        self.assertContains(locked, LOCKED, status_code=429)
        # The right password during the lock does not log in, from here or anywhere else.
        for address in (HOME, ELSEWHERE):
            response = self.log_in("officer-a", PASSWORD, address)
            self.assertContains(response, LOCKED, status_code=429)
            self.assertFalse(self.logged_in())

    def test_other_accounts_are_unaffected(self):
        self.fail("officer-a", 5)
        response = self.log_in("auditor-a", PASSWORD)  # same client, another account
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        self.assertTrue(self.logged_in())

    def test_one_client_trying_many_accounts_is_locked(self):
        for n in range(20):
            self.log_in(f"guess-{n}", "wrong-password")
        refused = self.log_in("officer-a", PASSWORD)
        self.assertContains(refused, LOCKED, status_code=429)
        self.assertFalse(self.logged_in())
        accepted = self.log_in("officer-a", PASSWORD, ELSEWHERE)
        self.assertEqual(accepted.status_code, 302)

    def test_the_lock_ends_after_the_lock_time(self):
        self.fail("officer-a", 5)
        AccessAttempt.objects.update(
            attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
        )
        self.assertEqual(self.log_in("officer-a", PASSWORD).status_code, 302)
        self.assertFalse(AccessAttempt.objects.exists())  # and the record is gone

    def test_an_administrator_can_unlock_in_the_admin(self):
        admin = get_user_model().objects.create_superuser("root-admin", password=PASSWORD)
        self.fail("officer-a", 5)
        self.client.force_login(admin)
        changelist = reverse("admin:axes_accessattempt_changelist")
        page = self.client.get(changelist)
        self.assertContains(page, "officer-a")
        self.client.post(
            changelist,
            {
                "action": "delete_selected",
                "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
                "post": "yes",
            },
        )
        self.assertFalse(AccessAttempt.objects.exists())
        self.assertEqual(self.log_in("officer-a", PASSWORD).status_code, 302)

    def test_an_administrator_can_unlock_from_the_command_line(self):
        self.fail("officer-a", 5)
        call_command("axes_reset_username", "officer-a", verbosity=0)
        self.assertEqual(self.log_in("officer-a", PASSWORD).status_code, 302)

    def test_the_django_admin_login_is_throttled_too(self):
        get_user_model().objects.create_superuser("root-admin", password=PASSWORD)
        url = reverse("admin:login")
        self.fail("root-admin", 4, url=url)
        self.assertContains(self.fail("root-admin", 1, url=url), LOCKED, status_code=429)
        self.assertContains(self.log_in("root-admin", PASSWORD, url=url), LOCKED, status_code=429)
        self.assertFalse(self.logged_in())

    def test_what_is_stored_is_the_least_that_works(self):
        self.fail("officer-a", 2)
        attempt = AccessAttempt.objects.get()
        self.assertEqual((attempt.username, attempt.ip_address), ("officer-a", HOME))
        self.assertEqual((attempt.user_agent, attempt.http_accept), ("", ""))
        self.assertNotIn("wrong-password", attempt.post_data)
        self.assertNotIn("officer-a", attempt.post_data)
        self.log_in("auditor-a", PASSWORD)
        self.assertFalse(AccessLog.objects.exists())  # successful logins are not logged

    def test_the_client_address_comes_from_the_trusted_proxy_setting(self):
        with self.settings(TRUSTED_PROXIES=1):
            self.client.post(
                reverse("login"),
                {"username": "officer-a", "password": "wrong"},
                REMOTE_ADDR="10.0.0.5",
                HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.99",
            )
        self.assertEqual(AccessAttempt.objects.get().ip_address, "198.51.100.99")
