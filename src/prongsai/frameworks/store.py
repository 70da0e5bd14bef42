"""Keeping criteria documents in the database: built-ins mirrored, custom ones imported."""

from __future__ import annotations

import copy

from django.db import transaction
from django.dispatch import Signal

from prongsai.frameworks.library import (
    FrameworkError,
    FrameworkInfo,
    builtin_document,
    builtin_documents,
    checksum,
    criteria_years,
    validate,
)
from prongsai.frameworks.models import Framework

# Sent with `framework` when criteria come into force for their year: an organisation's or a
# province's published (drafts.publish), or official ones shipped or corrected (a new built-in
# row). The stored results they now govern follow them (ita/follow.py).
criteria_published = Signal()


def row_fields(doc: dict, digest: str | None = None) -> dict:
    """A Framework row's fields that come from its (validated) document."""
    return {
        "urn": doc["urn"],
        "version": doc["version"],
        "year": doc["year"],
        "name_th": doc["name"]["th"],
        "document": doc,
        "checksum": digest or checksum(doc),
    }


def sync_builtin_frameworks(using: str = "default", **kwargs) -> None:
    """Mirror the shipped YAML files after every migrate; safe to repeat.

    A shipped version whose content differs from the stored row is an error, not an update:
    published criteria never change, a correction must raise the version.
    """
    for doc in builtin_documents():
        digest = checksum(doc)
        rows = Framework.objects.using(using)
        row = rows.filter(urn=doc["urn"], version=doc["version"]).first()
        if row is None:
            row = rows.create(**row_fields(doc, digest), builtin=True)
            criteria_published.send(sender=Framework, framework=row)
        elif row.checksum != digest:
            raise FrameworkError(
                doc["urn"],
                [
                    f"เวอร์ชัน {doc['version']} ถูกเผยแพร่แล้วแต่เนื้อหาเปลี่ยน ให้เพิ่มเลข version "
                    f"(version {doc['version']} was published with other content: raise the version)"
                ],
            )


def resolve_base(doc: dict, origin: str) -> dict:
    """A custom document may name `base: <year or URN>`: its sections replace the base's."""
    if "base" not in doc:
        return doc
    base_ref = str(doc["base"])
    base = None
    if base_ref.isdecimal():
        base = builtin_document(int(base_ref))
    else:
        row = Framework.objects.filter(urn=base_ref).order_by("-version").first()
        base = row.document if row else None
    if base is None:
        raise FrameworkError(origin, [f"base: ไม่พบเกณฑ์ '{base_ref}' (unknown base criteria)"])
    merged = copy.deepcopy(base)
    merged.update({k: v for k, v in doc.items() if k != "base"})
    if "oit_items" in doc and "oit_year_rules" not in doc:
        # the year rules belong to the items they replace; the new items carry their own
        # `year_rule` (the workbook's column) or are judged as current
        merged.pop("oit_year_rules", None)
    return merged


@transaction.atomic
def import_custom(doc: dict, org, origin: str, *, dry_run: bool = False) -> tuple[Framework, bool]:
    """Validate and store an organisation's own criteria; returns (row, created).

    Importing the same content twice is a no-op; the same URN and version with other content is
    refused. Nothing is written when anything is wrong, or with dry_run.
    """
    if not isinstance(doc, dict):
        raise FrameworkError(origin, ["ไฟล์ไม่ใช่เอกสารเกณฑ์ (not a criteria document)"])
    doc = resolve_base(doc, origin)
    urn = doc.get("urn")
    if not isinstance(urn, str) or not urn.startswith("urn:prongsai:custom:"):
        raise FrameworkError(
            origin,
            ["urn: เกณฑ์ของหน่วยงานต้องขึ้นต้นด้วย urn:prongsai:custom: (custom URNs start so)"],
        )
    validate(doc, origin)
    digest = checksum(doc)
    existing = Framework.objects.filter(urn=doc["urn"], version=doc["version"]).first()
    if existing is not None:
        if existing.checksum == digest and existing.org_id == org.pk:
            return existing, False
        raise FrameworkError(
            origin,
            [
                f"version: {doc['urn']} เวอร์ชัน {doc['version']} มีอยู่แล้ว ให้เพิ่มเลข version "
                "(this URN and version exist already: raise the version)"
            ],
        )
    row = Framework(**row_fields(doc, digest), org=org)
    if not dry_run:
        row.save()
    return row, True


def all_frameworks() -> list[FrameworkInfo]:
    """Built-in and custom criteria, as stored."""
    rows = Framework.objects.select_related("org").order_by("year", "-builtin", "urn", "version")
    return [
        FrameworkInfo.of(row.document, builtin=row.builtin, owner=row.org.slug if row.org else "")
        for row in rows
    ]


def published_for(org, year: int) -> Framework | None:
    """The organisation's own published criteria for a year nobody has published (drafts.py),
    else its province's: what its pages use for that year. Official criteria, once shipped,
    take over."""
    if org is None or builtin_document(year) is not None:
        return None
    published = Framework.objects.filter(year=year, status=Framework.Status.PUBLISHED)
    own = published.filter(org=org).order_by("-version").first()
    if own is not None or not org.province:
        return own
    return province_published(org.province, year)


def province_published(province: str, year: int) -> Framework | None:
    """The provisional criteria a province's administrator published for a year nobody has
    shipped criteria for, else None."""
    if not province or builtin_document(year) is not None:
        return None
    return (
        Framework.objects.filter(
            year=year, status=Framework.Status.PUBLISHED, province=province, org__isnull=True
        )
        .order_by("-version")
        .first()
    )


def province_years(province: str) -> list[int]:
    """The years a province's results can be scored for, newest first: the shipped criteria's
    and those of its own published provisional criteria."""
    own = Framework.objects.filter(
        status=Framework.Status.PUBLISHED, province=province, org__isnull=True
    ).values_list("year", flat=True)
    return sorted(set(criteria_years()) | set(own), reverse=True)


def find_document(
    *,
    year: int | None = None,
    urn: str | None = None,
    version: int | None = None,
    org=None,
    province: str | None = None,
):
    """The criteria document to score with: a stored URN, else the newest built-in of the year,
    else (given the organisation) its own published criteria of the year, else (given the
    province) the province's."""
    if urn:
        rows = Framework.objects.filter(urn=urn)
        if version:
            rows = rows.filter(version=version)
        row = rows.order_by("-version").first()
        if row is None:
            raise FrameworkError(urn, ["ไม่พบเกณฑ์นี้ (no such criteria)"])
        if year and row.year != year:
            raise FrameworkError(urn, [f"เกณฑ์นี้เป็นของปี {row.year} ไม่ใช่ {year} (wrong year)"])
        return row.document
    doc = builtin_document(year) if year else None
    if doc is None and year and (own := published_for(org, year)) is not None:
        return own.document
    if doc is None and year and province and (ours := province_published(province, year)):
        return ours.document
    if doc is None:
        known = ", ".join(str(d["year"]) for d in builtin_documents())
        raise FrameworkError(
            str(year), [f"ไม่มีเกณฑ์ ITA ของปี {year} (no criteria for that year; known: {known})"]
        )
    return doc
