"""Plain-text Thai tables of an assessment, for the command line."""

from __future__ import annotations

import unicodedata

from prongsai.scoring.results import Assessment, round2

TOOL_NAMES = {"iit": "IIT", "eit": "EIT", "oit": "OIT"}


def pad(text: str, width: int) -> str:
    """Left-justify by what a terminal shows: Thai vowel and tone marks take no column."""
    shown = sum(1 for ch in text if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))
    return text + " " * max(1, width - shown)


def _fmt(value) -> str:
    rounded = round2(value)
    return "–" if rounded is None else f"{rounded:.2f}"


def assessment_table(a: Assessment, org: str = "") -> str:
    lines = []
    title = f"ผลการประเมิน ITA ปี {a.year}"
    if org:
        title += f" — {org}"
    lines += [title, "=" * len(title)]
    lines.append(f"{pad('ตัวชี้วัด', 40)}{'คะแนน':>8}  ข้อที่คะแนนต่ำสุด / ข้อที่ไม่ผ่าน")
    for ind in a.indicators:
        weak = ind.failed if ind.tool == "oit" else ind.lowest
        note = ", ".join(weak) if ind.detailed else ""
        if ind.missing:
            note = f"ขาดข้อมูล: {', '.join(ind.missing)}"
        label = f"{ind.number}. {ind.name_th}"
        lines.append(f"{pad(label, 40)}{_fmt(ind.score):>8}  {note}".rstrip())
    lines.append("")
    for code, value in a.tools.items():
        lines.append(f"{pad(TOOL_NAMES[code], 40)}{_fmt(value):>8}")
    for part, value in a.eit_parts.items():
        lines.append(f"{pad(f'EIT ส่วนที่ {part}', 40)}{_fmt(value):>8}")
    lines.append(f"{pad('คะแนนรวม', 40)}{_fmt(a.total):>8}")
    if a.passed is not None:
        verdict = "ผ่าน" if a.passed else "ไม่ผ่าน"
        lines.append(f"{pad('ผลการประเมิน', 40)}{verdict} ({a.rating_th})")
    lines += [f"หมายเหตุ: {w}" for w in a.warnings]
    return "\n".join(lines) + "\n"
