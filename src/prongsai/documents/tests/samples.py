"""Realistic document contexts, shaped as the apps build them, for the rendering tests.

The ITA analysis: question texts and scores are seed 002's (an อบต.'s ITA 2568 results);
indicator, tool and total scores are derived from them the way the engine does, so the sample
reads like a real document. The survey slips, poster and satisfaction report are shaped as the
surveys app builds them; their satisfaction figures are worked out from whole counts of
respondents, so every percentage is one a real survey could give. The organisation and the
people are fictional.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from prongsai.documents.qr import qr_svg
from prongsai.documents.thaifmt import (
    fiscal_year_period,
    format_score,
    thai_date,
    to_thai_digits,
)

ORG_NAME = "องค์การบริหารส่วนตำบลบ้านสวน"
TITLE = "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"

INDICATORS = [
    (1, "การปฏิบัติหน้าที่", "IIT"),
    (2, "การใช้งบประมาณ", "IIT"),
    (3, "การใช้อำนาจ", "IIT"),
    (4, "การใช้ทรัพย์สินของราชการ", "IIT"),
    (5, "การแก้ไขปัญหาการทุจริต", "IIT"),
    (6, "คุณภาพการดำเนินงาน", "EIT"),
    (7, "ประสิทธิภาพการสื่อสาร", "EIT"),
    (8, "การปรับปรุงการทำงาน", "EIT"),
    (9, "การเปิดเผยข้อมูล", "OIT"),
    (10, "การป้องกันการทุจริต", "OIT"),
]

# (indicator, code, text, score): seed 002, as shared/reference/ita-2568-questions.md quotes it.
QUESTIONS = [
    (1, "i1", "การปฏิบัติงานหรือให้บริการของเจ้าหน้าที่ในหน่วยงานของท่าน เป็นไปตามขั้นตอนและระยะเวลา มากน้อยเพียงใด", "100"),
    (1, "i2", "ในหน่วยงานของท่าน มีเจ้าหน้าที่ที่ปฏิบัติงานหรือให้บริการแก่ผู้มาติดต่อหรือผู้มารับบริการอย่างเท่าเทียมกัน มากน้อยเพียงใด", "99.38"),
    (1, "i3", "เจ้าหน้าที่ในหน่วยงานของท่าน มีการเรียกรับสินบนเพื่อแลกกับการปฏิบัติงานหรือการให้บริการหรือไม่", "100"),
    (2, "i4", "หน่วยงานของท่าน ใช้จ่ายงบประมาณเป็นไปตามวัตถุประสงค์ มากน้อยเพียงใด", "100"),
    (2, "i5", "ในหน่วยงานของท่าน มีเจ้าหน้าที่เบิกจ่ายเงินเป็นเท็จ เช่น ค่าทำงานล่วงเวลา ค่าวัสดุอุปกรณ์ หรือค่าเดินทาง ฯลฯ มากน้อยเพียงใด", "99.38"),
    (2, "i6", "หน่วยงานของท่าน มีการใช้งบประมาณหรือการจัดซื้อจัดจ้างที่เอื้อประโยชน์ให้บุคคลใดบุคคลหนึ่ง มากน้อยเพียงใด", "98.75"),
    (3, "i7", "ท่านเคยถูกผู้บังคับบัญชาของท่านสั่งให้ทำธุระส่วนตัวของผู้บังคับบัญชาหรือพวกพ้องบ่อยครั้ง มากน้อยเพียงใด", "98.75"),
    (3, "i8", "ท่านเคยถูกผู้บังคับบัญชาของท่าน สั่งให้ทำในสิ่งที่เป็นการทุจริตหรือประพฤติมิชอบบ่อยครั้ง มากน้อยเพียงใด", "99.38"),
    (3, "i9", "การบริหารงานบุคคลในหน่วยงานของท่าน มีการให้หรือรับสินบน เพื่อแลกกับการบรรจุ แต่งตั้ง โยกย้าย หรือเลื่อนตำแหน่งหรือไม่", "100"),
    (4, "i10", "เจ้าหน้าที่ในหน่วยงานของท่าน มีการขอยืมหรือขอใช้ทรัพย์สินของหน่วยงานอย่างถูกต้องตามขั้นตอน/แนวปฏิบัติ มากน้อยเพียงใด", "99.38"),
    (4, "i11", "เจ้าหน้าที่ในหน่วยงานของท่าน เคยนำทรัพย์สินของหน่วยงานไปใช้เพื่อประโยชน์ส่วนตัวบ่อยครั้ง มากน้อยเพียงใด", "99.38"),
    (4, "i12", "การกำกับดูแลและตรวจสอบทรัพย์สินของหน่วยงาน สามารถป้องกันการนำทรัพย์สินของหน่วยงานไปใช้เพื่อประโยชน์ส่วนตัว มากน้อยเพียงใด", "100"),
    (5, "i13", "ผู้บริหารสูงสุดของหน่วยงานของท่าน ให้ความสำคัญกับการแก้ไขปัญหาการทุจริต มากน้อยเพียงใด", "100"),
    (5, "i14", "ท่านคิดว่าการดำเนินการเพื่อป้องกันการทุจริตของหน่วยงานของท่าน สามารถป้องกันการทุจริตได้ มากน้อยเพียงใด", "100"),
    (5, "i15", "ท่านเชื่อมั่นในกระบวนการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบภายในหน่วยงานของท่าน มากน้อยเพียงใด", "100"),
    (6, "e1", "เจ้าหน้าที่ปฏิบัติงานหรือให้บริการแก่ท่าน เป็นไปตามขั้นตอนและระยะเวลา", "90.59"),
    (6, "e2", "เจ้าหน้าที่ปฏิบัติงานหรือให้บริการแก่ท่านและผู้อื่นอย่างเท่าเทียมกัน", "89.41"),
    (6, "e3", "ท่านเคยถูกเจ้าหน้าที่เรียกรับสินบน เพื่อแลกกับการปฏิบัติงานหรือให้บริการแก่ท่าน หรือไม่", "100"),
    (7, "e4", "หน่วยงานมีช่องทางการเผยแพร่ข้อมูลข่าวสารที่สามารถเข้าถึงได้ง่าย", "93.53"),
    (7, "e5", "หน่วยงานมีการประชาสัมพันธ์ข้อมูลข่าวสารที่ประชาชนหรือผู้รับบริการควรได้รับทราบอย่างชัดเจน", "95.29"),
    (7, "e6", "เจ้าหน้าที่สามารถสื่อสาร ตอบข้อซักถามหรือให้คำอธิบายแก่ท่านได้อย่างชัดเจน", "90.59"),
    (8, "e7", "หน่วยงานมีการเปิดโอกาสให้บุคคลภายนอกได้เข้าไปมีส่วนร่วมในการปรับปรุงพัฒนาการดำเนินงานของหน่วยงาน", "90.59"),
    (8, "e8", "หน่วยงานมีการปรับปรุงการดำเนินงานให้ตอบสนองต่อประชาชน", "89.41"),
    (8, "e9", "ท่านเคยใช้งานระบบการให้บริการออนไลน์ (E-Service) ของหน่วยงานหรือไม่", "91.76"),
    (9, "o1", "โครงสร้าง", "100"),
    (9, "o2", "ข้อมูลผู้บริหาร", "100"),
    (9, "o3", "ช่องทางการติดต่อ-สอบถาม", "100"),
    (9, "o12", "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ", "0"),
]  # fmt: skip
# Indicator 10 has no question list, as when only indicator scores are known.
INDICATOR_SCORES_WITHOUT_QUESTIONS = {10: "100"}

CAUSES = {
    1: "เจ้าหน้าที่บางส่วนยังให้บริการผู้มาติดต่อโดยเรียงตามความคุ้นเคยมากกว่าตามลำดับการมาถึง",
    6: "ผู้รับบริการบางส่วนเห็นว่าการให้บริการยังไม่เท่าเทียมกัน โดยเฉพาะช่วงที่มีผู้มาติดต่อจำนวนมาก",
    9: "ยังไม่ได้เผยแพร่รายงานผลการจัดซื้อจัดจ้างประจำปีบนเว็บไซต์ของหน่วยงานภายในเวลาที่กำหนด",
}
GUIDELINES = {
    1: "จัดระบบบัตรคิวและประกาศมาตรฐานระยะเวลาการให้บริการให้ประชาชนทราบ\nติดตามผลทุกไตรมาส",
    6: "อบรมเจ้าหน้าที่ด้านการให้บริการอย่างเท่าเทียม และเปิดช่องทางรับฟังความคิดเห็นของผู้รับบริการ",
    9: "มอบหมายผู้รับผิดชอบเผยแพร่ข้อมูลการจัดซื้อจัดจ้างและตรวจสอบความครบถ้วนทุกเดือน",
}

_CENT = Decimal("0.01")
TOOL_WEIGHTS = {"IIT": Decimal("0.3"), "EIT": Decimal("0.3"), "OIT": Decimal("0.4")}


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _fmt(value: Decimal, thai_digits: bool) -> str:
    return format_score(value.quantize(_CENT, rounding=ROUND_HALF_UP), thai_digits=thai_digits)


def ita_analysis_context(*, thai_digits: bool = True, chart_svg: str = "") -> dict:
    """The context of the ITA analysis document for the fictional อบต.บ้านสวน, FY 2568."""

    def digits(text: object) -> str:
        return to_thai_digits(text) if thai_digits else str(text)

    indicators = []
    scores: dict[int, Decimal] = {}
    for number, name, tool in INDICATORS:
        rows = [q for q in QUESTIONS if q[0] == number]
        if rows:
            score = _mean([Decimal(q[3]) for q in rows])
            lowest_score = min(Decimal(q[3]) for q in rows)
            all_full = lowest_score == 100
        else:
            score = Decimal(INDICATOR_SCORES_WITHOUT_QUESTIONS[number])
            lowest_score, all_full = None, True
        scores[number] = score
        questions = [
            {
                "code": code,
                "text": text,
                "score": _fmt(Decimal(value), thai_digits),
                "lowest": not all_full and Decimal(value) == lowest_score,
            }
            for _, code, text, value in rows
        ]
        lowest = [q for q in questions if q["lowest"]]
        if lowest:
            lowest_text = "\n".join(f"{q['code']} {q['text']} ({q['score']})" for q in lowest)
        else:
            lowest_text = f"ไม่มี (ทุกข้อได้ {digits(100)} คะแนน)"
        indicators.append(
            {
                "number": digits(number),
                "name": name,
                "tool": tool,
                "score": _fmt(score, thai_digits),
                "questions": questions,
                "lowest_text": lowest_text,
                "cause": CAUSES.get(number, ""),
                "guideline": GUIDELINES.get(number, ""),
            }
        )

    tools = {
        tool: _mean([scores[n] for n, _, t in INDICATORS if t == tool]) for tool in TOOL_WEIGHTS
    }
    total = sum((TOOL_WEIGHTS[t] * s for t, s in tools.items()), Decimal(0))
    result = "ผ่าน" if total.quantize(_CENT, rounding=ROUND_HALF_UP) >= 85 else "ไม่ผ่าน"
    return {
        "title": TITLE if thai_digits else TITLE.replace("๒๕๖๘", "2568"),
        "org": {"name": ORG_NAME, "province": "ชลบุรี", "district": "เมือง"},
        "year": digits(2568),
        "thai_digits": thai_digits,
        "summary": {
            "total": _fmt(total, thai_digits),
            "result": result,
            "rating": result,
            "tools": [{"name": t, "score": _fmt(s, thai_digits)} for t, s in tools.items()],
        },
        "chart_svg": chart_svg,
        "indicators": indicators,
        "measures": [
            {
                "number": digits(1),
                "indicator": f"{digits(1)} การปฏิบัติหน้าที่",
                "name": "มาตรการส่งเสริมการให้บริการอย่างเท่าเทียมและตามลำดับการมาถึง",
                "analysis": "ข้อ i2 ได้คะแนนน้อยที่สุดของตัวชี้วัด สะท้อนว่าผู้มาติดต่อบางรายยังได้รับบริการก่อนผู้อื่น",
                "steps": (
                    f"{digits(1)}. จัดทำและประกาศมาตรฐานระยะเวลาการให้บริการ\n"
                    f"{digits(2)}. ติดตั้งระบบบัตรคิวที่จุดบริการ\n"
                    f"{digits(3)}. รายงานผลต่อนายกองค์การบริหารส่วนตำบลทุกไตรมาส"
                ),
                "period": fiscal_year_period(2569, thai_digits=thai_digits),
                "responsible": "สำนักปลัด",
            },
            {
                "number": digits(2),
                "indicator": f"{digits(9)} การเปิดเผยข้อมูล",
                "name": "มาตรการเผยแพร่ข้อมูลการจัดซื้อจัดจ้างต่อสาธารณะ",
                "analysis": "ข้อ o12 ไม่ผ่าน เพราะรายงานผลการจัดซื้อจัดจ้างยังไม่ได้เผยแพร่บนเว็บไซต์",
                "steps": (
                    f"{digits(1)}. มอบหมายเจ้าหน้าที่พัสดุเป็นผู้รับผิดชอบ\n"
                    f"{digits(2)}. เผยแพร่รายงานผลการจัดซื้อจัดจ้างทุกเดือน"
                ),
                "period": fiscal_year_period(2569, thai_digits=thai_digits),
                "responsible": "กองคลัง",
            },
        ],
        "reporter": {"name": "นางสาวพรทิพย์ ใจซื่อ", "position": "นิติกร"},
        "certifier": {"name": "นายสมชาย รักษ์ถิ่น", "position": f"นายก{ORG_NAME}"},
        "date": thai_date(date(2026, 11, 20), thai_digits=thai_digits),
    }


# --- surveys ------------------------------------------------------------------------------

SURVEY_BASE_URL = "https://prongsai.example/s/q8Zr2LmV0xYtKb3n/"
IIT_TITLE = "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) ประจำปี ๒๕๖๘"
SLIP_INSTRUCTIONS = "สแกน QR Code หรือเปิดลิงก์ แล้วกรอกรหัสข้างต้น รหัสใช้ได้ครั้งเดียว คำตอบไม่ถูกเชื่อมโยงกับตัวท่าน"
# Letters and digits that cannot be mistaken for one another when typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PRIVACY = "ไม่ต้องระบุชื่อ คำตอบของท่านไม่สามารถเชื่อมโยงถึงตัวท่านได้"


def slip_codes(count: int, *, seed: int = 2568) -> list[str]:
    """``count`` distinct codes in the printed form ``K7QF-2MXR-9PLA``."""
    rng = random.Random(seed)
    codes: list[str] = []
    while len(codes) < count:
        raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if code not in codes:
            codes.append(code)
    return codes


def survey_codes_context(count: int = 10) -> dict:
    """IIT code slips of อบต.บ้านสวน: ``count`` slips, each with its own QR code."""
    slips = []
    for code in slip_codes(count):
        url = f"{SURVEY_BASE_URL}?c={code.replace('-', '')}"
        slips.append({"code": code, "url": url, "qr_svg": qr_svg(url)})
    return {
        "org": {"name": ORG_NAME},
        "title": IIT_TITLE,
        "instructions": SLIP_INSTRUCTIONS,
        "slips": slips,
    }


def survey_poster_context() -> dict:
    """The counter poster inviting อบต.บ้านสวน's service users to rate the service."""
    return {
        "org": {"name": ORG_NAME},
        "title": "ร่วมประเมินความพึงพอใจ",
        "subtitle": "ในการให้บริการขององค์การบริหารส่วนตำบลบ้านสวน",
        "url": SURVEY_BASE_URL,
        "qr_svg": qr_svg(SURVEY_BASE_URL),
        "lines": [
            "สแกน QR Code ด้วยกล้องโทรศัพท์มือถือ",
            "ตอบคำถาม ๙ ข้อ ใช้เวลาไม่เกิน ๒ นาที",
            "ความเห็นของท่านช่วยให้เราปรับปรุงการให้บริการ",
        ],
        "privacy": PRIVACY,
    }


