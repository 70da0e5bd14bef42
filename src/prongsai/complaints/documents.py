"""The complaint statistics document and the channel's QR poster."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from prongsai.complaints.models import Complaint
from prongsai.complaints.stats import statistics
from prongsai.documents.layout import Picture
from prongsai.documents.qr import qr_png
from prongsai.documents.registry import DocumentRequest, Kind, Variant

LAYOUTS = Path(__file__).resolve().parent / "layouts"
CHANNELS = (
    "แบบฟอร์มออนไลน์บนเว็บไซต์หลักของหน่วยงาน (ไม่ต้องระบุชื่อได้)",
    "ยื่นด้วยตนเอง ณ ที่ทำการ",
)


def statistics_context(request: DocumentRequest) -> dict:
    """Counts and times only, never a case: nothing of a complaint but its category, status,
    outcome and dates reaches this context."""
    org, year, f = request.org, request.year, request.fmt
    data = statistics(org, year)

    def n(value) -> str:
        return "–" if value is None else f.number(value)

    def counts(choices, counter) -> list[dict]:
        return [{"name": label, "count": n(counter.get(v, 0))} for v, label in _th(choices)]

    return {
        "fiscal_year": f.fiscal_year(year),
        "period": f.period(year),
        "any": data["total"]["received"] > 0,
        "by_category": counts(Complaint.Category, data["by_category"]),
        "by_status": counts(Complaint.Status, data["by_status"]),
        "by_outcome": counts(Complaint.Outcome, data["by_outcome"]),
        "quarters": [
            {
                "name": f.digits(q["name"]),
                "received": n(q["received"]),
                "concluded": n(q["concluded"]),
                "median_days": n(q["median_days"]),
            }
            for q in data["quarters"]
        ],  # fmt: skip
        "total": {k: n(v) for k, v in data["total"].items()},
        "channels": [*CHANNELS, *([f"โทรศัพท์ {f.digits(org.phone)}"] if org.phone else [])],
    }


def _th(choices):
    with translation.override("th"):
        return [(value, str(label)) for value, label in choices.choices]


STATISTICS = Kind(
    key="complaint_statistics",
    title_th="ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    title_en="Statistics of complaints about corruption and misconduct",
    layout=LAYOUTS / "complaint_statistics.docx",
    build=statistics_context,
    fields=frozenset(
        {
            "fiscal_year",
            "period",
            "any",
            "by_category",
            "by_status",
            "by_outcome",
            "quarters",
            "total",
            "channels",
        }
    ),  # fmt: skip
    public=True,
)


def poster_context(request: DocumentRequest) -> dict:
    """The public complaint form's address, as a QR code and written out, for a notice board."""
    f = request.fmt
    url = settings.BASE_URL + reverse("complaints:form", args=[request.org.slug])
    return {
        "heading": "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        "subtitle": "แจ้งได้ทุกวัน ตลอด " + f.digits("24") + " ชั่วโมง ผ่านโทรศัพท์มือถือ",
        "qr": Picture(qr_png(url), width_mm=95),
        "url": url,
        "lines": [
            "สแกน QR Code เพื่อแจ้งเรื่องร้องเรียน",
            "เก็บเลขรับเรื่องไว้ติดตามผลการดำเนินการ",
            *([f"หรือโทร {f.digits(request.org.phone)}"] if request.org.phone else []),
        ],
        "privacy": "ท่านเลือกไม่เปิดเผยชื่อได้ ระบบไม่เก็บที่อยู่ IP และตัวตนของผู้ร้องเรียนถูกเข้ารหัส",
    }


POSTER = Kind(
    key="complaints_poster",
    title_th="โปสเตอร์ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    title_en="QR poster of the channel for complaints",
    layout=LAYOUTS / "complaints_poster.docx",
    build=poster_context,
    fields=frozenset({"heading", "subtitle", "qr", "url", "lines", "privacy"}),
    params=(),
    # One poster, whatever the year: the form's address does not change.
    variants=lambda org, year: [Variant("โปสเตอร์ QR Code", {})],
    formats=("pdf",),
    public=True,
    signed=False,
)
KINDS = (STATISTICS, POSTER)
