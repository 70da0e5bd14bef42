"""`prongsai plans import-sheets`: an old plan book's project sheets into an organisation's plan."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command, get_commands

from prongsai.cli import resolve_argv
from prongsai.orgs.models import Organisation
from prongsai.plans.models import ActionPlan, Budget, Project
from prongsai.plans.templates_data import create_plan
from prongsai.plans.tests.test_sheets import SEED_003, SMALL_BOOK, needs_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Organisation:
    return Organisation.objects.create(
        slug="wapi",
        name_th="เทศบาลตำบลวาปีปทุม",
        kind="subdistrict_municipality",
        province="มหาสารคาม",
    )


@pytest.fixture
def small_book(tmp_path):
    path = tmp_path / "แผนเดิม.txt"
    path.write_text(SMALL_BOOK, encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("plans_import_sheets", *map(str, args), stdout=out)
    return out.getvalue()


def fails(*args: str) -> str:
    with pytest.raises(CommandError) as err:
        run(*args)
    assert err.value.returncode == 2
    return str(err.value)


def test_it_is_reachable_as_plans_import_sheets():
    argv = resolve_argv(["plans", "import-sheets", "book.txt"], set(get_commands()))
    assert argv == ["plans_import_sheets", "book.txt"]


@needs_seed
def test_a_dry_run_reports_the_seed_and_writes_nothing(org):
    text = run(SEED_003, "--org", "wapi", "--dry-run")
    assert "พบ 36 แผ่นโครงการ" in text
    assert "ชื่อโครงการ 36/36" in text and "ระยะเวลา 35/36" in text
    assert "21. มาตรการจัดทำแผนปฏิบัติการ" in text and "ผู้รับผิดชอบ, ผลผลิต" in text
    assert "ทดลองเท่านั้น ไม่ได้บันทึก" in text
    assert ActionPlan.objects.count() == 0 and Project.objects.count() == 0


@needs_seed
def test_the_seed_goes_into_a_new_plan_one_sub_section_per_project(org):
    text = run(SEED_003, "--org", "wapi")
    assert "นำเข้าแล้ว 36 โครงการ" in text
    plan = ActionPlan.objects.get(org=org)
    assert plan.title == SEED_003.stem and (plan.first_year, plan.last_year) == (2566, 2570)
    projects = list(plan.projects.select_related("subsection__dimension"))
    assert len(projects) == 36
    assert all(p.subsection.dimension.plan_id == plan.pk for p in projects)
    assert [p.order for p in projects] == list(range(1, 37))
    by_order = {p.order: p for p in projects}
    assert {n: by_order[n].subsection.code for n in (1, 21, 31, 34)} == {
        1: "1.1.1",
        21: "2.2.3",  # printed ๒.๑.๓ after ๒.๒.๒
        31: "3.2.3",  # headers ๓.๒.๑–๓.๒.๓ printed over one sheet: the last one
        34: "4.1.3",  # printed ๔.๓.๓ after ๔.๑.๒
    }
    assert all(2566 <= p.start_year <= p.end_year <= 2570 for p in projects)
    assert (by_order[4].start_year, by_order[4].end_year) == (2566, 2570)  # printed ๒๕๖๖–๒๕๘๐
    assert by_order[1].responsible_text.startswith("งานประชาสัมพันธ์")
    assert by_order[13].kind == Project.Kind.ACTIVITY and by_order[10].kind == "measure"
    assert list(Budget.objects.values_list("project__order", "fiscal_year", "amount")) == [
        (28, 2566, Decimal("20000.00"))
    ]
    assert "ไม่ได้แยกรายปี" in text and "ปี 2566–2580 อยู่นอกปีของแผน" in text


@needs_seed
def test_json_lists_the_sheets_counts_and_corrections(org):
    data = json.loads(run(SEED_003, "--org", "wapi", "--json", "--dry-run"))
    assert data["sheets_found"] == 36 and data["dry_run"] is True
    assert data["plan"] == {
        "id": None,
        "title": SEED_003.stem,
        "first_year": 2566,
        "last_year": 2570,
        "created": True,
    }
    assert data["field_counts"]["name"] == 36 and data["field_counts"]["period"] == 35
    assert data["sheets"][27]["budget_amount"] == "20000"
    assert [row["index"] for row in data["incomplete"]] == [21]
    corrected = {
        note["sheet"] for note in data["import"]["corrections"] if note["field"] == "period"
    }
    assert {4, 10, 21, 26, 33} <= corrected
    assert data["import"]["created"] == 36
    assert Project.objects.count() == 0


def test_it_imports_into_the_latest_plan_and_twice_is_safe(org, small_book):
    create_plan(org, "แผนเก่า", first_year=2561, last_year=2565)
    latest = create_plan(org, "แผน ๒๕๖๖–๒๕๗๐")
    assert "นำเข้าแล้ว 2 โครงการ" in run(small_book, "--org", "wapi")
    assert set(Project.objects.values_list("plan_id", flat=True)) == {latest.pk}
    again = run(small_book, "--org", "wapi")
    assert "นำเข้าแล้ว 0 โครงการ" in again and "ข้าม (skipped)" in again
    assert latest.projects.count() == 2
    assert Budget.objects.get().amount == Decimal("25500")


def test_plan_picks_the_plan(org, small_book):
    older = create_plan(org, "แผนเก่า", first_year=2561, last_year=2565)
    create_plan(org, "แผนใหม่")
    data = json.loads(run(small_book, "--org", "wapi", "--plan", older.pk, "--json"))
    assert data["plan"]["id"] == older.pk and data["plan"]["created"] is False
    # The book's 2566–2570 years are outside 2561–2565: moved in and reported.
    assert [(p.start_year, p.end_year) for p in older.projects.order_by("order")] == [
        (2565, 2565),
        (2565, 2565),
    ]
    assert len(data["import"]["corrections"]) == 2


def test_bad_input_exits_2_and_writes_nothing(org, small_book, tmp_path):
    other = Organisation.objects.create(
        slug="other", name_th="อบต.อื่น", kind="sao", province="ขอนแก่น"
    )
    foreign = create_plan(other, "แผนของหน่วยงานอื่น")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    empty = tmp_path / "empty.txt"
    empty.write_text("ประกาศเทศบาล\nไม่มีโครงการ\n", encoding="utf-8")
    assert "ไม่พบไฟล์" in fails(tmp_path / "none.txt", "--org", "wapi")
    assert "อ่านได้เฉพาะไฟล์ .txt หรือ .docx" in fails(pdf, "--org", "wapi")
    assert "ไม่พบหน่วยงาน 'nobody'" in fails(small_book, "--org", "nobody")
    assert "ไม่พบแผ่นโครงการ" in fails(empty, "--org", "wapi")
    assert "ไม่มีแผนหมายเลข" in fails(small_book, "--org", "wapi", "--plan", foreign.pk)
    assert ActionPlan.objects.filter(org=org).count() == 0
    assert Project.objects.count() == 0


def test_a_sheet_that_cannot_be_saved_rolls_back_the_whole_import(org, tmp_path):
    book = tmp_path / "book.txt"
    nameless = SMALL_BOOK.replace("๑. ชื่อโครงการ : มาตรการ NO Gift Policy", "๑. ชื่อโครงการ :")
    book.write_text(nameless, encoding="utf-8")
    message = fails(book, "--org", "wapi")
    assert "แผ่นที่ 2" in message and "ไม่มีชื่อโครงการ" in message
    assert ActionPlan.objects.count() == 0 and Project.objects.count() == 0


def test_the_template_has_the_three_sub_missions_of_3_2_as_seed_003_prints_them(org):
    plan = create_plan(org, "แผน ๒๕๖๖–๒๕๗๐")

    third = {s.code: s.name for s in plan.dimensions.get(number=3).subsections.all()}

    assert list(third) == ["3.1.1", "3.1.2", "3.2.1", "3.2.2", "3.2.3"]
    assert third["3.2.1"].startswith("กระบวนการรับฟังความคิดเห็นของประชาชน")
    assert third["3.2.2"] == ("ระบบและช่องทางให้ประชาชนในท้องถิ่นสามารถร้องเรียน/ร้องทุกข์ผ่านช่องทางที่หลากหลาย")
    assert third["3.2.3"].startswith("รายงานหรือแจ้งเป็นลายลักษณ์อักษรให้ประชาชนผู้ร้องเรียน/ร้องทุกข์")