# The default satisfaction questionnaire (surveys/data/satisfaction-default.yaml).
SATISFACTION_QUESTIONS = [
    ("s1", "ขั้นตอนการให้บริการชัดเจน ไม่ยุ่งยาก"),
    ("s2", "ได้รับบริการตามลำดับก่อนหลังอย่างเป็นธรรม"),
    ("s3", "ระยะเวลาในการให้บริการเหมาะสม รวดเร็ว"),
    ("s4", "เจ้าหน้าที่ให้บริการด้วยความสุภาพ เต็มใจ"),
    ("s5", "เจ้าหน้าที่ให้คำแนะนำและตอบข้อสงสัยได้ชัดเจน"),
    ("s6", "เจ้าหน้าที่ไม่เรียกรับสิ่งตอบแทนใด ๆ ในการให้บริการ"),
    ("s7", "สถานที่ให้บริการสะอาด มีที่นั่งรอ และป้ายบอกทางชัดเจน"),
    ("s8", "มีช่องทางแสดงความคิดเห็นหรือร้องเรียนที่เข้าถึงง่าย"),
    ("s9", "ความพึงพอใจต่อการให้บริการโดยรวม"),
]
# Per service point: respondents, and per question how many of them were satisfied.
SERVICE_POINTS = [
    ("งานทะเบียนราษฎร", 80, [74, 78, 70, 77, 75, 80, 69, 71, 75]),
    ("กองช่าง (ขออนุญาตก่อสร้างอาคาร)", 37, [31, 35, 28, 36, 33, 37, 30, 29, 33]),
    ("กองคลัง (ชำระภาษี)", 3, [3, 2, 3, 3, 3, 3, 2, 3, 3]),
]
MIN_RESPONSES = 5
SUPPRESSED_SENTENCE = "ไม่แสดงผลรายข้อ เนื่องจากมีผู้ตอบน้อยกว่า ๕ ราย"
SATISFACTION_TITLE = "รายงานผลการประเมินความพึงพอใจในการให้บริการประชาชน"


