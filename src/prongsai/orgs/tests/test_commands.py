"""`prongsai orgs` and `prongsai demo`."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from prongsai.test import BaseTestCase


class OrgsCommandTests(BaseTestCase):
    def test_it_lists_organisations_as_json(self):
        out = io.StringIO()
        call_command("orgs", "--json", stdout=out)
        rows = json.loads(out.getvalue())
        self.assertEqual(
            {(r["slug"], r["province"], r["type"]) for r in rows},
            {("org-a", "ชลบุรี", "sao"), ("org-b", "ขอนแก่น", "subdistrict_municipality")},
        )
        out = io.StringIO()
        call_command("orgs", "--province", "ขอนแก่น", stdout=out)
        self.assertIn("เทศบาลตำบลบี", out.getvalue())
        self.assertNotIn("org-a", out.getvalue())
