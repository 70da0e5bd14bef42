"""The complaint statistics document and the channel's QR poster."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

from prongsai.complaints.models import Complaint
from prongsai.complaints.stats import statistics
from prongsai.documents.qr import qr_svg
from prongsai.documents.registry import DocumentRequest, Kind
from prongsai.documents.rendering import render_document

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
KINDS = (STATISTICS,)


def poster_pdf(org, url: str) -> bytes:
    context = {
        "org": {"name": org.name_th},
        "title": "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        "url": url,
        "qr_svg": qr_svg(url, scale=10),
        "lines": [
            "สแกน QR Code เพื่อแจ้งเรื่องร้องเรียน",
            "เก็บเลขรับเรื่อง ๑๖ หลักไว้ติดตามผล",
            "หน่วยงานแจ้งผลภายใน ๑๕ วัน",
        ],
        "privacy": "ท่านเลือกไม่เปิดเผยชื่อได้ ระบบไม่เก็บที่อยู่ IP และตัวตนของผู้ร้องเรียนถูกเข้ารหัส",
    }
    return render_document("complaints_poster", context, "pdf", org=org)
