"""Demo OIT evidence: a few items published, ticked, owned by units and with the steps from the
home page, so the public ITA page has something to show (fictional sites under `.example`, never
fetched: the nightly check leaves the demo's organisations alone, oit/tasks.py).

The last completed year's evidence is the main organisation's whole set; the current year is
under way: where the year has criteria for an organisation (the demo's provisional ones of
ชลบุรี, ita/demo.py) the first items of the year are recorded, one with a component still
missing, the rest not yet."""

from __future__ import annotations

from prongsai.oit import checklist
from prongsai.oit.models import ComponentCheck, Evidence

DEMO = {
    "o1": "สำนักปลัด",
    "o2": "สำนักปลัด",
    "o3": "สำนักปลัด",
    "o4": "สำนักปลัด",
    "o12": "กองคลัง",
    "o13": "กองคลัง",
    "o18": "สำนักปลัด",
    "o19": "สำนักปลัด",
}

# How a visitor reaches each item from the home page of the demo website.
STEPS = {
    "o1": "หน้าหลัก > ข้อมูลหน่วยงาน > โครงสร้างองค์กร",
    "o2": "หน้าหลัก > ข้อมูลหน่วยงาน > คณะผู้บริหาร",
    "o3": "หน้าหลัก > ข้อมูลหน่วยงาน > ติดต่อเรา",
    "o4": "หน้าหลัก > ข่าวประชาสัมพันธ์",
    "o12": "หน้าหลัก > การจัดซื้อจัดจ้าง > รายงานสรุปผลประจำปี",
    "o13": "หน้าหลัก > การบริหารงานบุคคล > แผนพัฒนาบุคลากร",
    "o18": "หน้าหลัก > เรื่องร้องเรียน > สถิติเรื่องร้องเรียน",
    "o19": "หน้าหลัก > การมีส่วนร่วม > ผลการเปิดโอกาสให้มีส่วนร่วม",
}


# The current year so far: (item, unit), the first the organisation publishes after 1 October.
CURRENT = {"o1": "สำนักปลัด", "o2": "สำนักปลัด", "o3": "สำนักปลัด", "o4": "สำนักปลัด",
           "o12": "กองคลัง"}  # fmt: skip
# The other ชลบุรี organisations have begun too, one further than the other.
CURRENT_OTHERS = {"saen-suk": ("o1", "o2", "o3"), "nong-khla": ("o1",)}


def load_oit_demo(org, year: int = 2568, items: dict[str, str] = DEMO) -> None:
    units = {u.name: u for u in org.units.all()}
    rows = {r.code: r for r in checklist.rows(org, year)}
    for n, (item, unit) in enumerate(items.items()):
        if item not in rows:
            continue  # criteria without this item
        evidence, created = Evidence.objects.get_or_create(
            org=org, year=year, item=item,
            defaults={"urls": f"{org.website.rstrip('/')}/ita/{year}/{item}", "owner": units.get(unit),
                      "steps": STEPS[item]},
        )  # fmt: skip
        if not created:
            if not evidence.steps:  # a demo loaded before the steps existed gets them
                Evidence.objects.filter(pk=evidence.pk).update(steps=STEPS[item])
            continue
        for component in rows[item].components:
            # o12 is left with a component unticked: the procurement report seed 002 names as weakest.
            ComponentCheck.objects.create(
                evidence=evidence,
                component=component.code,
                ticked=not (item == "o12" and n % 2 == 0),
            )


def load_demo(demo) -> None:
    load_oit_demo(demo.main, checklist.year_for(demo.last_year))
    current = demo.current_year
    if checklist.year_for(current, demo.main) == current:
        load_oit_demo(demo.main, current, CURRENT)
    for slug, codes in CURRENT_OTHERS.items():
        org = demo.orgs[slug]
        if checklist.year_for(current, org) == current:
            load_oit_demo(org, current, {code: DEMO[code] for code in codes})
