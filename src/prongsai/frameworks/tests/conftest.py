"""Fixtures for the frameworks tests: the shipped 2568 text and document, organisations."""

from __future__ import annotations

import copy

import pytest

from prongsai.frameworks.library import DATA_DIR, builtin_document


@pytest.fixture
def text_2568() -> str:
    """The shipped 2568 criteria file, as a person would edit it."""
    return (DATA_DIR / "ita-2568.yaml").read_text(encoding="utf-8")


@pytest.fixture
def doc_2568() -> dict:
    """A private copy of the 2568 document: the library caches the shipped one."""
    return copy.deepcopy(builtin_document(2568))


@pytest.fixture
def org(db):
    from prongsai.orgs.models import Organisation

    return Organisation.objects.create(
        slug="ban-rai", name_th="องค์การบริหารส่วนตำบลบ้านไร่", kind="sao", province="อุทัยธานี"
    )


@pytest.fixture
def other_org(db):
    from prongsai.orgs.models import Organisation

    return Organisation.objects.create(
        slug="nong-bua", name_th="องค์การบริหารส่วนตำบลหนองบัว", kind="sao", province="อุทัยธานี"
    )
