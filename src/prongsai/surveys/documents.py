"""The survey's printed matter: code slips, the QR poster and the satisfaction report."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from prongsai import thai
from prongsai.documents.qr import qr_svg
from prongsai.documents.rendering import render_document
from prongsai.surveys import results
from prongsai.surveys.models import Campaign, Response, ServicePoint
from prongsai.surveys.questionnaire import for_campaign

PRIVACY = "ไม่ต้องระบุชื่อ คำตอบของท่านไม่สามารถเชื่อมโยงถึงตัวท่านได้"


def _digits(org, text: str) -> str:
    return thai.to_thai_digits(text) if org.thai_digits else text


def code_slips_pdf(campaign: Campaign, codes: list[str], url: str) -> bytes:
    org = campaign.org
    slips = []
    for code in codes:
        link = f"{url}?c={code.replace('-', '')}"
        slips.append({"code": code, "url": url, "qr_svg": qr_svg(link)})
    context = {
        "org": {"name": org.name_th},
        "title": f"{for_campaign(campaign).title} ประจำปี {_digits(org, str(campaign.year))}",
        "instructions": (
            "สแกน QR Code หรือเปิดลิงก์ แล้วกรอกรหัสนี้ รหัสใช้ได้ครั้งเดียว "
            "ระบบไม่บันทึกว่ารหัสใดเป็นของผู้ใด คำตอบจึงไม่ถูกเชื่อมโยงกับตัวท่าน"
        ),
        "slips": slips,
    }
    return render_document("survey_codes", context, "pdf", org=org)


def poster_pdf(campaign: Campaign, url: str) -> bytes:
    org = campaign.org
    if campaign.tool == Campaign.Tool.SATISFACTION:
        title, subtitle = "ร่วมประเมินความพึงพอใจในการให้บริการ", "ใช้เวลาไม่เกิน ๒ นาที"
    else:
        title, subtitle = (
            "ร่วมตอบแบบวัดการรับรู้ของผู้รับบริการ (EIT)",
            (f"การประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปี {_digits(org, str(campaign.year))}"),
        )
    context = {
        "org": {"name": org.name_th},
        "title": title,
        "subtitle": subtitle,
        "url": url,
        "qr_svg": qr_svg(url, scale=10),
        "lines": [
            "สแกน QR Code ด้วยกล้องโทรศัพท์",
            "ตอบได้ครั้งเดียวต่อเครื่อง",
            "ความคิดเห็นของท่านช่วยให้เราบริการได้ดีขึ้น",
        ],
        "privacy": PRIVACY,
    }
    return render_document("survey_poster", context, "pdf", org=org)


PERIODS = ("h1", "h2", "year")  # first half, second half and the whole fiscal year


def period_bounds(campaign: Campaign, period: str) -> tuple[date, date, str]:
    """Fiscal-year halves as reported to the executives: h1 Oct–Mar, h2 Apr–Sep, or the year."""
    start, end = thai.fiscal_year_bounds(campaign.year)
    if period == "h1":
        end = date(start.year + 1, 3, 31)
    elif period == "h2":
        start = date(end.year, 4, 1)
    digits = campaign.org.thai_digits
    label = f"{thai.thai_month_year(start, short=True, thai_digits=digits)} – {thai.thai_month_year(end, short=True, thai_digits=digits)}"
    return start, end, label


def satisfaction_context(campaign: Campaign, period: str = "year") -> dict:
    org = campaign.org
    start, end, label = period_bounds(campaign, period)
    in_period = Response.objects.filter(campaign=campaign, date__range=(start, end))

    def pct(value) -> str:
        return "" if value is None else _digits(org, f"{results.round_pct(value)}")

    n, shares = results.question_results(campaign, in_period)
    points = []
    for point in ServicePoint.objects.filter(org=org):
        pn, pshares = results.question_results(campaign, in_period.filter(service_point=point))
        if pn == 0:
            continue
        points.append(
            {
                "name": point.name,
                "responses": _digits(org, str(pn)),
                "satisfied_pct": pct(results.overall_satisfied(pshares)),
                "suppressed": pshares is None,
                "questions": [
                    {"code": s.code, "text": s.text, "satisfied_pct": pct(s.satisfied_pct)}
                    for s in pshares or []
                ],
            }
        )
    overall = results.overall_satisfied(shares)
    return {
        "title": "รายงานผลการประเมินความพึงพอใจในการให้บริการประชาชน",
        "org": {"name": org.name_th},
        "period": label,
        "year": _digits(org, str(campaign.year)),
        "overall": {"responses": _digits(org, str(n)), "satisfied_pct": pct(overall)},
        "questions": [
            {
                "code": s.code,
                "text": s.text,
                "responses": _digits(org, str(n)),
                "satisfied_pct": pct(s.satisfied_pct),
            }
            for s in shares or []
        ],
        "service_points": points,
        "min_responses": _digits(org, str(results.K_ANONYMITY)),
        "summary_text": (
            f"ในช่วง {label} มีผู้ตอบแบบประเมิน {_digits(org, str(n))} ราย "
            + (
                f"ร้อยละของผู้ที่พึงพอใจโดยรวม {pct(overall)}"
                if overall is not None
                else "จำนวนผู้ตอบยังน้อยเกินกว่าจะแสดงผลรายข้อ"
            )
        ),
        "reporter": {"name": "", "position": ""},
        "certifier": {"name": org.head_name, "position": org.head_position},
        "date": thai.thai_date(timezone.localdate(), thai_digits=org.thai_digits),
    }


def satisfaction_report(campaign: Campaign, period: str, fmt: str) -> tuple[bytes, str]:
    if period not in PERIODS:
        period = "year"
    data = render_document(
        "satisfaction_report", satisfaction_context(campaign, period), fmt, org=campaign.org
    )
    return data, f"satisfaction-{campaign.org.slug}-{campaign.year}-{period}.{fmt}"
