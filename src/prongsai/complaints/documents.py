"""The complaint statistics document and the channel's QR poster."""

from __future__ import annotations

from django.utils import timezone

from prongsai import thai
from prongsai.complaints.models import Complaint
from prongsai.complaints.stats import statistics
from prongsai.documents.qr import qr_svg
from prongsai.documents.rendering import render_document


def statistics_context(org, year: int) -> dict:
    digits = thai.to_thai_digits if org.thai_digits else str
    data = statistics(org, year)

    def n(value) -> str:
        return "–" if value is None else digits(str(value))

    return {
        "org": {"name": org.name_th},
        "title": f"ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. {digits(str(year))}",
        "year": digits(str(year)),
        "by_category": [
            {"name": label, "count": n(data["by_category"].get(v, 0))}
            for v, label in _th(Complaint.Category)
        ],
        "by_status": [
            {"name": label, "count": n(data["by_status"].get(v, 0))}
            for v, label in _th(Complaint.Status)
        ],
        "by_outcome": [
            {"name": label, "count": n(data["by_outcome"].get(v, 0))}
            for v, label in _th(Complaint.Outcome)
        ],
        "quarters": [
            {
                "name": q["name"],
                "received": n(q["received"]),
                "concluded": n(q["concluded"]),
                "median_days": n(q["median_days"]),
            }
            for q in data["quarters"]
        ],
        "total": {k: n(v) for k, v in data["total"].items()},
        "channels": [
            "แบบฟอร์มออนไลน์บนเว็บไซต์หลักของหน่วยงาน (ไม่ต้องระบุชื่อได้)",
            "ยื่นด้วยตนเอง ณ ที่ทำการ",
            "โทรศัพท์ " + (org.phone or ""),
        ],
        "reporter": {"name": "", "position": ""},
        "certifier": {"name": org.head_name, "position": org.head_position},
        "date": thai.thai_date(timezone.localdate(), thai_digits=org.thai_digits),
    }


def _th(choices):
    from django.utils import translation

    with translation.override("th"):
        return [(value, str(label)) for value, label in choices.choices]


def statistics_document(org, year: int, fmt: str) -> bytes:
    return render_document("complaint_statistics", statistics_context(org, year), fmt, org=org)


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
