"""The survey's documents read back: the satisfaction report (organisation, period, the numbers),
the QR posters (the survey's and the complaint channel's), and the one-time code slips, which only
the survey page's POST makes: the slips carry the codes just issued, and each works once."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from docx import Document

from prongsai.documents import layout
from prongsai.documents.registry import DocumentRequest, NothingToReport
from prongsai.documents.tests.readback import docx_text, pdf_text
from prongsai.nonces import new_nonce
from prongsai.surveys import documents, results
from prongsai.surveys.intake import Refused, generate_codes, submit
from prongsai.surveys.models import Campaign, Response, ServicePoint
from prongsai.surveys.tests.test_anonymity import answers_for
from prongsai.test import BaseTestCase
from prongsai.thai import Formatter, fiscal_year

CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")


def table_rows(data: bytes, first_header: str) -> list[list[str]]:
    for table in Document(io.BytesIO(data)).tables:
        if table.rows[0].cells[0].text == first_header:
            return [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table headed {first_header}")


class Helpers(BaseTestCase):
    def setUp(self):
        self.today = timezone.localdate()
        self.year = fiscal_year(self.today)
        self.f = Formatter(self.org_a.thai_digits)
        self.login(self.officer_a)

    def campaign(self, tool: str, org=None) -> Campaign:
        # IIT and EIT ask the questions of a year with ITA criteria (2568 ships with them).
        year = self.year if tool == "satisfaction" else 2568
        return Campaign.objects.create(
            org=org or self.org_a, year=year, tool=tool, opens=self.today,
            closes=self.today + timedelta(days=30),
        )  # fmt: skip

    def answer(self, campaign, n: int, **kwargs) -> None:
        for i in range(n):
            submit(campaign, answers_for(campaign, i), nonce=new_nonce(), **kwargs)

    def download(self, kind: str, fmt: str, **query):
        url = reverse("documents:download", args=[self.org_a.slug, kind, fmt])
        return self.client.get(url, query)

    def this_half(self) -> tuple[str, str]:
        """The half of the fiscal year today is in, and the other (empty) one."""
        return ("h1", "h2") if self.today.month >= 10 or self.today.month <= 3 else ("h2", "h1")


class SurveyDocumentTests(Helpers):
    def test_the_report_names_the_period_and_its_numbers(self):
        survey = self.campaign("satisfaction")
        counter = ServicePoint.objects.create(org=self.org_a, name="งานทะเบียน")
        small = ServicePoint.objects.create(org=self.org_a, name="กองช่าง")
        self.answer(survey, 6, service_point=counter)
        self.answer(survey, 2, service_point=small)
        now, _other = self.this_half()
        response = self.download("satisfaction_report", "docx", campaign=survey.pk, period=now)
        self.assertEqual(response.status_code, 200)
        text = docx_text(response.content)
        _start, _end, label = documents.period_bounds(survey, now)
        self.assertIn(self.org_a.name_th, text)
        self.assertIn(self.f.fiscal_year(self.year), text)
        self.assertIn(f"{documents.PERIOD_NAMES[now]} ({label})", text)
        n, shares = results.question_results(survey)
        self.assertEqual(n, 8)
        overall = self.f.digits(results.round_pct(results.overall_satisfied(shares)))
        self.assertIn(f"ทั้งสิ้น {self.f.number(8)} ราย", text)
        questions = table_rows(response.content, "ประเด็นการประเมิน")
        self.assertEqual(
            questions[:-1],
            [[s.text, self.f.number(8), self.f.digits(results.round_pct(s.satisfied_pct))]
             for s in shares],
        )  # fmt: skip
        self.assertEqual(questions[-1], ["ภาพรวม", self.f.number(8), overall])
        points = table_rows(response.content, "จุดบริการ")
        _pn, pshares = results.question_results(
            survey, Response.objects.filter(service_point=counter)
        )
        point_pct = self.f.digits(results.round_pct(results.overall_satisfied(pshares)))
        # Two answers at one counter: its count only, never a percentage (k-anonymity).
        self.assertEqual(
            sorted(points),
            sorted([["งานทะเบียน", self.f.number(6), point_pct],
                    ["กองช่าง", self.f.number(2), "ไม่แสดงผล"]]),
        )  # fmt: skip
        self.assertIn(f"({self.org_a.head_name})", text)

    def test_an_empty_half_is_not_offered_and_few_answers_give_a_sentence_not_a_table(self):
        survey = self.campaign("satisfaction")
        self.answer(survey, 3)
        now, other = self.this_half()
        empty = self.download("satisfaction_report", "pdf", campaign=survey.pk, period=other)
        self.assertContains(empty, "ยังไม่มีผู้ตอบแบบประเมิน", status_code=409)
        few = self.download("satisfaction_report", "docx", campaign=survey.pk, period=now)
        text = docx_text(few.content)
        self.assertIn(f"น้อยกว่า {self.f.number(results.K_ANONYMITY)} ราย", text)
        self.assertIn("ไม่ได้ระบุจุดบริการ", text)
        self.assertEqual(Document(io.BytesIO(few.content)).tables, [])

    def test_another_organisations_survey_is_not_reported(self):
        theirs = self.campaign("satisfaction", org=self.org_b)
        self.answer(theirs, 6)
        response = self.download("satisfaction_report", "docx", campaign=theirs.pk, period="year")
        self.assertEqual(response.status_code, 404)

    # ------------------------------------------------------------ posters

    def test_the_poster_has_the_survey_address_and_its_qr_code(self):
        eit = self.campaign("eit")
        doc = DocumentRequest(documents.SURVEY_POSTER, self.org_a, {"campaign": eit.pk})
        data = layout.render_docx(doc)
        text = docx_text(data)
        url = settings.BASE_URL + reverse("surveys:survey", args=[eit.token])
        self.assertIn(url, text)
        self.assertIn("สแกน QR Code", text)
        self.assertIn(self.f.be(2568), text)
        self.assertEqual(len(Document(io.BytesIO(data)).inline_shapes), 2)  # emblem and QR
        # The IIT survey is answered with codes: no poster, and the page says why.
        iit = self.campaign("iit")
        reason = documents.SURVEY_POSTER.reason_unavailable(
            DocumentRequest(documents.SURVEY_POSTER, self.org_a, {"campaign": iit.pk})
        )
        self.assertIn("บัตรรหัส", reason)

    # ------------------------------------------------------------ code slips

    def test_slips_are_not_offered_for_download_and_say_why(self):
        iit = self.campaign("iit")
        self.assertEqual(self.download("survey_codes", "pdf", campaign=iit.pk).status_code, 404)
        page = self.client.get(reverse("documents:list", args=[self.org_a.slug]))
        self.assertNotContains(page, "survey_codes")
        doc = DocumentRequest(documents.SURVEY_CODES, self.org_a, {"campaign": iit.pk})
        with self.assertRaisesMessage(NothingToReport, "บัตรรหัสพิมพ์จากหน้าแบบวัด"):
            layout.make(doc, "pdf")

    def test_the_slips_carry_the_codes_just_made_and_each_works_once(self):
        iit = self.campaign("iit")
        codes = generate_codes(iit, 11)
        doc = DocumentRequest(
            documents.SURVEY_CODES, self.org_a, {"campaign": iit.pk}, extra={"codes": codes}
        )
        data = layout.render_docx(doc)
        self.assertEqual(CODE.findall(docx_text(data)), codes)
        self.assertIn(self.org_a.name_th, docx_text(data))
        self.assertEqual(len(Document(io.BytesIO(data)).inline_shapes), 11)  # a QR code each
        self.assertEqual(len(Document(io.BytesIO(data)).tables[0].rows), 6)  # 2 a row, 1 blank
        submit(iit, answers_for(iit), nonce=new_nonce(), code=codes[0])
        with self.assertRaises(Refused):
            submit(iit, answers_for(iit), nonce=new_nonce(), code=codes[0])
        submit(iit, answers_for(iit), nonce=new_nonce(), code=codes[10])


@pytest.mark.slow
class PrintedTextTests(Helpers):
    """The PDFs LibreOffice makes from the layouts: Thai copies out as typed (no "เปิ ด",
    "ครัง้"), and the slips printed by the survey page hold codes that work once."""

    def test_posters_and_slips_copy_out_as_the_thai_that_was_typed(self):
        eit = self.campaign("eit")
        poster = pdf_text(self.download("survey_poster", "pdf", campaign=eit.pk).content)
        for words in ("สแกน QR Code ด้วยกล้องโทรศัพท์", "ตอบได้ครั้งเดียวต่อเครื่อง",
                      "ร่วมตอบแบบวัดการรับรู้ของผู้รับบริการ", self.org_a.name_th):  # fmt: skip
            self.assertIn(words, poster)
        self.client.logout()  # the complaint poster is public
        complaints = pdf_text(self.download("complaints_poster", "pdf").content)
        for words in ("ช่องทางแจ้งเรื่องร้องเรียน", "สแกน QR Code เพื่อแจ้งเรื่องร้องเรียน",
                      reverse("complaints:form", args=[self.org_a.slug])):  # fmt: skip
            self.assertIn(words, complaints)

    def test_slips_from_the_survey_page_hold_codes_that_work_once(self):
        iit = self.campaign("iit")
        url = reverse("surveys:codes", args=[self.org_a.slug, iit.pk])
        response = self.client.post(url, {"count": 3})
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = pdf_text(response.content)
        self.assertIn("สแกน QR Code หรือเปิดลิงก์", text)
        self.assertIn("ใช้ได้ครั้งเดียว", text)
        self.assertIn("รหัสสำหรับตอบแบบวัด", text)
        codes = CODE.findall(text)
        self.assertEqual(len(set(codes)), 3)
        for code in codes:
            submit(iit, answers_for(iit), nonce=new_nonce(), code=code)
            with self.assertRaises(Refused):
                submit(iit, answers_for(iit), nonce=new_nonce(), code=code)
