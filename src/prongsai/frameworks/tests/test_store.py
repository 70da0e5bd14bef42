"""Criteria in the database: shipped years mirrored read-only, organisations' own imported."""

from __future__ import annotations

import copy

import pytest
import yaml
from django.contrib.admin.sites import AdminSite
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from prongsai.frameworks.admin import FrameworkAdmin
from prongsai.frameworks.library import FrameworkError, builtin_document, checksum, validate
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import (
    all_frameworks,
    find_document,
    import_custom,
    resolve_base,
    sync_builtin_frameworks,
)
from prongsai.frameworks.tests.helpers import CUSTOM_URN, custom_yaml

pytestmark = pytest.mark.django_db


def _custom(**overrides) -> dict:
    doc = yaml.safe_load(custom_yaml())
    doc.update(overrides)
    return doc


# ---------------------------------------------------------------- the shipped years


def test_after_migrate_every_shipped_year_is_in_the_database():
    rows = Framework.objects.filter(builtin=True).order_by("year")

    assert rows.count() == 4
    assert [(r.urn, r.version, r.year, r.org) for r in rows] == [
        ("urn:prongsai:ita:2566", 2, 2566, None),
        ("urn:prongsai:ita:2567", 4, 2567, None),
        ("urn:prongsai:ita:2568", 4, 2568, None),
        ("urn:prongsai:ita:2569", 3, 2569, None),
    ]
    for row in rows:
        assert row.document == builtin_document(row.year)
        assert row.checksum == checksum(builtin_document(row.year))


def test_syncing_the_shipped_years_again_changes_nothing():
    before = list(Framework.objects.values_list("pk", "urn", "version", "checksum"))

    sync_builtin_frameworks()
    sync_builtin_frameworks()

    assert list(Framework.objects.values_list("pk", "urn", "version", "checksum")) == before


def test_a_shipped_year_missing_from_the_database_is_restored():
    row = Framework.objects.get(urn="urn:prongsai:ita:2567")
    models.Model.delete(row)  # around the guard, as a hand-edited database would be
    assert Framework.objects.filter(builtin=True).count() == 3

    sync_builtin_frameworks()

    restored = Framework.objects.get(urn="urn:prongsai:ita:2567")
    assert restored.builtin
    assert restored.document == builtin_document(2567)


def test_a_published_version_whose_content_changed_is_refused_not_updated():
    Framework.objects.filter(urn="urn:prongsai:ita:2568").update(checksum="0" * 64)

    with pytest.raises(FrameworkError) as caught:
        sync_builtin_frameworks()

    assert caught.value.origin == "urn:prongsai:ita:2568"
    [problem] = caught.value.problems
    assert problem.startswith("เวอร์ชัน 4 ถูกเผยแพร่แล้วแต่เนื้อหาเปลี่ยน ให้เพิ่มเลข version")
    assert "raise the version" in problem
    assert Framework.objects.get(urn="urn:prongsai:ita:2568").checksum == "0" * 64


def test_a_shipped_row_cannot_be_deleted():
    row = Framework.objects.get(urn="urn:prongsai:ita:2568")

    with pytest.raises(PermissionDenied):
        row.delete()

    assert Framework.objects.filter(urn="urn:prongsai:ita:2568", builtin=True).exists()


def test_shipped_rows_cannot_be_deleted_in_bulk_either():
    with pytest.raises(PermissionDenied):
        Framework.objects.filter(builtin=True).delete()

    assert Framework.objects.filter(builtin=True).count() == 4


def test_an_organisations_own_row_can_be_deleted(org):
    row, _ = import_custom(_custom(), org, "custom.yaml")

    row.delete()

    assert not Framework.objects.filter(urn=CUSTOM_URN).exists()


# ---------------------------------------------------------------- the admin


@pytest.fixture
def admin_request():
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    request = RequestFactory().get("/admin/frameworks/framework/")
    request.user = user
    return request


@pytest.fixture
def model_admin():
    return FrameworkAdmin(Framework, AdminSite())


def test_the_admin_shows_criteria_but_never_adds_or_changes_them(model_admin, admin_request, org):
    builtin = Framework.objects.get(urn="urn:prongsai:ita:2568")
    custom, _ = import_custom(_custom(), org, "custom.yaml")

    assert model_admin.has_view_permission(admin_request, builtin)
    assert not model_admin.has_add_permission(admin_request)
    assert not model_admin.has_change_permission(admin_request)
    assert not model_admin.has_change_permission(admin_request, builtin)
    assert not model_admin.has_change_permission(admin_request, custom)


def test_the_admin_refuses_to_delete_a_shipped_row_but_lets_a_custom_one_go(
    model_admin, admin_request, org
):
    builtin = Framework.objects.get(urn="urn:prongsai:ita:2568")
    custom, _ = import_custom(_custom(), org, "custom.yaml")

    assert not model_admin.has_delete_permission(admin_request, builtin)
    assert model_admin.has_delete_permission(admin_request, custom)
    assert not model_admin.has_delete_permission(admin_request)  # no bulk delete action


