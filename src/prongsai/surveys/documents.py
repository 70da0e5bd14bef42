"""The survey's printed matter: the satisfaction report, the QR poster and the one-time code slips.

Code slips are made only by the survey page's own POST view (`views.codes`), which makes the
codes at that moment and passes them in `DocumentRequest.extra`: they are never stored (only
their hashes), so no download link could make the same slips again. The kind is therefore not
offered on the documents page (`offered=False`) and says why when asked without codes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse

from prongsai import thai
from prongsai.documents.layout import Picture
from prongsai.documents.qr import qr_png
from prongsai.documents.registry import DocumentRequest, Kind, Variant
from prongsai.surveys import results
from prongsai.surveys.models import Campaign, Response, ServicePoint
from prongsai.surveys.questionnaire import for_campaign

LAYOUTS = Path(__file__).resolve().parent / "layouts"
PRIVACY = "ไม่ต้องระบุชื่อ คำตอบของท่านไม่สามารถเชื่อมโยงถึงตัวท่านได้"
PERIODS = ("h1", "h2", "year")  # first half, second half and the whole fiscal year
PERIOD_NAMES = {"h1": "ครึ่งปีแรก", "h2": "ครึ่งปีหลัง", "year": "ทั้งปีงบประมาณ"}
SLIPS_PER_ROW = 2
NOT_FOUND = "แบบสำรวจนี้ไม่ใช่ชนิดที่ทำเอกสารนี้ได้"


def public_url(campaign: Campaign) -> str:
    """The survey's address as printed: the site's configured address (PRONGSAI_BASE_URL)."""
    return settings.BASE_URL + reverse("surveys:survey", args=[campaign.token])


def _campaign(request: DocumentRequest) -> Campaign:
    """The organisation's survey; another organisation's survey id is a 404, as on every page."""
    return get_object_or_404(Campaign, org=request.org, pk=request.params.get("campaign"))


def _campaign_title(campaign: Campaign, fmt: thai.Formatter) -> str:
    return f"{for_campaign(campaign).title} ประจำปี {fmt.digits(str(campaign.year))}"


# ---------------------------------------------------------------- the satisfaction report


def period_bounds(campaign: Campaign, period: str) -> tuple[date, date, str]:
    """Fiscal-year halves as reported to the executives: h1 Oct–Mar, h2 Apr–Sep, or the year."""
    start, end = thai.fiscal_year_bounds(campaign.year)
    if period == "h1":
        end = date(start.year + 1, 3, 31)
    elif period == "h2":
        start = date(end.year, 4, 1)
    digits = campaign.org.thai_digits
    first = thai.thai_month_year(start, short=True, thai_digits=digits)
    last = thai.thai_month_year(end, short=True, thai_digits=digits)
    return start, end, f"{first} – {last}"


def _responses(campaign: Campaign, period: str):
    start, end, _label = period_bounds(campaign, period)
    return Response.objects.filter(campaign=campaign, date__range=(start, end))


def satisfaction_check(request: DocumentRequest) -> str | None:
    campaign = _campaign(request)
    if campaign.tool != Campaign.Tool.SATISFACTION:
        return NOT_FOUND
    if not _responses(campaign, request.params["period"]).exists():
        _start, _end, label = period_bounds(campaign, request.params["period"])
        return f"ยังไม่มีผู้ตอบแบบประเมินความพึงพอใจในช่วง {label}"
    return None


def satisfaction_context(request: DocumentRequest) -> dict:
    campaign, period, f = _campaign(request), request.params["period"], request.fmt
    _start, _end, label = period_bounds(campaign, period)
    in_period = _responses(campaign, period)

    def pct(value) -> str:
        return "–" if value is None else f.digits(results.round_pct(value))

    n, shares = results.question_results(campaign, in_period)
    points = []
    for point in ServicePoint.objects.filter(org=campaign.org):
        pn, pshares = results.question_results(campaign, in_period.filter(service_point=point))
        if pn == 0:
            continue
        points.append({
            "name": point.name, "responses": f.number(pn),
            "satisfied_pct": pct(results.overall_satisfied(pshares)),
            "suppressed": pshares is None,
            "questions": [
                {"text": s.text, "satisfied_pct": pct(s.satisfied_pct)} for s in pshares or []
            ],
        })  # fmt: skip
    overall = results.overall_satisfied(shares)
    if overall is None:
        summary = (
            f"ในช่วง {label} มีผู้ตอบแบบประเมิน {f.number(n)} ราย ซึ่งน้อยกว่า "
            f"{f.number(results.K_ANONYMITY)} ราย จึงไม่แสดงผลรายข้อเพื่อคุ้มครองผู้ตอบ"
        )
    else:
        rated = [s for s in shares if s.satisfied_pct is not None]
        lowest = min(s.satisfied_pct for s in rated)
        weakest = [s.text for s in rated if s.satisfied_pct == lowest]
        numbered = [f"({f.digits(i)}) {text}" for i, text in enumerate(weakest, 1)]
        listed = weakest[0] if len(weakest) == 1 else " ".join(numbered)
        summary = (
            f"ในช่วง {label} มีผู้ตอบแบบประเมิน {f.number(n)} ราย พึงพอใจในการให้บริการโดยรวม"
            f"ร้อยละ {pct(overall)} ประเด็นที่มีร้อยละผู้พึงพอใจน้อยที่สุด ({pct(lowest)}) "
            f"ซึ่งหน่วยงานควรปรับปรุงเป็นลำดับแรก ได้แก่ {listed}"
        )
    return {
        "fiscal_year": f.fiscal_year(campaign.year),
        "period": f"{PERIOD_NAMES[period]} ({label})",
        "overall": {"responses": f.number(n), "satisfied_pct": pct(overall)},
        "questions": [
            {"text": s.text, "responses": f.number(n), "satisfied_pct": pct(s.satisfied_pct)}
            for s in shares or []
        ],
        "service_points": points,
        "min_responses": f.number(results.K_ANONYMITY),
        "summary": summary,
    }


def satisfaction_variants(org, year: int) -> list[Variant]:
    out = []
    for campaign in Campaign.objects.filter(org=org, year=year, tool=Campaign.Tool.SATISFACTION):
        for period in PERIODS:
            _start, _end, label = period_bounds(campaign, period)
            out.append(
                Variant(
                    f"{PERIOD_NAMES[period]} ({label})", {"campaign": campaign.pk, "period": period}
                )
            )
    return out


# ---------------------------------------------------------------- the QR poster


def poster_check(request: DocumentRequest) -> str | None:
    campaign = _campaign(request)
    if campaign.tool == Campaign.Tool.IIT:
        return "แบบวัด IIT ตอบด้วยรหัสใช้ครั้งเดียว จึงพิมพ์บัตรรหัสแทนโปสเตอร์"
    if campaign.closed:
        return "แบบสำรวจนี้ปิดรับคำตอบแล้ว"
    return None


def poster_context(request: DocumentRequest) -> dict:
    campaign, f = _campaign(request), request.fmt
    url = public_url(campaign)
    if campaign.tool == Campaign.Tool.SATISFACTION:
        heading = "ร่วมประเมินความพึงพอใจในการให้บริการ"
        subtitle = f"ใช้เวลาไม่เกิน {f.digits('2')} นาที"
    else:
        heading = "ร่วมตอบแบบวัดการรับรู้ของผู้รับบริการ (EIT)"
        subtitle = f"การประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปี {f.be(campaign.year)}"
    return {
        "heading": heading,
        "subtitle": subtitle,
        "qr": Picture(qr_png(url), width_mm=95),
        "url": url,
        "lines": [
            "สแกน QR Code ด้วยกล้องโทรศัพท์ หรือเปิดลิงก์ด้านบน",
            "ตอบได้ครั้งเดียวต่อเครื่อง",
            "ความคิดเห็นของท่านช่วยให้เราบริการได้ดีขึ้น",
        ],
        "privacy": PRIVACY,
    }


def poster_variants(org, year: int) -> list[Variant]:
    campaigns = Campaign.objects.filter(org=org, year=year).exclude(tool=Campaign.Tool.IIT)
    return [Variant(c.get_tool_display(), {"campaign": c.pk}) for c in campaigns]


# ---------------------------------------------------------------- the code slips

SLIPS_ONLY_FROM_THE_SURVEY = (
    "บัตรรหัสพิมพ์จากหน้าแบบวัด IIT เท่านั้น เพราะรหัสสร้างขึ้นขณะพิมพ์ ใช้ได้ครั้งเดียว และระบบไม่เก็บรหัสไว้"
)


def slips_check(request: DocumentRequest) -> str | None:
    campaign = _campaign(request)
    if campaign.tool != Campaign.Tool.IIT:
        return NOT_FOUND
    if not request.extra.get("codes"):
        return SLIPS_ONLY_FROM_THE_SURVEY
    return None


def slips_context(request: DocumentRequest) -> dict:
    """Rows of two slips; each slip has its code and a QR code of the survey with the code."""
    campaign = _campaign(request)
    url = public_url(campaign)
    slips = [
        {"code": code, "qr": Picture(qr_png(f"{url}?c={code.replace('-', '')}"), width_mm=30)}
        for code in request.extra["codes"]
    ]
    while len(slips) % SLIPS_PER_ROW:  # the last row's empty place: an empty slip, no code
        slips.append({"code": "", "qr": ""})
    rows = [slips[i : i + SLIPS_PER_ROW] for i in range(0, len(slips), SLIPS_PER_ROW)]
    return {
        "survey": _campaign_title(campaign, request.fmt),
        "url": url,
        "rows": rows,
        "instructions": "สแกน QR Code หรือเปิดลิงก์ แล้วกรอกรหัสนี้ รหัสใช้ได้ครั้งเดียว",
        "privacy": "ระบบไม่บันทึกว่ารหัสใดเป็นของผู้ใด",
    }


def slips_variants(org, year: int) -> list[Variant]:
    campaigns = Campaign.objects.filter(org=org, year=year, tool=Campaign.Tool.IIT)
    return [Variant(c.get_tool_display(), {"campaign": c.pk}) for c in campaigns]


SATISFACTION_REPORT = Kind(
    key="satisfaction_report",
    title_th="รายงานผลการประเมินความพึงพอใจในการให้บริการประชาชน",
    title_en="Report of the service satisfaction survey",
    layout=LAYOUTS / "satisfaction_report.docx",
    build=satisfaction_context,
    fields=frozenset(
        {
            "fiscal_year",
            "period",
            "overall",
            "questions",
            "service_points",
            "min_responses",
            "summary",
        }
    ),  # fmt: skip
    params=("campaign", "period"),
    variants=satisfaction_variants,
    check=satisfaction_check,
)
SURVEY_POSTER = Kind(
    key="survey_poster",
    title_th="โปสเตอร์เชิญตอบแบบสำรวจ",
    title_en="QR poster inviting answers to a survey",
    layout=LAYOUTS / "survey_poster.docx",
    build=poster_context,
    fields=frozenset({"heading", "subtitle", "qr", "url", "lines", "privacy"}),
    params=("campaign",),
    variants=poster_variants,
    check=poster_check,
    formats=("pdf",),
    signed=False,
)
SURVEY_CODES = Kind(
    key="survey_codes",
    title_th="บัตรรหัสสำหรับตอบแบบวัด IIT",
    title_en="One-time code slips for the IIT survey",
    layout=LAYOUTS / "survey_codes.docx",
    build=slips_context,
    fields=frozenset({"survey", "url", "rows", "instructions", "privacy"}),
    params=("campaign",),
    variants=slips_variants,
    check=slips_check,
    formats=("pdf",),
    signed=False,
    offered=False,
)
KINDS = (SATISFACTION_REPORT, SURVEY_POSTER, SURVEY_CODES)
