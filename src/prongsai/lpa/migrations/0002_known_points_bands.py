"""The LPA-points bands seed 004 shows (§A10): ≥ 80 → 10 and 77.14–79.57 → 8. Below 77 the rule
is not published: one band with no points says so. Editable in the admin."""

from decimal import Decimal

from django.db import migrations

BANDS = [
    (Decimal("80"), None, Decimal("10"), True, "เห็นในตารางเงินรางวัล ปี 2566 (seed 004)"),
    (
        Decimal("77"),
        Decimal("80"),
        Decimal("8"),
        True,
        "เห็นค่า 77.14–79.57 ได้ 8 คะแนน (seed 004) ขอบล่าง 77 เป็นการอนุมาน",
    ),
    (Decimal("0"), Decimal("77"), None, False, "ไม่ทราบเกณฑ์ (ไม่มีในเอกสารที่เผยแพร่)"),
]


def add(apps, schema_editor):
    Band = apps.get_model("lpa", "LpaPointsBand")
    if not Band.objects.exists():
        for minimum, maximum, points, known, note in BANDS:
            Band.objects.create(
                minimum=minimum, maximum=maximum, points=points, known=known, note=note
            )


class Migration(migrations.Migration):
    dependencies = [("lpa", "0001_lpa_results_and_points_bands")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