def test_the_admin_delete_page_of_a_shipped_row_is_forbidden(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    builtin = Framework.objects.get(urn="urn:prongsai:ita:2568")

    page = client.get(reverse("admin:frameworks_framework_change", args=[builtin.pk]))
    delete = client.post(
        reverse("admin:frameworks_framework_delete", args=[builtin.pk]), {"post": "yes"}
    )

    assert page.status_code == 200
    assert delete.status_code == 403
    assert Framework.objects.filter(pk=builtin.pk).exists()


# ---------------------------------------------------------------- an organisation's own criteria


def test_it_stores_an_organisations_own_criteria_over_the_base_year(org):
    row, created = import_custom(_custom(), org, "custom.yaml")

    assert created
    row.refresh_from_db()
    assert (row.urn, row.version, row.year, row.org, row.builtin) == (
        CUSTOM_URN,
        1,
        2568,
        org,
        False,
    )
    assert row.name_th == "เกณฑ์ ITA 2568 ฉบับ อบต.บ้านไร่"
    assert row.checksum == checksum(row.document)


def test_a_base_year_supplies_every_section_the_custom_document_leaves_out(org):
    row, _ = import_custom(_custom(), org, "custom.yaml")
    base = builtin_document(2568)

    doc = row.document
    assert "base" not in doc
    assert [item["code"] for item in doc["oit_items"]] == ["o1", "o2"]
    assert doc["oit_items"][0]["name"]["th"] == "โครงสร้างและอำนาจหน้าที่ (ฉบับหน่วยงาน)"
    assert doc["questions"] == base["questions"]
    assert doc["tools"] == base["tools"]
    assert doc["rating"] == base["rating"]
    assert doc["source"] == base["source"]  # not given, so the base's stays
    validate(copy.deepcopy(doc), "stored")


def test_merging_over_the_base_year_leaves_the_shipped_document_untouched():
    before = copy.deepcopy(builtin_document(2568))

    merged = resolve_base(_custom(), "custom.yaml")

    assert merged["urn"] == CUSTOM_URN
    assert builtin_document(2568) == before


def test_a_document_without_base_is_taken_as_it_is(doc_2568):
    doc_2568["urn"] = CUSTOM_URN

    assert resolve_base(doc_2568, "custom.yaml") is doc_2568


def test_a_custom_document_may_build_on_another_stored_custom_document(org):
    import_custom(_custom(), org, "custom.yaml")
    second = {
        "base": CUSTOM_URN,
        "urn": "urn:prongsai:custom:ban-rai:2568-b",
        "version": 1,
        "name": {"th": "ฉบับที่สอง"},
    }

    row, created = import_custom(second, org, "second.yaml")

    assert created
    assert [item["code"] for item in row.document["oit_items"]] == ["o1", "o2"]
    assert row.document["name"] == {"th": "ฉบับที่สอง"}


def test_an_unknown_base_is_named(org):
    with pytest.raises(FrameworkError) as caught:
        import_custom(_custom(base=2570), org, "custom.yaml")

    assert caught.value.problems == ["base: ไม่พบเกณฑ์ '2570' (unknown base criteria)"]


def test_importing_the_same_content_twice_is_a_no_op(org):
    first, created_first = import_custom(_custom(), org, "custom.yaml")

    second, created_second = import_custom(_custom(), org, "custom.yaml")

    assert (created_first, created_second) == (True, False)
    assert second.pk == first.pk
    assert Framework.objects.filter(urn=CUSTOM_URN).count() == 1


def test_the_same_urn_and_version_with_other_content_is_refused(org):
    import_custom(_custom(), org, "custom.yaml")
    changed = yaml.safe_load(custom_yaml(oit_name="ชื่อใหม่"))

    with pytest.raises(FrameworkError) as caught:
        import_custom(changed, org, "changed.yaml")

    [problem] = caught.value.problems
    assert problem.startswith(f"version: {CUSTOM_URN} เวอร์ชัน 1 มีอยู่แล้ว ให้เพิ่มเลข version")
    stored = Framework.objects.get(urn=CUSTOM_URN)
    assert stored.document["oit_items"][0]["name"]["th"] != "ชื่อใหม่"


def test_a_new_version_of_the_same_urn_is_stored_beside_the_old(org):
    import_custom(_custom(), org, "custom.yaml")
    changed = yaml.safe_load(custom_yaml(oit_name="ชื่อใหม่"))
    changed["version"] = 2

    row, created = import_custom(changed, org, "changed.yaml")

    assert created
    assert list(Framework.objects.filter(urn=CUSTOM_URN).values_list("version", flat=True)) == [
        1,
        2,
    ]


def test_another_organisation_cannot_claim_the_same_urn_and_version(org, other_org):
    import_custom(_custom(), org, "custom.yaml")

    with pytest.raises(FrameworkError):
        import_custom(_custom(), other_org, "custom.yaml")

    assert Framework.objects.get(urn=CUSTOM_URN).org == org


@pytest.mark.parametrize(
    "urn", ["urn:prongsai:ita:2568", "urn:prongsai:ban-rai:2568", "urn:prongsai:custom2568"]
)
def test_it_refuses_an_organisations_urn_outside_the_custom_namespace(org, urn):
    with pytest.raises(FrameworkError) as caught:
        import_custom(_custom(urn=urn), org, "custom.yaml")

    assert caught.value.problems == [
        "urn: เกณฑ์ของหน่วยงานต้องขึ้นต้นด้วย urn:prongsai:custom: (custom URNs start so)"
    ]
    assert not Framework.objects.filter(org=org).exists()


def test_a_custom_document_without_urn_does_not_inherit_the_base_years_urn(org):
    doc = _custom()
    del doc["urn"]

    with pytest.raises(FrameworkError) as caught:
        import_custom(doc, org, "custom.yaml")

    assert "urn:prongsai:custom:" in str(caught.value)


def test_an_invalid_custom_document_writes_nothing(org):
    doc = _custom()
    doc["oit_items"][1]["indicator"] = 3

    with pytest.raises(FrameworkError) as caught:
        import_custom(doc, org, "custom.yaml")

    assert "oit_items[o2]: ต้องอยู่ในตัวชี้วัด OIT (indicator must be OIT)" in caught.value.problems
    assert not Framework.objects.filter(org=org).exists()


def test_a_dry_run_validates_and_returns_the_row_but_writes_nothing(org):
    row, created = import_custom(_custom(), org, "custom.yaml", dry_run=True)

    assert created
    assert row.pk is None
    assert (row.urn, row.version) == (CUSTOM_URN, 1)
    assert not Framework.objects.filter(urn=CUSTOM_URN).exists()


def test_a_dry_run_still_refuses_a_bad_document(org):
    with pytest.raises(FrameworkError):
        import_custom(_custom(urn="urn:prongsai:mine:2568"), org, "custom.yaml", dry_run=True)


# ---------------------------------------------------------------- listing and finding


def test_the_list_shows_the_shipped_years_then_each_organisations_own(org):
    import_custom(_custom(), org, "custom.yaml")

    listed = [(f.year, f.urn, f.builtin, f.owner) for f in all_frameworks()]

    assert listed == [
        (2566, "urn:prongsai:ita:2566", True, ""),
        (2567, "urn:prongsai:ita:2567", True, ""),
        (2568, "urn:prongsai:ita:2568", True, ""),
        (2568, CUSTOM_URN, False, "ban-rai"),
        (2569, "urn:prongsai:ita:2569", True, ""),
    ]


def test_finding_by_year_gives_the_shipped_document():
    assert find_document(year=2568) == builtin_document(2568)
    assert find_document(year=2566)["urn"] == "urn:prongsai:ita:2566"


def test_finding_by_urn_gives_the_stored_document_newest_version_first(org):
    import_custom(_custom(), org, "custom.yaml")
    newer = yaml.safe_load(custom_yaml(oit_name="ฉบับที่สอง"))
    newer["version"] = 2
    import_custom(newer, org, "v2.yaml")

    assert find_document(urn=CUSTOM_URN)["version"] == 2
    assert find_document(urn=CUSTOM_URN, version=1)["version"] == 1
    assert find_document(year=2568, urn=CUSTOM_URN)["oit_items"][0]["name"]["th"] == "ฉบับที่สอง"
    assert find_document(urn="urn:prongsai:ita:2567") == builtin_document(2567)


def test_finding_a_urn_for_the_wrong_year_says_which_year_it_is(org):
    import_custom(_custom(), org, "custom.yaml")

    with pytest.raises(FrameworkError) as caught:
        find_document(year=2567, urn=CUSTOM_URN)

    assert caught.value.problems == ["เกณฑ์นี้เป็นของปี 2568 ไม่ใช่ 2567 (wrong year)"]


def test_finding_an_unknown_urn_says_so():
    with pytest.raises(FrameworkError) as caught:
        find_document(urn="urn:prongsai:custom:nobody:2568")

    assert caught.value.lines() == ["urn:prongsai:custom:nobody:2568: ไม่พบเกณฑ์นี้ (no such criteria)"]


def test_finding_an_unknown_year_lists_the_years_there_are():
    with pytest.raises(FrameworkError) as caught:
        find_document(year=2570)

    assert caught.value.problems == [
        "ไม่มีเกณฑ์ ITA ของปี 2570 (no criteria for that year; known: 2566, 2567, 2568, 2569)"
    ]


def test_finding_with_neither_year_nor_urn_is_refused():
    with pytest.raises(FrameworkError):
        find_document()
