"""The national code of ethics is shipped data: complete, checked, and changeable nowhere."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import yaml
from django.apps import apps
from django.contrib import admin
from django.test import SimpleTestCase
from django.urls import reverse

from prongsai.ethics.code import DATA_DIR, NATIONAL_CODE, CodeDataError, national_code, parse_code
from prongsai.ethics.models import EthicsAddition
from prongsai.test import BaseTestCase

CODE_FILE = DATA_DIR / f"{NATIONAL_CODE}.yaml"


class NationalCodeDataTests(SimpleTestCase):
    def test_it_has_seven_core_and_nine_general_items(self):
        code = national_code()
        self.assertEqual([i.number for i in code.core], list(range(1, 8)))
        self.assertEqual([i.number for i in code.general], list(range(1, 10)))
        self.assertTrue(code.core[5].text.startswith("ปฏิบัติหน้าที่อย่างเป็นธรรม ปราศจากอคติ"))
        self.assertIn("คุ้มค่า", code.general[1].text)  # OCR "คุ่มค่า" mended

    def test_it_carries_its_legal_bases_adoption_and_provenance(self):
        code = national_code()
        self.assertEqual(len(code.legal_bases), 5)
        self.assertEqual(
            str(code.legal_bases[0]), "รัฐธรรมนูญแห่งราชอาณาจักรไทย พุทธศักราช 2560 มาตรา 76 วรรคสาม"
        )
        self.assertEqual(code.adopted_on, date(2021, 8, 30))
        self.assertIn("ครั้งที่ 1/2564", code.adopted_text)
        self.assertIn("seed 004", code.source)
        self.assertEqual(code.confidence, "secondary")
        self.assertTrue(any("6 core items" in d for d in code.discrepancies))

    def test_what_the_loader_returns_cannot_be_changed(self):
        code = national_code()
        with self.assertRaises(dataclasses.FrozenInstanceError):
            code.core[0].text = "อื่น"  # type: ignore[misc]
        self.assertIsInstance(code.core, tuple)

    def test_a_malformed_file_is_refused_naming_the_place(self):
        doc = yaml.safe_load(CODE_FILE.read_text(encoding="utf-8"))
        doc["general"]["items"][3]["text"] = ""
        with self.assertRaisesMessage(CodeDataError, "bad.yaml: general.items[3].text"):
            parse_code(doc, "bad.yaml")
        doc = yaml.safe_load(CODE_FILE.read_text(encoding="utf-8"))
        del doc["core"]["items"][2]
        with self.assertRaisesMessage(CodeDataError, "core.items: items must be numbered 1 to 6"):
            parse_code(doc, "bad.yaml")


class ReadOnlyTests(BaseTestCase):
    def test_no_model_holds_the_national_code_so_the_admin_cannot_edit_it(self):
        models = {m.__name__ for m in apps.get_app_config("ethics").get_models()}
        self.assertNotIn("NationalCode", models)
        self.assertFalse(any("Code" in name and name != "EthicsAddition" for name in models))
        registered = {m.__name__ for m in admin.site._registry if m._meta.app_label == "ethics"}
        self.assertTrue(registered)  # the organisation's own rows are there
        self.assertTrue(all(name in models for name in registered))

    def test_posting_national_items_to_the_code_page_changes_nothing_of_them(self):
        before = CODE_FILE.read_bytes()
        self.login(self.officer_a)
        url = reverse("ethics:code", args=[self.org_a.slug])
        self.client.post(
            url, {"core-1": "แก้แล้ว", "general-1": "แก้แล้ว", "number": 1, "text": "ข้อของเอ"}
        )
        page = self.client.get(url)
        self.assertNotContains(page, "แก้แล้ว")
        self.assertContains(page, national_code().core[0].text)
        self.assertEqual(CODE_FILE.read_bytes(), before)
        # What the post did: one addition of the organisation's own, nothing else.
        self.assertEqual(list(EthicsAddition.objects.values_list("text", flat=True)), ["ข้อของเอ"])

    def test_the_file_ships_with_the_package(self):
        self.assertTrue(Path(CODE_FILE).is_file())