def _pct(part: int, whole: int) -> str:
    return _fmt(Decimal(100 * part) / whole, True)


def satisfaction_report_context() -> dict:
    """อบต.บ้านสวน's satisfaction report for the first half of fiscal year 2569.

    A question's percentage is the share of its respondents who were satisfied; a point's
    overall figure is the share of all its answers that were, so the table's last row is more
    than the mean of rounded figures. กองคลัง has 3 respondents, fewer than 5: suppressed.
    """
    responses = sum(n for _, n, _ in SERVICE_POINTS)
    satisfied = [sum(point[2][i] for point in SERVICE_POINTS) for i in range(9)]
    points = []
    for name, count, counts in SERVICE_POINTS:
        suppressed = count < MIN_RESPONSES
        points.append(
            {
                "name": name,
                "responses": to_thai_digits(count),
                "satisfied_pct": "" if suppressed else _pct(sum(counts), 9 * count),
                "suppressed": suppressed,
                "questions": []
                if suppressed
                else [
                    {"code": code, "text": text, "satisfied_pct": _pct(n, count)}
                    for (code, text), n in zip(SATISFACTION_QUESTIONS, counts, strict=True)
                ],
            }
        )
    return {
        "title": SATISFACTION_TITLE,
        "org": {"name": ORG_NAME, "province": "ชลบุรี", "district": "เมือง"},
        "period": "ต.ค. ๒๕๖๘ – มี.ค. ๒๕๖๙",
        "year": "๒๕๖๙",
        "thai_digits": True,
        "overall": {
            "responses": to_thai_digits(responses),
            "satisfied_pct": _pct(sum(satisfied), 9 * responses),
        },
        "questions": [
            {
                "code": code,
                "text": text,
                "responses": to_thai_digits(responses),
                "satisfied_pct": _pct(n, responses),
            }
            for (code, text), n in zip(SATISFACTION_QUESTIONS, satisfied, strict=True)
        ],
        "service_points": points,
        "min_responses": to_thai_digits(MIN_RESPONSES),
        "note": (
            "ร้อยละผู้พึงพอใจ คือ ร้อยละของผู้ตอบที่เลือก พึงพอใจมาก หรือ พึงพอใจมากที่สุด "
            "จุดบริการที่มีผู้ตอบน้อยกว่า ๕ ราย แสดงเฉพาะจำนวนผู้ตอบ เพื่อไม่ให้ระบุตัวผู้ตอบได้"
        ),
        "summary_text": (
            "ผู้รับบริการส่วนใหญ่พึงพอใจในการให้บริการ โดยเฉพาะด้านเจ้าหน้าที่ผู้ให้บริการ "
            "ประเด็นที่ได้ร้อยละน้อยที่สุดคือระยะเวลาในการให้บริการและสถานที่ให้บริการ "
            "จึงเสนอให้จัดระบบบัตรคิวและปรับปรุงที่นั่งรอบริเวณจุดบริการ\n"
            "กองคลังมีผู้ตอบน้อย ควรประชาสัมพันธ์ช่องทางการประเมินที่จุดชำระภาษีเพิ่มเติม"
        ),
        "reporter": {"name": "", "position": "นักจัดการงานทั่วไป"},
        "certifier": {"name": "นายสมชาย รักษ์ถิ่น", "position": f"นายก{ORG_NAME}"},
        "date": thai_date(date(2026, 4, 20), thai_digits=True),
    }
